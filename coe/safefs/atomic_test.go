package safefs

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAtomic: a file written through an Atomic replaces the old one only
// at Commit, flushed or Volatile alike; Abort leaves the old one and no
// temporary file; nothing is written through a link to outside the root.
func TestAtomic(t *testing.T) {
	dir := t.TempDir()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p := filepath.Join(dir, "table")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	read := func() string {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, volatile := range []bool{false, true} {
		a, err := r.CreateAtomic(p, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if volatile {
			a.Volatile()
		}
		a.Write([]byte("new "))
		if got := read(); got != "old" && got != "new false" {
			t.Fatalf("volatile %v: %q before Commit", volatile, got)
		}
		a.Write([]byte(map[bool]string{false: "false", true: "true"}[volatile]))
		if err := a.Commit(); err != nil {
			t.Fatalf("volatile %v: %v", volatile, err)
		}
		if got, want := read(), "new "+map[bool]string{false: "false", true: "true"}[volatile]; got != want {
			t.Errorf("volatile %v: %q, want %q", volatile, got, want)
		}
		if st, err := os.Stat(p); err != nil {
			t.Fatal(err)
		} else if st.Mode().Perm() != 0o600 {
			t.Errorf("volatile %v: the old file's mode is not kept: %v", volatile, st.Mode())
		}
	}
	a, err := r.CreateAtomic(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	a.Volatile()
	a.Write([]byte("dropped"))
	a.Abort()
	if got := read(); got != "new true" {
		t.Errorf("after Abort: %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after Abort the folder holds %d files, want the table alone", len(entries))
	}
	outside := filepath.Join(t.TempDir(), "target")
	os.WriteFile(outside, []byte("outside"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	if a, err := r.CreateAtomic(link, 0o644); err == nil {
		a.Volatile()
		a.Write([]byte("through"))
		a.Commit()
	}
	if b, _ := os.ReadFile(outside); string(b) != "outside" {
		t.Errorf("written through a link: %q", b)
	}
}
