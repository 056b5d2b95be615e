package related

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// dumpIndex is every part of ix that Build makes, its floats by their
// bits and its lists with whether they are nil: two indexes are the same,
// bit for bit, when their dumps are.
func dumpIndex(ix *Index) []byte {
	var b []byte
	num := func(u uint64) { b = binary.AppendUvarint(b, u) }
	str := func(s string) { num(uint64(len(s))); b = append(b, s...) }
	list := func(n int, isNil bool) {
		if isNil {
			b = append(b, 'N')
		}
		num(uint64(n))
	}
	strs := func(ss []string) {
		list(len(ss), ss == nil)
		for _, s := range ss {
			str(s)
		}
	}
	ints := func(is []int32) {
		list(len(is), is == nil)
		for _, i := range is {
			num(uint64(uint32(i)))
		}
	}
	list(len(ix.docs), ix.docs == nil)
	for _, d := range ix.docs {
		str(d.key)
		str(d.title)
		list(len(d.vec), d.vec == nil)
		for _, e := range d.vec {
			num(uint64(e.term))
			num(uint64(math.Float32bits(e.w)))
		}
		for k := range kinds {
			ints(d.labels[k])
		}
		strs(d.related)
	}
	num(uint64(len(ix.byKey)))
	for i, d := range ix.docs {
		j, ok := ix.byKey[d.key]
		if !ok || int(j) != i {
			b = append(b, fmt.Sprintf("byKey[%q] %d %v", d.key, j, ok)...)
		}
	}
	strs(ix.terms)
	list(len(ix.post), ix.post == nil)
	for _, p := range ix.post {
		list(len(p), p == nil)
		for _, x := range p {
			num(uint64(uint32(x.doc)))
			num(uint64(math.Float32bits(x.w)))
		}
	}
	for k := range kinds {
		strs(ix.names[k])
		list(len(ix.labels[k]), ix.labels[k] == nil)
		for _, l := range ix.labels[k] {
			ints(l)
		}
	}
	return b
}

// sameBits fails unless got and want are the same index, bit for bit.
func sameBits(t testing.TB, what string, got, want *Index) {
	t.Helper()
	if g, w := dumpIndex(got), dumpIndex(want); !bytes.Equal(g, w) {
		i := 0
		for i < min(len(g), len(w)) && g[i] == w[i] {
			i++
		}
		t.Fatalf("%s: the index differs from the reference's at byte %d of %d (%d):\n%q\n%q", what, i, len(w), len(g),
			w[max(0, i-40):min(len(w), i+40)], g[max(0, i-40):min(len(g), i+40)])
	}
}

// examples are the COEs of examples/coes.
func examples(t testing.TB) []*coe.COE {
	paths, _ := filepath.Glob("../../examples/coes/*.yaml")
	var cs []*coe.COE
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := coe.Parse(p, data, coe.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, &doc.COE)
	}
	if len(cs) == 0 {
		t.Fatal("no examples")
	}
	return cs
}

// Add, from COEs, builds the former Builder's index: generated COEs, the
// examples, and COEs of many words and of few.
func TestAddEqual(t *testing.T) {
	cs := examples(t)
	for i := range 200 {
		cs = append(cs, corpus.COE(i))
	}
	var long strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&long, "w%c%c%c ", 'a'+i%26, 'a'+i/26%26, 'a'+i/676)
	}
	big := corpus.COE(900)
	big.WhatHappened = long.String()
	cs = append(cs, big, &coe.COE{ID: "empty"}, &coe.COE{ID: "one", Title: "cache", Tags: []string{" ", "x", "x"}})
	ref, b := newRefBuilder(), NewBuilder()
	for _, c := range cs {
		ref.Add(c.ID, c)
		b.Add(c.ID, c)
	}
	sameBits(t, "Add", b.Build(), ref.Build())
}
