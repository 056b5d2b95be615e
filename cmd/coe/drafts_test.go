package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/form"
)

// formFunc is how a form runs: form.RunNew, form.RunEdit, or a test's
// stand-in that answers or stops it.
type formFunc = func(context.Context, *form.State, form.Options) error

// withForms replaces the forms for one test.
func withForms(t *testing.T, newForm, editForm formFunc) {
	t.Helper()
	oldNew, oldEdit := runNewForm, runEditForm
	t.Cleanup(func() { runNewForm, runEditForm = oldNew, oldEdit })
	if newForm != nil {
		runNewForm = newForm
	}
	if editForm != nil {
		runEditForm = editForm
	}
}

// formRepo is a copy of the examples, and what runs coe in it as if on a
// terminal (so the forms run, as the test replaces them).
func formRepo(t *testing.T) (dir string, coeRun func(args ...string) (code int, stderr string)) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "repo")
	if out, err := exec.Command("cp", "-R", "../../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	home := t.TempDir()
	t.Setenv("HOME", home) // git, asked for the user, reads nobody's config
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	env := map[string]string{"HOME": home, "COE_NOW": "2026-11-23T12:00:00Z", "NO_COLOR": "1", "USER": "tester"}
	coeRun = func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		s := &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, InTTY: true, ErrTTY: true,
			Getenv: func(k string) string { return env[k] }, Width: func() int { return 0 }}
		code := run(args, s)
		return code, errOut.String()
	}
	return dir, coeRun
}

// printed finds the command a message printed after prefix, as words.
func printed(t *testing.T, stderr, prefix string) []string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `(.+)`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no %q in:\n%s", prefix, stderr)
	}
	words := strings.Fields(m[1])
	if words[0] != "coe" {
		t.Fatalf("the printed command %q does not start with coe", m[1])
	}
	return words[1:]
}

func draftFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(dir, ".coe", "drafts"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// A new form stopped with nothing typed keeps no draft; stopped with
// something typed, it keeps a draft, and both commands it prints to
// continue (on the terminal and in the draft file) work as printed.
func TestNewStopAndResumeAsPrinted(t *testing.T) {
	dir, coeRun := formRepo(t)
	// The form fills in its defaults as it starts, as the real one does:
	// the status, and the severity its list starts on.
	stop := func(_ context.Context, s *form.State, _ form.Options) error {
		s.Step, s.Status = 3, coe.StatusDraft
		if s.Severity == "" {
			s.Severity = "sev1"
		}
		return form.ErrAborted
	}
	withForms(t, stop, nil)
	code, stderr := coeRun("-C", dir, "new", "--title", "Checkout returned 502s", "--severity", "sev2", "--author", "dana")
	if code != exitAborted || !strings.Contains(stderr, "Nothing typed; no draft kept.") {
		t.Fatalf("an untouched form: exit %d\n%s", code, stderr)
	}
	if d := draftFiles(t, dir); len(d) != 0 {
		t.Fatalf("an untouched form left drafts: %v", d)
	}

	typed := "The EU pool left the load balancer."
	withForms(t, func(_ context.Context, s *form.State, _ form.Options) error {
		s.WhatHappened, s.Step = typed, 3
		return form.ErrAborted
	}, nil)
	code, stderr = coeRun("-C", dir, "new", "--title", "Checkout returned 502s", "--severity", "sev2", "--author", "dana", "--started", "2026-11-20 09:30")
	if code != exitAborted {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := "Continue with: coe -C " + dir + " new --resume .coe/drafts/new-20261123-120000.yaml\n"
	if !strings.Contains(stderr, want) {
		t.Fatalf("stderr:\n%s\nwant %q", stderr, want)
	}
	continueWith := printed(t, stderr, "Continue with: ")
	draft, err := os.ReadFile(filepath.Join(dir, ".coe", "drafts", "new-20261123-120000.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(draft, []byte("\n# Resume it with: coe new --resume new-20261123-120000\n")) {
		t.Fatalf("the draft's resume line:\n%s", draft)
	}
	// --started was read in the machine's zone (the examples set none) and
	// kept as RFC 3339.
	if !bytes.Contains(draft, []byte("started_at: \"2026-11-20T09:30:00")) && !bytes.Contains(draft, []byte("started_at: 2026-11-20T09:30:00")) {
		t.Errorf("--started in the draft:\n%s", draft)
	}

	// The next coe new says a draft is waiting.
	withForms(t, stop, nil)
	_, stderr = coeRun("-C", dir, "new")
	if !strings.Contains(stderr, "1 interrupted COE: coe -C "+dir+" new --resume to continue, coe -C "+dir+" drafts to list them") {
		t.Errorf("coe new with a draft kept:\n%s", stderr)
	}
	// Stopped at once, with only the form's defaults: no second draft.
	if !strings.Contains(stderr, "Nothing typed; no draft kept.") || len(draftFiles(t, dir)) != 1 {
		t.Errorf("an untouched form with its defaults: drafts %v\n%s", draftFiles(t, dir), stderr)
	}

	// Resumed and stopped again with nothing typed: the draft is as it was.
	resume := []string{"-C", dir, "new", "--resume", "new-20261123-120000"}
	code, stderr = coeRun(resume...)
	if code != exitAborted || !strings.Contains(stderr, "Nothing changed: the draft in .coe/drafts/new-20261123-120000.yaml is as it was; continue with: coe -C "+dir+" new --resume .coe/drafts/new-20261123-120000.yaml") {
		t.Fatalf("resumed, untouched: exit %d\n%s", code, stderr)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, ".coe", "drafts", "new-20261123-120000.yaml")); !bytes.Equal(again, draft) {
		t.Error("an untouched resume rewrote the draft")
	}

	// The printed command continues it: the form opens with what was typed.
	var seen string
	finish := func(_ context.Context, s *form.State, _ form.Options) error {
		seen = s.WhatHappened
		s.Status = coe.StatusDraft // as the form's status step leaves it
		return nil
	}
	withForms(t, finish, nil)
	code, stderr = coeRun(continueWith...)
	if code != 0 || seen != typed {
		t.Fatalf("the printed command: exit %d, the form had %q\n%s", code, seen, stderr)
	}
	if d := draftFiles(t, dir); len(d) != 0 {
		t.Errorf("the draft is still there once the COE is written: %v", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "coes", "2026-11-20-checkout-returned-502s.yaml")); err != nil {
		t.Errorf("no COE from the resumed form: %v", err)
	}

	// The draft file's own line, run in the repository, continues it too.
	withForms(t, func(_ context.Context, s *form.State, _ form.Options) error {
		s.WhatHappened = typed
		return form.ErrAborted
	}, nil)
	coeRun("-C", dir, "new", "--title", "Refunds stalled", "--severity", "sev3", "--author", "dana")
	draft, _ = os.ReadFile(filepath.Join(dir, ".coe", "drafts", "new-20261123-120000.yaml"))
	line := printed(t, string(draft), "# Resume it with: ")
	withForms(t, finish, nil)
	seen = ""
	if code, stderr := coeRun(append([]string{"-C", dir}, line...)...); code != 0 || seen != typed {
		t.Fatalf("the draft's line %v: exit %d, the form had %q\n%s", line, code, seen, stderr)
	}

	// From a folder below the root, the printed path leads there too.
	withForms(t, func(_ context.Context, s *form.State, _ form.Options) error {
		s.WhatHappened = typed
		return form.ErrAborted
	}, nil)
	_, stderr = coeRun("-C", filepath.Join(dir, "coes"), "new", "--title", "Below", "--severity", "sev3", "--author", "dana")
	if !strings.Contains(stderr, "Continue with: coe -C "+filepath.Join(dir, "coes")+" new --resume ../.coe/drafts/new-20261123-120000.yaml\n") {
		t.Fatalf("from below the root:\n%s", stderr)
	}
	withForms(t, finish, nil)
	seen = ""
	if code, stderr := coeRun(printed(t, stderr, "Continue with: ")...); code != 0 || seen != typed {
		t.Fatalf("from below the root: exit %d, the form had %q\n%s", code, seen, stderr)
	}
}

// An edit stopped with nothing changed keeps no draft; with a change, the
// printed command (and the draft file's line, and the command with the
// draft's path that coe printed before) continue it.
func TestEditStopAndResumeAsPrinted(t *testing.T) {
	dir, coeRun := formRepo(t)
	id := "2024-01-28-speaker-groups-stopped-playing"
	path := filepath.Join(dir, "coes", id+".yaml")
	orig, _ := os.ReadFile(path)
	withForms(t, nil, func(_ context.Context, s *form.State, _ form.Options) error { s.Step = 7; return form.ErrAborted })
	code, stderr := coeRun("-C", dir, "edit", "2024-01-28")
	if code != exitAborted || !strings.Contains(stderr, "Nothing typed; no draft kept.") {
		t.Fatalf("an untouched edit: exit %d\n%s", code, stderr)
	}
	if d := draftFiles(t, dir); len(d) != 0 {
		t.Fatalf("an untouched edit left drafts: %v", d)
	}

	lesson := "Group changes need a canary household."
	stopTyped := func(_ context.Context, s *form.State, _ form.Options) error {
		s.Lessons = append(s.Lessons, lesson)
		s.Step = 7
		return form.ErrAborted
	}
	var seen []string
	finish := func(_ context.Context, s *form.State, _ form.Options) error { seen = s.Lessons; return nil }
	for _, how := range []string{"printed", "file", "path"} {
		withForms(t, nil, stopTyped)
		code, stderr = coeRun("-C", dir, "edit", "2024-01-28")
		if code != exitAborted {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		want := "Continue with: coe -C " + dir + " edit " + id + " --resume\n"
		if !strings.Contains(stderr, want) {
			t.Fatalf("stderr:\n%s\nwant %q", stderr, want)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, orig) {
			t.Fatal("a stopped edit changed the file")
		}
		var args []string
		switch how {
		case "printed":
			args = printed(t, stderr, "Continue with: ")
		case "file":
			draft, _ := os.ReadFile(filepath.Join(dir, ".coe", "drafts", id+".edit.yaml"))
			args = append([]string{"-C", dir}, printed(t, string(draft), "# Resume it with: ")...)
		case "path":
			// As coe printed it before: the draft's path after --resume.
			args = []string{"-C", dir, "edit", id, "--resume", ".coe/drafts/" + id + ".edit.yaml"}
		}
		withForms(t, nil, finish)
		seen = nil
		code, stderr = coeRun(args...)
		if code != 0 || len(seen) == 0 || seen[len(seen)-1] != lesson {
			t.Fatalf("%s: coe %v: exit %d, lessons %q\n%s", how, args, code, seen, stderr)
		}
		if d := draftFiles(t, dir); len(d) != 0 {
			t.Errorf("%s: the draft is still there once saved: %v", how, d)
		}
		os.WriteFile(path, orig, 0o644)
	}

	// A new edit while one is kept says so, and how to continue that one.
	withForms(t, nil, stopTyped)
	coeRun("-C", dir, "edit", id)
	withForms(t, nil, func(context.Context, *form.State, form.Options) error { return form.ErrAborted })
	_, stderr = coeRun("-C", dir, "edit", id)
	if !strings.Contains(stderr, "An interrupted edit of "+id+" is kept in .coe/drafts/"+id+".edit.yaml") ||
		!strings.Contains(stderr, "Nothing changed: the draft in .coe/drafts/"+id+".edit.yaml is as it was") {
		t.Errorf("a new edit over a kept one:\n%s", stderr)
	}
	// A draft of another COE, or of a new one, is refused with the
	// command that continues it.
	coeRun("-C", dir, "drafts", "rm", "--all")
	withForms(t, stopTyped, nil)
	coeRun("-C", dir, "new", "--title", "T", "--severity", "sev2", "--author", "dana")
	code, stderr = coeRun("-C", dir, "edit", id, "--resume", "new-20261123-120000")
	if code != exitUsage || !strings.Contains(stderr, "is a draft of a new COE; continue it with: coe new --resume new-20261123-120000") {
		t.Errorf("an edit resuming a new COE's draft: exit %d\n%s", code, stderr)
	}
}

// The forms' steps are the ones coe drafts names.
func TestDraftStepsAreTheForms(t *testing.T) {
	steps := map[int]string{
		form.StepBasics: "the basics", form.StepWhatHappened: "question 1, what happened", form.StepImpact: "question 2, impact",
		form.StepRootCause: "question 3, root cause", form.StepSupportingData: "question 4, supporting data",
		form.StepImplications: "question 5, implications", form.StepLessons: "question 6, lessons",
		form.StepCorrectiveActions: "question 7, corrective actions", form.StepPublic: "telling customers",
		form.StepFinish: "the final check",
	}
	for step, want := range steps {
		if got := coe.DraftStepName(step); got != want {
			t.Errorf("step %d is named %q, want %q: keep coe.DraftStepName in step with the form", step, got, want)
		}
	}
}
