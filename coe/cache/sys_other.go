//go:build !unix

package cache

import "io/fs"

// keyOf is the key of a regular file: size and modification time (no
// inode here).
func keyOf(info fs.FileInfo) key {
	return key{size: info.Size(), mtime: info.ModTime().UnixNano()}
}

// devIno has nothing to give here: a cache copied from another folder is
// then told apart only by its files' times.
func devIno(fs.FileInfo) (uint64, uint64) { return 0, 0 }
