package check

import (
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

const blamingDraft = `version: 1
id: 2024-03-01-checkout-failed
title: Checkout failed
status: draft
severity: sev2
incident:
  started_at: 2024-03-01T10:00:00Z
  detected_at: 2024-03-01T10:05:00Z
root_cause:
  summary: Human error during the deploy.
  whys:
    - Because the deploy tool does not check the region.
    - Because nobody owns the region list.
    - Because it was never written down.
`

func parse(t *testing.T, data string) *coe.Document {
	t.Helper()
	doc, err := coe.Parse("coes/x.yaml", []byte(data), coe.ReadOptions{KeepNode: true})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// A draft gets its review notes as coe lint --all-rules finds them (coe
// lint itself leaves drafts alone), at the value they are about: a word
// inside a one-line answer is in that answer's field.
func TestReviewNotesOfADraft(t *testing.T) {
	doc := parse(t, blamingDraft)
	notes := ReviewNotes(doc, coe.Config{}, today)
	if len(notes) != 1 {
		t.Fatalf("notes:\n%s", summary(notes))
	}
	n := notes[0]
	if n.Rule != lint.RuleBlame || n.Field != "root_cause.summary" || n.Line != 10 || n.Col != 12 || n.Severity != lint.Warning {
		t.Fatalf("note: %s @%s", n.String(), n.Field)
	}
	if ds := lint.File(coe.LoadResult{Path: "coes/x.yaml", Doc: doc}, lint.Options{AsOf: today}); len(lint.InGroup(ds, lint.GroupQuality)) != 0 {
		t.Fatalf("coe lint has quality findings on a draft without --all-rules: %v", ds)
	}
}

// A team's .coe.yaml decides: the group off gives no notes; a rule set to
// error keeps it a note (with its severity); the other findings of lint
// are never notes.
func TestReviewNotesFollowTheConfig(t *testing.T) {
	bad := strings.Replace(blamingDraft, "severity: sev2", "severity: sev9\nowner: x", 1)
	doc, _ := coe.Parse("coes/x.yaml", []byte(bad), coe.ReadOptions{KeepNode: true})
	for _, tc := range []struct {
		rules map[string]string
		want  string
	}{
		{nil, "blame/warning"},
		{map[string]string{"quality": "off"}, ""},
		{map[string]string{"quality": "off", "blame": "error"}, "blame/error"},
		{map[string]string{"blame": "off"}, ""},
	} {
		var got []string
		for _, n := range ReviewNotes(doc, coe.Config{Rules: tc.rules}, today) {
			got = append(got, n.Rule+"/"+string(n.Severity))
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("rules %v: notes %q, want %q", tc.rules, got, tc.want)
		}
	}
}

// A COE as the form holds it is coached on as the file it would be: the
// same notes at the same fields.
func TestReviewNotesOfAnUnwrittenCOE(t *testing.T) {
	doc := parse(t, blamingDraft)
	c := doc.COE
	c.RootCause.Whys = append(c.RootCause.Whys[:1], "Because an engineer forgot to run the check.")
	notes := ReviewNotesOf(&c, coe.Config{}, today)
	var got []string
	for _, n := range notes {
		got = append(got, n.Rule+"@"+n.Field)
	}
	want := "blame@root_cause.summary whys-depth@root_cause.whys blame@root_cause.whys[1]"
	if strings.Join(got, " ") != want {
		t.Fatalf("notes %q, want %q", got, want)
	}
}

// A finding inside a one-line value (at a word of it) is about that value;
// one at the start of a key or value is about the deepest that starts
// there, as before.
func TestFieldAtInsideAValue(t *testing.T) {
	doc := parse(t, blamingDraft)
	for _, tc := range []struct {
		line, col int
		want      string
	}{
		{10, 12, "root_cause.summary"}, // "Human error", after "summary: "
		{10, 3, "root_cause.summary"},  // the key
		{10, 30, "root_cause.summary"}, // the end of the text
		{12, 15, "root_cause.whys[0]"},
		{9, 1, "root_cause"},
		{9, 5, ""}, // inside a key, not a value
		{99, 1, ""},
	} {
		if got := FieldAt(doc.Root, tc.line, tc.col); got != tc.want {
			t.Errorf("FieldAt(%d:%d) = %q, want %q", tc.line, tc.col, got, tc.want)
		}
	}
}
