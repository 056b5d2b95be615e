package safefs

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS flushes the file system that holds d.
func syncFS(d *os.File) error { return unix.Syncfs(int(d.Fd())) }
