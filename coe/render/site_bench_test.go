package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// BenchmarkBuildSiteRepo builds the site of the repository named by
// COE_BENCH_REPO (a folder with .coe.yaml, such as a corpus of 100,000
// generated COEs) into a fresh folder each time: the work of a first coe
// build at a size the test binary does not generate. With the -memprofile
// and -cpuprofile flags it is where a large build is profiled:
//
//	COE_BENCH_REPO=/path/to/c100k go test ./coe/render -run '^$' \
//	    -bench BuildSiteRepo -benchtime 1x -cpuprofile cpu.out
func BenchmarkBuildSiteRepo(b *testing.B) {
	dir := os.Getenv("COE_BENCH_REPO")
	if dir == "" {
		b.Skip("COE_BENCH_REPO names no repository")
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		b.Fatal(err)
	}
	files, err := r.Files()
	if err != nil {
		b.Fatal(err)
	}
	tpl := builtin(b)
	tmp := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		out := filepath.Join(tmp, "site", string(rune('a'+n%26)))
		res, err := BuildSite(SiteOptions{Out: out, Files: files, Read: r.ReadOptions(), Templates: tpl, Today: today, SourceDir: "coes"})
		if err != nil || res.COEs != len(files) {
			b.Fatalf("build: %v, %+v", err, res)
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
}
