package main

import (
	"bufio"
	"encoding/json"
	"io"
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
