package form

import (
	"reflect"
	"strings"
	"testing"
)

// A draft keeps everything as typed, invalid or half-typed values included,
// and values YAML would otherwise read as other types.
func TestDraftRoundTripKeepsHalfTypedValues(t *testing.T) {
	s := State{
		Step: StepRootCause, ID: "2024-01-28-x", Version: 1,
		Title: "  Title with trailing spaces  ", Severity: "sev2", Status: "draft",
		StartedAt: "2024-01-2", DetectedAt: "2024-01-28T19:40:00", MitigatedAt: "null", ResolvedAt: "~",
		Authors: "steve, ", Tags: "yes", Services: "0123", Related: "2024-01-28-a,",
		ApprovedBy: "# not a comment", ApprovedAt: "2024-02-12T16:30:00-06:00",
		WhatHappened: "Line one  \r\nLine\ttwo\n\n\n",
		Timeline:     []TimelineEntry{{At: "2024-01-28T19:0"}, {Event: "- looks like a list"}, {}},
		Impact:       Impact{Customers: "émoji 🎉 and \"quotes\"", CustomersAffected: "-12x", Communication: "key: value"},
		RootCause:    RootCause{Summary: "\n leading line break", Whys: []string{"", "Why? Because."}},
		SupportingData: []SupportingData{
			{Title: "Graph", Link: "javascript:alert(1)", Note: "  "},
		},
		Implications:      Implications{Security: "None: x\n"},
		Lessons:           []string{"true", "3.0", ""},
		CorrectiveActions: []Action{{ID: "CA-1", Owner: "  ", Due: "2024-02-3", Priority: "medium", Status: "open", Tracker: "SPK 12"}},
	}
	data := MarshalDraft(s, "coe new --resume .coe/drafts/x.yaml")
	if !strings.HasPrefix(string(data), "# coe form draft") || !strings.Contains(string(data), "# Resume it with: coe new --resume .coe/drafts/x.yaml\n") {
		t.Fatalf("draft header:\n%s", data)
	}
	got, err := ParseDraft(data)
	if err != nil {
		t.Fatalf("ParseDraft: %v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("draft round trip:\n%#v\nwant\n%#v\n%s", got, s, data)
	}
	if _, err := got.COE(); err == nil {
		t.Fatal("the half-typed state converted without an error")
	}
}

func TestDraftWithoutResumeLine(t *testing.T) {
	data := string(MarshalDraft(State{Step: StepBasics, Title: "x"}, ""))
	if strings.Contains(data, "Resume") || !strings.Contains(data, "step: 1\n") {
		t.Fatalf("draft:\n%s", data)
	}
}

func TestParseDraftErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "the draft is empty",
		"# only a comment\n":  "the draft is empty",
		"step: 2\ntitel: x\n": "field titel not found",
		"step: [1]\n":         "cannot read the draft",
		"step: -1\n":          "invalid step -1",
		"timeline: {at: x}\n": "cannot read the draft",
	} {
		_, err := ParseDraft([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDraft(%q) = %v, want %q", in, err, want)
		}
	}
}
