// Package early keeps coe's start-up from touching the terminal.
//
// Bubble Tea v1 (under the forms) asks the terminal for its background
// colour in a package init, whatever the command: an escape sequence on
// every run, and a five-second wait on terminals that do not answer. This
// package, which depends on nothing but os, is initialized before the
// charmbracelet packages (Go initializes ready packages in import-path
// order, and theirs wait on dependencies that sort after this one). It
// points os.Stdout at the null device while the other packages initialize,
// so they see no terminal and ask nothing; main puts it back with Restore
// first thing, and the forms ask their own terminal when they start.
package early

import "os"

// stdout is the real standard output.
var stdout = os.Stdout

func init() {
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		os.Stdout = null
	}
}

// Restore puts the real standard output back. It is safe to call twice.
func Restore() {
	if os.Stdout != stdout {
		os.Stdout.Close()
		os.Stdout = stdout
	}
}
