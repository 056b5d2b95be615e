package coe

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestMerge3(t *testing.T) {
	base := []string{"a\n", "b\n", "c\n", "d\n"}
	ours := []string{"a\n", "\n", "b\n", "c\n", "d\n", "# end\n"}
	theirs := []string{"a\n", "B\n", "c\n", "d\n"}
	got, ok := merge3(base, ours, theirs)
	want := []string{"a\n", "\n", "B\n", "c\n", "d\n", "# end\n"}
	if !ok || strings.Join(got, "") != strings.Join(want, "") {
		t.Errorf("merge3 = %q, want %q", got, want)
	}
	// Both sides change the same line: the edit wins.
	got, _ = merge3(base, []string{"a\n", "b # c\n", "c\n", "d\n"}, theirs)
	if strings.Join(got, "") != "a\nB\nc\nd\n" {
		t.Errorf("conflict: %q", got)
	}
}

func TestDiffLines(t *testing.T) {
	tests := []struct{ a, b string }{
		{"", ""}, {"a\n", ""}, {"", "a\n"}, {"a\nb\nc\n", "a\nc\n"}, {"a\nb\nc\n", "x\ny\n"},
		{"a\nb\nc\nd\ne\n", "b\nX\nd\ne\nf\n"}, {strings.Repeat("x\n", 50), strings.Repeat("x\ny\n", 25)},
	}
	for _, tt := range tests {
		a, b := splitLines(tt.a), splitLines(tt.b)
		hunks, ok := diffLines(a, b)
		if !ok {
			t.Fatal("diff gave up")
		}
		// Applying the hunks to a must give b.
		var out []string
		pos := 0
		for _, h := range hunks {
			out = append(out, a[pos:h.A0]...)
			out = append(out, b[h.B0:h.B1]...)
			pos = h.A1
		}
		out = append(out, a[pos:]...)
		if strings.Join(out, "") != tt.b {
			t.Errorf("diff(%q, %q) = %v applies to %q", tt.a, tt.b, hunks, strings.Join(out, ""))
		}
	}
}

// replaced is a text of n lines and the same text with every line changed:
// the most work diffLines does for its length (2n steps).
func replaced(n int) (a, b []string) {
	for i := range n {
		a = append(a, fmt.Sprintf("line %d\n", i))
		b = append(b, fmt.Sprintf("line %d, changed\n", i))
	}
	return a, b
}

// BenchmarkDiffLines diffs 1,000 and 2,000 changed lines (the most
// maxDiffCost allows); B/op is its memory.
func BenchmarkDiffLines(b *testing.B) {
	for _, n := range []int{1000, 2000} {
		b.Run(fmt.Sprintf("%d-changed", n), func(b *testing.B) {
			x, y := replaced(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := diffLines(x, y); !ok {
					b.Fatal("diff gave up")
				}
			}
		})
	}
}

// diffLines finds the hunks it found when it kept every step of its search
// (diffLinesFullTrace), on texts of many repeated lines (where several
// shortest diffs tie and the walk back picks one), of every length up to
// and past the cost it gives up at.
func TestDiffLinesAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(n, alphabet int) []string {
		lines := make([]string, n)
		for i := range lines {
			lines[i] = string(rune('a'+rng.IntN(alphabet))) + "\n"
		}
		return lines
	}
	check := func(a, b []string) {
		t.Helper()
		got, ok := diffLines(a, b)
		want, wantOK := diffLinesFullTrace(a, b)
		if ok != wantOK || !slices.Equal(got, want) {
			t.Fatalf("diffLines(%q, %q) = %v, %v; before: %v, %v", a, b, got, ok, want, wantOK)
		}
	}
	for range 3000 {
		n, m := rng.IntN(40), rng.IntN(40)
		alphabet := 1 + rng.IntN(5)
		check(text(n, alphabet), text(m, alphabet))
	}
	// An edit of a long text: a few lines changed, removed and added.
	for range 50 {
		a := text(200+rng.IntN(300), 8)
		b := slices.Clone(a)
		for range 1 + rng.IntN(30) {
			i := rng.IntN(len(b))
			switch rng.IntN(3) {
			case 0:
				b[i] = "changed\n"
			case 1:
				b = slices.Delete(b, i, i+1)
			default:
				b = slices.Insert(b, i, "new\n")
			}
		}
		check(a, b)
	}
	// Long stretches between the kept steps.
	a, b := replaced(700)
	check(a, b)
	// 2,000 changed lines are the most it takes on (maxDiffCost).
	if _, ok := diffLines(replaced(2000)); !ok {
		t.Error("diffLines gave up on 2,000 changed lines")
	}
	if hunks, ok := diffLines(replaced(2001)); ok {
		t.Errorf("diffLines of 2,001 changed lines = %v, want it to give up", hunks)
	}
}

// diffLines of 2,000 changed lines, the most it takes on, allocates a few
// megabytes, not the 263 MB of a copy of its working array per step.
func TestDiffLinesMemory(t *testing.T) {
	a, b := replaced(2000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	hunks, ok := diffLines(a, b)
	runtime.ReadMemStats(&after)
	if !ok || len(hunks) != 1 || hunks[0] != (hunk{0, 2000, 0, 2000}) {
		t.Fatalf("diffLines = %v, %v; want the one hunk of every line", hunks, ok)
	}
	if mb := float64(after.TotalAlloc-before.TotalAlloc) / 1e6; mb > 16 {
		t.Errorf("diffLines of 2,000 changed lines allocated %.1f MB, want at most 16", mb)
	}
}

// diffLinesFullTrace is diffLines as it was, keeping a copy of its working
// array for every step of the search (263 MB for 2,000 changed lines): the
// reference for the hunks diffLines finds.
func diffLinesFullTrace(a, b []string) (hunks []hunk, ok bool) {
	// Skip the common prefix and suffix: most of a file is untouched.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	a2, b2 := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(a2), len(b2)
	if n == 0 && m == 0 {
		return nil, true
	}
	if n == 0 || m == 0 {
		return []hunk{{pre, pre + n, pre, pre + m}}, true
	}
	max := n + m
	if max > maxDiffCost {
		max = maxDiffCost
	}
	off := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	found := false
	for d := 0; d <= max && !found; d++ {
		vc := make([]int, len(v))
		copy(vc, v)
		trace = append(trace, vc)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a2[x] == b2[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	if !found {
		return nil, false
	}
	// Backtrack to a list of matched (x, y) diagonal steps, then collect the
	// gaps between matches as hunks.
	type pt struct{ x, y int }
	var matches []pt
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vp := trace[d] // v as it was before step d
		k := x - y
		pk := k - 1
		if k == -d || (k != d && vp[off+k-1] < vp[off+k+1]) {
			pk = k + 1
		}
		px := vp[off+pk]
		py := px - pk
		for x > px && y > py {
			x--
			y--
			matches = append(matches, pt{x, y})
		}
		if d > 0 {
			x, y = px, py
		}
	}
	sort.Slice(matches, func(i, j int) bool { return matches[i].x < matches[j].x })
	ax, by := 0, 0
	for _, p := range matches {
		if p.x > ax || p.y > by {
			hunks = append(hunks, hunk{pre + ax, pre + p.x, pre + by, pre + p.y})
		}
		ax, by = p.x+1, p.y+1
	}
	if ax < n || by < m {
		hunks = append(hunks, hunk{pre + ax, pre + n, pre + by, pre + m})
	}
	return hunks, true
}
