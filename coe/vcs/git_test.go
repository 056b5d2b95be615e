package vcs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// gitRepo makes a git repository in a temporary folder, with a config of
// its own so that the user's does not matter.
func gitRepo(t *testing.T, branch string) (string, func(args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	home := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("init", "-q", "-b", branch)
	run("config", "commit.gpgsign", "false")
	return dir, run
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// branchOff commits everything as the base, and starts branch topic from
// it; it returns the base commit.
func branchOff(git func(args ...string) string) string {
	git("add", ".")
	git("commit", "-q", "-m", "base")
	base := git("rev-parse", "HEAD")
	git("checkout", "-q", "-b", "topic")
	return base
}

func TestChangedFiles(t *testing.T) {
	dir, git := gitRepo(t, "main")
	for _, name := range []string{"coes/a.yaml", "coes/b.yaml", "coes/c.yaml", "coes/d.yaml", "coes/e.yaml", "README.md"} {
		write(t, dir, name, "x: 1\n")
	}
	write(t, dir, ".gitignore", "coes/*.tmp.yaml\n")
	base := branchOff(git)
	write(t, dir, "coes/a.yaml", "x: 2\n") // committed on the branch
	git("commit", "-q", "-am", "change a")
	write(t, dir, "coes/b.yaml", "x: 2\n") // staged
	git("add", "coes/b.yaml")
	write(t, dir, "coes/c.yaml", "x: 2\n") // changed, not staged
	git("rm", "-q", "coes/d.yaml")         // deleted
	git("mv", "coes/e.yaml", "coes/e2.yaml")
	write(t, dir, "coes/new file.yaml", "x: 1\n") // untracked, with a space
	write(t, dir, "coes/ignored.tmp.yaml", "x: 1\n")
	write(t, dir, "README.md", "changed\n") // outside the pathspec

	got, err := ChangedFiles(dir, base, "coes")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{"coes/a.yaml", "coes/b.yaml", "coes/c.yaml", "coes/e2.yaml", "coes/new file.yaml"}
	if !slices.Equal(got, want) {
		t.Errorf("ChangedFiles = %q, want %q", got, want)
	}

	// Paths are relative to dir, even in a subfolder.
	got, err = ChangedFiles(filepath.Join(dir, "coes"), base, ".")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got, "a.yaml") || !slices.Contains(got, "new file.yaml") {
		t.Errorf("from coes/: %q", got)
	}

	if _, err := ChangedFiles(dir, "no-such-branch"); err == nil || !strings.Contains(err.Error(), `"no-such-branch" names no commit`) {
		t.Errorf("a bad revision: %v", err)
	}
}

func TestBaseFiles(t *testing.T) {
	dir, git := gitRepo(t, "main")
	for _, name := range []string{"coes/a.yaml", "coes/b c.yaml", "coes/d.yaml", "coes/e.yaml", "coes/same.yaml", "README.md"} {
		write(t, dir, name, "old "+name+"\n")
	}
	write(t, dir, "coes/empty.yaml", "")
	base := branchOff(git)
	write(t, dir, "coes/a.yaml", "new\n") // committed on the branch
	git("commit", "-q", "-am", "change a")
	write(t, dir, "coes/b c.yaml", "new\n")  // changed, not staged
	git("rm", "-q", "coes/d.yaml")           // deleted
	git("mv", "coes/e.yaml", "coes/e2.yaml") // renamed: the old name is gone
	os.Remove(filepath.Join(dir, "coes/empty.yaml"))
	write(t, dir, "coes/new.yaml", "x\n")   // untracked: nothing at base
	write(t, dir, "README.md", "changed\n") // outside the pathspec

	got, err := BaseFiles(filepath.Join(dir, "coes"), base, WorkTree, 1<<20, ".")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a.yaml":     "old coes/a.yaml\n",
		"b c.yaml":   "old coes/b c.yaml\n",
		"d.yaml":     "old coes/d.yaml\n",
		"e.yaml":     "old coes/e.yaml\n",
		"empty.yaml": "",
	}
	if len(got) != len(want) {
		t.Errorf("BaseFiles gave %d files, want %d: %q", len(got), len(want), got)
	}
	for name, content := range want {
		if c, ok := got[name]; !ok || string(c) != content {
			t.Errorf("BaseFiles[%q] = %q (present %v), want %q", name, c, ok, content)
		}
	}

	got, err = BaseFiles(dir, "topic", WorkTree, 1<<20, "coes") // nothing committed since
	if err != nil || len(got) != 4 {
		t.Errorf("since topic: %q, %v; want the 4 files changed in the work tree", got, err)
	}
	if _, err := BaseFiles(dir, "no-such-branch", WorkTree, 1<<20); err == nil {
		t.Error("a bad revision gave no error")
	}
}

func TestDefaultBranchAndMergeBase(t *testing.T) {
	dir, git := gitRepo(t, "trunk")
	if _, err := DefaultBranch(dir); !errors.Is(err, ErrNoDefaultBranch) {
		t.Errorf("no commits: %v", err)
	}
	write(t, dir, "a", "1\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	if _, err := DefaultBranch(dir); !errors.Is(err, ErrNoDefaultBranch) {
		t.Errorf("only trunk: %v", err)
	}
	git("branch", "master")
	if b, err := DefaultBranch(dir); b != "master" || err != nil {
		t.Errorf("with master: %q, %v", b, err)
	}
	git("branch", "main")
	if b, err := DefaultBranch(dir); b != "main" || err != nil {
		t.Errorf("with main and master: %q, %v", b, err)
	}
	// origin/HEAD wins, named by the branch it points to.
	git("update-ref", "refs/remotes/origin/release", "HEAD")
	git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/release")
	if b, err := DefaultBranch(dir); b != "origin/release" || err != nil {
		t.Errorf("with origin/HEAD: %q, %v", b, err)
	}

	fork := git("rev-parse", "HEAD")
	write(t, dir, "a", "2\n")
	git("commit", "-q", "-am", "two")
	if mb, err := MergeBase(dir, "HEAD", "main"); mb != fork || err != nil {
		t.Errorf("MergeBase = %q, %v; want %q", mb, err, fork)
	}
	git("checkout", "-q", "--orphan", "alone")
	git("commit", "-q", "-m", "unrelated")
	if _, err := MergeBase(dir, "HEAD", "main"); err == nil || !strings.Contains(err.Error(), "no common ancestor") {
		t.Errorf("unrelated histories: %v", err)
	}

	if c, err := ResolveCommit(dir, "main"); c != fork || err != nil {
		t.Errorf("ResolveCommit(main) = %q, %v", c, err)
	}
	if _, err := ResolveCommit(dir, "--all"); err == nil {
		t.Error("ResolveCommit takes an option for a revision")
	}
	if s := ShortCommit(dir, fork); len(s) < 7 || !strings.HasPrefix(fork, s) {
		t.Errorf("ShortCommit = %q", s)
	}
}
