package render

import "strings"

// minifyCSS drops a stylesheet's comments and the whitespace it does not
// need (indentation, line breaks, spaces next to { } ; and , and after a
// colon), leaving strings alone. Every page inlines the stylesheet, so its size counts
// ten thousand times in a large site.
func minifyCSS(css string) string {
	var b strings.Builder
	b.Grow(len(css))
	space := false // whitespace seen and not written yet
	last := byte(0)
	for i := 0; i < len(css); i++ {
		c := css[i]
		switch {
		case c == '/' && i+1 < len(css) && css[i+1] == '*':
			end := strings.Index(css[i+2:], "*/")
			if end < 0 {
				i = len(css)
			} else {
				i += 2 + end + 1
			}
			space = true
			continue
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(css) && css[j] != c {
				if css[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j, len(css)-1)
			if space && last != ':' && !isTight(last) {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(css[i : j+1])
			last = css[j]
			i = j
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			space = true
			continue
		}
		if space && last != 0 && last != ':' && !isTight(last) && !isTight(c) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
		last = c
	}
	return b.String()
}

// isTight reports whether whitespace next to c can go.
func isTight(c byte) bool {
	switch c {
	case '{', '}', ';', ',':
		return true
	}
	return false
}
