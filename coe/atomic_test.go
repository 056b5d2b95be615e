package coe

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestWriteFileAtomicReplaces(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.yaml")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(got) != "new" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v; want \"new\" with the old file's mode 0600", got, st.Mode().Perm())
	}
	assertNoTempFiles(t, filepath.Dir(p))
}

// A write that fails leaves the old file as it was and no temporary file.
func TestWriteFileAtomicFailureKeepsOld(t *testing.T) {
	if os.Geteuid() == 0 {
		// root ignores directory permissions; use a path that cannot be renamed over instead.
		dir := t.TempDir()
		p := filepath.Join(dir, "a.yaml")
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(p, []byte("new"), 0o644); err == nil {
			t.Fatal("writing over a directory succeeded")
		}
		assertNoTempFiles(t, dir)
		return
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "a.yaml")
	os.WriteFile(p, []byte("old"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if err := WriteFileAtomic(p, []byte("new"), 0o644); err == nil {
		t.Fatal("write into a read-only folder succeeded")
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("old file changed to %q", got)
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// TestKillDuringWrite kills a process in the middle of replacing a file,
// many times at different moments: the file always holds the whole old or
// the whole new content, never a mix or a truncation.
func TestKillDuringWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; -short skips it")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "victim.yaml")
	old := bytes.Repeat([]byte("old content line\n"), 1000)
	if err := os.WriteFile(p, old, 0o644); err != nil {
		t.Fatal(err)
	}
	versions := helperVersions()
	sawNew, sawOld, midWrite := false, false, 0
	for i := 0; i < 12; i++ {
		cmd := exec.Command(exe, "-test.run=^TestHelperWriter$")
		cmd.Env = append(os.Environ(), "COE_TEST_WRITER="+p)
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 5)
		if _, err := stdout.Read(buf); err != nil { // "start": the child is about to write
			t.Fatal(err)
		}
		time.Sleep(time.Duration(i) * 7 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		// A temporary file left behind proves the kill landed mid-write.
		temps, _ := filepath.Glob(filepath.Join(dir, ".victim.yaml.tmp-*"))
		if len(temps) > 0 {
			midWrite++
		}
		for _, tmp := range temps {
			os.Remove(tmp)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		switch {
		case bytes.Equal(got, old):
			sawOld = true
		case bytes.Equal(got, versions[0]) || bytes.Equal(got, versions[1]):
			sawNew = true
			os.WriteFile(p, old, 0o644)
		default:
			t.Fatalf("after kill %d the file is neither old nor new: %d bytes", i, len(got))
		}
	}
	if midWrite == 0 {
		t.Error("no kill landed during a write; the test proved nothing")
	}
	t.Logf("%d kills mid-write; saw old: %v, saw new: %v", midWrite, sawOld, sawNew)
}

// helperVersions are the two contents the helper writes in turn, 4 MB each.
func helperVersions() [2][]byte {
	return [2][]byte{bytes.Repeat([]byte("NEW CONTENT LINE A\n"), 1<<18), bytes.Repeat([]byte("new content line b\n"), 1<<18)}
}

// TestHelperWriter is the child of TestKillDuringWrite: it replaces the file
// over and over until it is killed.
func TestHelperWriter(t *testing.T) {
	p := os.Getenv("COE_TEST_WRITER")
	if p == "" {
		t.Skip("helper process for TestKillDuringWrite")
	}
	versions := helperVersions()
	fmt.Print("start")
	os.Stdout.Sync()
	for i := 0; ; i++ {
		if err := WriteFileAtomic(p, versions[i%2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCreateFileExclusive(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.yaml")
	if err := CreateFileExclusive(p, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := CreateFileExclusive(p, []byte("two"), 0o644)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second create: %v, want ErrExist", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "one" {
		t.Errorf("existing file overwritten: %q", got)
	}
	assertNoTempFiles(t, filepath.Dir(p))
}

// Many creators racing for one name: exactly one wins.
func TestCreateFileExclusiveRace(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.yaml")
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if CreateFileExclusive(p, []byte("data"), 0o644) == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d creators won; want exactly 1", wins)
	}
}
