package vcs

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for git (see fakeGit): with
// COE_FAKE_GIT_STDERR set, it prints that to standard error and exits
// 128, as git does when it fails.
func TestMain(m *testing.M) {
	if msg, ok := os.LookupEnv("COE_FAKE_GIT_STDERR"); ok {
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(128)
	}
	os.Exit(m.Run())
}

// fakeGit puts a git first on PATH that fails saying msg.
func fakeGit(t *testing.T, msg string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	name := "git"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	src, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("COE_FAKE_GIT_STDERR", msg)
}

// A repository git refuses to use, as it refuses one owned by another
// user (a CI container's checkout, typically), is not "not a git
// repository": Toplevel passes git's own message, which names the
// setting that allows it.
func TestToplevelDubiousOwnership(t *testing.T) {
	dir, _ := gitRepo(t, "main")
	// No safe.directory of the user's own or the system's.
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	top, err := Toplevel(dir)
	if err != nil {
		t.Fatal(err)
	}
	if real, _ := filepath.EvalSymlinks(dir); top != filepath.ToSlash(real) && top != real {
		t.Errorf("Toplevel = %q, want %q", top, real)
	}
	// git's own switch for testing this check: the repository is taken
	// as another user's.
	t.Setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
	_, err = Toplevel(dir)
	if err == nil || errors.Is(err, ErrNotGit) {
		t.Fatalf("Toplevel of a repository of another owner: %v, want git's message", err)
	}
	for _, want := range []string{"git rev-parse: fatal: detected dubious ownership in repository at ", "git config --global --add safe.directory "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q lacks %q", err, want)
		}
	}
	if _, err := Commit(dir, "m", "x"); err == nil || !strings.Contains(err.Error(), "dubious ownership") {
		t.Errorf("Commit in a repository of another owner: %v, want git's message", err)
	}
}

// Outside any repository, Toplevel says so with ErrNotGit; every other
// failure of git is passed on as git said it.
func TestToplevelErrors(t *testing.T) {
	outside := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(outside))
	if _, err := Toplevel(outside); !errors.Is(err, ErrNotGit) {
		t.Errorf("Toplevel outside a repository: %v, want ErrNotGit", err)
	}
	for _, tc := range []struct {
		name, git string
		want      error // nil: git's message
	}{
		{"no repository", "fatal: not a git repository (or any of the parent directories): .git", ErrNotGit},
		{"none up to a mount point", "fatal: not a git repository (or any parent up to mount point /mnt)\nStopping at filesystem boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM not set).", ErrNotGit},
		{"a .git file pointing nowhere", "fatal: not a git repository: /src/app/.git/worktrees/gone", nil},
		{"an unreadable config", "fatal: unable to access '/src/app/.git/config': Permission denied", nil},
		{"dubious ownership", "fatal: detected dubious ownership in repository at '/src/app'\nTo add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /src/app", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fakeGit(t, tc.git)
			_, err := Toplevel(outside)
			switch {
			case tc.want != nil && err != tc.want:
				t.Errorf("git says %q: Toplevel: %v, want %v", tc.git, err, tc.want)
			case tc.want == nil && (err == nil || err.Error() != "git rev-parse: "+tc.git):
				t.Errorf("git says %q: Toplevel: %v, want git's message", tc.git, err)
			}
		})
	}
}
