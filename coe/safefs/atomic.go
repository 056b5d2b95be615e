package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Atomic is a file written a piece at a time that replaces the file at its
// path only when Commit succeeds, as WriteFile does with whole data: for
// a file too large to build in memory first (the warm index of 100,000
// COEs). Until then the old file is untouched; Abort, or a crash, leaves
// it so, and only a temporary file for CleanTemp to remove.
type Atomic struct {
	r            *Root
	f            *os.File
	path, target string
	tmp          string
	err          error
	// volatile: Commit does not flush the file to disk (Volatile).
	volatile bool
}

// Volatile makes Commit rename the new file over the old without flushing
// it to disk first, nor its folder after: for a file that only speeds
// things up and whose every reader checks it before trusting it (a cache,
// with checksums, rebuilt when missing or damaged), which a crash may then
// leave old, empty or cut short, never trusted wrong. A rebuild of
// 10,000 COEs after one changed flushed the warm index's three tables, 22
// MB, at about 5 ms each, on its critical path.
func (a *Atomic) Volatile() { a.volatile = true }

// CreateAtomic starts replacing (or creating) the regular file at path,
// inside the root, where WriteFile would write it. A new file gets perm.
func (r *Root) CreateAtomic(path string, perm fs.FileMode) (*Atomic, error) {
	name, err := r.Rel(path)
	if err != nil {
		return nil, err
	}
	target, old, err := r.writeTarget(path, name)
	if err != nil {
		return nil, err
	}
	r.cleanTempOnce()
	dir := filepath.Dir(target)
	var f *os.File
	var tmp string
	for range 10 {
		tmp = filepath.Join(dir, tempName())
		f, err = r.os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, writeFailed(path, old, err)
	}
	if old != nil {
		keepOwner(f, old)
		f.Chmod(old.Mode().Perm())
	}
	return &Atomic{r: r, f: f, path: path, target: target, tmp: tmp}, nil
}

// Write writes p to the new content; after an error every later write,
// and Commit, fail with it.
func (a *Atomic) Write(p []byte) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	n, err := writeData(a.f, p)
	if err != nil {
		a.err = err
	}
	return n, err
}

// Commit flushes the new content (unless the root writes in batches) and
// renames it over the path. On failure the old file is as it was.
func (a *Atomic) Commit() error {
	if a.f == nil {
		return &Error{Path: a.path, Msg: "not written: already committed or aborted", Err: syscall.EINVAL}
	}
	err := a.err
	if err == nil && !a.r.batch && !a.volatile {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	a.f = nil
	if err == nil {
		err = a.r.os.Rename(a.tmp, a.target)
	}
	if err != nil {
		a.r.os.Remove(a.tmp)
		return &Error{Path: a.path, Msg: "not written: " + describe(err) + "; the file is untouched", Err: err}
	}
	if !a.r.batch && !a.volatile {
		a.r.syncDir(filepath.Dir(a.target))
	}
	return nil
}

// Abort drops the new content; the old file stays. It is safe after
// Commit, and twice.
func (a *Atomic) Abort() {
	if a.f == nil {
		return
	}
	a.f.Close()
	a.f = nil
	a.r.os.Remove(a.tmp)
}
