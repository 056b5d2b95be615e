//go:build unix

package safefs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// secret is what a file outside the repository holds: no error may show it.
const secret = "TOP-SECRET-BYTES"

// attackRepo makes a repository folder and, beside it, a folder outside it
// with a secret file.
func attackRepo(t *testing.T) (repo, outside string) {
	t.Helper()
	top := t.TempDir()
	repo, outside = filepath.Join(top, "repo"), filepath.Join(top, "outside")
	for _, d := range []string{repo, outside, filepath.Join(repo, "coes")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(outside, "secret.txt"), secret)
	return repo, outside
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, dir string) *Root {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
}

func TestReadFileRefusesWhatIsNotARegularFileInside(t *testing.T) {
	repo, outside := attackRepo(t)
	coes := filepath.Join(repo, "coes")
	write(t, filepath.Join(coes, "ok.yaml"), "id: ok\n")
	symlink(t, "ok.yaml", filepath.Join(coes, "link-inside.yaml"))
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(coes, "abs-out.yaml"))
	symlink(t, "../../outside/secret.txt", filepath.Join(coes, "rel-out.yaml"))
	symlink(t, "/dev/zero", filepath.Join(coes, "zero.yaml"))
	symlink(t, outside, filepath.Join(repo, "linked-dir"))
	symlink(t, "missing.yaml", filepath.Join(coes, "dangling.yaml"))
	mkfifo(t, filepath.Join(coes, "fifo.yaml"))
	os.Mkdir(filepath.Join(coes, "dir.yaml"), 0o755)
	r := open(t, repo)

	for _, name := range []string{"coes/ok.yaml", "coes/link-inside.yaml"} {
		data, err := r.ReadFile(filepath.Join(repo, name), 1<<20)
		if err != nil || string(data) != "id: ok\n" {
			t.Errorf("%s: got %q, %v; want the file", name, data, err)
		}
	}
	for _, tc := range []struct {
		name string
		want error
		msg  string
	}{
		{"coes/abs-out.yaml", ErrOutside, "coes/abs-out.yaml: is a symbolic link that leads out of the repository; not read"},
		{"coes/rel-out.yaml", ErrOutside, "coes/rel-out.yaml: is a symbolic link that leads out of the repository; not read"},
		{"coes/zero.yaml", ErrOutside, "coes/zero.yaml: is a symbolic link that leads out of the repository; not read"},
		{"linked-dir/secret.txt", ErrOutside, "linked-dir/secret.txt: is inside linked-dir, which is a symbolic link that leads out of the repository; not read"},
		{"coes/fifo.yaml", ErrNotRegular, "coes/fifo.yaml: is a named pipe (FIFO), not a regular file; not read"},
		{"coes/dir.yaml", ErrNotRegular, "coes/dir.yaml: is a folder, not a regular file; not read"},
		{"coes/dangling.yaml", fs.ErrNotExist, "coes/dangling.yaml: no such file or directory"},
		{"../outside/secret.txt", ErrOutside, filepath.Join(outside, "secret.txt") + ": is outside the repository (" + repo + ")"},
	} {
		done := make(chan struct{})
		var err error
		var data []byte
		go func() {
			defer close(done)
			// Named as a user would, relative to the repository.
			wd, _ := os.Getwd()
			defer os.Chdir(wd)
			data, err = r.ReadFile(filepath.Join(repo, tc.name), 1<<20)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: ReadFile hangs", tc.name)
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want one matching %v", tc.name, err, tc.want)
			continue
		}
		if data != nil {
			t.Errorf("%s: got data %q with the error", tc.name, data)
		}
		msg := strings.ReplaceAll(err.Error(), repo+string(filepath.Separator), "")
		if !strings.HasPrefix(msg, tc.msg) {
			t.Errorf("%s: message\n%s\nwant it to start\n%s", tc.name, msg, tc.msg)
		}
		if strings.Contains(err.Error(), secret) || !strings.HasPrefix(tc.name, "..") && strings.Contains(err.Error(), outside) {
			t.Errorf("%s: the message shows the target: %s", tc.name, err)
		}
	}
}

func TestReadFileCapsBeforeReading(t *testing.T) {
	repo, _ := attackRepo(t)
	big := filepath.Join(repo, "coes", "big.yaml")
	write(t, big, strings.Repeat("x", 101))
	r := open(t, repo)
	if _, err := r.ReadFile(big, 100); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "is 101 bytes; at most 100 bytes are read") {
		t.Errorf("over the cap: %v", err)
	}
	if data, err := r.ReadFile(big, 101); err != nil || len(data) != 101 {
		t.Errorf("at the cap: %d bytes, %v", len(data), err)
	}
}

func TestReadStreamStopsAtTheCap(t *testing.T) {
	start := time.Now()
	_, err := ReadStream("/dev/zero", 1<<20)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "/dev/zero: is more than 1048576 bytes; at most 1048576 bytes (1 MiB) are read") {
		t.Errorf("/dev/zero: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("reading /dev/zero to the cap took %s", d)
	}
	if _, err := ReadIn(nil, "/dev/zero", 1<<20); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadIn(nil, /dev/zero): %v, want a refusal", err)
	}
}

func TestWriteFileKeepsModeAndWritesThroughInsideLinksOnly(t *testing.T) {
	repo, outside := attackRepo(t)
	coes := filepath.Join(repo, "coes")
	real := filepath.Join(coes, "real.yaml")
	write(t, real, "old\n")
	os.Chmod(real, 0o600)
	symlink(t, "real.yaml", filepath.Join(coes, "inside.yaml"))
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(coes, "out.yaml"))
	mkfifo(t, filepath.Join(coes, "fifo.yaml"))
	r := open(t, repo)
	r.SetTempDir(".coe/tmp")

	if err := r.WriteFile(real, []byte("new\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("mode after a write: %v, want 0600 kept", st.Mode().Perm())
	}
	if err := r.WriteFile(filepath.Join(coes, "inside.yaml"), []byte("through\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(real); string(got) != "through\n" {
		t.Errorf("the link's target holds %q, want the new content", got)
	}
	if st, _ := os.Lstat(filepath.Join(coes, "inside.yaml")); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link inside was replaced by a file; want it kept, and its target written")
	}
	err := r.WriteFile(filepath.Join(coes, "out.yaml"), []byte("pwned"), 0o644)
	if !errors.Is(err, ErrOutside) {
		t.Errorf("write through a link out: %v, want a refusal", err)
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(got) != secret {
		t.Errorf("the file outside now holds %q", got)
	}
	if err := r.WriteFile(filepath.Join(coes, "fifo.yaml"), []byte("x"), 0o644); !errors.Is(err, ErrNotRegular) {
		t.Errorf("write over a named pipe: %v, want a refusal", err)
	}
	entries, _ := os.ReadDir(filepath.Join(repo, ".coe", "tmp"))
	if len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestWriteFileThatFailsLeavesTheOldFile(t *testing.T) {
	repo, _ := attackRepo(t)
	coes := filepath.Join(repo, "coes")
	f := filepath.Join(coes, "x.yaml")
	write(t, f, "old\n")
	defer func(orig func(*os.File, []byte) (int, error)) { writeData = orig }(writeData)
	writeData = func(f *os.File, data []byte) (int, error) {
		n, _ := f.Write(data[:len(data)/2])
		return n, &fs.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	r := open(t, repo)
	r.SetTempDir(".coe/tmp")
	err := r.WriteFile(f, []byte("new\n"), 0o644)
	if err == nil {
		t.Fatal("no error from a write to a full disk")
	}
	if msg := err.Error(); msg != f+": not written: no space left on device; the file is untouched" || strings.Contains(msg, TempPrefix) {
		t.Errorf("message %q; want it to name the file, say it is untouched, and not name a temporary file", msg)
	}
	if got, _ := os.ReadFile(f); string(got) != "old\n" {
		t.Errorf("the file holds %q after a failed write", got)
	}
	if entries, _ := os.ReadDir(filepath.Join(repo, ".coe", "tmp")); len(entries) != 0 {
		t.Errorf("a failed write left %v", entries)
	}
	err = r.CreateExclusive(filepath.Join(coes, "new.yaml"), []byte("new\n"), 0o644)
	if err == nil || err.Error() != filepath.Join(coes, "new.yaml")+": not written: no space left on device; nothing was created" {
		t.Errorf("a failed create: %v", err)
	}
}

func TestStrictRootRefusesEveryLink(t *testing.T) {
	site, outside := attackRepo(t)
	os.MkdirAll(filepath.Join(site, "pages"), 0o755)
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(site, "pages", "a.html"))
	write(t, filepath.Join(site, "real.html"), "x")
	symlink(t, "real.html", filepath.Join(site, "pages", "inside.html"))
	symlink(t, outside, filepath.Join(site, "services"))
	r, err := OpenStrict(site)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"pages/a.html", "pages/inside.html", "services/x.html"} {
		err := r.WriteFile(filepath.Join(site, p), []byte("page"), 0o644)
		if err == nil || !strings.Contains(err.Error(), "is a symbolic link; coe does not follow links in this folder") {
			t.Errorf("%s: %v, want a refusal naming the link", p, err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(got) != secret {
		t.Errorf("the file outside now holds %q", got)
	}
	if _, err := os.Stat(filepath.Join(outside, "x.html")); err == nil {
		t.Error("a page was written into the linked folder")
	}
}

func TestCreateExclusive(t *testing.T) {
	repo, outside := attackRepo(t)
	coes := filepath.Join(repo, "coes")
	symlink(t, filepath.Join(outside, "new.yaml"), filepath.Join(coes, "dangling.yaml"))
	r := open(t, repo)
	r.SetTempDir(".coe/tmp")
	p := filepath.Join(coes, "a.yaml")
	if err := r.CreateExclusive(p, []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := r.CreateExclusive(p, []byte("b\n"), 0o644); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second create: %v, want ErrExist", err)
	}
	if err := r.CreateExclusive(filepath.Join(coes, "dangling.yaml"), []byte("b\n"), 0o644); !errors.Is(err, fs.ErrExist) {
		t.Errorf("create over a dangling link: %v, want ErrExist", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "new.yaml")); err == nil {
		t.Error("a file was created outside through a dangling link")
	}
	if got, _ := os.ReadFile(p); string(got) != "a\n" {
		t.Errorf("file holds %q", got)
	}
}

func TestWriteOutput(t *testing.T) {
	repo, outside := attackRepo(t)
	r := open(t, repo)
	// A device is written as a stream, never replaced.
	if err := WriteOutput("/dev/null", []byte("x"), 0o644, r); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", st.Mode(), err)
	}
	// A committed link in the repository that leads out is refused.
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(repo, "report.html"))
	if err := WriteOutput(filepath.Join(repo, "report.html"), []byte("page"), 0o644, r); !errors.Is(err, ErrOutside) {
		t.Errorf("-o onto a link out of the repository: %v, want a refusal", err)
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(got) != secret {
		t.Errorf("the file outside now holds %q", got)
	}
	// The user's own link, outside the repository, is followed.
	write(t, filepath.Join(outside, "target.html"), "old")
	os.Chmod(filepath.Join(outside, "target.html"), 0o640)
	symlink(t, "target.html", filepath.Join(outside, "mine.html"))
	if err := WriteOutput(filepath.Join(outside, "mine.html"), []byte("page"), 0o644, r); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "target.html")); string(got) != "page" {
		t.Errorf("target holds %q", got)
	}
	if st, _ := os.Lstat(filepath.Join(outside, "mine.html")); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the user's link was replaced by a file")
	}
	if st, _ := os.Stat(filepath.Join(outside, "target.html")); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", st.Mode().Perm())
	}
	// A named pipe is written as a stream to its reader.
	fifo := filepath.Join(outside, "pipe")
	mkfifo(t, fifo)
	got := make(chan []byte)
	go func() {
		data, _ := os.ReadFile(fifo)
		got <- data
	}()
	if err := WriteOutput(fifo, []byte("streamed"), 0o644, r); err != nil {
		t.Fatal(err)
	}
	if data := <-got; !bytes.Equal(data, []byte("streamed")) {
		t.Errorf("the pipe's reader got %q", data)
	}
	if err := WriteOutput(outside, []byte("x"), 0o644, r); !errors.Is(err, ErrNotRegular) {
		t.Errorf("-o onto a folder: %v", err)
	}
}

func TestLockWaitsThenNamesTheHolder(t *testing.T) {
	repo, _ := attackRepo(t)
	r := open(t, repo)
	os.MkdirAll(filepath.Join(repo, ".coe"), 0o755)
	path := filepath.Join(repo, ".coe", "lock")
	first, err := r.Lock(path, time.Second, "coe approve X (pid 1)")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = r.Lock(path, 150*time.Millisecond, "coe edit Y (pid 2)")
	var le *LockedError
	if !errors.As(err, &le) || le.Holder != "coe approve X (pid 1)" {
		t.Fatalf("second lock: %v, want a LockedError naming the holder", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 2*time.Second {
		t.Errorf("waited %s, want about 150ms", d)
	}
	if !strings.Contains(err.Error(), "is held by coe approve X (pid 1); gave up after waiting") {
		t.Errorf("message: %s", err)
	}
	// Released while the other waits: the waiter gets it.
	go func() {
		time.Sleep(50 * time.Millisecond)
		first.Unlock()
	}()
	second, err := r.Lock(path, 5*time.Second, "coe edit Y (pid 2)")
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	second.Unlock()
}

func TestCleanTempRemovesOnlyWhatDeadWritersLeft(t *testing.T) {
	repo, _ := attackRepo(t)
	tmp := filepath.Join(repo, ".coe", "tmp")
	os.MkdirAll(tmp, 0o755)
	dead := TempPrefix + "999999999-abc"
	mine := tempName()
	write(t, filepath.Join(tmp, dead), "x")
	write(t, filepath.Join(tmp, mine), "x")
	write(t, filepath.Join(tmp, "notes.txt"), "x")
	r := open(t, repo)
	r.CleanTemp(".coe/tmp")
	for name, want := range map[string]bool{dead: false, mine: true, "notes.txt": true} {
		_, err := os.Stat(filepath.Join(tmp, name))
		if (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", name, err == nil, want)
		}
	}
}
