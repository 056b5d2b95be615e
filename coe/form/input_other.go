//go:build !unix

package form

import "time"

// ready reports whether the terminal has something to read within d; here
// it cannot tell, and a paste split between reads stays split.
func (t *ttyInput) ready(time.Duration) bool { return false }
