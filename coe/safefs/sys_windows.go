//go:build windows

package safefs

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

const oNonblock = 0

func keepOwner(*os.File, fs.FileInfo) {}

// processAlive cannot tell on this system: only age makes a temporary
// file stale.
func processAlive(int) bool { return true }

// lockOffset is where the locked byte is: past the holder text, which
// other processes read.
const lockOffset = 1 << 30

func lockFile(f *os.File) (held bool, err error) {
	ol := &windows.Overlapped{Offset: lockOffset}
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return true, nil
	}
	return false, err
}

func unlockFile(f *os.File) error {
	ol := &windows.Overlapped{Offset: lockOffset}
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}

// Inode is 0 here: the system gives no inode number through fs.FileInfo.
func Inode(fs.FileInfo) uint64 { return 0 }
