package evidence

import (
	"os/exec"
	"sync"
	"testing"
	"time"
)

// BenchCommits is the size of the benchmark's history: issue 11 asks
// that a repository of 100,000 commits answers in under 1 s.
const benchCommits = 100_000

var bench struct {
	once     sync.Once
	dir      string
	trailers int
	err      error
}

// benchRepo makes the benchmark's repository once per test binary.
func benchRepo(b *testing.B) (string, int) {
	b.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed: there is no log to measure")
	}
	bench.once.Do(func() {
		bench.dir = b.TempDir()
		bench.trailers, bench.err = WriteBenchRepo(bench.dir, benchCommits)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.dir, bench.trailers
}

// BenchmarkLog100k reads the COE-Action trailers of a history of 100,000
// commits, 1,000 of them with a trailer: one git log, streamed.
func BenchmarkLog100k(b *testing.B) {
	dir, trailers := benchRepo(b)
	r := Repo{Name: "bench", Dir: dir, Top: true, Origin: "--repo"}
	cpu := childCPU()
	for b.Loop() {
		n := 0
		if err := Log(r, func(*Commit) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != trailers {
			b.Fatalf("found %d commits with a trailer, want %d", n, trailers)
		}
	}
	b.ReportMetric(float64(benchCommits), "commits")
	if used := childCPU() - cpu; used > 0 {
		// git's own CPU time: on a busy machine the wall time is mostly waiting.
		b.ReportMetric((used / time.Duration(b.N)).Seconds(), "git-cpu-s/op")
	}
}
