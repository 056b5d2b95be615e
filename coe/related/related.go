// Package related finds COEs likely about the same failure as another: by
// the services, tags and contributing factors they share, and by how alike
// their answers read (TF-IDF cosine similarity, computed locally).
//
// A Builder takes the COEs one by one (from several goroutines at once)
// and keeps of each only a sparse vector of its most telling terms, its
// title and its labels, never its text; Build turns them into an Index,
// which suggests the COEs nearest one (Similar) or every COE's nearest
// (All) through an inverted index: scoring one COE against N costs the
// postings of its terms, not N times the vocabulary.
//
// The score of a pair is a blend, between 0 and 1:
//
//	score = (0.5 text + 0.2 services + 0.15 tags + 0.15 factors) / (sum of the weights used)
//
// where text is the cosine of the two TF-IDF vectors and services, tags
// and factors are the Jaccard index of the two sets (shared / all). A
// kind of label neither COE has is left out of the sum, weight and all,
// so two COEs without factors are not held back by them; a kind one of
// them has and the other lacks counts as 0.
package related

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/coe-cli/coe/coe"
)

// The weights of the score (see the package comment).
const (
	WeightText     = 0.5
	WeightServices = 0.2
	WeightTags     = 0.15
	WeightFactors  = 0.15
)

// TopTerms is how many terms of a COE its vector keeps: those of the
// highest weight. Cosines are of these vectors, normalized.
const TopTerms = 64

// maxDocTerms is how many distinct terms of one COE are counted at all
// (its most frequent): a COE of 10,000 distinct words cannot fill the
// vocabulary.
const maxDocTerms = 1024

// maxTitle caps the title kept of each COE, in bytes.
const maxTitle = 300

// titleWeight is how many times the title's words count: the title names
// the failure.
const titleWeight = 2

// Builder gathers COEs for an Index. Its methods may be called from
// several goroutines at once: a COE's words are looked up under a read
// lock, so that goroutines adding COEs of known words do not take turns,
// and only its new words, if any, are numbered under the write lock.
type Builder struct {
	mu    sync.RWMutex // over ids and terms
	ids   map[string]uint32
	terms []string
	dmu   sync.Mutex // over docs
	docs  []*pending
}

// noTerm is, in a pending COE's tf, a word not numbered yet: no
// vocabulary reaches 2^32-1 words.
const noTerm = math.MaxUint32

type pending struct {
	doc
	tf     []termCount
	labels [kinds][]string
}

type termCount struct {
	term uint32
	n    int32
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{ids: map[string]uint32{}} }

// Text calls fn with each piece of text of c that similarity reads, the
// seven answers: the title (TitleWeight times), what happened and the
// timeline's events, the impact, the root cause and its whys, the
// supporting data's titles and notes, the implications, the lessons, and
// the corrective actions' text and notes.
func Text(c *coe.COE, fn func(string)) {
	for range titleWeight {
		fn(c.Title)
	}
	fn(c.WhatHappened)
	for _, e := range c.Timeline {
		fn(e.Event)
	}
	fn(c.Impact.Customers)
	fn(c.Impact.Business)
	fn(c.Impact.Communication)
	fn(c.RootCause.Summary)
	for _, w := range c.RootCause.Whys {
		fn(w)
	}
	for _, d := range c.SupportingData {
		fn(d.Title)
		fn(d.Note)
	}
	fn(c.Implications.Security)
	fn(c.Implications.Other)
	for _, l := range c.Lessons {
		fn(l)
	}
	for _, a := range c.CorrectiveActions {
		fn(a.Action)
		fn(a.Note)
	}
}

// Add adds the COE c under key, the id it is known by (its file name's
// stem). A key added twice is kept once, the last time.
func (b *Builder) Add(key string, c *coe.COE) {
	ct, _ := counters.Get().(*counter)
	if ct == nil {
		ct = &counter{idx: map[string]int32{}}
	}
	defer ct.reset()
	Text(c, func(s string) { tokenize(s, ct.buf[:0], ct.add) })
	local := ct.top()
	b.add(key, cleanTitle(c.Title), labelSet(c.Related),
		[kinds][]string{labelSet(c.Services), labelSet(c.Tags), labelSet(c.ContributingFactors)},
		len(local), func(i int) (string, int32) { return ct.terms[local[i]], ct.n[local[i]] })
}

// top is the numbers of the terms counted that a COE's vector may take:
// all of them, or the maxDocTerms most frequent (ties by term).
func (ct *counter) top() []int32 {
	local := make([]int32, len(ct.terms))
	for i := range local {
		local[i] = int32(i)
	}
	if len(local) > maxDocTerms {
		slices.SortFunc(local, func(x, y int32) int {
			return cmp.Or(cmp.Compare(ct.n[y], ct.n[x]), strings.Compare(ct.terms[x], ct.terms[y]))
		})
		local = local[:maxDocTerms]
	}
	return local
}

// add adds a COE under key: its title as one line (cleanTitle; "" for the
// key), its related ids and labels as sets (labelSet), and its n terms
// with their counts, each given by term(i).
func (b *Builder) add(key, title string, related []string, labels [kinds][]string, n int, term func(i int) (string, int32)) {
	tf := make([]termCount, n)
	missing := false
	b.mu.RLock()
	for i := range tf {
		t, count := term(i)
		id, ok := b.ids[t]
		if !ok {
			id, missing = noTerm, true
		}
		tf[i] = termCount{id, count}
	}
	b.mu.RUnlock()
	if missing {
		b.mu.Lock()
		for i := range tf {
			if tf[i].term == noTerm {
				t, _ := term(i)
				tf[i].term = b.number(t)
			}
		}
		b.mu.Unlock()
	}
	b.push(key, title, related, labels, tf)
}

// number is the number of the word t, numbered now if new: under b.mu,
// written.
func (b *Builder) number(t string) uint32 {
	id, ok := b.ids[t]
	if !ok {
		id = b.newTerm(t)
	}
	return id
}

// numberBytes is number of the word w, which is copied only if new.
func (b *Builder) numberBytes(w []byte) uint32 {
	id, ok := b.ids[string(w)]
	if !ok {
		id = b.newTerm(string(w))
	}
	return id
}

func (b *Builder) newTerm(t string) uint32 {
	id := uint32(len(b.terms))
	b.ids[t] = id
	b.terms = append(b.terms, t)
	return id
}

// push adds the COE key of terms tf (numbered) to the COEs to build.
func (b *Builder) push(key, title string, related []string, labels [kinds][]string, tf []termCount) {
	if title == "" {
		title = key
	}
	p := &pending{doc: doc{key: key, title: title, related: related}, tf: tf, labels: labels}
	b.dmu.Lock()
	b.docs = append(b.docs, p)
	b.dmu.Unlock()
}

// counter counts the terms of one COE: each new term is allocated once.
type counter struct {
	idx   map[string]int32
	terms []string
	n     []int32
	buf   [4*MaxTokenLen + 4]byte
}

var counters sync.Pool

func (c *counter) add(tok []byte) {
	if i, ok := c.idx[string(tok)]; ok {
		c.n[i]++
		return
	}
	t := string(tok)
	c.idx[t] = int32(len(c.terms))
	c.terms = append(c.terms, t)
	c.n = append(c.n, 1)
}

func (c *counter) reset() {
	if len(c.terms) > 4*maxDocTerms {
		return // a big COE's counter is left to the collector
	}
	clear(c.idx)
	clear(c.terms)
	c.terms, c.n = c.terms[:0], c.n[:0]
	counters.Put(c)
}

// cleanTitle is the title as one line, capped at maxTitle bytes.
func cleanTitle(title string) string {
	t := strings.Join(strings.Fields(title), " ")
	if len(t) > maxTitle {
		t = strings.ToValidUTF8(t[:maxTitle], "") + "…"
	}
	return t
}

// labelSet is labels without blanks and repeats, sorted.
func labelSet(labels []string) []string {
	var out []string
	for _, l := range labels {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// The kinds of labels, in the order of the score's weights and reasons.
const (
	services = iota
	tags
	factors
	kinds
)

var labelWeights = [kinds]float64{WeightServices, WeightTags, WeightFactors}

// Index is the COEs of a Builder, ready to be compared. It is safe for
// concurrent use.
type Index struct {
	docs  []doc
	byKey map[string]int32
	terms []string
	// post lists, for each term, the COEs whose vector holds it, in
	// order. heads are, for a near search's Walk, the first Walk of each
	// term's by weight (highest first), then by COE (byWeight).
	post  [][]posting
	mu    sync.Mutex
	heads map[int][][]posting
	// names are the labels of each kind, sorted: a label's number is its
	// place here. labels lists, for each, its COEs in order.
	names  [kinds][]string
	labels [kinds][][]int32
}

type doc struct {
	key, title string
	// vec is the COE's normalized TF-IDF vector, by term.
	vec []entry
	// labels are the numbers of the COE's labels of each kind, sorted.
	labels [kinds][]int32
	// related is the COE's related: list, sorted.
	related []string
}

type entry struct {
	term uint32
	w    float32
}

type posting struct {
	doc int32
	w   float32
}

// IDF is the inverse document frequency of a term found in df of n COEs,
// smoothed so that a term in every COE still counts a little and a
// repository of two COEs still compares them: 1 + ln((1+n)/(1+df)).
func IDF(n, df int) float64 { return 1 + math.Log(float64(1+n)/float64(1+df)) }

// TF is the weight of a term found n times in a COE: 1 + ln(n), so that a
// word repeated ten times counts not ten times but about three.
func TF(n int) float64 { return 1 + math.Log(float64(n)) }

// tfSmall is TF(n) of the counts most words have, computed by TF: the same
// float64s.
var tfSmall = func() (t [64]float64) {
	for n := range t {
		t[n] = TF(n)
	}
	return t
}()

// tfOf is TF(n), from tfSmall when it holds it.
func tfOf(n int32) float64 {
	if uint32(n) < uint32(len(tfSmall)) {
		return tfSmall[n]
	}
	return tfLarge(n)
}

// tfLarge is TF(n), apart so that tfOf is inlined.
//
//go:noinline
func tfLarge(n int32) float64 { return TF(int(n)) }

// weighted is a term of a COE and its weight (TF x IDF: finite, at least 1).
type weighted struct {
	term uint32
	w    float64
}

// heavier orders weighted terms: the heaviest first, ties by term. No two
// terms of a COE are the same, so it is a total order.
func heavier(x, y weighted) bool { return x.w > y.w || x.w == y.w && x.term < y.term }

func weightOrder(x, y weighted) int {
	switch {
	case heavier(x, y):
		return -1
	case heavier(y, x):
		return 1
	}
	return 0
}

// sortHeavier sorts ws by heavier, heaviest first. heavier being a total
// order of the values Build weighs (finite, never -0: a TF of at least 1
// times an IDF), any sort gives what slices.SortFunc(ws, weightOrder)
// gives; for the few terms of a vector, a quicksort of inlined comparisons
// is cheaper than its calls of a func value.
func sortHeavier(ws []weighted) {
	if len(ws) > TopTerms {
		slices.SortFunc(ws, weightOrder) // in time n log n, whatever the order
		return
	}
	for len(ws) > 12 {
		// The median of the first, middle and last is the pivot, put
		// at 1, with the heavier of the others at 0 and the lighter at
		// the end: neither scan below runs off ws.
		m, l := len(ws)/2, len(ws)-1
		if heavier(ws[m], ws[0]) {
			ws[m], ws[0] = ws[0], ws[m]
		}
		if heavier(ws[l], ws[m]) {
			ws[l], ws[m] = ws[m], ws[l]
			if heavier(ws[m], ws[0]) {
				ws[m], ws[0] = ws[0], ws[m]
			}
		}
		pivot := ws[m]
		ws[m], ws[1] = ws[1], ws[m]
		i, j := 2, l-1
		for {
			for heavier(ws[i], pivot) {
				i++
			}
			for heavier(pivot, ws[j]) {
				j--
			}
			if i >= j {
				break
			}
			ws[i], ws[j] = ws[j], ws[i]
			i++
			j--
		}
		ws[1], ws[j] = ws[j], ws[1]
		// ws[:j] are not lighter than the pivot, now at j, ws[j+1:] not
		// heavier: sort the smaller part, then go on with the larger.
		if j < len(ws)-j {
			sortHeavier(ws[:j])
			ws = ws[j+1:]
		} else {
			sortHeavier(ws[j+1:])
			ws = ws[:j]
		}
	}
	for i := 1; i < len(ws); i++ {
		x := ws[i]
		j := i
		for ; j > 0 && heavier(x, ws[j-1]); j-- {
			ws[j] = ws[j-1]
		}
		ws[j] = x
	}
}

// b2i is 1 for true, 0 for false (compiled without a branch).
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// heaviest returns the k heaviest of ws, heaviest first: what sorting all
// of ws and keeping k gives, in time linear in len(ws) (a selection of
// the k, then a sort of them), the sort of the whole being a third of the
// index's build. A selection that takes too many rounds (a pathological
// order) sorts the rest instead.
func heaviest(ws []weighted, k int) []weighted {
	if len(ws) <= k {
		sortHeavier(ws)
		return ws
	}
	lo, hi := 0, len(ws) // ws[:lo] are among the k heaviest, ws[hi:] not
	for rounds := 0; hi-lo > 1; rounds++ {
		if rounds > 64 {
			slices.SortFunc(ws[lo:hi], weightOrder)
			break
		}
		// Partition ws[lo:hi] around its middle element.
		mid := lo + (hi-lo)/2
		ws[mid], ws[hi-1] = ws[hi-1], ws[mid]
		pivot := ws[hi-1]
		p := lo
		for j := lo; j < hi-1; j++ {
			// Each is swapped to p, which moves on past those heavier:
			// a loop without a branch on the comparison, which no
			// processor can predict.
			x := ws[j]
			ws[j] = ws[p]
			ws[p] = x
			p += b2i(x.w > pivot.w) | b2i(x.w == pivot.w)&b2i(x.term < pivot.term) // heavier(x, pivot)
		}
		ws[p], ws[hi-1] = ws[hi-1], ws[p]
		// ws[lo:p] are heavier than the pivot, now at p, and the rest
		// lighter.
		switch {
		case k == p || k == p+1:
			lo = hi
		case k < p:
			hi = p
		default:
			lo = p + 1
		}
	}
	ws = ws[:k]
	sortHeavier(ws)
	return ws
}

// Build makes the Index of the COEs added. Each COE's vector is the
// TF(count) x IDF weights of its terms, the TopTerms highest kept (ties by
// term), normalized to length 1. The Builder is not to be used after.
func (b *Builder) Build() *Index {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dmu.Lock()
	defer b.dmu.Unlock()
	pend := b.docs
	// A term's document frequency counts each COE added that holds it,
	// the replaced of a key added twice too (as it always has).
	df := make([]int32, len(b.terms))
	for i := range pend {
		for _, tc := range pend[i].tf {
			df[tc.term]++
		}
	}
	slices.SortStableFunc(pend, func(x, y *pending) int { return strings.Compare(x.key, y.key) })
	// A key added twice: the last one stands.
	keep := pend[:0]
	for i := range pend {
		if len(keep) > 0 && keep[len(keep)-1].key == pend[i].key {
			keep[len(keep)-1] = pend[i]
			continue
		}
		keep = append(keep, pend[i])
	}
	pend = keep
	// Terms are numbered in the order of their text, so that the same
	// COEs give the same index (and sums in the same order) however the
	// goroutines took turns adding them.
	order := make([]uint32, len(b.terms))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int { return strings.Compare(b.terms[x], b.terms[y]) })
	renum := make([]uint32, len(b.terms))
	ix := &Index{docs: make([]doc, len(pend)), byKey: make(map[string]int32, len(pend)), terms: make([]string, len(b.terms))}
	for newID, old := range order {
		renum[old] = uint32(newID)
		ix.terms[newID] = b.terms[old]
	}
	// Labels are numbered in the order of their text too.
	for k := range kinds {
		var all []string
		for i := range pend {
			all = append(all, pend[i].labels[k]...)
		}
		slices.Sort(all)
		ix.names[k] = slices.Compact(all)
		for i := range pend {
			nums := make([]int32, len(pend[i].labels[k]))
			for j, l := range pend[i].labels[k] {
				n, _ := slices.BinarySearch(ix.names[k], l)
				nums[j] = int32(n)
			}
			pend[i].doc.labels[k] = nums
		}
	}
	n := len(pend)
	idf := make([]float64, len(b.terms))
	for t, c := range df {
		idf[t] = IDF(n, int(c))
	}
	coe.Parallel(len(pend), func(i int) {
		sp, _ := scratches.Get().(*[]weighted)
		if sp == nil {
			sp = new([]weighted)
		}
		ws := (*sp)[:0]
		for _, tc := range pend[i].tf {
			ws = append(ws, weighted{renum[tc.term], tfOf(tc.n) * idf[tc.term]})
		}
		*sp = ws
		ws = heaviest(ws, TopTerms)
		var norm float64
		for _, w := range ws {
			norm += w.w * w.w
		}
		norm = math.Sqrt(norm)
		d := pend[i].doc
		d.vec = make([]entry, len(ws))
		vectorOf(d.vec, ws, norm)
		scratches.Put(sp)
		ix.docs[i] = d
		pend[i] = nil
	})
	b.docs, b.ids, b.terms = nil, nil, nil
	// The postings, in the order of the COEs: enough for an exact
	// search; a near one sorts them by weight first (byWeight).
	counts := make([]int32, len(ix.terms))
	for i := range ix.docs {
		ix.byKey[ix.docs[i].key] = int32(i)
		for _, e := range ix.docs[i].vec {
			counts[e.term]++
		}
	}
	ix.post = make([][]posting, len(ix.terms))
	for t, c := range counts {
		if c > 0 {
			ix.post[t] = make([]posting, 0, c)
		}
	}
	for i := range ix.docs {
		for _, e := range ix.docs[i].vec {
			ix.post[e.term] = append(ix.post[e.term], posting{int32(i), e.w})
		}
	}
	for k := range kinds {
		ix.labels[k] = make([][]int32, len(ix.names[k]))
		for i := range ix.docs {
			for _, l := range ix.docs[i].labels[k] {
				ix.labels[k][l] = append(ix.labels[k][l], int32(i))
			}
		}
	}
	return ix
}

// scratches hold the weighted terms of a COE while Build weighs them.
var scratches sync.Pool

// vectorOf fills vec with the terms of ws (heaviest first), their weights
// divided by norm, by term: what sorting vec by term alone gives. A COE's
// terms are distinct words, but for Terms that repeat one (AddTerms and
// AddEncoded take them as they are): their order then is that of the
// sort by term alone, which the sort of keys does not give, so that sort
// is done instead.
func vectorOf(vec []entry, ws []weighted, norm float64) {
	// keys are the terms, each beside its place in ws: the sort of
	// distinct keys is of plain integers.
	var buf [TopTerms]uint64
	keys := buf[:0]
	for k, w := range ws {
		keys = append(keys, uint64(w.term)<<32|uint64(k))
	}
	for i := 1; i < len(keys); i++ { // an insertion sort: at most TopTerms keys
		x := keys[i]
		j := i
		for ; j > 0 && x < keys[j-1]; j-- {
			keys[j] = keys[j-1]
		}
		keys[j] = x
	}
	for j, key := range keys {
		w := ws[uint32(key)]
		if j > 0 && uint32(keys[j-1]>>32) == w.term {
			for k, w := range ws {
				vec[k] = entry{w.term, float32(w.w / norm)}
			}
			slices.SortFunc(vec, func(x, y entry) int { return cmp.Compare(x.term, y.term) })
			return
		}
		vec[j] = entry{w.term, float32(w.w / norm)}
	}
}

// byWeight returns, for a near search walking walk postings of each term
// (Options.Walk), the walk first of each term's postings by weight,
// highest first, then by COE: made once for each walk, by picking them
// rather than sorting all.
func (ix *Index) byWeight(walk int) [][]posting {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if h, ok := ix.heads[walk]; ok {
		return h
	}
	heads := make([][]posting, len(ix.post))
	order := func(x, y posting) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.doc, y.doc)) }
	coe.Parallel(len(ix.post), func(t int) {
		p := ix.post[t]
		h := slices.Clone(p[:min(len(p), walk)])
		slices.SortFunc(h, order)
		for _, x := range p[len(h):] {
			// The postings come by COE: one of the same weight as the
			// last kept ranks after it.
			if x.w <= h[len(h)-1].w {
				continue
			}
			i, _ := slices.BinarySearchFunc(h, x, order)
			copy(h[i+1:], h[i:len(h)-1])
			h[i] = x
		}
		heads[t] = h
	})
	if ix.heads == nil {
		ix.heads = map[int][][]posting{}
	}
	ix.heads[walk] = heads
	return heads
}

// Len is the number of COEs in the index.
func (ix *Index) Len() int { return len(ix.docs) }

// Has reports whether key is a COE of the index.
func (ix *Index) Has(key string) bool { _, ok := ix.byKey[key]; return ok }

// Terms returns the vector of the COE key: its terms and their weights,
// highest first (ties by term). For tests and curious users.
func (ix *Index) Terms(key string) (terms []string, weights []float64) {
	i, ok := ix.byKey[key]
	if !ok {
		return nil, nil
	}
	v := slices.Clone(ix.docs[i].vec)
	slices.SortFunc(v, func(x, y entry) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.term, y.term)) })
	for _, e := range v {
		terms = append(terms, ix.terms[e.term])
		weights = append(weights, float64(e.w))
	}
	return terms, weights
}
