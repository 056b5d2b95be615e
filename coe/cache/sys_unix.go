//go:build unix

package cache

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/coe-cli/coe/coe"
	"golang.org/x/sys/unix"
)

// keyOf is the key of a regular file: size, modification time, inode.
func keyOf(info fs.FileInfo) key {
	k := key{size: info.Size(), mtime: info.ModTime().UnixNano()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		k.ino = uint64(st.Ino)
	}
	return k
}

// devIno are a folder's device and inode.
func devIno(info fs.FileInfo) (uint64, uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Dev), uint64(st.Ino)
	}
	return 0, 0
}

// statAll sets the key of each file (size -1 for anything but a regular
// file), on several goroutines. Files of one folder, as a repository's
// COEs are, are looked up from the folder (fstatat), two to three times
// faster than a whole path each: the stat of every file is most of what a
// warm command does.
func statAll(files []string, keys []key) {
	var dir *os.File
	if len(files) > 0 {
		dir, _ = os.Open(filepath.Dir(files[0]))
	}
	if dir != nil {
		defer dir.Close()
	}
	coe.Parallel(len(files), func(i int) {
		keys[i] = key{size: -1}
		if dir != nil && filepath.Dir(files[i]) == dir.Name() {
			var st unix.Stat_t
			if unix.Fstatat(int(dir.Fd()), filepath.Base(files[i]), &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
				if st.Mode&unix.S_IFMT == unix.S_IFREG {
					keys[i] = key{size: st.Size, mtime: st.Mtim.Nano(), ino: st.Ino}
				}
			}
			return
		}
		if info, err := os.Lstat(files[i]); err == nil && info.Mode().IsRegular() {
			keys[i] = keyOf(info)
		}
	})
}
