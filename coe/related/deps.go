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
	coe.Parallel(len(ix.docs), func(i int) {
		d := &ix.docs[i]
		var h digest
		for k := range kinds {
			h.u64(uint64(len(d.labels[k])))
			for _, l := range d.labels[k] {
				h.str(ix.names[k][l])
			}
		}
		labelDig[i] = h.sum()
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
	for t, p := range heads {
		var h digest
		h.u64(uint64(len(p)))
		for _, pd := range p {
			h.u64(uint64(pd.doc))
			h.u64(uint64(math.Float32bits(pd.w)))
		}
		out["t"+ix.terms[t]] = h.sum()
	}
	for k := range kinds {
		for l, docs := range ix.labels[k] {
			var h digest
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

// SimilarDeps is Similar, and the candidates the search scored, by their
// places in Keys (for Stale), sorted. With Options.Walk 0 there are none.
func (ix *Index) SimilarDeps(key string, o Options) ([]Suggestion, []int32, error) {
	q, ok := ix.byKey[key]
	if !ok {
		return nil, nil, &UnknownError{key}
	}
	s := ix.scratch()
	defer scratchPool.Put(s)
	out := ix.similar(q, o, s)
	if o.Walk <= 0 {
		return out, nil, nil
	}
	cands := make([]int32, len(s.cands))
	for i, c := range s.cands {
		cands[i] = c.doc
	}
	slices.Sort(cands)
	return out, cands, nil
}

// Stale returns whether the suggestions for the COE key (with o) may
// differ from those of an index whose Deps were old, in which the search
// for key scored cands (SimilarDeps): now is ix.Deps(o). With old nil or
// of other COEs or options, every COE may differ.
func (ix *Index) Stale(old, now Deps, o Options) func(key string, cands []int32) bool {
	if o.Walk <= 0 || old == nil || now == nil || old[""] != now[""] {
		return func(string, []int32) bool { return true }
	}
	changed := func(k string) bool {
		v, ok := old[k]
		return !ok || v != now[k]
	}
	var once sync.Once
	var docs []bool // the COEs that changed, by number
	var terms []bool
	var labels [kinds][]bool
	setup := func() {
		docs = make([]bool, len(ix.docs))
		for i := range ix.docs {
			docs[i] = changed("d" + ix.docs[i].key)
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
	}
	return func(key string, cands []int32) bool {
		once.Do(setup)
		q, ok := ix.byKey[key]
		if !ok || docs[q] {
			return true
		}
		for _, c := range cands {
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
		// them).
		some := false
		for _, e := range qd.vec {
			some = some || terms[e.term]
		}
		if !some || len(qd.vec) <= o.Walk {
			return some
		}
		v := slices.Clone(qd.vec)
		slices.SortFunc(v, func(x, y entry) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.term, y.term)) })
		for _, e := range v[:o.Walk] {
			if terms[e.term] {
				return true
			}
		}
		return false
	}
}
