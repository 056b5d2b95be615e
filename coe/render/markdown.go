package render

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The Markdown of COE answers is CommonMark with GitHub's extensions
// (tables, strikethrough, autolinks, task lists), rendered to HTML by
// goldmark. Raw HTML is never passed through: goldmark runs without
// html.WithUnsafe, and safeRenderer shows raw HTML as the text it is.
// Links and images go through AllowedURL.
var gm = goldmark.New(
	goldmark.WithExtensions(
		extension.Linkify,
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		extension.TaskList,
	),
	goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(safeRenderer{}, 100)),
	),
)

// AllowedURL reports whether a link may point at s: an http, https or
// mailto URL, or a relative reference (not a network-path one, //host).
// s is judged as a browser would read it: character references decoded,
// tabs and line breaks removed and surrounding spaces and controls
// trimmed, so "jav&#x61;script:" and "java\tscript:" are refused.
func AllowedURL(s string) bool {
	s = browserURL(s)
	if s == "" {
		return false
	}
	if n := schemeLen(s); n > 0 {
		switch strings.ToLower(s[:n]) {
		case "http", "https", "mailto":
			return true
		}
		return false
	}
	// A relative reference; two slashes (or backslashes, which browsers
	// read as slashes) would name another host.
	if len(s) >= 2 && (s[0] == '/' || s[0] == '\\') && (s[1] == '/' || s[1] == '\\') {
		return false
	}
	return true
}

// browserURL is s as the WHATWG URL parser sees it before parsing.
func browserURL(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = strings.TrimFunc(s, func(r rune) bool { return r <= 0x20 })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// schemeLen returns the length of s's scheme (before the colon), or 0 when
// s has none and is a relative reference.
func schemeLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			return i
		default:
			return 0
		}
	}
	return 0
}

// SafeURL returns s when AllowedURL(s), and "" otherwise.
func SafeURL(s string) string {
	if AllowedURL(s) {
		return strings.TrimSpace(s)
	}
	return ""
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// MarkdownHTML renders a Markdown answer as HTML: safe to put in a page as it
// is (see gm). Headings in the answer start at <h4>, below the report's own.
// An answer goldmark would take more than linear time on (see slowMarkdown)
// shows as the text it is, in a block like raw HTML's.
func MarkdownHTML(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	if out, ok := plainParagraphs(src); ok {
		return template.HTML(out)
	}
	if slowMarkdown(src) {
		return template.HTML(`<pre class="raw"><code>` + template.HTMLEscapeString(src) + "</code></pre>\n")
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := gm.Convert([]byte(src), buf); err != nil {
		// goldmark does not fail on any input; should it, show the text.
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>\n")
	}
	return template.HTML(buf.String())
}

// InlineHTML renders a one-paragraph Markdown text (a timeline event, a why,
// an action) without the <p> around it. Text of several blocks keeps them.
func InlineHTML(src string) template.HTML {
	src = strings.TrimSpace(src)
	if src == "" {
		return ""
	}
	if plainText(src) {
		return template.HTML(escapeGoldmark(src))
	}
	if slowMarkdown(src) {
		return template.HTML(template.HTMLEscapeString(src))
	}
	out := string(MarkdownHTML(src))
	if strings.HasPrefix(out, "<p>") && strings.HasSuffix(out, "</p>\n") && strings.Count(out, "<p>") == 1 {
		out = out[3 : len(out)-5]
	}
	return template.HTML(out)
}

// plainText reports whether s is one line of text that Markdown leaves as
// it is: nothing that could start a block, an inline construct, an entity
// or an autolink.
func plainText(s string) bool {
	if s == "" {
		return false
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == ' ', c == '-', c == '+', c == '=':
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '!', '~', '|', '#', ':', '@':
			return false
		case 'w', 'W':
			if i+3 < len(s) && strings.EqualFold(s[i:i+4], "www.") {
				return false
			}
		}
	}
	return s[len(s)-1] != ' '
}

// plainParagraphs renders text that is only plain paragraphs the way
// goldmark does, without parsing it; ok is false for anything else.
// TestPlainParagraphsAsGoldmark keeps the two in step.
func plainParagraphs(src string) (string, bool) {
	src = strings.TrimRight(src, "\n")
	var b strings.Builder
	b.Grow(len(src) + 32)
	open := false
	for len(src) > 0 || open {
		var line string
		line, src, _ = strings.Cut(src, "\n")
		if line == "" {
			if open {
				b.WriteString("</p>\n")
				open = false
			}
			if src == "" {
				break
			}
			continue
		}
		if !plainText(line) {
			return "", false
		}
		if open {
			b.WriteByte('\n')
		} else {
			b.WriteString("<p>")
			open = true
		}
		b.WriteString(escapeGoldmark(line))
	}
	return b.String(), true
}

// escapeGoldmark escapes text as goldmark does in plain text: only the
// double quote needs it once <, > and & are excluded.
func escapeGoldmark(s string) string {
	if strings.IndexByte(s, '"') < 0 {
		return s
	}
	return strings.ReplaceAll(s, `"`, "&quot;")
}

// safeRenderer replaces goldmark's renderers where user Markdown could
// reach further than text: links, autolinks and images (URL policy), raw
// HTML (shown as text), headings (moved below the report's own), table
// cells (alignment as a class, not a style attribute the CSP would block)
// and task list boxes (labelled).
type safeRenderer struct{}

func (safeRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindLink, renderLink)
	r.Register(ast.KindAutoLink, renderAutoLink)
	r.Register(ast.KindImage, renderImage)
	r.Register(ast.KindRawHTML, renderRawHTML)
	r.Register(ast.KindHTMLBlock, renderHTMLBlock)
	r.Register(ast.KindHeading, renderHeading)
	r.Register(extast.KindTableCell, renderTableCell)
	r.Register(extast.KindTaskCheckBox, renderTaskCheckBox)
}

// linkHref is a Markdown link destination as its href will read, and
// whether that is allowed. goldmark keeps a destination as written, so
// "javascript\:alert(1)" has no scheme until its backslash escape and
// character references are resolved; the policy judges the resolved URL,
// the one the browser gets, and the written one too.
func linkHref(dest []byte) ([]byte, bool) {
	href := util.URLEscape(bytes.TrimSpace(dest), true)
	return href, AllowedURL(string(dest)) && AllowedURL(string(href))
}

// allowedDestination reports whether a Markdown link destination, as
// written, leads somewhere AllowedURL allows once resolved.
func allowedDestination(dest []byte) bool {
	_, ok := linkHref(dest)
	return ok
}

func writeHref(w util.BufWriter, href []byte) {
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(href))
	_ = w.WriteByte('"')
}

func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	href, ok := linkHref(n.Destination)
	if !ok {
		return ast.WalkContinue, nil // the link text alone, as text
	}
	if entering {
		writeHref(w, href)
		if n.Title != nil {
			_, _ = w.WriteString(` title="`)
			_, _ = w.Write(util.EscapeHTML(n.Title))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url, label := n.URL(source), n.Label(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		url = append([]byte("mailto:"), url...)
	}
	href := util.URLEscape(url, false)
	if !AllowedURL(string(url)) || !AllowedURL(string(href)) {
		_, _ = w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(href))
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(util.EscapeHTML(label))
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

// renderImage shows an image as a link to it: a report makes no requests
// of its own, so it works offline and under a CSP without img-src.
func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Image)
	href, ok := linkHref(n.Destination)
	ok = ok && !insideLink(n)
	if entering {
		if ok {
			writeHref(w, href)
			_, _ = w.WriteString(` class="image">`)
		}
		if n.FirstChild() == nil {
			_, _ = w.WriteString("image")
		}
	} else if ok {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

// insideLink reports whether n is in the text of a link (where another
// link may not go).
func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() != ast.KindLink {
			continue
		}
		if allowedDestination(p.(*ast.Link).Destination) {
			return true
		}
	}
	return false
}

func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if entering {
		_, _ = w.WriteString(`<pre class="raw"><code>`)
		for i := range n.Lines().Len() {
			line := n.Lines().At(i)
			_, _ = w.Write(util.EscapeHTML(line.Value(source)))
		}
		if n.HasClosure() {
			_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(source)))
		}
		_, _ = w.WriteString("</code></pre>\n")
	}
	return ast.WalkContinue, nil
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	level := min(node.(*ast.Heading).Level+3, 6)
	if entering {
		fmt.Fprintf(w, "<h%d>", level)
	} else {
		fmt.Fprintf(w, "</h%d>\n", level)
	}
	return ast.WalkContinue, nil
}

func renderTableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*extast.TableCell)
	tag := "td"
	if n.Parent().Kind() == extast.KindTableHeader {
		tag = "th"
	}
	if !entering {
		fmt.Fprintf(w, "</%s>\n", tag)
		return ast.WalkContinue, nil
	}
	if n.Alignment != extast.AlignNone {
		fmt.Fprintf(w, `<%s class="align-%s">`, tag, n.Alignment)
	} else {
		fmt.Fprintf(w, "<%s>", tag)
	}
	return ast.WalkContinue, nil
}

func renderTaskCheckBox(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if node.(*extast.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(`<input type="checkbox" checked disabled aria-label="done"> `)
	} else {
		_, _ = w.WriteString(`<input type="checkbox" disabled aria-label="to do"> `)
	}
	return ast.WalkContinue, nil
}

// goldmark's time grows with the square of the text for some shapes of
// Markdown, and a COE file may carry up to 1 MiB of them:
//
//   - a link destination, which goldmark looks for from each "](" to the
//     next white space ("[a](" repeated takes 5.5 s at 100 KB);
//   - block quotes and lists opened on one line ("> > > ..." or
//     "1. 1. 1. ..."), each of which costs as much as the ones before it;
//   - emphasis: each "*", "_" or "~" that may close one looks back over
//     every delimiter before it in the paragraph ("a_a_...a_" on short
//     lines);
//   - link reference definitions: each one goldmark takes out of a
//     paragraph copies the paragraph's remaining lines ("[a]:" on lines of
//     their own);
//   - link labels: at each "]" that closes one ("[a]" or "[]" on short
//     lines), goldmark reads the label through its block reader, which
//     looks for the label's line from the paragraph's last line back
//     (found by FuzzMarkdownTime).
//
// and one shape is linear but dear: an opening bracket costs goldmark as
// much as 150 bytes of text (a megabyte of "[" takes a second), so each
// counts as bracketWork.
//
// slowMarkdown estimates that work in linear time, and an answer whose
// estimate exceeds workFactor times its length does not go to goldmark:
// every answer that does costs it time in proportion to its length, so no
// file the reader accepts keeps a command busy for long. (Unclosed
// comments, nested brackets and long runs for linkify were measured linear
// in goldmark 1.8; BenchmarkHostile and FuzzMarkdownTime watch them.)
const (
	// maxLineNesting is the most block quote and list markers a line may
	// open: Markdown written by people nests three or four deep.
	maxLineNesting = 32
	// workFactor bounds the estimated work, as a multiple of the answer's
	// length. Real answers use a fraction of it: a link's destination is
	// a URL read once, a paragraph has a few emphases and definitions.
	workFactor = 8
	// bracketWork is the work counted for each "[": text that is mostly
	// brackets ("[[[", "[a[a") does not go to goldmark, a task list
	// ("- [ ] a") or a list of links does.
	bracketWork = 16
)

// slowMarkdown reports whether goldmark would take more than linear time
// on src: whether markdownWork exceeds workFactor times its length.
func slowMarkdown(src string) bool {
	limit := workFactor * max(len(src), 1024)
	return markdownWork(src, limit) > limit
}

// markdownWork estimates the work of goldmark's worst cases on src, as
// steps; it stops counting once past limit, and returns more than limit
// for a line nested deeper than maxLineNesting. It reads each byte of src
// a bounded number of times, and a byte after "](" at most limit times in
// all.
func markdownWork(src string, limit int) int {
	work := 0
	// Paragraphs, taken generously as runs of lines that are not blank and
	// do not start a list item (which ends any paragraph before it).
	var runLines, runDefs, runDelims, runLabels int
	for line := range strings.Lines(src) {
		blank := strings.TrimSpace(line) == ""
		if blank || startsItem(line) {
			work += runDefs * runLines
			runLines, runDefs, runDelims, runLabels = 0, 0, 0, 0
			if blank {
				continue
			}
		}
		nesting, rest := lineNesting(line)
		if nesting > maxLineNesting {
			return limit + 1
		}
		runLines++
		// Each "]" on the lines before costs a look at this line too.
		work += runLabels
		runLabels += strings.Count(line, "]")
		if mayDefine(rest) {
			runDefs++
		}
		work += bracketWork * strings.Count(line, "[")
		work += emphasisWork(line, &runDelims)
		if work > limit {
			return work
		}
	}
	work += runDefs * runLines
	for i := 0; work <= limit; {
		j := strings.Index(src[i:], "](")
		if j < 0 {
			break
		}
		i += j + 2
		work += destinationScan(src[i:])
	}
	return work
}

// destinationScan is how far goldmark may read from just after "](" to
// find a link destination: past white space (line breaks too), then to
// the next white space, or for "<" to the next ">" or line break.
func destinationScan(s string) int {
	i := 0
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '<' {
		if k := strings.IndexAny(s[i:], ">\n"); k >= 0 {
			return i + k + 1
		}
		return len(s)
	}
	for i < len(s) && !isSpaceByte(s[i]) {
		i++
	}
	return i
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// emphasisWork is what goldmark's delimiters of one line may cost: every
// run of "*", "_" or "~" that may close an emphasis looks back over the
// delimiters before it in the paragraph, *delims of them, which it
// counts on. A run may close unless white space is before it (or, for
// "_", a letter or digit after it); this counts more closers than there
// are, never fewer.
func emphasisWork(line string, delims *int) int {
	work := 0
	for i := 0; i < len(line); {
		c := line[i]
		if c != '*' && c != '_' && c != '~' {
			if c == '\\' {
				i++ // an escaped character is text
			}
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] == c {
			j++
		}
		closes := i > 0 && !isSpaceByte(line[i-1])
		if c == '_' && j < len(line) && isAlnumByte(line[j]) {
			closes = false
		}
		if closes {
			work += *delims
		}
		*delims++
		i = j
	}
	return work
}

// mayDefine reports whether a line, after its block quote and list
// markers, may start a link reference definition: it starts with "[" and
// the first "]" on it, if any, is followed by ":".
func mayDefine(s string) bool {
	s = strings.TrimLeft(s, " \t")
	if !strings.HasPrefix(s, "[") {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ']':
			return i+1 < len(s) && s[i+1] == ':'
		}
	}
	return true // the label may go on over the next lines
}

// startsItem reports whether line starts a list item that ends the
// paragraph before it, whatever that paragraph is in: up to three spaces,
// then "-", "+" or "*", or "1." or "1)", then white space and text.
func startsItem(line string) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	rest := line[i:]
	switch {
	case strings.HasPrefix(rest, "1.") || strings.HasPrefix(rest, "1)"):
		rest = rest[2:]
	case strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") || strings.HasPrefix(rest, "*"):
		rest = rest[1:]
	default:
		return false
	}
	return rest != "" && (rest[0] == ' ' || rest[0] == '\t') && strings.TrimSpace(rest) != ""
}

// lineNesting counts the block quote and list markers at the start of a
// line: ">", "-", "+" and "*" followed by white space, and "1." or "1)"
// followed by white space; rest is the line after them. A line of only
// "-", "*", "_" and spaces (a thematic break) opens nothing.
func lineNesting(line string) (n int, rest string) {
	if strings.Trim(line, "-*_ \t\r\n") == "" {
		return 0, line
	}
	spaceAt := func(i int) bool { return i >= len(line) || isSpaceByte(line[i]) }
	i := 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			n++
			i++
		case (c == '-' || c == '+' || c == '*') && spaceAt(i+1):
			n++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j >= len(line) || (line[j] != '.' && line[j] != ')') || !spaceAt(j+1) {
				return n, line[i:]
			}
			n++
			i = j + 1
		default:
			return n, line[i:]
		}
	}
	return n, ""
}

// parseMarkdown parses src with the report's Markdown dialect.
func parseMarkdown(src []byte) ast.Node {
	doc, _ := parseMarkdownContext(src)
	return doc
}

// parseMarkdownContext parses src and returns the parser's context too,
// which holds the link reference definitions.
func parseMarkdownContext(src []byte) (ast.Node, parser.Context) {
	pc := parser.NewContext()
	return gm.Parser().Parse(text.NewReader(src), parser.WithContext(pc)), pc
}
