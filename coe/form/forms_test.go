package form

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// The tests here drive the real huh forms with key messages and check the
// State they fill.

var testNow = time.Date(2024, 2, 1, 9, 30, 0, 0, time.FixedZone("", -6*3600))

func testOptions() Options {
	return Options{
		Severities:    []string{"sev1", "sev2", "sev3", "sev4"},
		Owners:        []string{"dana", "li.wei", "steve", "kenji"},
		Now:           func() time.Time { return testNow },
		DefaultAuthor: "steve",
		Location:      time.FixedZone("CST", -6*3600),
	}
}

func newBuilder(edit bool) *builder { return &builder{opts: testOptions(), edit: edit} }

func TestBasicsFormFillsState(t *testing.T) {
	s := &State{Authors: "steve"}
	d := drive(t, newBuilder(false).basicsForm(s))
	d.sees("New COE · The basics", "Title", "Severity")
	d.typ("Speaker groups stopped playing").enter()
	d.press("j").enter() // sev2
	d.sees("New COE · When", "a time of day like 14:02", "Local times are in CST")

	// Times as people write them, read in the repository's zone and
	// shown back as they are stored.
	d.typ("2024-01-28 19:05").enter()
	d.sees("2024-01-28T19:05:00-06:00")
	d.typ("19:00").enter() // before the start, on its day
	d.sees("detected_at 19:00 is before started_at 2024-01-28T19:05:00-06:00").state(huh.StateNormal)
	d.clear().typ("2024-01-29T01:40:00Z").enter()
	d.typ("2024-01-29T05:10:00-06").enter() // no minutes in the offset
	d.sees(`invalid time "2024-01-29T05:10:00-06"`).state(huh.StateNormal)
	d.typ(":00").enter()
	d.enter() // resolved left empty

	d.sees("People and labels", "Authors")
	d.key(endKey).typ(", dana").enter()
	d.typ("kenji").enter()
	d.typ("speakers, grouping").enter()
	d.typ("speaker-groups").enter()
	d.typ("not an id").enter()
	d.sees(`invalid COE id "not an id"`).state(huh.StateNormal)
	d.clear().typ("2023-11-02-speaker-sync-drift").enter()
	d.state(huh.StateCompleted)

	want := State{
		Title: "Speaker groups stopped playing", Severity: "sev2",
		StartedAt: "2024-01-28T19:05:00-06:00", DetectedAt: "2024-01-29T01:40:00Z", MitigatedAt: "2024-01-29T05:10:00-06:00",
		Authors: "steve, dana", Reviewers: "kenji", Tags: "speakers, grouping", Services: "speaker-groups",
		Related: "2023-11-02-speaker-sync-drift",
	}
	if !equalState(*s, want) {
		t.Fatalf("state =\n%+v\nwant\n%+v", *s, want)
	}
}

func TestTitleIsRequired(t *testing.T) {
	s := &State{}
	d := drive(t, newBuilder(false).basicsForm(s))
	d.enter().sees("a title is required").state(huh.StateNormal)
	d.typ("x").enter().sees("Severity")
}

func TestSeverityNotInConfigMustChange(t *testing.T) {
	s := &State{Title: "T", Severity: "sev9"}
	d := drive(t, newBuilder(true).basicsForm(s))
	d.enter().sees("> sev9").enter()
	d.sees(`severity "sev9" is not in the config; choose one of "sev1", "sev2", "sev3", "sev4"`).state(huh.StateNormal)
	if s.Severity != "sev9" {
		t.Fatalf("showing the severity changed it to %q", s.Severity)
	}
	d.press("j", "j").enter().sees("When")
	if s.Severity != "sev2" {
		t.Fatalf("severity = %q", s.Severity)
	}
}

func TestActionFormRefusesMissingOwnerAndBadDue(t *testing.T) {
	a := &Action{ID: "CA-1", Priority: "medium", Status: "open"}
	d := drive(t, newBuilder(false).actionForm(a, 1))
	d.sees("Question 7 of 7 · What corrective actions are you taking to prevent this from happening again? · CA-1")
	d.typ("Page support for every sev1 and sev2").enter()

	d.enter().sees("an owner is required").state(huh.StateNormal)
	d.typ("   ").enter().sees("an owner is required")
	d.clear().typ("dnaa").enter().sees(`owner "dnaa" is not in the roster; did you mean "dana"?`).state(huh.StateNormal)
	d.clear().typ("dana").enter()

	d.enter().sees("a due date is required").state(huh.StateNormal)
	d.typ("2024-02-30").enter().sees(`invalid date "2024-02-30"`).state(huh.StateNormal)
	d.clear().typ("2024-02-15").enter()
	d.press("k").enter() // medium -> high
	d.typ("not a key").enter().sees(`invalid tracker "not a key"`).state(huh.StateNormal)
	d.clear().typ("SPK-1240").enter()
	d.state(huh.StateCompleted)

	want := Action{ID: "CA-1", Action: "Page support for every sev1 and sev2", Owner: "dana", Due: "2024-02-15",
		Priority: "high", Status: "open", Tracker: "SPK-1240"}
	if *a != want {
		t.Fatalf("action = %+v, want %+v", *a, want)
	}
}

func TestEditActionDoneNeedsDate(t *testing.T) {
	a := &Action{ID: "CA-4", Action: "Raise the buffer", Owner: "kenji", Due: "2024-06-30", Priority: "medium", Status: "open"}
	d := drive(t, newBuilder(true).actionForm(a, 4))
	d.sees("Status", "Done on").enter().enter().enter().enter()
	d.press("j", "j").enter() // open -> done
	d.enter().sees("a done action needs the date it was done").state(huh.StateNormal)
	d.typ("2024-07-02").enter()
	d.enter().state(huh.StateCompleted)
	if a.Status != "done" || a.DoneAt != "2024-07-02" {
		t.Fatalf("action = %+v", *a)
	}
}

func TestCtrlCAndEscKeepTypedText(t *testing.T) {
	for _, k := range []tea.KeyPressMsg{ctrlC, escKey} {
		t.Run(k.String(), func(t *testing.T) {
			s := &State{}
			add := true
			d := drive(t, newBuilder(false).whatHappenedForm(s, &add))
			d.sees("Question 1 of 7 · What happened?", "ctrl+e open editor")
			d.typ("At 19:05 a release made the token longer.\nGroups failed.")
			d.key(k).state(huh.StateAborted)
			if want := "At 19:05 a release made the token longer.\nGroups failed."; s.WhatHappened != want {
				t.Fatalf("what_happened = %q, want %q", s.WhatHappened, want)
			}
		})
	}
}

func TestTextAreaNewLineKeys(t *testing.T) {
	s := &State{}
	d := drive(t, newBuilder(false).implicationsForm(s))
	d.typ("None: tokens fail closed.").key(ctrlJ).typ("Fuzzed.").enter()
	d.typ("Trust").enter().state(huh.StateCompleted)
	if s.Implications.Security != "None: tokens fail closed.\nFuzzed." || s.Implications.Other != "Trust" {
		t.Fatalf("implications = %+v", s.Implications)
	}
}

func TestSecurityMustBeAnswered(t *testing.T) {
	s := &State{}
	d := drive(t, newBuilder(false).implicationsForm(s))
	d.enter().sees(`answer security explicitly; "None: <why>" is an answer`).state(huh.StateNormal)
}

func TestCustomersAffectedIsAWholeNumber(t *testing.T) {
	s := &State{}
	d := drive(t, newBuilder(false).impactForm(s))
	d.typ("Households could not play groups.").enter().enter()
	d.typ("-3").enter().sees(`invalid number "-3"`).state(huh.StateNormal)
	d.clear().typ("120,000").enter().enter().state(huh.StateCompleted)
	if s.Impact.CustomersAffected != "120,000" {
		t.Fatalf("customers_affected = %q", s.Impact.CustomersAffected)
	}
}

func TestUntouchedFieldsKeepTheirExactText(t *testing.T) {
	// bubbles shows tabs as spaces and a text area shows no final line
	// break; passing through the fields must not change the values.
	s := &State{Implications: Implications{Security: "None:\n\tindented\n", Other: "a\tb"}}
	d := drive(t, newBuilder(true).implicationsForm(s))
	d.submit()
	if s.Implications.Security != "None:\n\tindented\n" || s.Implications.Other != "a\tb" {
		t.Fatalf("implications = %q", s.Implications)
	}

	// A real change replaces the value.
	s = &State{Implications: Implications{Security: "None\n"}}
	d = drive(t, newBuilder(true).implicationsForm(s))
	d.typ(": fails closed").submit()
	if s.Implications.Security != "None: fails closed" {
		t.Fatalf("security = %q", s.Implications.Security)
	}
}

func TestMultiLineItemGetsATextArea(t *testing.T) {
	// A one-line input would flatten the line breaks of an item that has
	// them; such an item gets a text area.
	w := "Why?\nBecause."
	d := drive(t, newBuilder(true).whyForm(&w, 1))
	d.sees("alt+enter / ctrl+j new line").submit()
	if w != "Why?\nBecause." {
		t.Fatalf("why = %q", w)
	}
}

func TestFinishRefusesReviewWhenIncomplete(t *testing.T) {
	s := &State{Title: "T", Severity: "sev2", Status: "draft"}
	var next finishChoice
	d := drive(t, newBuilder(false).finishForm(s, &next))
	// The summary shows names like started_at as they are.
	d.sees("Check the summary", "Save it as a draft", "Save it, ready for review", "Go back to question 7",
		"Still missing for review: when the incident started (started_at)")
	d.press("j").enter()
	d.sees("not ready for review yet; still missing: when the incident started (started_at); question 1: what happened").state(huh.StateNormal)
	d.press("k").enter().state(huh.StateCompleted)
	if next != (finishChoice{status: "draft"}) {
		t.Fatalf("choice = %+v", next)
	}
}

func TestFinishCanGoBack(t *testing.T) {
	s := &State{Title: "T", Severity: "sev2", Status: "review"}
	var next finishChoice
	d := drive(t, newBuilder(true).finishForm(s, &next))
	d.sees("Save as review: ready for review")
	d.press("G").enter().state(huh.StateCompleted) // the last choice: the menu
	if next != (finishChoice{back: backMenu}) {
		t.Fatalf("choice = %+v", next)
	}
}

func TestMenuRefusesDoneWithHalfDoneItem(t *testing.T) {
	s := &State{Timeline: []TimelineEntry{{At: "2024-01-28T19:05:00-06:00", Event: "Release"}, {At: "2024-01-28T19:4"}}}
	r := newRunner(t.Context(), s, testOptions(), false)
	choice := choiceDone
	d := drive(t, menuForm(r.b, r.timeline(), &choice))
	d.sees("Timeline entries: 2", "1. 2024-01-28T19:05:00-06:00 Release", "2. 2024-01-28T19:4", "Add a timeline entry", "Done")
	d.enter().sees("timeline entry 2 is not finished").state(huh.StateNormal)
	d.press("k").enter().state(huh.StateCompleted)
	if choice != choiceAdd {
		t.Fatalf("choice = %d, want add", choice)
	}
}

func TestSelectKeepsAnUnlistedValue(t *testing.T) {
	// Showing an action without a priority must not give it one.
	a := &Action{ID: "CA-2", Action: "x", Owner: "dana", Due: "2024-02-15"}
	d := drive(t, newBuilder(true).actionForm(a, 2))
	d.enter().sees("(not set)").submit()
	if a.Priority != "" || a.Status != "" {
		t.Fatalf("action = %+v", *a)
	}
}

func TestAccessibleFieldsShowTheirHelp(t *testing.T) {
	b := newBuilder(true)
	b.opts.Accessible = true
	s := &State{StartedAt: "2024-01-28T19:05:00-06:00"}
	acc := keep(&s.StartedAt, showLine)
	title, _ := b.label(field{title: "Started at", desc: "RFC 3339", p: &s.StartedAt}, acc)
	if !strings.Contains(title, "(RFC 3339)") || !strings.Contains(title, `Now "2024-01-28T19:05:00-06:00"; enter keeps it.`) {
		t.Fatalf("title = %q", title)
	}
	// An empty answer keeps the current value, so it is what is checked.
	check := b.validator(acc, required("required"))
	if err := check(""); err != nil {
		t.Fatalf("empty answer with a current value: %v", err)
	}
	s.StartedAt = ""
	if err := b.validator(keep(&s.StartedAt, showLine), required("required"))(""); err == nil {
		t.Fatal("empty answer without a current value passed")
	}
}
