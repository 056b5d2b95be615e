//go:build race

package main

// raceEnabled says the race detector is on: subprocess tests do less.
const raceEnabled = true
