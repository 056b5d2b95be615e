package main

import (
	"runtime/debug"
	"testing"
)

// A build's soft memory limit grows with its COEs, 4 KB each, above the
// 256 MB a small one gets, and the heap of a build of up to 50,000 COEs
// grows to three times what is live before a collection; GOMEMLIMIT and
// GOGC, when set, win; and both are put back after.
func TestBuildMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	percent := debug.SetGCPercent(100)
	defer debug.SetGCPercent(percent)
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	restore := buildMemoryLimit(100000)
	if got, want := debug.SetMemoryLimit(-1), int64(256<<20+100000*4<<10); got != want {
		t.Errorf("100,000 COEs: limit %d MB, want %d MB", got>>20, want>>20)
	}
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("100,000 COEs: GC percent %d, want 100 (the limit holds a large build)", got)
	}
	debug.SetGCPercent(100)
	restore()
	restore = buildMemoryLimit(10000)
	if got := debug.SetGCPercent(-1); got != leanPercent {
		t.Errorf("10,000 COEs: GC percent %d, want %d", got, leanPercent)
	}
	debug.SetGCPercent(leanPercent)
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after the build %d, want %d as before", got, before)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent after the build %d, want 100 as before", got)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	t.Setenv("GOGC", "50")
	restore = buildMemoryLimit(100000)
	got, gotPercent := debug.SetMemoryLimit(-1), debug.SetGCPercent(100)
	restore()
	if got != before {
		t.Errorf("with GOMEMLIMIT set, the build set the limit to %d", got)
	}
	if gotPercent != 100 {
		t.Errorf("with GOGC set, the build set the GC percent to %d", gotPercent)
	}
}
