package safefs

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// TempPrefix starts the name of every temporary file a write makes; with
// the writer's process id after it, CleanTemp knows whose it is.
const TempPrefix = ".coe-tmp-"

// SetBatch makes writes skip flushing each file (and its folder) to disk
// before its rename: the rename still makes every write atomic for a
// process that is killed, and Sync then flushes all of them at once, far
// faster than one flush a file. For many files that can all be written
// again (the pages of a site).
func (r *Root) SetBatch() { r.batch = true }

// Sync flushes to disk what the root's writes left in memory.
func (r *Root) Sync() error {
	d, err := r.os.Open(".")
	if err != nil {
		return &Error{Path: r.dir, Msg: describe(err), Err: err}
	}
	defer d.Close()
	if err := syncFS(d); err != nil {
		return &Error{Path: r.dir, Msg: "not flushed to disk: " + describe(err), Err: err}
	}
	return nil
}

// WriteFile replaces the file at path, inside the root, with data, or
// creates it, so that at every moment the path holds either the old
// content or the whole new one. A symbolic link at path is written through
// when its target is a regular file inside the root (in a strict root,
// never); anything else there but a regular file is refused. A replaced
// file keeps its mode and, where permitted, its owner; a new one gets perm.
// On failure the old file is as it was and the error says so.
func (r *Root) WriteFile(path string, data []byte, perm fs.FileMode) error {
	name, err := r.Rel(path)
	if err != nil {
		return err
	}
	target, old, err := r.writeTarget(path, name)
	if err != nil {
		return err
	}
	return r.replace(path, target, old, data, perm)
}

// writeTarget is the name WriteFile replaces: name itself, or the target
// of the symbolic link at name, and what is there now (nil for nothing).
func (r *Root) writeTarget(path, name string) (string, fs.FileInfo, error) {
	if err := r.checkStrict(path, name); err != nil {
		return "", nil, err
	}
	st, err := r.os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return name, nil, nil
	case err != nil:
		return "", nil, r.explain(path, name, err, "written")
	case st.Mode().IsRegular():
		return name, st, nil
	case st.Mode()&fs.ModeSymlink == 0:
		return "", nil, notRegular(path, st.Mode(), "replaced")
	}
	// A link: follow it only to a regular file inside the root.
	tst, err := r.os.Stat(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, &Error{Path: path, Msg: "is a symbolic link to nothing; not written", Err: err}
		}
		return "", nil, r.explain(path, name, err, "written")
	}
	if !tst.Mode().IsRegular() {
		return "", nil, notRegular(path, tst.Mode(), "written through")
	}
	real, err := filepath.EvalSymlinks(filepath.Join(r.real, name))
	if err != nil {
		return "", nil, &Error{Path: path, Msg: describe(err), Err: err}
	}
	target, ok := within(r.real, real)
	if !ok {
		return "", nil, &Error{Path: path, Msg: "is a symbolic link that leads out of the repository; not written", Err: ErrOutside}
	}
	return target, tst, nil
}

// replace writes data to a temporary file, flushed, with old's mode and
// owner, and renames it over target.
func (r *Root) replace(path, target string, old fs.FileInfo, data []byte, perm fs.FileMode) error {
	r.cleanTempOnce()
	dir := r.tempDir
	if dir == "" {
		dir = filepath.Dir(target)
	} else if err := r.os.MkdirAll(dir, 0o755); err != nil {
		dir = filepath.Dir(target)
	}
	tmp, err := r.writeTemp(dir, data, perm, old)
	if err != nil {
		return writeFailed(path, old, err)
	}
	err = r.os.Rename(tmp, target)
	if err != nil && dir != filepath.Dir(target) && errors.Is(err, syscall.EXDEV) {
		// The temporary folder is on another file system: beside the file.
		r.os.Remove(tmp)
		if tmp, err = r.writeTemp(filepath.Dir(target), data, perm, old); err != nil {
			return writeFailed(path, old, err)
		}
		err = r.os.Rename(tmp, target)
	}
	if err != nil {
		r.os.Remove(tmp)
		return writeFailed(path, old, err)
	}
	if !r.batch {
		r.syncDir(filepath.Dir(target))
	}
	return nil
}

// writeFailed says that path was not written and what became of it.
func writeFailed(path string, old fs.FileInfo, err error) error {
	var e *Error
	if errors.As(err, &e) && e.Path == path {
		return err
	}
	state := "nothing was created"
	if old != nil {
		state = "the file is untouched"
	}
	return &Error{Path: path, Msg: "not written: " + describe(err) + "; " + state, Err: err}
}

// writeTemp writes data to a new temporary file in dir (relative to the
// root), flushed to disk, and returns its name. It gets old's mode and,
// where permitted, old's owner; without old, perm (less the umask).
func (r *Root) writeTemp(dir string, data []byte, perm fs.FileMode, old fs.FileInfo) (string, error) {
	var f *os.File
	var tmp string
	var err error
	for range 10 {
		tmp = filepath.Join(dir, tempName())
		f, err = r.os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		f.Close()
		r.os.Remove(tmp)
		return "", err
	}
	if _, err := writeData(f, data); err != nil {
		return fail(err)
	}
	if old != nil {
		keepOwner(f, old)
		if err := f.Chmod(old.Mode().Perm()); err != nil {
			return fail(err)
		}
	}
	if !r.batch {
		if err := f.Sync(); err != nil {
			return fail(err)
		}
	}
	if err := f.Close(); err != nil {
		r.os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// writeData writes a temporary file's content; tests make it fail as a
// full disk does.
var writeData = (*os.File).Write

// tempName is a fresh temporary file name: the prefix, this process's id,
// and random letters.
func tempName() string {
	var b [6]byte
	rand.Read(b[:])
	return TempPrefix + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b[:])
}

// syncDir flushes a folder so a rename in it survives a crash. Errors are
// ignored: some systems cannot sync folders, and the rename happened.
func (r *Root) syncDir(name string) {
	if d, err := r.os.Open(name); err == nil {
		d.Sync()
		d.Close()
	}
}

// CreateExclusive writes data to a new file at path, inside the root, only
// if nothing (not even a dangling link) is there yet, atomically: a reader
// never sees half of it. When something is there it returns an error that
// matches fs.ErrExist, and two processes creating the same path at once
// never both succeed.
func (r *Root) CreateExclusive(path string, data []byte, perm fs.FileMode) error {
	name, err := r.Rel(path)
	if err != nil {
		return err
	}
	if err := r.checkStrict(path, name); err != nil {
		return err
	}
	if _, err := r.os.Lstat(name); err == nil {
		return &Error{Path: path, Msg: "already exists", Err: fs.ErrExist}
	}
	r.cleanTempOnce()
	dir := filepath.Dir(name)
	if r.tempDir != "" && r.os.MkdirAll(r.tempDir, 0o755) == nil {
		dir = r.tempDir
	}
	tmp, err := r.writeTemp(dir, data, perm, nil)
	if err != nil {
		return writeFailed(path, nil, err)
	}
	defer r.os.Remove(tmp)
	// A hard link fails if the name exists, and appears all at once.
	err = r.os.Link(tmp, name)
	if err == nil {
		r.syncDir(filepath.Dir(name))
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return &Error{Path: path, Msg: "already exists", Err: fs.ErrExist}
	}
	if isEscape(err) {
		return r.explain(path, name, err, "written")
	}
	// No hard links here (or across these folders): create exclusively
	// and write.
	f, err := r.os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if errors.Is(err, fs.ErrExist) {
		return &Error{Path: path, Msg: "already exists", Err: fs.ErrExist}
	}
	if err != nil {
		return r.explain(path, name, err, "written")
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		r.os.Remove(name)
		return writeFailed(path, nil, err)
	}
	return nil
}

// CleanTemp removes the temporary files that writes in dir (relative to
// the root) left behind when their process was killed: those of processes
// that no longer run, and any older than an hour.
func (r *Root) CleanTemp(dir string) {
	d, err := r.os.Open(dir)
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	for _, n := range names {
		if stale(r, filepath.Join(dir, n), n) {
			r.os.Remove(filepath.Join(dir, n))
		}
	}
}

// stale reports whether the file name is a temporary file no write is
// busy with.
func stale(r *Root, path, name string) bool {
	rest, ok := strings.CutPrefix(name, TempPrefix)
	if !ok {
		return false
	}
	pidText, _, _ := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return true
	}
	if pid != os.Getpid() && !processAlive(pid) {
		return true
	}
	st, err := r.os.Lstat(path)
	return err == nil && time.Since(st.ModTime()) > time.Hour
}

// cleanTempOnce cleans the temporary folder before the root's first write.
func (r *Root) cleanTempOnce() {
	if r.tempDir != "" {
		r.cleaned.Do(func() { r.CleanTemp(r.tempDir) })
	}
}
