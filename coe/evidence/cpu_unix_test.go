//go:build unix

package evidence

import (
	"syscall"
	"time"
)

// childCPU is the CPU time of the child processes that have ended (git),
// user and system, so that a benchmark on a busy machine can report the
// work apart from the waiting.
func childCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
