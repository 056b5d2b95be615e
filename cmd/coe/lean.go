package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"runtime/debug"
)

// leanLimit is the heap a command that reads every COE may grow to before
// the collector works harder: above what such a command keeps of 100,000
// COEs (coe actions, the most: 225,000 actions, some 105 MB), so that it
// does not collect without pause, and low enough that the process stays
// under 200 MB (at 192 MB, coe actions and stats reached 200-240 MB).
const leanLimit = 160 << 20

// leanPercent lets the heap grow to three times what is live before a
// collection: fewer collections than Go's default (each COE's garbage is
// dropped at once), while what is kept of 100,000 COEs (80-120 MB) stays
// well under leanLimit, where the collector would run without pause.
const leanPercent = 200

// lean sets the garbage collector for a command that reads every COE and
// keeps a little of each (list, stats, actions, lint, related): what it
// drops of each file is garbage at once, so the collector may let the heap
// grow to five times what is live (fewer collections, 5-10% faster), but
// not past leanLimit, so that memory stays flat as the repository grows.
// It returns what puts the settings back.
func lean() (restore func()) {
	percent := debug.SetGCPercent(leanPercent)
	limit := debug.SetMemoryLimit(leanLimit)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// buildMemoryLimit sets the soft memory limit of a build of n COEs,
// unless GOMEMLIMIT does: buildLimit(n); and, for a build of up to
// leanBuildMax COEs, lets the heap grow to three times what is live
// before a collection (leanPercent), unless GOGC says otherwise. A
// rebuild of 10,000 COEs spent a tenth of its CPU time in the collector at
// Go's default (100), and was 10% slower for it. A larger build is held by
// its limit whatever GOGC is; at 100,000 COEs the peak of a rebuild rose
// from 670 MB to 740-760 MB in two runs of four at 200. It returns what
// puts the settings back.
func buildMemoryLimit(n int) (restore func()) {
	limit, percent := int64(-1), -1
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(buildLimit(n))
	}
	if os.Getenv("GOGC") == "" && n <= leanBuildMax {
		percent = debug.SetGCPercent(leanPercent)
	}
	return func() {
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
		if percent >= 0 {
			debug.SetGCPercent(percent)
		}
	}
}

// leanBuildMax is the most COEs of a build that collects at leanPercent.
const leanBuildMax = 50_000

// buildLimit is the soft memory limit of a build of n COEs: 256 MB and
// 4 KB a COE.
func buildLimit(n int) int64 { return 256<<20 + int64(n)*4<<10 }

// writeJSONEach writes n items, made one at a time by item, as
// encoding/json writes the array indented by two spaces, an item at a
// time: 100,000 COEs never sit in memory twice, as objects and as their
// JSON.
func writeJSONEach[T any](w io.Writer, n int, item func(i int) T) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if n == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	bw.WriteString("[\n")
	for i := range n {
		v := item(i)
		b, err := json.MarshalIndent(&v, "  ", "  ")
		if err != nil {
			return err
		}
		bw.WriteString("  ")
		bw.Write(b)
		if i < n-1 {
			bw.WriteString(",\n")
		} else {
			bw.WriteString("\n")
		}
	}
	bw.WriteString("]\n")
	return bw.Flush()
}
