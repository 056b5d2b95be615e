package main

import (
	"testing"

	"github.com/coe-cli/coe/coe/golden"
)

// TestStatsExamples keeps `coe stats --json` on the examples as a golden
// file, its figures checked by hand against the example COEs.
func TestStatsExamples(t *testing.T) {
	stdout, stderr, code := runCoe(t, nil, false, "-C", "../../examples", "stats", "--json", "--as-of", "2026-01-01")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	golden.Check(t, *update, "stats-examples.golden", []byte(stdout))
}
