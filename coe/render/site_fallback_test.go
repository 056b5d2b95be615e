package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/corpus"
	"github.com/coe-cli/coe/coe/related"
	"github.com/coe-cli/coe/coe/search"
)

// TestIncrementalTermsFallBackToFiles: an incremental build takes each
// COE's terms for Similar COEs and its Doc for search.js from the warm
// index; a payload there that does not read (one a later version wrote,
// or damaged with its checksum made again) is not trusted, and the COE is
// read from its file: the terms' when the index's builder refuses them;
// the Doc's when its key and title do not read, or, when they do, when
// search.js is written. The site is then the one a build without the warm
// index writes, page for page, search.js too, and every COE is still
// someone's Similar COE as it would be.
func TestIncrementalTermsFallBackToFiles(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.WriteRepo(dir, 40); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "coes"), os.DirFS("../../examples/coes")); err != nil {
		t.Fatal(err)
	}
	// COEs without a title: search.js shows their page's name.
	for _, id := range []string{"2026-02-01-untitled", "2026-02-02-untitled-too"} {
		text := "version: 1\nid: " + id + "\nstatus: draft\nseverity: sev3\nwhat_happened: |\n  The replica config cache failed over.\n"
		if err := os.WriteFile(filepath.Join(dir, "coes", id+".yaml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Files()
	if err != nil {
		t.Fatal(err)
	}
	tpl := builtin(t)
	want := filepath.Join(dir, "want")
	if _, err := BuildSite(SiteOptions{Out: want, Files: files, Templates: tpl, Today: today}); err != nil {
		t.Fatal(err)
	}

	st := cache.New(r, cache.Options{Version: "test"})
	var refused atomic.Int64 // fn is called from several goroutines
	var keys []byte
	// damage says how the i-th COE's payload of kind k is damaged: not
	// (0), before its first byte (1: neither terms nor a Doc start so),
	// or cut of its last byte (2: a Doc's key and title still read).
	build := func(out string, damage func(k cache.Kind, i int) int) {
		t.Helper()
		so := SiteOptions{Out: out, Files: files, Templates: tpl, Today: today, Salt: "test",
			LoadKeys: func() []byte { return keys },
			SaveKeys: func(b []byte) error { keys = bytes.Clone(b); return nil },
			Scan: func(k cache.Kind, fn func(int, cache.Result)) {
				st.Scan(files, k, nil, func(i int, res cache.Result) {
					if res.Err == nil && len(res.Payload) > 0 {
						switch damage(k, i) {
						case 1:
							res.Payload = append([]byte{0xff}, res.Payload...)
							refused.Add(1)
						case 2:
							res.Payload = res.Payload[:len(res.Payload)-1]
							refused.Add(1)
						}
					}
					fn(i, res)
				})
			}}
		if _, err := BuildSite(so); err != nil {
			t.Fatal(err)
		}
	}
	// Every third COE's terms refused, and a Doc damaged in either way,
	// in a first build and in a rebuild whose keys are the first's.
	got := filepath.Join(dir, "got")
	build(got, func(k cache.Kind, i int) int {
		switch {
		case k.Name == related.Kind.Name && i%3 == 0:
			return 1
		case k.Name == search.Kind.Name && i%3 != 0:
			return i % 3
		}
		return 0
	})
	if refused.Load() == 0 {
		t.Fatal("no payload was refused: the test reaches nothing")
	}
	same(t, want, got)
	// All refused, the Docs cut, into a new folder and the keys of the
	// build before (whose index they no longer are).
	keys = nil
	got2 := filepath.Join(dir, "got2")
	build(got2, func(k cache.Kind, i int) int {
		switch k.Name {
		case related.Kind.Name:
			return 1
		case search.Kind.Name:
			return 2
		}
		return 0
	})
	same(t, want, got2)
}

// same fails unless the sites in a and b hold the same pages, byte for
// byte (the marker and keys aside), and some Similar COEs are listed.
func same(t *testing.T, a, b string) {
	t.Helper()
	similar := 0
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == SiteMarker {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		wa, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		wb, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		if !bytes.Equal(wa, wb) {
			t.Errorf("%s differs from a build without the warm index", rel)
		}
		if strings.Contains(string(wa), `id="similar-h"`) {
			similar++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if similar == 0 {
		t.Error("no page lists Similar COEs: the comparison shows nothing")
	}
}
