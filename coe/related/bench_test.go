package related

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// The cost of coe related on 10,000 generated COEs (coe/corpus, about 5 KB
// each), beside reading them (coebench measures the whole command):
//
//	go test ./coe/related -run '^$' -bench . -benchtime 3x

var benchCOEs []*coe.COE

func benchCorpus(b *testing.B) []*coe.COE {
	if benchCOEs == nil {
		for i := range 10000 {
			benchCOEs = append(benchCOEs, corpus.COE(i))
		}
	}
	return benchCOEs
}

func benchIndex(b *testing.B) *Index {
	cs := benchCorpus(b)
	bl := NewBuilder()
	coe.Parallel(len(cs), func(i int) { bl.Add(cs[i].ID, cs[i]) })
	return bl.Build()
}

// BenchmarkIndex: tokenize and index 10,000 COEs (on every CPU, as the
// command does while it reads them).
func BenchmarkIndex(b *testing.B) {
	benchCorpus(b)
	b.ResetTimer()
	for range b.N {
		benchIndex(b)
	}
}

// BenchmarkSimilar: one COE against 10,000, exactly.
func BenchmarkSimilar(b *testing.B) {
	ix := benchIndex(b)
	key := ix.Keys()[5000]
	b.ResetTimer()
	for range b.N {
		if _, err := ix.Similar(key, Options{Limit: 5, MinScore: 0.1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAll: every COE's nearest five among 10,000, as coe build's
// COE pages list them.
func BenchmarkAll(b *testing.B) {
	ix := benchIndex(b)
	b.ResetTimer()
	for range b.N {
		ix.All(SiteOptions())
	}
}

// BenchmarkBuild: index 10,000 COEs' terms, as a rebuild of coe build does
// from the warm index after one COE's words changed.
func BenchmarkBuild(b *testing.B) {
	cs := benchCorpus(b)
	terms := make([]Terms, len(cs))
	for i, c := range cs {
		terms[i] = TermsOf(c)
	}
	defer cpuPerOp(b)()
	for range b.N {
		bl := NewBuilder()
		coe.Parallel(len(cs), func(i int) { bl.AddTerms(cs[i].ID, &terms[i]) })
		bl.Build()
	}
}

// benchPayloads are the encoded Terms of the 10,000 COEs, as the warm
// index holds them, and their keys.
func benchPayloads(b *testing.B, cs []*coe.COE) (keys []string, payloads [][]byte) {
	for _, c := range cs {
		t := TermsOf(c)
		keys, payloads = append(keys, c.ID), append(payloads, AppendTerms(nil, &t))
	}
	return keys, payloads
}

// benchWide is a corpus of 10,000 COEs of a wider vocabulary than
// coe/corpus's 53 words: each COE 200 to 1,000 words drawn from 30,000
// (Zipf's law), so that COEs hold more than TopTerms terms, and a rebuild
// meets new words until the last COE.
var benchWide []*coe.COE

func wideCorpus(b *testing.B) []*coe.COE {
	if benchWide != nil {
		return benchWide
	}
	r := rand.New(rand.NewPCG(7, 7))
	z := rand.NewZipf(r, 1.1, 8, 30000-1)
	word := func(i uint64) string {
		w := []byte{'q'}
		for i++; i > 0; i /= 26 {
			w = append(w, byte('a'+i%26))
		}
		return string(w)
	}
	for i := range 10000 {
		c := corpus.COE(i)
		var text strings.Builder
		for range 200 + r.IntN(800) {
			text.WriteString(word(z.Uint64()))
			text.WriteByte(' ')
		}
		c.WhatHappened = text.String()
		benchWide = append(benchWide, c)
	}
	return benchWide
}

func benchDecodeAdd(b *testing.B, cs []*coe.COE) {
	keys, payloads := benchPayloads(b, cs)
	defer cpuPerOp(b)()
	for range b.N {
		bl := NewBuilder()
		coe.Parallel(len(keys), func(i int) {
			t, err := DecodeTerms(payloads[i])
			if err != nil {
				b.Error(err)
				return
			}
			bl.AddTerms(keys[i], &t)
		})
	}
}

// BenchmarkDecodeAdd: add 10,000 COEs to a Builder from their encoded
// Terms (DecodeTerms, AddTerms), as a rebuild of coe build does before
// Build.
func BenchmarkDecodeAdd(b *testing.B) { benchDecodeAdd(b, benchCorpus(b)) }

// BenchmarkDecodeAddWide: the same of the wide corpus.
func BenchmarkDecodeAddWide(b *testing.B) { benchDecodeAdd(b, wideCorpus(b)) }

// BenchmarkBuildWide: BenchmarkBuild of the wide corpus.
func BenchmarkBuildWide(b *testing.B) {
	cs := wideCorpus(b)
	terms := make([]Terms, len(cs))
	for i, c := range cs {
		terms[i] = TermsOf(c)
	}
	defer cpuPerOp(b)()
	for range b.N {
		bl := NewBuilder()
		coe.Parallel(len(cs), func(i int) { bl.AddTerms(cs[i].ID, &terms[i]) })
		bl.Build()
	}
}

func benchAddEncoded(b *testing.B, cs []*coe.COE) {
	keys, payloads := benchPayloads(b, cs)
	defer cpuPerOp(b)()
	for range b.N {
		bl := NewBuilder()
		coe.Parallel(len(keys), func(i int) {
			if err := bl.AddEncoded(keys[i], payloads[i], nil); err != nil {
				b.Error(err)
			}
		})
	}
}

// BenchmarkAddEncoded: BenchmarkDecodeAdd by AddEncoded, as a rebuild of
// coe build adds them now.
func BenchmarkAddEncoded(b *testing.B) { benchAddEncoded(b, benchCorpus(b)) }

// BenchmarkAddEncodedWide: the same of the wide corpus.
func BenchmarkAddEncodedWide(b *testing.B) { benchAddEncoded(b, wideCorpus(b)) }

// cpuPerOp resets b's timer and returns what reports, beside the wall
// time, the CPU time of an op (all goroutines, the collector's too) as
// cpu-ms/op: on a machine other processes share, the wall time of a
// parallel op says little.
func cpuPerOp(b *testing.B) func() {
	b.ResetTimer()
	start, ok := cpuTime()
	return func() {
		if end, ok2 := cpuTime(); ok && ok2 {
			b.ReportMetric(float64(end-start)/1e6/float64(b.N), "cpu-ms/op")
		}
	}
}
