// Package vcs runs the user's git: to commit new COEs (so their hooks and
// signing apply), to find the author's identity and changed files.
package vcs

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// ErrNotGit is returned when a folder is not inside a git work tree.
var ErrNotGit = errors.New("not inside a git repository")

// ErrNoGit is returned when the git command is not installed.
var ErrNoGit = errors.New("git is not installed (or not on PATH)")

func git(dir string, args ...string) (string, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", ErrNoGit
	}
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = strings.TrimSpace(out.String())
		}
		if msg == "" {
			msg = err.Error()
		}
		return out.String(), fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out.String(), nil
}

// Toplevel returns the root of the git work tree that holds dir.
func Toplevel(dir string) (string, error) {
	out, err := git(dir, "rev-parse", "--show-toplevel")
	if errors.Is(err, ErrNoGit) {
		return "", err
	}
	if err != nil {
		return "", ErrNotGit
	}
	return strings.TrimSpace(out), nil
}

// Commit stages paths and commits them, and only them, with message. It
// runs git itself so the user's hooks, signing and config apply. It returns
// git's summary line.
func Commit(dir, message string, paths ...string) (string, error) {
	if _, err := Toplevel(dir); err != nil {
		return "", err
	}
	if _, err := git(dir, append([]string{"add", "--"}, paths...)...); err != nil {
		return "", err
	}
	out, err := git(dir, append([]string{"commit", "-m", message, "--"}, paths...)...)
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
	return first, nil
}

// Identity returns the git user of dir: user.email, else user.name, else "".
func Identity(dir string) string {
	for _, key := range []string{"user.email", "user.name"} {
		if out, err := git(dir, "config", "--get", key); err == nil && strings.TrimSpace(out) != "" {
			return strings.TrimSpace(out)
		}
	}
	return ""
}
