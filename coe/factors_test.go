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
