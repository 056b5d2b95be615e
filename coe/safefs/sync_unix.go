//go:build unix && !linux

package safefs

import (
	"os"
	"syscall"
)

// syncFS flushes what is written: every file system, where the system has
// no call for one.
func syncFS(*os.File) error {
	syscall.Sync()
	return nil
}
