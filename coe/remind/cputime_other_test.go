//go:build !unix

package remind

// cpuTime is unknown here: see cputime_unix_test.go.
func cpuTime() int64 { return -1 }
