package related

import (
	"math"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
)

// FuzzRelated tokenizes arbitrary text and compares three COEs made of it:
// no panic; tokens are lowercase runs of letters, digits and marks of at
// most MaxTokenLen characters, never a stop word; scores lie in [0, 1],
// are the same seen from either COE, and a near search's are exact.
func FuzzRelated(f *testing.F) {
	f.Add("Cache TTL expired", "cache stale ttl", "payments", "disk full")
	f.Add("don't https://x.example/a b's", "ÜBERWEISUNG ﬁle café", "a,b", "\xff\x00 42 a1")
	f.Add(strings.Repeat("x", 100), "retries alerts classes", "", "")
	f.Fuzz(func(t *testing.T, a, b, labels, c string) {
		Tokenize(a+" "+b, func(tok string) {
			if tok == "" || utf8.RuneCountInString(tok) > MaxTokenLen+1 || stopWords[tok] {
				t.Fatalf("bad token %q", tok)
			}
			for _, r := range tok {
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
					t.Fatalf("token %q holds %q", tok, r)
				}
			}
		})
		ls := strings.Split(labels, ",")
		cs := []*coe.COE{
			{ID: "a", Title: a, WhatHappened: b, Services: ls, Tags: ls[:1]},
			{ID: "b", Title: b, WhatHappened: c, Services: ls[len(ls)-1:], ContributingFactors: ls},
			{ID: "c", Title: c, RootCause: coe.RootCause{Whys: []string{a, c}}, Related: ls},
		}
		ix := build(cs)
		score := map[[2]string]float64{}
		for _, k := range ix.Keys() {
			got, err := ix.Similar(k, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range got {
				if s.ID == k || s.Score <= 0 || s.Score > 1 || s.TextScore < 0 || s.TextScore > 1 || math.IsNaN(s.Score) {
					t.Fatalf("Similar(%s): %+v", k, s)
				}
				score[[2]string{k, s.ID}] = s.Score
				_ = s.Reasons()
			}
		}
		// A near search reports the exact scores, of COEs the exact
		// search suggests too.
		for i, list := range ix.All(Options{Limit: 2, Walk: 1}) {
			for _, s := range list {
				if want, ok := score[[2]string{ix.Keys()[i], s.ID}]; !ok || want != s.Score {
					t.Fatalf("near %s-%s %v, exact %v (%v)", ix.Keys()[i], s.ID, s.Score, want, ok)
				}
			}
		}
		for p, s := range score {
			if back, ok := score[[2]string{p[1], p[0]}]; !ok || back != s {
				t.Fatalf("score %s-%s %v, back %v (%v)", p[0], p[1], s, back, ok)
			}
		}
	})
}
