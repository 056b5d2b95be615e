// Command coebench measures coe against the speed targets of its issues on
// a generated repository of realistic COEs (about 5 KB each), and prints
// the figures beside the floor they are compared with: coe list and coe
// lint under 2 s for 10,000 COEs, lint at most 1.5 times bare yaml.v3
// parsing; coe --version under 10 ms; coe actions --evidence over a
// history of 100,000 commits under 1 s; coe build under 3 s and 500 MB;
// coe stats at most 1.2 times coe list; coe related on one COE under 2 s.
// Every command runs in a process of its own. These figures are of coe
// reading every file (--no-cache); the scale table after them shows each
// command without the warm index, filling it (cold) and answering from it
// (warm), and -scale measures that table alone at 10,000 and 100,000 COEs,
// then how the build's time and memory and each summarising command's
// memory grew from the first size to the last, beside issue 15's bounds.
//
//	go run ./cmd/coebench                      # 10,000 COEs, best of 3 runs
//	go run ./cmd/coebench -n 2000 -runs 5
//	go run ./cmd/coebench -dir /dev/shm        # repository and site in memory
//	go run ./cmd/coebench -scale               # the scale table at 10,000 and 100,000
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
	"strings"
	"syscall"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
	"gopkg.in/yaml.v3"
)

func main() {
	n := flag.Int("n", 10000, "number of COEs to generate")
	runs := flag.Int("runs", 3, "runs of each measurement; the best is reported")
	keep := flag.Bool("keep", false, "keep the generated repository")
	base := flag.String("dir", "", "make the repository and the site in `DIR` (default: the system's temporary folder; /dev/shm keeps them in memory)")
	floorDir := flag.String("floor", "", "internal: parse the COE files of `DIR` with bare yaml.v3 and exit")
	statDir := flag.String("statfloor", "", "internal: list the COE folder of `DIR` and look at each file (lstat), as a warm command must, and exit")
	writeDirs := flag.String("writefloor", "", "internal: write the files of `FROM:TO` again and exit")
	scale := flag.Bool("scale", false, "measure only the scale table (each command without the cache, cold and warm), at each of -sizes (about 20 minutes on 2 cores)")
	sizes := flag.String("sizes", "10000,100000", "the repository `SIZES` of -scale, comma-separated; sizes from 100,000 up run once")
	report := flag.String("measure", "", "internal: run the command given after the flags, and write its wall and CPU time and peak memory to `FILE`")
	flag.Parse()
	if *report != "" {
		os.Exit(measureChild(*report, flag.Args()))
	}
	if from, to, ok := strings.Cut(*writeDirs, string(os.PathListSeparator)); ok {
		if err := writeFloor(from, to); err != nil {
			fmt.Fprintln(os.Stderr, "coebench:", err)
			os.Exit(1)
		}
		return
	}
	if *statDir != "" {
		if err := statFloor(*statDir); err != nil {
			fmt.Fprintln(os.Stderr, "coebench:", err)
			os.Exit(1)
		}
		return
	}
	if *floorDir != "" {
		// The floor runs in a process of its own, as coe list does.
		files, _ := filepath.Glob(filepath.Join(*floorDir, "coes", "*.yaml"))
		if err := parseNodes(files); err != nil {
			fmt.Fprintln(os.Stderr, "coebench:", err)
			os.Exit(1)
		}
		return
	}
	if *scale {
		if err := scaleOnly(*sizes, *runs, *base); err != nil {
			fmt.Fprintln(os.Stderr, "coebench:", err)
			os.Exit(1)
		}
		return
	}
	if err := bench(*n, *runs, *base, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "coebench:", err)
		os.Exit(1)
	}
}

func bench(n, runs int, base string, keep bool) error {
	dir, err := os.MkdirTemp(base, "coebench-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	fmt.Printf("coe benchmarks: %s\n", machine())
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

	bin, err := buildCoe(dir)
	if err != nil {
		return err
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
		func() error { return runQuiet(bin, "-C", dir, "list", "--no-cache") },
		func() error { return runQuiet(bin, "-C", dir, "list", "--json", "--no-cache") },
		func() error { return runFindings(bin, "-C", dir, "lint", "--no-cache") },
		func() error { return runFindings(bin, "-C", dir, "lint", "--format", "json", "--no-cache") },
		func() error { return runFindings(bin, "-C", dir, "actions", "--no-cache") }, // its summary is on stderr
		func() error { return runQuiet(bin, "-C", dir, "stats", "--no-cache") },
		// One COE from the middle against all the others.
		func() error { return runQuiet(bin, "-C", dir, "related", relatedKey(files), "--no-cache") },
	}
	bests := interleaved(runs, measures)
	floor, load, list, listJSON, lint, lintJSON, actions, stats := bests[0], bests[1], bests[2], bests[3], bests[4], bests[5], bests[6], bests[7]
	relatedOne := bests[8]
	version := interleaved(max(runs, 20), []func() error{func() error { return runQuiet(bin, "--version") }})[0]

	// The targets are for 10,000 COEs; at other sizes the verdicts mean
	// nothing (the ratios still do).
	verdict := func(ok bool) string {
		if n != 10000 {
			return "n/a below 10,000 COEs"
		}
		return verdictOf(ok)
	}
	w := runtime.GOMAXPROCS(0)
	fmt.Printf("%-44s %9s\n", "what", "best")
	fmt.Printf("%-44s %9s   the floor (a process of its own)\n", fmt.Sprintf("bare yaml.v3 parse into nodes (%d workers)", w), secs(floor))
	fmt.Printf("%-44s %9s   %.2fx the floor\n", fmt.Sprintf("coe read + decode, library (%d workers)", w), secs(load), ratio(load, floor))
	fmt.Printf("%-44s %9s   %.2fx the floor; target < 2 s: %s\n", "coe list (the whole command)", secs(list), ratio(list, floor), verdict(list < 2*time.Second))
	fmt.Printf("%-44s %9s   target < 2 s: %s\n", "coe list --json", secs(listJSON), verdict(listJSON < 2*time.Second))
	fmt.Printf("%-44s %9s   %.2fx the floor; targets < 2 s: %s, <= 1.5x the floor: %s\n", "coe lint (the whole command)", secs(lint), ratio(lint, floor),
		verdict(lint < 2*time.Second), verdict(ratio(lint, floor) <= 1.5))
	fmt.Printf("%-44s %9s   %.2fx the floor\n", "coe lint --format json", secs(lintJSON), ratio(lintJSON, floor))
	fmt.Printf("%-44s %9s   %.2fx coe list (no target)\n", "coe actions (every open action)", secs(actions), ratio(actions, list))
	fmt.Printf("%-44s %9s   %.2fx coe list; target <= 1.2x: %s\n", "coe stats (every COE)", secs(stats), ratio(stats, list), verdictOf(ratio(stats, list) <= 1.2))
	fmt.Printf("%-44s %9s   %.2fx coe list; target < 2 s: %s\n", "coe related (one COE against every COE)", secs(relatedOne), ratio(relatedOne, list), verdict(relatedOne < 2*time.Second))
	fmt.Printf("%-44s %9s   target < 10 ms: %s\n", "coe --version", millis(version), verdict(version < 10*time.Millisecond))
	fmt.Println()
	if err := benchEvidence(bin, base, runs); err != nil {
		return err
	}
	if err := benchBuild(bin, dir, files, runs, verdict); err != nil {
		return err
	}
	self, err = os.Executable()
	if err != nil {
		return err
	}
	_, err = scaleAt(self, bin, dir, n, runs)
	return err
}

// benchBuild measures coe build and coe render, each in a process of its
// own: wall time, CPU time and peak memory (maximum resident set).
//
// A build into an empty folder is measured beside the disk's own floor:
// writing the same files, read into memory first, and nothing else, in a
// process of its own. On this kind of machine that floor moves from one
// minute to the next, so the two take turns, and a build into memory
// (/dev/shm) shows coe's part without the disk.
func benchBuild(bin, dir string, files []string, runs int, verdict func(bool) string) error {
	// Every build and every copy goes into a new folder, removed only at
	// the end: a file system that has just deleted thousands of files
	// creates new ones slowly for minutes after (ext4 skips the recently
	// deleted inodes one by one), which a real build into a fresh clone
	// does not meet. Before each run, sync writes out what the last one
	// left in memory.
	parent, err := os.MkdirTemp(filepath.Dir(dir), "coebench-sites-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(parent)
	settle := func() error { syscall.Sync(); return nil }
	list, err := best(runs, nil, bin, "-C", dir, "list", "--no-cache")
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var cold, floor result
	var site string
	for i := range runs {
		out, err := os.MkdirTemp(parent, "build-")
		if err != nil {
			return err
		}
		out = filepath.Join(out, "site") // coe build makes it
		c, err := measure(settle, bin, "-C", dir, "build", "-o", out)
		if err != nil {
			return err
		}
		if site == "" {
			site = out
		}
		copyDir, err := os.MkdirTemp(parent, "copy-")
		if err != nil {
			return err
		}
		f, err := measureFloor(settle, self, site, filepath.Join(copyDir, "site"))
		if err != nil {
			return err
		}
		if i == 0 || c.wall < cold.wall {
			cold.wall, cold.cpu = c.wall, c.cpu
		}
		if i == 0 || f.wall < floor.wall {
			floor = f
		}
		cold.maxRSS = max(cold.maxRSS, c.maxRSS)
	}
	again, err := best(runs, settle, bin, "-C", dir, "build", "-o", site)
	if err != nil {
		return err
	}
	var memory result
	shm := ""
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() && !strings.HasPrefix(dir, "/dev/shm") {
		if shm, err = os.MkdirTemp("/dev/shm", "coebench-sites-"); err != nil {
			return err
		}
		defer os.RemoveAll(shm)
		for i := range runs {
			out, err := os.MkdirTemp(shm, "build-")
			if err != nil {
				return err
			}
			m, err := measure(settle, bin, "-C", dir, "build", "-o", filepath.Join(out, "site"))
			if err != nil {
				return err
			}
			if i == 0 || m.wall < memory.wall {
				memory.wall, memory.cpu = m.wall, m.cpu
			}
			memory.maxRSS = max(memory.maxRSS, m.maxRSS)
		}
	}
	one := files[len(files)/2]
	render, err := best(max(runs, 5), nil, bin, "-C", dir, "render", one, "--format", "html", "-o", filepath.Join(site, "one.html"))
	if err != nil {
		return err
	}
	var siteBytes int64
	siteFiles := 0
	_ = filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				siteBytes += info.Size()
				siteFiles++
			}
		}
		return nil
	})
	mb := func(b int64) string { return fmt.Sprintf("%d MB", b/1e6) }
	fmt.Printf("site: %d files, %s\n", siteFiles, mb(siteBytes))
	fmt.Printf("%-44s %8s %9s %8s\n", "what", "wall", "cpu", "memory")
	fmt.Printf("%-44s %7.2fs %8.2fs %8s   the floor of a build: reading every COE\n", "coe list", list.wall.Seconds(), list.cpu.Seconds(), mb(list.maxRSS))
	fmt.Printf("%-44s %7.2fs %8.2fs %8s   the disk's floor, taking turns with the build\n", "writing the same files and nothing else", floor.wall.Seconds(), floor.cpu.Seconds(), "")
	fmt.Printf("%-44s %7.2fs %8.2fs %8s   target < 3 s and < 500 MB: %s\n", "coe build, into an empty folder", cold.wall.Seconds(), cold.cpu.Seconds(), mb(cold.maxRSS), verdict(cold.wall < 3*time.Second && cold.maxRSS < 500e6))
	if shm != "" {
		fmt.Printf("%-44s %7.2fs %8.2fs %8s   without the disk: %s\n", "coe build, into memory (/dev/shm)", memory.wall.Seconds(), memory.cpu.Seconds(), mb(memory.maxRSS), verdict(memory.wall < 3*time.Second && memory.maxRSS < 500e6))
	}
	fmt.Printf("%-44s %7.2fs %8.2fs %8s\n", "coe build, over the last build", again.wall.Seconds(), again.cpu.Seconds(), mb(again.maxRSS))
	if floor.wall > time.Second {
		fmt.Printf("note: writing the files alone took %.2f s: the disk is slow right now (ext4 creates files slowly\n"+
			"for minutes after thousands were deleted, as by the last run of coebench); the build into memory\n"+
			"shows coe's own time, and a run a few minutes later the disk's usual one.\n", floor.wall.Seconds())
	}
	fmt.Printf("%-44s %7.1fms %7.1fms %8s   the whole process\n", "coe render --format html (one COE)", float64(render.wall.Microseconds())/1000, float64(render.cpu.Microseconds())/1000, mb(render.maxRSS))
	fmt.Println("one COE to HTML in the library: go test ./coe/render -run '^$' -bench 'HTML$'   (target < 2 ms)")
	return nil
}

// measureFloor runs coebench -writefloor in a process of its own, which
// reports the time and CPU of its writing alone.
func measureFloor(prepare func() error, self, from, to string) (result, error) {
	if err := prepare(); err != nil {
		return result{}, err
	}
	out, err := exec.Command(self, "-writefloor", from+string(os.PathListSeparator)+to).Output()
	if err != nil {
		return result{}, fmt.Errorf("write floor: %w", err)
	}
	var wall, cpu int64
	if _, err := fmt.Sscan(string(out), &wall, &cpu); err != nil {
		return result{}, fmt.Errorf("write floor: %q: %w", out, err)
	}
	return result{wall: time.Duration(wall), cpu: time.Duration(cpu)}, nil
}

// writeFloor reads every file under from into memory, then writes them
// under to, one after the other with os.WriteFile, and prints the wall
// and CPU time of the writing.
func writeFloor(from, to string) error {
	type file struct {
		rel  string
		data []byte
	}
	var all []file
	dirs := map[string]bool{}
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(from, p)
		all = append(all, file{rel, data})
		dirs[filepath.Dir(rel)] = true
		return err
	})
	if err != nil {
		return err
	}
	var before, after syscall.Rusage
	start := time.Now()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for d := range dirs {
		if err := os.MkdirAll(filepath.Join(to, d), 0o755); err != nil {
			return err
		}
	}
	for _, f := range all {
		if err := os.WriteFile(filepath.Join(to, f.rel), f.data, 0o644); err != nil {
			return err
		}
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano()+after.Stime.Nano()-before.Utime.Nano()-before.Stime.Nano()) * time.Nanosecond
	fmt.Println(int64(time.Since(start)), int64(cpu))
	return nil
}

type result struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

// measure runs the command once, after prepare, and measures it; any exit
// but 0 is an error.
func measure(prepare func() error, name string, args ...string) (result, error) {
	return measureExit(prepare, false, name, args...)
}

func measureExit(prepare func() error, findings bool, name string, args ...string) (result, error) {
	if prepare != nil {
		if err := prepare(); err != nil {
			return result{}, err
		}
	}
	// The command is started by a small process of coebench's own, not by
	// this one: Go starts a command with vfork, and Linux counts the
	// starting process's memory in the command's peak (ru_maxrss), which
	// here would be the corpus this process has loaded.
	self, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	f, err := os.CreateTemp("", "coebench-measure-")
	if err != nil {
		return result{}, err
	}
	f.Close()
	defer os.Remove(f.Name())
	cmd := exec.Command(self, append([]string{"-measure", f.Name(), "--", name}, args...)...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stderr = nil
	out, err := cmd.Output()
	var ee *exec.ExitError
	if findings && errors.As(err, &ee) && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return result{}, fmt.Errorf("%s %v: %v\n%s", filepath.Base(name), args, err, out)
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		return result{}, err
	}
	var wall, cpu, rss int64
	if _, err := fmt.Sscan(string(data), &wall, &cpu, &rss); err != nil {
		return result{}, fmt.Errorf("measuring %s: %q: %w", filepath.Base(name), data, err)
	}
	return result{wall: time.Duration(wall), cpu: time.Duration(cpu), maxRSS: rss}, nil
}

// measureChild runs args[0] with the rest as its arguments, its output
// passed through, writes its wall time, CPU time (nanoseconds) and peak
// resident memory (bytes) to report, and returns its exit code.
func measureChild(report string, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "coebench -measure: no command")
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "coebench -measure:", err)
		return 2
	}
	st := cmd.ProcessState
	var rss int64
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	line := fmt.Sprintln(int64(wall), int64(st.UserTime()+st.SystemTime()), rss)
	if err := os.WriteFile(report, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "coebench -measure:", err)
		return 2
	}
	return st.ExitCode()
}

// best runs a measurement runs times and keeps the fastest run (and the
// largest peak memory of all).
func best(runs int, prepare func() error, name string, args ...string) (result, error) {
	return bestFindings(runs, prepare, false, name, args...)
}

// parseNodes reads and parses files into yaml.Nodes with coe's own worker
// pool, as coe reads a repository, and returns the first error.
func parseNodes(files []string) error {
	errs := make([]error, len(files))
	coe.Parallel(len(files), func(i int) {
		data, err := os.ReadFile(files[i])
		var n yaml.Node
		if err == nil {
			err = yaml.Unmarshal(data, &n)
		}
		errs[i] = err
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
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

// machine names the machine the figures are of.
func machine() string {
	return fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
}

// buildCoe builds coe into dir.
func buildCoe(dir string) (string, error) {
	fmt.Fprintln(os.Stderr, "building coe ...")
	bin := filepath.Join(dir, "coe")
	build := exec.Command("go", "build", "-o", bin, "github.com/coe-cli/coe/cmd/coe")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	return bin, nil
}

func secs(d time.Duration) string   { return fmt.Sprintf("%.2f s", d.Seconds()) }
func millis(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
func ratio(a, b time.Duration) float64 {
	return a.Seconds() / b.Seconds()
}

func verdictOf(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

// relatedKey is the id of the COE in the middle of files, for coe related.
func relatedKey(files []string) string {
	if len(files) == 0 {
		return ""
	}
	return strings.TrimSuffix(filepath.Base(files[len(files)/2]), ".yaml")
}

// statFloor lists the COE folder of dir and looks at each COE file
// (os.ReadDir, then lstat from the folder): what any warm answer that is
// exact must do at least, since an in-place edit of any file changes only
// that file's size and time.
func statFloor(dir string) error {
	entries, err := os.ReadDir(filepath.Join(dir, "coes"))
	if err != nil {
		return err
	}
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			if _, err := e.Info(); err == nil {
				n++
			}
		}
	}
	if n == 0 {
		return fmt.Errorf("no COE files in %s", dir)
	}
	return nil
}
