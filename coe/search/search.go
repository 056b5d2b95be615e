package search

import (
	"math"

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

// Index is Docs to search, kept whole (a Scorer keeps less). It is safe
// for concurrent use.
type Index struct {
	docs []Doc
}

// NewIndex returns an index of docs, which it keeps (without copying).
func NewIndex(docs []Doc) *Index { return &Index{docs: docs} }

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

// Search returns the COEs matching q, best first (see the package
// comment for the ranking): a Scorer given each Doc in turn.
func (ix *Index) Search(q Query, o Options) Results {
	s := NewScorer(q, o)
	for i := range ix.docs {
		s.Add(i, &ix.docs[i])
	}
	return s.Results()
}

// round keeps 4 decimals of a score: enough to order, and the same
// figures on every machine.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
