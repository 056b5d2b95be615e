package render

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// The Markdown report embeds the COE's Markdown answers in a document of
// its own. These functions keep an answer inside its place: it cannot end a
// table, open a code block that swallows the rest of the report, or carry
// raw HTML or a javascript: link to the reader (GitHub and GitLab sanitize
// HTML, a terminal or another renderer may not).

// mdBlock prepares a Markdown answer to stand as blocks of the report. Raw
// HTML is escaped (it reads as the text it is, as in the HTML report),
// links and images whose URL AllowedURL refuses become text, headings move
// below the report's own (# becomes ####), and an unclosed code fence is
// closed. Whatever cannot be made safe that way is shown as a code block.
func mdBlock(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Trim(s, "\n")
	if out, ok := mdSanitize(s); ok {
		return out
	}
	return fenced(s)
}

// mdSanitize does mdBlock's work; ok is false when s cannot be made safe
// by escaping and must be shown as code.
func mdSanitize(s string) (string, bool) {
	if strings.TrimSpace(s) == "" {
		return "", true
	}
	if !strings.ContainsAny(s, "<[#`~=-") {
		return s, true
	}
	src := []byte(s)
	for range 8 {
		edits, _ := mdEdits(src)
		if len(edits) == 0 {
			break
		}
		src = applyEdits(src, edits)
	}
	if edits, stuck := mdEdits(src); len(edits) > 0 || stuck {
		return "", false
	}
	closed, ok := closeFence(src)
	return string(closed), ok
}

type mdEdit struct {
	at  int
	ins string
}

// mdEdits lists the insertions that defuse src's raw HTML, unsafe links and
// high headings; stuck is true when something unsafe has no position to
// fix it at.
func mdEdits(src []byte) (edits []mdEdit, stuck bool) {
	// The answer is parsed as it is embedded, followed by a line break:
	// goldmark reads "> \t#" at the very end of a text as a paragraph but
	// as a heading once a line break follows (found by FuzzMdBlock).
	size := len(src)
	src = append(src[:size:size], '\n')
	doc, pc := parseMarkdownContext(src)
	add := func(at int, ins string) {
		if at >= 0 && at <= size {
			edits = append(edits, mdEdit{at, ins})
		} else {
			stuck = true
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			for i := range n.Lines().Len() {
				seg := n.Lines().At(i)
				line := src[seg.Start:seg.Stop]
				if j := bytes.IndexByte(line, '<'); j >= 0 && len(bytes.TrimSpace(line[:j])) == 0 {
					add(seg.Start+j, `\`)
				}
			}
			if n.Lines().Len() == 0 {
				stuck = true
			}
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				stuck = true
				break
			}
			at := n.Segments.At(0).Start
			if at < len(src) && src[at] == '<' {
				add(at, `\`)
			} else {
				stuck = true
			}
		case *ast.Link:
			if !allowedDestination(n.Destination) {
				add(bracketBefore(src, n), `\`)
			}
		case *ast.Image:
			if !allowedDestination(n.Destination) {
				add(bracketBefore(src, n), `\`)
			}
		case *ast.AutoLink:
			url := n.URL(src)
			if n.AutoLinkType == ast.AutoLinkEmail || AllowedURL(string(url)) || n.Protocol != nil {
				break // emails and bare (linkified) http, https and ftp URLs
			}
			pat := append([]byte{'<'}, n.Label(src)...)
			found := false
			for i := 0; ; {
				j := bytes.Index(src[i:], pat)
				if j < 0 {
					break
				}
				if i+j == 0 || src[i+j-1] != '\\' {
					add(i+j, `\`)
					found = true
				}
				i += j + 1
			}
			if !found {
				stuck = true
			}
		case *ast.Heading:
			if n.Level >= 4 {
				break
			}
			if n.Lines().Len() == 0 {
				// An empty heading ("#" alone on a line): escape its
				// marks, found on the line that has only them.
				if at := emptyHeadingAt(src); at >= 0 {
					add(at, `\`)
				} else {
					stuck = true
				}
				break
			}
			start := n.Lines().At(0).Start
			p := start
			for p > 0 && (src[p-1] == ' ' || src[p-1] == '\t') {
				p--
			}
			if p > 0 && src[p-1] == '#' {
				for p > 0 && src[p-1] == '#' {
					p--
				}
				add(p, strings.Repeat("#", min(n.Level+3, 6)-n.Level))
				break
			}
			// A setext heading: escape its underline, which makes it text.
			end := n.Lines().At(n.Lines().Len() - 1).Stop
			if nl := bytes.IndexByte(src[end-1:], '\n'); end > 0 && nl >= 0 {
				next := src[end-1+nl+1:]
				if k := bytes.IndexAny(next, "=-"); k >= 0 {
					add(end+nl+k, `\`)
					break
				}
			}
			stuck = true
		}
		return ast.WalkContinue, nil
	})
	// A link reference definition holds for the whole report, not only
	// the answer it is in: one to a refused URL is made text.
	for _, ref := range pc.References() {
		if allowedDestination(ref.Destination()) {
			continue
		}
		pat := []byte("[" + string(ref.Label()) + "]:")
		found := false
		for i := 0; ; {
			j := bytes.Index(lowerASCII(src[i:]), lowerASCII(pat))
			if j < 0 {
				break
			}
			if i+j == 0 || src[i+j-1] != '\\' {
				add(i+j, `\`)
				found = true
			}
			i += j + 1
		}
		if !found {
			stuck = true
		}
	}
	return edits, stuck
}

var emptyHeadingRE = regexp.MustCompile(`(?m)^(?:[ \t]*(?:>|[-+*]|[0-9]{1,9}[.)])?)*[ \t]*(#{1,6})[ \t#]*$`)

// emptyHeadingAt finds the marks of the first empty ATX heading in src, or
// returns -1.
func emptyHeadingAt(src []byte) int {
	m := emptyHeadingRE.FindSubmatchIndex(src)
	if m == nil {
		return -1
	}
	return m[2]
}

// bracketBefore finds the [ that opens a link or image's text, from the
// first text inside it; -1 when there is none.
func bracketBefore(src []byte, n ast.Node) int {
	first := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			first = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if first < 0 {
		return -1
	}
	return bytes.LastIndexByte(src[:first], '[')
}

// lowerASCII lowers the ASCII letters of b in a copy, leaving every other
// byte where it was (bytes.ToLower can change the length).
func lowerASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

func applyEdits(src []byte, edits []mdEdit) []byte {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var b bytes.Buffer
	b.Grow(len(src) + 4*len(edits))
	last := 0
	for _, e := range edits {
		if e.at < last {
			continue // the same place twice
		}
		b.Write(src[last:e.at])
		b.WriteString(e.ins)
		last = e.at
	}
	b.Write(src[last:])
	return b.Bytes()
}

const endProbe = "coe-end-of-answer-probe"

// closeFence closes a code fence left open at the end of src, which would
// otherwise swallow the rest of the report.
func closeFence(src []byte) ([]byte, bool) {
	if !bytes.ContainsAny(src, "`~") {
		return src, true
	}
	for range 2 {
		probe := append(append([]byte{}, src...), "\n\n"+endProbe...)
		doc := parseMarkdown(probe)
		last := doc.LastChild()
		if p, ok := last.(*ast.Paragraph); ok && p.Lines().Len() == 1 && string(segValue(p.Lines().At(0), probe)) == endProbe {
			return src, true
		}
		fc, ok := last.(*ast.FencedCodeBlock)
		if !ok || fc.Lines().Len() == 0 {
			return nil, false
		}
		// The opening fence is the line before the first content line.
		first := fc.Lines().At(0).Start
		if first == 0 {
			return nil, false
		}
		open := probe[bytes.LastIndexByte(probe[:first-1], '\n')+1 : first-1]
		open = bytes.TrimLeft(open, " ")
		if len(open) == 0 || (open[0] != '`' && open[0] != '~') {
			return nil, false
		}
		n := 0
		for n < len(open) && open[n] == open[0] {
			n++
		}
		src = append(src, '\n')
		src = append(src, bytes.Repeat(open[:1], n)...)
	}
	return nil, false
}

// fenced shows s as a code block, with a fence longer than any run of
// backticks in it.
func fenced(s string) string {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + "text\n" + s + "\n" + fence
}

// mdInline prepares a one-line Markdown text (a timeline event, a why, an
// action) for a list item or a table cell: on one line, made safe as
// mdBlock does, and with nothing at its start that would open a block.
func mdInline(s string) string {
	s = escapeLineStart(oneLine(s))
	if s == "" {
		return ""
	}
	out, ok := mdSanitize(s)
	if !ok {
		return mdCode(s) // on one line, what cannot be escaped shows as code
	}
	return oneLine(out)
}

// mdCode shows s as an inline code span, on one line.
func mdCode(s string) string {
	s = oneLine(s)
	if s == "" {
		return ""
	}
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	ticks := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// escapeLineStart escapes what would start a block at the start of a line:
// a heading, a quote, a list item or a code fence.
func escapeLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '>':
		return `\` + s
	case '#':
		if t := strings.TrimLeft(s, "#"); t == "" || t[0] == ' ' {
			return `\` + s
		}
	case '-', '+', '*':
		if len(s) == 1 || s[1] == ' ' {
			return `\` + s
		}
	case '`', '~':
		if strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~") {
			return `\` + s
		}
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		i := 0
		for i < len(s) && i < 10 && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i < len(s) && (s[i] == '.' || s[i] == ')') && (i+1 == len(s) || s[i+1] == ' ') {
			return s[:i] + `\` + s[i:]
		}
	}
	return s
}

// mdText writes plain text (a title, an owner, a tag) so that Markdown
// shows it as it is: on one line, with the characters that would make
// markup escaped.
func mdText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
		case '_':
			if i == 0 || i == len(s)-1 || !isAlnum(s[i-1]) || !isAlnum(s[i+1]) {
				b.WriteByte('\\')
			}
		case '&':
			if entityAt(s[i+1:]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return escapeLineStart(b.String())
}

// entityAt reports whether s starts like the rest of a character
// reference: "amp;", "#39;", "#x27;".
func entityAt(s string) bool {
	s = strings.TrimPrefix(s, "#")
	n := 0
	for n < len(s) && n < 32 && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	return n > 0 && n < len(s) && s[n] == ';'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// mdCell keeps Markdown text inside one table cell: on one line, with every
// pipe that is not already escaped escaped.
func mdCell(s string) string {
	s = oneLine(s)
	if strings.IndexByte(s, '|') < 0 {
		return s
	}
	var b strings.Builder
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '|' && slashes%2 == 0 {
			b.WriteByte('\\')
		}
		if c == '\\' {
			slashes++
		} else {
			slashes = 0
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mdURL returns a link target for Markdown: "" when AllowedURL refuses it,
// otherwise with the characters that would end the link or a table cell
// percent-encoded.
func mdURL(s string) string {
	s = SafeURL(s)
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "|", "%7C", `\`, "%5C", "\n", "", "\r", "", "\t", "").Replace(s)
}

// indent indents every non-empty line of s by n spaces (for blocks inside
// a list item).
func indent(n int, s string) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}

func segValue(s text.Segment, src []byte) []byte { return s.Value(src) }
