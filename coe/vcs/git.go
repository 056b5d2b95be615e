// Package vcs runs the user's git: to commit new COEs (so their hooks and
// signing apply), to find the author's identity and changed files.
package vcs

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
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

// ErrNoDefaultBranch is returned by DefaultBranch when the repository has
// none of the branches it looks for.
var ErrNoDefaultBranch = errors.New("no default branch: none of origin/HEAD, main, origin/main, master or origin/master exists")

// ResolveCommit returns the id of the commit rev names (a branch, tag,
// commit id, HEAD~2, ...).
func ResolveCommit(dir, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", fmt.Errorf("%q is not a revision", rev)
	}
	out, err := git(dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if errors.Is(err, ErrNoGit) {
		return "", err
	}
	if err != nil {
		return "", fmt.Errorf("%q names no commit in this repository", rev)
	}
	return strings.TrimSpace(out), nil
}

// DefaultBranch names the branch changes are compared with: the one
// origin/HEAD points to, else main, origin/main, master or origin/master,
// the first that exists. It returns ErrNoDefaultBranch when none does.
func DefaultBranch(dir string) (string, error) {
	var candidates []string
	if out, err := git(dir, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"); err == nil && strings.TrimSpace(out) != "" {
		candidates = append(candidates, strings.TrimSpace(out))
	} else if errors.Is(err, ErrNoGit) {
		return "", err
	}
	candidates = append(candidates, "main", "origin/main", "master", "origin/master")
	for _, c := range candidates {
		if _, err := ResolveCommit(dir, c); err == nil {
			return c, nil
		}
	}
	return "", ErrNoDefaultBranch
}

// MergeBase returns the best common ancestor of the commits a and b, the
// point where one branched from the other.
func MergeBase(dir, a, b string) (string, error) {
	out, err := git(dir, "merge-base", a, b)
	if errors.Is(err, ErrNoGit) {
		return "", err
	}
	if err != nil || strings.TrimSpace(out) == "" {
		return "", fmt.Errorf("%s and %s have no common ancestor (in a shallow clone, fetch more history: git fetch --unshallow)", a, b)
	}
	return strings.TrimSpace(out), nil
}

// ChangedFiles lists the files under pathspecs (relative to dir) that are
// not as they were in the commit rev: changed since it, committed or not,
// staged or not, and the untracked files git does not ignore. Deleted
// files are left out, and a renamed file counts as new. Paths are relative
// to dir, with forward slashes.
func ChangedFiles(dir, rev string, pathspecs ...string) ([]string, error) {
	_, diff, err := diffNames(dir, rev, "d", pathspecs)
	if err != nil {
		return nil, err
	}
	untracked, err := git(dir, append([]string{"ls-files", "-z", "--others", "--exclude-standard", "--"}, pathspecs...)...)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var files []string
	for _, name := range strings.Split(diff+untracked, "\x00") {
		if name != "" && !seen[name] {
			seen[name] = true
			files = append(files, name)
		}
	}
	return files, nil
}

// BaseFiles returns, for each file under pathspecs (relative to dir) that
// has been deleted or changed since the commit rev (committed or not,
// staged or not), its content in rev, by its path relative to dir with
// forward slashes. A renamed file counts as deleted. The contents come from
// one git process, however many files there are.
func BaseFiles(dir, rev string, pathspecs ...string) (map[string][]byte, error) {
	commit, diff, err := diffNames(dir, rev, "DM", pathspecs)
	if err != nil {
		return nil, err
	}
	var names []string
	var in strings.Builder
	for _, name := range strings.Split(diff, "\x00") {
		if name == "" || strings.ContainsAny(name, "\n\r") {
			continue // a name cat-file's line protocol cannot carry
		}
		names = append(names, name)
		fmt.Fprintf(&in, "%s:./%s\n", commit, name)
	}
	files := make(map[string][]byte, len(names))
	if len(names) == 0 {
		return files, nil
	}
	cmd := exec.Command("git", "-C", dir, "cat-file", "--batch")
	cmd.Stdin = strings.NewReader(in.String())
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %s", firstNonEmpty(strings.TrimSpace(errOut.String()), err.Error()))
	}
	for _, name := range names {
		header, rest, ok := bytes.Cut(out, []byte("\n"))
		if !ok {
			return nil, fmt.Errorf("git cat-file: output ends before %s", name)
		}
		fields := strings.Fields(string(header))
		if len(fields) != 3 {
			out = rest // "<object> missing": nothing to read
			continue
		}
		size, err := strconv.Atoi(fields[2])
		if err != nil || size < 0 || size+1 > len(rest) {
			return nil, fmt.Errorf("git cat-file: unexpected output %q for %s", header, name)
		}
		files[name] = rest[:size:size]
		out = rest[size+1:]
	}
	return files, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// diffNames resolves rev to its commit and lists the files under pathspecs
// that differ between it and the work tree, as git diff's --diff-filter
// selects them, relative to dir and separated by NULs.
func diffNames(dir, rev, filter string, pathspecs []string) (commit, names string, err error) {
	if commit, err = ResolveCommit(dir, rev); err != nil {
		return "", "", err
	}
	names, err = git(dir, append([]string{"diff", "--name-only", "-z", "--no-renames", "--diff-filter=" + filter, "--relative", commit, "--"}, pathspecs...)...)
	return commit, names, err
}

// ShortCommit abbreviates a commit id for messages.
func ShortCommit(dir, commit string) string {
	if out, err := git(dir, "rev-parse", "--short", commit); err == nil && strings.TrimSpace(out) != "" {
		return strings.TrimSpace(out)
	}
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}
