package cache

import (
	"bytes"
	"os"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// FuzzDecodeSummary: no bytes make the decoder panic, and what it accepts
// encodes and decodes again to the same summary.
func FuzzDecodeSummary(f *testing.F) {
	for i := range 4 {
		doc, err := coe.Parse("x.yaml", corpus.File(i), coe.ReadOptions{KeepNode: true})
		if err != nil {
			f.Fatal(err)
		}
		s := coe.Summarize(doc)
		f.Add(AppendSummary(nil, &s))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := DecodeSummary(b)
		if err != nil {
			return
		}
		again := AppendSummary(nil, &s)
		shared, err := DecodeSummaryShared(bytes.Clone(b))
		if err != nil || !bytes.Equal(AppendSummary(nil, &shared), again) {
			t.Fatalf("the shared decoding differs from the copying one: %v", err)
		}
		s2, err := DecodeSummary(again)
		if err != nil {
			t.Fatalf("a decoded summary does not decode again: %v", err)
		}
		if !bytes.Equal(AppendSummary(nil, &s2), again) {
			t.Fatal("a summary changed on its way through the encoding")
		}
	})
}

// FuzzTable: whatever bytes the table holds after a valid header, every
// file is handed once with its true summary, and nothing panics.
func FuzzTable(f *testing.F) {
	r := testRepo(f, 3)
	st := store(r)
	check(f, st, r)
	good, err := os.ReadFile(tablePath(r))
	if err != nil {
		f.Fatal(err)
	}
	head := len(magic) + uvarintLen(uint64(len(st.salt(SummaryKind)))) + len(st.salt(SummaryKind))
	f.Add(good[head:])
	f.Add(good[head : head+len(good[head:])/2])
	f.Add([]byte{0})
	files, _ := r.Files()
	want := truth(f, r, files)
	f.Fuzz(func(t *testing.T, body []byte) {
		if err := os.WriteFile(tablePath(r), append(bytes.Clone(good[:head]), body...), 0o644); err != nil {
			t.Fatal(err)
		}
		got, _ := fromCache(t, New(r, Options{Version: "test"}), r, files)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: %s\nwant %s", files[i], got[i], want[i])
			}
		}
	})
}
