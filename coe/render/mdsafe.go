package render

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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
// closed. Whatever cannot be made safe that way, or would take goldmark
// more than linear time (see slowMarkdown), is shown as a code block.
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
	// Two rounds of edits at most (escaping one thing can reveal another:
	// the "</script>" of an HTML block is inline HTML once the block's "<"
	// is escaped), then a check that nothing is left to edit. Text that
	// needs more is shown as code rather than parsed again and again: the
	// examples, the attacks of render_hostile and the fuzz corpus need two
	// at most. Each parse is followed by endProbe, which tells whether a
	// code fence is left open.
	src := []byte(s)
	for round := 0; ; round++ {
		if slowMarkdown(string(src)) {
			return "", false
		}
		edits, stuck, last, probe := mdEdits(src)
		if len(edits) > 0 {
			if round == 2 {
				return "", false
			}
			src = applyEdits(src, edits)
			continue
		}
		if stuck {
			return "", false
		}
		closed, ok := closeFence(src, last, probe)
		return string(closed), ok
	}
}

type mdEdit struct {
	at  int
	ins string
}

// mdEdits lists the insertions that defuse src's raw HTML, unsafe links and
// high headings; stuck is true when something unsafe has no position to
// fix it at. It parses src as it is embedded, followed by more of the
// report (a blank line and endProbe): probe is that text, and last its
// last block, for closeFence.
func mdEdits(src []byte) (edits []mdEdit, stuck bool, last ast.Node, probe []byte) {
	// A line break must follow the answer: goldmark reads "> \t#" at the
	// very end of a text as a paragraph but as a heading once a line
	// break follows (found by FuzzMdBlock).
	size := len(src)
	src = append(src[:size:size], "\n\n"+endProbe...)
	doc, pc := parseMarkdownContext(src)
	last = doc.LastChild()
	escapedRefs := map[string]bool{}
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
		case *ast.LinkReferenceDefinition:
			if allowedDestination(n.Destination) {
				break
			}
			if at := n.Pos(); at >= 0 && at < size && src[at] == '[' {
				add(at, `\`)
				escapedRefs[util.ToLinkReference(n.Label)] = true
			} else {
				stuck = true
			}
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
			// goldmark places an autolink at its "<".
			if at := n.Pos(); at >= 0 && at < size && src[at] == '<' {
				add(at, `\`)
			} else {
				stuck = true
			}
		case *ast.Heading:
			if n.Level >= 4 {
				break
			}
			if n.Lines().Len() == 0 {
				// An empty heading ("#" alone on a line): escape its
				// marks, where goldmark places the heading.
				if at := n.Pos(); at >= 0 && at < size && src[at] == '#' {
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
	// the answer it is in: one to a refused URL is made text, at its "[",
	// where goldmark places it. Every definition the parser kept must have
	// been found so.
	for _, ref := range pc.References() {
		if !allowedDestination(ref.Destination()) && !escapedRefs[util.ToLinkReference(ref.Label())] {
			stuck = true
		}
	}
	return edits, stuck, last, src
}

// bracketBefore finds the [ that opens a link or image's text: where
// goldmark places the node (the "[", or the "!" before it), or else before
// the first text inside it; -1 when there is none.
func bracketBefore(src []byte, n ast.Node) int {
	if at := n.Pos(); at >= 0 && at < len(src) {
		if src[at] == '!' && at+1 < len(src) {
			at++
		}
		if src[at] == '[' {
			return at
		}
	}
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
// otherwise swallow the rest of the report. probe is src followed by a
// blank line and endProbe, and last its last block: endProbe's paragraph
// when nothing is left open.
func closeFence(src []byte, last ast.Node, probe []byte) ([]byte, bool) {
	for attempt := 0; ; attempt++ {
		if p, ok := last.(*ast.Paragraph); ok && p.Lines().Len() == 1 && string(segValue(p.Lines().At(0), probe)) == endProbe {
			return src, true
		}
		fc, ok := last.(*ast.FencedCodeBlock)
		if attempt == 1 || !ok || fc.Lines().Len() == 0 {
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
		src = append(src[:len(src):len(src)], '\n')
		src = append(src, bytes.Repeat(open[:1], n)...)
		probe = append(append([]byte{}, src...), "\n\n"+endProbe...)
		last = parseMarkdown(probe).LastChild()
	}
}

// fenced shows s as a code block, with a fence longer than any run of
// backticks in it.
func fenced(s string) string {
	fence := strings.Repeat("`", max(3, longestBackticks(s)+1))
	return fence + "text\n" + s + "\n" + fence
}

// longestBackticks is the length of the longest run of backticks in s.
func longestBackticks(s string) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
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
	ticks := strings.Repeat("`", longestBackticks(s)+1)
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
