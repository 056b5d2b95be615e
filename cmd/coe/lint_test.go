package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe/lint/sariftest"
)

// lintRepo copies the examples into a temporary folder and adds a COE
// with problems a reader looks at in a terminal.
func lintRepo(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	if out, err := exec.Command("cp", "-R", "../../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	broken := `version: 1
id: 2024-02-02-broken
title: Checkout failed	for 2% of orders
status: draft
severity: sev3
corrective_actions:
  - id: CA-1
    action: Replay the failed orders.
    ownr: dana
related: [2024-01-28-speaker-groups-stoped-playing]
`
	if err := os.WriteFile(filepath.Join(dir, "coes", "2024-02-02-broken.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runCoe runs coe in-process with the given streams settings.
func runCoe(t *testing.T, env map[string]string, tty bool, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	s := &Streams{
		In: strings.NewReader(""), Out: &out, ErrOut: &errOut, OutTTY: tty, ErrTTY: tty,
		Getenv: func(k string) string { return env[k] },
		Width:  func() int { return 100 },
	}
	code = run(args, s)
	return out.String(), errOut.String(), code
}

// TestLintTerminal: with a terminal, each finding shows its source line
// and a caret under the column, in colour unless NO_COLOR is set.
func TestLintTerminal(t *testing.T) {
	dir := lintRepo(t)
	env := map[string]string{"COE_NOW": "2026-11-23T12:00:00Z", "TERM": "xterm-256color"}
	colour, stderr, code := runCoe(t, env, true, "-C", dir, "lint")
	if code != exitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	goldenFile(t, "lint-terminal.golden", colour)
	if stderr != "2 errors and 6 warnings in 5 of 6 files.\n" {
		t.Errorf("stderr: %q", stderr)
	}

	env["NO_COLOR"] = "1"
	plain, _, _ := runCoe(t, env, true, "-C", dir, "lint")
	if strings.Contains(plain, "\x1b") {
		t.Error("NO_COLOR: the output has escapes")
	}
	if want := stripANSI(colour); plain != want {
		t.Errorf("NO_COLOR changes more than colours:\n%s\nwant:\n%s", plain, want)
	}
	for _, want := range []string{
		"coes/2024-02-02-broken.yaml:9:5: error: unexpected key \"ownr\" in corrective_actions[0]; did you mean \"owner\"?",
		"\n9 |     ownr: dana\n  |     ^\n",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("no %q in:\n%s", want, plain)
		}
	}

	// Piped, the same findings, one line each.
	piped, _, _ := runCoe(t, env, false, "-C", dir, "lint")
	var firstLines []string
	for _, l := range strings.Split(plain, "\n") {
		if strings.HasPrefix(l, "coes/") {
			firstLines = append(firstLines, l)
		}
	}
	if want := strings.Join(firstLines, "\n") + "\n"; piped != want {
		t.Errorf("piped:\n%s\nwant:\n%s", piped, want)
	}
}

// TestLintPseudoTerminal: coe lint in a real (pseudo-)terminal finds it is
// one and shows the source lines.
func TestLintPseudoTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a pseudo-terminal; -short skips it")
	}
	dir := lintRepo(t)
	term := startTerminal(t, dir, "lint")
	term.waitFor("in 5 of 6 files.")
	if code := term.exitCode(); code != exitFindings {
		t.Errorf("exit %d", code)
	}
	term.seen = 0
	screen := term.screen()
	if !strings.Contains(screen, "\n9 |     ownr: dana\n  |     ^\n") {
		t.Errorf("no source line with a caret:\n%s", screen)
	}
}

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

// goldenFile compares got with testdata/<name>, rewriting it with -update.
func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update and review the diff)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestLintSARIFSchema validates what coe lint --format sarif prints
// against the official SARIF 2.1.0 schema.
func TestLintSARIFSchema(t *testing.T) {
	dir := lintRepo(t)
	out, stderr, code := runCoe(t, map[string]string{"COE_NOW": "2026-11-23T12:00:00Z"}, false, "-C", dir, "lint", "--format", "sarif")
	if code != exitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if err := sariftest.Validate([]byte(out)); err != nil {
		t.Errorf("coe lint --format sarif is not valid SARIF 2.1.0: %v", err)
	}
	if !strings.Contains(out, `"ruleId": "unknown-field"`) || !strings.Contains(out, `"uri": "coes/2024-02-02-broken.yaml"`) {
		t.Errorf("unexpected SARIF:\n%s", out)
	}
}
