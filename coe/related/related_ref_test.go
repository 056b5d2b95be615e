package related

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/coe-cli/coe/coe"
)

// refBuilder is the Builder of commit 5ded286, before AddEncoded and the
// cheaper Build: one mutex over every word's look-up, IDF and TF computed
// for each term of each COE, sorts through func values. It shares with
// the Builder only what did not change (Text, the counter, labelSet,
// cleanTitle, TF, IDF, the types). Tests hold the Builder's index to its,
// bit for bit.
type refBuilder struct {
	mu    sync.Mutex
	ids   map[string]uint32
	terms []string
	df    []int32
	docs  []pending
}

func newRefBuilder() *refBuilder { return &refBuilder{ids: map[string]uint32{}} }

func (b *refBuilder) Add(key string, c *coe.COE) {
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

func (b *refBuilder) AddTerms(key string, t *Terms) {
	n := min(len(t.Words), len(t.Counts), maxDocTerms)
	words, counts := t.Words[:n], t.Counts[:n]
	for i := range n {
		if counts[i] < 1 {
			words, counts = nil, nil
			for j := range n {
				if t.Counts[j] >= 1 {
					words, counts = append(words, t.Words[j]), append(counts, t.Counts[j])
				}
			}
			break
		}
	}
	b.add(key, t.Title, labelSet(t.Related), [kinds][]string{labelSet(t.Services), labelSet(t.Tags), labelSet(t.Factors)},
		len(words), func(i int) (string, int32) { return words[i], counts[i] })
}

func (b *refBuilder) add(key, title string, related []string, labels [kinds][]string, n int, term func(i int) (string, int32)) {
	if title == "" {
		title = key
	}
	p := pending{doc: doc{key: key, title: title, related: related}, labels: labels}
	p.tf = make([]termCount, n)
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range n {
		t, count := term(i)
		id, ok := b.ids[t]
		if !ok {
			id = uint32(len(b.terms))
			b.ids[t] = id
			b.terms = append(b.terms, t)
			b.df = append(b.df, 0)
		}
		b.df[id]++
		p.tf[i] = termCount{id, count}
	}
	b.docs = append(b.docs, p)
}

func refHeavier(x, y weighted) bool { return x.w > y.w || x.w == y.w && x.term < y.term }

func refWeightOrder(x, y weighted) int {
	switch {
	case refHeavier(x, y):
		return -1
	case refHeavier(y, x):
		return 1
	}
	return 0
}

func refHeaviest(ws []weighted, k int) []weighted {
	if len(ws) <= k {
		slices.SortFunc(ws, refWeightOrder)
		return ws
	}
	lo, hi := 0, len(ws)
	for rounds := 0; hi-lo > 1; rounds++ {
		if rounds > 64 {
			slices.SortFunc(ws[lo:hi], refWeightOrder)
			break
		}
		mid := lo + (hi-lo)/2
		ws[mid], ws[hi-1] = ws[hi-1], ws[mid]
		pivot := ws[hi-1]
		p := lo
		for j := lo; j < hi-1; j++ {
			if refHeavier(ws[j], pivot) {
				ws[j], ws[p] = ws[p], ws[j]
				p++
			}
		}
		ws[p], ws[hi-1] = ws[hi-1], ws[p]
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
	slices.SortFunc(ws, refWeightOrder)
	return ws
}

func (b *refBuilder) Build() *Index {
	b.mu.Lock()
	defer b.mu.Unlock()
	pend := b.docs
	slices.SortStableFunc(pend, func(x, y pending) int { return strings.Compare(x.key, y.key) })
	keep := pend[:0]
	for i := range pend {
		if len(keep) > 0 && keep[len(keep)-1].key == pend[i].key {
			keep[len(keep)-1] = pend[i]
			continue
		}
		keep = append(keep, pend[i])
	}
	pend = keep
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
	coe.Parallel(len(pend), func(i int) {
		ws := make([]weighted, 0, len(pend[i].tf))
		for _, tc := range pend[i].tf {
			ws = append(ws, weighted{renum[tc.term], TF(int(tc.n)) * IDF(n, int(b.df[tc.term]))})
		}
		ws = refHeaviest(ws, TopTerms)
		var norm float64
		for _, w := range ws {
			norm += w.w * w.w
		}
		norm = math.Sqrt(norm)
		d := pend[i].doc
		d.vec = make([]entry, len(ws))
		for k, w := range ws {
			d.vec[k] = entry{w.term, float32(w.w / norm)}
		}
		slices.SortFunc(d.vec, func(x, y entry) int { return cmp.Compare(x.term, y.term) })
		ix.docs[i] = d
		pend[i] = pending{}
	})
	b.docs, b.ids, b.terms, b.df = nil, nil, nil, nil
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

func refSortByTerm(vec []entry) {
	slices.SortFunc(vec, func(x, y entry) int { return cmp.Compare(x.term, y.term) })
}
