package render

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// sortRowsRef is the sort the list pages' order was first made with:
// newest first, then the last id first, stable.
func sortRowsRef(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].sort.Equal(rows[j].sort) {
			return rows[i].sort.After(rows[j].sort)
		}
		return rows[i].ID > rows[j].ID
	})
}

// TestSortRows holds sortRows to sortRowsRef on rows with times alike and
// not (the same instant in two zones, none, far in the past and the
// future, nanoseconds apart), ids alike and not: the same rows, in the
// same order, rows alike kept in theirs.
func TestSortRows(t *testing.T) {
	east := time.FixedZone("east", 5*3600)
	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	times := []time.Time{{}, base, base.In(east), base.Add(time.Nanosecond), base.Add(-time.Second),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, east),
		time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)}
	ids := []string{"", "a", "b", "2024-03-01-x", "2024-03-01-y"}
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 100, 1000} {
		for round := range 20 {
			rows := make([]Row, n)
			for i := range rows {
				// File tells rows alike apart, to see their order kept.
				rows[i] = Row{ID: ids[r.IntN(len(ids))], File: fmt.Sprint(i), sort: times[r.IntN(len(times))]}
			}
			want := append([]Row(nil), rows...)
			sortRowsRef(want)
			sortRows(rows)
			for i := range rows {
				if rows[i].File != want[i].File {
					t.Fatalf("%d rows, round %d: row %d is %q (%v), want %q (%v)", n, round, i,
						rows[i].File, rows[i].sort, want[i].File, want[i].sort)
				}
			}
		}
	}
}

// BenchmarkSortRows sorts the rows of 10,000 COEs, as a build does twice:
// sortRows and the reference beside it.
func BenchmarkSortRows(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	rows := make([]Row, 10_000)
	for i := range rows {
		rows[i] = Row{ID: fmt.Sprintf("2024-%05d", r.IntN(100_000)), File: fmt.Sprint(i),
			sort: time.Unix(1_600_000_000+r.Int64N(100_000_000), 0)}
	}
	for _, bc := range []struct {
		name string
		sort func([]Row)
	}{{"keys", sortRows}, {"ref", sortRowsRef}} {
		b.Run(bc.name, func(b *testing.B) {
			work := make([]Row, len(rows))
			for b.Loop() {
				copy(work, rows)
				bc.sort(work)
			}
		})
	}
}

// TestSortActions holds sortActions to the stable sort it replaces, on
// actions of a few owners, due dates (and none), COEs and ids alike.
func TestSortActions(t *testing.T) {
	dues := []coe.Date{{}, {Year: 2024, Month: 3, Day: 1}, {Year: 2024, Month: 3, Day: 2}, {Year: 1999, Month: 12, Day: 31}}
	ids := []string{"CA-1", "CA-2", "CA-10", "x", ""}
	coes := []string{"a", "b", ""}
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 5, 50, 500} {
		for round := range 20 {
			acts := make([]SiteAction, n)
			for i := range acts {
				acts[i] = SiteAction{ID: ids[r.IntN(len(ids))], COEID: coes[r.IntN(len(coes))], due: dues[r.IntN(len(dues))],
					owner: r.IntN(3), File: fmt.Sprint(i)}
			}
			want := append([]SiteAction(nil), acts...)
			slices.SortStableFunc(want, func(a, b SiteAction) int {
				if a.owner != b.owner {
					return a.owner - b.owner
				}
				return coe.ActionOrder(a.due, a.COEID, a.ID, b.due, b.COEID, b.ID)
			})
			sortActions(acts)
			for i := range acts {
				if acts[i].File != want[i].File {
					t.Fatalf("%d actions, round %d: action %d is %s, want %s", n, round, i, acts[i].File, want[i].File)
				}
			}
		}
	}
}
