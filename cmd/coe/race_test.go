package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

func grepLines(data []byte, prefix string) string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
