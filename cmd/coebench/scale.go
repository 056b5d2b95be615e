package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe/corpus"
)

// The scale table (issue 15): each command that reads every COE, at 10,000
// COEs and, with -scale, at 100,000, three ways:
//
//	no cache  --no-cache: every file read and parsed, as before the cache
//	cold      no .coe/cache yet: every file parsed, and the cache written
//	warm      the cache there and every file unchanged
//
// each in a process of its own, with wall time, CPU time and peak memory,
// beside the floor (a bare yaml.v3 parse of the same files). The
// incremental build is measured after one COE changed in a built site.

type scaleCmd struct {
	name string
	args func(dir string, files []string) []string
	// findings says exit 1 is an answer (lint errors), not a failure.
	findings bool
	target   string
}

func scaleCmds() []scaleCmd {
	mid := func(files []string) string { return files[len(files)/2] }
	return []scaleCmd{
		{name: "coe list", args: func(string, []string) []string { return []string{"list"} },
			target: "warm < 100 ms at 10k, < 1 s at 100k; memory <= 200 MB"},
		{name: "coe actions", findings: true, args: func(string, []string) []string { return []string{"actions"} },
			target: "memory <= 200 MB"},
		{name: "coe stats", args: func(string, []string) []string { return []string{"stats"} }},
		{name: "coe lint (every file)", findings: true, args: func(string, []string) []string { return []string{"lint"} },
			target: "memory <= 200 MB"},
		{name: "coe lint FILE", findings: true, args: func(_ string, files []string) []string { return []string{"lint", mid(files)} },
			target: "warm < 100 ms at 100k"},
		{name: "coe related ID", args: func(_ string, files []string) []string { return []string{"related", relatedKey(files)} }},
		{name: "coe search QUERY", findings: true, args: func(string, []string) []string { return []string{"search", "rollback canary"} },
			target: "warm < 100 ms at 10k"},
	}
}

// scaled is what the growth lines (growth) compare between two sizes:
// each command's warm run, by name, and the build into a new folder.
type scaled struct {
	n     int
	warm  map[string]result
	fresh result
}

// benchScale measures the scale table at the size n, in a new repository
// of generated COEs under base.
func benchScale(bin, base string, n, runs int) (scaled, error) {
	self, err := os.Executable()
	if err != nil {
		return scaled{}, err
	}
	dir, err := os.MkdirTemp(base, "coebench-scale-")
	if err != nil {
		return scaled{}, err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(os.Stderr, "generating %d COEs in %s ...\n", n, dir)
	if err := corpus.WriteRepo(dir, n); err != nil {
		return scaled{}, err
	}
	return scaleAt(self, bin, dir, n, runs)
}

func scaleAt(self, bin, dir string, n, runs int) (scaled, error) {
	sc := scaled{n: n, warm: map[string]result{}}
	files, _ := filepath.Glob(filepath.Join(dir, "coes", "*.yaml"))
	cacheDir := filepath.Join(dir, ".coe", "cache")
	noCache := func() error { return nil }
	drop := func() error { return os.RemoveAll(cacheDir) }
	floor, err := best(runs, nil, self, "-floor", dir)
	if err != nil {
		return sc, err
	}
	fmt.Printf("\nscale at %d COEs (best of %d; memory is the peak of any run)\n", n, runs)
	fmt.Printf("%-24s %18s %18s %18s   %s\n", "command", "no cache", "cold (fills it)", "warm", "target")
	statFloor, err := best(runs, nil, self, "-statfloor", dir)
	if err != nil {
		return sc, err
	}
	fmt.Printf("%-24s %18s %18s %18s   the floor: a bare yaml.v3 parse of every file\n", "floor", cell(floor), "", "")
	fmt.Printf("%-24s %18s %18s %18s   the warm floor: list the folder and lstat every file\n", "warm floor", "", "", cell(statFloor))
	for _, c := range scaleCmds() {
		args := append([]string{"-C", dir}, c.args(dir, files)...)
		run := func(prepare func() error, extra ...string) (result, error) {
			return bestFindings(runs, prepare, c.findings, bin, append(append([]string{}, args...), extra...)...)
		}
		none, err := run(noCache, "--no-cache")
		if err != nil {
			return sc, err
		}
		cold, err := run(drop)
		if err != nil {
			return sc, err
		}
		warm, err := run(nil)
		if err != nil {
			return sc, err
		}
		sc.warm[c.name] = warm
		fmt.Printf("%-24s %18s %18s %18s   %s\n", c.name, cell(none), cell(cold), cell(warm), c.target)
	}
	sc.fresh, err = scaleBuild(bin, dir, files, runs)
	return sc, err
}

// growth prints how each figure issue 15 bounds grew from the size a to
// the size b: a build's time and memory, and each summarising command's
// peak memory, warm (its time too, for what it is worth).
func growth(a, b scaled) {
	times := func(x, y int64) string {
		if x <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.1fx", float64(y)/float64(x))
	}
	fmt.Printf("\ngrowth from %d to %d COEs (%.0fx the COEs)\n", a.n, b.n, float64(b.n)/float64(a.n))
	fmt.Printf("%-24s %8s %8s   %s\n", "", "time", "memory", "target")
	// Issue 15's bounds, from 10,000 to 100,000 COEs: time within 1.1
	// times the COEs' growth (11x), memory 2x for a build, 1.5x for the
	// others.
	fmt.Printf("%-24s %8s %8s   time <= %.1fx, memory <= 2x\n", "coe build (new folder)",
		times(int64(a.fresh.wall), int64(b.fresh.wall)), times(a.fresh.maxRSS, b.fresh.maxRSS), 1.1*float64(b.n)/float64(a.n))
	for _, name := range []string{"coe list", "coe actions", "coe stats", "coe lint FILE"} {
		x, y := a.warm[name], b.warm[name]
		fmt.Printf("%-24s %8s %8s   memory <= 1.5x (warm)\n", name, times(int64(x.wall), int64(y.wall)), times(x.maxRSS, y.maxRSS))
	}
}

// scaleBuild measures a build into a new folder, a build over it with
// nothing changed, and builds after one COE changed: its title (the list
// pages, search.js and Similar COEs change) or a line of its text (its
// page, search.js and Similar COEs).
func scaleBuild(bin, dir string, files []string, runs int) (result, error) {
	out, err := os.MkdirTemp(filepath.Dir(dir), "coebench-scale-site-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(out)
	site := filepath.Join(out, "site")
	fresh, err := measure(func() error { os.RemoveAll(site); return nil }, bin, "-C", dir, "build", "-o", site)
	if err != nil {
		return fresh, err
	}
	same, err := best(runs, nil, bin, "-C", dir, "build", "-o", site)
	if err != nil {
		return fresh, err
	}
	one := files[len(files)/3]
	// edited is the best of runs builds, each after edit changed the COE.
	edited := func(edit func(text string, i int) string) (result, error) {
		var changed result
		for i := range runs {
			touch := func() error {
				data, err := os.ReadFile(one)
				if err != nil {
					return err
				}
				text := edit(string(data), i)
				if text == string(data) {
					return fmt.Errorf("%s: the edit changed nothing", one)
				}
				return os.WriteFile(one, []byte(text), 0o644)
			}
			r, err := measure(touch, bin, "-C", dir, "build", "-o", site)
			if err != nil {
				return r, err
			}
			if i == 0 || r.wall < changed.wall {
				changed.wall, changed.cpu = r.wall, r.cpu
			}
			changed.maxRSS = max(changed.maxRSS, r.maxRSS)
		}
		return changed, nil
	}
	title, err := edited(func(s string, i int) string {
		return strings.Replace(s, "title: ", fmt.Sprintf("title: Edited %d ", i), 1)
	})
	if err != nil {
		return fresh, err
	}
	body, err := edited(func(s string, i int) string {
		return strings.Replace(s, "what_happened: |\n", fmt.Sprintf("what_happened: |\n  Edited %d.\n", i), 1)
	})
	if err != nil {
		return fresh, err
	}
	fmt.Printf("%-24s %18s   into a new folder\n", "coe build", cell(fresh))
	fmt.Printf("%-24s %18s   again, nothing changed\n", "coe build", cell(same))
	fmt.Printf("%-24s %18s   again, one COE's title changed (target < 0.5 s at 10k)\n", "coe build", cell(title))
	fmt.Printf("%-24s %18s   again, a line of one COE's text added (target < 0.5 s at 10k)\n", "coe build", cell(body))
	return fresh, nil
}

func cell(r result) string {
	if r.wall == 0 {
		return ""
	}
	w := fmt.Sprintf("%.2f s", r.wall.Seconds())
	if r.wall < time.Second {
		w = fmt.Sprintf("%.0f ms", float64(r.wall.Microseconds())/1000)
	}
	if r.maxRSS == 0 {
		return w
	}
	return fmt.Sprintf("%s %4d MB", w, r.maxRSS/1e6)
}

// bestFindings is best for a command that may exit 1 with an answer.
func bestFindings(runs int, prepare func() error, findings bool, name string, args ...string) (result, error) {
	var b result
	for i := range runs {
		r, err := measureExit(prepare, findings, name, args...)
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

// scaleOnly builds coe and measures the scale table at each size of
// sizes (comma-separated), sizes of 100,000 and more once each (a cold run
// there parses for half a minute and more).
func scaleOnly(sizes string, runs int, base string) error {
	var ns []int
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes %q: expected numbers of COEs, like 10000,100000", sizes)
		}
		ns = append(ns, n)
	}
	fmt.Printf("coe scale benchmarks: %s\n", machine())
	dir, err := os.MkdirTemp(base, "coebench-bin-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, err := buildCoe(dir)
	if err != nil {
		return err
	}
	var done []scaled
	for _, n := range ns {
		r := runs
		if n >= 100000 {
			r = 1
		}
		sc, err := benchScale(bin, base, n, r)
		if err != nil {
			return err
		}
		done = append(done, sc)
	}
	if len(done) > 1 {
		growth(done[0], done[len(done)-1])
	}
	return nil
}
