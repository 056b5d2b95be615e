package render

import (
	htmltemplate "html/template"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// shortenByRunes is shorten as it was first written: one rune off the end
// at a time, escaping the rest each time. It is quadratic, and the
// reference the linear shorten must agree with.
func shortenByRunes(s string, n int, suffix string) string {
	width := func(s string) int { return utf8.RuneCountInString(htmltemplate.HTMLEscapeString(s)) }
	if width(s) <= n {
		return s
	}
	r := []rune(strings.TrimSuffix(s, suffix))
	for len(r) > 0 && width(string(r)+"…"+suffix) > n {
		r = r[:len(r)-1]
	}
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-·") + "…" + suffix
}

func TestShorten(t *testing.T) {
	for _, tc := range []struct{ in, suffix, want string }{
		{"Speaker groups stopped playing together · COE", " · COE", "Speaker groups stopped playing together · COE"},
		{"Speaker groups stopped playing together for a share of households on the evening of 28 January · COE", " · COE",
			"Speaker groups stopped playing together for a share of… · COE"},
		{"<b> & \"quotes\" and 'apostrophes' make a title longer than it looks on the page · COE", " · COE",
			"<b> & \"quotes\" and 'apostrophes'… · COE"},
		{strings.Repeat("x", 200), "", strings.Repeat("x", 69) + "…"},
		{strings.Repeat("<", 200), "", strings.Repeat("<", 17) + "…"},
	} {
		got := shorten(tc.in, 70, tc.suffix)
		if got != tc.want {
			t.Errorf("shorten(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if w := utf8.RuneCountInString(htmltemplate.HTMLEscapeString(got)); w > 70 {
			t.Errorf("shorten(%q) = %q is %d characters escaped, more than 70", tc.in, got, w)
		}
	}
	// Random titles of the characters that matter: the same cut as the
	// reference, whatever the escapes, spaces, invalid bytes and widths.
	rnd := rand.New(rand.NewPCG(1, 2))
	parts := []string{"a", "b", " ", " ", "&", "<", ">", "\"", "'", "\x00", "é", "·", "…", ",", ".", "-", "\xff", "日本"}
	for range 1000 {
		var b strings.Builder
		for range rnd.IntN(120) {
			b.WriteString(parts[rnd.IntN(len(parts))])
		}
		s := b.String()
		for _, suffix := range []string{"", " · COE"} {
			n := 1 + rnd.IntN(80)
			if got, want := shorten(s+suffix, n, suffix), shortenByRunes(s+suffix, n, suffix); got != want {
				t.Fatalf("shorten(%q, %d, %q) = %q, want %q", s+suffix, n, suffix, got, want)
			}
		}
	}
}

// TestShortenLinear: a title of a million characters (the reader takes
// one) is cut as fast as a short one; the quadratic cut took 11 s at
// 40,000 characters.
func TestShortenLinear(t *testing.T) {
	for _, s := range []string{strings.Repeat("a", 1<<20), strings.Repeat("word ", 1<<18), strings.Repeat("<&", 1<<19)} {
		start := time.Now()
		got := shorten(s+" · COE", 70, " · COE")
		if d := time.Since(start); d > time.Second {
			t.Errorf("shorten of %d bytes took %v", len(s), d)
		}
		if w := utf8.RuneCountInString(htmltemplate.HTMLEscapeString(got)); w > 70 || !strings.HasSuffix(got, "… · COE") {
			t.Errorf("shorten of %d bytes = %q (%d characters escaped)", len(s), got, w)
		}
	}
}
