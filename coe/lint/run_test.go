package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// caseFiles lists the files of a testdata/err case as loadCase reads them.
func caseFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			files = append(files, filepath.Join(dir, name))
		}
	}
	return files
}

// TestRunMatchesRepository: Run, which lints each file as it is read and
// keeps only a Record, finds exactly what Repository finds with every
// document in memory, for every case of testdata/err.
func TestRunMatchesRepository(t *testing.T) {
	base := filepath.Join("testdata", "err")
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			dir := filepath.Join(base, e.Name())
			results, cfg := loadCase(t, dir, base)
			want := render(Repository(results, Options{Config: cfg, AsOf: testAsOf}))
			display := func(p string) string {
				rel, _ := filepath.Rel(base, p)
				return filepath.ToSlash(rel)
			}
			res := Run(Input{Files: caseFiles(t, dir), Display: display}, Options{Config: cfg, AsOf: testAsOf})
			if got := render(res.Diagnostics); got != want {
				t.Errorf("Run:\n%s\nRepository:\n%s", got, want)
			}
			errs, warns := Count(res.Diagnostics)
			if res.Errors != errs || res.Warnings != warns || res.Files != len(results) {
				t.Errorf("result counts %d/%d/%d; want %d/%d/%d", res.Errors, res.Warnings, res.Files, errs, warns, len(results))
			}
		})
	}
}

// TestRunOthers: files that only feed the index (as with --changed) count
// for id-unique and related-exists, but are neither linted nor reported.
func TestRunOthers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	head := "version: 1\ntitle: T\nstatus: draft\nseverity: sev3\n"
	changed := write("2024-05-01-changed.yaml", "id: 2024-05-01-changed\n"+head+"related: [2024-05-02-kept, 2024-05-03-broken, 2024-05-04-gone]\n")
	dup := write("2024-05-05-copy.yaml", "id: 2024-05-02-kept\n"+head)
	kept := write("2024-05-02-kept.yaml", "# a comment\nid: '2024-05-02-kept'   # the id\n"+head+"related: [2024-01-01-nowhere]\nowner: [bad]\n")
	broken := write("2024-05-03-broken.yaml", "id: [\n")
	display := func(p string) string { return "coes/" + filepath.Base(p) }
	res := Run(Input{Files: []string{changed, dup}, Others: []string{kept, broken}, Display: display}, Options{})
	want := strings.Join([]string{
		`coes/2024-05-01-changed.yaml:6:47: error: related COE "2024-05-04-gone" does not exist in this repository; did you mean "2024-05-02-kept" or "2024-05-03-broken"? [related-exists]`,
		`coes/2024-05-05-copy.yaml:1:5: error: id "2024-05-02-kept" does not match the file name "2024-05-05-copy.yaml"; expected the file to be named "2024-05-02-kept.yaml", or the id to be "2024-05-05-copy" [id-filename]`,
		`coes/2024-05-05-copy.yaml:1:5: error: id "2024-05-02-kept" is also used by coes/2024-05-02-kept.yaml; expected every COE in the repository to have its own id [id-unique]`,
	}, "\n") + "\n"
	if got := render(res.Diagnostics); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if res.Files != 2 {
		t.Errorf("Files = %d, want 2", res.Files)
	}
}

func TestQuickID(t *testing.T) {
	for _, tc := range []struct {
		src      string
		complete bool
		id       string
		ok       bool
	}{
		{"version: 1\nid: 2024-01-28-speaker-groups\ntitle: T\n", true, "2024-01-28-speaker-groups", true},
		{"version: 1\nid: 2024-01-28-speaker-groups\ntitle: T", false, "2024-01-28-speaker-groups", true},
		{"\ufeffid: 2024-01-28-a\r\ntitle: T\r\n", true, "2024-01-28-a", true},
		{"---\nid: 2024-01-28-a\n", true, "2024-01-28-a", true},
		{"id: \"2024-01-28-a\"  # quoted\n", true, "2024-01-28-a", true},
		{"id: '2024-01-28-a'\n", true, "2024-01-28-a", true},
		{"id:\t2024-01-28-a", true, "2024-01-28-a", true},
		{"id: 2024-01-28-a\nid: 2024-01-28-b\n", true, "2024-01-28-a", true}, // the first, as the reader
		{"id: 2024-01-28-a", false, "", false},                               // cut off
		{"title: T\n", true, "", false},                                      // no id line
		{"title: T\n", false, "", false},
		{"id: not an id\n", true, "", false},                                  // odd value
		{"id: 2024-13-28-a\n", true, "", false},                               // no such date
		{"title: x\n---\nid: 2024-01-28-b\n", true, "", false},                // two documents
		{"{id: 2024-01-28-a}\n", true, "", false},                             // flow mapping
		{"  id: 2024-01-28-a\n", true, "", false},                             // indented
		{"idx: 2024-01-28-a\n", true, "", false},                              // another key
		{"what_happened: |\n  id: 2024-01-28-a\ntitle: x\n", true, "", false}, // inside a text
		{"id: >\n  2024-01-28-a\n", true, "", false},                          // folded
	} {
		id, ok := quickID([]byte(tc.src), tc.complete)
		if id != tc.id || ok != tc.ok {
			t.Errorf("quickID(%q, %v) = %q, %v; want %q, %v", tc.src, tc.complete, id, ok, tc.id, tc.ok)
		}
	}
}

func TestIndexFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, src, id string }{
		{"2024-01-01-plain.yaml", "version: 1\nid: 2024-01-01-plain\n", "2024-01-01-plain"},
		{"2024-01-01-flow.yaml", "{version: 1, id: 2024-01-01-other}\n", "2024-01-01-other"}, // parsed
		{"2024-01-01-broken.yaml", "id: [\n", ""},
		{"2024-01-01-late.yaml", "version: 1\n" + strings.Repeat("# a comment\n", 1000) + "id: 2024-01-01-late\n", "2024-01-01-late"}, // known by its stem
	} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		rec := IndexFile(nil, p, "coes/"+tc.name)
		if rec.ID != tc.id || rec.Linted || rec.Path != "coes/"+tc.name {
			t.Errorf("%s: %+v", tc.name, rec)
		}
	}
	if rec := IndexFile(nil, filepath.Join(dir, "2024-01-01-missing.yaml"), "coes/2024-01-01-missing.yaml"); rec.Key() != "2024-01-01-missing" {
		t.Errorf("a missing file: %+v", rec)
	}
}

// TestCapPerRule: a rule reports at most MaxPerRule diagnostics in a file,
// then one that counts the rest.
func TestCapPerRule(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\nid: 2024-05-01-x\ntitle: T\nstatus: draft\nseverity: sev3\ncorrective_actions:\n")
	for i := range 80 {
		fmt.Fprintf(&b, "  - id: CA-%d\n", i+1)
	}
	ds := lintString(t, "coes/2024-05-01-x.yaml", b.String(), Options{})
	if len(ds) != MaxPerRule+1 {
		t.Fatalf("%d diagnostics, want %d", len(ds), MaxPerRule+1)
	}
	last := ds[len(ds)-1]
	if want := "30 more problems of this rule in this file from here on are not shown (80 in all); fix the ones above first"; last.Message != want || last.Rule != RuleActionOwner || last.Line != 6+MaxPerRule+1 {
		t.Errorf("last: %s", last)
	}
}

// measure runs f and returns how long it took and the most heap it used.
func measure(f func()) (time.Duration, uint64) {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapAlloc)
			mu.Unlock()
		}
	}()
	start := time.Now()
	f()
	took := time.Since(start)
	close(done)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	mu.Lock()
	defer mu.Unlock()
	peak = max(peak, m.HeapAlloc)
	if peak < base.HeapAlloc {
		return took, 0
	}
	return took, peak - base.HeapAlloc
}

// slow scales time limits for the race detector, which runs code about
// ten times slower.
func slow(d time.Duration) time.Duration {
	if raceEnabled {
		return 10 * d
	}
	return d
}

// TestHostile: files built to hurt a linter each finish quickly, with
// bounded memory and one clear finding.
func TestHostile(t *testing.T) {
	dir := t.TempDir()
	head := "version: 1\nid: 2024-05-01-hostile\ntitle: T\nstatus: draft\nseverity: sev3\n"
	big := func(n int, line string) string { return strings.Repeat(line, n/len(line)) }
	for _, tc := range []struct {
		name string
		src  string
		rule string // the finding
		want string // in its message
	}{
		{"large list", head + "lessons:\n" + big(coe.MaxFileSize-200, "  - All group playback failed for a share of households.\n"), "", ""},
		{"large line", strings.Replace(head, "title: T", "title: "+strings.Repeat("x", coe.MaxFileSize-200), 1), "", ""},
		{"large answer", head + "what_happened: |\n" + big(coe.MaxFileSize-200, "  All group playback failed for a share of households.\n"), coe.RuleAnswerLength, "at most 65536 characters"},
		{"too large", head + "what_happened: |\n" + big(coe.MaxFileSize+100, "  All group playback failed.\n"), coe.RuleFileTooLarge, "at most 1048576 bytes"},
		{"deep lists", head + "what_happened: " + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "\n", coe.RuleSyntax, "exceeded max depth"},
		{"deep mappings", head + "impact: " + strings.Repeat("{a: ", 9000) + "1" + strings.Repeat("}", 9000) + "\n", coe.RuleUnknownField, `unexpected key "a"`},
		{"deep block", head + "impact:\n" + func() string {
			var b strings.Builder
			for i := range 600 {
				b.WriteString(strings.Repeat(" ", 2*(i+1)) + "k:\n")
			}
			return b.String()
		}(), coe.RuleUnknownField, `unexpected key "k"`},
		{"billion laughs", head + "lessons: &a [x, x, x, x, x, x, x, x, x]\n" + func() string {
			var b strings.Builder
			prev := "a"
			for i := range 30 {
				name := fmt.Sprintf("l%d", i)
				fmt.Fprintf(&b, "x%d: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", i, name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
				prev = name
			}
			return b.String()
		}(), coe.RuleAlias, "anchor &a"},
		{"a megabyte of aliases", head + "lessons: &a [x]\nrelated: [" + big(coe.MaxFileSize-200, "*a, ") + "*a]\n", coe.RuleAlias, "more problems of this rule"},
		{"many keys", head + big(coe.MaxFileSize-200, "k: v\n"), coe.RuleDuplicateKey, ""},
		{"many related", head + "related: [" + big(coe.MaxFileSize-200, "2024-01-01-a, ") + "2024-01-01-a]\n", RuleRelatedExists, "more problems of this rule"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "2024-05-01-hostile.yaml")
			if err := os.WriteFile(p, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			var res Result
			took, mem := measure(func() { res = Run(Input{Files: []string{p}}, Options{AsOf: testAsOf}) })
			if took > slow(2*time.Second) {
				t.Errorf("took %v", took)
			}
			// yaml.v3 alone allocates about 100 MB for the worst file of
			// 1 MiB (200,000 keys); coe adds about half of that.
			if mem > 256<<20 {
				t.Errorf("used %d MB of heap", mem>>20)
			}
			count := map[string]int{}
			for _, d := range res.Diagnostics {
				count[d.Rule]++
			}
			if tc.rule == "" {
				if len(res.Diagnostics) > 0 {
					t.Errorf("a large but valid file got:\n%s", render(res.Diagnostics))
				}
				return
			}
			if count[tc.rule] == 0 {
				t.Fatalf("no %s finding:\n%s", tc.rule, render(res.Diagnostics[:min(len(res.Diagnostics), 5)]))
			}
			for rule, n := range count {
				if n > MaxPerRule+1 {
					t.Errorf("%d diagnostics of %s", n, rule)
				}
			}
			if !slices.ContainsFunc(res.Diagnostics, func(d Diagnostic) bool { return d.Rule == tc.rule && strings.Contains(d.Message, tc.want) }) {
				t.Errorf("no %s finding says %q:\n%s", tc.rule, tc.want, render(res.Diagnostics[:min(len(res.Diagnostics), 5)]))
			}
			t.Logf("%v, %d MB, %d diagnostics", took, mem>>20, len(res.Diagnostics))
		})
	}
}

// TestManyFiles: a repository of thousands of COEs lints in a few seconds,
// and Run's memory stays flat: it does not keep the files' trees.
func TestManyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 3,000 files; -short skips it")
	}
	dir := t.TempDir()
	var files []string
	var total int64
	for i := range 3000 {
		p := filepath.Join(dir, genID(i)+".yaml")
		data := genCOE(i)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
		total += int64(len(data))
	}
	var res Result
	took, mem := measure(func() {
		res = Run(Input{Files: files[:2000], Others: files[2000:]}, Options{Config: coe.DefaultConfig(), AsOf: coe.Date{Year: 2021, Month: 1, Day: 1}})
	})
	if res.Files != 2000 || res.Errors != 0 || res.Warnings != 0 {
		t.Errorf("files %d, errors %d:\n%s", res.Files, res.Errors, render(res.Diagnostics[:min(5, len(res.Diagnostics))]))
	}
	// Each file's tree is about 12 times its size; kept, 3,000 of them
	// would take well over 100 MB.
	if limit := uint64(total) * 2; mem > limit {
		t.Errorf("Run used %d MB of heap for %d MB of files; it should not keep the trees", mem>>20, total>>20)
	}
	if took > slow(5*time.Second) {
		t.Errorf("took %v", took)
	}
	t.Logf("%d files, %d MB: %v, %d MB of heap at most", len(files), total>>20, took, mem>>20)
}
