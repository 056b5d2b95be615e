package related

import (
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
	b.ResetTimer()
	for range b.N {
		bl := NewBuilder()
		coe.Parallel(len(cs), func(i int) { bl.AddTerms(cs[i].ID, &terms[i]) })
		bl.Build()
	}
}
