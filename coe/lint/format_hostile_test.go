package lint

import (
	"bytes"
	"strings"
	"testing"
)

// The source line under a diagnostic shows bidi controls and zero-width
// characters by their code point, with the caret still under the column:
// a right-to-left override would otherwise show the line in another order
// than YAML reads it (trojan source).
func TestWriteTextShowsFormatCharacters(t *testing.T) {
	src := []byte("version: 1\nowner: \"x\u202Eevil\u2066\" # \u200Bhidden\n")
	d := Diagnostic{Path: "coes/a\u202Eb.yaml", Line: 2, Col: 8, Severity: Error, Rule: "r", Message: "owner \"x\u202Eevil\" is odd"}
	var b bytes.Buffer
	if err := WriteText(&b, []Diagnostic{d}, TextOptions{Source: func(string) []byte { return src }}); err != nil {
		t.Fatal(err)
	}
	want := "coes/a<U+202E>b.yaml:2:8: error: owner \"x<U+202E>evil\" is odd [r]\n" +
		"  |\n" +
		"2 | owner: \"x<U+202E>evil<U+2066>\" # <U+200B>hidden\n" +
		"  |        ^\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	// The caret is under the column past a format character too.
	d.Col = 11 // the "e" of evil
	b.Reset()
	if err := WriteText(&b, []Diagnostic{d}, TextOptions{Source: func(string) []byte { return src }}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if caret, line := strings.Index(lines[3], "^"), lines[2]; line[caret] != 'e' {
		t.Errorf("caret at %d, under %q:\n%s", caret, line[caret:], b.String())
	}
}

// Source lines are the reader's lines whatever the file's line ends: LF,
// CRLF, or a lone CR as old Mac editors write.
func TestWriteTextSourceLineEnds(t *testing.T) {
	for name, end := range map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"} {
		src := []byte(strings.Join([]string{"version: 1", "id: x", "title: [a]", ""}, end))
		d := Diagnostic{Path: "a.yaml", Line: 3, Col: 8, Severity: Error, Rule: "r", Message: "m"}
		var b bytes.Buffer
		if err := WriteText(&b, []Diagnostic{d}, TextOptions{Source: func(string) []byte { return src }}); err != nil {
			t.Fatal(err)
		}
		if want := "a.yaml:3:8: error: m [r]\n  |\n3 | title: [a]\n  |        ^\n"; b.String() != want {
			t.Errorf("%s: got\n%q\nwant\n%q", name, b.String(), want)
		}
	}
}
