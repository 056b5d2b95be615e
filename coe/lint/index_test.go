package lint

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
)

// IndexCached gives the Records IndexFile gives, from the warm index,
// cold and warm, and reads the files that are not in it (they do not
// parse) as IndexFile does.
func TestIndexCached(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples")); err != nil {
		t.Fatal(err)
	}
	coes := filepath.Join(dir, "coes")
	for name, data := range map[string]string{
		// Does not parse: IndexFile knows it by its id line.
		"2026-01-01-broken.yaml": "version: 1\nid: 2026-01-01-broken-id\ntitle: [unclosed\n",
		// Does not parse, and no id line: its file name stem.
		"2026-01-02-no-id.yaml": "{{{\n",
		// Not a regular file.
		"2026-01-03-folder.yaml/x": "",
	} {
		p := filepath.Join(coes, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	all, err := r.Files()
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, filepath.Join(coes, "2026-01-03-folder.yaml"))
	others := coe.Except(all, all[:1])
	want := make([]Record, len(others))
	for i, p := range others {
		want[i] = IndexFile(r.FS(), p, r.Rel(p))
	}
	st := cache.New(r, cache.Options{Version: "test"})
	for _, run := range []string{"cold", "warm"} {
		got := IndexCached(st, r.FS(), all, others, r.Rel)
		if len(got) != len(want) {
			t.Fatalf("%s: %d records, want %d", run, len(got), len(want))
		}
		for i := range got {
			if got[i].Path != want[i].Path || got[i].Key() != want[i].Key() || got[i].ID != want[i].ID {
				t.Errorf("%s: record %d = %+v, want %+v", run, i, got[i], want[i])
			}
		}
	}
	// The same findings as a lint that reads the others itself.
	in := Input{Files: all[:1], Others: others, Display: r.Rel, FS: r.FS()}
	opts := Options{Config: r.Config}
	plain := Run(in, opts)
	in.OtherRecords = IndexCached(st, r.FS(), all, others, r.Rel)
	if got := Run(in, opts); !reflect.DeepEqual(got, plain) {
		t.Errorf("Run with OtherRecords = %+v\nwant %+v", got, plain)
	}
}

// decodeID takes what appendID wrote, and nothing else.
func TestDecodeID(t *testing.T) {
	b := appendID(nil, "2024-01-28-x", coe.Position{Line: 2, Col: 5})
	if id, pos, ok := decodeID(b); !ok || id != "2024-01-28-x" || pos != (coe.Position{Line: 2, Col: 5}) {
		t.Errorf("decodeID = %q %v %v", id, pos, ok)
	}
	for n := range len(b) {
		if _, _, ok := decodeID(b[:n]); ok {
			t.Errorf("decodeID of %d of %d bytes: ok", n, len(b))
		}
	}
	if _, _, ok := decodeID(append(b, 0)); ok {
		t.Error("decodeID with a byte more: ok")
	}
}

func TestPositionsIn(t *testing.T) {
	all := []string{"a", "b", "c", "d", "e"}
	for _, c := range []struct {
		others []string
		want   []int32
	}{
		{[]string{"a", "c", "e"}, []int32{0, -1, 1, -1, 2}},  // all with some left out: one walk
		{[]string{"e", "a"}, []int32{1, -1, -1, -1, 0}},      // another order: the map
		{[]string{"b", "x", "d"}, []int32{-1, 0, -1, 2, -1}}, // a name not in all
		{nil, []int32{-1, -1, -1, -1, -1}},
	} {
		if got := positionsIn(all, c.others); !slices.Equal(got, c.want) {
			t.Errorf("positionsIn(%q) = %v, want %v", c.others, got, c.want)
		}
	}
}
