package cache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// testRepo makes a repository of the examples' COEs and n generated ones,
// every file dated an hour ago (so that none is too new to be trusted by
// its time).
func testRepo(t testing.TB, n int) *coe.Repo {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.WriteRepo(dir, n); err != nil {
		t.Fatal(err)
	}
	ex, err := filepath.Glob("../../examples/coes/*.yaml")
	if err != nil || len(ex) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range ex {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeOld(t, filepath.Join(dir, "coes", filepath.Base(f)), data)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "coes", "*.yaml"))
	for _, f := range files {
		age(t, f)
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func age(t testing.TB, path string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

func writeOld(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, path)
}

// truth is what each file gives without the cache: its summary's encoding,
// or its error.
func truth(t testing.TB, r *coe.Repo, files []string) []string {
	t.Helper()
	opts := r.ReadOptions()
	opts.KeepNode = true
	out := make([]string, len(files))
	for i, f := range files {
		res := coe.LoadFile(f, r.Rel(f), opts)
		if res.Err != nil {
			out[i] = "error: " + res.Err.Error()
			continue
		}
		s := coe.Summarize(res.Doc)
		out[i] = fmt.Sprintf("%s %x", res.Path, AppendSummary(nil, &s))
	}
	return out
}

// fromCache is what each file gives through the store, and what the scan
// did. Each file must be handed exactly once.
func fromCache(t testing.TB, st *Store, r *coe.Repo, files []string) ([]string, Stats) {
	t.Helper()
	out := make([]string, len(files))
	calls := make([]int, len(files))
	var mu sync.Mutex
	stats := st.Summaries(files, r.Rel, func(i int, path string, sum *coe.Summary, err error) {
		mu.Lock()
		defer mu.Unlock()
		calls[i]++
		if err != nil {
			out[i] = "error: " + err.Error()
			return
		}
		out[i] = fmt.Sprintf("%s %x", path, AppendSummary(nil, sum))
	})
	for i, n := range calls {
		if n != 1 {
			t.Fatalf("%s handed %d times", files[i], n)
		}
	}
	return out, stats
}

func check(t testing.TB, st *Store, r *coe.Repo) Stats {
	t.Helper()
	files, err := r.Files()
	if err != nil {
		t.Fatal(err)
	}
	want := truth(t, r, files)
	got, stats := fromCache(t, st, r, files)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: from the cache\n%s\nwant\n%s", files[i], got[i], want[i])
		}
	}
	return stats
}

func store(r *coe.Repo) *Store { return New(r, Options{Version: "test"}) }

func TestColdThenWarm(t *testing.T) {
	r := testRepo(t, 40)
	files, _ := r.Files()
	n := len(files)
	st := store(r)
	if s := check(t, st, r); s.Parsed != n || s.Cached != 0 || !s.Wrote {
		t.Fatalf("cold: %+v, want every file parsed and the table written", s)
	}
	if s := check(t, st, r); s.Cached != n || s.Parsed != 0 || s.Wrote {
		t.Fatalf("warm: %+v, want every file from the table and nothing written", s)
	}
	if _, err := os.Stat(filepath.Join(r.Root, ".coe", ".gitignore")); err != nil {
		t.Fatalf("the cache's folder is not ignored by git: %v", err)
	}
}

func TestChangedFiles(t *testing.T) {
	r := testRepo(t, 30)
	st := store(r)
	check(t, st, r)
	files, _ := r.Files()
	n := len(files)

	// Content changed (same size: a letter swapped), then time only.
	data, _ := os.ReadFile(files[3])
	writeOld(t, files[3], bytes.Replace(data, []byte("title: "), []byte("title: X"), 1))
	later := time.Now().Add(-30 * time.Minute)
	os.Chtimes(files[5], later, later)
	if s := check(t, st, r); s.Parsed != 1 || s.Verified != 1 || s.Cached != n-2 || !s.Wrote {
		t.Fatalf("after an edit and a touch: %+v, want 1 parsed, 1 verified by hash, the rest cached", s)
	}
	// Deleted, renamed, and a new file that does not read.
	os.Remove(files[7])
	os.Rename(files[8], filepath.Join(r.Dir(), "2099-01-01-renamed.yaml"))
	writeOld(t, filepath.Join(r.Dir(), "2099-02-02-broken.yaml"), []byte("id: [\n"))
	if s := check(t, st, r); s.Parsed != 2 || s.Cached != n-2 || !s.Wrote {
		t.Fatalf("after a delete, a rename and a broken file: %+v", s)
	}
	// The broken file is read again every time; nothing else.
	if s := check(t, st, r); s.Parsed != 1 || s.Cached != n-1 || s.Wrote {
		t.Fatalf("then: %+v, want only the broken file read and nothing written", s)
	}
	// A severity taken out of the config changes how files read: the
	// table is not used.
	r.Config.Severities = []string{"sev1", "sev2"}
	if s := check(t, st, r); s.Cached != 0 {
		t.Fatalf("after the severities changed: %+v, want nothing from the old table", s)
	}
}

// A file changed within the clock's tick after the table was written
// would keep its size and time: an entry of a file that new is checked by
// its content next time.
func TestRacyFileIsVerified(t *testing.T) {
	r := testRepo(t, 5)
	files, _ := r.Files()
	now := time.Now()
	os.Chtimes(files[0], now, now)
	st := store(r)
	check(t, st, r)
	data, _ := os.ReadFile(files[0])
	os.WriteFile(files[0], bytes.Replace(data, []byte("title: "), []byte("title: Y"), 1), 0o644)
	os.Chtimes(files[0], now, now) // same time, same size, same inode
	if s := check(t, st, r); s.Parsed != 1 {
		t.Fatalf("%+v: the racy file was not read again", s)
	}
}

func TestOffNeitherReadsNorWrites(t *testing.T) {
	r := testRepo(t, 5)
	st := New(r, Options{Off: true, Version: "test"})
	if s := check(t, st, r); s.Wrote || s.Cached != 0 {
		t.Fatalf("%+v", s)
	}
	if _, err := os.Stat(filepath.Join(r.Root, ".coe", Dir)); !os.IsNotExist(err) {
		t.Fatalf("--no-cache made the cache folder: %v", err)
	}
}

func TestOtherVersionIsRebuilt(t *testing.T) {
	r := testRepo(t, 5)
	check(t, store(r), r)
	if s := check(t, New(r, Options{Version: "other"}), r); s.Cached != 0 || !s.Wrote {
		t.Fatalf("another coe's table was used: %+v", s)
	}
}

// A cache that comes with the repository (committed, or copied from
// another folder) is never used: it could hold any summary for a file's
// hash.
func TestCopiedCacheIsNotTrusted(t *testing.T) {
	r := testRepo(t, 10)
	check(t, store(r), r)
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(r.Root)); err != nil {
		t.Fatal(err)
	}
	// Forge: the copy's table says every file's title is "forged".
	r2, err := coe.OpenRepo(dst)
	if err != nil {
		t.Fatal(err)
	}
	if s := check(t, store(r2), r2); s.Cached != 0 || s.Verified != 0 {
		t.Fatalf("a copied cache was used: %+v", s)
	}
}

func tablePath(r *coe.Repo) string {
	return filepath.Join(r.Root, ".coe", Dir, fmt.Sprintf("%s-v%d", SummaryKind.Name, SummaryKind.Version))
}

func TestCorruptTable(t *testing.T) {
	r := testRepo(t, 12)
	st := store(r)
	check(t, st, r)
	table := tablePath(r)
	good, err := os.ReadFile(table)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := r.Files()
	cases := map[string]func() error{
		"empty":     func() error { return os.WriteFile(table, nil, 0o644) },
		"garbage":   func() error { return os.WriteFile(table, bytes.Repeat([]byte{0xff}, 5000), 0o644) },
		"magic":     func() error { return os.WriteFile(table, []byte(magic), 0o644) },
		"no end":    func() error { return os.WriteFile(table, good[:len(good)-1], 0o644) },
		"half":      func() error { return os.WriteFile(table, good[:len(good)/2], 0o644) },
		"directory": func() error { os.Remove(table); return os.Mkdir(table, 0o755) },
		"link out":  func() error { os.Remove(table); return os.Symlink("/etc/passwd", table) },
		"doubled": func() error {
			return os.WriteFile(table, append(slices.Clone(good[:len(good)-1]), good[len(good)/2:]...), 0o644)
		},
	}
	for i := 0; i < len(good); i += 97 {
		cases[fmt.Sprintf("byte %d flipped", i)] = func() error {
			b := slices.Clone(good)
			b[i] ^= 0x21
			return os.WriteFile(table, b, 0o644)
		}
	}
	for name, corrupt := range cases {
		os.RemoveAll(table)
		if err := corrupt(); err != nil {
			t.Fatal(name, err)
		}
		s := check(t, st, r)
		if s.Cached+s.Verified+s.Parsed != len(files) {
			t.Fatalf("%s: %+v", name, s)
		}
		if name == "link out" {
			if target, err := os.Readlink(table); err != nil || target != "/etc/passwd" {
				t.Fatalf("the link was replaced or written through: %q %v", target, err)
			}
		}
		if name == "directory" || name == "link out" {
			continue // not replaced: a thing that is not a regular file is left alone
		}
		if s := check(t, st, r); s.Cached != len(files) {
			t.Fatalf("%s: the table was not rebuilt whole: %+v", name, s)
		}
	}
}

// Two commands filling and refreshing the cache at once each get every
// file right, and leave a table the next one can use whole.
func TestConcurrentScans(t *testing.T) {
	r := testRepo(t, 60)
	files, _ := r.Files()
	want := truth(t, r, files)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := New(r, Options{Version: "test"})
			for round := range 5 {
				got, _ := fromCache(t, st, r, files)
				if !slices.Equal(got, want) {
					errs <- fmt.Sprintf("scanner %d, round %d: a summary differs", g, round)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	if s := check(t, store(r), r); s.Cached != len(files) {
		t.Fatalf("after the race: %+v", s)
	}
}

// A source's table lives in the reading repository, never in the
// source's.
func TestSourceTableIsKeptHome(t *testing.T) {
	home := testRepo(t, 2)
	other := testRepo(t, 3)
	src := &coe.Source{Name: "web", Repo: other}
	set := &coe.Set{Sources: []*coe.Source{{Repo: home}, src}}
	files, err := set.Files()
	if err != nil {
		t.Fatal(err)
	}
	st := store(home)
	var n sync.Map
	st.SetSummaries(set, files, func(i int, path string, sum *coe.Summary, err error) { n.Store(i, path) })
	for i := range files {
		if _, ok := n.Load(i); !ok {
			t.Fatalf("file %d not handed", i)
		}
	}
	if _, err := os.Stat(filepath.Join(home.Root, ".coe", Dir, "sources", "web", "summaries-v1")); err != nil {
		t.Fatalf("the source's table is not at home: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other.Root, ".coe")); !os.IsNotExist(err) {
		t.Fatalf("something was written into the source: %v", err)
	}
}

// A kind that makes its payload from the bytes caches every file that
// reads, one that does not parse too, and parses none.
func TestFromData(t *testing.T) {
	r := testRepo(t, 4)
	writeOld(t, filepath.Join(r.Dir(), "2099-02-02-broken.yaml"), []byte("id: 2099-02-02-broken\ntitle: [\n"))
	files, _ := r.Files()
	k := Kind{Name: "sizes", Version: 1,
		Make:     func(*coe.Document) []byte { t.Fatal("parsed"); return nil },
		FromData: func(name string, data []byte) []byte { return fmt.Appendf(nil, "%s %d", name, len(data)) }}
	scan := func() (map[int]string, Stats) {
		var mu sync.Mutex
		got := map[int]string{}
		st := store(r).Scan(files, k, r.Rel, func(i int, res Result) {
			mu.Lock()
			defer mu.Unlock()
			if res.Err != nil {
				t.Fatalf("%s: %v", files[i], res.Err)
			}
			got[i] = string(res.Payload)
		})
		return got, st
	}
	cold, s := scan()
	if s.Parsed != len(files) || !s.Wrote {
		t.Fatalf("cold: %+v", s)
	}
	warm, s := scan()
	if s.Cached != len(files) || s.Wrote {
		t.Fatalf("warm: %+v, want every file, the broken one too, from the table", s)
	}
	for i, f := range files {
		info, _ := os.Stat(f)
		want := fmt.Sprintf("%s %d", r.Rel(f), info.Size())
		if cold[i] != want || warm[i] != want {
			t.Fatalf("%s: cold %q, warm %q, want %q", f, cold[i], warm[i], want)
		}
	}
}

// A table of another version of the same kind is removed when the new one
// is written; other kinds' tables stay.
func TestOldVersionsRemoved(t *testing.T) {
	r := testRepo(t, 2)
	dir := filepath.Join(r.Root, ".coe", Dir)
	os.MkdirAll(dir, 0o755)
	for _, name := range []string{"summaries-v0", "summaries-v7", "related-v1"} {
		os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o644)
	}
	check(t, store(r), r)
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"related-v1", "summaries-v1"}; !slices.Equal(names, want) {
		t.Fatalf("the cache holds %q, want %q", names, want)
	}
}

// TestFilesInAnyOrder: a table's entries are found by a binary search in
// a sorted list of files, and by a map in any other; both answer every
// file once, from the table, whatever the order (a source's files, a
// command's own list) and whatever order the table was written in.
func TestFilesInAnyOrder(t *testing.T) {
	r := testRepo(t, 30)
	files, _ := r.Files()
	st := store(r)
	check(t, st, r) // the table, written in the order files parsed
	reversed := slices.Clone(files)
	slices.Reverse(reversed)
	for name, list := range map[string][]string{
		"sorted":   files,
		"reversed": reversed,
		"copied":   slices.Clone(files), // the same names, not Files' own list
	} {
		want := truth(t, r, list)
		got, s := fromCache(t, st, r, list)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: the cache answered differently from the files", name)
		}
		if s.Cached != len(list) || s.Parsed != 0 || s.Wrote {
			t.Fatalf("%s: %+v, want every file from the table", name, s)
		}
	}
	// A file named twice is answered twice: once from its entry, once
	// parsed.
	twice := append(slices.Clone(files), files[1])
	got, s := fromCache(t, st, r, twice)
	if want := truth(t, r, twice); !slices.Equal(got, want) || s.Cached != len(files) || s.Parsed != 1 {
		t.Fatalf("a file named twice: %+v", s)
	}
}
