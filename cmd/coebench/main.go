// Command coebench measures coe against the speed targets of its issues on
// a generated repository of realistic COEs, and prints the figures beside
// the floor they are compared with (coe list and coe lint: under 2 s for
// 10,000 COEs; coe lint: at most 1.5 times the bare parse):
//
//	go run ./cmd/coebench            # 10,000 COEs, best of 3 runs
//	go run ./cmd/coebench -n 2000 -runs 5
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
	"gopkg.in/yaml.v3"
)

func main() {
	n := flag.Int("n", 10000, "number of COEs to generate")
	runs := flag.Int("runs", 3, "runs of each measurement; the best is reported")
	keep := flag.Bool("keep", false, "keep the generated repository")
	floorDir := flag.String("floor", "", "internal: parse the COE files of `DIR` with bare yaml.v3 and exit")
	flag.Parse()
	if *floorDir != "" {
		// The floor runs in a process of its own, as coe list does.
		files, _ := filepath.Glob(filepath.Join(*floorDir, "coes", "*.yaml"))
		if err := parseNodes(files); err != nil {
			fmt.Fprintln(os.Stderr, "coebench:", err)
			os.Exit(1)
		}
		return
	}
	if err := bench(*n, *runs, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "coebench:", err)
		os.Exit(1)
	}
}

func bench(n, runs int, keep bool) error {
	dir, err := os.MkdirTemp("", "coebench-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	fmt.Printf("coe benchmarks: %s/%s, %d CPUs, %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(os.Stderr, "generating %d COEs in %s ...\n", n, dir)
	if err := corpus.WriteRepo(dir, n); err != nil {
		return err
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		return err
	}
	files, err := r.Files()
	if err != nil {
		return err
	}
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			total += st.Size()
		}
	}
	fmt.Printf("corpus: %d COEs, %.1f KB on average\n\n", len(files), float64(total)/float64(len(files))/1024)

	fmt.Fprintln(os.Stderr, "building coe ...")
	bin := filepath.Join(dir, "coe")
	build := exec.Command("go", "build", "-o", bin, "github.com/coe-cli/coe/cmd/coe")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}

	// The measurements take turns, run after run, so a machine that is
	// slower for a while slows them all alike.
	self, err := os.Executable()
	if err != nil {
		return err
	}
	measures := []func() error{
		func() error { return runQuiet(self, "-floor", dir) },
		func() error {
			res, err := r.LoadAll(r.ReadOptions())
			if err == nil && len(res) != len(files) {
				err = fmt.Errorf("loaded %d of %d", len(res), len(files))
			}
			return err
		},
		func() error { return runQuiet(bin, "-C", dir, "list") },
		func() error { return runQuiet(bin, "-C", dir, "list", "--json") },
		func() error { return runFindings(bin, "-C", dir, "lint") },
		func() error { return runFindings(bin, "-C", dir, "lint", "--format", "json") },
	}
	bests := interleaved(runs, measures)
	floor, load, list, listJSON, lint, lintJSON := bests[0], bests[1], bests[2], bests[3], bests[4], bests[5]
	version := interleaved(max(runs, 20), []func() error{func() error { return runQuiet(bin, "--version") }})[0]

	w := runtime.GOMAXPROCS(0)
	fmt.Printf("%-44s %9s\n", "what", "best")
	fmt.Printf("%-44s %9s   the floor (a process of its own)\n", fmt.Sprintf("bare yaml.v3 parse into nodes (%d workers)", w), secs(floor))
	fmt.Printf("%-44s %9s   %.2fx the floor\n", fmt.Sprintf("coe read + decode, library (%d workers)", w), secs(load), ratio(load, floor))
	fmt.Printf("%-44s %9s   %.2fx the floor; target < 2 s: %s\n", "coe list (the whole command)", secs(list), ratio(list, floor), verdict(list < 2*time.Second))
	fmt.Printf("%-44s %9s   target < 2 s: %s\n", "coe list --json", secs(listJSON), verdict(listJSON < 2*time.Second))
	fmt.Printf("%-44s %9s   %.2fx the floor; targets < 2 s: %s, <= 1.5x the floor: %s\n", "coe lint (the whole command)", secs(lint), ratio(lint, floor),
		verdict(lint < 2*time.Second), verdict(ratio(lint, floor) <= 1.5))
	fmt.Printf("%-44s %9s   %.2fx the floor\n", "coe lint --format json", secs(lintJSON), ratio(lintJSON, floor))
	fmt.Printf("%-44s %9s   target < 10 ms: %s\n", "coe --version", millis(version), verdict(version < 10*time.Millisecond))
	return nil
}

func parseNodes(files []string) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	jobs := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				data, err := os.ReadFile(f)
				var n yaml.Node
				if err == nil {
					err = yaml.Unmarshal(data, &n)
				}
				if err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	return first
}

func runQuiet(bin string, args ...string) error {
	cmd := exec.Command(bin, args...)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// runFindings runs a command that may exit 1 for what it found (coe lint
// with errors); only a failure to run, or exit 2, is an error.
// Its summary on stderr is shown only when it fails.
func runFindings(bin string, args ...string) error {
	cmd := exec.Command(bin, args...)
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 {
		return nil
	}
	if err != nil {
		os.Stderr.Write(errOut.Bytes())
	}
	return err
}

// interleaved runs each function once per round, n rounds, and returns
// each one's shortest time.
func interleaved(n int, fs []func() error) []time.Duration {
	bests := make([]time.Duration, len(fs))
	for range n {
		for i, f := range fs {
			start := time.Now()
			if err := f(); err != nil {
				fmt.Fprintln(os.Stderr, "coebench:", err)
				os.Exit(1)
			}
			if d := time.Since(start); bests[i] == 0 || d < bests[i] {
				bests[i] = d
			}
		}
	}
	return bests
}

func secs(d time.Duration) string   { return fmt.Sprintf("%.2f s", d.Seconds()) }
func millis(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
func ratio(a, b time.Duration) float64 {
	return a.Seconds() / b.Seconds()
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}
