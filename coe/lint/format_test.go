package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint/sariftest"
)

// formatCase lints testdata/format, a repository whose files break rules
// in ways that stress the formats: wide characters and a tab before the
// column, a line longer than a terminal, an escape character in the
// source, a syntax error, a folder named like a COE (a problem with no
// line), and messages with %, : and , for the GitHub escaping.
func formatCase(t *testing.T) (Result, func(string) []byte) {
	t.Helper()
	root := filepath.Join("testdata", "format")
	data, err := os.ReadFile(filepath.Join(root, coe.ConfigName))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := coe.ParseConfig(coe.ConfigName, data)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(root, "coes"))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, filepath.Join(root, "coes", e.Name()))
	}
	display := func(p string) string {
		rel, _ := filepath.Rel(root, p)
		return filepath.ToSlash(rel)
	}
	res := Run(Input{Files: files, Display: display}, Options{Config: cfg, AsOf: testAsOf})
	source := func(path string) []byte {
		data, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
		return data
	}
	return res, source
}

// golden compares got with testdata/format/<name>, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "format", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and review the diff)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestFormatCase(t *testing.T) {
	res, _ := formatCase(t)
	seen := map[string]bool{}
	for _, d := range res.Diagnostics {
		seen[d.Rule] = true
	}
	for _, rule := range []string{coe.RuleSyntax, coe.RuleReadFile, coe.RuleInvalidValue, RuleOwnerRoster, RuleActionOwner, RuleActionOverdue, RuleTimesOrder, RuleRelatedExists} {
		if !seen[rule] {
			t.Errorf("testdata/format finds no %s; the formats should show one", rule)
		}
	}
	if res.Files != 5 || res.Errors == 0 || res.Warnings == 0 {
		t.Errorf("files %d, errors %d, warnings %d", res.Files, res.Errors, res.Warnings)
	}
}

func TestWriteText(t *testing.T) {
	res, source := formatCase(t)
	var plain, withSource, colour bytes.Buffer
	if err := WriteText(&plain, res.Diagnostics, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "text.golden", plain.Bytes())
	for i, line := range strings.Split(strings.TrimSuffix(plain.String(), "\n"), "\n") {
		if line != safeText(res.Diagnostics[i].String()) {
			t.Errorf("line %d is not Diagnostic.String():\n%s\n%s", i+1, line, res.Diagnostics[i])
		}
	}
	if err := WriteText(&withSource, res.Diagnostics, TextOptions{Source: source, Width: 80}); err != nil {
		t.Fatal(err)
	}
	golden(t, "text-source.golden", withSource.Bytes())
	if err := WriteText(&colour, res.Diagnostics, TextOptions{Source: source, Width: 80, Color: true}); err != nil {
		t.Fatal(err)
	}
	golden(t, "text-color.golden", colour.Bytes())
	ansi := regexp.MustCompile(`\x1b\[[0-9;]*m`)
	if got := ansi.ReplaceAllString(colour.String(), ""); got != withSource.String() {
		t.Errorf("colour changes more than colours:\n%s", got)
	}
	for _, out := range []string{plain.String(), withSource.String()} {
		if strings.ContainsRune(out, '\x1b') {
			t.Error("an escape character from a file reached the output")
		}
	}
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct {
		name  string
		line  string
		col   int
		width int
		want  string
	}{
		{"start", "ownr: dana", 1, 0, "  |\n1 | ownr: dana\n  | ^\n"},
		{"middle", "  owner: dnaa", 10, 0, "  |\n1 |   owner: dnaa\n  |          ^\n"},
		{"tab", "a:\tb: c", 5, 0, "  |\n1 | a:    b: c\n  |        ^\n"},
		{"wide", "tags: [障害, x]", 12, 0, "  |\n1 | tags: [障害, x]\n  |              ^\n"},
		{"combining", "e\u0301e: x", 3, 0, "  |\n1 | e\u0301e: x\n  |  ^\n"},
		{"control", "a: \x1b[2J", 4, 0, "  |\n1 | a: ^[[2J\n  |    ^\n"},
		{"past the end", "key:", 6, 0, "  |\n1 | key:\n  |      ^\n"},
		{"long, caret late", strings.Repeat("a", 50) + "X" + strings.Repeat("b", 50), 51, 40,
			"  |\n1 | …" + strings.Repeat("a", 16) + "X" + strings.Repeat("b", 17) + "…\n  | " + strings.Repeat(" ", 17) + "^\n"},
		{"long, caret early", "X" + strings.Repeat("b", 100), 1, 40, "  |\n1 | X" + strings.Repeat("b", 33) + "…\n  | ^\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			d := Diagnostic{Path: "a.yaml", Line: 1, Col: tc.col, Severity: Error, Rule: "r", Message: "m"}
			if err := WriteText(&b, []Diagnostic{d}, TextOptions{Source: func(string) []byte { return []byte(tc.line + "\n") }, Width: tc.width}); err != nil {
				t.Fatal(err)
			}
			_, got, _ := strings.Cut(b.String(), "\n")
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	e := func(p string) Diagnostic { return Diagnostic{Path: p, Severity: Error} }
	w := func(p string) Diagnostic { return Diagnostic{Path: p, Severity: Warning} }
	for _, tc := range []struct {
		ds    []Diagnostic
		files int
		want  string
	}{
		{nil, 6, "no problems in 6 files"},
		{nil, 1, "no problems in 1 file"},
		{[]Diagnostic{e("a"), e("a"), e("b"), w("b")}, 6, "3 errors and 1 warning in 2 of 6 files"},
		{[]Diagnostic{e("a")}, 1, "1 error in 1 of 1 file"},
		{[]Diagnostic{w("a"), w("b")}, 12000, "2 warnings in 2 of 12,000 files"},
	} {
		if got := Summary(tc.ds, tc.files); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	res, _ := formatCase(t)
	var b bytes.Buffer
	if err := WriteJSON(&b, res.Diagnostics, res.Files); err != nil {
		t.Fatal(err)
	}
	golden(t, "json.golden", b.Bytes())
	var out struct {
		Diagnostics []map[string]any `json:"diagnostics"`
		Errors      int              `json:"errors"`
		Warnings    int              `json:"warnings"`
		Files       int              `json:"files"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Diagnostics) != len(res.Diagnostics) || out.Errors != res.Errors || out.Warnings != res.Warnings || out.Files != res.Files {
		t.Errorf("counts: %+v", out)
	}
	for _, d := range out.Diagnostics {
		for _, k := range []string{"path", "line", "column", "severity", "rule", "message"} {
			if _, ok := d[k]; !ok {
				t.Errorf("diagnostic without %q: %v", k, d)
			}
		}
	}

	b.Reset()
	if err := WriteJSON(&b, nil, 3); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"diagnostics\": [],\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"files\": 3\n}\n"; b.String() != want {
		t.Errorf("no diagnostics: got %s, want %s", b.String(), want)
	}
}

// TestGitHubEscaping checks the escaping of workflow commands against the
// rules of the actions toolkit (toolkit/packages/core/src/command.ts):
// escapeData replaces % CR LF with %25 %0D %0A; escapeProperty does too,
// and : , with %3A %2C. % goes first, so an escape is never escaped again.
func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain text", "plain text", "plain text"},
		{"100%", "100%25", "100%25"},
		{"%0A is not a line break", "%250A is not a line break", "%250A is not a line break"},
		{"two\nlines\r\n", "two%0Alines%0D%0A", "two%0Alines%0D%0A"},
		{"a: b, c", "a: b, c", "a%3A b%2C c"},
		{"coes/a,b:c.yaml", "coes/a,b:c.yaml", "coes/a%2Cb%3Ac.yaml"},
		{"::error::", "::error::", "%3A%3Aerror%3A%3A"},
		{"%3A", "%253A", "%253A"},
		{"é ü 障害", "é ü 障害", "é ü 障害"},
	} {
		if got := EscapeData(tc.in); got != tc.data {
			t.Errorf("EscapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := EscapeProperty(tc.in); got != tc.prop {
			t.Errorf("EscapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

// TestWriteGitHub checks the commands GitHub reads: each line parses as
// ::command key=value,...::message (the runner splits properties at "," and
// each at the first "="), and unescaping gives back the diagnostic.
func TestWriteGitHub(t *testing.T) {
	res, _ := formatCase(t)
	ds := append(res.Diagnostics, Diagnostic{Path: "coes/odd, name: x.yaml", Line: 3, Col: 1, Severity: Warning, Rule: "r", Message: "50% done\nsecond line: a, b"})
	var b bytes.Buffer
	if err := WriteGitHub(&b, ds); err != nil {
		t.Fatal(err)
	}
	golden(t, "github.golden", b.Bytes()[:bytes.LastIndex(b.Bytes()[:b.Len()-1], []byte("\n"))+1])
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(ds) {
		t.Fatalf("%d lines for %d diagnostics", len(lines), len(ds))
	}
	cmdRe := regexp.MustCompile(`^::(error|warning) ([^:]*)::(.*)$`)
	for i, line := range lines {
		d := ds[i]
		m := cmdRe.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not a workflow command: %q", line)
			continue
		}
		if m[1] != string(d.Severity) {
			t.Errorf("%q: command %s for %s", line, m[1], d.Severity)
		}
		props := map[string]string{}
		for _, p := range strings.Split(m[2], ",") {
			k, v, _ := strings.Cut(p, "=")
			props[k] = unescape.Replace(v)
		}
		if props["file"] != d.Path {
			t.Errorf("%q: file %q, want %q", line, props["file"], d.Path)
		}
		if d.Line > 0 && (props["line"] != strconv.Itoa(d.Line) || props["col"] != strconv.Itoa(d.Col)) {
			t.Errorf("%q: line %q col %q", line, props["line"], props["col"])
		}
		if _, ok := props["line"]; d.Line == 0 && ok {
			t.Errorf("%q: a line for a problem with the whole file", line)
		}
		if props["title"] != "coe lint: "+d.Rule {
			t.Errorf("%q: title %q", line, props["title"])
		}
		if got := unescape.Replace(m[3]); got != d.Message {
			t.Errorf("%q: message %q, want %q", line, got, d.Message)
		}
	}
}

func TestWriteSARIF(t *testing.T) {
	res, _ := formatCase(t)
	var b bytes.Buffer
	if err := WriteSARIF(&b, res.Diagnostics, SARIFOptions{Version: "v1.2.3", InformationURI: "https://github.com/coe-cli/coe"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "sarif.golden", b.Bytes())
	validateSARIF(t, b.Bytes())

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID                   string
						ShortDescription     struct{ Text string }
						FullDescription      struct{ Text string }
						Help                 struct{ Text, Markdown string }
						DefaultConfiguration struct {
							Enabled *bool
							Level   string
						}
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           *struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	drv := run.Tool.Driver
	if drv.Name != "coe" || drv.Version != "v1.2.3" || drv.InformationURI == "" {
		t.Errorf("driver: %+v", drv)
	}
	if len(drv.Rules) != len(Rules()) {
		t.Errorf("%d rules, want %d", len(drv.Rules), len(Rules()))
	}
	for i, r := range Rules() {
		got := drv.Rules[i]
		// SARIF has no level "off": a rule off by default is disabled.
		level, enabled := string(r.Default), true
		if r.Default == Off {
			level, enabled = string(Warning), false
		}
		if got.ID != r.ID || got.ShortDescription.Text != r.Summary || got.FullDescription.Text == "" ||
			got.Help.Text != r.Explanation || !strings.Contains(got.Help.Markdown, "```yaml\n") || got.DefaultConfiguration.Level != level ||
			(got.DefaultConfiguration.Enabled == nil) != enabled || (!enabled && *got.DefaultConfiguration.Enabled) {
			t.Errorf("rule %d: %+v", i, got)
		}
	}
	if len(run.Results) != len(res.Diagnostics) {
		t.Fatalf("%d results for %d diagnostics", len(run.Results), len(res.Diagnostics))
	}
	for i, r := range run.Results {
		d := res.Diagnostics[i]
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID != d.Rule || drv.Rules[r.RuleIndex].ID != d.Rule || r.Level != string(d.Severity) || r.Message.Text != d.Message ||
			loc.ArtifactLocation.URI != d.Path || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: %+v for %s", i, r, d)
		}
		if d.Line > 0 && (loc.Region == nil || loc.Region.StartLine != d.Line || loc.Region.StartColumn != d.Col) {
			t.Errorf("result %d: region %+v for %s", i, loc.Region, d)
		}
		if d.Line == 0 && loc.Region != nil {
			t.Errorf("result %d: a region for a problem with the whole file", i)
		}
	}

	// No diagnostics: still a valid log, with an empty results list.
	b.Reset()
	if err := WriteSARIF(&b, nil, SARIFOptions{Version: "(devel)"}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, b.Bytes())
	if !bytes.Contains(b.Bytes(), []byte(`"results": []`)) {
		t.Error("no diagnostics: results should be []")
	}
}

// validateSARIF fails unless data is a valid SARIF 2.1.0 log.
func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	if err := sariftest.Validate(data); err != nil {
		t.Errorf("the SARIF output is not valid SARIF 2.1.0: %v\n%s", err, data)
	}
}

// FuzzSnippet shows arbitrary source lines with a caret at any column: it
// must never panic, never send a control character, and always print the
// three lines of a snippet.
//
//	go test ./coe/lint -run '^$' -fuzz FuzzSnippet -fuzztime 30s
func FuzzSnippet(f *testing.F) {
	f.Add("ownr: dana", 1, 0)
	f.Add("tags: [障害,\t\x1b[2J]", 9, 30)
	f.Add(strings.Repeat("e\u0301", 100), 150, 40)
	f.Add("\xff\xfe", 2, 10)
	f.Fuzz(func(t *testing.T, line string, col, width int) {
		if line == "" || col < 1 || col > 10000 || width < 0 || width > 1000 || strings.ContainsAny(line, "\n") {
			return
		}
		var b bytes.Buffer
		d := Diagnostic{Path: "a.yaml", Line: 1, Col: col, Severity: Warning, Rule: "r", Message: "m"}
		if err := WriteText(&b, []Diagnostic{d}, TextOptions{Source: func(string) []byte { return []byte(line) }, Width: width}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if n := strings.Count(out, "\n"); n != 4 {
			t.Errorf("%d lines:\n%s", n, out)
		}
		for _, r := range out {
			if r != '\n' && r != '\t' && r < 0x20 || r == 0x7f {
				t.Fatalf("control character %U sent:\n%q", r, out)
			}
		}
	})
}
