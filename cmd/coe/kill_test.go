//go:build unix

package main

import (
	"bytes"
	"flag"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe/corpus"
	"github.com/coe-cli/coe/coe/safefs"
)

var killRounds = flag.Int("kill-rounds", 20, "rebuilds TestKillDuringBuild kills (100 for the full check, about 90 s)")

// TestKillDuringBuild kills coe build with SIGKILL at random moments of
// rebuilds of a 1,000-COE site: after each, every page is whole or absent,
// and the next build, uninterrupted, leaves exactly the site a build into
// a new folder makes, and no temporary file. The full check is 100 rounds:
// go test ./cmd/coe -run KillDuringBuild -kill-rounds 100
func TestKillDuringBuild(t *testing.T) {
	rounds := *killRounds
	if testing.Short() || raceEnabled {
		// Every build is several times slower; fewer rounds still kill
		// builds mid-write.
		rounds = min(rounds, 4)
	}
	repo := filepath.Join(t.TempDir(), "repo")
	if err := corpus.WriteRepo(repo, 1000); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	build := func(out string) *exec.Cmd {
		cmd := exec.Command(exe, "-C", repo, "build", "-o", out)
		cmd.Env = append(os.Environ(), "COE_TEST_AS_COE=1", "NO_COLOR=1", "COE_NOW=2026-11-23T12:00:00Z")
		return cmd
	}
	// A clean build, for the pages to compare with, and how long one takes.
	want := filepath.Join(t.TempDir(), "want")
	start := time.Now()
	if out, err := build(want).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	took := time.Since(start)

	site := filepath.Join(t.TempDir(), "site")
	rng := rand.New(rand.NewPCG(1, 2))
	killed := 0
	for i := range rounds {
		// Sometimes a COE goes or comes back, so rebuilds remove pages too.
		victim := filepath.Join(repo, "coes", corpus.COE(i%7).ID+".yaml")
		if i%5 == 4 {
			os.Rename(victim, victim+".away")
		} else {
			os.Rename(victim+".away", victim)
		}
		cmd := build(site)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			killed++
		}
		cmd.Wait()
		checkPagesWhole(t, site, i)
	}
	for i := range 7 {
		victim := filepath.Join(repo, "coes", corpus.COE(i).ID+".yaml")
		os.Rename(victim+".away", victim)
	}
	if out, err := build(site).CombinedOutput(); err != nil {
		t.Fatalf("the build after the kills: %v\n%s", err, out)
	}
	sameSite(t, want, site)
	t.Logf("%d builds killed at random moments of a %s build", killed, took.Round(time.Millisecond))
}

// checkPagesWhole fails when a page of the site is cut short.
func checkPagesWhole(t *testing.T, site string, round int) {
	t.Helper()
	filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !bytes.HasSuffix(bytes.TrimRight(data, "\n"), []byte("</html>")) {
			t.Fatalf("round %d: %s is cut short (%d bytes)", round, p, len(data))
		}
		return nil
	})
}

// readTree is every file under root, by its path inside it, with its
// bytes.
func readTree(root string) map[string][]byte {
	m := map[string][]byte{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			data, _ := os.ReadFile(p)
			m[rel] = data
		}
		return nil
	})
	return m
}

// sameSite fails unless the two folders hold the same files with the same
// bytes (the manifests aside, whose comment is the same but whose order of
// discovery is not guaranteed) and no temporary files.
func sameSite(t *testing.T, want, got string) {
	t.Helper()
	w, g := readTree(want), readTree(got)
	for name, data := range g {
		if strings.Contains(name, safefs.TempPrefix) {
			t.Errorf("temporary file left: %s", name)
			continue
		}
		if wd, ok := w[name]; !ok {
			t.Errorf("%s is in the rebuilt site only", name)
		} else if !bytes.Equal(wd, data) {
			t.Errorf("%s differs from a clean build's", name)
		}
	}
	for name := range w {
		if _, ok := g[name]; !ok {
			t.Errorf("%s is missing from the rebuilt site", name)
		}
	}
}
