// Package vcs runs the user's git: to commit new COEs (so their hooks and
// signing apply), to find the author's identity and changed files.
package vcs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// ErrNotGit is returned when a folder is not inside a git work tree.
var ErrNotGit = errors.New("not inside a git repository")

// ErrNoGit is returned when the git command is not installed.
var ErrNoGit = errors.New("git is not installed (or not on PATH)")

// gitError is a git command that failed, with what git said.
type gitError struct {
	cmd string // git's subcommand
	msg string // git's message (its standard error), or how it failed
}

func (e *gitError) Error() string { return "git " + e.cmd + ": " + e.msg }

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
		return out.String(), &gitError{cmd: args[0], msg: msg}
	}
	return out.String(), nil
}

// Toplevel returns the root of the git work tree that holds dir. It
// returns ErrNotGit when git finds no repository there or above, and
// git's own message when it fails otherwise: a repository it refuses to
// use ("detected dubious ownership", as in a CI container whose checkout
// belongs to another user; the message names the safe.directory setting
// that allows it), a .git file that points nowhere, a config it cannot
// read.
func Toplevel(dir string) (string, error) {
	out, err := git(dir, "rev-parse", "--show-toplevel")
	var ge *gitError
	if errors.As(err, &ge) && strings.HasPrefix(ge.msg, "fatal: not a git repository (or any") {
		// "(or any of the parent directories)", or "(or any parent up
		// to mount point /x)" where discovery stops at a file system.
		return "", ErrNotGit
	}
	if err != nil {
		return "", err
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

// Against says what a commit is compared with.
type Against int

const (
	// Index compares with git's index: what the next commit would hold,
	// staged changes and staged deletions included, and nothing else.
	Index Against = iota
	// WorkTree compares with the files as they are, staged or not.
	WorkTree
)

// A Change is a file that is not as it was in a commit.
type Change struct {
	// Path is relative to the folder asked about, with forward slashes.
	Path string
	// Status is git's: 'A' added, 'M' modified, 'T' type changed (a file
	// became a symbolic link, say), 'D' deleted, 'U' unmerged (a merge
	// conflict that is not resolved in the index).
	Status byte
	// Mode is the file's mode now ("100644"; "120000" for a symbolic
	// link), "" when deleted or unmerged.
	Mode string
	// Object is the blob of the file in the index, for Index; "" for a
	// deleted or unmerged file, and for WorkTree.
	Object string
	// BaseObject is the blob of the file in the commit, "" for a new file.
	BaseObject string
}

// Changes lists the files under pathspecs (relative to dir) that are not
// as they were in the commit rev: in the index, or in the work tree (but
// untracked files, which UntrackedFiles lists). A renamed file is a
// deleted one and an added one.
func Changes(dir, rev string, against Against, pathspecs ...string) ([]Change, error) {
	commit, err := ResolveCommit(dir, rev)
	if err != nil {
		return nil, err
	}
	args := []string{"diff", "--raw", "-z", "--no-abbrev", "--no-renames", "--relative"}
	if against == Index {
		args = append(args, "--cached")
	}
	out, err := git(dir, append(append(args, commit, "--"), pathspecs...)...)
	if err != nil {
		return nil, err
	}
	// Each change is ":srcmode dstmode srcblob dstblob status" NUL path NUL.
	var changes []Change
	fields := strings.Split(out, "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		f := strings.Fields(strings.TrimPrefix(fields[i], ":"))
		if len(f) != 5 || f[4] == "" {
			return nil, fmt.Errorf("git diff: unexpected output %q", fields[i])
		}
		c := Change{Path: fields[i+1], Status: f[4][0]}
		if !zeroObject(f[2]) {
			c.BaseObject = f[2]
		}
		if c.Status != 'D' && c.Status != 'U' {
			c.Mode = f[1]
			if against == Index && !zeroObject(f[3]) {
				c.Object = f[3]
			}
		}
		changes = append(changes, c)
	}
	return changes, nil
}

func zeroObject(id string) bool { return strings.Trim(id, "0") == "" }

// ChangedFiles lists the files under pathspecs (relative to dir) that are
// not as they were in the commit rev: changed since it, committed or not,
// staged or not, and the untracked files git does not ignore. Deleted
// files are left out, and a renamed file counts as new. Paths are relative
// to dir, with forward slashes.
func ChangedFiles(dir, rev string, pathspecs ...string) ([]string, error) {
	changes, err := Changes(dir, rev, WorkTree, pathspecs...)
	if err != nil {
		return nil, err
	}
	untracked, err := UntrackedFiles(dir, pathspecs...)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var files []string
	for _, c := range changes {
		if c.Status != 'D' && !seen[c.Path] {
			seen[c.Path] = true
			files = append(files, c.Path)
		}
	}
	for _, name := range untracked {
		if !seen[name] {
			seen[name] = true
			files = append(files, name)
		}
	}
	return files, nil
}

// UntrackedFiles lists the files under pathspecs (relative to dir) that git
// does not track and does not ignore.
func UntrackedFiles(dir string, pathspecs ...string) ([]string, error) {
	out, err := git(dir, append([]string{"ls-files", "-z", "--others", "--exclude-standard", "--"}, pathspecs...)...)
	if err != nil {
		return nil, err
	}
	return splitNUL(out), nil
}

// UnstagedFiles lists the tracked files under pathspecs (relative to dir)
// whose work tree differs from the index: changed or deleted and not
// staged.
func UnstagedFiles(dir string, pathspecs ...string) ([]string, error) {
	out, err := git(dir, append([]string{"diff", "--name-only", "-z", "--no-renames", "--relative", "--"}, pathspecs...)...)
	if err != nil {
		return nil, err
	}
	return splitNUL(out), nil
}

func splitNUL(s string) []string {
	var out []string
	for _, name := range strings.Split(s, "\x00") {
		if name != "" {
			out = append(out, name)
		}
	}
	return out
}

// An Entry is a file of git's index.
type Entry struct {
	// Path is relative to the folder asked about, with forward slashes.
	Path string
	// Mode is "100644" or "100755" for a file, "120000" for a symbolic
	// link, "160000" for a submodule.
	Mode string
	// Object is the blob (or commit, for a submodule) the index holds.
	Object string
	// Stage is 0, or 1 to 3 for the sides of an unresolved merge conflict.
	Stage int
}

// IndexFiles lists the files under pathspecs (relative to dir) that git's
// index holds: what the next commit would hold.
func IndexFiles(dir string, pathspecs ...string) ([]Entry, error) {
	out, err := git(dir, append([]string{"ls-files", "-z", "--stage", "--"}, pathspecs...)...)
	if err != nil {
		return nil, err
	}
	var entries []Entry
	for _, rec := range splitNUL(out) {
		// "mode object stage\tpath"
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("git ls-files: unexpected output %q", rec)
		}
		stage, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git ls-files: unexpected output %q", rec)
		}
		entries = append(entries, Entry{Path: path, Mode: f[0], Object: f[1], Stage: stage})
	}
	return entries, nil
}

// ReadBlobs reads the blobs objects names, with two git processes however
// many there are, and calls fn with each in turn: i its index in objects,
// data its content and size its size. A blob larger than max bytes is not
// read (git is asked its size first): fn gets nil data and the size. A
// blob that does not exist gets nil data and size -1.
func ReadBlobs(dir string, objects []string, max int64, fn func(i int, data []byte, size int64)) error {
	if len(objects) == 0 {
		return nil
	}
	var in strings.Builder
	for _, o := range objects {
		if o == "" || strings.ContainsAny(o, " \t\n") {
			return fmt.Errorf("git cat-file: %q is no object name", o)
		}
		in.WriteString(o + "\n")
	}
	// The sizes first: what is too large is never read.
	check, err := catFile(dir, "--batch-check=%(objectname) %(objecttype) %(objectsize)", in.String())
	if err != nil {
		return err
	}
	sizes := make([]int64, len(objects))
	var small strings.Builder
	var read []int
	for i, line := range strings.SplitN(strings.TrimSuffix(check, "\n"), "\n", len(objects)) {
		f := strings.Fields(line)
		sizes[i] = -1
		if len(f) == 3 && f[1] == "blob" {
			if n, err := strconv.ParseInt(f[2], 10, 64); err == nil && n >= 0 {
				sizes[i] = n
			}
		}
		if sizes[i] >= 0 && sizes[i] <= max {
			read = append(read, i)
			small.WriteString(objects[i] + "\n")
		}
	}
	// Then the contents, streamed: one blob at a time in memory here.
	var contents map[int][]byte
	if len(read) > 0 {
		contents = make(map[int][]byte, len(read))
		cmd := exec.Command("git", "-C", dir, "cat-file", "--batch")
		cmd.Stdin = strings.NewReader(small.String())
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("git cat-file: %v", err)
		}
		br := bufio.NewReader(pipe)
		readErr := func() error {
			for _, i := range read {
				header, err := br.ReadString('\n')
				if err != nil {
					return fmt.Errorf("git cat-file: output ends before %s", objects[i])
				}
				f := strings.Fields(header)
				if len(f) != 3 || f[1] != "blob" {
					continue // gone since the size check: leave it unread
				}
				n, err := strconv.ParseInt(f[2], 10, 64)
				if err != nil || n < 0 || n > max {
					return fmt.Errorf("git cat-file: unexpected output %q for %s", strings.TrimSpace(header), objects[i])
				}
				data := make([]byte, n+1) // the content and git's newline
				if _, err := io.ReadFull(br, data); err != nil {
					return fmt.Errorf("git cat-file: output ends in %s", objects[i])
				}
				contents[i] = data[:n:n]
			}
			return nil
		}()
		if readErr != nil {
			cmd.Process.Kill()
		}
		if err := cmd.Wait(); err != nil && readErr == nil {
			readErr = fmt.Errorf("git cat-file: %s", firstNonEmpty(strings.TrimSpace(errOut.String()), err.Error()))
		}
		if readErr != nil {
			return readErr
		}
	}
	for i := range objects {
		fn(i, contents[i], sizes[i])
		delete(contents, i)
	}
	return nil
}

func catFile(dir, mode, input string) (string, error) {
	cmd := exec.Command("git", "-C", dir, "cat-file", mode)
	cmd.Stdin = strings.NewReader(input)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git cat-file: %s", firstNonEmpty(strings.TrimSpace(errOut.String()), err.Error()))
	}
	return string(out), nil
}

// BaseFiles returns, for each file under pathspecs (relative to dir) that
// has been deleted or changed since the commit rev (in the index, or in
// the work tree: see Against), its content in rev, by its path relative to
// dir with forward slashes. A renamed file counts as deleted. A file over
// max bytes in rev is left out unread. The contents come from two git
// processes, however many files there are.
func BaseFiles(dir, rev string, against Against, max int64, pathspecs ...string) (map[string][]byte, error) {
	changes, err := Changes(dir, rev, against, pathspecs...)
	if err != nil {
		return nil, err
	}
	var names, objects []string
	for _, c := range changes {
		if c.BaseObject != "" && c.Status != 'A' {
			names = append(names, c.Path)
			objects = append(objects, c.BaseObject)
		}
	}
	files := make(map[string][]byte, len(names))
	err = ReadBlobs(dir, objects, max, func(i int, data []byte, size int64) {
		if data != nil {
			files[names[i]] = data
		}
	})
	return files, err
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
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
