package golden

import (
	"os"
	"path/filepath"
	"testing"
)

type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	os.Mkdir("testdata", 0o755)

	r := &recorder{TB: t}
	Check(r, false, "x.golden", []byte("a"))
	if !r.failed {
		t.Error("a missing golden file passes")
	}
	r = &recorder{TB: t}
	Check(r, true, "x.golden", []byte("a\r\n"))
	if b, _ := os.ReadFile(filepath.Join("testdata", "x.golden")); r.failed || string(b) != "a\r\n" {
		t.Errorf("-update wrote %q", b)
	}
	r = &recorder{TB: t}
	Check(r, false, "x.golden", []byte("a\r\n"))
	if r.failed {
		t.Error("equal output fails")
	}
	Check(r, false, "x.golden", []byte("a\n"))
	if !r.failed {
		t.Error("different output passes")
	}
}
