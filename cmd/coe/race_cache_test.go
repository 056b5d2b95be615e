package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe/corpus"
)

// Commands filling the warm index at once, each in a process of its own,
// as a developer's shell and an editor's plugin do: every one answers as
// --no-cache does, cold, after an edit, and warm; the table they leave
// answers the next one whole.
func TestRaceCacheFill(t *testing.T) {
	dir, _ := raceRepo(t)
	tmp := t.TempDir()
	if err := corpus.WriteRepo(tmp, 300); err != nil {
		t.Fatal(err)
	}
	gen, _ := filepath.Glob(filepath.Join(tmp, "coes", "*.yaml"))
	for _, f := range gen {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "coes", filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmds := [][]string{
		{"list", "--json"},
		{"stats", "--json"},
		{"actions", "--json", "--status", "all"},
		{"list", "--status", "review"},
		{"search", "--json", "rollback canary"},
	}
	want := make([]outcome, len(cmds))
	for i, c := range cmds {
		want[i] = coeRun(t, dir, nil, append(c, "--no-cache")...)()
		if want[i].code > 1 {
			t.Fatalf("coe %s --no-cache: exit %d\n%s", strings.Join(c, " "), want[i].code, want[i].stderr)
		}
	}
	round := func(name string) {
		t.Helper()
		waits := make([]func() outcome, 0, 2*len(cmds))
		for _, c := range cmds { // two of each at once
			waits = append(waits, coeRun(t, dir, nil, c...), coeRun(t, dir, nil, c...))
		}
		for j, wait := range waits {
			got, i := wait(), j/2
			if got != want[i] {
				t.Fatalf("%s: coe %s differs from --no-cache:\nexit %d, want %d\nstderr %q\nwant   %q\nstdout (%d bytes) equal: %v",
					name, strings.Join(cmds[i], " "), got.code, want[i].code, got.stderr, want[i].stderr,
					len(got.stdout), got.stdout == want[i].stdout)
			}
		}
	}
	round("cold")
	round("warm")
	// An edit: each command's answer changes, and so must the cache's.
	f := filepath.Join(dir, "coes", filepath.Base(gen[7]))
	data, _ := os.ReadFile(f)
	os.WriteFile(f, []byte(strings.Replace(string(data), "status: ", "status: review\n# was: ", 1)), 0o644)
	for i, c := range cmds {
		want[i] = coeRun(t, dir, nil, append(c, "--no-cache")...)()
	}
	round("after an edit")
	round("warm again")
}
