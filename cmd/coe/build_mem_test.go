package main

import (
	"runtime/debug"
	"testing"
)

// A build's soft memory limit grows with its COEs, 4 KB each, above the
// 256 MB a small one gets; GOMEMLIMIT, when set, wins; and the limit is
// put back after.
func TestBuildMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Setenv("GOMEMLIMIT", "")
	restore := buildMemoryLimit(100000)
	if got, want := debug.SetMemoryLimit(-1), int64(256<<20+100000*4<<10); got != want {
		t.Errorf("100,000 COEs: limit %d MB, want %d MB", got>>20, want>>20)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after the build %d, want %d as before", got, before)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	restore = buildMemoryLimit(100000)
	got := debug.SetMemoryLimit(-1)
	restore()
	if got != before {
		t.Errorf("with GOMEMLIMIT set, the build set the limit to %d", got)
	}
}
