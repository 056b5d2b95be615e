package lint

import (
	"strings"
	"testing"
)

func bidiOf(ds []Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if d.Rule == RuleBidiControl {
			out = append(out, d)
		}
	}
	return out
}

// Every bidi control is found, in values, keys and comments; the marks
// and other invisible characters are not this rule's.
func TestBidiControlFinds(t *testing.T) {
	head := "version: 1\nid: 2024-05-01-b\ntitle: T\nstatus: draft\nseverity: sev2\n"
	for r := range bidiNames {
		src := head + "lessons:\n  - \"a" + string(r) + "b\"\n"
		ds := bidiOf(lintString(t, "b.yaml", src, Options{}))
		if len(ds) != 1 || ds[0].Line != 7 || ds[0].Col != 5 || !strings.Contains(ds[0].Message, "lessons[0] holds ") || ds[0].Severity != Warning {
			t.Errorf("%U: %v", r, ds)
		}
	}
	for _, r := range []rune{0x200E, 0x200F, 0x061C, 0x200B, 0x200D, 0xFEFF} {
		if ds := bidiOf(lintString(t, "b.yaml", head+"lessons: [\"a"+string(r)+"b\"]\n", Options{})); len(ds) != 0 {
			t.Errorf("%U is reported: %v", r, ds)
		}
	}
	src := "# top \u2067comment\n" + head + "\"k\u202Ey\": 1\n"
	ds := bidiOf(lintString(t, "b.yaml", src, Options{}))
	if len(ds) != 2 || !strings.Contains(ds[0].Message, "the comment above ") || !strings.HasPrefix(ds[1].Message, `the key "k\u202ey" holds U+202E`) {
		t.Errorf("comment and key: %v", ds)
	}
}

// A file full of controls gets a screenful, not one line each.
func TestBidiControlBounded(t *testing.T) {
	src := "version: 1\nid: 2024-05-01-b\ntitle: T\nstatus: draft\nseverity: sev2\nlessons:\n" +
		strings.Repeat("  - \"\u202Ex\"\n", 500)
	if ds := bidiOf(lintString(t, "b.yaml", src, Options{})); len(ds) != maxBidiReports {
		t.Errorf("%d diagnostics, want %d", len(ds), maxBidiReports)
	}
}
