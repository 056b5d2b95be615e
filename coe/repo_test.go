package coe

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func newTestRepo(t *testing.T) *Repo {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ConfigName), MarshalConfig(DefaultConfig()), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFindRepoWalksUp(t *testing.T) {
	r := newTestRepo(t)
	deep := filepath.Join(r.Root, "a", "b", "c")
	os.MkdirAll(deep, 0o755)
	got, err := FindRepo(deep)
	if err != nil {
		t.Fatal(err)
	}
	if got.Root != r.Root || got.Dir() != filepath.Join(r.Root, "coes") {
		t.Errorf("found %q (dir %q), want %q", got.Root, got.Dir(), r.Root)
	}
	if _, err := FindRepo(t.TempDir()); err != ErrNoRepo {
		t.Errorf("outside a repository: %v, want ErrNoRepo", err)
	}
}

func TestConfig(t *testing.T) {
	cfg, err := ParseConfig(".coe.yaml", MarshalConfig(DefaultConfig()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dir != "coes" || len(cfg.Severities) != 4 || cfg.Commit {
		t.Errorf("default config reads back as %+v", cfg)
	}
	cfg, err = ParseConfig(".coe.yaml", []byte("dir: postmortems\nseverities: [P0, P1]\nowners: [dana]\nrules: {action-overdue: off}\ncommit: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dir != "postmortems" || cfg.Severities[1] != "P1" || cfg.Owners[0] != "dana" || cfg.Rules["action-overdue"] != "off" || !cfg.Commit {
		t.Errorf("config: %+v", cfg)
	}
	if cfg, err := ParseConfig(".coe.yaml", nil); err != nil || cfg.Dir != "coes" {
		t.Errorf("empty config: %+v %v", cfg, err)
	}
	bad := []struct{ src, want string }{
		{"dirr: x\n", `.coe.yaml:1:1: unexpected key "dirr" in .coe.yaml; did you mean "dir"?`},
		{"dir: /abs\n", `.coe.yaml:1:6: dir "/abs" is absolute`},
		{"severities: []\n", ".coe.yaml:1:13: severities is empty"},
		{"severities: [a, a]\n", `.coe.yaml:1:17: severity "a" is listed twice`},
		{"rules: {x: loud}\n", `.coe.yaml:1:12: invalid level "loud" for rule "x"; expected one of "error", "warning", "off"`},
		{"commit: yes please\n", `.coe.yaml:1:9: commit is the text "yes please"; expected true or false`},
		{"- a\n", ".coe.yaml:1:1: top level is a list"},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v, want %q", b.src, err, b.want)
		}
	}
}

func TestCreateUniqueIDs(t *testing.T) {
	r := newTestRepo(t)
	now := time.Date(2024, 3, 5, 23, 30, 0, 0, time.UTC)
	var wg sync.WaitGroup
	paths := make([]string, 8)
	errs := make([]error, 8)
	for i := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &COE{Title: "Checkout: 502s!", Status: "draft", Severity: "sev2"}
			paths[i], errs[i] = r.Create(c, now)
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, p := range paths {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[p] {
			t.Errorf("two creators got %s", p)
		}
		seen[p] = true
		doc, err := ReadFile(p, ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.COE.ID+".yaml" != filepath.Base(p) {
			t.Errorf("%s holds id %q", p, doc.COE.ID)
		}
	}
	for _, want := range []string{"2024-03-05-checkout-502s.yaml", "2024-03-05-checkout-502s-2.yaml", "2024-03-05-checkout-502s-8.yaml"} {
		if !seen[filepath.Join(r.Dir(), want)] {
			t.Errorf("no %s among %v", want, paths)
		}
	}
}

func TestBaseIDUsesIncidentStart(t *testing.T) {
	start, _ := ParseTime("2024-01-28T23:05:00-06:00") // already the 29th in UTC
	c := &COE{Title: "Speaker groups", Incident: Incident{StartedAt: start}}
	if got := BaseID(c, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); got != "2024-01-28-speaker-groups" {
		t.Errorf("BaseID = %q", got)
	}
}

func TestTitleSlug(t *testing.T) {
	tests := map[string]string{
		"Speaker groups stopped playing together": "speaker-groups-stopped-playing-together",
		"Café checkout: 502s!":                    "cafe-checkout-502s",
		"  --Customer's packages--  ":             "customers-packages",
		"支付失败":                                    "coe",
		"":                                        "coe",
		"A very long title that keeps going well past the limit of a readable file name": "a-very-long-title-that-keeps-going-well-past-the",
	}
	for in, want := range tests {
		got := TitleSlug(in)
		if got != want {
			t.Errorf("TitleSlug(%q) = %q, want %q", in, got, want)
		}
		if !ValidID("2024-01-01-" + got) {
			t.Errorf("TitleSlug(%q) = %q makes an invalid id", in, got)
		}
	}
}

func TestResolve(t *testing.T) {
	r := newTestRepo(t)
	r.WorkDir = r.Root
	os.MkdirAll(r.Dir(), 0o755)
	for _, id := range []string{"2024-01-28-speaker-groups", "2024-02-01-payments", "2024-02-03-payments-again"} {
		os.WriteFile(r.PathOf(id), []byte(minimal), 0o644)
	}
	ok := map[string]string{
		"2024-01-28-speaker-groups":      "2024-01-28-speaker-groups",
		"2024-01-28-speaker-groups.yaml": "2024-01-28-speaker-groups",
		"2024-01":                        "2024-01-28-speaker-groups",
		"coes/2024-02-01-payments.yaml":  "2024-02-01-payments",
	}
	for ref, want := range ok {
		p, err := r.Resolve(ref)
		if err != nil || filepath.Base(p) != want+".yaml" {
			t.Errorf("Resolve(%q) = %q, %v; want %s", ref, p, err, want)
		}
	}
	bad := map[string]string{
		"2024-02":                   `"2024-02" matches 2 COEs`,
		"2024-01-28-speaker-gruops": `did you mean "2024-01-28-speaker-groups"?`,
		"nothing/here.yaml":         "nothing/here.yaml: no such file",
		"":                          "no COE given",
	}
	for ref, want := range bad {
		if _, err := r.Resolve(ref); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Resolve(%q) = %v, want %q", ref, err, want)
		}
	}
}

func TestLoadAllReportsBadFilesAndKeepsOthers(t *testing.T) {
	r := newTestRepo(t)
	os.MkdirAll(r.Dir(), 0o755)
	os.WriteFile(r.PathOf("2024-01-28-speaker-groups"), []byte(minimal), 0o644)
	os.WriteFile(r.PathOf("2024-01-29-broken"), []byte(minimal+"titel: x\n"), 0o644)
	os.WriteFile(filepath.Join(r.Dir(), "notes.txt"), []byte("not a COE"), 0o644)
	os.WriteFile(filepath.Join(r.Dir(), ".hidden.yaml"), []byte("x"), 0o644)
	res, err := r.LoadAll(r.ReadOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 {
		t.Fatalf("loaded %d files, want the 2 .yaml files", len(res))
	}
	if res[0].Err != nil || res[0].Doc.COE.Title == "" {
		t.Errorf("good file: %+v", res[0])
	}
	if res[1].Err == nil || !strings.Contains(res[1].Err.Error(), "2024-01-29-broken.yaml:6:1: unexpected key") {
		t.Errorf("broken file: %v", res[1].Err)
	}
}

func TestDrafts(t *testing.T) {
	r := newTestRepo(t)
	p, err := r.SaveDraft("new-1.yaml", []byte("title: x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ignore, _ := os.ReadFile(filepath.Join(r.Root, ".coe", ".gitignore")); !strings.Contains(string(ignore), "*") {
		t.Errorf(".coe/.gitignore: %q", ignore)
	}
	ds, _ := r.Drafts()
	if len(ds) != 1 || ds[0] != p {
		t.Errorf("Drafts() = %v", ds)
	}
}

func TestRelCuts(t *testing.T) {
	r := &Repo{WorkDir: "/w/repo"}
	for _, c := range []struct{ path, want string }{
		{"/w/repo/coes/a.yaml", "coes/a.yaml"},
		{"/w/repo/coes//a.yaml", "coes/a.yaml"},
		{"/w/repo/coes/./a.yaml", "coes/a.yaml"},
		{"/w/repo/coes/../a.yaml", "a.yaml"},
		{"/w/repo/coes/", "coes"},
		{"/w/repository/a.yaml", "/w/repository/a.yaml"}, // ../repository/a.yaml is no shorter
		{"/w/repo", "."},
		{"/elsewhere/a.yaml", "/elsewhere/a.yaml"},
	} {
		if got := r.Rel(c.path); got != c.want {
			t.Errorf("Rel(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

// TestParallel: fn is called once for each i, and Parallel returns only
// when every call has.
func TestParallel(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 100, 10_000} {
		calls := make([]atomic.Int32, n)
		var done atomic.Int64
		Parallel(n, func(i int) {
			calls[i].Add(1)
			if i%7 == 0 {
				runtime.Gosched()
			}
			done.Add(1)
		})
		if got := done.Load(); got != int64(n) {
			t.Fatalf("n=%d: Parallel returned after %d calls", n, got)
		}
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n=%d: fn(%d) was called %d times", n, i, c)
			}
		}
	}
}
