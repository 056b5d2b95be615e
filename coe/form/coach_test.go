package form

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/lint"
)

// coaching are test options that coach with the quality rules as they
// ship (no .coe.yaml of a team).
func coaching() Options {
	opts := testOptions()
	opts.ReviewNotes = func(c *coe.COE) []check.Finding {
		return check.ReviewNotesOf(c, coe.Config{}, coe.DateOf(testNow))
	}
	return opts
}

// screen is what the terminal shows: the form, or the explanation of its
// review notes over it.
func (d *driver) screen() string { return ansi.Strip(d.m.View().Content) }

// A root cause that stops at "human error" gets the blame note under it
// once it is left, with the rule's id; ctrl+r, which no text field uses,
// shows what the rule asks and why, and any key goes back to the form,
// which goes on: the note stops nothing.
func TestCoachBlameUnderTheRootCause(t *testing.T) {
	s := validState()
	s.Step = StepRootCause
	opts := coaching()
	var saw string
	sc := newScript(t,
		func(d *driver) {
			d.sees("Question 3 of 7", "Root cause")
			if strings.Contains(d.view(), "blame") {
				t.Fatalf("a note before anything is typed:\n%s", d.view())
			}
			d.typ("Human error: the release was deployed to every region at once.").enter()
			d.sees("! blame: the root cause summary blames people", `"Human error"`, "ctrl+r review notes")
			d.key(ctrlR)
			saw = d.screen()
			rule, _ := lint.LookupRule(lint.RuleBlame)
			for _, want := range []string{"Review notes", "! blame · Question 3 · Root cause", rule.Summary, "any key goes back"} {
				if !strings.Contains(strings.Join(strings.Fields(saw), " "), strings.Join(strings.Fields(want), " ")) {
					t.Fatalf("the explanation does not show %q:\n%s", want, saw)
				}
			}
			d.key(escKey) // back, not out
			d.state(huh.StateNormal).sees("Contributing factors", "! blame:")
			d.enter().sees("Ask the first why?")
			d.press("n").enter()
		},
	)
	opts.Run = sc.run
	s.Step = StepRootCause
	r := newRunner(t.Context(), &s, opts, false)
	if err := r.rootCause(); err != nil {
		t.Fatal(err)
	}
	sc.done()
	if !strings.Contains(s.RootCause.Summary, "Human error") {
		t.Errorf("the answer is not kept as typed: %q", s.RootCause.Summary)
	}
	if !strings.Contains(saw, "blameless") && !strings.Contains(saw, "mechanism") {
		t.Errorf("the explanation does not say how to fix it:\n%s", saw)
	}
}

// A why that blames people is kept, but enter first stays on the page to
// show the note the answer just drew (the page would be gone otherwise);
// enter again goes on. A why without a note goes on at once.
func TestCoachWhyStopsOnceForItsNewNote(t *testing.T) {
	s := validState()
	s.RootCause.Summary = "The EU config was missing from the release checks."
	s.RootCause.Whys = []string{"", ""}
	r := newRunner(t.Context(), &s, coaching(), false)
	d := drive(t, r.b.whyForm(&s.RootCause.Whys[0], 1))
	d.typ("Because the operator forgot to run the region check.").enter()
	d.state(huh.StateNormal).sees("! blame: why 1 blames people", "ctrl+r review notes")
	d.enter().state(huh.StateCompleted)
	if s.RootCause.Whys[0] != "Because the operator forgot to run the region check." {
		t.Fatalf("why 1 = %q", s.RootCause.Whys[0])
	}

	d = drive(t, r.b.whyForm(&s.RootCause.Whys[1], 2))
	d.typ("Because the release checks list the regions by hand.").enter().state(huh.StateCompleted)
}

// Notes are found on the COE the State converts to, whose lists leave out
// empty items: a note about the COE's second why is about the State's
// third when its second is empty.
func TestCoachNotesAtTheStatesItems(t *testing.T) {
	s := validState()
	s.RootCause.Summary = "The release checks list the regions by hand."
	s.RootCause.Whys = []string{"Because nothing compares the lists.", "  ", "Because of human error."}
	s.DetectedAt = "2024-01-28T19:40:00-06:00"
	r := newRunner(t.Context(), &s, coaching(), false)
	var got []string
	for _, n := range r.b.reviewNotes() {
		got = append(got, n.Rule+"@"+n.Field)
	}
	want := []string{"whys-depth@root_cause.whys", "blame@root_cause.whys[2]"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("notes %q, want %q", got, want)
	}
}

// The last page lists the COE's notes, which stop nothing: the COE is
// saved at once (no final check page for notes alone), and ctrl+r shows
// them all there too.
func TestCoachFinishListsTheNotes(t *testing.T) {
	s := validState()
	s.Step = StepFinish
	s.RootCause.Summary = "Human error."
	opts := coaching()
	opts.Check = func(*coe.COE) []check.Finding { return nil }
	sc := newScript(t, func(d *driver) {
		d.sees("Review notes, which do not stop a save (ctrl+r explains them):",
			"! blame · Question 3 · Root cause: the root cause summary blames people")
		d.key(ctrlR)
		if !strings.Contains(d.screen(), "blame: the root cause names no person") {
			t.Fatalf("ctrl+r does not explain the notes of the last page:\n%s", d.screen())
		}
		d.key(escKey).state(huh.StateNormal)
		d.sees("Save it as a draft").enter()
	})
	opts.Run = sc.run
	if err := RunNew(t.Context(), &s, opts); err != nil {
		t.Fatal(err)
	}
	sc.done()
	if s.Status != coe.StatusDraft {
		t.Fatalf("status %q", s.Status)
	}
}

// When the final check finds errors, the review notes follow them, marked
// as notes that do not stop a save, each leading to its field too.
func TestCoachFinalCheckListsNotesAfterErrors(t *testing.T) {
	s := validState()
	s.Step = StepFinish
	s.RootCause.Summary = "Human error."
	opts := coaching()
	opts.Check = func(*coe.COE) []check.Finding {
		return []check.Finding{{Diagnostic: lint.Diagnostic{Severity: lint.Error, Rule: "r", Message: "bad"}, Field: "title"}}
	}
	sc := newScript(t,
		func(d *driver) { d.sees("Save it as a draft").enter() },
		func(d *driver) {
			d.sees("coe lint finds 1 error", "Review notes, listed after the error, do not stop a save.",
				"The basics · Title: bad [r]", "Question 3 · Root cause: review note: the root cause summary blames people")
			d.pick("Question 3 · Root cause").enter()
		},
		func(d *driver) {
			d.sees("┃ Root cause").key(ctrlU).typ("Nothing checks the region before a deploy.").enter()
			d.sees("┃ Contributing factors").enter()
		},
		func(d *driver) {
			d.sees("Save it as a draft")
			if strings.Contains(d.view(), "blame") {
				t.Errorf("the fixed note is still listed:\n%s", d.view())
			}
			d.enter()
		},
		func(d *driver) {
			d.sees("The basics · Title: bad [r]")
			if strings.Contains(d.view(), "blame") {
				t.Errorf("the fixed note is still listed:\n%s", d.view())
			}
			d.pick("Save it as a draft anyway").enter()
		},
	)
	opts.Run = sc.run
	if err := RunNew(t.Context(), &s, opts); err != nil {
		t.Fatal(err)
	}
	sc.done()
}

// Accessible mode shows nothing under an answer: a page's notes are
// listed once it is done, each with its rule's summary.
func TestCoachAccessibleListsNotesAfterThePage(t *testing.T) {
	s := validState()
	s.RootCause.Summary = "Human error."
	opts := coaching()
	var out strings.Builder
	opts.Accessible, opts.Out = true, &out
	r := newRunner(t.Context(), &s, opts, false)
	r.accessibleNotes(r.b.rootCauseForm(&s, nil))
	rule, _ := lint.LookupRule(lint.RuleBlame)
	for _, want := range []string{"Review notes on these answers; they do not stop you", "! blame: the root cause summary blames people", rule.Summary} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("accessible notes do not say %q:\n%s", want, out.String())
		}
	}
}

// At 80x24 a page with notes still fits the screen, its title on top, and
// so does the explanation, which scrolls.
func TestCoachFitsTheScreen(t *testing.T) {
	s := validState()
	s.RootCause.Summary = "Human error: Dana forgot to run the check."
	s.Authors = "Dana"
	r := newRunner(t.Context(), &s, coaching(), false)
	d := driveSized(t, r.b.rootCauseForm(&s, new(bool)), 80, 24)
	d.sees("! blame:")
	fits := func(what string) {
		t.Helper()
		lines := strings.Split(d.screen(), "\n")
		if len(lines) > 24 {
			t.Fatalf("%s is %d lines on a 24-line screen:\n%s", what, len(lines), d.screen())
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > 80 {
				t.Fatalf("%s has a line of %d columns: %q", what, ansi.StringWidth(l), l)
			}
		}
	}
	fits("the page")
	if !strings.HasPrefix(d.screen(), "Question 3 of 7") {
		t.Fatalf("the title scrolled away:\n%s", d.screen())
	}
	d.key(ctrlR)
	fits("the explanation")
	first := d.screen()
	d.key(tea.KeyPressMsg{Code: tea.KeyPgDown})
	if d.screen() == first {
		t.Fatalf("pgdown does not scroll the explanation:\n%s", first)
	}
	fits("the explanation, scrolled")
	d.key(enterKey).state(huh.StateNormal)
	if strings.Contains(d.screen(), "any key goes back") {
		t.Fatal("a key does not close the explanation")
	}
}
