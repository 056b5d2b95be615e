package coe

import (
	"strings"
	"testing"
)

func TestMerge3(t *testing.T) {
	base := []string{"a\n", "b\n", "c\n", "d\n"}
	ours := []string{"a\n", "\n", "b\n", "c\n", "d\n", "# end\n"}
	theirs := []string{"a\n", "B\n", "c\n", "d\n"}
	got, ok := merge3(base, ours, theirs)
	want := []string{"a\n", "\n", "B\n", "c\n", "d\n", "# end\n"}
	if !ok || strings.Join(got, "") != strings.Join(want, "") {
		t.Errorf("merge3 = %q, want %q", got, want)
	}
	// Both sides change the same line: the edit wins.
	got, _ = merge3(base, []string{"a\n", "b # c\n", "c\n", "d\n"}, theirs)
	if strings.Join(got, "") != "a\nB\nc\nd\n" {
		t.Errorf("conflict: %q", got)
	}
}

func TestDiffLines(t *testing.T) {
	tests := []struct{ a, b string }{
		{"", ""}, {"a\n", ""}, {"", "a\n"}, {"a\nb\nc\n", "a\nc\n"}, {"a\nb\nc\n", "x\ny\n"},
		{"a\nb\nc\nd\ne\n", "b\nX\nd\ne\nf\n"}, {strings.Repeat("x\n", 50), strings.Repeat("x\ny\n", 25)},
	}
	for _, tt := range tests {
		a, b := splitLines(tt.a), splitLines(tt.b)
		hunks, ok := diffLines(a, b)
		if !ok {
			t.Fatal("diff gave up")
		}
		// Applying the hunks to a must give b.
		var out []string
		pos := 0
		for _, h := range hunks {
			out = append(out, a[pos:h.A0]...)
			out = append(out, b[h.B0:h.B1]...)
			pos = h.A1
		}
		out = append(out, a[pos:]...)
		if strings.Join(out, "") != tt.b {
			t.Errorf("diff(%q, %q) = %v applies to %q", tt.a, tt.b, hunks, strings.Join(out, ""))
		}
	}
}
