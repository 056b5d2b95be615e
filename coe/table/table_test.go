package table

import (
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// Tables line up by terminal width and, on a terminal, cut the last column
// to fit, never a cell before it, and only when enough room is left.
func TestWrite(t *testing.T) {
	header := []string{"OWNER", "TEXT"}
	rows := [][]string{
		{"李", "A long action text that goes on and on past the edge"},
		{"dana", "short"},
	}
	var b strings.Builder
	if err := Write(&b, Style{}, header, rows); err != nil {
		t.Fatal(err)
	}
	want := "OWNER  TEXT\n" +
		"李     A long action text that goes on and on past the edge\n" +
		"dana   short\n"
	if b.String() != want {
		t.Errorf("no width:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	if err := Write(&b, Style{Width: 30}, header, rows); err != nil {
		t.Fatal(err)
	}
	want = "OWNER  TEXT\n" +
		"李     A long action text tha…\n" +
		"dana   short\n"
	if b.String() != want {
		t.Errorf("width 30:\n%s\nwant:\n%s", b.String(), want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if w := displayWidth(line); w > 30 {
			t.Errorf("%q is %d columns wide, over 30", line, w)
		}
	}

	// Under 20 columns left: the text wraps whole rather than lose most of
	// itself.
	b.Reset()
	if err := Write(&b, Style{Width: 20}, header, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "past the edge") {
		t.Errorf("width 20 cut the text:\n%s", b.String())
	}

	b.Reset()
	if err := Write(&b, Style{Color: true}, header, nil); err != nil || b.Len() != 0 {
		t.Errorf("no rows wrote %q, %v", b.String(), err)
	}
}

func TestCutToWidth(t *testing.T) {
	for _, tt := range []struct {
		in    string
		width int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven ch…"},
		{"二三四五六", 6, "二三…"},
		{"word then more", 10, "word then…"},
	} {
		if got := CutToWidth(tt.in, tt.width); got != tt.want {
			t.Errorf("CutToWidth(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// A cell is user text on one line, without a control character or a bidi
// override to reorder what the terminal shows.
func TestCell(t *testing.T) {
	if got, want := Cell("a\tb\n c\x1b[31m \u202egnp.exe"), "a b c^[[31m <U+202E>gnp.exe"; got != want {
		t.Errorf("Cell = %q, want %q", got, want)
	}
	if OrDash(" ") != "-" || OrDash("x") != "x" {
		t.Error("OrDash")
	}
}

// Cell's shortcut for plain ASCII gives what the whole work gives.
func TestCellShortcut(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\nb", "~!@#", "x\x7fy", "x\x1by", "é", "a  ", "CA-1", "dana"} {
		want := coe.Printable(strings.Join(strings.Fields(s), " "), false)
		if got := Cell(s); got != want {
			t.Errorf("Cell(%q) = %q, want %q", s, got, want)
		}
	}
}

// Width counts ASCII at once and the rest as coe.Width does.
func TestWidth(t *testing.T) {
	for _, s := range []string{"", "abc", "é", "日本", "a\u0301"} {
		if got, want := Width(s), coe.Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}
