package form

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"charm.land/huh/v2"
	"github.com/coe-cli/coe/coe"
)

// The whole sequence of RunNew and RunEdit, with a fake runner that answers
// each real form with key messages.

func runNew(t *testing.T, s *State, steps ...func(d *driver)) (*script, error) {
	t.Helper()
	sc := newScript(t, steps...)
	opts := testOptions()
	opts.Run = sc.run
	return sc, RunNew(t.Context(), s, opts)
}

// Answers to the forms of a new COE, in order.

func basicsAnswer(d *driver) {
	d.sees("New COE · The basics")
	d.typ("Checkout failed for EU cards").enter()
	d.press("j").enter() // sev2
	d.sees("New COE · When")
	d.typ("2024-01-28T19:05:00-06:00").enter()
	d.typ("2024-01-28T19:40:00-06:00").enter().enter().enter()
	d.sees("People and labels").submit() // authors prefilled
}

func whatHappenedAnswer(d *driver) {
	d.sees("Question 1 of 7 · What happened?", coe.Questions()[0].Hint, "ctrl+e open editor", "Add a timeline entry?")
	d.typ("A release broke card payments in the EU.\nWe rolled back.").enter()
	d.enter() // yes, add one
}

func timelineEntryAnswer(d *driver) {
	d.sees("Timeline entry 1")
	d.typ("2024-01-28T19:05:00-06:00").enter()
	d.typ("Release 42 reaches all hosts.").enter()
}

func no(d *driver)  { d.sees("Add another").enter() }
func yes(d *driver) { d.press("y") }

func impactAnswer(d *driver) {
	d.sees("Question 2 of 7 · What was the impact on customers and your business?")
	d.typ("EU customers could not pay by card for 40 minutes.").enter()
	d.typ("About 3,000 lost orders.").enter()
	d.typ("2300").enter()
	d.typ("A status page post at 19:50.").enter()
}

func rootCauseAnswer(d *driver) {
	d.sees("Question 3 of 7 · What was the root cause?", coe.Questions()[2].Hint, "Ask the first why?")
	d.typ("The payment client was built against a config the EU region did not have.").enter()
	d.sees("Contributing factors (optional)", "Comma-separated").typ("config-change, insufficient-testing").enter()
	d.enter() // yes
}

func whyAnswer(n int, text string) func(d *driver) {
	return func(d *driver) { d.sees("Why #" + string(rune('0'+n))).typ(text).enter() }
}

func addFirstAnswer(question int) func(d *driver) {
	return func(d *driver) { d.sees(questionTitle(coe.Questions()[question-1])).enter() }
}

func supportingDataAnswer(d *driver) {
	d.sees("Question 4 of 7 · What data do you have to support this? · Item 1")
	d.typ("Payment error rate by region").enter()
	d.typ("javascript:alert(1)").enter().sees(`invalid link "javascript:alert(1)"`)
	d.clear().typ("https://dashboards.example.com/d/payments").enter()
	d.enter() // no note
}

func implicationsAnswer(d *driver) {
	d.sees("Question 5 of 7 · What were the critical implications, especially security?", `"None: <why>" is an answer`)
	d.typ("None: payments failed closed; no card data was exposed.").enter()
	d.enter()
}

func lessonAnswer(d *driver) {
	d.sees(questionTitle(coe.Questions()[5])+" · Lesson 1", "Lesson #1")
	d.typ("Test each region's config before a release.").enter()
}

func actionAnswer(d *driver) {
	d.sees("Question 7 of 7 · What corrective actions are you taking to prevent this from happening again? · CA-1")
	d.typ("Add the EU config to the release checks.").enter()
	d.enter().sees("an owner is required")
	d.typ("dana").enter()
	d.typ("2024-02-15").enter()
	d.press("k").enter() // high
	d.typ("PAY-77").enter()
}

// noPublic skips the optional step of the customers' version.
func noPublic(d *driver) {
	d.sees("New COE · Telling customers (optional)", "Write the customers' version now?", "--section public")
	d.enter() // no, the default
}

func finishReview(d *driver) {
	d.sees("New COE · Finish", "Everything a review needs is there.")
	d.press("j").enter() // ready for review
}

// From the last step the user can go back to any step; the steps after it
// follow again.
func TestRunNewGoBackFromFinish(t *testing.T) {
	s := validState()
	s.Step = StepFinish
	s.WhatHappened, s.Impact.Customers, s.RootCause.Summary, s.Lessons = "x", "x", "x", []string{"x"}
	sc, err := runNew(t, &s,
		func(d *driver) {
			d.sees("Still missing for review: question 5: the security implications")
			d.press("j").enter().sees("not ready for review yet").state(huh.StateNormal)
			d.press("j", "j", "j", "j", "j", "j").sees("> Go back to question 5").enter()
		},
		implicationsAnswer,
		func(d *driver) { d.sees("Lessons: 1").enter() },
		func(d *driver) { d.sees("Corrective actions: 1").enter() },
		noPublic,
		finishReview,
	)
	sc.done()
	if err != nil || s.Status != "review" || s.Step != StepFinish {
		t.Fatalf("err = %v, status = %q, step = %d", err, s.Status, s.Step)
	}
}

func TestRunNewWholeSequence(t *testing.T) {
	s := &State{}
	sc, err := runNew(t, s,
		basicsAnswer,
		whatHappenedAnswer, timelineEntryAnswer, no,
		impactAnswer,
		rootCauseAnswer, whyAnswer(1, "Why did payments fail? Because the client lacked the EU config."), yes,
		whyAnswer(2, "Why did nobody notice? Because tests ran only in the US region."), no,
		addFirstAnswer(4), supportingDataAnswer, no,
		implicationsAnswer,
		addFirstAnswer(6), lessonAnswer, no,
		addFirstAnswer(7), actionAnswer, no,
		noPublic,
		finishReview,
	)
	if err != nil {
		t.Fatal(err)
	}
	sc.done()
	if s.Step != StepFinish {
		t.Errorf("step = %d, want %d", s.Step, StepFinish)
	}
	c, err := s.COE()
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != "review" || c.Severity != "sev2" || c.Title != "Checkout failed for EU cards" ||
		!slices.Equal(c.Authors, []string{"steve"}) || len(c.Timeline) != 1 || len(c.RootCause.Whys) != 2 ||
		len(c.SupportingData) != 1 || len(c.Lessons) != 1 || *c.Impact.CustomersAffected != 2300 {
		t.Fatalf("COE = %+v", c)
	}
	want := coe.CorrectiveAction{ID: "CA-1", Action: "Add the EU config to the release checks.", Owner: "dana",
		Due: coe.Date{Year: 2024, Month: 2, Day: 15}, Priority: "high", Status: "open", Tracker: "PAY-77"}
	if len(c.CorrectiveActions) != 1 || !reflect.DeepEqual(c.CorrectiveActions[0], want) {
		t.Fatalf("corrective actions = %+v", c.CorrectiveActions)
	}
	if c.Public != nil {
		t.Errorf("public = %+v, want none: the step was skipped", c.Public)
	}
	if _, err := coe.Marshal(c); err != nil {
		t.Fatal(err)
	}
}

// Stopping at step N leaves everything typed in the State and Step == N.
func TestRunNewAbortKeepsEverything(t *testing.T) {
	s := &State{}
	sc, err := runNew(t, s,
		basicsAnswer,
		whatHappenedAnswer, timelineEntryAnswer, no,
		impactAnswer,
		rootCauseAnswer, whyAnswer(1, "Why? Because."), no,
		func(d *driver) { d.sees("Question 4 of 7", "Add a supporting data item?").key(escKey) },
	)
	sc.done()
	if !errors.Is(err, huh.ErrUserAborted) || !errors.Is(err, ErrAborted) {
		t.Fatalf("err = %v, want ErrAborted", err)
	}
	if s.Step != StepSupportingData {
		t.Errorf("step = %d, want %d", s.Step, StepSupportingData)
	}
	want := State{
		Step: StepSupportingData, Version: 1, Title: "Checkout failed for EU cards", Severity: "sev2", Status: "draft",
		StartedAt: "2024-01-28T19:05:00-06:00", DetectedAt: "2024-01-28T19:40:00-06:00", Authors: "steve",
		WhatHappened: "A release broke card payments in the EU.\nWe rolled back.",
		Timeline:     []TimelineEntry{{At: "2024-01-28T19:05:00-06:00", Event: "Release 42 reaches all hosts."}},
		Impact: Impact{Customers: "EU customers could not pay by card for 40 minutes.", Business: "About 3,000 lost orders.",
			CustomersAffected: "2300", Communication: "A status page post at 19:50."},
		RootCause: RootCause{Summary: "The payment client was built against a config the EU region did not have.",
			Whys: []string{"Why? Because."}},
		ContributingFactors: "config-change, insufficient-testing",
	}
	if !equalState(*s, want) {
		t.Fatalf("state =\n%#v\nwant\n%#v", *s, want)
	}
}

// Stopping inside a form keeps what its fields hold, a half-typed time too;
// resuming opens the very field it stopped in (here of a list item), and
// the list follows.
func TestRunNewAbortMidItemAndResume(t *testing.T) {
	s := &State{}
	_, err := runNew(t, s,
		basicsAnswer,
		whatHappenedAnswer,
		func(d *driver) { d.typ("2024-01-28T19:4").key(ctrlC) },
	)
	if !errors.Is(err, ErrAborted) || s.Step != StepWhatHappened || s.Item != 1 || s.Field != 0 {
		t.Fatalf("err = %v, step %d, item %d, field %d", err, s.Step, s.Item, s.Field)
	}
	if len(s.Timeline) != 1 || s.Timeline[0].At != "2024-01-28T19:4" {
		t.Fatalf("timeline = %#v", s.Timeline)
	}

	// The draft keeps it.
	data := MarshalDraft(*s, "coe new --resume x")
	resumed, err := ParseDraft(data)
	if err != nil || !equalState(resumed, *s) {
		t.Fatalf("draft: %v\n%s", err, data)
	}

	// Resumed: the entry's form, at its time; stopped again in its event.
	s = &resumed
	sc, err := runNew(t, s,
		func(d *driver) {
			d.sees("Question 1 of 7 · What happened? · Timeline entry 1", "┃ When", "2024-01-28T19:4")
			d.key(endKey).typ("0:00-06:00").enter()
			d.sees("┃ What happened then").typ("Alarm").key(escKey)
		},
	)
	sc.done()
	if !errors.Is(err, ErrAborted) || s.Step != StepWhatHappened || s.Item != 1 || s.Field != 1 {
		t.Fatalf("err = %v, step %d, item %d, field %d", err, s.Step, s.Item, s.Field)
	}

	// Resumed again: at the event, not at the time; then the list.
	s2, _ := ParseDraft(MarshalDraft(*s, ""))
	s = &s2
	sc, err = runNew(t, s,
		func(d *driver) {
			d.sees("Timeline entry 1", "┃ What happened then", "Alarm")
			if strings.Contains(d.view(), "┃ When") {
				t.Errorf("the resumed form has the focus on the time, not the event:\n%s", d.view())
			}
			d.key(endKey).typ(" fires.").enter()
		},
		func(d *driver) {
			d.sees("Timeline entries: 1", "1. 2024-01-28T19:40:00-06:00 Alarm fires.").press("G").enter()
		},
		func(d *driver) { d.sees("Question 2 of 7").key(escKey) },
	)
	sc.done()
	if !errors.Is(err, ErrAborted) || s.Step != StepImpact {
		t.Fatalf("err = %v, step = %d", err, s.Step)
	}
	if want := []TimelineEntry{{At: "2024-01-28T19:40:00-06:00", Event: "Alarm fires."}}; !slices.Equal(s.Timeline, want) {
		t.Fatalf("timeline = %#v", s.Timeline)
	}
}

// Resuming in a page of several groups opens the field it stopped in, and
// the fields before it are still there to go back to.
func TestRunNewResumesAtTheField(t *testing.T) {
	s := &State{}
	_, err := runNew(t, s, func(d *driver) {
		d.typ("Checkout failed").enter().enter()
		d.typ("2024-01-28 19:05").enter().enter().enter().enter() // started, to resolved
		d.sees("┃ Authors").enter()
		d.sees("┃ Reviewers").typ("kenji").key(escKey)
	})
	if !errors.Is(err, ErrAborted) || s.Step != StepBasics || s.Field != 7 {
		t.Fatalf("err = %v, step %d, field %d", err, s.Step, s.Field)
	}
	if s.StartedAt != "2024-01-28T19:05:00-06:00" {
		t.Errorf("started_at = %q, want the stored form of what was typed", s.StartedAt)
	}
	sc, err := runNew(t, s, func(d *driver) {
		d.sees("New COE · People and labels", "┃ Reviewers", "kenji")
		d.key(backTab).sees("┃ Authors")
		d.key(backTab).sees("New COE · When", "2024-01-28T19:05:00-06:00")
		d.key(escKey)
	})
	sc.done()
	if !errors.Is(err, ErrAborted) || s.Field < 2 || s.Field > 5 || s.Reviewers != "kenji" {
		t.Fatalf("err = %v, field %d, reviewers %q", err, s.Field, s.Reviewers)
	}
}

// An item stopped before anything was typed in it is not kept.
func TestRunNewAbortEmptyItemDropsIt(t *testing.T) {
	s := &State{Step: StepCorrectiveActions}
	sc, err := runNew(t, s,
		addFirstAnswer(7),
		func(d *driver) { d.sees("CA-1").key(escKey) },
	)
	sc.done()
	if !errors.Is(err, ErrAborted) || len(s.CorrectiveActions) != 0 || s.Step != StepCorrectiveActions {
		t.Fatalf("err = %v, state = %#v", err, s)
	}
}

func TestRunNewCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s := &State{}
	opts := testOptions()
	opts.Run = func(*huh.Form) error { t.Fatal("a form ran after the context was cancelled"); return nil }
	err := RunNew(ctx, s, opts)
	if !errors.Is(err, ErrAborted) || !errors.Is(err, context.Canceled) || !errors.Is(err, huh.ErrUserAborted) {
		t.Fatalf("err = %v", err)
	}
	if s.Step != StepBasics || s.Authors != "steve" || s.Status != "draft" {
		t.Fatalf("state = %#v", s)
	}
}

// Accessible mode runs huh for real (it needs no terminal): the end of input
// stops the run instead of passing every prompt with an empty answer.
func TestRunNewAccessibleEndOfInput(t *testing.T) {
	var out bytes.Buffer
	s := &State{}
	opts := testOptions()
	opts.Accessible, opts.In, opts.Out = true, strings.NewReader("Checkout failed\n"), &out
	err := RunNew(t.Context(), s, opts)
	if !errors.Is(err, ErrAborted) {
		t.Fatalf("err = %v\n%s", err, out.String())
	}
	if s.Title != "Checkout failed" || s.Step != StepBasics {
		t.Fatalf("state = %#v", s)
	}
	for _, want := range []string{"New COE · The basics", "Title (One line: what customers experienced.):"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("accessible output lacks %q:\n%s", want, out.String())
		}
	}
}

// RunEdit opens on the menu of parts: here it removes a lesson (confirmed
// by its name) and marks an action done, and changes nothing else.
func TestRunEditExample(t *testing.T) {
	doc, err := coe.ReadFile("../../examples/coes/2024-01-28-speaker-groups-stopped-playing.yaml", coe.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	orig := doc.COE
	s := FromCOE(&orig)
	sc := newScript(t,
		func(d *driver) {
			d.sees("Edit 2024-01-28-speaker-groups-stopped-playing", "The basics", "Speaker groups stopped playing",
				"Timeline", "9 entries", "6. Lessons", "4: A customer-visible incident", "CA-4", "kenji · 2024-06-30 · open", "Save…")
			d.pick("6. Lessons").enter()
		},
		func(d *driver) { d.sees("Lessons: 4").pick("2. ").enter() },
		func(d *driver) {
			d.sees("Lesson 2, ", "Change it", "Move it up", "Move it down", "Remove it").pick("Remove it").enter()
		},
		func(d *driver) { d.sees("Remove lesson 2, ").press("y") },
		func(d *driver) { d.sees("Lessons: 3").pick("Done").enter() },
		func(d *driver) { d.sees("Which part?").pick("CA-4").enter() },
		func(d *driver) {
			d.sees("CA-4", "┃ Action")
			d.enter().enter().enter().enter()
			d.press("j", "j").enter() // done
			d.typ("2024-07-02").enter()
			d.enter()
		},
		func(d *driver) { d.sees("Which part?", "> Save…").enter() },
		func(d *driver) {
			d.sees("Edit 2024-01-28-speaker-groups-stopped-playing · Finish", "approved: reviewed and approved",
				"Changed: the lessons, the corrective actions.").enter()
		},
	)
	opts := testOptions()
	opts.Owners = nil
	opts.Run = sc.run
	opts.Base = &orig
	if err := RunEdit(t.Context(), &s, opts); err != nil {
		t.Fatal(err)
	}
	sc.done()
	got, err := s.Merge(&orig, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := orig
	want.Lessons = slices.Delete(slices.Clone(orig.Lessons), 1, 2)
	want.CorrectiveActions = slices.Clone(orig.CorrectiveActions)
	want.CorrectiveActions[3].Status = "done"
	want.CorrectiveActions[3].DoneAt = coe.Date{Year: 2024, Month: 7, Day: 2}
	if d := diffCOE(&want, got); len(d) > 0 {
		t.Fatalf("edit changed more (or less) than asked:\n%s", strings.Join(d, "\n"))
	}
}
