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

// RuneWidth is the number of terminal cells a printable rune takes: 0 for
// combining marks, 2 for East Asian wide characters and emoji, else 1.
func RuneWidth(r rune) int {
	switch {
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == 0x200B:
		return 0
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0x303E, r >= 0x3041 && r <= 0x33FF,
		r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xA000 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1F64F,
		r >= 0x1F900 && r <= 0x1F9FF, r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}

// Width is the number of terminal cells printable text takes.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += RuneWidth(r)
	}
	return n
}
