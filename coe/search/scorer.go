package search

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"sync"
)

// Scorer ranks Docs as they come (Add), so that a search need not keep
// every Doc until the last is read: of a Doc it keeps only the lengths of
// its fields, for the averages BM25 normalizes by, and whether it has each
// term, for their IDFs; and of a match, what its score needs (the counts
// of the query's terms in each field) and what its Hit shows. At 100,000
// COEs, a warm coe search kept every Doc, some 180 MB. It is safe for
// concurrent use; Results gives what Index.Search gives of the same Docs,
// whatever the order they came in.
type Scorer struct {
	q Query
	o Options

	mu   sync.Mutex
	n    int
	lens [NumFields]uint64 // the fields' lengths, summed
	df   []int             // how many Docs have each term
	// cands are the Docs that match, counts the counts of each one's
	// terms, NumFields a term, one after another.
	cands  []cand
	counts []uint32
	// text holds the strings of the matches' Hits, in blocks.
	text []byte
}

// cand is a Doc that matches: what its score and its Hit need. Its
// strings are one after another in meta, key first (klen bytes): 72 bytes
// and a share of a block, where five strings of their own were 120 and
// five allocations.
type cand struct {
	meta  []byte
	seq   int
	time  int64
	score float64
	lens  [NumFields]uint32
	klen  uint16
	lfs   [3]uint16 // the lengths of title, status and severity; date is the rest
}

func (c *cand) key() []byte { return c.meta[:c.klen] }

// hit is c's Hit, without a snippet.
func (c *cand) hit() Hit {
	m := string(c.meta)
	at := int(c.klen)
	next := func(n uint16) string {
		s := m[at : at+int(n)]
		at += int(n)
		return s
	}
	h := Hit{Key: m[:c.klen], Score: round(c.score)}
	h.Title, h.Status, h.Severity = next(c.lfs[0]), next(c.lfs[1]), next(c.lfs[2])
	h.Date = m[at:]
	return h
}

// textBlock is the size of a block of Scorer.text.
const textBlock = 256 << 10

// NewScorer returns a Scorer of the COEs matching q, as o says.
func NewScorer(q Query, o Options) *Scorer {
	if o.Limit <= 0 {
		o.Limit = 10
	}
	return &Scorer{q: q, o: o, df: make([]int, len(q.Terms))}
}

// Add scores d, the seq-th Doc: of two Docs of equal scores, times and
// keys, the one of the lower seq comes first. d is not kept: the strings
// of a match are copied.
func (s *Scorer) Add(seq int, d *Doc) {
	nt := len(s.q.Terms)
	var buf [8 * NumFields]uint32
	counts := buf[:0]
	if nt*NumFields > len(buf) {
		counts = make([]uint32, 0, nt*NumFields)
	}
	var hasBuf [MaxQueryTerms]bool
	has := hasBuf[:0]
	if nt > len(hasBuf) {
		has = make([]bool, 0, nt)
	}
	has = has[:nt]
	all := true
	for ti, t := range s.q.Terms {
		for f := range d.Fields {
			n := d.Fields[f].Count(t)
			counts = append(counts, n)
			has[ti] = has[ti] || n > 0
		}
		all = all && has[ti]
	}
	match := all && s.keep(d)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	for f := range d.Fields {
		s.lens[f] += uint64(d.Fields[f].Len)
	}
	for ti := range has {
		if has[ti] {
			s.df[ti]++
		}
	}
	if match {
		s.cands = append(s.cands, s.cand(seq, d))
		s.counts = append(s.counts, counts...)
	}
}

// cand is the cand of d, its strings copied into s.text. s.mu is held.
func (s *Scorer) cand(seq int, d *Doc) cand {
	// Key and title are capped (a file's name, maxTitle); status,
	// severity and date are not, in a Doc decoded from a table.
	strs := [...]string{d.Key, d.Title, d.Status, d.Severity, d.Date}
	c := cand{seq: seq, time: d.Time}
	n := 0
	for i := range strs {
		if i < 4 && len(strs[i]) > math.MaxUint16 {
			strs[i] = strs[i][:math.MaxUint16]
		}
		n += len(strs[i])
	}
	c.klen = uint16(len(strs[0]))
	for i := range c.lfs {
		c.lfs[i] = uint16(len(strs[i+1]))
	}
	if cap(s.text)-len(s.text) < n {
		s.text = make([]byte, 0, max(textBlock, n))
	}
	start := len(s.text)
	for _, str := range strs {
		s.text = append(s.text, str...)
	}
	c.meta = s.text[start:len(s.text):len(s.text)]
	for f := range d.Fields {
		c.lens[f] = d.Fields[f].Len
	}
	return c
}

// Len is how many Docs were added.
func (s *Scorer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// keep reports whether d passes the options' filters and has none of the
// query's excluded terms.
func (s *Scorer) keep(d *Doc) bool {
	o := &s.o
	if len(o.Status) > 0 && !slices.Contains(o.Status, d.Status) ||
		len(o.Severity) > 0 && !slices.Contains(o.Severity, d.Severity) {
		return false
	}
	for _, t := range s.q.Not {
		for f := range d.Fields {
			if d.Fields[f].Count(t) > 0 {
				return false
			}
		}
	}
	return true
}

// Results returns the matches of the Docs added, best first. A
// Scorer's results are taken once.
func (s *Scorer) Results() Results {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, o := s.q, s.o
	nt := len(q.Terms)
	n := float64(s.n)
	var avg [NumFields]float64
	for f := range avg {
		if s.n > 0 {
			avg[f] = float64(s.lens[f]) / n
		}
		if avg[f] < 1 {
			avg[f] = 1
		}
	}
	idf := make([]float64, nt)
	for ti := range idf {
		idf[ti] = math.Log(1 + (n-float64(s.df[ti])+0.5)/(float64(s.df[ti])+0.5))
	}
	for ci := range s.cands {
		c := &s.cands[ci]
		counts := s.counts[ci*nt*NumFields:]
		score := 0.0
		for ti := range nt {
			tf := 0.0
			for f := range NumFields {
				if n := counts[ti*NumFields+f]; n > 0 {
					norm := 1 - fieldB[f] + fieldB[f]*float64(c.lens[f])/avg[f]
					tf += fieldWeights[f] * float64(n) / norm
				}
			}
			score += idf[ti] * tf * (K1 + 1) / (K1 + tf)
		}
		c.score = score
	}
	cands := s.cands
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.time, a.time), bytes.Compare(a.key(), b.key()), cmp.Compare(a.seq, b.seq))
	})

	res := Results{Total: len(cands), Exact: true}
	phrases := len(q.Phrases) > 0 && o.Load != nil
	var m *matcher
	if o.Load != nil {
		m = newMatcher(q)
	}
	checked := len(cands)
	for i := range cands {
		if len(res.Hits) == o.Limit {
			checked = i
			break
		}
		h := cands[i].hit()
		if m != nil {
			cc, err := o.Load(h.Key)
			switch {
			case err != nil:
				res.Problems = append(res.Problems, err)
				if phrases {
					continue
				}
			case phrases && !m.hasPhrases(cc):
				continue
			default:
				h.Field, h.Snippet, h.Marks = m.snippet(cc)
			}
		}
		res.Hits = append(res.Hits, h)
	}
	if phrases {
		res.Total, res.Exact = len(res.Hits), checked == len(cands)
	}
	return res
}
