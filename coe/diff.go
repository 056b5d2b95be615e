package coe

import (
	"sort"
	"strings"
)

// A hunk replaces a[A0:A1] of a base text by b[B0:B1] of another text; the
// indexes are lines. An insertion has A0 == A1.
type hunk struct {
	A0, A1, B0, B1 int
}

// maxDiffCost bounds the work of diffLines (edit distance in lines). Past it
// the caller falls back to a plain re-encoding.
const maxDiffCost = 4000

// diffLines returns the hunks that turn a into b, in order, using Myers'
// O((N+M)D) algorithm, or ok=false when they differ by more than maxDiffCost
// lines.
//
// Finding the hunks walks back through the furthest points the search
// reached at each of its D steps, an array of up to 2D+1 each: kept for
// every step, they took 263 MB for 2,000 changed lines. diffLines keeps
// those of every √D-th step only, and searches each stretch between two
// again as it walks back through it: O(D√D) memory (6 MB for 2,000
// changed lines) for at most twice the search's time, and the same hunks
// (TestDiffLinesAsBefore).
func diffLines(a, b []string) (hunks []hunk, ok bool) {
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
	s := newMyers(a2, b2)
	// Search, keeping v before every s.every-th step.
	var checkpoints []frontier
	found := -1
	for d := 0; d <= s.max; d++ {
		if d%s.every == 0 {
			checkpoints = append(checkpoints, s.save(d, nil))
		}
		if s.step(d) {
			found = d
			break
		}
	}
	if found < 0 {
		return nil, false
	}
	// Backtrack to a list of matched (x, y) diagonal steps, then collect the
	// gaps between matches as hunks. Each stretch between two checkpoints
	// is searched again from the first, keeping v before each of its steps.
	type pt struct{ x, y int }
	var matches []pt
	stretch := make([]frontier, 0, s.every)
	arena := make([]int, 0, s.every*(2*found+3)) // room for a stretch's frontiers
	x, y := n, m
	for c := len(checkpoints) - 1; c >= 0; c-- {
		from, to := c*s.every, min((c+1)*s.every, found+1)
		s.load(checkpoints[c])
		stretch = stretch[:0]
		buf := arena[:0]
		for d := from; d < to; d++ {
			f := s.save(d, buf)
			buf = f.x[len(f.x):] // the next goes after it, in the same array
			stretch = append(stretch, f)
			if d+1 < to {
				s.step(d)
			}
		}
		for d := to - 1; d >= from; d-- {
			vp := stretch[d-from] // v as it was before step d
			k := x - y
			pk := k - 1
			if k == -d || (k != d && vp.at(k-1) < vp.at(k+1)) {
				pk = k + 1
			}
			px := vp.at(pk)
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

// myers is the forward search of diffLines: v[off+k] is the furthest x
// reached on diagonal k (y = x-k).
type myers struct {
	a, b     []string
	max, off int
	every    int // steps between two checkpoints
	v        []int
}

func newMyers(a, b []string) *myers {
	max := min(len(a)+len(b), maxDiffCost)
	every := 1
	for every*every < max {
		every++
	}
	return &myers{a: a, b: b, max: max, off: max + 1, every: every, v: make([]int, 2*max+3)}
}

// step takes the search one edit further, to the furthest points d edits
// reach, and reports whether one of them is the end of both texts. Step
// d reads only the diagonals -d+1 to d-1 of v (the points of step d-1) and
// writes -d to d.
func (s *myers) step(d int) bool {
	v, off, n, m := s.v, s.off, len(s.a), len(s.b)
	for k := -d; k <= d; k += 2 {
		var x int
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			x = v[off+k+1]
		} else {
			x = v[off+k-1] + 1
		}
		y := x - k
		for x < n && y < m && s.a[x] == s.b[y] {
			x++
			y++
		}
		v[off+k] = x
		if x >= n && y >= m {
			return true
		}
	}
	return false
}

// A frontier is v before step d, on the diagonals -d-1 to d+1: those
// step d and the walk back through it read (the walk reads diagonal 1
// before step 0).
type frontier struct {
	d int
	x []int // x[d+1+k] for diagonal k
}

func (f frontier) at(k int) int { return f.x[f.d+1+k] }

// save copies v before step d into buf's array, after its length.
func (s *myers) save(d int, buf []int) frontier {
	return frontier{d, append(buf, s.v[s.off-d-1:s.off+d+2]...)}
}

// load puts a saved frontier back into v.
func (s *myers) load(f frontier) {
	copy(s.v[s.off-f.d-1:], f.x)
}

// merge3 merges two texts derived from base: ours (the user's own formatting
// of the file) and theirs (the edit). Where only one side changed a region,
// that side's lines are taken; where both changed overlapping regions, the
// edit wins for that region. ok is false when a diff was too costly.
func merge3(base, ours, theirs []string) (out []string, ok bool) {
	ho, ok1 := diffLines(base, ours)
	ht, ok2 := diffLines(base, theirs)
	if !ok1 || !ok2 {
		return nil, false
	}
	ho, ht = splitReplacements(ho, base, ours), splitReplacements(ht, base, theirs)
	all := make([]side, 0, len(ho)+len(ht))
	for _, h := range ho {
		all = append(all, side{h, false})
	}
	for _, h := range ht {
		all = append(all, side{h, true})
	}
	// By start; at the same start, insertions come before replacements.
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].A0 != all[j].A0 {
			return all[i].A0 < all[j].A0
		}
		return all[i].A1-all[i].A0 == 0 && all[j].A1-all[j].A0 > 0
	})
	cursor := 0
	for i := 0; i < len(all); {
		lo, hi := all[i].A0, all[i].A1
		j := i + 1
		for j < len(all) {
			g := all[j]
			if lo == hi {
				if !(g.A0 == lo && g.A1 == lo) {
					break
				}
			} else if g.A0 >= hi {
				break
			}
			if g.A1 > hi {
				hi = g.A1
			}
			j++
		}
		cluster := all[i:j]
		out = append(out, base[cursor:lo]...)
		cursor = hi
		i = j
		if lo == hi {
			// Insertions at one point: the edit's lines, then the user's.
			// What a user inserted before a line (blank lines, comments)
			// belongs to the line that follows.
			for _, c := range cluster {
				if c.theirs {
					out = append(out, theirs[c.B0:c.B1]...)
				}
			}
			for _, c := range cluster {
				if !c.theirs {
					out = append(out, ours[c.B0:c.B1]...)
				}
			}
			continue
		}
		// One side only: its hunks apply as they are. Both: the edit wins.
		useTheirs := false
		for _, c := range cluster {
			useTheirs = useTheirs || c.theirs
		}
		src := ours
		if useTheirs {
			src = theirs
		}
		pos := lo
		for _, c := range cluster {
			if c.theirs != useTheirs {
				continue
			}
			out = append(out, base[pos:c.A0]...)
			if mine, ok := sameLine(cluster, c); ok && useTheirs {
				// One line both changed: the edit's value, at the user's
				// column for its comment.
				out = append(out, alignComment(theirs[c.B0], ours[mine]))
			} else {
				out = append(out, src[c.B0:c.B1]...)
			}
			pos = c.A1
		}
		out = append(out, base[pos:hi]...)
	}
	out = append(out, base[cursor:]...)
	return out, true
}

// side is a hunk of merge3 and whose it is.
type side struct {
	hunk
	theirs bool
}

// sameLine reports, for the edit's hunk c that replaces one line with one,
// the line of ours that replaced the same base line, if one did.
func sameLine(cluster []side, c side) (int, bool) {
	if c.A1-c.A0 != 1 || c.B1-c.B0 != 1 {
		return 0, false
	}
	for _, o := range cluster {
		if !o.theirs && o.A0 == c.A0 && o.A1 == c.A1 && o.B1-o.B0 == 1 {
			return o.B0, true
		}
	}
	return 0, false
}

// alignComment moves the comment at the end of the edit's line to the
// column of the same comment in the user's line, when there is room: a
// changed value keeps the comments of a file aligned.
func alignComment(theirs, ours string) string {
	ti, oi := commentStart(theirs), commentStart(ours)
	if ti < 0 || oi < 0 || theirs[ti:] != ours[oi:] {
		return theirs
	}
	// Columns as the terminal shows them: an "é" or a "李" before the
	// comment is one byte-run but one or two columns.
	value := strings.TrimRight(theirs[:ti], " \t")
	col, w := Width(ours[:oi]), Width(value)
	if w >= col {
		return theirs
	}
	return value + strings.Repeat(" ", col-w) + theirs[ti:]
}

// commentStart is the index of the "#" that starts a line's comment (one
// after a space, outside quotes), or -1.
func commentStart(line string) int {
	var quote byte
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quote == '"' && ch == '\\':
			i++
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '#' && i > 0 && (line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return -1
}

// splitReplacements splits each hunk that replaces lines one for one (the
// user's own spacing, quoting or comment alignment of the same lines) into
// a hunk per line that differs, so that the edit of one line does not take
// its neighbours' formatting with it. merge3's result is checked against
// the edit's data by its caller, so a pairing that is wrong costs only the
// fallback.
func splitReplacements(hs []hunk, base, ours []string) []hunk {
	var out []hunk
	for _, h := range hs {
		n := h.A1 - h.A0
		if n < 2 || h.B1-h.B0 != n {
			out = append(out, h)
			continue
		}
		for k := range n {
			if base[h.A0+k] != ours[h.B0+k] {
				out = append(out, hunk{h.A0 + k, h.A0 + k + 1, h.B0 + k, h.B0 + k + 1})
			}
		}
	}
	return out
}

// splitLines splits text into lines that keep their "\n".
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
