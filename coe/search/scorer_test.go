package search

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/coe-cli/coe/coe/corpus"
)

// refSearch is the ranking of the package comment, written out over Docs
// kept whole (as Index.Search was before the Scorer): the scores and the
// order of every match, without Load.
func refSearch(docs []Doc, q Query, o Options) []Hit {
	var avg [NumFields]float64
	for i := range docs {
		for f := range avg {
			avg[f] += float64(docs[i].Fields[f].Len)
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(len(docs), 1)), 1)
	}
	tf := func(d *Doc, t string) float64 {
		s := 0.0
		for f := range d.Fields {
			if n := d.Fields[f].Count(t); n > 0 {
				s += fieldWeights[f] * float64(n) / (1 - fieldB[f] + fieldB[f]*float64(d.Fields[f].Len)/avg[f])
			}
		}
		return s
	}
	idf := make([]float64, len(q.Terms))
	for ti, t := range q.Terms {
		df := 0
		for i := range docs {
			if tf(&docs[i], t) > 0 {
				df++
			}
		}
		n := float64(len(docs))
		idf[ti] = math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
	}
	var hits []Hit
	for i := range docs {
		d := &docs[i]
		if len(o.Status) > 0 && !slices.Contains(o.Status, d.Status) || len(o.Severity) > 0 && !slices.Contains(o.Severity, d.Severity) {
			continue
		}
		score, all := 0.0, true
		for ti, t := range q.Terms {
			x := tf(d, t)
			all = all && x > 0
			score += idf[ti] * x * (K1 + 1) / (K1 + x)
		}
		for _, t := range q.Not {
			all = all && tf(d, t) == 0
		}
		if all {
			hits = append(hits, Hit{Key: d.Key, Title: d.Title, Status: d.Status, Severity: d.Severity, Date: d.Date, Score: score})
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(timeOf(docs, b.Key), timeOf(docs, a.Key)), strings.Compare(a.Key, b.Key))
	})
	for i := range hits {
		hits[i].Score = round(hits[i].Score)
	}
	return hits
}

func timeOf(docs []Doc, key string) int64 {
	for i := range docs {
		if docs[i].Key == key {
			return docs[i].Time
		}
	}
	return 0
}

// A Scorer given the Docs in any order, from several goroutines at once,
// ranks as the package comment says: every match, its score and the
// strings its Hit shows, as refSearch has them. Docs of one key (a
// repository with the same file name in two folders) come in the order
// they were added, whatever order they came in.
func TestScorer(t *testing.T) {
	var docs []Doc
	for i := range 300 {
		c := corpus.COE(i)
		if i%7 == 0 {
			c.Title = strings.Repeat("Checkout é ", 30) // cut at maxTitle, "…"
		}
		if i%4 == 0 {
			c.Tags = append(c.Tags, "zeppelin")
		}
		if i%6 == 0 {
			c.Lessons = append(c.Lessons, "Mooring the zeppelin takes two.")
		}
		if i%11 == 0 {
			c.Status, c.Severity = "closed", "sev1"
		}
		d, err := DecodeDoc(func() []byte { d := Terms(fmt.Sprintf("2025-%03d", i), c); return AppendDoc(nil, &d) }())
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	// Two Docs of one key, the same terms and time: only their order
	// tells them apart (and their statuses, which do not count).
	twin := docs[10]
	twin.Status = map[bool]string{true: "draft", false: "review"}[twin.Status != "draft"]
	docs = append(docs, twin)
	queries := []struct {
		q    string
		o    Options
		many bool // matches most of the Docs
	}{
		{q: "customer", many: true},
		{q: "payment timeout"},
		{q: "zeppelin -mooring"},
		{q: "zeppelin mooring checkout"},
		{q: "checkout"},
		{q: "zeppelin", o: Options{Status: []string{"closed"}, Severity: []string{"sev1"}}},
		{q: "synthetic", many: true},
	}
	for _, tc := range queries {
		q, err := ParseQuery(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		want := refSearch(docs, q, tc.o)
		if tc.many && len(want) < len(docs)/2 || len(want) == 0 {
			t.Fatalf("%q: %d matches of %d: not the query the test means", tc.q, len(want), len(docs))
		}
		o := tc.o
		o.Limit = len(docs) + 1
		if got := NewIndex(docs).Search(q, o); !reflect.DeepEqual(got.Hits, want) || got.Total != len(want) || !got.Exact {
			t.Fatalf("%q: Index.Search differs from the ranking:\n got %v\nwant %v", tc.q, keys(got.Hits), keys(want))
		}
		for round := range 3 {
			s := NewScorer(q, o)
			order := rand.New(rand.NewPCG(uint64(round), 1)).Perm(len(docs))
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for j := w; j < len(order); j += 4 {
						d := docs[order[j]]
						s.Add(order[j], &d)
					}
				})
			}
			wg.Wait()
			got := s.Results()
			if s.Len() != len(docs) {
				t.Errorf("%q: Len %d, want %d", tc.q, s.Len(), len(docs))
			}
			if !reflect.DeepEqual(got.Hits, want) || got.Total != len(want) {
				t.Fatalf("%q, order %d: the Scorer differs from the ranking:\n got %v\nwant %v", tc.q, round, keys(got.Hits), keys(want))
			}
		}
	}
}
