package main

import (
	"bytes"
	"cmp"
	"fmt"
	"image/color"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/form"
	"github.com/creack/pty"
)

// terminal runs coe in a pseudo-terminal, as a user at a keyboard would,
// and reads what it draws through a terminal emulator: Bubble Tea v2 draws
// only the cells that change, so the screen, not the byte stream, shows
// what the user sees. The emulator answers the program's queries (the
// background colour, modes) as a terminal does.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	read chan struct{} // closed when the terminal has nothing more to read
	mu   sync.Mutex
	vt   *vt.Emulator
	out  bytes.Buffer // everything the program wrote
	seen int          // how much of out screen skips
	done chan error
}

// ansi matches the terminal escapes of a byte stream.
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\r`)

func startTerminal(t *testing.T, dir string, args ...string) *terminal {
	t.Helper()
	return startTerminalWith(t, dir, termSetup{}, args...)
}

// termSetup says how to start a terminal.
type termSetup struct {
	cols, rows int      // the size; 0 is 120x50
	env        []string // added to the environment
	// mute makes a terminal that answers no query, as some do not.
	mute bool
}

// startTerminalWith starts coe on a terminal set up as ts says.
func startTerminalWith(t *testing.T, dir string, ts termSetup, args ...string) *terminal {
	t.Helper()
	cols, rows, env := cmp.Or(ts.cols, 120), cmp.Or(ts.rows, 50), ts.env
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "COE_TEST_AS_COE=1", "TERM=xterm-256color", "NO_COLOR=1",
		"COE_NOW=2026-11-23T12:00:00Z", "HOME="+t.TempDir(), "GIT_CONFIG_NOSYSTEM=1", "USER=tester",
		"EDITOR=false", "VISUAL=", "PAGER=") // no editor, no pager unless a test asks
	cmd.Env = append(cmd.Env, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(rows), Cols: uint16(cols)})
	if err != nil {
		t.Fatal(err)
	}
	em := vt.NewEmulator(cols, rows)
	em.SetDefaultBackgroundColor(color.Black)
	term := &terminal{t: t, cmd: cmd, pty: f, vt: em, done: make(chan error, 1), read: make(chan struct{})}
	go func() {
		defer close(term.read)
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			term.mu.Lock()
			term.out.Write(buf[:n])
			em.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	// The emulator's answers to queries go back to the program.
	if ts.mute {
		go io.Copy(io.Discard, em)
	} else {
		go io.Copy(f, em)
	}
	go func() { term.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		f.Close()
		// Not em.Close, which races with em.Read: ending the pipe of
		// answers ends the copy.
		em.InputPipe().(io.Closer).Close()
	})
	return term
}

// screen is what the program wrote past seen, without escapes: for output
// written line by line (lint's), not for a form, which redraws in place.
func (term *terminal) screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return ansi.ReplaceAllString(term.out.String()[term.seen:], "")
}

// display is what the terminal shows, the lines scrolled off it first.
func (term *terminal) display() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	var b strings.Builder
	if sb := term.vt.Scrollback(); sb != nil {
		for _, l := range sb.Lines() {
			b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
		}
	}
	b.WriteString(term.vt.String())
	return b.String()
}

// visible is the screen without the lines scrolled off it.
func (term *terminal) visible() []string {
	term.mu.Lock()
	defer term.mu.Unlock()
	lines := strings.Split(term.vt.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// waitFor waits until the screen shows text.
func (term *terminal) waitFor(text string) {
	term.t.Helper()
	term.waitUntil(text, func(s string) bool { return strings.Contains(s, text) })
}

// waitUntil waits until ok holds for the screen; what names the wait.
func (term *terminal) waitUntil(what string, ok func(screen string) bool) {
	term.t.Helper()
	wait := 10 * time.Second
	if raceEnabled {
		wait *= 3 // every step of the form is several times slower
	}
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if ok(term.display()) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	term.t.Fatalf("waited %s for %s; the screen shows:\n%s", wait, what, term.display())
}

// send types keys one at a time, each once the screen has settled after
// the one before: huh moves focus asynchronously, so a key typed too soon
// lands in the field being left.
func (term *terminal) send(keys ...string) {
	for _, k := range keys {
		before := term.size()
		if _, err := io.WriteString(term.pty, k); err != nil {
			term.t.Fatal(err)
		}
		term.settle(before)
	}
}

// key types k, then waits until the screen shows then: the way to be sure
// the form has moved on (say, to the next field: "┃ Severity") before the
// next key, however loaded the machine.
func (term *terminal) key(k, then string) {
	term.t.Helper()
	term.send(k)
	term.waitFor(then)
}

func (term *terminal) size() int {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.out.Len()
}

// settle waits for output past before, then for 100ms without output.
func (term *terminal) settle(before int) {
	deadline := time.Now().Add(3 * time.Second)
	for term.size() == before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	last, quiet := term.size(), time.Now()
	for time.Since(quiet) < 100*time.Millisecond && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if n := term.size(); n != last {
			last, quiet = n, time.Now()
		}
	}
}

func (term *terminal) exitCode() int {
	term.t.Helper()
	select {
	case err := <-term.done:
		// Let the reader take in the last of the output.
		select {
		case <-term.read:
		case <-time.After(2 * time.Second):
		}
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			term.t.Fatal(err)
		}
		return 0
	case <-time.After(10 * time.Second):
		term.t.Fatalf("coe did not exit; the screen shows:\n%s", term.display())
		return -1
	}
}

const (
	keyEnter = "\r"
	keyDown  = "\x1b[B"
	keyCtrlC = "\x03"
)

// TestTerminalNewStopResume: a team lead starts coe new in a real terminal,
// stops with ctrl-c halfway, loses nothing, resumes, and ends with a file
// that reads back as typed.
func TestTerminalNewStopResume(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	dir := t.TempDir()
	if code := run([]string{"-C", dir, "init"}, &Streams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard, Getenv: os.Getenv}); code != 0 {
		t.Fatalf("init: exit %d", code)
	}
	f, err := os.OpenFile(filepath.Join(dir, ".coe.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "timezone: Europe/Paris")
	f.Close()

	term := startTerminal(t, dir, "new")
	term.waitFor("┃ Title")
	term.send("Speaker groups stopped playing")
	term.key(keyEnter, "┃ Severity")
	term.key(keyDown, "> sev2")
	term.key(keyEnter, "┃ Started at")
	term.waitFor("Europe/Paris; the stored value")
	// A time as people write it: shown back as the file will hold it, in
	// the repository's zone.
	term.send("2026-11-30 14:02")
	term.key(keyEnter, "┃ Detected at")
	term.waitFor("2026-11-30T14:02:00+01:00")
	term.key(keyEnter, "┃ Mitigated at")
	term.key(keyEnter, "┃ Resolved at")
	term.key(keyEnter, "┃ Authors")
	term.key(keyEnter, "┃ Reviewers")
	term.key(keyEnter, "┃ Tags")
	term.key(keyEnter, "┃ Services")
	term.key(keyEnter, "┃ Related")
	term.key(keyEnter, "Question 1 of 7")
	term.waitFor("┃ What happened?")
	term.send("Groups failed for speakers on firmware 14.1.")
	term.key(keyEnter, "┃ Add a timeline entry?")
	term.send(keyCtrlC)
	if code := term.exitCode(); code != exitAborted {
		t.Fatalf("ctrl-c: exit %d, want 130; screen:\n%s", code, term.display())
	}
	resume := regexp.MustCompile(`Continue with: (coe new --resume \S+)`).FindStringSubmatch(term.display())
	if !strings.Contains(term.display(), "Nothing is lost") || resume == nil || resume[1] != "coe new --resume .coe/drafts/new-20261123-120000.yaml" {
		t.Fatalf("ctrl-c message:\n%s", term.display())
	}
	draft, err := os.ReadFile(filepath.Join(dir, ".coe", "drafts", "new-20261123-120000.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: Speaker groups stopped playing", "severity: sev2", "Groups failed for speakers on firmware 14.1."} {
		if !bytes.Contains(draft, []byte(want)) {
			t.Errorf("draft lacks %q:\n%s", want, draft)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "coes", "*.yaml")); len(files) != 0 {
		t.Errorf("an aborted form wrote a COE: %v", files)
	}

	// Resume exactly as the stop message says: at the question it stopped
	// at, the answer above it; go on to the end and save a draft.
	term = startTerminal(t, dir, strings.Fields(resume[1])[1:]...)
	term.waitFor("┃ Add a timeline entry?")
	if s := term.display(); !strings.Contains(s, "Groups failed for speakers on firmware 14.1.") || strings.Contains(s, "┃ What happened?") {
		t.Fatalf("the resumed form is not at the question it stopped at:\n%s", s)
	}
	term.key("n", "Question 2 of 7")
	term.waitFor("┃ Impact on customers")
	term.send("About 120,000 households could not play on their groups.")
	term.key(keyEnter, "┃ Impact on the business")
	term.key(keyEnter, "┃ Customers affected")
	term.key(keyEnter, "┃ What customers were told")
	term.key(keyEnter, "Question 3 of 7")
	term.waitFor("┃ Root cause")
	term.key(keyEnter, "┃ Contributing factors")
	term.key(keyEnter, "┃ Ask the first why?")
	term.key("n", "Question 4 of 7")
	term.waitFor("┃ Add a supporting data item?")
	term.key("n", "Question 5 of 7")
	term.waitFor("┃ Security")
	term.send("None: no data was exposed.")
	term.key(keyEnter, "┃ Other implications")
	term.key(keyEnter, "Question 6 of 7")
	term.waitFor("┃ Add a lesson?")
	term.key("n", "Question 7 of 7")
	term.waitFor("┃ Add a corrective action?")
	term.key("n", "Telling customers (optional)")
	term.waitFor("┃ Write the customers' version now?")
	term.key("n", "What next?")
	term.send(keyEnter) // save it as a draft
	if code := term.exitCode(); code != 0 {
		t.Fatalf("resume: exit %d; screen:\n%s", code, term.display())
	}
	path := filepath.Join(dir, "coes", "2026-11-30-speaker-groups-stopped-playing.yaml")
	doc, err := coe.ReadFile(path, coe.ReadOptions{})
	if err != nil {
		t.Fatalf("the new file does not read back: %v", err)
	}
	c := doc.COE
	if c.Title != "Speaker groups stopped playing" || c.Severity != "sev2" || c.Status != "draft" ||
		strings.TrimSpace(c.WhatHappened) != "Groups failed for speakers on firmware 14.1." ||
		strings.TrimSpace(c.Impact.Customers) != "About 120,000 households could not play on their groups." ||
		strings.TrimSpace(c.Implications.Security) != "None: no data was exposed." ||
		coe.FormatTime(c.Incident.StartedAt) != "2026-11-30T14:02:00+01:00" {
		t.Errorf("read back: %+v", c)
	}
	if _, err := os.Stat(filepath.Join(dir, ".coe", "drafts", "new-20261123-120000.yaml")); err == nil {
		t.Error("the draft is still there after the COE was saved")
	}
}

// TestTerminalEditEscResume: coe edit opens on the menu of the COE's parts,
// each with what it holds; esc in a part keeps the edit as a draft and
// leaves the file alone; the printed command reopens the draft at the very
// field it stopped in, and saving changes only the edited line.
func TestTerminalEditEscResume(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	dir := t.TempDir()
	if err := exec.Command("cp", "-R", "../../examples/.", dir).Run(); err != nil {
		t.Fatal(err)
	}
	const id = "2024-01-28-speaker-groups-stopped-playing"
	path := filepath.Join(dir, "coes", id+".yaml")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	term := startTerminal(t, dir, "edit", "2024-01-28")
	term.waitFor("Which part?")
	menu := term.display()
	for _, part := range []string{"> The basics", "Speaker groups stopped playing together", "1. What happened?",
		"Timeline               9 entries, 2024-01-28T19:05:00-06:00", "2. Impact", "3. Root cause", "4. Supporting data",
		"5. Implications", "6. Lessons             4: ", "7. Corrective actions  5 actions: 1 open, 4 done",
		"CA-4                   kenji · 2024-06-30 · open", "Save…"} {
		if !strings.Contains(menu, part) {
			t.Errorf("the menu does not show %q:\n%s", part, menu)
		}
	}
	term.key(keyEnter, "┃ Title")
	term.send("\x15", "Speaker groups failed for firmware 14.1") // ctrl-u clears the line
	// On to the tags, in the third group of the page.
	for _, next := range []string{"Severity", "Started at", "Detected at", "Mitigated at", "Resolved at", "Authors", "Reviewers", "Tags"} {
		term.key(keyEnter, "┃ "+next)
	}
	term.send(keyEsc)
	if code := term.exitCode(); code != exitAborted {
		t.Fatalf("esc: exit %d, want 130; screen:\n%s", code, term.display())
	}
	resume := regexp.MustCompile(`Continue with: (coe edit \S+ --resume)`).FindStringSubmatch(term.display())
	if resume == nil || resume[1] != "coe edit "+id+" --resume" {
		t.Fatalf("esc message:\n%s", term.display())
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, orig) {
		t.Fatal("esc changed the file")
	}
	draft, err := os.ReadFile(filepath.Join(dir, ".coe", "drafts", id+".edit.yaml"))
	if err != nil || !bytes.Contains(draft, []byte("Speaker groups failed for firmware 14.1")) {
		t.Fatalf("draft: %v\n%s", err, draft)
	}

	// The printed command, as printed: at the tags, the title as typed.
	term = startTerminal(t, dir, strings.Fields(resume[1])[1:]...)
	term.waitFor("┃ Tags")
	if s := term.display(); !strings.Contains(s, "People and labels") || strings.Contains(s, "┃ Title") {
		t.Fatalf("the resumed edit is not at the tags:\n%s", s)
	}
	term.key("\x1b[Z", "┃ Reviewers") // shift+tab: the fields before are there
	term.key(keyEnter, "┃ Tags")
	term.key(keyEnter, "┃ Services")
	term.key(keyEnter, "┃ Related COEs")
	term.key(keyEnter, "> Save…") // back at the menu, on Save
	term.key(keyEnter, "What next?")
	term.waitFor("Changed: the basics.")
	term.send(keyEnter) // the status it has
	if code := term.exitCode(); code != 0 {
		t.Fatalf("resume: exit %d; screen:\n%s", code, term.display())
	}
	now, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Replace(orig, []byte("\ntitle: Speaker groups stopped playing together and support blamed customers' phones\n"),
		[]byte("\ntitle: Speaker groups failed for firmware 14.1\n"), 1)
	if bytes.Equal(want, orig) {
		t.Fatal("the test's title is not the example's")
	}
	if !bytes.Equal(now, want) {
		t.Errorf("saving changed more than the title:\n%s", now)
	}
}

// gitRepo makes dir a git repository with everything in it committed.
func gitRepo(t *testing.T, dir string) {
	t.Helper()
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "start"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// gitDiff is what git diff says of dir: its lines added and removed.
func gitDiff(t *testing.T, dir string) (added, removed []string) {
	t.Helper()
	cmd := exec.Command("git", "diff", "--no-color", "-U0")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		case strings.HasPrefix(l, "+"):
			added = append(added, l[1:])
		case strings.HasPrefix(l, "-"):
			removed = append(removed, l[1:])
		}
	}
	return added, removed
}

// TestTerminalEditSectionLesson: coe edit ID --section lessons opens the
// lessons at once; a lesson added and saved is one line more in git diff,
// and nothing else changes.
func TestTerminalEditSectionLesson(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	dir := t.TempDir()
	if err := exec.Command("cp", "-R", "../../examples/.", dir).Run(); err != nil {
		t.Fatal(err)
	}
	gitRepo(t, dir)
	term := startTerminal(t, dir, "edit", "2024-01-28", "--section", "lessons")
	term.waitFor("Lessons: 4")
	if s := term.display(); strings.Contains(s, "Which part?") || strings.Contains(s, "┃ Title") {
		t.Fatalf("--section lessons did not open the lessons:\n%s", s)
	}
	for range 4 {
		term.send(keyDown)
	}
	term.waitFor("> Add a lesson")
	term.key(keyEnter, "┃ Lesson #5")
	term.send("Rehearse the rollback of a firmware release.")
	term.key(keyEnter, "5. Rehearse the rollback")
	term.waitFor("> Done")           // the list is done, once added to
	term.key(keyEnter, "What next?") // --section: straight to the last page
	term.waitFor("Changed: the lessons.")
	term.send(keyEnter)
	if code := term.exitCode(); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, term.display())
	}
	added, removed := gitDiff(t, dir)
	if len(added) != 1 || added[0] != "  - Rehearse the rollback of a firmware release." || len(removed) != 0 {
		t.Errorf("git diff: added %q, removed %q", added, removed)
	}
}

// TestTerminalFinalCheck: the final check is coe lint's: a related id that
// does not exist and a timeline out of order are found before saving, each
// with a way back to its field; fixed there, the COE saves.
func TestTerminalFinalCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	dir := t.TempDir()
	if err := exec.Command("cp", "-R", "../../examples/.", dir).Run(); err != nil {
		t.Fatal(err)
	}
	// Times typed without an offset are the repository's, as the file's.
	f, err := os.OpenFile(filepath.Join(dir, ".coe.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "timezone: America/Chicago")
	f.Close()
	gitRepo(t, dir)
	term := startTerminal(t, dir, "edit", "2024-01-28", "--section", "basics")
	term.waitFor("┃ Title")
	for _, next := range []string{"Severity", "Started at", "Detected at", "Mitigated at", "Resolved at", "Authors", "Reviewers", "Tags", "Services", "Related COEs"} {
		term.key(keyEnter, "┃ "+next)
	}
	term.send(", 2099-01-01-no-such-coe")
	term.key(keyEnter, "What next?")
	// Back to the menu, to the timeline: entry 4 an hour before the start.
	term.key("G", "> Back to the menu")
	term.key(keyEnter, "Which part?")
	term.key("g", "> The basics")
	term.key(keyDown, "> 1. What happened?")
	term.key(keyDown, "> Timeline")
	term.key(keyEnter, "Timeline entries: 9")
	for range 3 {
		term.send(keyDown)
	}
	term.waitFor("> 4. ")
	term.key(keyEnter, "> Change it")
	term.key(keyEnter, "┃ When")
	term.send("\x15", "2024-01-28 18:00")
	term.key(keyEnter, "┃ What happened then")
	term.key(keyEnter, "Timeline entries: 9")
	term.waitFor("4. 2024-01-28T18:00:00-06:00")
	term.key("G", "> Done")
	term.key(keyEnter, "> Save…")
	term.key(keyEnter, "What next?")
	term.send(keyEnter) // as it is, approved
	// Every finding, whole (the page is laid out again once the form
	// knows the terminal's width, which may come after its first frame).
	term.waitUntil("the final check and its two findings", func(screen string) bool {
		flat := strings.Join(strings.Fields(screen), " ")
		for _, want := range []string{"The final check", "coe lint finds 2 errors", "approved cannot be saved until they are fixed",
			`The basics · Related COEs: related COE "2099-01-01-no-such-coe"`, "[related-exists]",
			"Timeline entry 4: timeline entry 4 at 2024-01-28T18:00:00-06:00 is before entry 3", "[timeline-order]"} {
			if !strings.Contains(flat, want) {
				return false
			}
		}
		return true
	})
	// The way back, in the order of the file: the timeline entry, at its
	// time; a time of day alone is on the start date.
	term.key(keyEnter, "┃ When")
	term.send("\x15", "20:00")
	term.key(keyEnter, "┃ What happened then")
	term.key(keyEnter, "What next?")
	term.send(keyEnter)
	term.waitFor("coe lint finds 1 error")
	// Then the related ids, at that field.
	term.key(keyEnter, "┃ Related COEs")
	for range len(", 2099-01-01-no-such-coe") {
		term.send("\x7f") // backspace
	}
	term.key(keyEnter, "What next?")
	term.send(keyEnter)
	if code := term.exitCode(); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, term.display())
	}
	added, removed := gitDiff(t, dir)
	if len(added) != 1 || added[0] != "  - at: 2024-01-28T20:00:00-06:00" || len(removed) != 1 {
		t.Errorf("git diff: added %q, removed %q", added, removed)
	}
}

// TestTerminalAccessibleCtrlC: in screen-reader mode the prompts read lines
// in the terminal's cooked mode, where ctrl-c is a signal; it must stop the
// form at once (not at the next enter) and keep the answers.
func TestTerminalAccessibleCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	dir := t.TempDir()
	if code := run([]string{"-C", dir, "init"}, &Streams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard, Getenv: os.Getenv}); code != 0 {
		t.Fatalf("init: exit %d", code)
	}
	term := startTerminal(t, dir, "new", "--accessible")
	term.waitFor("Title")
	term.send("Screen reader test\r")
	term.waitFor("Enter a number between 1 and 4")
	term.send("3\r")
	term.waitFor("Started at")
	term.send(keyCtrlC)
	if code := term.exitCode(); code != exitAborted {
		t.Fatalf("ctrl-c: exit %d, want 130; screen:\n%s", code, term.display())
	}
	s := term.display()
	if !strings.Contains(s, "Nothing is lost") || strings.Contains(s, "Detected at") {
		t.Errorf("after ctrl-c, want the draft message and no further prompts:\n%s", s)
	}
	draft, err := os.ReadFile(filepath.Join(dir, ".coe", "drafts", "new-20261123-120000.yaml"))
	if err != nil || !bytes.Contains(draft, []byte("title: Screen reader test")) || !bytes.Contains(draft, []byte("severity: sev3")) {
		t.Errorf("draft: %v\n%s", err, draft)
	}
}

// terminalQuery matches what a program writes to ask the terminal
// something: colours (OSC 10, 11, 12), the cursor position, modes
// (DECRQM), device attributes, the version, keyboard flags.
var terminalQuery = regexp.MustCompile(`\x1b\]1[012];\?|\x1b\[\??6n|\x1b\[\?[0-9;]*\$p|\x1b\[[>=]?0?c|\x1b\[>0?q|\x1b\[\?u`)

// TestTerminalNoQueryAtStartup: commands without forms never ask the
// terminal anything (Bubble Tea v1 asked for the background colour in a
// package init, whatever the command), so no escape sequence appears, and
// coe --version is quick on a terminal that answers nothing.
func TestTerminalNoQueryAtStartup(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	dir, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--version"}, {"list"}, {"show", "2024-01-28"}} {
		term := startTerminalWith(t, dir, termSetup{mute: true}, args...)
		if code := term.exitCode(); code != 0 {
			t.Fatalf("coe %v: exit %d", args, code)
		}
		term.mu.Lock()
		out := term.out.String()
		term.mu.Unlock()
		if q := terminalQuery.FindString(out); q != "" {
			t.Errorf("coe %v asked the terminal %q: %q", args, q, out[:min(len(out), 80)])
		}
	}

	// --version writes its line and nothing else, and a terminal that
	// answers nothing adds no wait (Bubble Tea v1 waited five seconds for
	// it): the best of a few runs on the terminal is no slower than the
	// best of a few with stdout a pipe. This test binary runs as coe, and
	// the machine may be busy, hence the best of five.
	best := func(run func()) time.Duration {
		b := time.Hour
		for range 5 {
			start := time.Now()
			run()
			b = min(b, time.Since(start))
		}
		return b
	}
	onTerminal := best(func() {
		term := startTerminalWith(t, dir, termSetup{mute: true}, "--version")
		if code := term.exitCode(); code != 0 {
			t.Fatalf("coe --version: exit %d", code)
		}
		term.mu.Lock()
		out := term.out.String()
		term.mu.Unlock()
		if strings.Contains(out, "\x1b") || !strings.HasPrefix(out, "coe ") {
			t.Fatalf("coe --version wrote %q", out)
		}
	})
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	onPipe := best(func() {
		cmd := exec.Command(exe, "--version")
		cmd.Env = append(os.Environ(), "COE_TEST_AS_COE=1")
		if out, err := cmd.Output(); err != nil || !strings.HasPrefix(string(out), "coe ") {
			t.Fatalf("coe --version on a pipe: %v %q", err, out)
		}
	})
	if onTerminal > onPipe+max(100*time.Millisecond, onPipe/2) {
		t.Errorf("coe --version took %v on a terminal that answers nothing, %v on a pipe", onTerminal, onPipe)
	}
	// The race detector alone takes about a second to start.
	if !raceEnabled && onTerminal > 100*time.Millisecond {
		t.Errorf("coe --version took %v at best, want well under 100ms", onTerminal)
	}
}

const (
	keyCtrlE = "\x05"
	keyEsc   = "\x1b"
)

// ptyRepo makes a repository for the form tests and writes st into it as a
// draft; it returns the folder and the draft's path in it.
func ptyRepo(t *testing.T, st form.State) (dir, draft string) {
	t.Helper()
	dir = t.TempDir()
	if code := run([]string{"-C", dir, "init"}, &Streams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard, Getenv: os.Getenv}); code != 0 {
		t.Fatalf("init: exit %d", code)
	}
	draft = filepath.Join(".coe", "drafts", "new-test.yaml")
	if err := os.MkdirAll(filepath.Join(dir, ".coe", "drafts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, draft), form.MarshalDraft(st, ""), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, draft
}

// readDraft reads the draft a stopped form left.
func readDraft(t *testing.T, path string) form.State {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := form.ParseDraft(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return st
}

// stopAndRead stops the form with esc and returns the draft it left.
func (term *terminal) stopAndRead(dir, draft string) form.State {
	term.t.Helper()
	term.send(keyEsc)
	if code := term.exitCode(); code != exitAborted {
		term.t.Fatalf("esc: exit %d, want 130; screen:\n%s", code, term.display())
	}
	return readDraft(term.t, filepath.Join(dir, draft))
}

// impactDraft is a new COE stopped at question 2.
func impactDraft(impact form.Impact) form.State {
	return form.State{Step: form.StepImpact, Version: 1, Title: "Checkout failed for EU cards", Severity: "sev2",
		Status: "draft", Authors: "tester", WhatHappened: "Card payments failed.", Impact: impact}
}

// TestTerminalCtrlEEachField: ctrl+e on each text answer of a page opens
// $EDITOR on that answer, and what the editor leaves goes into that answer
// only, byte for byte (huh v1 and v2 gave it to every text of the page).
func TestTerminalCtrlEEachField(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	dir, draft := ptyRepo(t, impactDraft(form.Impact{Customers: "Customers A", Business: "Business B", Communication: "Told C"}))
	// The editor appends "edit N" after a tab, N counting its runs.
	bin := t.TempDir()
	editor := filepath.Join(bin, "ed.sh")
	script := "#!/bin/sh\nn=$(( $(cat " + bin + "/n 2>/dev/null || echo 0) + 1 ))\necho $n > " + bin + "/n\nprintf '\\n\\tedit %d\\n' $n >> \"$1\"\n"
	if err := os.WriteFile(editor, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	term := startTerminalWith(t, dir, termSetup{env: []string{"EDITOR=" + editor}}, "new", "--resume", draft)
	term.waitFor("┃ Impact on customers")
	term.key(keyEnter, "┃ Impact on the business")
	term.key(keyCtrlE, "edit 1")
	term.key(keyEnter, "┃ Customers affected")
	term.key(keyEnter, "┃ What customers were told")
	term.key(keyCtrlE, "edit 2")
	term.key("\x1b[Z", "┃ Customers affected") // shift+tab: back
	term.key("\x1b[Z", "┃ Impact on the business")
	term.key("\x1b[Z", "┃ Impact on customers")
	term.key(keyCtrlE, "edit 3")
	st := term.stopAndRead(dir, draft)
	want := form.Impact{Customers: "Customers A\n\tedit 3\n", Business: "Business B\n\tedit 1\n", Communication: "Told C\n\tedit 2\n"}
	if st.Impact != want {
		t.Errorf("answers after ctrl+e on each:\n%q\nwant\n%q", st.Impact, want)
	}
}

// pastedAnswer is an answer as a team lead pastes it: several lines, a
// tab, words that name keys, text that is not ASCII.
const pastedAnswer = "Users pressed esc and left the EU pool at 14:02.\n" +
	"They saw \"card declined\": left, right, up, down, tab and enter are words here.\n" +
	"\tAn indented line.\n\n" +
	"ünïcödé ✓ 日本語 — the end."

// TestTerminalPasteStoredAsPasted: a whole answer pasted in one write, as
// a terminal with bracketed paste sends it and as one without sends it (its
// line breaks as CR, which read as keys would each be enter), is stored
// byte for byte; an escape byte inside a bracketed paste does not stop the
// form; a title sent in one write (a slow link, a typing tool) keeps every
// word, "esc" and "left" too.
func TestTerminalPasteStoredAsPasted(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	asTerminal := strings.ReplaceAll(pastedAnswer, "\n", "\r")
	for _, c := range []struct{ name, write string }{
		{"bracketed", "\x1b[200~" + asTerminal + "\x1b[201~"},
		{"unbracketed", asTerminal},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, draft := ptyRepo(t, impactDraft(form.Impact{}))
			term := startTerminal(t, dir, "new", "--resume", draft)
			term.waitFor("┃ Impact on customers")
			term.send(c.write)
			term.waitFor("the end.")
			if c.name == "bracketed" {
				term.key(keyEnter, "┃ Impact on the business")
				term.send("\x1b[200~Pressed \x1b then left.\x1b[201~")
				term.waitFor("then left.")
			}
			st := term.stopAndRead(dir, draft)
			if st.Impact.Customers != pastedAnswer {
				t.Errorf("pasted answer stored as\n%q\nwant\n%q", st.Impact.Customers, pastedAnswer)
			}
			if c.name == "bracketed" && st.Impact.Business != "Pressed  then left." {
				t.Errorf("a paste with an escape byte stored as %q", st.Impact.Business)
			}
		})
	}
	t.Run("title in one write", func(t *testing.T) {
		dir, draft := ptyRepo(t, form.State{Step: form.StepBasics, Version: 1, Status: "draft"})
		term := startTerminal(t, dir, "new", "--resume", draft)
		term.waitFor("┃ Title")
		term.send("Users pressed esc and left the EU pool")
		term.key(keyEnter, "┃ Severity")
		if st := term.stopAndRead(dir, draft); st.Title != "Users pressed esc and left the EU pool" {
			t.Errorf("title = %q", st.Title)
		}
	})
}

// TestTerminalFormFits: at 80x24 question 2 shows its title and its four
// fields; a long answer grows its text area without pushing the title off
// the screen, and once left shows its start. At 200x50 the form uses the
// width.
func TestTerminalFormFits(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	titleFirst := func(term *terminal) {
		t.Helper()
		if v := term.visible(); !strings.HasPrefix(v[0], "Question 2 of 7 · What was the impact") {
			t.Fatalf("the first line of the screen is %q, not the page's title:\n%s", v[0], strings.Join(v, "\n"))
		}
	}
	dir, draft := ptyRepo(t, impactDraft(form.Impact{}))
	term := startTerminalWith(t, dir, termSetup{cols: 80, rows: 24}, "new", "--resume", draft)
	term.waitFor("┃ Impact on customers")
	term.waitFor("What customers were told")
	screen := term.display()
	for _, s := range []string{"Impact on the business", "Customers affected"} {
		if !strings.Contains(screen, s) {
			t.Errorf("at 80x24 question 2 does not show %q:\n%s", s, screen)
		}
	}
	titleFirst(term)

	var lines []string
	for i := 1; i <= 40; i++ {
		lines = append(lines, fmt.Sprintf("Line %d of the impact.", i))
	}
	term.send("\x1b[200~" + strings.Join(lines, "\r") + "\x1b[201~")
	term.waitFor("Line 40 of the impact.")
	titleFirst(term)
	if n := strings.Count(strings.Join(term.visible(), "\n"), " of the impact."); n < 10 {
		t.Errorf("the text area shows %d lines at 80x24, want most of the screen:\n%s", n, term.display())
	}
	term.key(keyEnter, "┃ Impact on the business")
	term.waitFor("more lines")
	titleFirst(term)
	if v := strings.Join(term.visible(), "\n"); !strings.Contains(v, "Line 1 of the impact.") || strings.Contains(v, "Line 40 of") {
		t.Errorf("the answer left does not show its start:\n%s", v)
	}
	term.stopAndRead(dir, draft)

	long := "A long line: " + strings.Repeat("the wide screen holds it all, ", 5) + "to the end."
	dir, draft = ptyRepo(t, impactDraft(form.Impact{Customers: long}))
	term = startTerminalWith(t, dir, termSetup{cols: 200, rows: 50}, "new", "--resume", draft)
	term.waitFor("┃ Impact on customers")
	term.waitUntil("the long line on one line", func(string) bool {
		for _, l := range term.visible() {
			if strings.Contains(l, long) {
				return true
			}
		}
		return false
	})
	if st := term.stopAndRead(dir, draft); st.Impact.Customers != long {
		t.Errorf("customers = %q", st.Impact.Customers)
	}
}

// TestTerminalCoaches: at 80x24, a root cause that says "human error"
// gets the blame note under it once left, with ctrl+r in the keys; ctrl+r
// shows what the rule asks over the form, a key goes back, and the page
// still shows its title on top. The answer is kept as typed.
func TestTerminalCoaches(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	st := impactDraft(form.Impact{Customers: "3,000 customers could not pay for 40 minutes."})
	st.Step = form.StepRootCause
	dir, draft := ptyRepo(t, st)
	term := startTerminalWith(t, dir, termSetup{cols: 80, rows: 24}, "new", "--resume", draft)
	term.waitFor("┃ Root cause")
	term.send("Human error during the deploy.")
	term.key(keyEnter, "! blame: the root cause summary blames people")
	term.waitFor("ctrl+r review notes")
	titleFirst := func() {
		t.Helper()
		if v := term.visible(); !strings.HasPrefix(v[0], "Question 3 of 7 · What was the root cause?") {
			t.Fatalf("the first line of the screen is %q, not the page's title:\n%s", v[0], strings.Join(v, "\n"))
		}
	}
	titleFirst()
	term.key("\x12", "key goes back") // ctrl+r
	term.waitFor("blame: the root cause names no person")
	term.key("q", "┃ Contributing factors")
	titleFirst()
	if got := term.stopAndRead(dir, draft); got.RootCause.Summary != "Human error during the deploy." {
		t.Errorf("root cause = %q", got.RootCause.Summary)
	}
}
