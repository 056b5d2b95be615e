package search

import (
	"fmt"
	"sync"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

const benchN = 10000

var (
	benchOnce sync.Once
	benchEnc  [][]byte
	benchCOEs []*coe.COE
)

// benchData is the encoded Docs of benchN generated COEs, as the cache
// holds them, and the COEs, as a re-read gives them.
func benchData(b *testing.B) ([][]byte, []*coe.COE) {
	benchOnce.Do(func() {
		benchCOEs = make([]*coe.COE, benchN)
		benchEnc = make([][]byte, benchN)
		coe.Parallel(benchN, func(i int) {
			benchCOEs[i] = corpus.COE(i)
			d := Terms(fmt.Sprint(i), benchCOEs[i])
			benchEnc[i] = AppendDoc(nil, &d)
		})
	})
	return benchEnc, benchCOEs
}

func decodeAll(b *testing.B, enc [][]byte) []Doc {
	docs := make([]Doc, len(enc))
	for i, e := range enc {
		var err error
		if docs[i], err = DecodeDoc(e); err != nil {
			b.Fatal(err)
		}
	}
	return docs
}

// BenchmarkSearch is one search over the decoded Docs of 10,000 COEs, the
// ten results' snippets included (their COEs already read).
func BenchmarkSearch(b *testing.B) {
	enc, cs := benchData(b)
	ix := NewIndex(decodeAll(b, enc))
	load := func(k string) (*coe.COE, error) {
		var i int
		fmt.Sscan(k, &i)
		return cs[i], nil
	}
	for _, query := range []string{"firmware", "payment timeout", `"cache replica"`, "households -canary"} {
		q, err := ParseQuery(query)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(query, func(b *testing.B) {
			for b.Loop() {
				ix.Search(q, Options{Load: load})
			}
		})
	}
}

// BenchmarkDecode is decoding the Docs of 10,000 COEs.
func BenchmarkDecode(b *testing.B) {
	enc, _ := benchData(b)
	size := 0
	for _, e := range enc {
		size += len(e)
	}
	b.ReportMetric(float64(size)/benchN, "bytes/COE")
	for b.Loop() {
		decodeAll(b, enc)
	}
}

// BenchmarkScorer is what a warm coe search pays for 10,000 COEs besides
// reading the table: decoding each Doc, as the table's entries come, and
// scoring it, then ranking (no snippets), for a query that matches most
// COEs.
func BenchmarkScorer(b *testing.B) {
	enc, _ := benchData(b)
	q, err := ParseQuery("payment timeout")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s := NewScorer(q, Options{})
		for i, e := range enc {
			d, err := DecodeDocShared(e)
			if err != nil {
				b.Fatal(err)
			}
			s.Add(i, &d)
		}
		if r := s.Results(); r.Total < benchN/2 {
			b.Fatalf("%d matches", r.Total)
		}
	}
}

// BenchmarkTerms is making the Doc of one COE.
func BenchmarkTerms(b *testing.B) {
	c := corpus.COE(1)
	for b.Loop() {
		Terms("k", c)
	}
}
