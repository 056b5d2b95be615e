// Command coe writes, checks and publishes Correction-of-Error (COE)
// postmortems kept as YAML files in a git repository.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], systemStreams()))
}
