package related

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/coe-cli/coe/coe"
)

// What a near search depends on, so that after a change only the COEs
// whose suggestions may differ are searched again (coe build's incremental
// pages), the others known to be as they were, exactly.
//
// A near search of the COE q (Options.Walk > 0) reads: q itself (its
// vector, labels and related ids); the first Walk postings of each term
// it walks (COEs and weights); the COEs of each label of q that it looks
// among (their labels); the COEs it then scores (its candidates: their
// vectors, labels and titles); and the COEs its related: lists. Deps
// digests each COE, term and label of an index; Stale, given the Deps of
// a previous index and a COE's candidates there (SimilarDeps), tells
// whether its suggestions may differ: if none of what it read changed,
// it picks the same candidates and scores them the same.

// Deps are the digests of an index's COEs ("d" + key), terms ("t" +
// term: its first Walk postings) and labels ("s", "g" or "f" for services,
// tags and factors, + label: its COEs and their labels), and of the whole
// ("" : the options and the COEs' keys, in order, which number them).
type Deps map[string]Digest

// Digest is the first half of a SHA-256.
type Digest [16]byte

// digest gathers what is digested: numbers and length-prefixed strings.
type digest struct{ b []byte }

func (h *digest) u64(x uint64) { h.b = binary.LittleEndian.AppendUint64(h.b, x) }

func (h *digest) str(s string) {
	h.u64(uint64(len(s)))
	h.b = append(h.b, s...)
}

func (h *digest) dig(d Digest) { h.b = append(h.b, d[:]...) }

func (h *digest) sum() Digest {
	s := sha256.Sum256(h.b)
	h.b = h.b[:0]
	return Digest(s[:16])
}

var labelTags = [kinds]string{"s", "g", "f"}

// bigLabel reports whether a near search with o skips a label of n COEs.
func bigLabel(n int, o Options) bool { return n > LabelWalk*o.Walk }

// Deps returns the digests of the index for searches with o (Walk > 0;
// with Walk 0 they are nil, and Stale says every COE may differ).
func (ix *Index) Deps(o Options) Deps {
	if o.Walk <= 0 {
		return nil
	}
	heads := ix.byWeight(o.Walk)
	termDig := make([]Digest, len(ix.terms))
	coe.Parallel(len(ix.terms), func(t int) {
		var h digest
		h.str(ix.terms[t])
		termDig[t] = h.sum()
	})
	docDig := make([]Digest, len(ix.docs))
	labelDig := make([]Digest, len(ix.docs)) // each COE's labels alone
	// A COE's digest gathers about 1.6 KB (24 bytes a term of its
	// vector): each goroutine reuses its buffer rather than growing one
	// a COE.
	bufs := sync.Pool{New: func() any { return &digest{b: make([]byte, 0, 4<<10)} }}
	coe.Parallel(len(ix.docs), func(i int) {
		d := &ix.docs[i]
		h := bufs.Get().(*digest)
		defer bufs.Put(h)
		for k := range kinds {
			h.u64(uint64(len(d.labels[k])))
			for _, l := range d.labels[k] {
				h.str(ix.names[k][l])
			}
		}
		labelDig[i] = h.sum()
		h.dig(labelDig[i])
		h.str(d.key)
		h.str(d.title)
		h.u64(uint64(len(d.related)))
		for _, r := range d.related {
			h.str(r)
		}
		h.u64(uint64(len(d.vec)))
		for _, e := range d.vec {
			h.dig(termDig[e.term])
			h.u64(uint64(math.Float32bits(e.w)))
		}
		docDig[i] = h.sum()
	})
	out := make(Deps, len(ix.docs)+len(ix.terms))
	var all digest
	all.str(strconv.Itoa(o.Limit))
	all.str(strconv.FormatFloat(o.MinScore, 'g', -1, 64))
	all.str(strconv.Itoa(o.Walk))
	all.u64(uint64(len(ix.docs)))
	for i := range ix.docs {
		all.str(ix.docs[i].key)
		out["d"+ix.docs[i].key] = docDig[i]
	}
	out[""] = all.sum()
	h := all // its buffer, empty again, for the terms and labels
	for t, p := range heads {
		h.u64(uint64(len(p)))
		for _, pd := range p {
			h.u64(uint64(pd.doc))
			h.u64(uint64(math.Float32bits(pd.w)))
		}
		out["t"+ix.terms[t]] = h.sum()
	}
	for k := range kinds {
		for l, docs := range ix.labels[k] {
			if bigLabel(len(docs), o) {
				h.str("big") // never looked among, whichever COEs it has
			} else {
				h.u64(uint64(len(docs)))
				for _, d := range docs {
					h.u64(uint64(d))
					h.dig(labelDig[d])
				}
			}
			out[labelTags[k]+ix.names[k][l]] = h.sum()
		}
	}
	return out
}

// Scored is what a near search for a COE scored (SimilarDeps), for
// Stale: its candidates, by their places in Keys, sorted; and, when it
// kept only the best of the COEs its walk met (Full), the walk's score of
// the worst one kept.
type Scored struct {
	Cands []int32
	Worst float64
	Full  bool
}

// SimilarDeps is Similar, and what the search scored. With Options.Walk
// 0, nothing.
func (ix *Index) SimilarDeps(key string, o Options) ([]Suggestion, Scored, error) {
	q, ok := ix.byKey[key]
	if !ok {
		return nil, Scored{}, &UnknownError{key}
	}
	s := ix.scratch()
	defer scratchPool.Put(s)
	out := ix.similar(q, o, s)
	if o.Walk <= 0 {
		return out, Scored{}, nil
	}
	sc := Scored{Cands: make([]int32, len(s.cands)), Worst: s.worst, Full: s.full}
	for i, c := range s.cands {
		sc.Cands[i] = c.doc
	}
	slices.Sort(sc.Cands)
	return out, sc, nil
}

// maxMoved is how many changed COEs Stale looks past: with more, a COE
// walking a term whose first postings changed is stale.
const maxMoved = 64

// Stale returns whether the suggestions for the COE key (with o) may
// differ from those of an index whose Deps were old, in which the search
// for key scored sc (SimilarDeps): now is ix.Deps(o). With old nil or of
// other COEs or options, every COE may differ.
//
// A COE whose candidates, labels' COEs, related COEs and self are as they
// were, but that walks a term whose first postings changed, is not stale
// when each COE that may have moved among them (a COE that changed, or
// one as near the Walk-th place as COEs changed) is not a candidate and,
// walked now, scores below the worst candidate kept: the same are kept.
func (ix *Index) Stale(old, now Deps, o Options) func(key string, sc Scored) bool {
	if o.Walk <= 0 || old == nil || now == nil || old[""] != now[""] {
		return func(string, Scored) bool { return true }
	}
	changed := func(k string) bool {
		v, ok := old[k]
		return !ok || v != now[k]
	}
	heads := ix.byWeight(o.Walk)
	var once sync.Once
	var docs []bool // the COEs that changed, by number
	var moved int   // how many
	var terms []bool
	var labels [kinds][]bool
	var suspects [][]int32 // of each term that changed, once needed
	var suspectsOnce []sync.Once
	setup := func() {
		docs = make([]bool, len(ix.docs))
		for i := range ix.docs {
			docs[i] = changed("d" + ix.docs[i].key)
			if docs[i] {
				moved++
			}
		}
		terms = make([]bool, len(ix.terms))
		for t := range ix.terms {
			terms[t] = changed("t" + ix.terms[t])
		}
		for k := range kinds {
			labels[k] = make([]bool, len(ix.names[k]))
			for l, name := range ix.names[k] {
				labels[k][l] = changed(labelTags[k] + name)
			}
		}
		suspects = make([][]int32, len(ix.terms))
		suspectsOnce = make([]sync.Once, len(ix.terms))
	}
	// suspect is, sorted, the COEs whose place among the first Walk
	// postings of term t may have changed: those that changed, and those
	// within moved places of the Walk-th, before or after.
	suspect := func(t uint32) []int32 {
		suspectsOnce[t].Do(func() {
			p := ix.post[t]
			var out []int32
			for _, pd := range p {
				if docs[pd.doc] {
					out = append(out, pd.doc)
				}
			}
			order := func(x, y posting) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.doc, y.doc)) }
			all := slices.SortedFunc(slices.Values(p), order)
			for r := max(0, o.Walk-moved); r < min(len(all), o.Walk+moved); r++ {
				out = append(out, all[r].doc)
			}
			slices.Sort(out)
			suspects[t] = slices.Compact(out)
		})
		return suspects[t]
	}
	return func(key string, sc Scored) bool {
		once.Do(setup)
		q, ok := ix.byKey[key]
		if !ok || docs[q] {
			return true
		}
		for _, c := range sc.Cands {
			if c < 0 || int(c) >= len(docs) || docs[c] {
				return true
			}
		}
		qd := &ix.docs[q]
		for _, r := range qd.related {
			if d, ok := ix.byKey[r]; ok && docs[d] {
				return true
			}
		}
		for k := range kinds {
			for _, l := range qd.labels[k] {
				if labels[k][l] {
					return true
				}
			}
		}
		// The terms walked: all, or the Walk heaviest (as similar takes
		// them), in the order of the terms.
		some := false
		for _, e := range qd.vec {
			if terms[e.term] && (len(qd.vec) <= o.Walk || walks(qd.vec, e, o.Walk)) {
				some = true
				break
			}
		}
		if !some {
			return false
		}
		walked := qd.vec
		if len(walked) > o.Walk {
			walked = slices.Clone(walked)
			slices.SortFunc(walked, func(x, y entry) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.term, y.term)) })
			walked = walked[:o.Walk]
			slices.SortFunc(walked, func(x, y entry) int { return cmp.Compare(x.term, y.term) })
		}
		if moved > maxMoved {
			for _, e := range walked {
				if terms[e.term] {
					return true
				}
			}
			return false
		}
		// The COEs whose walk score may have changed: none a candidate,
		// each below the worst kept.
		var rescore []int32
		for _, e := range walked {
			if !terms[e.term] {
				continue
			}
			sus := suspect(e.term)
			for _, d := range sus {
				if _, ok := slices.BinarySearch(sc.Cands, d); ok {
					return true
				}
			}
			for _, pd := range heads[e.term] {
				if _, ok := slices.BinarySearch(sus, pd.doc); ok && pd.doc != q && !isRelated(qd, ix.docs[pd.doc].key) {
					rescore = append(rescore, pd.doc)
				}
			}
		}
		if len(rescore) > 0 && !sc.Full {
			return true
		}
		slices.Sort(rescore)
		for _, d := range slices.Compact(rescore) {
			// As similar adds it up: the terms in order.
			var acc float64
			for _, e := range walked {
				for _, pd := range heads[e.term] {
					if pd.doc == d {
						acc += float64(e.w) * float64(pd.w)
						break
					}
				}
			}
			if acc >= sc.Worst {
				return true
			}
		}
		return false
	}
}

// walks reports whether a near search walking walk terms of vec walks
// e's: whether fewer than walk terms come before it, by weight (highest
// first), then by term.
func walks(vec []entry, e entry, walk int) bool {
	before := 0
	for _, x := range vec {
		if x.w > e.w || x.w == e.w && x.term < e.term {
			before++
		}
	}
	return before < walk
}
