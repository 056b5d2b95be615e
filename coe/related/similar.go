package related

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/coe-cli/coe/coe"
)

// Suggestion is a COE suggested as related to another, with why.
type Suggestion struct {
	// ID is the suggested COE's key, Title its title on one line.
	ID, Title string
	// Score is the blended score, TextScore the text's cosine alone, both
	// from 0 to 1, rounded to three decimals.
	Score, TextScore float64
	// Services, Tags and Factors are the labels the two COEs share.
	Services, Tags, Factors []string
	// Words are the terms that weigh most in the text's similarity (the
	// highest products of the two weights), at most MaxWords.
	Words []string
	// AlreadyRelated says the COE asked about lists this one in related:.
	AlreadyRelated bool
}

// MaxWords is how many shared terms a suggestion names.
const MaxWords = 5

// Reasons says, one phrase each, why the suggestion is made: "same
// service payments", "shared tags dns, ttl", "shared factor
// config-change", "similar words: ttl, cache, invalidation".
func (s *Suggestion) Reasons() []string {
	var out []string
	for _, r := range []struct {
		one, many string
		list      []string
	}{{"same service ", "same services ", s.Services}, {"shared tag ", "shared tags ", s.Tags}, {"shared factor ", "shared factors ", s.Factors}} {
		switch len(r.list) {
		case 0:
		case 1:
			out = append(out, r.one+r.list[0])
		default:
			out = append(out, r.many+strings.Join(r.list, ", "))
		}
	}
	if len(s.Words) > 0 {
		out = append(out, "similar words: "+strings.Join(s.Words, ", "))
	}
	return out
}

// Options tune Similar and All.
type Options struct {
	// Limit is how many suggestions to make, besides those already
	// related; 0 means every one that scores MinScore.
	Limit int
	// MinScore is the lowest score suggested (as rounded); a COE sharing
	// nothing scores 0 and is never suggested.
	MinScore float64
	// Walk, when above 0, makes the search near rather than exact, for
	// All over many COEs: it walks the Walk heaviest COEs of each term,
	// and leaves out labels that more than Walk COEs have, to find the
	// candidates; the scores of those suggested are exact. 0 walks all.
	Walk int
}

// ErrUnknown is the error of Similar for a key not in the index.
type ErrUnknown struct{ Key string }

func (e *ErrUnknown) Error() string { return fmt.Sprintf("no COE %q in the index", e.Key) }

// Similar suggests the COEs most like the COE key, best first (ties by
// id): never the COE itself; those its related: lists are marked and do
// not count towards the limit.
func (ix *Index) Similar(key string, o Options) ([]Suggestion, error) {
	q, ok := ix.byKey[key]
	if !ok {
		return nil, &ErrUnknown{key}
	}
	s := ix.scratch()
	defer scratchPool.Put(s)
	return ix.similar(q, o, s), nil
}

// All suggests, for every COE of the index, the COEs most like it (as
// Similar does), on as many goroutines as there are CPUs: out[i] are the
// suggestions for the i-th key of Keys. With Options.Walk set, the cost is
// about Len x (TopTerms + labels) x Walk, near linear.
func (ix *Index) All(o Options) [][]Suggestion {
	out := make([][]Suggestion, len(ix.docs))
	coe.Parallel(len(ix.docs), func(i int) {
		s := ix.scratch()
		out[i] = ix.similar(int32(i), o, s)
		scratchPool.Put(s)
	})
	return out
}

// Keys lists the COEs of the index in order.
func (ix *Index) Keys() []string {
	out := make([]string, len(ix.docs))
	for i := range ix.docs {
		out[i] = ix.docs[i].key
	}
	return out
}

// scratch is a search's working memory: the text score accumulated for
// each COE, and which COEs were met (stamp equal to the search's mark).
type scratch struct {
	acc     []float64
	stamp   []uint32
	mark    uint32
	touched []int32
	cands   []candidate
}

type candidate struct {
	doc   int32
	score float64
}

var scratchPool sync.Pool

func (ix *Index) scratch() *scratch {
	s, _ := scratchPool.Get().(*scratch)
	if s == nil || len(s.acc) != len(ix.docs) {
		s = &scratch{acc: make([]float64, len(ix.docs)), stamp: make([]uint32, len(ix.docs))}
	}
	s.mark++
	if s.mark == 0 {
		clear(s.stamp)
		s.mark = 1
	}
	s.touched = s.touched[:0]
	return s
}

func (s *scratch) meet(d int32) {
	if s.stamp[d] != s.mark {
		s.stamp[d] = s.mark
		s.acc[d] = 0
		s.touched = append(s.touched, d)
	}
}

func (ix *Index) similar(q int32, o Options, s *scratch) []Suggestion {
	qd := &ix.docs[q]
	// The candidates: every COE sharing a term of q's vector or a label.
	for _, e := range qd.vec {
		p := ix.post[e.term]
		if o.Walk > 0 && len(p) > o.Walk {
			p = p[:o.Walk]
		}
		for _, pd := range p {
			s.meet(pd.doc)
			s.acc[pd.doc] += float64(e.w) * float64(pd.w)
		}
	}
	for k := range kinds {
		for _, l := range qd.labels[k] {
			docs := ix.labels[k][l]
			if o.Walk > 0 && len(docs) > o.Walk {
				continue
			}
			for _, d := range docs {
				s.meet(d)
			}
		}
	}
	s.cands = s.cands[:0]
	for _, d := range s.touched {
		if d == q {
			continue
		}
		if sc := round3(ix.blend(qd, &ix.docs[d], s.acc[d])); sc > 0 {
			s.cands = append(s.cands, candidate{d, sc})
		}
	}
	byScore := func(x, y candidate) int {
		return cmp.Or(cmp.Compare(y.score, x.score), strings.Compare(ix.docs[x.doc].key, ix.docs[y.doc].key))
	}
	slices.SortFunc(s.cands, byScore)
	if o.Walk > 0 && o.Limit > 0 {
		// The text scores were of the postings walked, at most the
		// true ones: score the best few again, exactly.
		n := min(len(s.cands), 4*o.Limit+len(qd.related))
		for i := range s.cands[:n] {
			d := s.cands[i].doc
			s.cands[i].score = round3(ix.blend(qd, &ix.docs[d], dot(qd.vec, ix.docs[d].vec)))
		}
		s.cands = s.cands[:n]
		slices.SortFunc(s.cands, byScore)
	}
	var out []Suggestion
	fresh := 0
	for _, c := range s.cands {
		if c.score < o.MinScore || c.score == 0 {
			break
		}
		d := &ix.docs[c.doc]
		if !isRelated(qd, d.key) {
			if o.Limit > 0 && fresh == o.Limit {
				if len(qd.related) == 0 {
					break
				}
				continue
			}
			fresh++
		}
		out = append(out, ix.suggestion(qd, d))
	}
	return out
}

// isRelated reports whether q's related: lists key.
func isRelated(q *doc, key string) bool {
	_, ok := slices.BinarySearch(q.related, key)
	return ok
}

// blend is the score of q and d given the cosine of their text.
func (ix *Index) blend(q, d *doc, text float64) float64 {
	sum, weights := WeightText*text, WeightText
	for k := range kinds {
		a, b := q.labels[k], d.labels[k]
		if len(a) == 0 && len(b) == 0 {
			continue
		}
		shared := len(intersect(a, b, nil))
		sum += labelWeights[k] * float64(shared) / float64(len(a)+len(b)-shared)
		weights += labelWeights[k]
	}
	return sum / weights
}

// suggestion is d suggested for q, with its exact scores and reasons.
func (ix *Index) suggestion(q, d *doc) Suggestion {
	text := dot(q.vec, d.vec)
	sg := Suggestion{
		ID: d.key, Title: d.title,
		Score:          round3(ix.blend(q, d, text)),
		TextScore:      round3(text),
		Services:       intersect(q.labels[services], d.labels[services], []string{}),
		Tags:           intersect(q.labels[tags], d.labels[tags], []string{}),
		Factors:        intersect(q.labels[factors], d.labels[factors], []string{}),
		AlreadyRelated: isRelated(q, d.key),
		Words:          []string{},
	}
	type shared struct {
		term uint32
		w    float64
	}
	var common []shared
	for i, j := 0, 0; i < len(q.vec) && j < len(d.vec); {
		switch a, b := q.vec[i], d.vec[j]; {
		case a.term < b.term:
			i++
		case a.term > b.term:
			j++
		default:
			common = append(common, shared{a.term, float64(a.w) * float64(b.w)})
			i++
			j++
		}
	}
	slices.SortFunc(common, func(x, y shared) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.term, y.term)) })
	for _, c := range common[:min(len(common), MaxWords)] {
		sg.Words = append(sg.Words, ix.terms[c.term])
	}
	return sg
}

// dot is the dot product of two vectors sorted by term: their cosine,
// since both are normalized.
func dot(a, b []entry) float64 {
	var sum float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].term < b[j].term:
			i++
		case a[i].term > b[j].term:
			j++
		default:
			sum += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		}
	}
	return min(sum, 1)
}

// intersect appends to out the strings both sorted lists hold.
func intersect(a, b, out []string) []string {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
