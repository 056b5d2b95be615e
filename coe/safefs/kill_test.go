//go:build unix

package safefs

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestKillDuringWrite kills a process in the middle of replacing a file,
// many times at different moments: the file always holds the whole old or
// the whole new content, never a mix or a truncation, and the next write
// cleans up the temporary file the killed one left.
func TestKillDuringWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; -short skips it")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	p := filepath.Join(repo, "victim.yaml")
	tmpDir := filepath.Join(repo, ".coe", "tmp")
	old := bytes.Repeat([]byte("old content line\n"), 1000)
	if err := os.WriteFile(p, old, 0o644); err != nil {
		t.Fatal(err)
	}
	versions := helperVersions()
	midWrite := 0
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
		temps, _ := filepath.Glob(filepath.Join(tmpDir, TempPrefix+"*"))
		if len(temps) > 0 {
			midWrite++
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		switch {
		case bytes.Equal(got, old):
		case bytes.Equal(got, versions[0]) || bytes.Equal(got, versions[1]):
			os.WriteFile(p, old, 0o644)
		default:
			t.Fatalf("after kill %d the file is neither old nor new: %d bytes", i, len(got))
		}
		if others, _ := filepath.Glob(filepath.Join(repo, "*"+TempPrefix+"*")); len(others) > 0 {
			t.Fatalf("temporary files beside the file: %v", others)
		}
	}
	if midWrite == 0 {
		t.Error("no kill landed during a write; the test proved nothing")
	}
	// The next writer removes what the killed ones left.
	r := open(t, repo)
	r.SetTempDir(".coe/tmp")
	if err := r.WriteFile(p, []byte("after\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if temps, _ := filepath.Glob(filepath.Join(tmpDir, "*")); len(temps) > 0 {
		t.Errorf("left after the next write: %v", temps)
	}
	t.Logf("%d kills mid-write", midWrite)
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
		return // only a helper process for TestKillDuringWrite
	}
	r, err := Open(filepath.Dir(p))
	if err != nil {
		t.Fatal(err)
	}
	r.SetTempDir(".coe/tmp")
	versions := helperVersions()
	fmt.Print("start")
	os.Stdout.Sync()
	for i := 0; ; i++ {
		if err := r.WriteFile(p, versions[i%2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Many creators racing for one name: exactly one wins.
func TestCreateExclusiveRace(t *testing.T) {
	dir := t.TempDir()
	r := open(t, dir)
	p := filepath.Join(dir, "x.yaml")
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r.CreateExclusive(p, []byte(fmt.Sprint(i)), 0o644) == nil {
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
	if names, _ := filepath.Glob(filepath.Join(dir, TempPrefix+"*")); len(names) > 0 {
		t.Errorf("temporary files left: %v", names)
	}
}
