package coe_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

const factorsCOE = `version: 1
id: 2024-01-28-groups
title: Groups failed
status: draft
severity: sev2
authors: [steve]
root_cause:
  summary: |
    A token format change.
# why it kept happening
contributing_factors: [config-change, missing-alerting]
related: []
`

func TestContributingFactorsRead(t *testing.T) {
	doc, err := coe.Parse("a.yaml", []byte(factorsCOE), coe.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"config-change", "missing-alerting"}; !slices.Equal(doc.COE.ContributingFactors, want) {
		t.Errorf("factors %q, want %q", doc.COE.ContributingFactors, want)
	}
	// The writer puts them right after the root cause, in flow style.
	out, err := coe.Marshal(&doc.COE)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "  whys: []\ncontributing_factors: [config-change, missing-alerting]\n\n# 4.") {
		t.Errorf("written:\n%s", out)
	}
}

func TestContributingFactorsErrors(t *testing.T) {
	many := strings.Repeat("x, ", coe.MaxFactors) + "x"
	for _, tc := range []struct{ name, value, want string }{
		{"a text", "config-change", "a.yaml:11:23: contributing_factors is the text \"config-change\"; expected a list"},
		{"a mapping item", "[{a: b}]", "a.yaml:11:24: contributing_factors[0] is a mapping; expected a text"},
		{"too many", "[" + many + "]", "a.yaml:11:23: contributing_factors has 65 items; a COE may name at most 64 contributing factors"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(factorsCOE, "[config-change, missing-alerting]", tc.value, 1)
			doc, err := coe.Parse("a.yaml", []byte(src), coe.ReadOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v; want it to hold %q", err, tc.want)
			}
			if len(doc.COE.ContributingFactors) > coe.MaxFactors {
				t.Errorf("kept %d factors past the cap", len(doc.COE.ContributingFactors))
			}
		})
	}
}

// Adding factors to a file that has none puts them after root_cause and
// keeps every comment; changing them changes that one line.
func TestContributingFactorsUpdate(t *testing.T) {
	src := strings.Replace(factorsCOE, "# why it kept happening\ncontributing_factors: [config-change, missing-alerting]\n", "", 1)
	src = strings.Replace(src, "authors: [steve]\n", "authors: [steve]  # who wrote it\n", 1)
	doc, err := coe.Parse("a.yaml", []byte(src), coe.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := doc.COE
	c.ContributingFactors = []string{"capacity"}
	out, err := coe.Update([]byte(src), &c)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, "related: []\n", "contributing_factors: [capacity]\nrelated: []\n", 1)
	if string(out) != want {
		t.Errorf("added:\n%s\nwant\n%s", out, want)
	}
	c.ContributingFactors = []string{"capacity", "config-change"}
	again, err := coe.Update(out, &c)
	if err != nil {
		t.Fatal(err)
	}
	want = strings.Replace(want, "[capacity]", "[capacity, config-change]", 1)
	if string(again) != want {
		t.Errorf("changed:\n%s\nwant\n%s", again, want)
	}
}

func TestFactorsConfig(t *testing.T) {
	cfg, err := coe.ParseConfig(".coe.yaml", []byte("factors:\n  - config-change\n  - {name: missing-alerting, description: \"  No alert fired.  \"}\n  - name: capacity\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []coe.Factor{
		{Name: "config-change", Pos: coe.Position{Line: 2, Col: 5}},
		{Name: "missing-alerting", Description: "No alert fired.", Pos: coe.Position{Line: 3, Col: 12}},
		{Name: "capacity", Pos: coe.Position{Line: 4, Col: 11}},
	}
	if !slices.Equal(cfg.Factors, want) {
		t.Errorf("factors %+v\nwant %+v", cfg.Factors, want)
	}
	if names := cfg.FactorNames(); !slices.Equal(names, []string{"config-change", "missing-alerting", "capacity"}) {
		t.Errorf("names %q", names)
	}
	if names := coe.DefaultConfig().FactorNames(); names != nil {
		t.Errorf("no taxonomy gives names %q; want nil", names)
	}
}

func TestFactorsConfigErrors(t *testing.T) {
	long := strings.Repeat("a", coe.MaxFactorName+1)
	for _, tc := range []struct{ name, src, want string }{
		{"not a list", "factors: config-change\n", `.coe.yaml:1:10: factors is the text "config-change"; expected a list of factor names`},
		{"upper case", "factors: [config-change, Capacity]\n", `.coe.yaml:1:26: invalid factor name "Capacity" at factors[1]; expected lower-case words joined by hyphens`},
		{"spaces", "factors: [config change]\n", `.coe.yaml:1:11: invalid factor name "config change" at factors[0]`},
		{"too long", "factors: [" + long + "]\n", `invalid factor name "` + long[:coe.MaxFactorName] + `..." at factors[0]`},
		{"twice", "factors:\n  - capacity\n  - {name: capacity}\n", `.coe.yaml:3:12: factor "capacity" is listed twice (first at line 2)`},
		{"no name", "factors:\n  - {description: x}\n", `.coe.yaml:2:5: factors[0] has no name`},
		{"unknown key", "factors:\n  - {name: capacity, descripton: x}\n", `.coe.yaml:2:22: unexpected key "descripton" in factors[0]; did you mean "description"?`},
		{"a list item", "factors:\n  - [capacity]\n", `.coe.yaml:2:5: factors[0] is a list; expected a factor name like config-change`},
		{"null", "factors: [~]\n", `.coe.yaml:1:11: factors[0] is null`},
		{"control character", "factors: [{name: capacity, description: \"a\\u0007b\"}]\n", `factors[0].description holds a control or invisible character`},
		{"long description", "factors: [{name: capacity, description: " + strings.Repeat("x", coe.MaxFactorDescription+1) + "}]\n", `factors[0].description is 501 characters long; expected at most 500`},
		{"too many", "factors: [" + strings.Repeat("a, ", coe.MaxTaxonomy) + "a]\n", `.coe.yaml:1:10: factors has 1001 entries; expected at most 1000`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := coe.ParseConfig(".coe.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v\nwant it to hold %s", err, tc.want)
			}
		})
	}
}
