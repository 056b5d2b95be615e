// Command coebuildbench measures coe build and coe render against the
// targets of the reports issue, on a generated repository of realistic
// COEs (about 5 KB each), and prints the figures beside the floor they
// are compared with (coe list: reading every COE, no pages):
//
//	go run ./cmd/coebuildbench                 # 10,000 COEs, best of 3 runs
//	go run ./cmd/coebuildbench -n 2000 -runs 5
//	go run ./cmd/coebuildbench -dir /dev/shm   # repository and site in memory
//
// Each command runs in a process of its own; wall time, CPU time and peak
// memory (maximum resident set) are the process's own.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of COEs to generate")
	runs := flag.Int("runs", 3, "runs of each measurement; the best is reported")
	dir := flag.String("dir", "", "make the repository and the sites in `DIR` (default: the system's temporary folder)")
	keep := flag.Bool("keep", false, "keep the generated repository and the last site")
	flag.Parse()
	if err := bench(*n, *runs, *dir, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "coebuildbench:", err)
		os.Exit(1)
	}
}

type result struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

// run runs the command once, after prepare, and measures it.
func run(prepare func() error, name string, args ...string) (result, error) {
	if prepare != nil {
		if err := prepare(); err != nil {
			return result{}, err
		}
	}
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stderr = nil
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		return result{}, fmt.Errorf("%s %v: %v\n%s", filepath.Base(name), args, err, out)
	}
	st := cmd.ProcessState
	r := result{wall: wall, cpu: st.UserTime() + st.SystemTime()}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return r, nil
}

// best runs a measurement runs times and keeps the fastest run (and the
// largest peak memory of all).
func best(runs int, prepare func() error, name string, args ...string) (result, error) {
	var b result
	for i := 0; i < runs; i++ {
		r, err := run(prepare, name, args...)
		if err != nil {
			return b, err
		}
		if i == 0 || r.wall < b.wall {
			b.wall, b.cpu = r.wall, r.cpu
		}
		b.maxRSS = max(b.maxRSS, r.maxRSS)
	}
	return b, nil
}

func bench(n, runs int, base string, keep bool) error {
	dir, err := os.MkdirTemp(base, "coebuildbench-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	fmt.Printf("coe build benchmarks: %s/%s, %d CPUs, %s, in %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), dir)
	repo := filepath.Join(dir, "repo")
	fmt.Fprintf(os.Stderr, "generating %d COEs ...\n", n)
	if err := corpus.WriteRepo(repo, n); err != nil {
		return err
	}
	r, err := coe.OpenRepo(repo)
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

	site := filepath.Join(dir, "site")
	fresh := func() error { return os.RemoveAll(site) }
	fmt.Fprintln(os.Stderr, "measuring ...")
	list, err := best(runs, nil, bin, "-C", repo, "list")
	if err != nil {
		return err
	}
	cold, err := best(runs, fresh, bin, "-C", repo, "build", "-o", site)
	if err != nil {
		return err
	}
	again, err := best(runs, nil, bin, "-C", repo, "build", "-o", site)
	if err != nil {
		return err
	}
	one := files[len(files)/2]
	render, err := best(max(runs, 5), nil, bin, "-C", repo, "render", one, "--format", "html", "-o", filepath.Join(dir, "one.html"))
	if err != nil {
		return err
	}
	var pages, bytes int64
	_ = filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				pages++
				bytes += info.Size()
			}
		}
		return nil
	})

	mb := func(b int64) string { return fmt.Sprintf("%d MB", b/1e6) }
	fmt.Printf("%-44s %8s %9s %8s\n", "what", "wall", "cpu", "memory")
	fmt.Printf("%-44s %7.2fs %8.2fs %8s   the floor: reading every COE\n", "coe list", list.wall.Seconds(), list.cpu.Seconds(), mb(list.maxRSS))
	fmt.Printf("%-44s %7.2fs %8.2fs %8s   target < 3 s and < 500 MB: %s\n", "coe build, into an empty folder", cold.wall.Seconds(), cold.cpu.Seconds(), mb(cold.maxRSS), verdict(cold.wall < 3*time.Second && cold.maxRSS < 500e6))
	fmt.Printf("%-44s %7.2fs %8.2fs %8s\n", "coe build, over the last build", again.wall.Seconds(), again.cpu.Seconds(), mb(again.maxRSS))
	fmt.Printf("%-44s %7.1fms %7.1fms %8s   the whole process\n", "coe render --format html (one COE)", float64(render.wall.Microseconds())/1000, float64(render.cpu.Microseconds())/1000, mb(render.maxRSS))
	fmt.Printf("\nsite: %d files, %s\n", pages, mb(bytes))
	fmt.Println("one COE to HTML in the library: go test ./coe/render -run '^$' -bench 'HTML$'   (target < 2 ms)")
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}
