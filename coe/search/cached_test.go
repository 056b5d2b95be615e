package search

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/corpus"
)

// readCached is the Docs of ScanCached, in the order of files.
func readCached(st *cache.Store, files []string, opts coe.ReadOptions, display func(string) string) ([]Doc, []error) {
	docs := make([]Doc, len(files))
	ok := make([]bool, len(files))
	errs := ScanCached(st, files, opts, display, func(i int, d Doc) { docs[i], ok[i] = d, true })
	out := docs[:0]
	for i := range docs {
		if ok[i] {
			out = append(out, docs[i])
		}
	}
	return out, errs
}

// The Docs read through the warm index, cold, warm, and after an edit,
// a removal and a file that does not read, are those Read gives.
func TestScanCached(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.WriteRepo(dir, 30); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "coes"), os.DirFS("../../examples/coes")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "coes", "2026-01-01-bad.yaml"), []byte("id: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := cache.New(r, cache.Options{Version: "test"})
	same := func(what string) {
		t.Helper()
		paths, _ := r.Files()
		want, wantErrs := Read(paths, r.ReadOptions(), r.Rel)
		got, gotErrs := readCached(st, paths, r.ReadOptions(), r.Rel)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %d Docs from the cache differ from the %d read", what, len(got), len(want))
		}
		for i := range wantErrs {
			if (wantErrs[i] == nil) != (gotErrs[i] == nil) {
				t.Errorf("%s: %s: error %v, want %v", what, paths[i], gotErrs[i], wantErrs[i])
			}
		}
	}
	same("cold")
	same("warm")
	paths, _ := r.Files()
	c := corpus.COE(3)
	c.Title = "An edited title about zeppelins"
	data, _ := coe.Marshal(c)
	if err := os.WriteFile(paths[3], data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(paths[5]); err != nil {
		t.Fatal(err)
	}
	same("after an edit and a removal")
	docs, _ := readCached(st, paths[:1], r.ReadOptions(), r.Rel)
	if len(docs) != 1 || docs[0].Key != KeyOf(paths[0]) {
		t.Errorf("one file: %v", fmt.Sprint(len(docs)))
	}
}
