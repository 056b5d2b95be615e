package coe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable makes text from a COE harmless to print on a terminal: control
// characters (escape sequences could retitle the window, move the cursor or
// hide text) are shown in caret notation, ^[ for ESC, and C1 controls and
// invalid bytes as U+FFFD. Tabs are kept, and line breaks when multiline.
func Printable(s string, multiline bool) string {
	unsafe := func(r rune) bool { return Unprintable(r, multiline) }
	if strings.IndexFunc(s, unsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unsafe(r):
			b.WriteRune(r)
		case r < 0x20:
			b.WriteByte('^')
			b.WriteRune(r + '@')
		case r == 0x7f:
			b.WriteString("^?")
		default:
			b.WriteRune(unicode.ReplacementChar)
		}
	}
	return b.String()
}

// Unprintable reports whether Printable changes r.
func Unprintable(r rune, multiline bool) bool {
	return r == utf8.RuneError || unicode.IsControl(r) && r != '\t' && !(multiline && r == '\n')
}
