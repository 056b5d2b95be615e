package related

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/coe-cli/coe/coe"
)

func tokens(s string) []string {
	var out []string
	Tokenize(s, func(t string) { out = append(out, t) })
	return out
}

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"The cache's TTL was 300 seconds", []string{"cache", "ttl", "second"}},
		{"Retries and alerts; status, DNS, process", []string{"retry", "alert", "status", "dns", "process"}},
		{"don't x 42 a1 ß Überweisung", []string{"a1", "überweisung"}},
		{"see https://dash.example.com/d/groups?x=1 and [graph](http://g.example/a) done", []string{"see", "graph", "done"}},
		{strings.Repeat("a", MaxTokenLen) + " " + strings.Repeat("b", MaxTokenLen+1) + " ok", []string{strings.Repeat("a", MaxTokenLen), "ok"}},
		{"caf\u0065\u0301 naïve", []string{"caf\u0065\u0301", "naïve"}}, // a combining mark stays in its word
		{"", nil},
		{"\xff\xfe bad\x00bytes", []string{"bad", "byte"}},
		{"the of and was", nil},
		{"x's 'quoted' it’s", []string{"xs", "quoted"}},
	} {
		if got := tokens(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStopWordsFit(t *testing.T) {
	for w := range stopWords {
		if len(w) > maxStopWord || strings.ToLower(w) != w {
			t.Errorf("stop word %q: longer than maxStopWord (%d) or not lowercase", w, maxStopWord)
		}
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"alerts": "alert", "retries": "retry", "ties": "tie", "classes": "class", "status": "status",
		"dns": "dns", "analysis": "analysis", "process": "process", "caches": "cache", "bus": "bus",
		"patches": "patch", "fixes": "fix", "crashes": "crash", "processes": "process", "reaches": "reach", "boxes": "box",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

// fixture is a corpus small enough to compute by hand:
//
//	A: title "Cache TTL" (counted twice), what happened "cache expired":
//	   cache 3, ttl 2, expired 1; services [cache-svc]; factors [config-change]
//	B: title "Cache stale", what happened "ttl":
//	   cache 2, stale 2, ttl 1; services [cache-svc, api]
//	C: title "Disk full": disk 2, full 2; services [storage]
//
// N = 3; df: cache 2, ttl 2, the others 1; IDF = 1 + ln((1+N)/(1+df)):
// 1 + ln(4/3) = 1.287682 for df 2, 1 + ln 2 = 1.693147 for df 1.
// TF = 1 + ln(n): 2.098612 for 3, 1.693147 for 2, 1 for 1.
//
//	A = cache 2.098612 x 1.287682 = 2.702345, ttl 1.693147 x 1.287682 = 2.180235,
//	    expired 1 x 1.693147 = 1.693147; |A| = 3.863010
//	B = cache 2.180235, stale 1.693147^2 = 2.866747, ttl 1.287682; |B| = 3.824891
//	cos(A, B) = (2.702345 x 2.180235 + 2.180235 x 1.287682) / (3.863010 x 3.824891) = 0.588755
//
// score(A, B): services Jaccard 1/2 ({cache-svc} of {cache-svc, api}),
// no tags on either (left out), factors 0 (A has one, B none):
// (0.5 x 0.588755 + 0.2 x 0.5 + 0.15 x 0) / (0.5 + 0.2 + 0.15) = 0.463973.
// C shares nothing with A: score 0, never suggested.
func fixture() []*coe.COE {
	return []*coe.COE{
		{ID: "a", Title: "Cache TTL", WhatHappened: "cache expired", Services: []string{"cache-svc"}, ContributingFactors: []string{"config-change"}, Related: []string{"z"}},
		{ID: "b", Title: "Cache stale", WhatHappened: "ttl", Services: []string{"cache-svc", "api"}},
		{ID: "c", Title: "Disk full", Services: []string{"storage"}},
	}
}

func build(cs []*coe.COE) *Index {
	b := NewBuilder()
	for _, c := range cs {
		b.Add(c.ID, c)
	}
	return b.Build()
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestHandComputed(t *testing.T) {
	ix := build(fixture())
	terms, weights := ix.Terms("a")
	if !slices.Equal(terms, []string{"cache", "ttl", "expired"}) {
		t.Fatalf("terms of a = %q", terms)
	}
	for i, w := range []float64{2.702345 / 3.863010, 2.180235 / 3.863010, 1.693147 / 3.863010} {
		if math.Abs(weights[i]-w) > 1e-5 {
			t.Errorf("weight of %s = %f, want %f", terms[i], weights[i], w)
		}
	}
	got, err := ix.Similar("a", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("Similar(a) = %+v, want b alone", got)
	}
	s := got[0]
	if s.ID != "b" || s.Title != "Cache stale" || s.TextScore != 0.589 || s.Score != 0.464 || s.AlreadyRelated {
		t.Errorf("suggestion = %+v, want b, text 0.589, score 0.464", s)
	}
	want := []string{"same service cache-svc", "similar words: cache, ttl"}
	if r := s.Reasons(); !slices.Equal(r, want) {
		t.Errorf("reasons = %q, want %q", r, want)
	}
	// The same pair seen from b: the score is symmetric.
	back, _ := ix.Similar("b", Options{})
	if len(back) != 1 || back[0].ID != "a" || back[0].Score != 0.464 {
		t.Errorf("Similar(b) = %+v", back)
	}
	if _, err := ix.Similar("nope", Options{}); err == nil {
		t.Error("Similar of an unknown key: no error")
	}
}

func TestScoreBlend(t *testing.T) {
	// No text in common; the labels alone.
	cs := []*coe.COE{
		{ID: "p", Title: "alpha", Services: []string{"s1", "s2"}, Tags: []string{"t1"}, ContributingFactors: []string{"config-change", "missing-alert"}},
		{ID: "q", Title: "beta", Services: []string{"s2", "s1"}, Tags: []string{"t1", "t2"}, ContributingFactors: []string{"config-change"}},
		{ID: "r", Title: "gamma", Tags: []string{"t2"}},
	}
	ix := build(cs)
	got, _ := ix.Similar("p", Options{})
	// p-q: text 0, services 2/2, tags 1/2, factors 1/2:
	// (0.5 x 0 + 0.2 x 1 + 0.15 x 0.5 + 0.15 x 0.5) / 1 = 0.35
	if len(got) != 1 || got[0].ID != "q" || got[0].Score != 0.35 || got[0].TextScore != 0 {
		t.Fatalf("Similar(p) = %+v", got)
	}
	if r := got[0].Reasons(); !slices.Equal(r, []string{"same services s1, s2", "shared tag t1", "shared factor config-change"}) {
		t.Errorf("reasons = %q", r)
	}
	// q-r: services 0 (q has two), tags 1/2, factors 0 (q has one):
	// (0.15 x 0.5) / 1 = 0.075
	got, _ = ix.Similar("r", Options{})
	if len(got) != 1 || got[0].ID != "q" || got[0].Score != 0.075 {
		t.Fatalf("Similar(r) = %+v", got)
	}
	got, _ = ix.Similar("r", Options{MinScore: 0.1})
	if len(got) != 0 {
		t.Errorf("MinScore 0.1 kept %+v", got)
	}
}

func TestLimitTiesAndRelated(t *testing.T) {
	// Five COEs alike in every way but their ids: ties broken by id.
	var cs []*coe.COE
	for _, id := range []string{"e", "c", "a", "d", "b", "q"} {
		cs = append(cs, &coe.COE{ID: id, Title: "payment timeout", Services: []string{"pay"}})
	}
	cs[5].Related = []string{"d", "e"}
	ix := build(cs)
	got, _ := ix.Similar("q", Options{Limit: 2})
	var ids []string
	for _, s := range got {
		ids = append(ids, fmt.Sprintf("%s:%v", s.ID, s.AlreadyRelated))
	}
	// a, b fill the limit; d and e are related already and listed
	// beside, in order; q itself never.
	if want := []string{"a:false", "b:false", "d:true", "e:true"}; !slices.Equal(ids, want) {
		t.Errorf("Similar(q, limit 2) = %q, want %q", ids, want)
	}
	got, _ = ix.Similar("a", Options{Limit: 3})
	ids = ids[:0]
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if want := []string{"b", "c", "d"}; !slices.Equal(ids, want) {
		t.Errorf("Similar(a, limit 3) = %q, want %q", ids, want)
	}
}

// TestDeterministic adds the same COEs in different orders and from
// several goroutines: the suggestions are the same, to the last bit.
func TestDeterministic(t *testing.T) {
	var cs []*coe.COE
	words := strings.Fields("cache ttl dns timeout retry queue payment refund speaker firmware token group carrier")
	for i := range 60 {
		c := &coe.COE{ID: fmt.Sprintf("c%02d", i), Title: words[i%len(words)] + " " + words[(i*7)%len(words)]}
		c.WhatHappened = strings.Join([]string{words[(i*3)%len(words)], words[(i*5)%len(words)], words[i%4]}, " ")
		c.Services = []string{words[i%5]}
		cs = append(cs, c)
	}
	want := fmt.Sprint(build(cs).All(Options{Limit: 5}))
	rev := slices.Clone(cs)
	slices.Reverse(rev)
	if got := fmt.Sprint(build(rev).All(Options{Limit: 5})); got != want {
		t.Errorf("reversed order differs:\n%s\n%s", got, want)
	}
	b := NewBuilder()
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Add(1)
		go func() { defer wg.Done(); b.Add(c.ID, c) }()
	}
	wg.Wait()
	if got := fmt.Sprint(b.Build().All(Options{Limit: 5})); got != want {
		t.Errorf("concurrent adds differ")
	}
}

// TestWalkExactScores: a near search (Walk) reports exact scores, and on a
// corpus smaller than Walk finds what the exact one does.
func TestWalkExactScores(t *testing.T) {
	ix := build(fixture())
	exact, _ := ix.Similar("a", Options{Limit: 3})
	all := ix.All(Options{Limit: 3, Walk: 100})
	if fmt.Sprint(all[0]) != fmt.Sprint(exact) {
		t.Errorf("All(Walk)[a] = %+v, want %+v", all[0], exact)
	}
	var cs []*coe.COE
	for i := range 200 {
		cs = append(cs, &coe.COE{ID: fmt.Sprintf("x%03d", i), Title: "common words here", WhatHappened: fmt.Sprintf("rare%c%c", 'a'+i%26, 'a'+i/26), Tags: []string{"everywhere"}})
	}
	ix = build(cs)
	near := ix.All(Options{Limit: 2, Walk: 10})
	for i, list := range near {
		for _, s := range list {
			ex, _ := ix.Similar(ix.Keys()[i], Options{})
			k := slices.IndexFunc(ex, func(e Suggestion) bool { return e.ID == s.ID })
			if k < 0 || ex[k].Score != s.Score {
				t.Fatalf("near suggestion %+v of %s is not scored as the exact search does", s, ix.Keys()[i])
			}
		}
	}
}

// TestWalkLabels: a near search finds the COEs that share a label with
// one when its words are no guide (every COE reads the same): the text
// walk alone would find two arbitrary ones.
func TestWalkLabels(t *testing.T) {
	var cs []*coe.COE
	for i := range 300 {
		cs = append(cs, &coe.COE{ID: fmt.Sprintf("x%03d", i), Title: "cache expired everywhere", Services: []string{fmt.Sprintf("s%d", i%10)}})
	}
	ix := build(cs)
	for i, list := range ix.All(Options{Limit: 3, Walk: 2}) {
		if len(list) != 3 {
			t.Fatalf("%s: %d suggestions", ix.Keys()[i], len(list))
		}
		for _, s := range list {
			// Same text (1) and same service: (0.5 + 0.2) / 0.7 = 1.
			if s.Score != 1 || len(s.Services) != 1 {
				t.Fatalf("%s: near suggestion %+v does not share its service", ix.Keys()[i], s)
			}
		}
	}
}

func TestEmptyAndTextless(t *testing.T) {
	ix := NewBuilder().Build()
	if ix.Len() != 0 || len(ix.All(Options{})) != 0 {
		t.Error("empty index is not empty")
	}
	ix = build([]*coe.COE{{ID: "a"}, {ID: "b"}})
	got, _ := ix.Similar("a", Options{})
	if len(got) != 0 {
		t.Errorf("two empty COEs are similar: %+v", got)
	}
	if !near(IDF(3, 2), 1.287682) || !near(TF(3), 2.098612) {
		t.Errorf("IDF or TF off: %f %f", IDF(3, 2), TF(3))
	}
}

// TestHeaviest holds the selection of a COE's heaviest terms to a sort of
// them all: the same terms in the same order, for lists in every order and
// with many equal weights.
func TestHeaviest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		for _, order := range []string{"random", "ascending", "descending", "equal"} {
			ws := make([]weighted, n)
			for i := range ws {
				ws[i] = weighted{term: uint32(r.Perm(n + 1)[0]*1000 + i), w: float64(1 + r.IntN(5))}
				switch order {
				case "ascending":
					ws[i].w = float64(i)
				case "descending":
					ws[i].w = float64(n - i)
				case "equal":
					ws[i].w = 2
				}
			}
			want := slices.Clone(ws)
			slices.SortFunc(want, func(x, y weighted) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.term, y.term)) })
			want = want[:min(len(want), TopTerms)]
			got := heaviest(slices.Clone(ws), TopTerms)
			if !slices.Equal(got, want) {
				t.Fatalf("%d terms, %s: the heaviest %v, want %v", n, order, got, want)
			}
		}
	}
}
