package render

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
	benchBuildSite(b, builtin(b))
}

// BenchmarkBuildSite10kStd is BuildSite10k with html/template alone
// (COE_TEMPLATE_ENGINE=std): when it comes within 1.3 times
// BuildSite10k, exec.go goes.
func BenchmarkBuildSite10kStd(b *testing.B) {
	tpl, err := LoadTemplates(nil, "", nil, WithEngine(EngineStd))
	if err != nil {
		b.Fatal(err)
	}
	benchBuildSite(b, tpl)
}

func benchBuildSite(b *testing.B, tpl *Templates) {
	r := repo10k(b)
	files, err := r.Files()
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "site")
	b.ResetTimer()
	for b.Loop() {
		res, err := BuildSite(SiteOptions{Out: out, Files: files, Read: r.ReadOptions(), Templates: tpl, Today: today, SourceDir: "coes"})
		if err != nil || res.COEs != 10000 {
			b.Fatalf("build: %v, %+v", err, res)
		}
	}
}

// BenchmarkHostile renders the shapes of Markdown that goldmark takes more
// than linear time on, and the ones it was feared to, at three lengths up
// to the longest answer the reader takes: the time per byte (MB/s) stays
// flat as the length grows. A page title of up to a megabyte, the most a
// file holds, is cut as fast. Run it with
//
//	go test ./coe/render -run '^$' -bench Hostile
func BenchmarkHostile(b *testing.B) {
	for _, h := range benchShapes {
		for _, n := range []int{4 << 10, 16 << 10, coe.MaxAnswerLength} {
			s := h.text(n)
			name := strings.ReplaceAll(h.name, " ", "-")
			b.Run(fmt.Sprintf("%s/%dKiB/html", name, n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for b.Loop() {
					MarkdownHTML(s)
				}
			})
			b.Run(fmt.Sprintf("%s/%dKiB/md", name, n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for b.Loop() {
					mdBlock(s)
				}
			})
		}
	}
	tpl := builtin(b)
	// A file at the size cap: 16 answers of 60,000 bytes of one shape.
	for _, h := range benchShapes {
		c := &coe.COE{Version: 1, ID: "2025-01-01-hostile", Title: "Hostile", Status: coe.StatusDraft, Severity: "sev2"}
		for len(c.Lessons) < 16 {
			c.Lessons = append(c.Lessons, h.text(60000))
		}
		name := strings.ReplaceAll(h.name, " ", "-")
		b.Run("file/"+name+"/html", func(b *testing.B) {
			b.SetBytes(16 * 60000)
			for b.Loop() {
				if err := tpl.HTML(io.Discard, c, ReportOptions{Today: today}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("file/"+name+"/md", func(b *testing.B) {
			b.SetBytes(16 * 60000)
			for b.Loop() {
				if err := tpl.Markdown(io.Discard, c, ReportOptions{Today: today}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, n := range []int{16 << 10, 256 << 10, coe.MaxFileSize} {
		c := &coe.COE{Version: 1, ID: "2025-01-01-title", Title: strings.Repeat("word ", n/5), Status: coe.StatusDraft, Severity: "sev2"}
		b.Run(fmt.Sprintf("title/%dKiB/html", n>>10), func(b *testing.B) {
			b.SetBytes(int64(len(c.Title)))
			for b.Loop() {
				if err := tpl.HTML(io.Discard, c, ReportOptions{Today: today}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchShapes are the hostile shapes BenchmarkHostile times.
var benchShapes = func() []hostileShape {
	var out []hostileShape
	for _, h := range hostileShapes {
		switch h.name {
		case "unclosed links", "nested quotes", "emphasis closers", "reference definitions",
			"unclosed comments", "emphasis runs", "nested brackets", "linkify www", "linkify e-mail", "long word",
			"links at the limit", "emphasis at the limit", "nesting at the limit":
			out = append(out, h)
		}
	}
	return out
}()
