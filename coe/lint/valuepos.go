package lint

import (
	"strconv"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
	"gopkg.in/yaml.v3"
)

// lineStarts returns the byte offset in src where each line starts: a
// byte-order mark is no part of the first; "\n", "\r\n" and a lone "\r"
// end a line, as the reader takes them.
func lineStarts(src []byte) []int {
	starts := []int{0}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		starts[0] = 3
	}
	for i := starts[0]; i < len(src); i++ {
		switch src[i] {
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		case '\n':
			starts = append(starts, i+1)
		}
	}
	return starts
}

// scalarPositions returns the positions in the file of the byte offsets
// offs (ascending) of the value of the scalar n, parsed from src with line
// starts starts: the exact line and column of each, in plain, quoted,
// literal (|) and folded (>) scalars, escapes and folded lines included.
// An offset the source cannot be matched to (a value that is not what src
// holds there) gets the value's own position.
func scalarPositions(src []byte, starts []int, n *yaml.Node, offs []int) []coe.Position {
	out := make([]coe.Position, len(offs))
	for i := range out {
		out[i] = posOf(n)
	}
	if n.Kind != yaml.ScalarNode || n.Line < 1 || n.Line > len(starts) || len(offs) == 0 {
		return out
	}
	w := &srcWalker{src: src, p: starts[n.Line-1], line: n.Line, col: 1}
	dq, sq := n.Style&yaml.DoubleQuotedStyle != 0, n.Style&yaml.SingleQuotedStyle != 0
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		// The text starts on the line after the | or > (and its comment).
		if n.Line >= len(starts) {
			return out
		}
		w.p, w.line = starts[n.Line], n.Line+1
	} else {
		for w.col < n.Column && w.p < len(src) && src[w.p] != '\n' && src[w.p] != '\r' {
			w.next()
		}
		if w.col != n.Column {
			return out
		}
		if (dq || sq) && w.p < len(src) {
			w.next() // the opening quote
		}
	}
	v := n.Value
	oi := 0
	for vi := 0; vi < len(v) && oi < len(offs); {
		r, size := utf8.DecodeRuneInString(v[vi:])
		if isSpace(r) {
			vi += size
			continue
		}
		w.skipSpace(dq)
		at := coe.Position{Line: w.line, Col: w.col}
		if !w.match(r, dq, sq) {
			return out
		}
		for oi < len(offs) && offs[oi] < vi+size {
			out[oi] = at
			oi++
		}
		vi += size
	}
	return out
}

// srcWalker goes through a scalar's source, keeping its line and column
// (in characters, as the YAML parser counts them).
type srcWalker struct {
	src       []byte
	p         int
	line, col int
}

// next steps over one character.
func (w *srcWalker) next() {
	switch c := w.src[w.p]; c {
	case '\r':
		if w.p+1 < len(w.src) && w.src[w.p+1] == '\n' {
			w.p++
		}
		fallthrough
	case '\n':
		w.p++
		w.line, w.col = w.line+1, 1
	default:
		_, size := utf8.DecodeRune(w.src[w.p:])
		w.p += size
		w.col++
	}
}

// skipSpace steps over white space, line breaks and indentation; in a
// double-quoted scalar, over escapes of white space and escaped line
// breaks too.
func (w *srcWalker) skipSpace(dq bool) {
	for w.p < len(w.src) {
		c := w.src[w.p]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			w.next()
			continue
		}
		if dq && c == '\\' {
			if r, n, ok := escape(w.src[w.p:]); ok && (n == 0 || isSpace(r)) {
				w.skip(n)
				continue
			}
		}
		return
	}
}

// skip steps over an escape of n bytes past its backslash (0: an escaped
// line break, which the next step goes over).
func (w *srcWalker) skip(n int) {
	w.p++
	w.col++
	if n == 0 {
		w.next()
		return
	}
	w.p += n
	w.col += n
}

// match steps over the source of the value's character r, and reports
// whether it is there: r itself, an escape of it (double-quoted), or for a
// quote in a single-quoted text the two quotes that write it.
func (w *srcWalker) match(r rune, dq, sq bool) bool {
	if w.p >= len(w.src) {
		return false
	}
	if dq && w.src[w.p] == '\\' {
		e, n, ok := escape(w.src[w.p:])
		if !ok || n == 0 || e != r {
			return false
		}
		w.skip(n)
		return true
	}
	got, size := utf8.DecodeRune(w.src[w.p:])
	if got != r {
		return false
	}
	if sq && r == '\'' {
		if w.p+1 >= len(w.src) || w.src[w.p+1] != '\'' {
			return false
		}
		w.p++
		w.col++
	}
	w.p += size
	w.col++
	return true
}

// simpleEscapes are the double-quoted escapes of one character.
var simpleEscapes = map[byte]rune{
	'0': 0, 'a': 7, 'b': 8, 't': 9, '\t': 9, 'n': 10, 'v': 11, 'f': 12, 'r': 13, 'e': 27, ' ': ' ',
	'"': '"', '/': '/', '\\': '\\', 'N': 0x85, '_': 0xA0, 'L': 0x2028, 'P': 0x2029,
}

// escape decodes the double-quoted escape at the start of s (a backslash):
// the character, the bytes after the backslash, and whether it is one; an
// escaped line break has no character and 0 bytes.
func escape(s []byte) (rune, int, bool) {
	if len(s) < 2 {
		return 0, 0, false
	}
	if r, ok := simpleEscapes[s[1]]; ok {
		return r, 1, true
	}
	digits := 0
	switch s[1] {
	case '\n', '\r':
		return 0, 0, true
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	}
	if digits == 0 || len(s) < 2+digits {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(string(s[2:2+digits]), 16, 32)
	if err != nil {
		return 0, 0, false
	}
	return rune(v), 1 + digits, true
}
