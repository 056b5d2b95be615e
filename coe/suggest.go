package coe

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Nearest returns up to n candidates that s is plausibly a typo of, nearest
// first: the same but for case, the local part of an e-mail address, a
// candidate containing s, or one within a few edits (a swap of two
// neighbouring letters counts as one, so "dnaa" finds "dana").
func Nearest(s string, candidates []string, n int) []string {
	ls := strings.ToLower(strings.TrimSpace(s))
	if ls == "" {
		return nil
	}
	limit := max(1, min(6, utf8.RuneCountInString(ls)/3))
	local, _, isMail := strings.Cut(ls, "@")
	type scored struct {
		c string
		d int
	}
	var out []scored
	n0 := utf8.RuneCountInString(ls)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := limit + 1
		if m := utf8.RuneCountInString(lc); m-n0 <= limit && n0-m <= limit {
			d = osaDistance(ls, lc) // the length difference bounds the distance from below
		}
		switch {
		case d <= limit:
		case isMail && local == lc:
			d = 1
		case len(ls) >= 4 && strings.Contains(lc, ls):
			d = limit + 1
		default:
			continue
		}
		out = append(out, scored{c, d})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].d < out[j].d })
	var names []string
	for _, o := range out {
		if len(names) == n {
			break
		}
		if o.c != s {
			names = append(names, o.c)
		}
	}
	return names
}

// osaDistance is the optimal string alignment distance between a and b in
// runes: Levenshtein plus the transposition of two neighbouring runes.
func osaDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 256 || len(rb) > 256 {
		// Names and ids are short; do not spend quadratic time on a
		// hostile value.
		if a == b {
			return 0
		}
		return max(len(ra), len(rb))
	}
	// Three rolling rows: the one before the previous is needed for
	// transpositions.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// suggest returns the one candidate s is most plausibly a typo of, or "".
func suggest(s string, candidates []string) string {
	if near := Nearest(s, candidates, 1); len(near) > 0 {
		return near[0]
	}
	return ""
}
