package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A file of a built-in's name replaces it; a new *.html.tmpl may redefine
// a part the built-ins share; other files are left alone.
func TestTemplateOverrides(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"coe.md.tmpl":       "Our own report: {{text .R.Title}}\n",
		"style.css":         "body { color: rebeccapurple; }\n",
		"ours.html.tmpl":    `{{define "foot"}}<footer>Our footer</footer>{{end}}`,
		"README.md":         "notes about our templates",
		".coe.html.tmp.swp": "an editor's file",
	})
	tpl, err := LoadTemplates(nil, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := example(t, "2024-01-28-speaker-groups-stopped-playing")
	var md, page bytes.Buffer
	if err := tpl.Markdown(&md, c, ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := md.String(); got != "Our own report: Speaker groups stopped playing together and support blamed customers' phones\n" {
		t.Errorf("overridden Markdown: %q", got)
	}
	if err := tpl.HTML(&page, c, ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	css := "body{color:rebeccapurple;}"
	sum := sha256.Sum256([]byte(css))
	hash := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	for _, want := range []string{"<style>" + css + "</style>", strings.ReplaceAll(hash, "+", "&#43;"), "<footer>Our footer</footer>", "<h1>Speaker groups"} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("overridden page lacks %q", want)
		}
	}
}

func TestTemplateErrors(t *testing.T) {
	c := example(t, "2024-01-28-speaker-groups-stopped-playing")
	for _, tc := range []struct {
		name     string
		files    map[string]string
		want     string
		atRender bool
	}{
		{"unknown file", map[string]string{"coe.htm.tmpl": "x"},
			`coe.htm.tmpl: unknown template file "coe.htm.tmpl"; did you mean "coe.html.tmpl"? expected one of "actions.html.tmpl", `, false},
		{"unknown stylesheet", map[string]string{"styles.css": "x"},
			`styles.css: unknown template file "styles.css"; did you mean "style.css"?`, false},
		{"parse error", map[string]string{"coe.html.tmpl": "<!DOCTYPE html>\n<html>\n<h1>{{.R.Title</h1>\n"},
			`coe.html.tmpl:3: bad character U+003C '<'`, false},
		{"markdown parse error", map[string]string{"coe.md.tmpl": "# {{text .R.Title}}\n\n{{if .R.Status}}\n"},
			`coe.md.tmpl:4: unexpected EOF`, false},
		{"unknown field", map[string]string{"coe.html.tmpl": "<!DOCTYPE html>\n<p>{{.R.Titel}}</p>\n"},
			`coe.html.tmpl:2:7: executing "coe.html.tmpl" at <.R.Titel>: can't evaluate field Titel in type *render.Report`, true},
		{"unknown function", map[string]string{"coe.md.tmpl": "{{shout .R.Title}}\n"},
			`coe.md.tmpl:1: function "shout" not defined`, false},
		{"missing part", map[string]string{"coe.html.tmpl": "<!DOCTYPE html>\n{{template \"header\" .}}\n"},
			`coe.html.tmpl:2:11: no such template "header"`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			tpl, err := LoadTemplates(nil, dir, nil)
			if err == nil && tc.atRender {
				var b bytes.Buffer
				if strings.Contains(fmt.Sprint(tc.files), "md.tmpl") {
					err = tpl.Markdown(&b, c, ReportOptions{})
				} else {
					err = tpl.HTML(&b, c, ReportOptions{})
				}
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			want := filepath.Join(dir, tc.want)
			if err.Error() != want && !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error\n got %q\nwant %q", err, want)
			}
			var te *TemplateError
			if regexp.MustCompile(`\.tmpl:\d`).MatchString(tc.want) && !errors.As(err, &te) {
				t.Errorf("%T is not a *TemplateError", err)
			}
		})
	}
	if _, err := LoadTemplates(nil, filepath.Join(t.TempDir(), "nothing"), nil); err == nil || !strings.Contains(err.Error(), "templates folder") {
		t.Errorf("a missing folder: %v", err)
	}
}

// The reports ask the seven questions in the spec's order and wording.
func TestQuestionsInOrder(t *testing.T) {
	tpl := builtin(t)
	for _, c := range []*coe.COE{example(t, "2025-03-11-status-page-down-during-outage"), {Title: "Empty"}} {
		var md, page bytes.Buffer
		if err := tpl.Markdown(&md, c, ReportOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := tpl.HTML(&page, c, ReportOptions{}); err != nil {
			t.Fatal(err)
		}
		last := [2]int{-1, -1}
		for _, q := range coe.Questions() {
			for k, want := range []string{fmt.Sprintf("\n## %d. %s\n", q.Number, q.Text), fmt.Sprintf(`<span class="qn">%d.</span> %s</h2>`, q.Number, q.Text)} {
				out := []string{md.String(), page.String()}[k]
				i := strings.Index(out, want)
				if i < 0 || i < last[k] {
					t.Errorf("%q: question %d missing or out of order: %q", c.Title, q.Number, want)
				}
				last[k] = i
			}
		}
	}
}

// Text with pipes and line breaks stays in its table cell.
func TestMarkdownTablesHold(t *testing.T) {
	tpl := builtin(t)
	c := example(t, "2024-01-28-speaker-groups-stopped-playing")
	c.Timeline[0].Event = "a | b\nc || d \\| e"
	c.CorrectiveActions[0].Action = "x | y\n\n| z |"
	c.CorrectiveActions[0].Owner = "o|wner"
	var md bytes.Buffer
	if err := tpl.Markdown(&md, c, ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	doc := parseMarkdown(md.Bytes())
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if tbl, ok := n.(*extast.Table); ok && entering {
			cols := tbl.FirstChild().ChildCount()
			for row := tbl.FirstChild(); row != nil; row = row.NextSibling() {
				if row.ChildCount() != cols {
					t.Errorf("a row of %d cells in a table of %d columns", row.ChildCount(), cols)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	if !strings.Contains(md.String(), `| 1 | 2024-01-28 19:05 | a \| b c \|\| d \| e |`) {
		t.Errorf("timeline row:\n%s", md.String())
	}
}

// hasUnsafe looks at every text of a COE.
func TestHasUnsafeSeesEveryText(t *testing.T) {
	var paths []string
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.String:
			paths = append(paths, path)
		case reflect.Struct:
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					walk(v.Field(i), path+"."+f.Name)
				}
			}
		case reflect.Slice:
			if v.Len() > 0 {
				walk(v.Index(0), path+"[0]")
			}
		}
	}
	full := hostileCOE()
	walk(reflect.ValueOf(full).Elem(), "COE")
	for _, p := range paths {
		c := example(t, "2024-01-28-speaker-groups-stopped-playing")
		c.Timeline = c.Timeline[:1]
		c.SupportingData = c.SupportingData[:1]
		c.CorrectiveActions = c.CorrectiveActions[:1]
		c.Authors, c.Reviewers, c.Tags, c.Services, c.Related = []string{"a"}, []string{"a"}, []string{"a"}, []string{"a"}, []string{"a"}
		c.Reopened = []coe.Reopening{{By: "a", Reason: "a"}}
		c.CorrectiveActions[0].Evidence = []string{"a"}
		if hasUnsafe(c) {
			t.Fatal("the example has control characters")
		}
		v := reflect.ValueOf(c).Elem()
		for _, part := range strings.Split(p, ".")[1:] {
			name, index := part, false
			if strings.HasSuffix(part, "[0]") {
				name, index = strings.TrimSuffix(part, "[0]"), true
			}
			v = v.FieldByName(name)
			if index {
				v = v.Index(0)
			}
		}
		v.SetString(v.String() + "\x1b[2J")
		if !hasUnsafe(c) {
			t.Errorf("hasUnsafe misses %s", p)
		}
	}
}
