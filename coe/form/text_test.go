package form

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// The answers' text areas (textField) and one-line inputs (lineField),
// driven with key messages.

// editorScript writes an editor that appends "\n\tedit N\n" to its file, N
// counting the runs, and returns a builder that runs it at once.
func editorScript(t *testing.T) *builder {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "ed.sh")
	counter := filepath.Join(dir, "count")
	body := fmt.Sprintf("#!/bin/sh\nn=$(( $(cat %[1]q 2>/dev/null || echo 0) + 1 ))\necho $n > %[1]q\nprintf '\\n\\tedit %%d\\n' $n >> \"$1\"\n", counter)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	b := newBuilder(false)
	b.opts.Editor = script
	b.exec = func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd {
		return func() tea.Msg { return done(c.Run()) }
	}
	return b
}

// ctrl+e on a field puts the editor's text in that field and no other (huh's
// own Text put it in every Text of the page), byte for byte.
func TestCtrlEChangesOnlyItsField(t *testing.T) {
	s := &State{Impact: Impact{Customers: "Customers A", Business: "Business B", Communication: "Told C"}}
	d := drive(t, editorScript(t).impactForm(s))

	d.enter().sees("┃ Impact on the business").key(ctrlE)
	want := Impact{Customers: "Customers A", Business: "Business B\n\tedit 1\n", Communication: "Told C"}
	if s.Impact != want {
		t.Fatalf("after ctrl+e on the second field:\n%q\nwant\n%q", s.Impact, want)
	}
	d.sees("edit 1")

	d.key(backTab).sees("┃ Impact on customers").key(ctrlE)
	want.Customers = "Customers A\n\tedit 2\n"
	if s.Impact != want {
		t.Fatalf("after ctrl+e on the first field:\n%q\nwant\n%q", s.Impact, want)
	}

	d.enter().enter().enter().sees("┃ What customers were told").key(ctrlE)
	want.Communication = "Told C\n\tedit 3\n"
	if s.Impact != want {
		t.Fatalf("after ctrl+e on the last field:\n%q\nwant\n%q", s.Impact, want)
	}
	// The editor's text is kept as it is when the form goes on.
	d.enter().state(huh.StateCompleted)
	if s.Impact != want {
		t.Fatalf("after the form:\n%q\nwant\n%q", s.Impact, want)
	}
}

// An editor that fails leaves the answer as it was and says why.
func TestCtrlEEditorFails(t *testing.T) {
	b := editorScript(t)
	b.opts.Editor = "exit 3;"
	s := &State{Implications: Implications{Security: "None: typed."}}
	d := drive(t, b.implicationsForm(s))
	d.key(ctrlE).sees("exited with status 3; the answer is unchanged").state(huh.StateNormal)
	if s.Implications.Security != "None: typed." {
		t.Fatalf("security = %q", s.Implications.Security)
	}
}

// A pasted answer is stored as it was pasted: a CRLF is one line break,
// tabs stay tabs, words that name keys are words, and an escape byte inside
// the paste is dropped without stopping the form.
func TestPasteIsStoredAsPasted(t *testing.T) {
	s := &State{}
	d := drive(t, newBuilder(false).impactForm(s))
	d.paste("Users pressed esc and left the EU pool.\r\n\tStep 1: up, down, left, right, tab, enter.\r\nEnd\x1b with an escape.\n")
	d.state(huh.StateNormal).sees("┃ Impact on customers")
	want := "Users pressed esc and left the EU pool.\n\tStep 1: up, down, left, right, tab, enter.\nEnd with an escape.\n"
	if s.Impact.Customers != want {
		t.Fatalf("customers = %q, want %q", s.Impact.Customers, want)
	}
	// Typing on at the end keeps the pasted text as it was.
	d.typ("More.")
	if want += "More."; s.Impact.Customers != want {
		t.Fatalf("customers = %q, want %q", s.Impact.Customers, want)
	}
	// An edit inside the text stores what the text area shows.
	d.key(homeKey).typ("> ")
	if got := s.Impact.Customers; !strings.HasPrefix(got, "Users pressed") || !strings.Contains(got, "> More.") || strings.Contains(got, "\t") {
		t.Fatalf("customers after an edit = %q", got)
	}
}

// Words typed key by key are text, even those that name keys.
func TestTypedWordsThatNameKeys(t *testing.T) {
	s := &State{}
	d := drive(t, newBuilder(false).basicsForm(s))
	d.typ("Users pressed esc and left the EU pool").state(huh.StateNormal).enter()
	if s.Title != "Users pressed esc and left the EU pool" {
		t.Fatalf("title = %q", s.Title)
	}
}

// fits checks that the form is no taller than the screen and starts with
// its page's title.
func fits(t *testing.T, d *driver, title string) {
	t.Helper()
	v := d.view()
	if h := lipgloss.Height(v); h > d.h {
		t.Fatalf("the form is %d lines on a screen of %d:\n%s", h, d.h, v)
	}
	if first := strings.SplitN(v, "\n", 2)[0]; !strings.HasPrefix(first, title) {
		t.Fatalf("the form starts with %q, not its title %q:\n%s", first, title, v)
	}
}

// Question 2 fits 80x24 with its title and all four fields; a long answer
// grows the text area up to most of the screen, its last line in view; once
// left it shows its start.
func TestImpactFits80x24(t *testing.T) {
	s := &State{}
	d := driveSized(t, newBuilder(false).impactForm(s), 80, 24)
	const title = "Question 2 of 7 · What was the impact"
	fits(t, d, title)
	d.sees("Impact on customers", "Impact on the business", "Customers affected", "What customers were told")

	var lines []string
	for i := 1; i <= 40; i++ {
		lines = append(lines, fmt.Sprintf("Line %d of the impact.", i))
	}
	d.paste(strings.Join(lines, "\n"))
	fits(t, d, title)
	d.sees("Line 40 of the impact.")
	if n := strings.Count(d.view(), " of the impact."); n < 10 {
		t.Errorf("the text area shows %d lines at 80x24, want most of the screen:\n%s", n, d.view())
	}

	d.enter()
	fits(t, d, title)
	d.sees("Line 1 of the impact.", "Line 3 of the impact.", "37 more lines", "┃ Impact on the business")
	if strings.Contains(d.view(), "Line 40 of") {
		t.Errorf("a field left shows its tail:\n%s", d.view())
	}

	// An error under the page does not push the title off the screen.
	d.enter().typ("-3").enter().sees(`invalid number "-3"`)
	fits(t, d, title)
}

// A long answer opens at its start, and a wide screen uses its width.
func TestLongAnswerOpensAtItsStart(t *testing.T) {
	var lines []string
	for i := 1; i <= 60; i++ {
		lines = append(lines, fmt.Sprintf("Line %d: %s", i, strings.Repeat("word ", 30)))
	}
	s := &State{Implications: Implications{Security: strings.Join(lines, "\n") + "\n"}}
	d := driveSized(t, newBuilder(true).implicationsForm(s), 200, 50)
	fits(t, d, "Question 5 of 7")
	d.sees("Line 1: word")
	if strings.Contains(d.view(), "Line 60:") {
		t.Errorf("the answer opens at its end:\n%s", d.view())
	}
	// At 200 columns a line of 158 characters is one line on the screen.
	if !strings.Contains(d.view(), "Line 1: "+strings.TrimSpace(strings.Repeat("word ", 30))) {
		t.Errorf("a wide screen wraps a line that fits:\n%s", d.view())
	}
	// Made small, the screen keeps the page's title.
	d.resize(80, 24)
	fits(t, d, "Question 5 of 7")
	d.sees("Line 1: word")
	d.submit()
	if s.Implications.Security != strings.Join(lines, "\n")+"\n" {
		t.Fatal("passing through changed the answer")
	}
}

// A one-line field left shows the start of a long value, not its end.
func TestInputLeftShowsItsStart(t *testing.T) {
	s := &State{}
	d := driveSized(t, newBuilder(false).basicsForm(s), 60, 24)
	long := "Start of a title " + strings.Repeat("that goes on ", 8) + "and ends here"
	d.typ(long).enter()
	d.sees("Start of a title")
	if strings.Contains(d.view(), "ends here") {
		t.Errorf("the title left shows its end:\n%s", d.view())
	}
	if s.Title != long {
		t.Fatalf("title = %q", s.Title)
	}
}

// A text with more lines than the text area holds is not cut: typing is
// refused, the editor still works, and the value stays whole.
func TestHugeAnswerIsNotCut(t *testing.T) {
	huge := strings.Repeat("x\n", textMaxRows+5)
	s := &State{Implications: Implications{Security: huge}}
	b := editorScript(t)
	d := drive(t, b.implicationsForm(s))
	d.sees("more lines than the form holds").typ("typed").state(huh.StateNormal)
	if s.Implications.Security != huge {
		t.Fatal("typing into a huge answer changed it")
	}
	d.key(ctrlE)
	if s.Implications.Security != huge+"\n\tedit 1\n" {
		t.Fatal("the editor's text of a huge answer was not kept whole")
	}
	d.submit()
	if s.Implications.Security != huge+"\n\tedit 1\n" {
		t.Fatal("the form changed a huge answer")
	}
}

// An error that takes two lines under a page taller than the screen does
// not push the page's title off the screen.
func TestLongErrorFits(t *testing.T) {
	s := &State{Title: "T", Severity: "sev2", Authors: "steve"}
	d := driveSized(t, newBuilder(false).basicsForm(s), 80, 20)
	d.enter().enter().sees("New COE · When").enter().enter().enter().enter()
	d.sees("New COE · People and labels")
	fits(t, d, "New COE · People and labels")
	d.enter().enter().enter().enter().sees("┃ Related COEs").typ("not an id").enter()
	d.sees(`invalid COE id "not an id"`).state(huh.StateNormal)
	fits(t, d, "New COE · People and labels")
}

// The last page at 80x24 keeps its summary on the screen while its
// thirteen choices scroll.
func TestFinishFits80x24(t *testing.T) {
	s := &State{Title: "Checkout failed for EU cards after release 42 left the EU pool", Severity: "sev2",
		Status: "draft", Authors: "steve", StartedAt: "2026-11-30T14:02:00+01:00"}
	var next finishChoice
	d := driveSized(t, newBuilder(false).finishForm(s, &next), 80, 24)
	fits(t, d, "New COE · Finish")
	d.sees("Checkout failed for EU cards", "Still missing for review", "What next?", "> Save it as a draft")
	d.press("G")
	fits(t, d, "New COE · Finish")
	d.sees("Checkout failed for EU cards", "> Go back to telling customers")
	d.enter().state(huh.StateCompleted)
	if next != (finishChoice{back: StepPublic}) {
		t.Fatalf("choice = %+v", next)
	}
}
