//go:build unix

package cache

import (
	"io/fs"
	"syscall"
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
