//go:build unix

package form

import (
	"time"

	"golang.org/x/sys/unix"
)

// ready reports whether the terminal has something to read within d.
func (t *ttyInput) ready(d time.Duration) bool {
	fds := []unix.PollFd{{Fd: int32(t.File.Fd()), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(fds, int(d.Milliseconds()))
		if err == unix.EINTR {
			continue
		}
		return err == nil && n > 0 && fds[0].Revents&unix.POLLIN != 0
	}
}
