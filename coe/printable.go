package coe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Printable makes text from a COE harmless to print on a terminal: control
// characters (escape sequences could retitle the window, move the cursor or
// hide text) are shown in caret notation, ^[ for ESC, C1 controls and
// invalid bytes as U+FFFD, and invisible format characters (bidi controls
// such as U+202E RIGHT-TO-LEFT OVERRIDE, which make a terminal show text in
// another order than it is read, zero-width spaces and joiners, the line
// and paragraph separators; see IsFormat) by their code point, <U+202E>.
// Tabs are kept, and line breaks when multiline.
//
// A document a browser lays out (HTML, Markdown) keeps the format
// characters, which Persian, Arabic or Hebrew text and emoji sequences
// need: see ShowControls.
func Printable(s string, multiline bool) string {
	return show(s, multiline, true)
}

// Unprintable reports whether Printable changes r.
func Unprintable(r rune, multiline bool) bool {
	return IsControl(r, multiline) || IsFormat(r)
}

// ShowControls is Printable for documents: control characters and invalid
// bytes are shown as Printable shows them, and every other character, the
// format characters included, is kept.
func ShowControls(s string, multiline bool) string {
	return show(s, multiline, false)
}

// IsControl reports whether ShowControls changes r: a control character
// (but a tab, and a line break when multiline) or U+FFFD, which invalid
// UTF-8 decodes as.
func IsControl(r rune, multiline bool) bool {
	return r == utf8.RuneError || unicode.IsControl(r) && r != '\t' && !(multiline && r == '\n')
}

// IsFormat reports whether r is an invisible character that changes how
// the text around it is shown: a format character (Unicode category Cf: the
// bidi controls U+202A-U+202E, U+2066-U+2069, U+200E, U+200F and U+061C,
// the zero-width U+200B-U+200D, U+2060 and U+FEFF, the soft hyphen, ...),
// the line and paragraph separators U+2028 and U+2029, or a Hangul filler
// (blank letters that pass for nothing).
func IsFormat(r rune) bool {
	if r < 0xAD {
		return false // ASCII and Latin-1 letters, most of any text
	}
	switch r {
	case 0x115F, 0x1160, 0x3164, 0xFFA0:
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

func show(s string, multiline, format bool) string {
	unsafe := func(r rune) bool { return IsControl(r, multiline) || format && IsFormat(r) }
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
		case r == utf8.RuneError || unicode.IsControl(r):
			b.WriteRune(unicode.ReplacementChar)
		default:
			fmt.Fprintf(&b, "<U+%04X>", r)
		}
	}
	return b.String()
}

// RuneWidth is the number of terminal cells a printable rune takes, as a
// terminal that advances once per code point shows it (wcwidth): 0 for
// combining marks and other zero-width characters, 2 for East Asian wide
// characters and emoji, else 1. The table is github.com/charmbracelet/x/ansi's,
// which the forms lay out with (East Asian ambiguous characters are 1
// cell, or 2 with RUNEWIDTH_EASTASIAN=1, as there). An ASCII or C1
// control counts 1, as the caret or U+FFFD Printable shows it by.
func RuneWidth(r rune) int {
	if r < 0xA0 {
		return 1
	}
	return ansi.StringWidthWc(string(r))
}

// Width is the number of terminal cells printable text takes: the sum of
// its runes' RuneWidth.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += RuneWidth(r)
	}
	return n
}
