package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/coe-cli/coe/coe"
)

// Exit codes, documented in `coe help` and the README.
const (
	exitOK       = 0
	exitFindings = 1   // lint errors, failed checks, files that did not read
	exitUsage    = 2   // usage, input or I/O problem
	exitAborted  = 130 // stopped by the user (ctrl-c, esc)
)

// exitError carries an exit code with an error. A nil err exits quietly
// (the command already said what it had to).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageError(err error) error { return &exitError{exitUsage, err} }

func usagef(format string, args ...any) error { return usageError(fmt.Errorf(format, args...)) }

// silentExit ends the command with code, having printed everything already.
func silentExit(code int) error { return &exitError{code: code} }

// printError writes err once, in one place, and returns the exit code.
func printError(w io.Writer, err error) int {
	code := exitUsage
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
		err = ee.err
	}
	if err == nil {
		return code
	}
	// A message may quote a file name or a COE's text: its control and
	// bidi characters are shown, not sent (see coe.Printable).
	msg := coe.Printable(err.Error(), true)
	if l := coe.Errors(err); len(l) > 0 && l.Error() == err.Error() {
		// Positioned problems print as they are: file:line:col: message.
		fmt.Fprintln(w, msg)
		return code
	}
	fmt.Fprintf(w, "coe: %s\n", msg)
	return code
}
