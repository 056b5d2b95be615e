package schema_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
	"github.com/coe-cli/coe/coe/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite golden files")

// compile compiles a generated schema as a validator would, with formats
// asserted (date-time, date) as editors do.
func compile(t *testing.T, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const loc = "file:///repo/coe.schema.json"
	if err := c.AddResource(loc, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// toJSON reads YAML as an editor's language server sees it.
func toJSON(t *testing.T, src string) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatalf("not YAML: %v\n%s", err, src)
	}
	v, err := schema.FromYAML(&n)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// lintErrors lints src as the file <id>.yaml under cfg and returns its
// errors (warnings do not fail a COE).
func lintErrors(t *testing.T, src string, cfg coe.Config) []lint.Diagnostic {
	t.Helper()
	name := "2024-04-02-search-returned-no-results.yaml"
	doc, err := coe.Parse(name, []byte(src), coe.ReadOptions{Severities: cfg.Severities, KeepNode: true})
	var errs []lint.Diagnostic
	for _, d := range lint.File(coe.LoadResult{Path: name, Doc: doc, Err: err}, lint.Options{Config: cfg}) {
		if d.Severity == lint.Error {
			errs = append(errs, d)
		}
	}
	return errs
}

func TestSchemaIsDraft202012(t *testing.T) {
	data := schema.Generate(coe.DefaultConfig())
	// The compiler checks the schema against the draft 2020-12 meta-schema.
	compile(t, data)
	// And explicitly: the meta-schema (built into the validator, no
	// network) accepts the schema as an instance.
	meta, err := jsonschema.NewCompiler().Compile(schema.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err := meta.Validate(doc); err != nil {
		t.Errorf("the draft 2020-12 meta-schema refuses the schema: %v", err)
	}
	var top map[string]any
	json.Unmarshal(data, &top)
	if top["$schema"] != "https://json-schema.org/draft/2020-12/schema" || top["$id"] != schema.ID {
		t.Errorf("$schema %v, $id %v", top["$schema"], top["$id"])
	}
	if !strings.Contains(top["description"].(string), schema.Limits) {
		t.Errorf("the description does not say what the schema cannot check")
	}
}

func TestGolden(t *testing.T) {
	got := schema.Generate(coe.DefaultConfig())
	if again := schema.Generate(coe.DefaultConfig()); !bytes.Equal(got, again) {
		t.Fatal("two runs gave different bytes")
	}
	golden := filepath.Join("testdata", "default.schema.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./coe/schema -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the schema differs from %s; review the change and run go test ./coe/schema -update", golden)
	}
}

// Every bundled example validates against the schema of the examples'
// config.
func TestExamplesValidate(t *testing.T) {
	r, err := coe.OpenRepo("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	sch := compile(t, schema.Generate(r.Config))
	files, err := r.Files()
	if err != nil || len(files) < 5 {
		t.Fatalf("examples: %v files, %v", len(files), err)
	}
	statuses := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v := toJSON(t, string(data))
		statuses[v.(map[string]any)["status"].(string)] = true
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
	if len(statuses) != len(coe.Statuses()) {
		t.Errorf("the examples cover the statuses %v; want all of %v", statuses, coe.Statuses())
	}
}

// base is a complete COE in review; the cases below change one thing.
const base = `# yaml-language-server: $schema=../coe.schema.json
version: 1
id: 2024-04-02-search-returned-no-results
title: Search returned no results
status: review
severity: sev3
authors: [dana]
reviewers: [kenji]
tags: [search]
services: [search-api]

incident:
  started_at: 2024-04-02T10:00:00+02:00
  detected_at: 2024-04-02T10:05:00+02:00

# 1. What happened?
what_happened: |
  Search returned nothing for 40 minutes.
timeline:
  - at: 2024-04-02T10:00:00+02:00
    event: Index swap.

# 2. What was the impact on customers and your business?
impact:
  customers: |
    All searches returned nothing.
  business: ""
  customers_affected: 1200

# 3. What was the root cause?
root_cause:
  summary: |
    The index swap pointed at an empty index.
  whys:
    - Why empty? The build failed silently.

# 4. What data do you have to support this?
supporting_data:
  - title: Search result counts
    link: https://dashboards.example.com/d/search

# 5. What were the critical implications, especially security?
implications:
  security: |
    None: no data was exposed.
  other: ""

# 6. What lessons did you learn?
lessons:
  - Index swaps need a size check.

# 7. What corrective actions are you taking to prevent this from happening again?
corrective_actions:
  - id: CA-1
    action: Check the index size before a swap.
    owner: dana
    due: 2024-05-01
    priority: high
    status: open
    tracker: SRCH-12
  - id: CA-2
    action: Alarm on empty result rates.
    owner: kenji
    due: 2024-05-15
    status: done
    done_at: 2024-04-20
    tracker: https://tracker.example.com/SRCH-13

related: []
`

// change applies old -> new replacements to base, each of which must match.
func change(t *testing.T, pairs ...string) string {
	t.Helper()
	s := base
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("the base COE has no %q", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

const approval = "approved_by: rosa\napproved_at: 2024-04-30T12:00:00Z\ntags:"

// What the reader and lint accept, the schema accepts.
func TestValid(t *testing.T) {
	cases := []struct {
		name  string
		pairs []string
	}{
		{"a complete COE in review", nil},
		{"a draft with nothing but the required fields", []string{base, "version: 1\nid: 2024-04-02-search-returned-no-results\ntitle: X\nstatus: draft\nseverity: sev1\n"}},
		{"a draft with empty sections", []string{"status: review", "status: draft", "what_happened: |\n  Search returned nothing for 40 minutes.\n", "what_happened: \"\"\n",
			"lessons:\n  - Index swaps need a size check.", "lessons: []", "  started_at: 2024-04-02T10:00:00+02:00\n", "",
			"    due: 2024-05-01\n", "    due: null\n", "timeline:\n  - at: 2024-04-02T10:00:00+02:00\n    event: Index swap.\n", "timeline: null\n"}},
		{"a number or boolean as text", []string{"title: Search returned no results", "title: 404", "event: Index swap.", "event: true"}},
		{"null and empty optional values", []string{"reviewers: [kenji]", "reviewers: null\napproved_by: \"\"\napproved_at: null",
			"    priority: high\n", "    priority: null\n", "tracker: SRCH-12", "tracker: \"\"", "detected_at: 2024-04-02T10:05:00+02:00", "detected_at: \"\"",
			"customers_affected: 1200", "customers_affected: null", "related: []", "related:"}},
		{"an approved COE", []string{"status: review", "status: approved", "tags:", approval}},
		{"a closed COE", []string{"status: review", "status: closed", "tags:", approval, "    status: open\n", "    status: wont-do\n"}},
		{"a fraction of a second and Z", []string{"10:05:00+02:00", "08:05:00.250Z"}},
		{"a ticket key that is a number", []string{"tracker: SRCH-12", "tracker: 1234"}},
		{"an http URL in capitals", []string{"link: https://dashboards.example.com/d/search", "link: HTTP://dashboards.example.com"}},
		{"an underscore in a number", []string{"customers_affected: 1200", "customers_affected: 1_200"}},
		{"only business impact", []string{"customers: |\n    All searches returned nothing.\n  business: \"\"", "business: Refunds."}},
		{"a blank lesson beside a real one", []string{"  - Index swaps need a size check.", "  - \"\"\n  - Index swaps need a size check."}},
		{"supporting data with a link only", []string{"  - title: Search result counts\n    link:", "  - link:"}},
		{"answers of the longest length, in characters", []string{"    None: no data was exposed.", "    " + strings.Repeat("é", coe.MaxAnswerLength-1),
			"event: Index swap.", "event: " + strings.Repeat("x", coe.MaxAnswerLength)}},
		{"a long title", []string{"title: Search returned no results", "title: " + strings.Repeat("x", coe.MaxAnswerLength+1)}},
	}
	sch := compile(t, schema.Generate(coe.DefaultConfig()))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := change(t, tc.pairs...)
			if errs := lintErrors(t, src, coe.DefaultConfig()); len(errs) > 0 {
				t.Fatalf("the case itself is wrong: coe lint finds %v", errs)
			}
			if err := sch.Validate(toJSON(t, src)); err != nil {
				t.Errorf("the schema refuses what coe accepts: %v", err)
			}
		})
	}
}

// What the reader or lint refuses, the schema refuses; each case names the
// lint rule that refuses it too.
func TestInvalid(t *testing.T) {
	cases := []struct {
		name  string
		rule  string
		pairs []string
	}{
		{"unknown key", "unknown-field", []string{"    owner: dana", "    ownr: dana\n    owner: dana"}},
		{"unknown top-level key", "unknown-field", []string{"tags: [search]", "tags: [search]\ntitel: x"}},
		{"bad status", "invalid-value", []string{"status: review", "status: reviewed"}},
		{"bad severity", "invalid-value", []string{"severity: sev3", "severity: sev5"}},
		{"bad priority", "invalid-value", []string{"priority: high", "priority: urgent"}},
		{"bad action status", "invalid-value", []string{"    status: open", "    status: closed"}},
		{"a date that does not exist", "invalid-value", []string{"due: 2024-05-01", "due: 2024-02-30"}},
		{"a date in another layout", "invalid-value", []string{"due: 2024-05-01", "due: 01/05/2024"}},
		{"a date without leading zeros", "invalid-value", []string{"due: 2024-05-01", "due: 2024-5-1"}},
		{"a timestamp without an offset", "invalid-value", []string{"detected_at: 2024-04-02T10:05:00+02:00", "detected_at: 2024-04-02T10:05:00"}},
		{"a date for a timestamp", "invalid-value", []string{"detected_at: 2024-04-02T10:05:00+02:00", "detected_at: 2024-04-02"}},
		{"a bad id", "invalid-value", []string{"id: 2024-04-02-search-returned-no-results", "id: 2024-04-02-Search"}},
		{"a bad action id", "invalid-value", []string{"id: CA-1", "id: CA-01"}},
		{"missing owner", "action-owner", []string{"    owner: dana\n", ""}},
		{"blank owner", "action-owner", []string{"owner: dana", "owner: \"  \""}},
		{"missing owner in a draft", "action-owner", []string{"status: review", "status: draft", "    owner: dana\n", ""}},
		{"missing action id", "action-id", []string{"  - id: CA-1\n    action:", "  - action:"}},
		{"review without what happened", "question-unanswered", []string{"what_happened: |\n  Search returned nothing for 40 minutes.\n", "what_happened: \"\"\n"}},
		{"review without impact", "question-unanswered", []string{"customers: |\n    All searches returned nothing.\n", "customers: \" \"\n"}},
		{"review without root cause", "question-unanswered", []string{"  summary: |\n    The index swap pointed at an empty index.\n", ""}},
		{"review without supporting data", "question-unanswered", []string{"  - title: Search result counts\n    link: https://dashboards.example.com/d/search\n", "  - title: \"\"\n"}},
		{"review without lessons", "question-unanswered", []string{"lessons:\n  - Index swaps need a size check.", "lessons: []"}},
		{"review without corrective actions", "question-unanswered", []string{base[strings.Index(base, "corrective_actions:\n"):strings.Index(base, "related:")], "corrective_actions: []\n\n"}},
		{"review without security", "security-unanswered", []string{"  security: |\n    None: no data was exposed.\n", "  security:\n"}},
		{"review without a start", "incident-start", []string{"  started_at: 2024-04-02T10:00:00+02:00\n", ""}},
		{"review with an action without a due date", "action-due", []string{"    due: 2024-05-01\n", ""}},
		{"review with a done action without done_at", "action-done-at", []string{"    done_at: 2024-04-20\n", ""}},
		{"approved without approval", "approval", []string{"status: review", "status: approved"}},
		{"approved with a blank approver", "approval", []string{"status: review", "status: approved", "tags:", approval, "approved_by: rosa", "approved_by: \"\""}},
		{"closed with an open action", "action-closed", []string{"status: review", "status: closed", "tags:", approval}},
		{"closed with an action without a status", "action-closed", []string{"status: review", "status: closed", "tags:", approval, "    status: open\n", ""}},
		{"version 2", "unsupported-version", []string{"version: 1", "version: 2"}},
		{"version as text", "wrong-type", []string{"version: 1", "version: \"1\""}},
		{"negative customers", "invalid-value", []string{"customers_affected: 1200", "customers_affected: -5"}},
		{"customers as text", "wrong-type", []string{"customers_affected: 1200", "customers_affected: many"}},
		{"an ftp link", "invalid-value", []string{"link: https://dashboards.example.com/d/search", "link: ftp://dashboards.example.com/d"}},
		{"a link that is not a URL", "invalid-value", []string{"link: https://dashboards.example.com/d/search", "link: the search dashboard"}},
		{"a tracker with a space", "invalid-value", []string{"tracker: SRCH-12", "tracker: SRCH 12"}},
		{"a tracker with another scheme", "invalid-value", []string{"tracker: SRCH-12", "tracker: ftp://tracker.example.com/1"}},
		{"a javascript tracker", "invalid-value", []string{"tracker: SRCH-12", "tracker: javascript:alert(1)"}},
		{"tags as text", "wrong-type", []string{"tags: [search]", "tags: search"}},
		{"incident as a list", "wrong-type", []string{"incident:\n  started_at: 2024-04-02T10:00:00+02:00\n  detected_at: 2024-04-02T10:05:00+02:00", "incident: [a]"}},
		{"a related id that is not an id", "invalid-value", []string{"related: []", "related: [search-outage]"}},
		{"a blank title", "required-field", []string{"title: Search returned no results", "title: \"\""}},
		{"no severity", "required-field", []string{"severity: sev3\n", ""}},
		{"a list as text", "wrong-type", []string{"event: Index swap.", "event: [a, b]"}},
		{"a pasted log as an answer", "answer-too-long", []string{"    None: no data was exposed.", "    " + strings.Repeat("é", coe.MaxAnswerLength)}},
		{"a long event", "answer-too-long", []string{"event: Index swap.", "event: " + strings.Repeat("x", coe.MaxAnswerLength+1)}},
		{"a long lesson", "answer-too-long", []string{"  - Index swaps need a size check.", "  - " + strings.Repeat("x", coe.MaxAnswerLength+1)}},
		{"a long why", "answer-too-long", []string{"    - Why empty? The build failed silently.", "    - " + strings.Repeat("x", coe.MaxAnswerLength+1)}},
		{"a long action", "answer-too-long", []string{"action: Check the index size before a swap.", "action: " + strings.Repeat("x", coe.MaxAnswerLength+1)}},
		{"a blank contributing factor", "factor-unknown", []string{"related: []", "contributing_factors: [capacity, \" \"]\nrelated: []"}},
		{"a contributing factor twice", "factor-duplicate", []string{"related: []", "contributing_factors: [capacity, capacity]\nrelated: []"}},
		{"too many contributing factors", "too-many-labels", []string{"related: []", "contributing_factors: [" + strings.Repeat("a, ", coe.MaxFactors) + "b]\nrelated: []"}},
		{"a long note", "answer-too-long", []string{"    link: https://dashboards.example.com/d/search", "    link: https://dashboards.example.com/d/search\n    note: " + strings.Repeat("x", coe.MaxAnswerLength+1)}},
	}
	sch := compile(t, schema.Generate(coe.DefaultConfig()))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := change(t, tc.pairs...)
			errs := lintErrors(t, src, coe.DefaultConfig())
			if !slices.ContainsFunc(errs, func(d lint.Diagnostic) bool { return d.Rule == tc.rule }) {
				t.Fatalf("the case itself is wrong: coe lint finds %v, not %s", errs, tc.rule)
			}
			if err := sch.Validate(toJSON(t, src)); err == nil {
				t.Errorf("the schema accepts what coe refuses [%s]", tc.rule)
			}
		})
	}
}

// The schema follows the repository's config: its severities, its owners
// roster, and the rules it turns off or down to warnings.
func TestConfig(t *testing.T) {
	cases := []struct {
		name  string
		cfg   coe.Config
		pairs []string
		valid bool
	}{
		{"custom severity", coe.Config{Severities: []string{"P0", "P1", "P2"}}, []string{"severity: sev3", "severity: P1"}, true},
		{"default severity in a custom list", coe.Config{Severities: []string{"P0", "P1", "P2"}}, nil, false},
		{"severities that YAML reads as numbers", coe.Config{Severities: []string{"1", "2", "3"}}, []string{"severity: sev3", "severity: 2"}, true},
		{"owner in the roster", coe.Config{Owners: []string{"dana", "kenji"}}, nil, true},
		{"owner not in the roster", coe.Config{Owners: []string{"dana", "kenji"}}, []string{"owner: kenji", "owner: mallory"}, false},
		{"no roster: anyone", coe.Config{}, []string{"owner: kenji", "owner: mallory"}, true},
		{"a roster entry with an e-mail: its handle", rosterConfig(t), []string{"owner: kenji", "owner: dana"}, true},
		{"a roster entry with an e-mail: not its e-mail", rosterConfig(t), []string{"owner: kenji", "owner: dana@example.com"}, false},
		{"a roster entry with an e-mail: others", rosterConfig(t), []string{"owner: kenji", "owner: mallory"}, false},
		{"roster rule off", coe.Config{Owners: []string{"dana"}, Rules: map[string]string{"owner-roster": "off"}}, nil, true},
		{"security rule off", coe.Config{Rules: map[string]string{"security-unanswered": "off"}},
			[]string{"  security: |\n    None: no data was exposed.\n", ""}, true},
		{"due rule a warning", coe.Config{Rules: map[string]string{"action-due": "warning"}}, []string{"    due: 2024-05-01\n", ""}, true},
		{"due rule an error", coe.Config{Rules: map[string]string{"action-due": "error"}}, []string{"    due: 2024-05-01\n", ""}, false},
		{"approval rule off", coe.Config{Rules: map[string]string{"approval": "off"}}, []string{"status: review", "status: approved"}, true},
		{"closed rule off", coe.Config{Rules: map[string]string{"action-closed": "off", "approval": "off"}}, []string{"status: review", "status: closed"}, true},
		{"owner rule off", coe.Config{Rules: map[string]string{"action-owner": "off"}}, []string{"    owner: dana\n", ""}, true},
		{"a factor of the taxonomy", factorConfig(t), []string{"related: []", "contributing_factors: [capacity, config-change]\nrelated: []"}, true},
		{"a factor not in the taxonomy", factorConfig(t), []string{"related: []", "contributing_factors: [capacity, confg-change]\nrelated: []"}, false},
		{"no taxonomy: any factor", coe.Config{}, []string{"related: []", "contributing_factors: [bad-luck]\nrelated: []"}, true},
		{"factor rule off", func() coe.Config {
			c := factorConfig(t)
			c.Rules = map[string]string{"factor-unknown": "off"}
			return c
		}(), []string{"related: []", "contributing_factors: [bad-luck]\nrelated: []"}, true},
		{"duplicate factor rule a warning", coe.Config{Rules: map[string]string{"factor-duplicate": "warning"}},
			[]string{"related: []", "contributing_factors: [capacity, capacity]\nrelated: []"}, true},
		{"question rule off", coe.Config{Rules: map[string]string{"question-unanswered": "off"}}, []string{"lessons:\n  - Index swaps need a size check.", "lessons: []"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.cfg.Severities == nil {
				tc.cfg.Severities = coe.DefaultSeverities()
			}
			src := change(t, tc.pairs...)
			errs := lintErrors(t, src, tc.cfg)
			if (len(errs) == 0) != tc.valid {
				t.Fatalf("the case itself is wrong: coe lint finds %v", errs)
			}
			err := compile(t, schema.Generate(tc.cfg)).Validate(toJSON(t, src))
			if (err == nil) != tc.valid {
				t.Errorf("valid %v, want %v: %v", err == nil, tc.valid, err)
			}
		})
	}
}

// rosterConfig is a config whose roster gives kenji plainly and dana with
// an e-mail.
func rosterConfig(t *testing.T) coe.Config {
	t.Helper()
	cfg, err := coe.ParseConfig(coe.ConfigName, []byte("owners:\n  - kenji\n  - {handle: dana, email: dana@example.com}\n"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// factorConfig is a config with a factors taxonomy, one entry described.
func factorConfig(t *testing.T) coe.Config {
	t.Helper()
	cfg, err := coe.ParseConfig(coe.ConfigName, []byte("factors:\n  - capacity\n  - {name: config-change, description: A change to configuration.}\n"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// With a taxonomy the schema lists its names, with their descriptions
// beside them for editors.
func TestFactorsEnum(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(schema.Generate(factorConfig(t)), &s); err != nil {
		t.Fatal(err)
	}
	items := s["properties"].(map[string]any)["contributing_factors"].(map[string]any)["items"].(map[string]any)
	if got := fmt.Sprint(items["enum"], items["enumDescriptions"]); got != "[capacity config-change] [ A change to configuration.]" {
		t.Errorf("items %v", items)
	}
}

// The rules the schema holds are lint's, each an error by default: the
// schema must not hold what lint does not. Rules is a copy.
func TestRulesAreLintRules(t *testing.T) {
	rules := schema.Rules()
	rules[0] = "changed"
	if schema.Rules()[0] == "changed" {
		t.Error("changing what Rules returned changed it")
	}
	for _, id := range schema.Rules() {
		r, ok := lint.LookupRule(id)
		if !ok {
			t.Errorf("%s: no such lint rule", id)
		} else if r.Default != lint.Error {
			t.Errorf("%s: a %s by default; the schema holds only errors", id, r.Default)
		}
	}
}

func TestFromYAML(t *testing.T) {
	got := toJSON(t, "at: 2024-01-28T19:05:00-06:00\nday: 2024-01-28\nn: 1_200\nbig: 12345678901234567890\nf: 1.5\nb: true\nq: \"42\"\nnil: ~\nlist: [a, 2]\n")
	want := map[string]any{
		"at": "2024-01-28T19:05:00-06:00", "day": "2024-01-28", "n": json.Number("1200"),
		"big": json.Number("12345678901234567890"), "f": json.Number("1.5"), "b": true, "q": "42",
		"nil": nil, "list": []any{"a", json.Number("2")},
	}
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if !bytes.Equal(gb, wb) {
		t.Errorf("got  %s\nwant %s", gb, wb)
	}
	var n yaml.Node
	yaml.Unmarshal([]byte("a: &x 1\nb: *x\n"), &n)
	if _, err := schema.FromYAML(&n); err == nil {
		t.Error("an alias converted; want an error, as the reader refuses aliases")
	}
}
