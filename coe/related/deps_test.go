package related

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// TestStale holds Stale to what it promises: after each kind of change of
// a COE, every COE it says may not differ has exactly the suggestions it
// had; and it says so of most COEs when one COE's title changes.
func TestStale(t *testing.T) {
	const n = 600
	base := func() []*coe.COE {
		cs := make([]*coe.COE, n)
		for i := range cs {
			cs[i] = corpus.COE(i)
		}
		return cs
	}
	index := func(cs []*coe.COE) *Index {
		b := NewBuilder()
		coe.Parallel(len(cs), func(i int) { b.Add(cs[i].ID, cs[i]) })
		return b.Build()
	}
	type result struct {
		sugs   []Suggestion
		scored Scored
	}
	search := func(ix *Index, o Options) map[string]result {
		out := map[string]result{}
		for _, k := range ix.Keys() {
			s, c, err := ix.SimilarDeps(k, o)
			if err != nil {
				t.Fatal(err)
			}
			out[k] = result{s, c}
		}
		return out
	}
	edits := []struct {
		name string
		edit func(cs []*coe.COE)
		// most is how many COEs at most may be stale (0: any number).
		most int
	}{
		{"title", func(cs []*coe.COE) { cs[7].Title += " x" }, n / 5},
		{"title word", func(cs []*coe.COE) { cs[7].Title += " zebra" }, 0},
		{"body", func(cs []*coe.COE) { cs[8].WhatHappened += " Cache cache rollback." }, 0},
		{"action", func(cs []*coe.COE) { cs[9].CorrectiveActions[1].Action = "Page the platypus team on gateway errors" }, 0},
		{"service", func(cs []*coe.COE) { cs[10].Services = append(cs[10].Services, "billing") }, 0},
		{"tag gone", func(cs []*coe.COE) { cs[11].Tags = cs[11].Tags[:1] }, 0},
		{"related", func(cs []*coe.COE) { cs[12].Related = []string{cs[13].ID, cs[300].ID} }, 0},
		// One word many times: the COE comes first among its postings.
		{"focus", func(cs []*coe.COE) { cs[15].WhatHappened += strings.Repeat(" cache", 400) }, 0},
		{"focus two", func(cs []*coe.COE) {
			cs[16].RootCause.Summary += strings.Repeat(" rollback", 300)
			cs[17].Lessons = append(cs[17].Lessons, strings.Repeat(" latency", 300))
		}, 0},
		// A COE's text made another's: it comes among that one's nearest.
		{"copy", func(cs []*coe.COE) {
			c := *cs[19]
			c.ID, c.Title, c.Tags, c.Services = cs[18].ID, cs[19].Title+" too", cs[18].Tags, cs[18].Services
			cs[18] = &c
		}, 0},
		{"two", func(cs []*coe.COE) { cs[14].Title = "Cache"; cs[500].RootCause.Summary = "" }, 0},
	}
	for _, o := range []Options{SiteOptions(), {Limit: 3, MinScore: 0.05, Walk: 4}} {
		old := index(base())
		oldDeps := old.Deps(o)
		before := search(old, o)
		differ := 0
		for _, e := range edits {
			cs := base()
			e.edit(cs)
			ix := index(cs)
			deps := ix.Deps(o)
			stale := ix.Stale(oldDeps, deps, o)
			// Each edit changes the digest of the COE edited, whatever
			// of it changed.
			edited := 0
			for k := range deps {
				if strings.HasPrefix(k, "d") && deps[k] != oldDeps[k] {
					edited++
				}
			}
			if edited == 0 {
				t.Errorf("walk %d, %s: no COE's digest changed", o.Walk, e.name)
			}
			after := search(ix, o)
			nStale := 0
			for k, b := range before {
				if stale(k, b.scored) {
					nStale++
					if !reflect.DeepEqual(b.sugs, after[k].sugs) {
						differ++
					}
					continue
				}
				if !reflect.DeepEqual(b.sugs, after[k].sugs) {
					t.Errorf("walk %d, %s: %s not stale, but its suggestions changed:\n%v\n%v", o.Walk, e.name, k, b.sugs, after[k].sugs)
				}
				if !reflect.DeepEqual(b.scored, after[k].scored) {
					t.Errorf("walk %d, %s: %s not stale, but its search scored others:\n%v\n%v", o.Walk, e.name, k, b.scored, after[k].scored)
				}
			}
			t.Logf("walk %d, %s: %d of %d stale", o.Walk, e.name, nStale, n)
			if e.most > 0 && nStale > e.most {
				t.Errorf("walk %d, %s: %d of %d stale, want at most %d", o.Walk, e.name, nStale, n, e.most)
			}
		}
		if differ == 0 {
			t.Errorf("walk %d: no edit changed any suggestions: the test proves nothing", o.Walk)
		}
	}

	// Other options, other COEs, or no previous Deps: all stale.
	ix := index(base())
	o := SiteOptions()
	d := ix.Deps(o)
	other := o
	other.Limit = 4
	fewer := index(base()[1:])
	for name, stale := range map[string]func(string, Scored) bool{
		"options": ix.Stale(d, ix.Deps(other), other),
		"COEs":    fewer.Stale(d, fewer.Deps(o), o),
		"none":    ix.Stale(nil, d, o),
		"exact":   ix.Stale(d, d, Options{Limit: 5}),
	} {
		if !stale(ix.Keys()[5], Scored{}) {
			t.Errorf("%s: not stale", name)
		}
	}
	if ix.Stale(d, d, o)(ix.Keys()[5], Scored{}) {
		t.Error("same index: stale")
	}
}

// TestByWeight holds the postings picked for a near search to the first
// of each term's sorted all.
func TestByWeight(t *testing.T) {
	b := NewBuilder()
	for i := range 300 {
		c := corpus.COE(i)
		b.Add(c.ID, c)
	}
	ix := b.Build()
	order := func(x, y posting) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.doc, y.doc)) }
	for _, walk := range []int{1, 4, 32, 1000} {
		heads := ix.byWeight(walk)
		for term, p := range ix.post {
			all := slices.SortedFunc(slices.Values(p), order)
			if want := all[:min(len(all), walk)]; !slices.Equal(heads[term], want) {
				t.Fatalf("walk %d, term %q: %v, want %v", walk, ix.terms[term], heads[term], want)
			}
		}
	}
}

// TestStaleCopies holds Stale to its promise over many edits that make a
// COE's text another's (so that it moves among the first postings of the
// other's terms, and among its nearest), with a short walk, where a COE
// moving among a term's first postings changes most.
func TestStaleCopies(t *testing.T) {
	const n = 200
	base := make([]*coe.COE, n)
	for i := range base {
		base[i] = corpus.COE(i)
	}
	o := Options{Limit: 2, MinScore: 0.01, Walk: 16}
	index := func(cs []*coe.COE) *Index {
		b := NewBuilder()
		for _, c := range cs {
			b.Add(c.ID, c)
		}
		return b.Build()
	}
	old := index(base)
	oldDeps := old.Deps(o)
	before := map[string]Scored{}
	sugs := map[string][]Suggestion{}
	for _, k := range old.Keys() {
		s, sc, _ := old.SimilarDeps(k, o)
		before[k], sugs[k] = sc, s
	}
	kept, differ := 0, 0
	for e := range 40 {
		from, to := (e*37+11)%n, (e*53+5)%n
		if from == to {
			continue
		}
		cs := slices.Clone(base)
		c := *cs[from]
		c.ID, c.Title, c.Tags, c.Services, c.Related = cs[to].ID, cs[from].Title+" too", cs[to].Tags, cs[to].Services, cs[to].Related
		cs[to] = &c
		ix := index(cs)
		stale := ix.Stale(oldDeps, ix.Deps(o), o)
		for _, k := range ix.Keys() {
			now, sc, _ := ix.SimilarDeps(k, o)
			same := reflect.DeepEqual(now, sugs[k])
			if !same {
				differ++
			}
			if !stale(k, before[k]) {
				kept++
				if !same {
					t.Errorf("%d to %d: %s not stale, but its suggestions changed:\n%v\n%v", from, to, k, sugs[k], now)
				}
				if !reflect.DeepEqual(sc, before[k]) {
					t.Errorf("%d to %d: %s not stale, but its search scored others:\n%v\n%v", from, to, k, before[k], sc)
				}
			}
		}
	}
	t.Logf("%d kept, %d changed", kept, differ)
	if kept == 0 || differ == 0 {
		t.Errorf("%d kept, %d changed: the test proves nothing", kept, differ)
	}
}
