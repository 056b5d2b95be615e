// Package changed finds the COEs a change touches, for coe lint
// --changed: those changed since a base commit, in git's index (what the
// next commit holds) or in the work tree, and the unchanged ones that name
// a COE the change removed, so that a dangling related link fails the
// branch that made it.
package changed

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/coe/vcs"
)

// Base resolves what a change is compared with: the commit rev names, or,
// without one, the merge base of HEAD with the default branch (origin/HEAD,
// else main, origin/main, master, origin/master). since says it in words
// for messages.
func Base(r *coe.Repo, rev string) (base, since string, err error) {
	if _, err := vcs.Toplevel(r.Root); err != nil {
		if errors.Is(err, vcs.ErrNotGit) {
			return "", "", fmt.Errorf("--changed needs a git repository, and %s is not in one", r.Root)
		}
		return "", "", err
	}
	if rev != "" {
		c, err := vcs.ResolveCommit(r.Root, rev)
		if err != nil {
			return "", "", fmt.Errorf("--changed=%s: %v", rev, err)
		}
		return c, rev, nil
	}
	branch, err := vcs.DefaultBranch(r.Root)
	if errors.Is(err, vcs.ErrNoDefaultBranch) {
		return "", "", errors.New("--changed: found no default branch to compare with (none of origin/HEAD, main, origin/main, master or origin/master exists); name the base with --changed=REV")
	} else if err != nil {
		return "", "", err
	}
	mb, err := vcs.MergeBase(r.Root, "HEAD", branch)
	if err != nil {
		return "", "", fmt.Errorf("--changed: %v; or name the base with --changed=REV", err)
	}
	return mb, fmt.Sprintf("the merge base with %s (%s)", branch, vcs.ShortCommit(r.Root, mb)), nil
}

// coePathspec is the git pathspec of the repository's COE folder.
func coePathspec(r *coe.Repo) string { return ":(literal)" + filepath.ToSlash(r.Config.Dir) }

// WorkTree keeps of files those whose work tree changed since base, and
// the unchanged ones that name a COE removed since (also counts those).
func WorkTree(r *coe.Repo, base string, files []string) (out []string, also int, err error) {
	names, err := vcs.ChangedFiles(r.Root, base, coePathspec(r))
	if err != nil {
		return nil, 0, err
	}
	changed := make(map[string]bool, len(names))
	for _, n := range names {
		changed[filepath.Join(r.Root, filepath.FromSlash(n))] = true
	}
	// A COE deleted since the base, or whose id changed, leaves a dangling
	// related link in any COE that names it, changed or not: those are
	// checked too. Files are matched by the id's text, which may take in a
	// file that names a longer id; that only costs a check.
	still := make(map[string]bool, len(changed))
	for f := range changed {
		if data, err := readFile(r, f); err == nil {
			still[lint.FileID(f, data)] = true
		}
	}
	lost, err := removedIDs(r, base, vcs.WorkTree, still)
	if err != nil {
		return nil, 0, err
	}
	for _, f := range files {
		switch {
		case changed[f]:
			out = append(out, f)
		case len(lost) > 0 && namesAny(r, f, lost):
			out = append(out, f)
			also++
		}
	}
	return out, also, nil
}

// removedIDs lists the ids that the COEs of base had and that none of the
// COEs changed since then has any more (still holds theirs): those of
// deleted COEs, and the old ids of COEs whose id changed. A COE that is
// unchanged keeps its id, so these are the ids that may have vanished from
// the repository.
func removedIDs(r *coe.Repo, base string, against vcs.Against, still map[string]bool) ([][]byte, error) {
	old, err := vcs.BaseFiles(r.Root, base, against, coe.MaxFileSize, coePathspec(r))
	if err != nil || len(old) == 0 {
		return nil, err
	}
	seen := maps.Clone(still)
	var lost [][]byte
	for name, data := range old {
		if id := lint.FileID(name, data); id != "" && !seen[id] {
			seen[id] = true // once
			lost = append(lost, []byte(id))
		}
	}
	return lost, nil
}

// readFile reads a COE file of the work tree through the guarded file
// system: a regular file inside the repository, of at most coe.MaxFileSize
// bytes.
func readFile(r *coe.Repo, path string) ([]byte, error) {
	return safefs.ReadIn(r.FS(), path, coe.MaxFileSize)
}

// namesAny reports whether the file holds the text of any of ids.
func namesAny(r *coe.Repo, path string, ids [][]byte) bool {
	data, err := readFile(r, path)
	if err != nil {
		return true // let the linter report what is wrong with it
	}
	return holdsAny(data, ids)
}

// holdsAny reports whether data holds the text of any of ids.
func holdsAny(data []byte, ids [][]byte) bool {
	for _, id := range ids {
		if bytes.Contains(data, id) {
			return true
		}
	}
	return false
}

// CheckoutRel names files relative to the root of the git checkout, with
// forward slashes, as GitHub annotations and SARIF want them; outside git,
// relative to the working folder as usual.
func CheckoutRel(r *coe.Repo) func(string) string {
	top, err := vcs.Toplevel(r.Root)
	if err != nil {
		return r.Rel
	}
	topReal, err1 := filepath.EvalSymlinks(top)
	rootReal, err2 := filepath.EvalSymlinks(r.Root)
	if err1 != nil || err2 != nil {
		return r.Rel
	}
	prefix, err := filepath.Rel(topReal, rootReal)
	if err != nil || !within(topReal, rootReal) {
		return r.Rel
	}
	return func(p string) string {
		rel, err := filepath.Rel(r.Root, p)
		if err != nil || !within(r.Root, p) {
			return filepath.ToSlash(r.Rel(p))
		}
		return filepath.ToSlash(filepath.Join(prefix, rel))
	}
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
