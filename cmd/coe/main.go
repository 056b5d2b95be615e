// Command coe writes, checks and publishes Correction-of-Error (COE)
// postmortems kept as YAML files in a git repository.
package main

import (
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/coe-cli/coe/cmd/coe/internal/early"
	"github.com/muesli/termenv"
)

func main() {
	restoreStdout()
	os.Exit(run(os.Args[1:], systemStreams()))
}

// restoreStdout undoes package early: the real standard output, and the
// terminal libraries' defaults made on it (without asking the terminal
// anything; the forms do that when they start).
func restoreStdout() {
	early.Restore()
	termenv.SetDefaultOutput(termenv.NewOutput(os.Stdout))
	lipgloss.SetDefaultRenderer(lipgloss.NewRenderer(os.Stdout))
}
