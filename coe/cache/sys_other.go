//go:build !unix

package cache

import (
	"io/fs"
	"os"

	"github.com/coe-cli/coe/coe"
)

// keyOf is the key of a regular file: size and modification time (no
// inode here).
func keyOf(info fs.FileInfo) key {
	return key{size: info.Size(), mtime: info.ModTime().UnixNano()}
}

// devIno has nothing to give here: a cache copied from another folder is
// then told apart only by its files' times.
func devIno(fs.FileInfo) (uint64, uint64) { return 0, 0 }

// statAll sets the key of each file (size -1 for anything but a regular
// file), on several goroutines.
func statAll(files []string, keys []key) {
	coe.Parallel(len(files), func(i int) {
		keys[i] = key{size: -1}
		if info, err := os.Lstat(files[i]); err == nil && info.Mode().IsRegular() {
			keys[i] = keyOf(info)
		}
	})
}
