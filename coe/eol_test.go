package coe

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// withEnds writes text (LF lines) with the line end end.
func withEnds(text, end string) string { return strings.ReplaceAll(text, "\n", end) }

// An edit keeps the file's line ends, whichever they are, and changes only
// the lines the edit changes: approving a CR-only file must not turn it
// into an LF file that has lost its blank lines.
func TestUpdateKeepsLineEnds(t *testing.T) {
	approve := func(c *COE) {
		c.Status, c.ApprovedBy = "approved", "kenji"
		c.ApprovedAt = time.Date(2024, 2, 12, 16, 30, 0, 0, time.FixedZone("", -6*3600))
	}
	lf := strings.NewReplacer("status: draft\n", "status: approved\n",
		"authors: [steve]\n", "authors: [steve]\napproved_by: kenji\napproved_at: 2024-02-12T16:30:00-06:00\n").Replace(handWritten)
	for _, tt := range []struct{ name, end string }{
		{"LF", "\n"}, {"CRLF", "\r\n"}, {"CR only", "\r"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, bomPrefix := range []string{"", "\xef\xbb\xbf"} {
				src := bomPrefix + withEnds(handWritten, tt.end)
				c := mustParse(t, []byte(src))
				approve(c)
				out, err := Update([]byte(src), c)
				if err != nil {
					t.Fatal(err)
				}
				if want := bomPrefix + withEnds(lf, tt.end); string(out) != want {
					t.Errorf("BOM %v: got\n%q\nwant\n%q", bomPrefix != "", out, want)
				}
				if !sameCOE(t, c, mustParse(t, out)) {
					t.Errorf("the edit did not land:\n%q", out)
				}
			}
		})
	}
}

// In a file that mixes line ends, each line kept keeps its own, and a new
// line takes the end most lines have.
func TestUpdateKeepsMixedLineEnds(t *testing.T) {
	src := "version: 1\r\nid: 2024-01-28-speaker-groups\rtitle: T\nstatus: draft\r\n\r\nseverity: sev2\r\nlessons:\r  - One.\r\n"
	c := mustParse(t, []byte(src))
	c.Title = "New title"
	c.Lessons = append(c.Lessons, "Two.")
	out, err := Update([]byte(src), c)
	if err != nil {
		t.Fatal(err)
	}
	want := "version: 1\r\nid: 2024-01-28-speaker-groups\rtitle: New title\r\nstatus: draft\r\n\r\nseverity: sev2\r\nlessons:\r  - One.\r\n  - Two.\r\n"
	if string(out) != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
}

// A last line without a line end stays without one when the edit is
// elsewhere.
func TestUpdateCROnlyUnterminated(t *testing.T) {
	src := "version: 1\rid: 2024-01-28-speaker-groups\rtitle: T\rstatus: draft\rseverity: sev2"
	c := mustParse(t, []byte(src))
	c.Status = "review"
	out, err := Update([]byte(src), c)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(src, "draft", "review", 1); string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// The reader counts a lone CR as a line break, as YAML does: positions in
// a CR-only file are those of the same file with LF ends, which is what
// Update relies on.
func TestParseCROnlyPositions(t *testing.T) {
	lf := []byte(handWritten)
	cr := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r"))
	a, err := Parse("a.yaml", lf, ReadOptions{KeepNode: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b.yaml", cr, ReadOptions{KeepNode: true})
	if err != nil {
		t.Fatal(err)
	}
	if !sameCOE(t, &a.COE, &b.COE) {
		t.Fatal("the CR-only file reads as another COE")
	}
	for _, key := range []string{"status", "incident.started_at", "lessons[1]", "corrective_actions[1].due"} {
		if pa, pb := a.Pos(key), b.Pos(key); pa != pb || pa.Line == 0 {
			t.Errorf("%s: at %v in the CR-only file, %v with LF", key, pb, pa)
		}
	}
}

func TestToLFAndRestore(t *testing.T) {
	for _, src := range []string{
		"", "a", "a\n", "a\r", "a\r\n", "a\r\r\nb", "\r\n\r\n", "a\rb\nc\r\nd", "\r", "a\n\rb",
	} {
		lf, ends := toLF([]byte(src))
		if bytes.IndexByte(lf, '\r') >= 0 {
			t.Errorf("toLF(%q) = %q, still has a CR", src, lf)
		}
		if want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(src); string(lf) != want {
			t.Errorf("toLF(%q) = %q, want %q", src, lf, want)
		}
		if back := ends.restore(splitLinesOrNone(string(lf)), lf); string(back) != src {
			t.Errorf("restore(toLF(%q)) = %q", src, back)
		}
	}
}

func splitLinesOrNone(s string) []string {
	if s == "" {
		return nil
	}
	return splitLines(s)
}

// A CR-only file reads as the same file with LF does: errors at the same
// lines and columns, conflict markers found.
func TestParseCROnlyErrorsAsLF(t *testing.T) {
	for _, lf := range []string{
		"version: 1\nid: x\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> other\n",
		"version: 1\nid: x\ntitle: [a\n",
		"version: 1\nid: x\n\ntitle: \"a\x1bb\"\n",
		"version: 1\nid: x\n---\nid: y\n",
	} {
		_, want := Parse("x.yaml", []byte(lf), ReadOptions{})
		_, got := Parse("x.yaml", []byte(strings.ReplaceAll(lf, "\n", "\r")), ReadOptions{})
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("%q: CR-only gives\n%v\nLF gives\n%v", lf, got, want)
		}
	}
}
