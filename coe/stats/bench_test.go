package stats_test

import (
	"os"
	"runtime/debug"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
	"github.com/coe-cli/coe/coe/stats"
)

// BenchmarkStatsVsList10k reads 10,000 generated COEs of about 5 KB as
// `coe list` does (a row of a few fields a COE) and as `coe stats` does
// (an Entry a COE, then Compute), and reports stats' time as a multiple of
// list's: issue 13's target is at most 1.2. Both pay the same floor, the
// YAML parse; what differs is what they keep and compute.
//
//	go test ./coe/stats -run '^$' -bench StatsVsList -benchtime 3x
func BenchmarkStatsVsList10k(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.WriteRepo(dir, 10000); err != nil {
		b.Fatal(err)
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		b.Fatal(err)
	}
	files, err := r.Files()
	if err != nil || len(files) != 10000 {
		b.Fatalf("files: %v %d", err, len(files))
	}
	defer debug.SetGCPercent(debug.SetGCPercent(400)) // as both commands do
	type row struct{ id, title, status, severity string }
	var list, st time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		rows := make([]row, len(files))
		coe.EachFile(files, r.ReadOptions(), r.Rel, func(i int, res coe.LoadResult) {
			if res.Err != nil {
				b.Error(res.Err)
				return
			}
			c := &res.Doc.COE
			rows[i] = row{c.ID, c.Title, c.Status, c.Severity}
		})
		t1 := time.Now()
		entries := make([]stats.Entry, len(files))
		coe.EachFile(files, r.ReadOptions(), r.Rel, func(i int, res coe.LoadResult) {
			if res.Err != nil {
				b.Error(res.Err)
				return
			}
			entries[i] = stats.EntryOf(&res.Doc.COE)
		})
		rep := stats.Compute(entries, stats.Options{AsOf: coe.Date{Year: 2026, Month: 12, Day: 1}})
		if rep.COEs != len(files) {
			b.Fatalf("stats counted %d COEs of %d", rep.COEs, len(files))
		}
		list += t1.Sub(t0)
		st += time.Since(t1)
	}
	b.ReportMetric(list.Seconds()/float64(b.N), "list-s/op")
	b.ReportMetric(st.Seconds()/float64(b.N), "stats-s/op")
	b.ReportMetric(st.Seconds()/list.Seconds(), "stats/list")
	os.RemoveAll(dir)
}
