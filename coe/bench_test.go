package coe_test

import (
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
	"gopkg.in/yaml.v3"
)

// benchDir is the 10,000-COE repository, written once per test binary run
// by the first benchmark that needs it and removed by TestMain.
var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

func benchRepo() (string, error) {
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "coe-bench-")
		if benchErr == nil {
			benchErr = corpus.WriteRepo(benchDir, 10000)
		}
	})
	return benchDir, benchErr
}

func repo10k(b *testing.B) *coe.Repo {
	dir, err := benchRepo()
	if err != nil {
		b.Fatal(err)
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkLoadAll10k reads and decodes 10,000 COEs of about 5 KB: the work
// of `coe list`. Target: under 2 s on 2 cores.
func BenchmarkLoadAll10k(b *testing.B) {
	r := repo10k(b)
	b.ResetTimer()
	for b.Loop() {
		res, err := r.LoadAll(r.ReadOptions())
		if err != nil || len(res) != 10000 || res[0].Err != nil {
			b.Fatalf("load: %v %d", err, len(res))
		}
	}
}

// BenchmarkYAMLNodes10k is the floor: bare yaml.v3 parsing of the same files
// into nodes, with the same number of workers.
func BenchmarkYAMLNodes10k(b *testing.B) {
	r := repo10k(b)
	files, _ := r.Files()
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		jobs := make(chan string)
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range jobs {
					data, err := os.ReadFile(f)
					if err != nil {
						b.Error(err)
						continue
					}
					var n yaml.Node
					if err := yaml.Unmarshal(data, &n); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for _, f := range files {
			jobs <- f
		}
		close(jobs)
		wg.Wait()
	}
}

func BenchmarkParseOne(b *testing.B) {
	data := corpus.File(1)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := coe.Parse("x.yaml", data, coe.ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUpdateOne(b *testing.B) {
	data := corpus.File(1)
	doc, _ := coe.Parse("x.yaml", data, coe.ReadOptions{})
	c := doc.COE
	c.CorrectiveActions[1].Owner = "li.wei"
	for b.Loop() {
		if _, err := coe.Update(data, &c); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}
