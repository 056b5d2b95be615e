package search

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// The weights of the fields in a score: a word of the title counts
// WeightTitle times one of the body, a label's WeightLabels times.
const (
	WeightTitle  = 3.0
	WeightLabels = 2.0
	WeightBody   = 1.0
)

// K1 is BM25's saturation: how fast more occurrences of a word stop
// adding to a score.
const K1 = 1.2

// fieldWeights and fieldB (how much a field's length counts against it,
// BM25's b) are by field.
var (
	fieldWeights = [NumFields]float64{WeightTitle, WeightLabels, WeightBody}
	fieldB       = [NumFields]float64{0.5, 0.5, 0.75}
)

// Index is Docs to search. It is safe for concurrent use.
type Index struct {
	docs []Doc
	avg  [NumFields]float64
}

// NewIndex returns an index of docs, which it keeps (without copying).
func NewIndex(docs []Doc) *Index {
	ix := &Index{docs: docs}
	for i := range docs {
		for f := range ix.avg {
			ix.avg[f] += float64(docs[i].Fields[f].Len)
		}
	}
	for f := range ix.avg {
		if len(docs) > 0 {
			ix.avg[f] /= float64(len(docs))
		}
		if ix.avg[f] < 1 {
			ix.avg[f] = 1
		}
	}
	return ix
}

// Len is how many COEs the index holds.
func (ix *Index) Len() int { return len(ix.docs) }

// Options say which matches Search returns and how it reads COEs.
type Options struct {
	// Limit is how many results to return; 0 or less means 10.
	Limit int
	// Status and Severity, when not empty, keep only COEs of these.
	Status, Severity []string
	// Load reads the COE of a key, for phrases and snippets. Without it,
	// a query's phrases are taken as their words and results have no
	// snippet.
	Load func(key string) (*coe.COE, error)
}

// Hit is one result.
type Hit struct {
	Key, Title, Status, Severity, Date string
	Score                              float64
	// Snippet is the text around the best match in the COE's answers (or
	// its labels or title), on one line, with "…" where it is cut; Field
	// is where it is from (the format's key: "root_cause", "tags", ...);
	// Marks are the byte ranges of Snippet, [start, end), of the words
	// the query looked for, in order. All "" and nil without Options.Load.
	Field   string
	Snippet string
	Marks   [][2]int
}

// Results are what Search found.
type Results struct {
	// Hits are the results, best first: at most Options.Limit.
	Hits []Hit
	// Total is how many COEs match. With a phrase it counts those checked
	// (Exact false when more have the phrase's words and were not).
	Total int
	Exact bool
	// Problems are the errors of Options.Load: a COE that did not read
	// is left out (when checked for a phrase) or shown without snippet.
	Problems []error
}

type scored struct {
	doc   int32
	score float64
}

// Search returns the COEs matching q, best first (see the package
// comment for the ranking).
func (ix *Index) Search(q Query, o Options) Results {
	if o.Limit <= 0 {
		o.Limit = 10
	}
	nt := len(q.Terms)
	// Pass one: for each COE, the weighted, normalized frequency of each
	// term (pass two scores those with every term, once the document
	// frequencies are known).
	df := make([]int, nt)
	var cands []scored
	var tfs []float64 // nt for each candidate
	row := make([]float64, nt)
	for di := range ix.docs {
		d := &ix.docs[di]
		all := true
		for ti, t := range q.Terms {
			tf := 0.0
			for f := range d.Fields {
				if n := d.Fields[f].Count(t); n > 0 {
					norm := 1 - fieldB[f] + fieldB[f]*float64(d.Fields[f].Len)/ix.avg[f]
					tf += fieldWeights[f] * float64(n) / norm
				}
			}
			if tf > 0 {
				df[ti]++
			} else {
				all = false
			}
			row[ti] = tf
		}
		if !all || !ix.keep(d, q, o) {
			continue
		}
		cands = append(cands, scored{doc: int32(di)})
		tfs = append(tfs, row...)
	}
	n := float64(len(ix.docs))
	idf := make([]float64, nt)
	for ti := range idf {
		idf[ti] = math.Log(1 + (n-float64(df[ti])+0.5)/(float64(df[ti])+0.5))
	}
	for ci := range cands {
		s := 0.0
		for ti, tf := range tfs[ci*nt : ci*nt+nt] {
			s += idf[ti] * tf * (K1 + 1) / (K1 + tf)
		}
		cands[ci].score = s
	}
	slices.SortFunc(cands, func(a, b scored) int {
		da, db := &ix.docs[a.doc], &ix.docs[b.doc]
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(db.Time, da.Time), strings.Compare(da.Key, db.Key))
	})

	res := Results{Total: len(cands), Exact: true}
	phrases := len(q.Phrases) > 0 && o.Load != nil
	var m *matcher
	if o.Load != nil {
		m = newMatcher(q)
	}
	checked := len(cands)
	for i, c := range cands {
		if len(res.Hits) == o.Limit {
			checked = i
			break
		}
		d := &ix.docs[c.doc]
		h := Hit{Key: d.Key, Title: d.Title, Status: d.Status, Severity: d.Severity, Date: d.Date, Score: round(c.score)}
		if m != nil {
			cc, err := o.Load(d.Key)
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

// keep reports whether d passes the options' filters and has none of the
// query's excluded terms.
func (ix *Index) keep(d *Doc, q Query, o Options) bool {
	if len(o.Status) > 0 && !slices.Contains(o.Status, d.Status) ||
		len(o.Severity) > 0 && !slices.Contains(o.Severity, d.Severity) {
		return false
	}
	for _, t := range q.Not {
		for f := range d.Fields {
			if d.Fields[f].Count(t) > 0 {
				return false
			}
		}
	}
	return true
}

// round keeps 4 decimals of a score: enough to order, and the same
// figures on every machine.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
