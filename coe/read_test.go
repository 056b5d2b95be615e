package coe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const minimal = `version: 1
id: 2024-01-28-speaker-groups
title: Speaker groups stopped playing together
status: draft
severity: sev2
`

func TestParseExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/coes/*.yaml")
	if err != nil || len(files) < 4 {
		t.Fatalf("examples: %v, %d files", err, len(files))
	}
	statuses := map[string]bool{}
	for _, f := range files {
		doc, err := ReadFile(f, ReadOptions{})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		c := doc.COE
		if c.ID+".yaml" != filepath.Base(f) {
			t.Errorf("%s: id %q does not match the file name", f, c.ID)
		}
		if c.Title == "" || c.WhatHappened == "" || len(c.CorrectiveActions) == 0 {
			t.Errorf("%s: decoded COE is missing content: %+v", f, c)
		}
		statuses[c.Status] = true
	}
	for _, s := range Statuses() {
		if !statuses[s] {
			t.Errorf("no example has status %q", s)
		}
	}
}

func TestParseFields(t *testing.T) {
	src := minimal + `authors: [steve, "dana"]
incident:
  started_at: 2024-01-28T19:05:00-06:00
  resolved_at: 2024-01-29T13:00:00Z
impact:
  customers_affected: 120_000
corrective_actions:
  - id: CA-1
    owner: dana
    due: 2024-02-15
    status: in-progress
`
	doc, err := Parse("x.yaml", []byte(src), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := doc.COE
	if c.Version != 1 || c.Severity != "sev2" || len(c.Authors) != 2 || c.Authors[1] != "dana" {
		t.Errorf("basic fields: %+v", c)
	}
	want := time.Date(2024, 1, 29, 1, 5, 0, 0, time.UTC)
	if !c.Incident.StartedAt.Equal(want) {
		t.Errorf("started_at = %v, want %v", c.Incident.StartedAt, want)
	}
	if _, off := c.Incident.StartedAt.Zone(); off != -6*3600 {
		t.Errorf("started_at lost its offset: %d", off)
	}
	if c.Impact.CustomersAffected == nil || *c.Impact.CustomersAffected != 120000 {
		t.Errorf("customers_affected = %v", c.Impact.CustomersAffected)
	}
	a := c.CorrectiveActions[0]
	if a.Due != (Date{2024, 2, 15}) || !a.Open() || c.OpenActions() != 1 {
		t.Errorf("action: %+v", a)
	}
}

// Every kind of bad input is an error naming file:line:col, the bad value
// and what was expected.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		rule      string
		want      string // substring of the message, with position
	}{
		{"empty", "", RuleEmptyFile, "bad.yaml:1:1: file is empty"},
		{"only comments", "# nothing\n\n", RuleEmptyFile, "bad.yaml:1:1: file is empty"},
		{"null document", "~\n", RuleEmptyFile, "file holds no COE"},
		{"top level list", "- a\n- b\n", RuleWrongType, "bad.yaml:1:1: top level is a list; expected a mapping"},
		{"top level text", "hello\n", RuleWrongType, `top level is the text "hello"`},
		{"syntax", minimal + "title: [unclosed\n", RuleSyntax, "bad.yaml:6:1: invalid YAML: did not find expected ',' or ']'"},
		{"bad indentation", minimal + "incident:\n  started_at: 2024-01-28T19:05:00Z\n detected_at: 2024-01-28T19:05:00Z\n", RuleSyntax, "bad.yaml:8:2: invalid YAML: did not find expected key"},
		{"key without colon", minimal + "title\nauthors: []\n", RuleSyntax, "bad.yaml:6:1: invalid YAML: could not find expected ':'"},
		{"tab indent", minimal + "incident:\n\tstarted_at: x\n", RuleSyntax, "invalid YAML"},
		{"two documents", minimal + "---\nversion: 1\n", RuleMultipleDocs, "bad.yaml:6:1: a second YAML document"},
		{"non utf8", minimal + "title: caf\xe9\n", RuleEncoding, "bad.yaml:6:11: invalid UTF-8"},
		{"unknown key", minimal + "titel: x\n", RuleUnknownField, `bad.yaml:6:1: unexpected key "titel" in the COE; did you mean "title"?`},
		{"unknown nested key", minimal + "corrective_actions:\n  - id: CA-1\n    ownr: dana\n", RuleUnknownField,
			`bad.yaml:8:5: unexpected key "ownr" in corrective_actions[0]; did you mean "owner"? expected one of "id", "action", "owner"`},
		{"duplicate key", minimal + "title: again\n", RuleDuplicateKey, `bad.yaml:6:1: duplicate key "title" in the COE (first at line 3)`},
		{"wrong type list for text", minimal + "what_happened: [a]\n", RuleWrongType, "bad.yaml:6:16: what_happened is a list; expected a text"},
		{"wrong type text for list", minimal + "authors: steve\n", RuleWrongType, `bad.yaml:6:10: authors is the text "steve"; expected a list, like [a, b]`},
		{"wrong type mapping", minimal + "incident: yesterday\n", RuleWrongType, `incident is the text "yesterday"; expected a mapping with keys "started_at"`},
		{"bad status", strings.Replace(minimal, "status: draft", "status: done", 1), RuleInvalidValue,
			`bad.yaml:4:9: invalid status "done"; expected one of "draft", "review", "approved", "closed"`},
		{"bad severity", strings.Replace(minimal, "sev2", "critical", 1), RuleInvalidValue, `invalid severity "critical"; expected one of "sev1", "sev2", "sev3", "sev4"`},
		{"bad priority", minimal + "corrective_actions:\n  - id: CA-1\n    priority: urgent\n", RuleInvalidValue, `bad.yaml:8:15: invalid corrective_actions[0].priority "urgent"; expected one of "high", "medium", "low"`},
		{"bad date", minimal + "corrective_actions:\n  - id: CA-1\n    due: 2024-02-30\n", RuleInvalidValue, `bad.yaml:8:10: corrective_actions[0].due: invalid date "2024-02-30"; expected YYYY-MM-DD`},
		{"date with time", minimal + "corrective_actions:\n  - id: CA-1\n    due: 2024-02-03T10:00:00Z\n", RuleInvalidValue, `invalid date "2024-02-03T10:00:00Z"`},
		{"timestamp without offset", minimal + "incident:\n  started_at: 2024-01-28T19:05:00\n", RuleInvalidValue,
			`bad.yaml:7:15: incident.started_at: invalid timestamp "2024-01-28T19:05:00"; expected RFC 3339 with an offset`},
		{"timestamp with space", minimal + "incident:\n  started_at: 2024-01-28 19:05\n", RuleInvalidValue, `invalid timestamp "2024-01-28 19:05"`},
		{"negative count", minimal + "impact:\n  customers_affected: -3\n", RuleInvalidValue, `invalid impact.customers_affected "-3"; expected a whole number of 0 or more`},
		{"count text", minimal + "impact:\n  customers_affected: many\n", RuleWrongType, `impact.customers_affected is the text "many"; expected a whole number`},
		{"version 2", strings.Replace(minimal, "version: 1", "version: 2", 1), RuleVersion, `bad.yaml:1:10: unsupported version "2"`},
		{"version text", strings.Replace(minimal, "version: 1", "version: one", 1), RuleWrongType, `version is the text "one"; expected 1`},
		{"bad id", strings.Replace(minimal, "2024-01-28-speaker-groups", "Speaker_Groups", 1), RuleInvalidValue, `bad.yaml:2:5: invalid id "Speaker_Groups"; expected YYYY-MM-DD-slug`},
		{"bad action id", minimal + "corrective_actions:\n  - id: A1\n", RuleInvalidValue, `invalid corrective_actions[0].id "A1"; expected CA-<n>`},
		{"javascript link", minimal + "supporting_data:\n  - title: x\n    link: javascript:alert(1)\n", RuleInvalidValue, `invalid supporting_data[0].link "javascript:alert(1)"`},
		{"relative link", minimal + "supporting_data:\n  - title: x\n    link: /d/groups\n", RuleInvalidValue, `expected an absolute URL`},
		{"tracker with spaces", minimal + "corrective_actions:\n  - id: CA-1\n    tracker: see the ticket\n", RuleInvalidValue, `invalid corrective_actions[0].tracker "see the ticket"`},
		{"related bad id", minimal + "related: [not-an-id]\n", RuleInvalidValue, `bad.yaml:6:11: invalid related id "not-an-id"`},
		{"alias", minimal + "tags: &t [a]\nservices: *t\n", RuleAlias, "bad.yaml:6:7: anchor &t: COE files may not use YAML anchors and aliases"},
		{"merge key", minimal + "incident: &i {}\nimpact:\n  <<: *i\n", RuleAlias, "anchors and aliases"},
		{"custom tag", minimal + "what_happened: !!binary aGk=\n", RuleWrongType, "what_happened has the tag !!binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("bad.yaml", []byte(tt.src), ReadOptions{})
			if err == nil {
				t.Fatalf("no error; decoded %+v", doc.COE)
			}
			errs := Errors(err)
			if len(errs) == 0 {
				t.Fatalf("error carries no position: %v", err)
			}
			if errs[0].Rule != tt.rule {
				t.Errorf("rule = %q, want %q (%v)", errs[0].Rule, tt.rule, err)
			}
			if errs[0].Line < 1 || errs[0].Col < 1 {
				t.Errorf("no line and column: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tt.want)
			}
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	src := minimal + "titel: x\nauthors: steve\ncorrective_actions:\n  - id: CA-1\n    due: tomorrow\n    priority: urgent\n"
	_, err := Parse("bad.yaml", []byte(src), ReadOptions{})
	errs := Errors(err)
	if len(errs) != 4 {
		t.Fatalf("want 4 errors, got %d:\n%v", len(errs), err)
	}
	for i := 1; i < len(errs); i++ {
		if errs[i].Line < errs[i-1].Line {
			t.Errorf("errors not sorted by line:\n%v", err)
		}
	}
}

func TestParseAcceptsBOMAndCRLF(t *testing.T) {
	src := "\xef\xbb\xbf" + strings.ReplaceAll(minimal+"what_happened: |\n  one\n  two\n", "\n", "\r\n")
	doc, err := Parse("crlf.yaml", []byte(src), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.COE.WhatHappened != "one\ntwo\n" {
		t.Errorf("what_happened = %q", doc.COE.WhatHappened)
	}
	if doc.COE.Version != 1 {
		t.Errorf("version = %d", doc.COE.Version)
	}
}

func TestParseSeveritiesFromConfig(t *testing.T) {
	src := strings.Replace(minimal, "sev2", "P1", 1)
	if _, err := Parse("x.yaml", []byte(src), ReadOptions{Severities: []string{"P0", "P1"}}); err != nil {
		t.Errorf("P1 refused with a P0/P1 config: %v", err)
	}
	if _, err := Parse("x.yaml", []byte(minimal), ReadOptions{Severities: []string{"P0", "P1"}}); err == nil {
		t.Error("sev2 accepted with a P0/P1 config")
	}
}

func TestReadFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.yaml")
	big := minimal + "what_happened: |\n" + strings.Repeat("  "+strings.Repeat("x", 98)+"\n", MaxFileSize/100+10)
	if err := os.WriteFile(p, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := ReadFile(p, ReadOptions{})
	if l := Errors(err); len(l) != 1 || l[0].Rule != RuleFileTooLarge || !strings.Contains(err.Error(), "at most 1048576 bytes") {
		t.Fatalf("want a file-too-large error, got %v", err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("refusing a large file took %v", d)
	}
}

// A billion-laughs file is refused at the first anchor, quickly.
func TestAliasBombRefusedQuickly(t *testing.T) {
	var b strings.Builder
	b.WriteString(minimal + "tags: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("x" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	start := time.Now()
	_, err := Parse("bomb.yaml", []byte(b.String()), ReadOptions{})
	if l := Errors(err); len(l) == 0 || l[0].Rule != RuleAlias {
		t.Fatalf("alias bomb not refused as an alias: %v", err)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("alias bomb took %v", d)
	}
}

func TestDeepNestingIsAnError(t *testing.T) {
	src := minimal + "what_happened: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"
	start := time.Now()
	_, err := Parse("deep.yaml", []byte(src), ReadOptions{})
	if err == nil {
		t.Fatal("deep nesting accepted")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("deep nesting took %v", d)
	}
}

func TestLookupPositions(t *testing.T) {
	src := minimal + "corrective_actions:\n  - id: CA-1\n    owner: dana\n  - id: CA-2\n    action: no owner\n"
	doc, err := Parse("x.yaml", []byte(src), ReadOptions{KeepNode: true})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path  string
		found bool
		pos   Position
	}{
		{"corrective_actions[0].owner", true, Position{8, 12}},
		{"corrective_actions[1].owner", false, Position{9, 5}}, // where the action starts
		{"corrective_actions[1]", true, Position{9, 5}},
		{"title", true, Position{3, 8}},
		{"incident.started_at", false, Position{1, 1}},
	}
	for _, tt := range tests {
		_, _, found := doc.Lookup(tt.path)
		if found != tt.found {
			t.Errorf("Lookup(%q) found = %v, want %v", tt.path, found, tt.found)
		}
		if got := doc.Pos(tt.path); got != tt.pos {
			t.Errorf("Pos(%q) = %v, want %v", tt.path, got, tt.pos)
		}
	}
	if got := doc.KeyPos("title"); got != (Position{3, 1}) {
		t.Errorf("KeyPos(title) = %v", got)
	}
}

func TestParseDateAndTime(t *testing.T) {
	for _, s := range []string{"2024-02-29", "1999-12-31"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}
	for _, s := range []string{"2023-02-29", "2024-2-3", "2024-02-03 ", "24-02-03", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	for _, s := range []string{"2024-01-28T19:05:00-06:00", "2024-01-28T19:05:00Z", "2024-01-28T19:05:00.5+05:30"} {
		tm, err := ParseTime(s)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", s, err)
		}
		if FormatTime(tm) != s {
			t.Errorf("FormatTime(ParseTime(%q)) = %q", s, FormatTime(tm))
		}
	}
	for _, s := range []string{"2024-01-28T19:05:00", "2024-01-28", "2024-01-28 19:05:00Z", "yesterday"} {
		if _, err := ParseTime(s); err == nil {
			t.Errorf("ParseTime(%q) accepted", s)
		}
	}
}
