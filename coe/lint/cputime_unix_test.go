//go:build unix

package lint

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used: unlike the time on the
// clock, other work on the machine does not add to it.
func cpuTime(t *testing.T) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		t.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
