package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files and script outputs")

func TestMain(m *testing.M) {
	// The terminal tests start this test binary as coe.
	if os.Getenv("COE_TEST_AS_COE") == "1" {
		os.Exit(run(os.Args[1:], systemStreams()))
	}
	testscript.Main(m, map[string]func(){
		"coe": func() { os.Exit(run(os.Args[1:], systemStreams())) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the real
// command against a temporary folder, with git, a fixed clock and a copy of
// the examples in $WORK/examples.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds:          map[string]func(*testscript.TestScript, bool, []string){"exits": cmdExits, "holdlock": cmdHoldLock},
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			if err := os.MkdirAll(home, 0o755); err != nil {
				return err
			}
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("GIT_AUTHOR_DATE", "2026-11-23T12:00:00Z")
			env.Setenv("GIT_COMMITTER_DATE", "2026-11-23T12:00:00Z")
			env.Setenv("COE_NOW", "2026-11-23T12:00:00Z")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("EDITOR", "false")
			env.Setenv("VISUAL", "")
			gitcfg := "[user]\n\tname = Dana Reviewer\n\temail = dana@example.com\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
			if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(gitcfg), 0o644); err != nil {
				return err
			}
			return exec.Command("cp", "-R", examples, filepath.Join(env.WorkDir, "examples")).Run()
		},
	})
}

// cmdHoldLock takes the repository lock of the repository in the current
// folder, as a coe command that changes a COE does, and holds it until the
// script ends: "holdlock WHAT" (WHAT names the holder).
func cmdHoldLock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: holdlock WHAT")
	}
	r, err := coe.OpenRepo(ts.MkAbs("."))
	if err != nil {
		ts.Fatalf("holdlock: %v", err)
	}
	l, err := r.Lock(args[0])
	if err != nil {
		ts.Fatalf("holdlock: %v", err)
	}
	ts.Defer(func() { l.Unlock() })
}

// cmdExits runs a program and checks its exit code: exits N prog args...
// As exec does, it keeps stdout and stderr for the commands that follow.
// "exits N within DURATION prog args..." also bounds how long it may take
// (four times as long under the race detector).
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N [within DURATION] program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit code", args[0])
	}
	args = args[1:]
	var limit time.Duration
	if args[0] == "within" && len(args) > 2 {
		if limit, err = time.ParseDuration(args[1]); err != nil {
			ts.Fatalf("exits: %v", err)
		}
		args = args[2:]
	}
	start := time.Now()
	err = ts.Exec(args[0], args[1:]...)
	took := time.Since(start)
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[0], got, want)
	}
	if raceEnabled {
		// The race detector makes every instruction several times
		// slower; the limit is for the command users run.
		limit *= 4
	}
	if limit > 0 && took > limit {
		ts.Fatalf("%s took %v, want at most %v", args[0], took, limit)
	}
}
