//go:build !unix && !windows

package safefs

import (
	"io/fs"
	"os"
)

const oNonblock = 0

func keepOwner(*os.File, fs.FileInfo) {}

func processAlive(int) bool { return true }

// lockFile cannot lock on this system: the lock is advisory only where
// the system has one.
func lockFile(*os.File) (bool, error) { return false, nil }

func unlockFile(*os.File) error { return nil }

// Inode is 0 here: the system gives no inode number through fs.FileInfo.
func Inode(fs.FileInfo) uint64 { return 0 }
