package related

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
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

// prefixIDs stands for coe.Source.IDs: a source's related ids.
func prefixIDs(ids []string) []string {
	if ids == nil {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "src/" + id
	}
	return out
}

// addBoth adds the COE key of payload to ref as coe build did (DecodeTerms,
// then AddTerms; nothing for bytes it refuses) and to b by AddEncoded, and
// fails unless they agree on the error.
func addBoth(t testing.TB, ref *refBuilder, b *Builder, key string, payload []byte, ids func([]string) []string) error {
	t.Helper()
	tm, want := DecodeTerms(payload)
	if want == nil {
		if ids != nil {
			tm.Related = ids(tm.Related)
		}
		ref.AddTerms(key, &tm)
	}
	got := b.AddEncoded(key, payload, ids)
	if got != want {
		t.Fatalf("%s: AddEncoded: %v, DecodeTerms: %v (payload %q)", key, got, want, payload)
	}
	return got
}

// randomTerms are Terms as a cache file may hold them: words of a small
// vocabulary (so that COEs share them), sometimes the same word twice,
// counts from 1 to 2^30, up to maxDocTerms words, labels blank or
// repeated; and, now and then, what DecodeTerms refuses: a count out of
// range, an empty word, too many words.
func randomTerms(r *rand.Rand) Terms {
	vocab := 1 + r.IntN(3000)
	label := func() []string {
		if r.IntN(4) == 0 {
			return nil
		}
		ls := make([]string, r.IntN(4))
		for i := range ls {
			ls[i] = []string{"", " ", "a", "b", " b", "c"}[r.IntN(6)]
		}
		return ls
	}
	t := Terms{Title: []string{"", "  t  x ", "title"}[r.IntN(3)], Related: label(), Services: label(), Tags: label(), Factors: label()}
	n := r.IntN(maxDocTerms + 1)
	if r.IntN(2) == 0 {
		n = r.IntN(2 * TopTerms)
	}
	dups := r.IntN(4) == 0
	seen := map[string]bool{}
	for range n {
		w := fmt.Sprintf("w%d", r.IntN(vocab))
		if seen[w] && !dups {
			continue
		}
		seen[w] = true
		c := int32(1 + r.IntN(3))
		switch r.IntN(8) {
		case 0:
			c = int32(1 + r.IntN(200))
		case 1:
			c = int32(1 + r.IntN(1<<30))
		}
		t.Words, t.Counts = append(t.Words, w), append(t.Counts, c)
	}
	// One thing refused, now and then.
	switch i := r.IntN(len(t.Words) + 1); r.IntN(40) {
	case 0:
		for len(t.Words) <= maxDocTerms {
			t.Words, t.Counts = append(t.Words, "w"), append(t.Counts, 1)
		}
	case 1:
		if i < len(t.Words) {
			t.Counts[i] = []int32{0, -1, 1<<30 + 1, math.MaxInt32, math.MinInt32}[r.IntN(5)]
		}
	case 2:
		if i < len(t.Words) {
			t.Words[i] = ""
		}
	}
	return t
}

// corrupt is payload damaged as a cache file may be: cut short, a byte
// changed, a byte more or fewer.
func corrupt(r *rand.Rand, payload []byte) []byte {
	p := bytes.Clone(payload)
	if len(p) == 0 {
		return []byte{byte(r.IntN(256))}
	}
	switch i := r.IntN(len(p)); r.IntN(5) {
	case 0:
		return p[:i]
	case 4:
		return append(p[:i], append([]byte{byte(r.IntN(256))}, payload[i:]...)...)
	case 1:
		p[i] = byte(r.IntN(256))
	case 2:
		p[i] ^= 1 << r.IntN(8)
	default:
		return append(p[:i], p[i+1:]...)
	}
	return p
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

// AddEncoded builds, from the payloads of generated and example COEs, of
// random Terms (words repeated, counts up to 2^30, more than TopTerms
// words, keys added twice) and of damaged payloads, the index that
// DecodeTerms and AddTerms built with the former Builder, bit for bit,
// and refuses the same payloads.
func TestAddEncodedEqual(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 40 {
		ref, b := newRefBuilder(), NewBuilder()
		var cs []*coe.COE
		if round%4 == 0 {
			cs = examples(t)
		}
		for i := range r.IntN(50) {
			cs = append(cs, corpus.COE(round*100+i))
		}
		refused := 0
		for i, c := range cs {
			tm := TermsOf(c)
			var ids func([]string) []string
			if i%3 == 0 {
				ids = prefixIDs
			}
			addBoth(t, ref, b, c.ID, AppendTerms(nil, &tm), ids)
		}
		for i := range r.IntN(60) {
			tm := randomTerms(r)
			payload := AppendTerms(nil, &tm)
			if r.IntN(5) == 0 {
				payload = corrupt(r, payload)
			}
			key := fmt.Sprintf("k%d", r.IntN(40))
			if addBoth(t, ref, b, key, payload, []func([]string) []string{nil, prefixIDs}[i%2]) != nil {
				refused++
			}
		}
		sameBits(t, fmt.Sprintf("round %d (%d refused)", round, refused), b.Build(), ref.Build())
	}
}

// Added from several goroutines at once, the COEs of the wide corpus make
// the index the former Builder makes, by AddEncoded and by Add.
func TestAddEncodedParallel(t *testing.T) {
	cs := wideCorpus(nil)[:2000]
	payloads := make([][]byte, len(cs))
	ref := newRefBuilder()
	for i, c := range cs {
		tm := TermsOf(c)
		payloads[i] = AppendTerms(nil, &tm)
		ref.AddTerms(c.ID, &tm)
	}
	want := ref.Build()
	b := NewBuilder()
	coe.Parallel(len(cs), func(i int) {
		if err := b.AddEncoded(cs[i].ID, payloads[i], nil); err != nil {
			t.Error(err)
		}
	})
	sameBits(t, "AddEncoded", b.Build(), want)
	b = NewBuilder()
	coe.Parallel(len(cs), func(i int) { b.Add(cs[i].ID, cs[i]) })
	sameBits(t, "Add", b.Build(), want)
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

// tfSmall holds what TF computes, bit for bit.
func TestTFSmall(t *testing.T) {
	for n := range len(tfSmall) + 10 {
		if got, want := tfOf(int32(n)), TF(n); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("tfOf(%d) = %v, TF = %v", n, got, want)
		}
	}
	for _, n := range []int32{-1, math.MinInt32, math.MaxInt32, 1 << 30} {
		if got, want := tfOf(n), TF(int(n)); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("tfOf(%d) = %v, TF = %v", n, got, want)
		}
	}
}

// heaviest (by sortHeavier) and vectorOf order as the sorts they replace,
// for weights of either sign and terms given twice.
func TestSortsEqual(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		ws := make([]weighted, r.IntN(2*TopTerms))
		for i := range ws {
			ws[i] = weighted{uint32(r.IntN(1 + r.IntN(100))), float64(r.IntN(1+r.IntN(8))) / 4}
			if r.IntN(8) == 0 && ws[i].w != 0 {
				ws[i].w = -ws[i].w // never -0: no weight Build makes is
			}
		}
		want := refHeaviest(append([]weighted(nil), ws...), TopTerms)
		got := heaviest(append([]weighted(nil), ws...), TopTerms)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("heaviest(%v):\n%v, want\n%v", ws, got, want)
		}
		norm := 0.5 + r.Float64()
		wantVec := make([]entry, len(want))
		for k, w := range want {
			wantVec[k] = entry{w.term, float32(w.w / norm)}
		}
		refSortByTerm(wantVec)
		gotVec := make([]entry, len(got))
		vectorOf(gotVec, got, norm)
		if fmt.Sprint(gotVec) != fmt.Sprint(wantVec) {
			t.Fatalf("vectorOf(%v):\n%v, want\n%v", got, gotVec, wantVec)
		}
	}
}

// FuzzAddEncoded: two payloads (and a COE of the corpus, by AddTerms)
// make with AddEncoded the index DecodeTerms and AddTerms made with the
// former Builder, bit for bit; both refuse the same bytes, with the same
// error, and nothing panics. same adds the second under the first's key.
func FuzzAddEncoded(f *testing.F) {
	c := corpus.COE(1)
	c.Related = []string{"2020-01-01-a", " "}
	tm := TermsOf(c)
	good := AppendTerms(nil, &tm)
	f.Add(good, AppendTerms(nil, &Terms{Title: "t", Words: []string{"cache"}, Counts: []int32{2}}), false)
	f.Add(good, good, true)
	f.Add([]byte{}, good[:len(good)-1], false)
	r := rand.New(rand.NewPCG(5, 6))
	for range 4 {
		a, b := randomTerms(r), randomTerms(r)
		f.Add(AppendTerms(nil, &a), corrupt(r, AppendTerms(nil, &b)), r.IntN(2) == 0)
	}
	other := TermsOf(corpus.COE(2))
	f.Fuzz(func(t *testing.T, p1, p2 []byte, same bool) {
		ref, b := newRefBuilder(), NewBuilder()
		ref.AddTerms("other", &other)
		b.AddTerms("other", &other)
		addBoth(t, ref, b, "a", p1, nil)
		key := "b"
		if same {
			key = "a"
		}
		addBoth(t, ref, b, key, p2, prefixIDs)
		addBoth(t, ref, b, "c", p1, prefixIDs)
		sameBits(t, "fuzz", b.Build(), ref.Build())
		sameWords(t, p1)
		sameWords(t, p2)
	})
}

// sameWords fails unless nextWord reads data's words and counts as
// cache.Dec's Bytes and Int do, up to the first that fails.
func sameWords(t testing.TB, data []byte) {
	t.Helper()
	d, rest := cache.Dec{B: data}, data
	for {
		w, c, ok := nextWord(&rest)
		dw, dc := d.Bytes(), d.Int()
		if ok != (d.Err == nil) {
			t.Fatalf("%q: nextWord ok %v, Dec %v", data, ok, d.Err)
		}
		if !ok {
			return
		}
		if !bytes.Equal(w, dw) || c != dc || !bytes.Equal(rest, d.B) {
			t.Fatalf("%q: nextWord %q %d (%d left), Dec %q %d (%d left)", data, w, c, len(rest), dw, dc, len(d.B))
		}
	}
}

// nextWord reads as cache.Dec: lengths and counts of one byte and more,
// the largest and smallest, and what overflows or is cut short.
func TestNextWord(t *testing.T) {
	e := cache.Enc{}
	for _, c := range []int64{1, 2, 63, 64, -64, -65, 1 << 30, math.MaxInt64, math.MinInt64, 0, -1} {
		e.String("w")
		e.Int(c)
		e.String(strings.Repeat("x", 127+int(c&1)))
		e.Int(c)
	}
	e.String("")
	e.Int(5)
	good := e.B
	for n := range len(good) + 1 {
		sameWords(t, good[:n])
	}
	for _, data := range [][]byte{
		{0x80}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		{1, 'a', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},
		{0x81, 0x00, 'a'}, {5, 'a'}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	} {
		sameWords(t, data)
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		data := make([]byte, r.IntN(24))
		for i := range data {
			data[i] = byte(r.IntN(256))
			if r.IntN(2) == 0 {
				data[i] &= 0x7f
			}
			if r.IntN(3) == 0 {
				data[i] &= 0x7
			}
		}
		sameWords(t, data)
	}
}
