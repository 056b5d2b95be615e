package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The COE two writers fight over: in review, so it can be approved.
const raceCOE = "2025-08-18-orthopaedic-shoe-prescription-lost-between-providers"

// raceRepo copies the examples into a fresh folder and returns it and the
// COE's path.
func raceRepo(t *testing.T) (dir, file string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "repo")
	if out, err := exec.Command("cp", "-R", "../../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	return dir, filepath.Join(dir, "coes", raceCOE+".yaml")
}

type outcome struct {
	code           int
	stdout, stderr string
}

// coeRun starts this test binary as coe in dir; wait returns its outcome.
func coeRun(t *testing.T, dir string, env []string, args ...string) func() outcome {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "COE_TEST_AS_COE=1", "NO_COLOR=1", "COE_NOW=2026-11-23T12:00:00Z", "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1")
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return func() outcome {
		err := cmd.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return outcome{code, out.String(), errOut.String()}
	}
}

// raceRounds is how many times each pair of writers races: 100, or 20
// where every process is slower (-short, the race detector).
func raceRounds() int {
	if testing.Short() || raceEnabled {
		return 20
	}
	return 100
}

// Two approvals of one COE at once: they take turns. One approves; the
// other finds it approved and says so. Never do both say "Approved" with
// one approver kept.
func TestRaceApproveApprove(t *testing.T) {
	for i := range raceRounds() {
		dir, file := raceRepo(t)
		a := coeRun(t, dir, nil, "approve", raceCOE, "--by", "alice")
		b := coeRun(t, dir, nil, "approve", raceCOE, "--by", "bob")
		ra, rb := a(), b()
		data, _ := os.ReadFile(file)
		approved := 0
		for who, r := range map[string]outcome{"alice": ra, "bob": rb} {
			if r.code != 0 {
				t.Fatalf("round %d: approve --by %s exited %d: %s", i, who, r.code, r.stderr)
			}
			if strings.Contains(r.stderr, "Approved "+raceCOE+" as "+who) {
				approved++
				if !bytes.Contains(data, []byte("approved_by: "+who+"\n")) {
					t.Fatalf("round %d: %s was told the COE is approved by them; the file says:\n%s", i, who, grepLines(data, "approved_"))
				}
			} else if !strings.Contains(r.stderr, "is already approved by ") {
				t.Fatalf("round %d: approve --by %s said neither approved nor already approved: %s", i, who, r.stderr)
			}
		}
		if approved != 1 {
			t.Fatalf("round %d: %d approvals reported, want exactly 1:\n%s\n%s", i, approved, ra.stderr, rb.stderr)
		}
	}
}

// An edit in $EDITOR and an approval at once. Whatever reports success is
// in the file; an edit that loses exits 2 and keeps its version as a draft.
func TestRaceEditApprove(t *testing.T) {
	lost := 0
	for i := range raceRounds() {
		dir, file := raceRepo(t)
		// The editor changes the title after a moment, as a person would.
		editor := fmt.Sprintf(`sleep 0.0%d; sed -i 's/^title: .*/title: Edited in round %d/'`, i%4, i)
		e := coeRun(t, dir, []string{"EDITOR=" + editor, "VISUAL="}, "edit", raceCOE, "--editor")
		// The approval starts at different moments of the edit: before
		// it reads, while the editor is open, as it saves, after.
		time.Sleep(time.Duration(i%9) * 8 * time.Millisecond)
		a := coeRun(t, dir, nil, "approve", raceCOE, "--by", "alice")
		re, ra := e(), a()
		data, _ := os.ReadFile(file)
		title := fmt.Sprintf("title: Edited in round %d\n", i)
		if ra.code != 0 || !strings.Contains(ra.stderr, "Approved "+raceCOE+" as alice") {
			t.Fatalf("round %d: approve exited %d: %s", i, ra.code, ra.stderr)
		}
		if !bytes.Contains(data, []byte("approved_by: alice\n")) {
			t.Fatalf("round %d: approve said Approved; the file lacks it (edit said: %s)", i, re.stderr)
		}
		switch {
		case re.code == 0 && strings.Contains(re.stderr, "Saved "):
			if !bytes.Contains(data, []byte(title)) {
				t.Fatalf("round %d: edit said Saved; the file lacks the edit (approve said: %s)", i, ra.stderr)
			}
		case re.code == 2 && strings.Contains(re.stderr, "changed on disk since it was read; not overwritten; your version is kept in "):
			lost++
			if bytes.Contains(data, []byte(title)) {
				t.Fatalf("round %d: edit failed, yet the file has its change", i)
			}
			draft, err := os.ReadFile(filepath.Join(dir, ".coe", "drafts", raceCOE+".yaml"))
			if err != nil || !bytes.Contains(draft, []byte(title)) {
				t.Fatalf("round %d: the losing edit's draft: %v\n%s", i, err, draft)
			}
		default:
			t.Fatalf("round %d: edit exited %d: %s", i, re.code, re.stderr)
		}
	}
	t.Logf("%d of %d edits lost the race and kept a draft", lost, raceRounds())
	if lost == 0 || lost == raceRounds() {
		t.Errorf("every round ended the same way (%d edits lost): the writers did not race", lost)
	}
}

// lifecycleRepo is raceRepo with the COE rewritten by edit (its status,
// its actions) before the writers start.
func lifecycleRepo(t *testing.T, edit func(string) string) (dir, file string) {
	t.Helper()
	dir, file = raceRepo(t)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(edit(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

// Two submissions of one draft at once, each adding a reviewer: they take
// turns. One submits it; the other finds it in review and adds its
// reviewer. Both reviewers are in the file: neither update is lost.
func TestRaceSubmitSubmit(t *testing.T) {
	asDraft := func(s string) string { return strings.Replace(s, "\nstatus: review\n", "\nstatus: draft\n", 1) }
	for i := range raceRounds() {
		dir, file := lifecycleRepo(t, asDraft)
		a := coeRun(t, dir, nil, "submit", raceCOE, "--reviewer", "aisha")
		b := coeRun(t, dir, nil, "submit", raceCOE, "--reviewer", "felix")
		ra, rb := a(), b()
		data, _ := os.ReadFile(file)
		submitted := 0
		for who, r := range map[string]outcome{"aisha": ra, "felix": rb} {
			switch {
			case r.code != 0:
				t.Fatalf("round %d: submit --reviewer %s exited %d: %s", i, who, r.code, r.stderr)
			case strings.HasPrefix(r.stderr, "Submitted "+raceCOE+" at "):
				submitted++
			case !strings.HasPrefix(r.stderr, "Added "+who+" to the reviewers of "+raceCOE):
				t.Fatalf("round %d: submit --reviewer %s said neither submitted nor added: %s", i, who, r.stderr)
			}
		}
		if submitted != 1 {
			t.Fatalf("round %d: %d submissions reported, want exactly 1:\n%s\n%s", i, submitted, ra.stderr, rb.stderr)
		}
		reviewers := grepLines(data, "reviewers: ")
		if !bytes.Contains(data, []byte("\nstatus: review\n")) || !strings.Contains(reviewers, "aisha") || !strings.Contains(reviewers, "felix") {
			t.Fatalf("round %d: both said they wrote; the file says:\n%s\n%s", i, grepLines(data, "status: "), reviewers)
		}
	}
}

// A close and a revocation of one approved COE at once: they take turns.
// The first wins; the second is refused for the status the first left
// (exit 1), and the file holds what the winner said it did. Never do both
// succeed, nor does the file mix them (closed without its approval).
func TestRaceCloseRevoke(t *testing.T) {
	approvedDone := func(s string) string {
		s = strings.Replace(s, "\nstatus: review\n", "\nstatus: approved\napproved_by: kenji\napproved_at: 2025-09-01T10:00:00Z\n", 1)
		return regexp.MustCompile(`(?m)^    status: (open|in-progress)$`).ReplaceAllString(s, "    status: wont-do")
	}
	wins := map[string]int{}
	for i := range raceRounds() {
		dir, file := lifecycleRepo(t, approvedDone)
		c := coeRun(t, dir, nil, "close", raceCOE)
		r := coeRun(t, dir, nil, "approve", raceCOE, "--revoke")
		rc, rr := c(), r()
		data, _ := os.ReadFile(file)
		status := grepLines(data, "status: ")
		switch {
		case rc.code == 0 && rr.code == 1:
			wins["close"]++
			if !strings.HasPrefix(rc.stderr, "Closed "+raceCOE) || !strings.Contains(rr.stderr, " is closed; to take it back to review, coe reopen ") ||
				status != "status: closed" || !bytes.Contains(data, []byte("\napproved_by: kenji\n")) || !bytes.Contains(data, []byte("\nclosed_at: 2026-11-23T12:00:00Z\n")) {
				t.Fatalf("round %d: close won; close said %q, revoke said %q; the file:\n%s\n%s", i, rc.stderr, rr.stderr, status, grepLines(data, "approved_"))
			}
		case rr.code == 0 && rc.code == 1:
			wins["revoke"]++
			if !strings.HasPrefix(rr.stderr, "Revoked the approval of "+raceCOE) || !strings.Contains(rc.stderr, " is in review; a COE is closed once approved") ||
				status != "status: review" || bytes.Contains(data, []byte("approved_by: kenji")) || bytes.Contains(data, []byte("closed_at:")) {
				t.Fatalf("round %d: revoke won; revoke said %q, close said %q; the file:\n%s\n%s", i, rr.stderr, rc.stderr, status, grepLines(data, "approved_"))
			}
		default:
			t.Fatalf("round %d: close exited %d (%s), revoke exited %d (%s): want one to win and the other refused", i, rc.code, rc.stderr, rr.code, rr.stderr)
		}
	}
	t.Logf("wins: %v", wins)
}

func grepLines(data []byte, prefix string) string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
