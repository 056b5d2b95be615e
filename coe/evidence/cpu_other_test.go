//go:build !unix

package evidence

import "time"

// childCPU is unknown here: the benchmark reports wall time alone.
func childCPU() time.Duration { return 0 }
