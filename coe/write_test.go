package coe

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func mustParse(t *testing.T, src []byte) *COE {
	t.Helper()
	doc, err := Parse("t.yaml", src, ReadOptions{})
	if err != nil {
		t.Fatalf("parse:\n%v\n%s", err, src)
	}
	return &doc.COE
}

// sameCOE compares two COEs as the file format sees them.
func sameCOE(t *testing.T, a, b *COE) bool {
	t.Helper()
	ma, err := Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(ma, mb)
}

func full() *COE {
	n := int64(120000)
	at := func(s string) time.Time {
		tm, err := ParseTime(s)
		if err != nil {
			panic(err)
		}
		return tm
	}
	return &COE{
		Version: 1, ID: "2024-01-28-speaker-groups", Title: "Speaker groups: stopped playing", Status: "review", Severity: "sev2",
		Authors: []string{"steve"}, Reviewers: []string{"dana", "li.wei"}, Tags: []string{"speakers", "123"},
		Incident:     Incident{StartedAt: at("2024-01-28T19:05:00-06:00"), DetectedAt: at("2024-01-28T19:40:00-06:00"), ResolvedAt: at("2024-01-29T13:00:00Z")},
		WhatHappened: "Group playback failed.\n\nSupport blamed phones: \"reinstall\".\n",
		Timeline: []TimelineEntry{{At: at("2024-01-28T19:05:00-06:00"), Event: "Failures start."},
			{At: at("2024-01-28T19:40:00-06:00"), Event: "Alarm: error rate > 5%"}},
		Impact:         Impact{Customers: "120,000 households.", Business: "Refunds.", CustomersAffected: &n, Communication: "None until day two."},
		RootCause:      RootCause{Summary: "A token size change.", Whys: []string{"Why did groups fail?", "true"}},
		SupportingData: []SupportingData{{Title: "Error rate", Link: "https://dash.example.com/d/1?x=1&y=2", Note: "27% peak"}},
		Implications:   Implications{Security: "None: no data exposed.", Other: "Trust."},
		Lessons:        []string{"Post on the status page.", "Line one\nline two"},
		CorrectiveActions: []CorrectiveAction{
			{ID: "CA-1", Action: "Status note within 15 minutes.", Owner: "dana", Due: Date{2024, 2, 15}, Priority: "high", Status: "open", Tracker: "SPK-1"},
			{ID: "CA-2", Action: "Test token sizes.", Owner: "li.wei", Due: Date{2024, 3, 1}, Status: "done", DoneAt: Date{2024, 2, 28}},
		},
		Related: []string{"2023-11-02-speaker-sync-drift"},
	}
}

// What Marshal writes reads back as the same COE, and in the fixed layout.
func TestMarshalRoundTrip(t *testing.T) {
	c := full()
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	back := mustParse(t, out)
	if !sameCOE(t, c, back) {
		t.Errorf("round trip changed the COE:\n%s", out)
	}
	for _, want := range []string{
		"version: 1\nid: 2024-01-28-speaker-groups\ntitle: 'Speaker groups: stopped playing'\n",
		"authors: [steve]\nreviewers: [dana, li.wei]\n",
		"tags: [speakers, \"123\"]\n",
		"\nincident:\n  started_at: 2024-01-28T19:05:00-06:00\n",
		"\n# 1. What happened?\nwhat_happened: |\n  Group playback failed.\n\n  Support blamed phones: \"reinstall\".\n",
		"\n# 7. What corrective actions are you taking to prevent this from happening again?\ncorrective_actions:\n  - id: CA-1\n",
		"    due: 2024-02-15\n    priority: high\n    status: open\n",
		"  customers_affected: 120000\n",
		"\nrelated: [2023-11-02-speaker-sync-drift]\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("layout: output lacks %q:\n%s", want, out)
		}
	}
}

// A skeleton shows every question, so a user filling it in by hand sees
// what is left to answer.
func TestMarshalSkeletonHasAllQuestions(t *testing.T) {
	out, err := Marshal(&COE{ID: "2024-01-01-x", Title: "x", Status: "draft", Severity: "sev3"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range Questions() {
		if !strings.Contains(string(out), "# "+string(rune('0'+q.Number))+". "+q.Text+"\n"+q.Key+":") {
			t.Errorf("skeleton lacks question %d:\n%s", q.Number, out)
		}
	}
	c := mustParse(t, out)
	if c.Version != 1 || c.Title != "x" {
		t.Errorf("skeleton reads back as %+v", c)
	}
}
