package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// In a terminal, the source line under a finding of --changed is the
// staged line, the one checked, not the work tree's.
func TestLintChangedShowsStagedSource(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := filepath.Join(t.TempDir(), "repo")
	if out, err := exec.Command("cp", "-R", "../../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	home := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "COEs")
	path := filepath.Join(dir, "coes", "2024-07-01-staged.yaml")
	write := func(title string) {
		t.Helper()
		c := "version: 1\nid: 2024-07-01-staged\ntitle: " + title + "\nstatus: draft\nseverity: sev3\n"
		if err := os.WriteFile(path, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("[Staged, as, a, list]")
	git("add", "coes")
	write("Fixed in the work tree")

	env := map[string]string{"COE_NOW": "2026-11-23T12:00:00Z", "NO_COLOR": "1"}
	stdout, stderr, code := runCoe(t, env, true, "-C", dir, "lint", "--changed=HEAD")
	if code != exitFindings {
		t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	want := "coes/2024-07-01-staged.yaml:3:8: error: title is a list; expected a text [wrong-type]\n" +
		"  |\n" +
		"3 | title: [Staged, as, a, list]\n" +
		"  |        ^\n"
	if stdout != want {
		t.Errorf("got\n%s\nwant\n%s", stdout, want)
	}
}
