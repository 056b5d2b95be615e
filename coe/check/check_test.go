package check

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

const speakers = "2024-01-28-speaker-groups-stopped-playing"

// examples is a copy of the example repository.
func examples(t *testing.T) *coe.Repo {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	if out, err := exec.Command("cp", "-R", "../../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.WorkDir = dir
	return r
}

func read(t *testing.T, r *coe.Repo, id string) (string, []byte, *coe.COE) {
	t.Helper()
	path := r.PathOf(id)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := coe.Parse(path, data, r.ReadOptions())
	if err != nil {
		t.Fatal(err)
	}
	return path, data, &doc.COE
}

var today = coe.Date{Year: 2024, Month: 2, Day: 1}

func summary(fs []Finding) string {
	var l []string
	for _, f := range fs {
		l = append(l, f.Rule+" @"+f.Field+": "+f.String())
	}
	return strings.Join(l, "\n")
}

// find returns the finding of rule, failing the test when there is none.
func find(t *testing.T, fs []Finding, rule string) Finding {
	t.Helper()
	for _, f := range fs {
		if f.Rule == rule {
			return f
		}
	}
	t.Fatalf("no %s finding in:\n%s", rule, summary(fs))
	return Finding{}
}

// An edit that names a COE that does not exist and puts the timeline out of
// order: coe lint's errors, each with the value it is about, as coe lint
// finds them once the file is written.
func TestEditFindsWhatNeedsTheRepository(t *testing.T) {
	r := examples(t)
	path, orig, c := read(t, r, speakers)
	if fs := Errors(Edit(r, path, orig, c, today)); len(fs) != 0 {
		t.Fatalf("the example has errors as it is:\n%s", summary(fs))
	}
	c.Related = append(c.Related, "2099-01-01-no-such-coe")
	c.Timeline[3].At = c.Timeline[0].At.Add(-time.Hour)
	fs := Edit(r, path, orig, c, today)
	related := find(t, fs, lint.RuleRelatedExists)
	if related.Field != "related[1]" || !strings.Contains(related.Message, "2099-01-01-no-such-coe") {
		t.Errorf("related-exists: field %q, %s", related.Field, related)
	}
	order := find(t, fs, lint.RuleTimelineOrder)
	if order.Field != "timeline[3].at" {
		t.Errorf("timeline-order: field %q, %s", order.Field, order)
	}
	if !strings.HasPrefix(order.Path, "coes/"+speakers+".yaml") || order.Line == 0 {
		t.Errorf("the finding names %s:%d, not the file", order.Path, order.Line)
	}

	// coe lint agrees once the file is written.
	out, err := coe.Update(orig, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	results, err := r.LoadAll(coe.ReadOptions{Severities: r.Config.Severities, KeepNode: true})
	if err != nil {
		t.Fatal(err)
	}
	ds := lint.Repository(results, lint.Options{Config: r.Config, AsOf: today})
	var want []string
	for _, d := range ds {
		if strings.HasSuffix(d.Path, speakers+".yaml") {
			want = append(want, d.String())
		}
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the check says\n%s\ncoe lint says\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The roster of .coe.yaml counts too.
func TestEditFindsOwnerNotInRoster(t *testing.T) {
	r := examples(t)
	path, orig, c := read(t, r, speakers)
	c.CorrectiveActions[2].Owner = "nobody"
	f := find(t, Edit(r, path, orig, c, today), lint.RuleOwnerRoster)
	if f.Field != "corrective_actions[2].owner" {
		t.Errorf("field %q: %s", f.Field, f)
	}
}

// A new COE is checked under the id it will get: a related id that does
// not exist is an error, and the file name is never one.
func TestNew(t *testing.T) {
	r := examples(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	c := &coe.COE{Title: "Speaker groups stopped playing", Status: coe.StatusDraft, Severity: "sev2",
		Related: []string{speakers, "2099-01-01-no-such-coe"}}
	c.Incident.StartedAt = time.Date(2024, 1, 28, 19, 5, 0, 0, time.FixedZone("", -6*3600))
	fs := New(r, c, now)
	if c.ID != "" {
		t.Errorf("New set the id of its argument: %q", c.ID)
	}
	for _, f := range fs {
		if f.Rule == lint.RuleIDFilename || f.Rule == lint.RuleIDUnique {
			t.Errorf("a new COE gets %s: %s", f.Rule, f)
		}
	}
	f := find(t, fs, lint.RuleRelatedExists)
	if f.Field != "related[1]" {
		t.Errorf("field %q: %s", f.Field, f)
	}
	// The id taken by the example gets -2, as r.Create would give it.
	if !strings.HasSuffix(f.Path, speakers+"-2.yaml") {
		t.Errorf("checked as %s, want the id with -2", f.Path)
	}
	// A draft with nothing to say: no errors.
	c.Related = nil
	if errs := Errors(New(r, c, now)); len(errs) != 0 {
		t.Errorf("a plain draft has errors:\n%s", summary(errs))
	}
}

// FieldAt finds the value at a position: keys and values, list items, the
// deepest one where a mapping starts with its first key, a word on a later
// line of a text of several lines, nothing between.
func TestFieldAt(t *testing.T) {
	src := "version: 1\ntitle: T\nrelated: [a, b]\ntimeline:\n  - at: x\n    event: y\nimpact:\n  customers: |\n    text\n"
	doc, err := coe.Parse("f.yaml", []byte(src), coe.ReadOptions{KeepNode: true})
	if doc == nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		line, col int
		want      string
	}{
		{1, 1, "version"}, {2, 8, "title"}, {3, 1, "related"}, {3, 14, "related[1]"},
		{5, 5, "timeline[0].at"}, {5, 9, "timeline[0].at"}, {6, 5, "timeline[0].event"},
		{8, 3, "impact.customers"}, {2, 3, ""}, {99, 1, ""},
		{9, 5, "impact.customers"}, {10, 5, ""},
	} {
		if got := FieldAt(doc.Root, c.line, c.col); got != c.want {
			t.Errorf("FieldAt(%d:%d) = %q, want %q", c.line, c.col, got, c.want)
		}
	}
	// A word on a later line of a plain, quoted or folded text of several
	// lines is in it; the key after it is not.
	src = "public:\n  summary: one\n    two three\n  impact: \"a\n    b\"\n  changes: >\n    x\n    y z\n"
	if doc, _ = coe.Parse("f.yaml", []byte(src), coe.ReadOptions{KeepNode: true}); doc == nil {
		t.Fatal("does not read")
	}
	for _, c := range []struct {
		line, col int
		want      string
	}{
		{3, 9, "public.summary"}, {4, 3, "public.impact"}, {5, 5, "public.impact"}, {7, 5, "public.changes"},
		{8, 7, "public.changes"}, {9, 1, "public.changes"}, {12, 1, ""}, {4, 5, ""},
	} {
		if got := FieldAt(doc.Root, c.line, c.col); got != c.want {
			t.Errorf("FieldAt(%d:%d) = %q, want %q", c.line, c.col, got, c.want)
		}
	}
	if FieldAt(nil, 1, 1) != "" {
		t.Error("FieldAt(nil) is not empty")
	}
}
