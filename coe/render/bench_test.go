package render

import (
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// BenchmarkHTML renders one realistic COE (about 5 KB of YAML) to a
// standalone HTML report. Target: under 2 ms.
func BenchmarkHTML(b *testing.B) {
	tpl := builtin(b)
	doc, err := coe.Parse("c.yaml", corpus.File(7), coe.ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := tpl.HTML(io.Discard, &doc.COE, ReportOptions{Today: today}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTMLExample renders the longest example COE.
func BenchmarkHTMLExample(b *testing.B) {
	tpl := builtin(b)
	c := example(b, "2025-03-11-status-page-down-during-outage")
	b.ReportAllocs()
	for b.Loop() {
		if err := tpl.HTML(io.Discard, c, ReportOptions{Today: today}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewReport is the report's figures and chart without the template.
func BenchmarkNewReport(b *testing.B) {
	doc, err := coe.Parse("c.yaml", corpus.File(7), coe.ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		NewReport(&doc.COE, ReportOptions{Today: today})
	}
}

func BenchmarkMarkdown(b *testing.B) {
	tpl := builtin(b)
	c := example(b, "2025-03-11-status-page-down-during-outage")
	b.ReportAllocs()
	for b.Loop() {
		if err := tpl.Markdown(io.Discard, c, ReportOptions{Today: today}); err != nil {
			b.Fatal(err)
		}
	}
}

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// repo10k is a repository of 10,000 generated COEs of about 5 KB, written
// once per test binary run.
func repo10k(b *testing.B) *coe.Repo {
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "coe-render-bench-")
		if benchErr == nil {
			benchErr = corpus.WriteRepo(benchDir, 10000)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	r, err := coe.OpenRepo(benchDir)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkBuildSite10k builds the site of 10,000 COEs: the work of
// coe build. Target: under 3 s on 2 cores.
func BenchmarkBuildSite10k(b *testing.B) {
	r := repo10k(b)
	files, err := r.Files()
	if err != nil {
		b.Fatal(err)
	}
	tpl := builtin(b)
	out := filepath.Join(b.TempDir(), "site")
	b.ResetTimer()
	for b.Loop() {
		res, err := BuildSite(SiteOptions{Out: out, Files: files, Read: r.ReadOptions(), Templates: tpl, Today: today, SourceDir: "coes"})
		if err != nil || res.COEs != 10000 {
			b.Fatalf("build: %v, %+v", err, res)
		}
	}
}
