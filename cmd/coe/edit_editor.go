package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
)

// editInEditor opens the YAML in the user's editor until it is valid or the
// user gives up.
func editInEditor(o *editOptions, r *coe.Repo, path string, orig []byte) error {
	ios := o.f.Streams
	editor := firstNonEmpty(ios.Getenv("VISUAL"), ios.Getenv("EDITOR"), "vi")
	tmp, cleanup, err := r.WorkingCopy(path)
	if err != nil {
		return usagef("no working copy for the editor: %v; %s is untouched", pathErr(err), r.Rel(path))
	}
	defer cleanup()
	loop := check.EditorLoop{Repo: r, Path: path, Tmp: tmp, Orig: orig, AsOf: coe.DateOf(o.f.Now()), Log: ios.ErrOut,
		Run: func(file string) error {
			if err := runEditor(ios, editor, file); err != nil {
				return fmt.Errorf("%s: %v", editor, err)
			}
			return nil
		}}
	warnings, err := loop.Edit()
	switch {
	case errors.Is(err, check.ErrGaveUp):
		return silentExit(exitFindings)
	case err != nil:
		return usageError(err)
	}
	for _, d := range warnings {
		fmt.Fprintf(ios.ErrOut, "  %s\n", coe.Printable(d.String(), true))
	}
	return nil
}

// runEditor runs the editor command on file, attached to the terminal.
// EDITOR may hold arguments ("code --wait").
func runEditor(ios *Streams, editor, file string) error {
	cmd := exec.Command("sh", "-c", editor+` "$1"`, "coe-editor", file)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = ios.In, ios.ErrOut, ios.ErrOut
	if f, ok := ios.Out.(*os.File); ok && ios.OutTTY {
		cmd.Stdout = f
	}
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return fmt.Errorf("the editor exited with status %d", ee.ExitCode())
	}
	return err
}
