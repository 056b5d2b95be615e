package form

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

func taxonomy() []coe.Factor {
	return []coe.Factor{
		{Name: "config-change", Description: "A change to configuration set it off."},
		{Name: "missing-alerting"},
		{Name: "capacity", Description: "Not enough of something: hosts, connections, quota."},
	}
}

// With a taxonomy, the root cause step offers its names, each with its
// description, as a multi-select; x picks the one under the cursor and
// enter moves on. The State holds the names chosen, comma-separated.
func TestFactorsMultiSelect(t *testing.T) {
	b := newBuilder(false)
	b.opts.Factors = taxonomy()
	s := &State{Title: "x", Status: coe.StatusDraft, Severity: "sev2"}
	first := false
	d := drive(t, b.rootCauseForm(s, &first))
	d.typ("A config push removed the EU endpoint.").enter()
	d.sees("Contributing factors (optional)", "config-change · A change to configuration set it off.", "missing-alerting",
		"capacity · Not enough of something: hosts, connections, quota.")
	d.press("x", "j", "j", "x").sees("✓ capacity")
	if s.ContributingFactors != "config-change, capacity" {
		t.Errorf("factors %q while choosing", s.ContributingFactors)
	}
	d.enter().sees("Ask the first why?")
	d.press("n").submit()
	c, err := s.COE()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ContributingFactors; len(got) != 2 || got[0] != "config-change" || got[1] != "capacity" {
		t.Errorf("COE factors %q", got)
	}
}

// Editing: the COE's factors come ticked, in the COE's own order, and
// leaving the field unchanged changes nothing (not even the order). A
// factor the taxonomy no longer has is shown, so that showing it does not
// drop it, and must be unselected before the page is left.
func TestFactorsMultiSelectPrefill(t *testing.T) {
	b := newBuilder(true)
	b.opts.Factors = taxonomy()
	s := &State{RootCause: RootCause{Summary: "x"}, ContributingFactors: "capacity, config-change"}
	d := drive(t, b.rootCauseForm(s, nil))
	d.enter().sees("✓ config-change", "✓ capacity").enter()
	if s.ContributingFactors != "capacity, config-change" {
		t.Errorf("an unchanged choice became %q", s.ContributingFactors)
	}

	s = &State{RootCause: RootCause{Summary: "x"}, ContributingFactors: "bad-luck, capacity"}
	d = drive(t, b.rootCauseForm(s, nil))
	d.enter().sees("✓ bad-luck (not in .coe.yaml)", "✓ capacity")
	d.enter().sees(`factor "bad-luck" is not in the factors of .coe.yaml; unselect it`)
	d.press("g", "x").enter().submit()
	if s.ContributingFactors != "capacity" {
		t.Errorf("factors %q after unselecting the unknown one", s.ContributingFactors)
	}
}

// Without a taxonomy the factors are a comma-separated list, as tags,
// split and trimmed into the COE.
func TestFactorsFreeText(t *testing.T) {
	s := &State{Title: "x", Status: coe.StatusDraft, Severity: "sev2"}
	first := false
	d := drive(t, newBuilder(false).rootCauseForm(s, &first))
	d.typ("A config push removed the EU endpoint.").enter()
	d.sees("Contributing factors (optional)", "Comma-separated").typ(" deploy-process ,, home-made ").enter()
	d.press("n").submit()
	c, err := s.COE()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ContributingFactors; len(got) != 2 || got[0] != "deploy-process" || got[1] != "home-made" {
		t.Errorf("COE factors %q", got)
	}
}

// The finish page's way to a finding about a factor opens the field.
func TestFactorsLocate(t *testing.T) {
	sp, name := newBuilder(true).locate("contributing_factors[1]")
	if sp.part != "root-cause" || sp.field != 1 || name != "Question 3 · Contributing factors" {
		t.Errorf("locate: %+v %q", sp, name)
	}
}

// An edit that only changes the factors merges them into the COE as it
// was, and names the root cause as changed.
func TestFactorsMerge(t *testing.T) {
	base := &coe.COE{ID: "2024-01-28-x", Title: "x", Status: coe.StatusDraft, Severity: "sev2", ContributingFactors: []string{"capacity"},
		RootCause: coe.RootCause{Summary: "y\n"}}
	s := FromCOE(base)
	if s.ContributingFactors != "capacity" {
		t.Fatalf("prefill %q", s.ContributingFactors)
	}
	s.ContributingFactors = "capacity, config-change"
	c, err := s.Merge(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ContributingFactors) != 2 || c.ContributingFactors[1] != "config-change" || c.RootCause.Summary != "y\n" {
		t.Errorf("merged %+v", c)
	}
	if got := changedParts(&s, base); len(got) != 1 || got[0] != "the root cause" {
		t.Errorf("changed parts %q", got)
	}
}

// A long taxonomy shows maxFactorRows names at a time and scrolls.
func TestFactorsLongTaxonomy(t *testing.T) {
	b := newBuilder(true)
	for i := range 30 {
		b.opts.Factors = append(b.opts.Factors, coe.Factor{Name: fmt.Sprintf("factor-%02d", i)})
	}
	s := &State{RootCause: RootCause{Summary: "x"}}
	d := drive(t, b.rootCauseForm(s, nil))
	d.enter().sees("factor-00", "factor-09")
	if strings.Contains(d.view(), "factor-10") {
		t.Errorf("more than %d rows shown:\n%s", maxFactorRows, d.view())
	}
	for range 25 {
		d.press("j")
	}
	d.press("x").sees("✓ factor-25")
	if s.ContributingFactors != "factor-25" {
		t.Errorf("factors %q", s.ContributingFactors)
	}
}
