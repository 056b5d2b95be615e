package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func init() {
	// The terminal tests start this test binary as coe on a pseudo-
	// terminal (COE_TEST_AS_COE=1): there coe show would wait in less for
	// keys nobody sends. Those tests are about the forms and the terminal;
	// TestShowPager is about the pager.
	if os.Getenv("COE_TEST_AS_COE") == "1" {
		if _, set := os.LookupEnv("PAGER"); !set {
			os.Setenv("PAGER", "cat")
		}
	}
}

// coe show on a terminal pages through $PAGER (less -FRX when unset); PAGER
// set empty or to cat, a pipe, or a pager that cannot start, print
// directly.
func TestShowPager(t *testing.T) {
	if _, err := exec.LookPath("sed"); err != nil {
		t.Skip("no sed for a stand-in pager")
	}
	dir := filepath.Join(t.TempDir(), "repo")
	if out, err := exec.Command("cp", "-R", "../../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	show := func(tty bool, env map[string]string) (string, string) {
		t.Helper()
		out, err := os.CreateTemp(t.TempDir(), "stdout")
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		var errOut bytes.Buffer
		s := &Streams{In: strings.NewReader(""), Out: out, ErrOut: &errOut, OutTTY: tty,
			Getenv:    func(k string) string { return env[k] },
			LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
			Width:     func() int { return 80 }}
		env["NO_COLOR"] = "1"
		if code := run([]string{"-C", dir, "show", "2024-01-28"}, s); code != 0 {
			t.Fatalf("exit %d\n%s", code, errOut.String())
		}
		data, _ := os.ReadFile(out.Name())
		return string(data), errOut.String()
	}
	const title = "Speaker groups stopped playing together"
	pager := `sed "s/^/paged: /"`

	got, _ := show(true, map[string]string{"PAGER": pager})
	if !strings.Contains(got, "paged: "+title) {
		t.Errorf("on a terminal, PAGER=%s was not used:\n%.300s", pager, got)
	}
	// The pager sees LESS=FRX unless the user set LESS.
	got, _ = show(true, map[string]string{"PAGER": `sh -c 'echo "LESS=$LESS"; cat'`})
	if !strings.HasPrefix(got, "LESS=FRX\n") {
		t.Errorf("the pager's LESS: %.80q", got)
	}
	got, _ = show(true, map[string]string{"PAGER": `sh -c 'echo "LESS=$LESS"; cat'`, "LESS": "-S"})
	if !strings.HasPrefix(got, "LESS=-S\n") {
		t.Errorf("the user's LESS was not kept: %.80q", got)
	}
	for name, env := range map[string]map[string]string{
		"piped":        {"PAGER": pager},
		"PAGER=":       {"PAGER": ""},
		"PAGER=cat":    {"PAGER": "cat"},
		"PAGER=spaces": {"PAGER": "  "},
	} {
		tty := name != "piped"
		got, _ := show(tty, env)
		if !strings.HasPrefix(got, title) || strings.Contains(got, "paged: ") {
			t.Errorf("%s: want the COE printed directly, got:\n%.200s", name, got)
		}
	}
	got, errOut := show(true, map[string]string{"PAGER": "no-such-pager-here -x"})
	if !strings.HasPrefix(got, title) {
		t.Errorf("a pager that is not installed: want the COE printed directly, got:\n%.200s", got)
	}
	if !strings.Contains(errOut, `the pager "no-such-pager-here" is not installed (PAGER="no-such-pager-here -x"); showing it here.`) {
		t.Errorf("a pager that is not installed is not named:\n%s", errOut)
	}
	// A pager that quits before reading everything is no error.
	got, _ = show(true, map[string]string{"PAGER": "head -c 10"})
	if got != title[:10] {
		t.Errorf("a pager that quits early: %q", got)
	}
}
