package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
)

// defaultPager pages when PAGER is not set: less, quitting at once when the
// text fits the screen (-F), showing colours (-R) and leaving the text on
// the screen when it quits (-X).
const defaultPager = "less -FRX"

// page shows what write writes through the user's pager when stdout is a
// terminal: $PAGER, else less -FRX. Piped, with PAGER set empty or to cat,
// or when the pager cannot start, the text goes to stdout directly.
func (f *Factory) page(write func(io.Writer) error) error {
	ios := f.Streams
	out, isFile := ios.Out.(*os.File)
	pager, set := ios.lookupEnv("PAGER")
	if !set {
		pager = defaultPager
	}
	pager = strings.TrimSpace(pager)
	if !ios.OutTTY || !isFile || pager == "" || pager == "cat" {
		return write(ios.Out)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	// A plain command that is not installed: say so, and show the text
	// here. (One for the shell to read is left to the shell.)
	if first := strings.Fields(pager)[0]; !strings.ContainsAny(pager, "\"'`$|&;<>()\\") {
		if _, err := exec.LookPath(first); err != nil {
			fmt.Fprintf(ios.ErrOut, "coe: the pager %q is not installed (PAGER=%q); showing it here. PAGER= turns paging off.\n", first, pager)
			_, err := out.Write(buf.Bytes())
			return err
		}
	}
	cmd := exec.Command("sh", "-c", pager)
	cmd.Stdout, cmd.Stderr = out, ios.ErrOut
	// As git does, for PAGER=less or lv: their options unless the user
	// set their own.
	cmd.Env = os.Environ()
	for key, def := range map[string]string{"LESS": "FRX", "LV": "-c"} {
		if v, set := ios.lookupEnv(key); set {
			def = v
		}
		cmd.Env = append(cmd.Env, key+"="+def)
	}
	in, err := cmd.StdinPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		_, err := out.Write(buf.Bytes())
		return err
	}
	// ctrl-c belongs to the pager while it runs (less stops a search with
	// it); coe waits for the pager to end rather than dying under it.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	_, werr := in.Write(buf.Bytes())
	in.Close()
	cmd.Wait() // the pager's own exit status is the user's business
	if werr != nil && !errors.Is(werr, syscall.EPIPE) && !errors.Is(werr, os.ErrClosed) {
		return werr // quitting the pager early closes the pipe: not an error
	}
	return nil
}
