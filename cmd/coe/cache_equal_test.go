package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// TestCacheEqual holds the commands that answer from the warm index (list,
// actions, stats, lint's repository-wide rules, related) to what they
// print reading every file (--no-cache): the same stdout, stderr and exit
// code, over the examples, a generated corpus and a source, with the cache
// cold and warm, and again after a file is edited, touched, deleted,
// renamed and added broken.
func TestCacheEqual(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 300 COEs some 80 times")
	}
	root := t.TempDir()
	dir, team, ids := orgRepo(t, root, 300, 12)
	coes := filepath.Join(dir, "coes")
	// A second file with the id of another: id-unique.
	dup, _ := os.ReadFile(filepath.Join(coes, ids[5]+".yaml"))
	writeFile(t, filepath.Join(coes, "2020-12-31-copy-of-another.yaml"), dup)
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	// Files older than the cache's racy window, so that warm runs answer
	// from their size and time (not only from their hash).
	age(t, root, -time.Hour)

	speaker := "2024-01-28-speaker-groups-stopped-playing"
	cmds := [][]string{
		{"list"},
		{"list", "--json"},
		{"actions", "--no-sources", "--as-of", "2021-06-01"},
		{"actions", "--json"},
		{"actions", "--status", "all"},
		{"actions", "--status", "all", "--format", "csv"},
		{"actions", "--format", "markdown", "--due-within", "30d"},
		{"actions", "--format", "ics", "--owner", "dana"},
		{"actions", "--evidence", "--json", "--source", "."},
		{"stats", "--json"},
		{"stats", "--format", "csv", "--by", "service"},
		{"lint", "--format", "json"},
		{"lint", "coes/" + ids[10] + ".yaml", "--format", "json"},
		{"lint", "coes/" + ids[5] + ".yaml"},
		{"lint", "coes/" + speaker + ".yaml", "coes/" + ids[20] + ".yaml"},
		{"related", ids[10], "--json"},
		{"related", speaker, "--json", "--limit", "10", "--min-score", "0"},
		{"related", ids[7]},
	}
	env := map[string]string{"COE_NOW": "2026-11-23T12:00:00Z", "NO_COLOR": "1"}
	compare := func(stage string) {
		t.Helper()
		for _, args := range cmds {
			full := append([]string{"-C", dir}, args...)
			wantOut, wantErr, wantCode := runCoe(t, env, false, append([]string{"--no-cache"}, full...)...)
			if wantCode == exitUsage {
				t.Fatalf("%s: coe %s: exit %d\n%s", stage, strings.Join(args, " "), wantCode, wantErr)
			}
			for _, run := range []string{"cold", "warm"} {
				out, errOut, code := runCoe(t, env, false, full...)
				what := fmt.Sprintf("%s, cache %s: coe %s", stage, run, strings.Join(args, " "))
				if code != wantCode {
					t.Errorf("%s: exit %d, without the cache %d", what, code, wantCode)
				}
				if out != wantOut {
					t.Errorf("%s: stdout differs from --no-cache:\n%s", what, firstDiff(out, wantOut))
				}
				if errOut != wantErr {
					t.Errorf("%s: stderr differs from --no-cache:\n%s", what, firstDiff(errOut, wantErr))
				}
			}
		}
	}
	compare("fresh")
	// The warm runs did answer from the tables.
	for _, table := range []string{"summaries-v1", "lint-ids-v2", "related-v1", "sources/team/summaries-v1"} {
		if _, err := os.Stat(filepath.Join(dir, coe.PrivateName, "cache", table)); err != nil {
			t.Errorf("no table: %v", err)
		}
	}

	// Edit one (its content, its title and an action's owner and due
	// date), keeping the size's order of magnitude.
	p := filepath.Join(coes, ids[10]+".yaml")
	data, _ := os.ReadFile(p)
	edited := strings.Replace(string(data), "title: ", "title: Edited ", 1)
	edited = strings.Replace(edited, "owner: dana", "owner: priya", 1)
	writeFile(t, p, []byte(edited))
	setTime(t, p, time.Now().Add(-30*time.Minute))
	// Touch one: its time changes, not its content.
	setTime(t, filepath.Join(coes, ids[11]+".yaml"), time.Now().Add(-20*time.Minute))
	// Delete one that another names in related:.
	if err := os.Remove(filepath.Join(coes, ids[21]+".yaml")); err != nil {
		t.Fatal(err)
	}
	// Rename one: same content, a new path (its id no longer its name).
	if err := os.Rename(filepath.Join(coes, ids[30]+".yaml"), filepath.Join(coes, "2021-01-01-renamed.yaml")); err != nil {
		t.Fatal(err)
	}
	// Add one that does not read, and one in the source.
	writeFile(t, filepath.Join(coes, "2026-01-01-broken.yaml"), []byte("version: 1\nid: 2026-01-01-broken\ntitle: [unclosed\n"))
	writeFile(t, filepath.Join(team, "coes", "2026-02-02-new-in-team.yaml"), corpus.File(500))
	// Edit one in the source.
	tp := filepath.Join(team, "coes", corpus.COE(3).ID+".yaml")
	data, _ = os.ReadFile(tp)
	writeFile(t, tp, []byte(strings.Replace(string(data), "status: ", "status: review\n# was: ", 1)))
	compare("after changes")

	// A change within the racy window: the content is checked by hash.
	data, _ = os.ReadFile(p)
	writeFile(t, p, []byte(strings.Replace(string(data), "owner: priya", "owner: raj__", 1)))
	compare("after a change just now")
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func setTime(t *testing.T, path string, at time.Time) {
	t.Helper()
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}

// age sets the times of every file under root to d from now.
func age(t *testing.T, root string, d time.Duration) {
	t.Helper()
	at := time.Now().Add(d)
	err := filepath.WalkDir(root, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		return os.Chtimes(path, at, at)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n  cache:    %q\n  no cache: %q", i+1, gl, wl)
		}
	}
	return "(same lines)"
}
