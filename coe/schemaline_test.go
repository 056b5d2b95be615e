package coe

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWithSchemaLine(t *testing.T) {
	const line = "# yaml-language-server: $schema=../coe.schema.json"
	cases := []struct{ name, in, want string }{
		{"LF", "version: 1\n", line + "\nversion: 1\n"},
		{"CRLF", "version: 1\r\nid: x\r\n", line + "\r\nversion: 1\r\nid: x\r\n"},
		{"BOM", "\ufeffversion: 1\n", "\ufeff" + line + "\nversion: 1\n"},
		{"comments first", "# Search outage\nversion: 1\n", line + "\n# Search outage\nversion: 1\n"},
		{"has a line", "# yaml-language-server: $schema=https://example.com/s.json\nversion: 1\n", ""},
		{"has a line below other comments", "---\n# notes\n#  yaml-language-server : $schema=x.json\nversion: 1\n", ""},
		{"a line in the text is not one", "version: 1\nwhat_happened: |\n  # yaml-language-server: $schema=x\n",
			line + "\nversion: 1\nwhat_happened: |\n  # yaml-language-server: $schema=x\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == "" {
				want = tc.in
			}
			if got := string(WithSchemaLine([]byte(tc.in), "../coe.schema.json")); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	if got := string(WithSchemaLine([]byte("version: 1\n"), "")); got != "version: 1\n" {
		t.Errorf("no ref: %q", got)
	}
}

// writeSchema gives the repository a schema file (its content does not
// matter here).
func writeSchema(t *testing.T, r *Repo) {
	t.Helper()
	if err := os.WriteFile(r.SchemaPath(), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// New files start with the schema line when the repository has a schema,
// pointing at it from the COE folder; the rest is Marshal's fixed layout.
func TestCreateWritesSchemaLine(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		dir, ref string
		schema   bool
	}{
		{"coes", "", false},
		{"coes", "../coe.schema.json", true},
		{"postmortems/2024", "../../coe.schema.json", true},
		{".", "coe.schema.json", true},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			r := newTestRepo(t)
			r.Config.Dir = tc.dir
			if tc.schema {
				writeSchema(t, r)
			}
			if got := r.SchemaRef(); got != tc.ref {
				t.Errorf("SchemaRef = %q, want %q", got, tc.ref)
			}
			c := full()
			c.ID = ""
			path, err := r.Create(c, now)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(path)
			body, _ := Marshal(c)
			want := string(body)
			if tc.schema {
				want = "# yaml-language-server: $schema=" + tc.ref + "\n" + want
			}
			if string(data) != want {
				t.Errorf("%s starts:\n%s", path, firstLines(data, 3))
			}
			// The line is a comment: the file reads as the COE.
			doc, err := ReadFile(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !sameCOE(t, c, &doc.COE) {
				t.Error("the file does not read back as the COE")
			}
			if tc.schema && tc.dir != "." {
				// An editor resolves the reference from the file's folder.
				if _, err := os.Stat(filepath.Join(filepath.Dir(path), filepath.FromSlash(tc.ref))); err != nil {
					t.Errorf("the reference does not reach the schema: %v", err)
				}
			}
		})
	}
}

// CreateWith (coe new --from) adds the line unless the file has one.
func TestCreateWithKeepsOwnSchemaLine(t *testing.T) {
	r := newTestRepo(t)
	writeSchema(t, r)
	own := "# yaml-language-server: $schema=https://example.com/coe.json\nversion: 1\n"
	path, err := r.CreateWith("2024-01-01-a", func(string) ([]byte, error) { return []byte(own), nil })
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != own {
		t.Errorf("got:\n%s", data)
	}
}

// Editing in place keeps the line, whatever the edit touches: the line
// merge, and the coarser fallback that rewrites a whole section.
func TestUpdateKeepsSchemaLine(t *testing.T) {
	r := newTestRepo(t)
	writeSchema(t, r)
	path, err := r.Create(full(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(path)
	line := "# yaml-language-server: $schema=../coe.schema.json\n"
	fourSpaces := strings.Replace(string(src), "incident:\n  started_at:", "incident:\n    started_at:", 1)
	fourSpaces = strings.Replace(fourSpaces, "\n  detected_at:", "\n    detected_at:", 1)
	fourSpaces = strings.Replace(fourSpaces, "\n  resolved_at:", "\n    resolved_at:", 1)
	edits := map[string]func(c *COE){
		"id and title": func(c *COE) { c.ID = "2024-01-28-other"; c.Title = "Another title" },
		"status":       func(c *COE) { c.Status = StatusApproved; c.ApprovedBy = "kenji"; c.ApprovedAt = c.Incident.ResolvedAt },
		"a lesson":     func(c *COE) { c.Lessons = append(c.Lessons, "One more.") },
		"an owner":     func(c *COE) { c.CorrectiveActions[0].Owner = "kenji" },
		"everything": func(c *COE) {
			*c = COE{Version: 1, ID: "2025-01-01-x", Title: "X", Status: StatusDraft, Severity: "sev4"}
		},
	}
	for name, edit := range edits {
		for _, file := range []string{string(src), fourSpaces} {
			c := mustParse(t, []byte(file))
			edit(c)
			out, err := Update([]byte(file), c)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(out), line) {
				t.Errorf("%s: the schema line is lost:\n%s", name, firstLines(out, 3))
			}
			if !sameCOE(t, c, mustParse(t, out)) {
				t.Errorf("%s: the edit did not land", name)
			}
		}
	}
}

func firstLines(b []byte, n int) string {
	return string(bytes.Join(bytes.SplitN(b, []byte("\n"), n+1)[:min(n, bytes.Count(b, []byte("\n")))], []byte("\n")))
}
