// Package golden compares a test's output with a golden file under
// testdata, or rewrites the file when the test runs with -update (each
// package's tests define that flag and pass its value).
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Check compares got with testdata/name, or writes it there when update
// is set.
func Check(t testing.TB, update bool, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update in this package to create it, then review it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test -update in this package and review the diff\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
