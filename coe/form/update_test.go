package form

import "flag"

// This package has no golden files; the flag lets `go test ./... -update`
// (which rewrites the golden files of other packages) run here too.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")
