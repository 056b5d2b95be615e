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
	// All over many COEs: to find the candidates, it walks the COE's Walk
	// heaviest terms and the Walk heaviest COEs of each, and the COEs of
	// its labels that LabelWalk x Walk COEs at most have; the scores of
	// those suggested are exact. 0 walks all.
	Walk int
}

// UnknownError is the error of Similar for a key not in the index.
type UnknownError struct{ Key string }

func (e *UnknownError) Error() string { return fmt.Sprintf("no COE %q in the index", e.Key) }

// Similar suggests the COEs most like the COE key, best first (ties by
// id): never the COE itself; those its related: lists are marked and do
// not count towards the limit.
func (ix *Index) Similar(key string, o Options) ([]Suggestion, error) {
	q, ok := ix.byKey[key]
	if !ok {
		return nil, &UnknownError{key}
	}
	s := ix.scratch()
	defer scratchPool.Put(s)
	return ix.similar(q, o, s), nil
}

// All suggests, for every COE of the index, the COEs most like it (as
// Similar does), on as many goroutines as there are CPUs: out[i] are the
// suggestions for the i-th key of Keys. With Options.Walk set, the cost is
// about Len x (Walk + labels) x Walk, linear.
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
	byLabel []candidate
	full    bool
	worst   float64
	terms   []entry
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
	var heads [][]posting
	if o.Walk > 0 {
		heads = ix.byWeight(o.Walk)
	}
	qd := &ix.docs[q]
	// The candidates: the COEs sharing a term of q's vector, with the
	// text score of the postings walked.
	terms := qd.vec
	if o.Walk > 0 && len(terms) > o.Walk {
		// Near: q's Walk heaviest terms, in the order of the terms (so
		// that sums are made in one order).
		s.terms = append(s.terms[:0], terms...)
		slices.SortFunc(s.terms, func(x, y entry) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.term, y.term)) })
		terms = s.terms[:o.Walk]
		slices.SortFunc(terms, func(x, y entry) int { return cmp.Compare(x.term, y.term) })
	}
	for _, e := range terms {
		p := ix.post[e.term]
		if o.Walk > 0 {
			p = heads[e.term]
		}
		for _, pd := range p {
			s.meet(pd.doc)
			s.acc[pd.doc] += float64(e.w) * float64(pd.w)
		}
	}
	// The COEs related already are scored apart: they do not count
	// towards the limit.
	var out []Suggestion
	for _, key := range qd.related {
		if d, ok := ix.byKey[key]; ok && d != q {
			if sc := round3(ix.blend(qd, &ix.docs[d], dot(qd.vec, ix.docs[d].vec))); sc > 0 && sc >= o.MinScore {
				out = append(out, ix.suggestion(qd, &ix.docs[d]))
			}
		}
	}
	other := func(d int32) bool { return d != q && !isRelated(qd, ix.docs[d].key) }
	s.cands = s.cands[:0]
	if o.Walk == 0 {
		// Exact: every COE sharing a term or a label is scored, the
		// best Limit kept.
		for k := range kinds {
			for _, l := range qd.labels[k] {
				for _, d := range ix.labels[k][l] {
					s.meet(d)
				}
			}
		}
		for _, d := range s.touched {
			if !other(d) {
				continue
			}
			if sc := round3(ix.blend(qd, &ix.docs[d], s.acc[d])); sc > 0 && sc >= o.MinScore {
				push(&s.cands, candidate{d, sc}, o.Limit)
			}
		}
	} else {
		// Near: the 4 x Limit COEs of the highest text score walked (at
		// most their true one), and the 4 x Limit of the highest score of
		// their labels alone among those sharing a label of q that at
		// most LabelWalk x Walk COEs have, are scored exactly.
		keep := 4 * o.Limit
		if keep == 0 {
			keep = len(s.touched) + len(ix.docs)
		}
		for _, d := range s.touched {
			if other(d) {
				push(&s.cands, candidate{d, s.acc[d]}, keep)
			}
		}
		// (For Stale: whether the walk met more COEs than it kept, and
		// the worst kept, on top of the heap.)
		s.full = len(s.cands) == keep
		if s.full {
			s.worst = s.cands[0].score
		}
		const chosen = -1 // acc of a COE among the candidates
		for _, c := range s.cands {
			s.acc[c.doc] = chosen
		}
		s.byLabel = s.byLabel[:0]
		for k := range kinds {
			for _, l := range qd.labels[k] {
				docs := ix.labels[k][l]
				if len(docs) > LabelWalk*o.Walk {
					continue
				}
				for _, d := range docs {
					s.meet(d)
					if s.acc[d] != chosen && other(d) {
						s.acc[d] = chosen
						push(&s.byLabel, candidate{d, ix.blend(qd, &ix.docs[d], 0)}, keep)
					}
				}
			}
		}
		s.cands = append(s.cands, s.byLabel...)
		for i := range s.cands {
			d := s.cands[i].doc
			s.cands[i].score = round3(ix.blend(qd, &ix.docs[d], dot(qd.vec, ix.docs[d].vec)))
		}
	}
	slices.SortFunc(s.cands, func(x, y candidate) int {
		if better(x, y) {
			return -1
		}
		return 1
	})
	fresh := 0
	for _, c := range s.cands {
		if c.score < o.MinScore || (o.Limit > 0 && fresh == o.Limit) {
			break
		}
		fresh++
		out = append(out, ix.suggestion(qd, &ix.docs[c.doc]))
	}
	slices.SortStableFunc(out, func(x, y Suggestion) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), strings.Compare(x.ID, y.ID))
	})
	return out
}

// push adds c to the candidates h, keeping the best keep of them (all
// when keep is 0) in a heap of the worst on top.
func push(h *[]candidate, c candidate, keep int) {
	switch {
	case keep <= 0 || len(*h) < keep:
		*h = append(*h, c)
		if keep > 0 && len(*h) == keep {
			heapify(*h)
		}
	case better(c, (*h)[0]):
		(*h)[0] = c
		down(*h, 0)
	}
}

// better reports whether a ranks before b: a higher score, or the same
// and a COE earlier in the index (whose COEs are in the order of their
// keys).
func better(a, b candidate) bool {
	return a.score > b.score || a.score == b.score && a.doc < b.doc
}

// heapify orders h as a heap with the worst candidate on top.
func heapify(h []candidate) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(h, i)
	}
}

// down moves h[i] down the heap to its place.
func down(h []candidate, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		w := l
		if r := l + 1; r < len(h) && better(h[l], h[r]) {
			w = r
		}
		if !better(h[i], h[w]) {
			return
		}
		h[i], h[w] = h[w], h[i]
		i = w
	}
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
		shared := countShared(a, b)
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
		Services:       ix.shared(services, q, d),
		Tags:           ix.shared(tags, q, d),
		Factors:        ix.shared(factors, q, d),
		AlreadyRelated: isRelated(q, d.key),
	}
	// The MaxWords shared terms of the highest products, kept in order
	// as the two vectors are merged.
	type shared struct {
		term uint32
		w    float64
	}
	var top [MaxWords]shared
	n := 0
	for i, j := 0, 0; i < len(q.vec) && j < len(d.vec); {
		switch a, b := q.vec[i], d.vec[j]; {
		case a.term < b.term:
			i++
		case a.term > b.term:
			j++
		default:
			c := shared{a.term, float64(a.w) * float64(b.w)}
			i++
			j++
			// Terms come in increasing order: a tie goes after.
			k := n
			for k > 0 && top[k-1].w < c.w {
				k--
			}
			if k == MaxWords {
				continue
			}
			n = min(n+1, MaxWords)
			copy(top[k+1:n], top[k:n-1])
			top[k] = c
		}
	}
	sg.Words = make([]string, n)
	for i, c := range top[:n] {
		sg.Words[i] = ix.terms[c.term]
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

// sharedIDs appends to out the numbers both sorted lists hold.
func sharedIDs(a, b, out []int32) []int32 {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// countShared counts the numbers both sorted lists hold.
func countShared(a, b []int32) int {
	var buf [coe.MaxLabels]int32 // a kind holds at most this many, most COEs far fewer
	return len(sharedIDs(a, b, buf[:0]))
}

// shared lists the labels of kind k that q and d share, sorted.
func (ix *Index) shared(k int, q, d *doc) []string {
	out := []string{}
	for _, l := range sharedIDs(q.labels[k], d.labels[k], nil) {
		out = append(out, ix.names[k][l])
	}
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// LabelWalk is how many times Options.Walk COEs a label may have for a
// near search to look among them: a label of more COEs tells little.
const LabelWalk = 16

// SiteWalk is Options.Walk for a site's pages: every COE's suggestions in
// about linear time, near the exact ones.
const SiteWalk = 32

// SiteOptions are the options of the similar COEs a site's COE pages
// list: five at most, scoring 0.1 or more, found by a near search.
func SiteOptions() Options { return Options{Limit: 5, MinScore: 0.1, Walk: SiteWalk} }
