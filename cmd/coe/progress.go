package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/coe-cli/coe/coe/render"
)

// progressMin is the number of COEs from which build reports progress.
const progressMin = 500

// newProgress reports a phase of the build (verb: Reading, Building) on stderr for large
// repositories: a line that updates itself in a terminal, a line at each
// tenth otherwise (CI logs).
func newProgress(ios *Streams, verb string, total int) func(done, total int) {
	if total < progressMin {
		return nil
	}
	var mu sync.Mutex
	var last time.Time
	lastTenth := 0
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if ios.ErrTTY {
			if now := time.Now(); now.Sub(last) >= 100*time.Millisecond || done == total {
				last = now
				fmt.Fprintf(ios.ErrOut, "\r\x1b[K%s: %s of %s COEs", verb, render.Thousands(int64(done)), render.Thousands(int64(total)))
			}
			return
		}
		if tenth := done * 10 / total; tenth > lastTenth {
			lastTenth = tenth
			fmt.Fprintf(ios.ErrOut, "%s: %s of %s COEs\n", verb, render.Thousands(int64(done)), render.Thousands(int64(total)))
		}
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return render.Thousands(int64(n)) + " " + word + "s"
}
