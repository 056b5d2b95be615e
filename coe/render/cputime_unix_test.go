//go:build unix

package render

import "syscall"

// cpuTime is the CPU time the process has used, user and system, in
// nanoseconds (GC's included), for benchmarks to report beside the wall
// time, which a busy machine stretches; -1 where unknown.
func cpuTime() int64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return -1
	}
	return u.Utime.Nano() + u.Stime.Nano()
}
