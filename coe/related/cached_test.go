package related

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/corpus"
)

// sameIndex fails unless a and b suggest the same, for every COE, with
// every score and reason, and hold the same vectors.
func sameIndex(t *testing.T, what string, a, b *Index) {
	t.Helper()
	if !reflect.DeepEqual(a.Keys(), b.Keys()) {
		t.Fatalf("%s: keys %q, want %q", what, a.Keys(), b.Keys())
	}
	for _, k := range a.Keys() {
		ta, wa := a.Terms(k)
		tb, wb := b.Terms(k)
		if !reflect.DeepEqual(ta, tb) || !reflect.DeepEqual(wa, wb) {
			t.Errorf("%s: terms of %s differ:\n%q %v\n%q %v", what, k, ta, wa, tb, wb)
		}
		sa, _ := a.Similar(k, Options{Limit: 1000})
		sb, _ := b.Similar(k, Options{Limit: 1000})
		if !reflect.DeepEqual(sa, sb) {
			t.Errorf("%s: Similar(%s) differs:\n%+v\n%+v", what, k, sa, sb)
		}
	}
}

// AddTerms of TermsOf builds the index Add builds, and so does the index
// read through the warm index, cold and warm; Terms survive their encoding.
func TestReadCached(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.WriteRepo(dir, 60); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "coes"), os.DirFS("../../examples/coes")); err != nil {
		t.Fatal(err)
	}
	// A COE of more than maxDocTerms distinct words, and one that does not read.
	var long strings.Builder
	for i := range 3000 {
		long.WriteString(strings.Repeat("w", 1+i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676)) + " ")
	}
	big := corpus.COE(900)
	big.WhatHappened = long.String()
	data, err := coe.Marshal(big)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{big.ID + ".yaml": data, "2026-01-01-bad.yaml": []byte("id: [\n")}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, "coes", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := r.Files()
	want, wantErrs := Read(paths, r.ReadOptions(), r.Rel)

	b := NewBuilder()
	for _, res := range coe.LoadFiles(paths, r.ReadOptions(), r.Rel) {
		if res.Err == nil {
			tm := TermsOf(&res.Doc.COE)
			back, err := DecodeTerms(AppendTerms(nil, &tm))
			if err != nil || !reflect.DeepEqual(back, tm) {
				t.Fatalf("%s: Terms do not survive their encoding (%v)", res.Path, err)
			}
			b.AddTerms(KeyOf(res.Doc.Path), &back)
		}
	}
	sameIndex(t, "AddTerms", b.Build(), want)

	st := cache.New(r, cache.Options{Version: "test"})
	for _, run := range []string{"cold", "warm"} {
		got, errs := ReadCached(st, paths, r.ReadOptions(), r.Rel)
		sameIndex(t, run, got, want)
		if !reflect.DeepEqual(errs, wantErrs) {
			t.Errorf("%s: errors %v, want %v", run, errs, wantErrs)
		}
	}
}

// DecodeTerms refuses what AppendTerms did not write: cut short, a byte
// more, a count below one, an empty word, too many words.
func TestDecodeTermsCorrupt(t *testing.T) {
	good := AppendTerms(nil, &Terms{Title: "t", Tags: []string{"x"}, Words: []string{"cache", "ttl"}, Counts: []int32{3, 1}})
	for n := range len(good) {
		if _, err := DecodeTerms(good[:n]); err == nil {
			t.Errorf("%d of %d bytes: no error", n, len(good))
		}
	}
	if _, err := DecodeTerms(append(good, 0)); err == nil {
		t.Error("a byte more: no error")
	}
	for _, tm := range []Terms{
		{Words: []string{"a"}, Counts: []int32{0}},
		{Words: []string{""}, Counts: []int32{1}},
		{Words: make([]string, maxDocTerms+1), Counts: make([]int32, maxDocTerms+1)},
	} {
		if _, err := DecodeTerms(AppendTerms(nil, &tm)); err == nil {
			t.Errorf("%+.40v: no error", tm)
		}
	}
}

// FuzzDecodeTerms: any bytes decode to Terms or an error, never a panic,
// and Terms that decode add to a Builder whose index answers.
func FuzzDecodeTerms(f *testing.F) {
	c := corpus.COE(1)
	c.Related = []string{"2020-01-01-a", " "}
	tm := TermsOf(c)
	f.Add(AppendTerms(nil, &tm))
	f.Add(AppendTerms(nil, &Terms{Title: "t", Words: []string{"cache"}, Counts: []int32{2}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := DecodeTerms(data)
		if err != nil {
			return
		}
		if again, err := DecodeTerms(AppendTerms(nil, &got)); err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("decoded Terms do not survive their encoding (%v)", err)
		}
		b := NewBuilder()
		b.AddTerms("a", &got)
		b.AddTerms("b", &got)
		ix := b.Build()
		if _, err := ix.Similar("a", Options{}); err != nil {
			t.Fatal(err)
		}
	})
}
