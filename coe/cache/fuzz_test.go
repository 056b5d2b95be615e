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
		// The key hashed from the bytes: the summary's ShownKey when the
		// bytes are as AppendSummary writes them, and always the same
		// summary's.
		s3, key, err := DecodeSummaryKey(b)
		if err != nil || !bytes.Equal(AppendSummary(nil, &s3), again) {
			t.Fatalf("DecodeSummaryKey decodes another summary: %v", err)
		}
		if bytes.Equal(b, again) && key != ShownKey(&s) {
			t.Fatal("the key of the bytes is not the summary's ShownKey")
		}
		if _, key2, _ := DecodeSummaryKey(b); key2 != key {
			t.Fatal("the same bytes gave two keys")
		}
	})
}

// TestShownKey: DecodeSummaryKey gives each COE's ShownKey from its
// encoding; the key holds what a summary tells, and not where in the file.
func TestShownKey(t *testing.T) {
	seen := map[[32]byte]int{}
	for i := range 50 {
		doc, err := coe.Parse("x.yaml", corpus.File(i), coe.ReadOptions{KeepNode: true})
		if err != nil {
			t.Fatal(err)
		}
		s := coe.Summarize(doc)
		enc := AppendSummary(nil, &s)
		got, key, err := DecodeSummaryKey(enc)
		if err != nil || !bytes.Equal(AppendSummary(nil, &got), enc) {
			t.Fatalf("COE %d: %v", i, err)
		}
		if want := ShownKey(&s); key != want {
			t.Fatalf("COE %d: the key of its bytes is %x, its ShownKey %x", i, key, want)
		}
		if j, ok := seen[key]; ok {
			t.Fatalf("COEs %d and %d have one key", j, i)
		}
		seen[key] = i
		// Moved in its file: the same key.
		moved := s
		moved.IDPos.Line += 7
		moved.RelatedPos = append([]coe.Position(nil), s.RelatedPos...)
		moved.ActionPos = make([]coe.Position, len(s.ActionPos))
		for k := range moved.ActionPos {
			moved.ActionPos[k] = coe.Position{Line: 1000 + k, Col: 3}
		}
		if _, k2, err := DecodeSummaryKey(AppendSummary(nil, &moved)); err != nil || k2 != key || ShownKey(&moved) != key {
			t.Fatalf("COE %d: moving its parts in the file changed its key", i)
		}
		// Retitled: another key.
		retitled := s
		retitled.COE.Title += "!"
		if _, k3, err := DecodeSummaryKey(AppendSummary(nil, &retitled)); err != nil || k3 == key {
			t.Fatalf("COE %d: a new title kept its key", i)
		}
	}
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
