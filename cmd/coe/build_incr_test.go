package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
	"github.com/coe-cli/coe/coe/safefs"
)

// TestBuildIncremental holds an incremental coe build (from the warm
// index, rendering only the pages whose keys changed) to a fresh build
// into an empty folder without the cache: the same files, byte for byte,
// after an edit (of a title, the text, an action, the tags), a new COE, a
// deleted one, a touch, a page changed by hand, a template override's
// change, a config change and a new date with overdue actions; and it
// checks that each wrote only what changed.
func TestBuildIncremental(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 70 COEs some 20 times")
	}
	root := t.TempDir()
	dir, team, ids := orgRepo(t, root, 60, 6)
	coes := filepath.Join(dir, "coes")
	tpl := filepath.Join(root, "tpl")
	layout, err := os.ReadFile("../../templates/layout.html.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(tpl, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(tpl, "layout.html.tmpl"), layout)
	age(t, root, -time.Hour)

	site := filepath.Join(root, "site")
	env := map[string]string{"COE_NOW": "2026-11-23T12:00:00Z", "NO_COLOR": "1"}
	build := func(stage, out string, args ...string) buildResult {
		t.Helper()
		stdout, stderr, code := runCoe(t, env, false, append([]string{"-C", dir, "build", "--json", "-o", out, "--templates", tpl}, args...)...)
		if code != 0 {
			t.Fatalf("%s: coe build: exit %d\n%s", stage, code, stderr)
		}
		var res buildResult
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("%s: %v\n%s", stage, err, stdout)
		}
		return res
	}
	// checkThen rebuilds the site, calls then, and compares the site with
	// a fresh build; it returns how many pages the rebuild wrote.
	checkThen := func(stage string, then func()) int {
		t.Helper()
		got := build(stage, site)
		if then != nil {
			then()
		}
		want := filepath.Join(root, "fresh", stage)
		build(stage, want, "--no-cache")
		sameTree(t, stage, want, site)
		if got.Written+got.Unchanged != got.Pages {
			t.Errorf("%s: %d written and %d unchanged of %d pages", stage, got.Written, got.Unchanged, got.Pages)
		}
		t.Logf("%s: %d of %d pages written", stage, got.Written, got.Pages)
		return got.Written
	}
	check := func(stage string) int { t.Helper(); return checkThen(stage, nil) }
	// probe changes the page rel's bytes, but not its size nor its time,
	// so that a build that does not render it leaves the change; rendered
	// reports whether the build did, and puts the page back.
	probe := func(rel string) (rendered func() bool) {
		t.Helper()
		p := filepath.Join(site, rel)
		data, err := os.ReadFile(p)
		st, err2 := os.Stat(p)
		if err != nil || err2 != nil || len(data) == 0 {
			t.Fatalf("probe %s: %v %v", rel, err, err2)
		}
		writeFile(t, p, bytes.Repeat([]byte("?"), len(data)))
		setTime(t, p, st.ModTime())
		return func() bool {
			now, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(now, bytes.Repeat([]byte("?"), len(data))) {
				return true
			}
			writeFile(t, p, data)
			setTime(t, p, st.ModTime())
			return false
		}
	}
	atMost := func(stage string, written, max int) {
		t.Helper()
		if written > max {
			t.Errorf("%s: %d pages written, want at most %d", stage, written, max)
		}
	}
	check("first")
	manifest := filepath.Join(site, ".coe-site")
	before, err := os.Stat(manifest)
	if err != nil {
		t.Fatal(err)
	}
	setTime(t, manifest, before.ModTime().Add(-time.Hour))
	if n := check("unchanged"); n != 0 {
		t.Errorf("unchanged: %d pages written, want 0", n)
	}
	// Nor is the list of the site's files.
	if after, err := os.Stat(manifest); err != nil || !after.ModTime().Equal(before.ModTime().Add(-time.Hour)) {
		t.Errorf("unchanged: the manifest was written again (%v)", err)
	}

	// An edit of one COE: its page, and the lists it is on.
	p := filepath.Join(coes, ids[10]+".yaml")
	data, _ := os.ReadFile(p)
	writeFile(t, p, []byte(strings.Replace(string(data), "title: ", "title: Edited ", 1)))
	setTime(t, p, time.Now().Add(-30*time.Minute))
	// (The lists: the index, its tags' and services', the actions and
	// the insights; the pages that show it among their Similar COEs.)
	atMost("edit", check("edit"), 25)

	// A touch: nothing to write.
	setTime(t, filepath.Join(coes, ids[11]+".yaml"), time.Now().Add(-20*time.Minute))
	if n := check("touch"); n != 0 {
		t.Errorf("touch: %d pages written, want 0", n)
	}

	// Edits that move a COE's text weights or labels: the pages whose
	// Similar COEs may change are searched again (related.Index.Stale),
	// the others keep theirs, and the site is still a fresh build's. The
	// list pages show the COEs' summaries: an edit of a COE's text alone
	// does not render them.
	for n, e := range []struct {
		stage, from, to string
		lists           bool // whether the index page is rendered
	}{
		{"body", "what_happened: |\n", "what_happened: |\n  Platypus gateway eviction cache cache rollback.\n", false},
		{"tags", "tags: [", "tags: [billing, ", true},
		{"title twice", "title: ", "title: Edited again ", true},
		{"action", "    action: ", "    action: Page the wombat team. ", true},
	} {
		p := filepath.Join(coes, ids[40+n]+".yaml")
		data, _ := os.ReadFile(p)
		if !strings.Contains(string(data), e.from) {
			t.Fatalf("%s: no %q in %s", e.stage, e.from, p)
		}
		writeFile(t, p, []byte(strings.Replace(string(data), e.from, e.to, 1)))
		setTime(t, p, time.Now().Add(-25*time.Minute))
		rendered := probe("index.html")
		checkThen(e.stage, func() {
			if r := rendered(); r != e.lists {
				t.Errorf("%s: index.html rendered: %v, want %v", e.stage, r, e.lists)
			}
		})
	}

	// A new COE, in the repository and in the source; a deleted one that
	// another names in related:.
	writeFile(t, filepath.Join(coes, "2026-01-01-new.yaml"), corpus.File(500))
	writeFile(t, filepath.Join(team, "coes", "2026-02-02-new-in-team.yaml"), corpus.File(501))
	check("new")
	if err := os.Remove(filepath.Join(coes, ids[21]+".yaml")); err != nil {
		t.Fatal(err)
	}
	check("delete")

	// A page changed by hand is written again, its key the same.
	page := filepath.Join(site, "coes", ids[30]+".html")
	writeFile(t, page, bytes.Repeat([]byte("x"), 100))
	if n := check("page changed"); n != 1 {
		t.Errorf("page changed: %d pages written, want 1", n)
	}

	// A template override's change, a config's change: every page.
	writeFile(t, filepath.Join(tpl, "layout.html.tmpl"), bytes.Replace(layout, []byte("Rendered by coe."), []byte("Rendered by coe, v2."), 1))
	check("template")
	config, err := os.ReadFile(filepath.Join(dir, coe.ConfigName))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, coe.ConfigName), bytes.Replace(config, []byte("severities: [sev1, sev2, sev3, sev4]"), []byte("severities: [sev1, sev2, sev3, sev4, sev5]"), 1))
	check("config")

	// Another day: overdue actions are marked as of it.
	env["COE_NOW"] = "2027-03-01T12:00:00Z"
	check("date")
	if n := check("date unchanged"); n != 0 {
		t.Errorf("date unchanged: %d pages written, want 0", n)
	}

	// The rows' HTML the list pages reuse is raw HTML: a rows file that is
	// not the one the last build wrote is not read, whatever it holds,
	// here with the same size and time, and another inode (as a file
	// checked out of a commit would have), or the same inode (changed in
	// place). A title edit renders the index from it if it is; the site
	// stays a fresh build's.
	rows, _ := filepath.Glob(filepath.Join(dir, ".coe", "cache", "site-*.rows"))
	if len(rows) != 1 {
		t.Fatalf("rows files: %v, want one", rows)
	}
	// forge makes every link of the rows file's HTML end in </A>, with its
	// size and time kept, and returns its bytes.
	forge := func(inPlace bool) []byte {
		t.Helper()
		forged, err := os.ReadFile(rows[0])
		if err != nil || !bytes.Contains(forged, []byte("</a>")) {
			t.Fatalf("rows file: %v", err)
		}
		st, err := os.Stat(rows[0])
		if err != nil {
			t.Fatal(err)
		}
		forged = bytes.ReplaceAll(forged, []byte("</a>"), []byte("</A>"))
		to := rows[0] + ".new"
		if inPlace {
			to = rows[0]
		}
		f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt(forged, 0); err != nil {
			t.Fatal(err)
		}
		f.Close()
		setTime(t, to, st.ModTime())
		if err := os.Rename(to, rows[0]); err != nil {
			t.Fatal(err)
		}
		return forged
	}
	for n, inPlace := range []bool{false, true} {
		forge(inPlace)
		p = filepath.Join(coes, ids[12+n]+".yaml")
		data, _ = os.ReadFile(p)
		writeFile(t, p, []byte(strings.Replace(string(data), "title: ", "title: Forged ", 1)))
		setTime(t, p, time.Now().Add(-15*time.Minute))
		check(fmt.Sprintf("forged rows (in place: %v)", inPlace))
	}
	// And the control: the rows file is used when its stamp is the one
	// the keys recorded (here, forged in place and vouched for by hand).
	forged := forge(true)
	keysFile := strings.TrimSuffix(rows[0], ".rows")
	keys, err := os.ReadFile(keysFile)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(rows[0])
	if err != nil {
		t.Fatal(err)
	}
	stamp := fmt.Sprintf("rows\t%d.%d.%d.%x\n", st.Size(), st.ModTime().UnixNano(), safefs.Inode(st),
		crc32.Checksum(forged, crc32.MakeTable(crc32.Castagnoli)))
	keys = regexp.MustCompile("(?m)^rows\t.*\n").ReplaceAll(keys, []byte(stamp))
	writeFile(t, keysFile, keys)
	p = filepath.Join(coes, ids[14]+".yaml")
	data, _ = os.ReadFile(p)
	writeFile(t, p, []byte(strings.Replace(string(data), "title: ", "title: Vouched ", 1)))
	setTime(t, p, time.Now().Add(-14*time.Minute))
	build("vouched rows", site)
	if index, _ := os.ReadFile(filepath.Join(site, "index.html")); !bytes.Contains(index, []byte("</A>")) {
		t.Error("a rows file its keys vouch for was not used")
	}
	// Without it (and with another title, so that the lists are rendered
	// again), the rows are rendered and the site is a fresh build's.
	if err := os.Remove(rows[0]); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(p)
	writeFile(t, p, []byte(strings.Replace(string(data), "title: ", "title: Again ", 1)))
	setTime(t, p, time.Now().Add(-13*time.Minute))
	check("rows removed")

	// The same repository in another folder (a copy, with its .coe/cache
	// and the same site folder): its keys are another folder's, so none
	// is trusted and every page is rendered (a page changed behind the
	// build's back is put right).
	index := probe("index.html")
	moved := filepath.Join(root, "moved")
	if err := exec.Command("cp", "-Rp", dir, moved).Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(moved, dir); err != nil {
		t.Fatal(err)
	}
	build("copied", site)
	if !index() {
		t.Error("a copied repository's keys were trusted: index.html, changed behind the build's back, was not rendered")
	}
}

// sameTree fails unless the two folders hold the same files with the same
// bytes.
func sameTree(t *testing.T, stage, want, got string) {
	t.Helper()
	w, g := readTree(want), readTree(got)
	for name, data := range g {
		if wd, ok := w[name]; !ok {
			t.Errorf("%s: %s is in the rebuilt site only", stage, name)
		} else if !bytes.Equal(wd, data) {
			t.Errorf("%s: %s differs from a fresh build's", stage, name)
		}
	}
	for name := range w {
		if _, ok := g[name]; !ok {
			t.Errorf("%s: %s is missing from the rebuilt site", stage, name)
		}
	}
}
