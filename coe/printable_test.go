package coe

import (
	"testing"
	"unicode"
)

func TestPrintable(t *testing.T) {
	tests := []struct {
		in, one, multi string
	}{
		{"plain café 李 🙂", "plain café 李 🙂", "plain café 李 🙂"},
		{"tab\tkept", "tab\tkept", "tab\tkept"},
		{"two\nlines", "two^Jlines", "two\nlines"},
		{"\x1b]0;owned\x07", "^[]0;owned^G", "^[]0;owned^G"},
		{"del\x7f", "del^?", "del^?"},
		{"c1\u009bx", "c1\ufffdx", "c1\ufffdx"},
		{"bad\xffbyte", "bad\ufffdbyte", "bad\ufffdbyte"},
		// Trojan source: the override shows "txt.exe" as "exe.txt".
		{"invoice\u202Etxt.exe", "invoice<U+202E>txt.exe", "invoice<U+202E>txt.exe"},
		{"\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069", "<U+202A><U+202B><U+202C><U+202D><U+2066><U+2067><U+2068><U+2069>", "<U+202A><U+202B><U+202C><U+202D><U+2066><U+2067><U+2068><U+2069>"},
		{"marks\u200E\u200F\u061C", "marks<U+200E><U+200F><U+061C>", "marks<U+200E><U+200F><U+061C>"},
		{"zero\u200Bwidth\u200C\u200D\u2060\uFEFF", "zero<U+200B>width<U+200C><U+200D><U+2060><U+FEFF>", "zero<U+200B>width<U+200C><U+200D><U+2060><U+FEFF>"},
		{"soft\u00ADhyphen", "soft<U+00AD>hyphen", "soft<U+00AD>hyphen"},
		{"tag\U000E0041", "tag<U+E0041>", "tag<U+E0041>"},
		{"line\u2028para\u2029", "line<U+2028>para<U+2029>", "line<U+2028>para<U+2029>"},
		{"filler\u3164", "filler<U+3164>", "filler<U+3164>"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in, false); got != tt.one {
			t.Errorf("Printable(%q, false) = %q, want %q", tt.in, got, tt.one)
		}
		if got := Printable(tt.in, true); got != tt.multi {
			t.Errorf("Printable(%q, true) = %q, want %q", tt.in, got, tt.multi)
		}
	}
}

// ShowControls, for documents, shows what Printable shows of control
// characters, and keeps format characters: Persian needs its zero-width
// non-joiner, an emoji sequence its joiner.
func TestShowControls(t *testing.T) {
	for in, want := range map[string]string{
		"\x1b[2J":                    "^[[2J",
		"two\nlines":                 "two\nlines",
		"می\u200Cخواهم":              "می\u200Cخواهم",
		"\U0001F9D1\u200D\U0001F4BB": "\U0001F9D1\u200D\U0001F4BB",
		"bad\xff":                    "bad\ufffd",
	} {
		if got := ShowControls(in, true); got != want {
			t.Errorf("ShowControls(%q) = %q, want %q", in, got, want)
		}
	}
}

// Unprintable and IsControl say exactly which characters Printable and
// ShowControls change, for every code point.
func TestUnprintableMatchesPrintable(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // not encodable
		}
		s := string(r)
		for _, multi := range []bool{false, true} {
			if got := Printable(s, multi) != s; got != Unprintable(r, multi) && r != 0xFFFD {
				t.Fatalf("%U multiline=%v: Printable changes it: %v, Unprintable: %v", r, multi, got, !got)
			}
			if got := ShowControls(s, multi) != s; got != IsControl(r, multi) && r != 0xFFFD {
				t.Fatalf("%U multiline=%v: ShowControls changes it: %v, IsControl: %v", r, multi, got, !got)
			}
		}
		if IsFormat(r) != (unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp) || r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0) {
			t.Fatalf("IsFormat(%U) = %v", r, IsFormat(r))
		}
	}
}

// The widths a terminal shows: wide CJK and emoji take two cells,
// combining and zero-width marks none, half-width forms one; Width is the
// sum of RuneWidth.
func TestWidth(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"plain text", 10},
		{"tab\there", 8},
		{"^[[2J", 5},
		{"café", 4},               // é precomposed
		{"cafe\u0301", 4},         // e and a combining acute
		{"n\u0303o\u0308", 2},     // stacked marks
		{"\u0915\u094D\u0937", 2}, // Devanagari: a virama joins two letters
		{"李小龍", 6},                // CJK ideographs
		{"한국어", 6},                // Hangul syllables
		{"ひらがな カタカナ", 17},         // kana and a space
		{"ｱｲｳ", 3},                // half-width katakana
		{"ＡＢ１", 6},                // full-width forms
		{"\u3000", 2},             // ideographic space
		{"🙂", 2},                  // U+1F642
		{"🚀", 2},                  // U+1F680, which the old table made 1
		{"✅", 2},                  // U+2705, the same
		{"👍 ok", 5},               // an emoji, a space, text
		{"a\u200Bb", 2},           // zero-width space
		{"e\u20DD", 1},            // an enclosing circle
		{"Привет", 6},             // Cyrillic
		{"שלום", 4},               // Hebrew
		{"<U+202E>", 8},           // a format character as Printable shows it
		{Printable("\x1b[31m", false), 6},
	} {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.in, got, tt.want)
		}
		sum := 0
		for _, r := range tt.in {
			sum += RuneWidth(r)
		}
		if sum != Width(tt.in) {
			t.Errorf("Width(%q) = %d, but its runes' widths add up to %d", tt.in, Width(tt.in), sum)
		}
	}
}
