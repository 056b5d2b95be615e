package lint

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/coe-cli/coe/coe"
)

var update = flag.Bool("update", false, "rewrite the testdata/err/*.out golden files")

// testAsOf is "today" for the testdata cases: after the incidents of May
// 2024, before most due dates.
var testAsOf = coe.Date{Year: 2024, Month: 6, Day: 1}

// loadCase reads a folder of COE files the way `coe lint` reads a
// repository: its .coe.yaml when it has one, every *.yaml and *.yml entry
// (a folder named like a COE file too, for read-error), KeepNode on. Paths
// in diagnostics are relative to base, with forward slashes.
func loadCase(t *testing.T, dir, base string) ([]coe.LoadResult, coe.Config) {
	t.Helper()
	cfg := coe.DefaultConfig()
	if data, err := os.ReadFile(filepath.Join(dir, coe.ConfigName)); err == nil {
		if cfg, err = coe.ParseConfig(filepath.Join(dir, coe.ConfigName), data); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			files = append(files, filepath.Join(dir, name))
		}
	}
	display := func(p string) string {
		rel, err := filepath.Rel(base, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(rel)
	}
	return coe.LoadFiles(files, coe.ReadOptions{Severities: cfg.Severities, KeepNode: true}, display), cfg
}

func render(ds []Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// noGoldenCase lists the rules whose case cannot live in testdata: a file
// over 1 MiB. TestFileTooLarge covers it.
var noGoldenCase = map[string]bool{coe.RuleFileTooLarge: true}

// caseName is the folder of a rule's case in testdata/err: the rule's id,
// after its group's name for a rule of a group (quality-blame).
func caseName(r Rule) string {
	if r.Group != "" {
		return r.Group + "-" + r.ID
	}
	return r.ID
}

// TestErr lints each testdata/err/<rule-id>/ folder (<group>-<rule-id>/
// for a rule of a group) and compares the diagnostics with
// testdata/err/<folder>.out. Run with -update to rewrite the .out files,
// then review the diff like code. The quality group is off in the cases of
// other rules (unless the case's .coe.yaml sets it), so that each case
// shows its rule; its own cases run it on drafts too (AllRules).
func TestErr(t *testing.T) {
	base := filepath.Join("testdata", "err")
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		cases[name] = true
		t.Run(name, func(t *testing.T) {
			rule := name
			for _, g := range Groups() {
				rule = strings.TrimPrefix(rule, g.ID+"-")
			}
			if r, ok := LookupRule(rule); !ok || caseName(r) != name {
				t.Fatalf("testdata/err/%s is not named after a rule", name)
			}
			results, cfg := loadCase(t, filepath.Join(base, name), base)
			opts := Options{Config: cfg, AsOf: testAsOf}
			if RuleGroup(rule) == GroupQuality {
				opts.AllRules = true
			} else if _, set := cfg.Rules[GroupQuality]; !set {
				opts.Config.Rules = map[string]string{GroupQuality: "off"}
				for id, level := range cfg.Rules {
					opts.Config.Rules[id] = level
				}
			}
			ds := Repository(results, opts)
			got := render(ds)
			golden := filepath.Join(base, name+".out")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("diagnostics differ from %s (run go test -update and review the diff)\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
			if !strings.Contains(got, "["+rule+"]\n") {
				t.Errorf("the case of %s does not report it", rule)
			}
			for _, d := range ds {
				checkDiagnostic(t, d)
			}
		})
	}
	for _, r := range Rules() {
		if !cases[caseName(r)] && !noGoldenCase[r.ID] {
			t.Errorf("rule %s has no case in testdata/err/%s/", r.ID, caseName(r))
		}
	}
}

// checkDiagnostic asserts what holds for every diagnostic.
func checkDiagnostic(t *testing.T, d Diagnostic) {
	t.Helper()
	if _, ok := LookupRule(d.Rule); !ok {
		t.Errorf("%s: unknown rule %q", d, d.Rule)
	}
	if d.Severity != Error && d.Severity != Warning {
		t.Errorf("%s: bad severity %q", d, d.Severity)
	}
	if d.Line < 0 || d.Col < 0 || (d.Line > 0) != (d.Col > 0) {
		t.Errorf("%s: bad position %d:%d", d, d.Line, d.Col)
	}
	if d.Message == "" || strings.ContainsRune(d.Message, '\n') {
		t.Errorf("%s: message empty or on several lines", d)
	}
}

// TestOK lints good COEs at every status: no diagnostics at all.
func TestOK(t *testing.T) {
	dir := filepath.Join("testdata", "ok")
	results, cfg := loadCase(t, dir, dir)
	statuses := map[string]bool{}
	for _, r := range results {
		if r.Doc != nil {
			statuses[r.Doc.COE.Status] = true
		}
	}
	for _, s := range coe.Statuses() {
		if !statuses[s] {
			t.Errorf("testdata/ok has no COE at status %s", s)
		}
	}
	if len(cfg.Owners) == 0 {
		t.Error("testdata/ok/.coe.yaml should have an owners roster, so owner-roster runs")
	}
	if ds := Repository(results, Options{Config: cfg, AsOf: testAsOf}); len(ds) > 0 {
		t.Errorf("good COEs got diagnostics:\n%s", render(ds))
	}
}

// TestExamples lints the example repository: no errors, and exactly the
// overdue warnings expected on a fixed day.
func TestExamples(t *testing.T) {
	r, results := loadRepo(t, filepath.Join("..", "..", "examples"))
	if len(results) < 5 {
		t.Fatalf("found %d example COEs; expected at least 5", len(results))
	}
	ds := Repository(results, Options{Config: r.Config, AsOf: coe.Date{Year: 2026, Month: 11, Day: 23}})
	want := strings.Join([]string{
		`coes/2024-01-28-speaker-groups-stopped-playing.yaml:139:10: warning: corrective action CA-4 "Raise the firmware token buffer to 1 KB and return a..." is 876 days overdue: due 2024-06-30 and still open [action-overdue]`,
		`coes/2025-03-11-status-page-down-during-outage.yaml:145:10: warning: corrective action CA-4 "Trigger the phone message and agent banner from the..." is 511 days overdue: due 2025-06-30 and still in progress [action-overdue]`,
		`coes/2025-03-11-status-page-down-during-outage.yaml:157:10: warning: corrective action CA-5 "Run a quarterly game day in which the platform hosting..." is 419 days overdue: due 2025-09-30 and still open [action-overdue]`,
		`coes/2025-08-18-orthopaedic-shoe-prescription-lost-between-providers.yaml:139:10: warning: corrective action CA-3 "Inventory every mailbox, list and number that receives..." is 360 days overdue: due 2025-11-28 and still in progress [action-overdue]`,
		`coes/2025-08-18-orthopaedic-shoe-prescription-lost-between-providers.yaml:146:10: warning: corrective action CA-4 "Replace e-mail fitting requests with partner booking..." is 339 days overdue: due 2025-12-19 and still open [action-overdue]`,
		`coes/2025-12-02-payment-reminder-call-could-not-take-payment.yaml:86:10: warning: corrective action CA-2 "Fix the collections payment queue routing so that..." is 346 days overdue: due 2025-12-12 and still open [action-overdue]`,
	}, "\n") + "\n"
	if got := render(ds); got != want {
		t.Errorf("examples:\ngot:\n%s\nwant:\n%s", got, want)
	}
	if errs, _ := Count(ds); errs != 0 {
		t.Errorf("examples have %d errors", errs)
	}
	// The quality rules find nothing in them, drafts included.
	if q := InGroup(Repository(results, Options{Config: r.Config, AllRules: true}), GroupQuality); len(q) > 0 {
		t.Errorf("examples have quality findings:\n%s", render(q))
	}
}

// loadRepo reads every COE of the repository at dir as coe lint does,
// positions kept, after checking its config.
func loadRepo(t *testing.T, dir string) (*coe.Repo, []coe.LoadResult) {
	t.Helper()
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.WorkDir = r.Root
	if err := CheckConfig(r.Config); err != nil {
		t.Fatal(err)
	}
	opts := r.ReadOptions()
	opts.KeepNode = true
	results, err := r.LoadAll(opts)
	if err != nil {
		t.Fatal(err)
	}
	return r, results
}

const overrideCOE = `version: 1
id: 2024-05-01-overrides
title: Overrides
status: review
severity: sev2
incident:
  started_at: 2024-05-01T09:00:00Z
what_happened: Something.
impact:
  customers: Some.
root_cause:
  summary: A cause.
implications:
  security: None.
lessons: [One.]
corrective_actions:
  - id: CA-1
    action: Do it.
    due: 2024-05-02
unknown: 1
`

func lintString(t *testing.T, path, src string, opts Options) []Diagnostic {
	t.Helper()
	doc, err := coe.Parse(path, []byte(src), coe.ReadOptions{Severities: opts.Config.Severities, KeepNode: true})
	return File(coe.LoadResult{Path: path, Doc: doc, Err: err}, opts)
}

func rulesOf(ds []Diagnostic) map[string]Severity {
	m := map[string]Severity{}
	for _, d := range ds {
		m[d.Rule] = d.Severity
	}
	return m
}

func TestOverrides(t *testing.T) {
	path := "coes/2024-05-01-overrides.yaml"
	asOf := coe.Date{Year: 2024, Month: 6, Day: 1}
	plain := rulesOf(lintString(t, path, overrideCOE, Options{AsOf: asOf}))
	want := map[string]Severity{
		coe.RuleUnknownField:   Error,
		RuleActionOwner:        Error,
		RuleQuestionUnanswered: Error,
		RuleActionOverdue:      Warning,
	}
	for rule, sev := range want {
		if plain[rule] != sev {
			t.Errorf("without overrides, %s is %q; expected %q (all: %v)", rule, plain[rule], sev, plain)
		}
	}

	cfg := coe.DefaultConfig()
	cfg.Rules = map[string]string{
		RuleActionOwner:        "off",
		RuleQuestionUnanswered: "warning",
		RuleActionOverdue:      "error",
		coe.RuleUnknownField:   "off",   // refused by CheckConfig; File ignores it too
		GroupQuality:           "off",   // the whole group...
		RuleWhysDepth:          "error", // ...but a rule's own entry wins
	}
	got := rulesOf(lintString(t, path, overrideCOE, Options{Config: cfg, AsOf: asOf}))
	if _, ok := got[RuleActionOwner]; ok {
		t.Error("action-owner: off did not drop it")
	}
	if got[RuleQuestionUnanswered] != Warning {
		t.Errorf("question-unanswered: warning gave %q", got[RuleQuestionUnanswered])
	}
	if got[RuleActionOverdue] != Error {
		t.Errorf("action-overdue: error gave %q", got[RuleActionOverdue])
	}
	if got[coe.RuleUnknownField] != Error {
		t.Errorf("a read rule must stay an error whatever the config says; got %q", got[coe.RuleUnknownField])
	}
	if got[RuleWhysDepth] != Error {
		t.Errorf("whys-depth: error under quality: off gave %q", got[RuleWhysDepth])
	}
	for _, r := range []string{RuleDetectionUnknown, RuleSecurityUnexplained, RuleImpactUnquantified} {
		if plain[r] != Warning {
			t.Errorf("without overrides, %s is %q; expected a warning (all: %v)", r, plain[r], plain)
		}
		if _, ok := got[r]; ok {
			t.Errorf("%s: quality: off did not drop it", r)
		}
	}
	ds := lintString(t, path, overrideCOE, Options{Config: cfg, AsOf: asOf})
	errs, warns := Count(ds)
	if errs != 3 || warns != 1 { // unknown-field + overdue + whys-depth; question 4
		t.Errorf("Count = %d errors, %d warnings; expected 3, 1:\n%s", errs, warns, render(ds))
	}
}

func TestCheckConfig(t *testing.T) {
	cfg := coe.DefaultConfig()
	if err := CheckConfig(cfg); err != nil {
		t.Errorf("default config: %v", err)
	}
	cfg.Rules = map[string]string{
		RuleActionOverdue: "off",
		RuleActionDue:     "warning",
		coe.RuleSyntax:    "error",
		GroupQuality:      "off", // a group's name sets all its rules
	}
	if err := CheckConfig(cfg); err != nil {
		t.Errorf("valid rules: %v", err)
	}
	cfg.Rules = map[string]string{
		"action-owners":        "off",
		"security":             "warning",
		"no-such-thing-at-all": "off",
		coe.RuleUnknownField:   "warning",
		RuleActionDue:          "info",
	}
	err := CheckConfig(cfg)
	want := strings.Join([]string{
		`.coe.yaml: invalid level "info" for rule "action-due"; expected one of "error", "warning", "off"`,
		`.coe.yaml: unknown rule "action-owners" in rules; did you mean "action-owner"?`,
		`.coe.yaml: unknown rule "no-such-thing-at-all" in rules; expected one of ` + quoteList(configNames()),
		`.coe.yaml: unknown rule "security" in rules; did you mean "security-unanswered" or "security-unexplained"?`,
		`.coe.yaml: rule "unknown-field" cannot be set to "warning": it is a read error, and a file that breaks the format is refused by every coe command; fix the file instead`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("CheckConfig:\ngot:\n%v\nwant:\n%s", err, want)
	}
	for _, e := range coe.Errors(err) {
		if e.Rule != coe.RuleConfig {
			t.Errorf("%v: rule %q; expected %q", e, e.Rule, coe.RuleConfig)
		}
	}
}

func ruleIDs() []string {
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// configNames are what the rules of .coe.yaml take: rule ids and group
// names, sorted.
func configNames() []string {
	ids := ruleIDs()
	for _, g := range Groups() {
		ids = append(ids, g.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestRules(t *testing.T) {
	rs := Rules()
	ids := ruleIDs()
	if !slices.IsSorted(ids) {
		t.Errorf("Rules() not sorted by id: %v", ids)
	}
	want := []string{
		coe.RuleSyntax, coe.RuleEncoding, coe.RuleEmptyFile, coe.RuleMultipleDocs, coe.RuleFileTooLarge,
		coe.RuleAlias, coe.RuleUnknownField, coe.RuleDuplicateKey, coe.RuleWrongType, coe.RuleInvalidValue,
		coe.RuleVersion, coe.RuleReadFile, coe.RuleConflict, coe.RuleAnswerLength, coe.RuleTooManyLabels,
		RuleRequiredField, RuleActionOwner, RuleOwnerRoster, RuleActionID, RuleTimesOrder, RuleTimelineOrder,
		RuleIDFilename, RuleIDUnique, RuleRelatedExists, RuleQuestionUnanswered, RuleSecurityUnanswered,
		RuleActionDue, RuleIncidentStart, RuleApproval, RuleActionClosed, RuleActionDoneAt, RuleActionOverdue,
		RuleBidiControl, RuleActionEvidence, RuleFactorUnknown, RuleFactorDuplicate,
		RuleBlame, RuleWhysDepth, RuleImpactUnquantified, RuleActionIntention, RuleSecurityUnexplained,
		RuleDetectionUnknown, RuleLessonIsAction, RuleHighPriorityLate, RulePublicLeak, RulePublicRequired,
	}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("rule ids:\ngot  %v\nwant %v", ids, want)
	}
	for _, r := range rs {
		if r.Default != Error && r.Default != Warning && !(r.Default == Off && r.ID == RuleActionEvidence) {
			t.Errorf("%s: default %q", r.ID, r.Default)
		}
		if r.Summary == "" || strings.Contains(r.Summary, "\n") || strings.HasSuffix(r.Summary, ".") {
			t.Errorf("%s: summary %q should be one line without a full stop", r.ID, r.Summary)
		}
		if !strings.Contains(r.Explanation, "\n    ") {
			t.Errorf("%s: explanation has no indented YAML example", r.ID)
		}
		got, ok := LookupRule(r.ID)
		if !ok || got != r {
			t.Errorf("LookupRule(%q) = %v, %v", r.ID, got, ok)
		}
		if Configurable(r.ID) == readRules[r.ID] {
			t.Errorf("%s: Configurable = %v", r.ID, Configurable(r.ID))
		}
	}
	if _, ok := LookupRule("nope"); ok {
		t.Error("LookupRule found an unknown rule")
	}
	rs[0].ID = "changed"
	if Rules()[0].ID == "changed" {
		t.Error("Rules() shares its slice with the caller")
	}
}

func TestFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "2024-05-01-big.yaml")
	big := []byte("version: 1\nwhat_happened: |\n" + strings.Repeat("  Lots of text.\n", coe.MaxFileSize/16+1))
	if err := os.WriteFile(path, big, 0o644); err != nil {
		t.Fatal(err)
	}
	results := coe.LoadFiles([]string{path}, coe.ReadOptions{KeepNode: true}, func(string) string { return "coes/2024-05-01-big.yaml" })
	got := render(Repository(results, Options{}))
	want := fmt.Sprintf("coes/2024-05-01-big.yaml: error: file is %d bytes; a COE file may be at most 1048576 bytes (1 MiB) [file-too-large]\n", len(big))
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestPlainError(t *testing.T) {
	ds := File(coe.LoadResult{Path: "coes/x.yaml", Err: errors.New("disk on fire")}, Options{})
	want := "coes/x.yaml: error: disk on fire [read-error]\n"
	if got := render(ds); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestNoTree: a document read without KeepNode still lints, every
// position 1:1, and nothing panics.
func TestNoTree(t *testing.T) {
	doc, err := coe.Parse("coes/2024-05-01-overrides.yaml", []byte(overrideCOE), coe.ReadOptions{})
	ds := File(coe.LoadResult{Path: doc.Path, Doc: doc, Err: err}, Options{})
	if got := rulesOf(ds); got[RuleActionOwner] != Error || got[RuleQuestionUnanswered] != Error {
		t.Errorf("without a tree: %v", got)
	}
	for _, d := range ds {
		if d.Rule != coe.RuleUnknownField && (d.Line != 1 || d.Col != 1) {
			t.Errorf("%s: expected 1:1 without a tree", d)
		}
	}
}

func TestDiagnosticString(t *testing.T) {
	for _, tc := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{"coes/a.yaml", 3, 5, Error, "action-owner", "no owner"}, "coes/a.yaml:3:5: error: no owner [action-owner]"},
		{Diagnostic{"coes/a.yaml", 0, 0, Error, "read-error", "permission denied"}, "coes/a.yaml: error: permission denied [read-error]"},
		{Diagnostic{"", 2, 1, Warning, "action-overdue", "late"}, ":2:1: warning: late [action-overdue]"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestIDs(t *testing.T) {
	doc := func(id string) *coe.Document { return &coe.Document{COE: coe.COE{ID: id}} }
	got := IDs([]coe.LoadResult{
		{Path: "coes/2024-01-01-a.yaml", Doc: doc("2024-01-01-a")},
		{Path: "coes/2024-01-01-b.yaml", Doc: doc("2024-01-01-a")},
		{Path: "coes/2024-01-01-broken.yaml", Err: errors.New("bad")},
		{Path: "coes/2024-01-01-blank.yaml", Doc: doc("")},
	})
	want := map[string][]string{
		"2024-01-01-a":      {"coes/2024-01-01-a.yaml", "coes/2024-01-01-b.yaml"},
		"2024-01-01-broken": {"coes/2024-01-01-broken.yaml"},
		"2024-01-01-blank":  {"coes/2024-01-01-blank.yaml"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for id, paths := range want {
		if !slices.Equal(got[id], paths) {
			t.Errorf("%s: got %v, want %v", id, got[id], paths)
		}
	}
}

func TestNearest(t *testing.T) {
	roster := []string{"dana", "kenji", "li.wei", "priya", "rosa", "raj", "m.bennett@example.com"}
	for _, tc := range []struct {
		s    string
		want []string
	}{
		{"dnaa", []string{"dana"}},
		{"Dana", []string{"dana"}},
		{"li.wie", []string{"li.wei"}},
		{"kenji@example.com", []string{"kenji"}},
		{"m.benett@example.com", []string{"m.bennett@example.com"}},
		{"zoe", nil},
		{"", nil},
	} {
		if got := coe.Nearest(tc.s, roster, 3); !slices.Equal(got, tc.want) {
			t.Errorf("nearest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestShorten(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Short.", "Short."},
		{"  many\n  spaces\there ", "many spaces here"},
		{"Validate generated endpoint lists against the live inventory before every push.", "Validate generated endpoint lists against the live..."},
		{strings.Repeat("x", 80), strings.Repeat("x", 57) + "..."},
	} {
		if got := shorten(tc.in, 60); got != tc.want {
			t.Errorf("shorten(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRepositoryConcurrent runs Repository from several goroutines over the
// same results (for -race) and expects the same answer each time.
func TestRepositoryConcurrent(t *testing.T) {
	base := filepath.Join("testdata", "err")
	results, cfg := loadCase(t, filepath.Join(base, "related-exists"), base)
	want := render(Repository(results, Options{Config: cfg, AsOf: testAsOf}))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := render(Repository(results, Options{Config: cfg, AsOf: testAsOf})); got != want {
				t.Errorf("concurrent run differs:\n%s", got)
			}
		}()
	}
	wg.Wait()
}

// TestNoDoubleReport: a value the reader refused (wrong type, invalid date,
// ...) decodes as empty, but it is not missing: the rule that demands the
// field must stay quiet, or every read error would come with an echo.
func TestNoDoubleReport(t *testing.T) {
	head := "version: 1\nid: 2024-05-01-x\ntitle: T\nseverity: sev2\n"
	for _, tc := range []struct {
		name, src, readRule, quiet string
	}{
		{"what_happened list", "status: review\nwhat_happened: [a]\n", coe.RuleWrongType, RuleQuestionUnanswered + " 1"},
		{"impact text", "status: review\nimpact: lots\n", coe.RuleWrongType, RuleQuestionUnanswered + " 2"},
		{"root_cause list", "status: review\nroot_cause: [a]\n", coe.RuleWrongType, RuleQuestionUnanswered + " 3"},
		{"supporting_data mapping", "status: review\nsupporting_data: {title: x}\n", coe.RuleWrongType, RuleQuestionUnanswered + " 4"},
		{"lessons text", "status: review\nlessons: one\n", coe.RuleWrongType, RuleQuestionUnanswered + " 6"},
		{"actions mapping", "status: review\ncorrective_actions: {id: CA-1}\n", coe.RuleWrongType, RuleQuestionUnanswered + " 7"},
		{"security list", "status: review\nimplications: {security: [a]}\n", coe.RuleWrongType, RuleSecurityUnanswered},
		{"implications text", "status: review\nimplications: none\n", coe.RuleWrongType, RuleSecurityUnanswered},
		{"owner list", "status: draft\ncorrective_actions:\n  - id: CA-1\n    owner: [a]\n", coe.RuleWrongType, RuleActionOwner},
		{"action text", "status: draft\ncorrective_actions:\n  - just a sentence\n", coe.RuleWrongType, RuleActionOwner},
		{"action id number", "status: draft\ncorrective_actions:\n  - id: [1]\n    owner: dana\n", coe.RuleWrongType, RuleActionID},
		{"due invalid", "status: review\ncorrective_actions:\n  - id: CA-1\n    owner: dana\n    due: soon\n", coe.RuleInvalidValue, RuleActionDue},
		{"started_at invalid", "status: review\nincident: {started_at: yesterday}\n", coe.RuleInvalidValue, RuleIncidentStart},
		{"incident list", "status: review\nincident: [a]\n", coe.RuleWrongType, RuleIncidentStart},
		{"approved_at invalid", "status: approved\napproved_by: kenji\napproved_at: tuesday\n", coe.RuleInvalidValue, RuleApproval},
		{"done_at invalid", "status: draft\ncorrective_actions:\n  - id: CA-1\n    owner: dana\n    status: done\n    done_at: 2024-02-30\n", coe.RuleInvalidValue, RuleActionDoneAt},
		{"status invalid", "status: finished\n", coe.RuleInvalidValue, RuleRequiredField},
		{"status empty", "status: ''\n", coe.RuleInvalidValue, RuleRequiredField},
		{"owner misspelt", "status: draft\ncorrective_actions:\n  - id: CA-1\n    ownr: dana\n", coe.RuleUnknownField, RuleActionOwner},
		{"due misspelt", "status: review\ncorrective_actions:\n  - id: CA-1\n    owner: dana\n    deu: 2024-05-01\n", coe.RuleUnknownField, RuleActionDue},
		{"summary misspelt", "status: review\nroot_cause: {sumary: A cause.}\n", coe.RuleUnknownField, RuleQuestionUnanswered + " 3"},
		{"lessons misspelt", "status: review\nlesons: [One.]\n", coe.RuleUnknownField, RuleQuestionUnanswered + " 6"},
		{"version text", "status: draft\n", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.src
			if tc.name == "version text" {
				src = strings.Replace(src, "version: 1", "version: one", 1)
				tc.readRule, tc.quiet = coe.RuleWrongType, RuleRequiredField
			}
			ds := lintString(t, "coes/2024-05-01-x.yaml", src, Options{})
			out := render(ds)
			if !strings.Contains(out, "["+tc.readRule+"]") {
				t.Errorf("expected a %s read error:\n%s", tc.readRule, out)
			}
			rule, question, _ := strings.Cut(tc.quiet, " ")
			for _, d := range ds {
				if d.Rule == rule && (question == "" || strings.HasPrefix(d.Message, "question "+question+" ")) {
					t.Errorf("echo of the read error: %s\n%s", d, out)
				}
			}
		})
	}
}

// TestGroups: every rule of a group has a group the registry knows, no
// rule id is a group's name, and the quality rules are configurable
// warnings.
func TestGroups(t *testing.T) {
	n := 0
	for _, r := range Rules() {
		if isGroup(r.ID) {
			t.Errorf("rule %s has a group's name", r.ID)
		}
		if r.Group == "" {
			continue
		}
		if _, ok := LookupGroup(r.Group); !ok {
			t.Errorf("%s: unknown group %q", r.ID, r.Group)
		}
		if RuleGroup(r.ID) != r.Group {
			t.Errorf("RuleGroup(%s) = %q", r.ID, RuleGroup(r.ID))
		}
		if r.Group == GroupQuality {
			n++
			if r.Default != Warning || !Configurable(r.ID) {
				t.Errorf("%s: default %s, configurable %v; quality rules are configurable warnings", r.ID, r.Default, Configurable(r.ID))
			}
			if !strings.Contains(r.Explanation, "Known false negatives:") {
				t.Errorf("%s: the explanation does not say what the rule cannot catch", r.ID)
			}
		}
	}
	if n != 8 {
		t.Errorf("%d quality rules; expected 8", n)
	}
	if RuleGroup(RuleActionOwner) != "" || RuleGroup("nope") != "" {
		t.Error("RuleGroup of a rule without a group, or of no rule, is not empty")
	}
	ds := []Diagnostic{{Rule: RuleActionOwner}, {Rule: RuleBlame}, {Rule: RuleWhysDepth}}
	if got := InGroup(ds, GroupQuality); len(got) != 2 || got[0].Rule != RuleBlame || got[1].Rule != RuleWhysDepth {
		t.Errorf("InGroup = %v", got)
	}
	for _, g := range Groups() {
		if g.Summary == "" || strings.HasSuffix(g.Summary, ".") || !strings.Contains(g.Explanation, "\n    ") {
			t.Errorf("group %s: summary %q, or no indented YAML example", g.ID, g.Summary)
		}
	}
}
