//go:build unix

package safefs

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestReadDirStat: a folder's wanted entries come sorted by name, each
// regular file with its size, time and inode as lstat tells them, and
// anything else (a link, however harmless, a pipe, a folder) not regular:
// the warm index never takes a link's target for a COE.
func TestReadDirStat(t *testing.T) {
	repo, outside := attackRepo(t)
	coes := filepath.Join(repo, "coes")
	// More than one getdents buffer's worth of names, and enough for the
	// looks to be shared by four goroutines.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for i := range 4 * statChunk {
		write(t, filepath.Join(coes, strings.Repeat("x", i%40)+"-"+string(rune('a'+i%26))+"-"+itoa(i)+".yaml"), strings.Repeat("y", i))
	}
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(coes, "leak.yaml"))
	symlink(t, filepath.Join(coes, "-a-0.yaml"), filepath.Join(coes, "inside.yaml"))
	mkfifo(t, filepath.Join(coes, "pipe.yaml"))
	if err := os.Mkdir(filepath.Join(coes, "folder.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(coes, "notes.txt"), "not a COE")
	r := open(t, repo)

	var dirs []string
	got, err := r.ReadDirStat(coes, func(name string, isDir bool) bool {
		if isDir {
			dirs = append(dirs, name)
			return false
		}
		return strings.HasSuffix(name, ".yaml")
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dirs, []string{"folder.yaml"}) {
		t.Errorf("folders seen: %q, want folder.yaml alone", dirs)
	}
	if len(got) != 4*statChunk+3 {
		t.Fatalf("%d entries, want %d files, two links and a pipe", len(got), 4*statChunk)
	}
	if !slices.IsSortedFunc(got, func(a, b DirStat) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("entries are not sorted by name")
	}
	for _, d := range got {
		info, err := os.Lstat(filepath.Join(coes, d.Name))
		if err != nil {
			t.Fatal(err)
		}
		want := DirStat{Name: d.Name}
		if info.Mode().IsRegular() {
			want = DirStat{Name: d.Name, Size: info.Size(), ModTime: info.ModTime().UnixNano(), Ino: Inode(info), Regular: true}
		}
		if d != want {
			t.Errorf("%+v, want %+v", d, want)
		}
		if regular := !slices.Contains([]string{"leak.yaml", "inside.yaml", "pipe.yaml"}, d.Name); d.Regular != regular {
			t.Errorf("%s: regular %v", d.Name, d.Regular)
		}
	}

	// The portable way gives the same.
	f, err := os.Open(coes)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	portable, err := readDirStatPortable(f, func(name string, isDir bool) bool { return !isDir && strings.HasSuffix(name, ".yaml") })
	if err != nil || !slices.Equal(portable, got) {
		t.Errorf("readDirStatPortable differs (%v)", err)
	}

	// Only folders inside the root, and only folders.
	for _, p := range []string{outside, filepath.Join(coes, "-a-0.yaml"), filepath.Join(repo, "missing")} {
		if _, err := r.ReadDirStat(p, func(string, bool) bool { return true }); err == nil {
			t.Errorf("ReadDirStat(%s) listed it", p)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
