package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteOutput writes data to a file the user named, as with -o FILE:
//
//   - a device, named pipe or socket (and /dev/stdout or /dev/fd/N, whatever
//     they lead to) is written as a stream, and never replaced;
//   - a regular file is replaced atomically, keeping its mode and, where
//     permitted, its owner; a missing one is created with perm;
//   - a symbolic link is followed to a regular file, except a link inside
//     repo (when repo is not nil) that leads out of it: that link is the
//     repository's content, which may be hostile, and is refused;
//   - a folder is an error.
func WriteOutput(path string, data []byte, perm fs.FileMode, repo *Root) error {
	lst, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return writeAtomic(path, path, data, perm, repo)
	}
	if err != nil {
		return &Error{Path: path, Msg: describe(err), Err: err}
	}
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &Error{Path: path, Msg: "is a symbolic link to nothing; not written", Err: err}
		}
		return &Error{Path: path, Msg: describe(err), Err: err}
	}
	switch {
	case st.IsDir():
		return &Error{Path: path, Msg: "is a folder; expected a file to write", Err: ErrNotRegular}
	case !st.Mode().IsRegular() || lst.Mode()&fs.ModeSymlink != 0 && isStdStream(path):
		return writeStream(path, data)
	case lst.Mode()&fs.ModeSymlink == 0:
		return writeAtomic(path, path, data, perm, repo)
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return &Error{Path: path, Msg: describe(err), Err: err}
	}
	if repo != nil {
		if _, err := repo.Rel(path); err == nil && !repo.Contains(real) {
			return &Error{Path: path, Msg: "is a symbolic link that leads out of the repository; not written", Err: ErrOutside}
		}
	}
	return writeAtomic(path, real, data, perm, repo)
}

// isStdStream reports whether path names one of the process's own streams:
// /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N.
func isStdStream(path string) bool {
	p := filepath.Clean(path)
	return p == "/dev/stdout" || p == "/dev/stderr" || strings.HasPrefix(p, "/dev/fd/") || strings.HasPrefix(p, "/proc/self/fd/")
}

// writeStream writes data to what is at path without replacing it.
func writeStream(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return &Error{Path: path, Msg: "not written: " + describe(err), Err: err}
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &Error{Path: path, Msg: "not written in full: " + describe(err), Err: err}
	}
	return nil
}

// writeAtomic replaces the regular file (or nothing) at target, which path
// named, through repo when it lies inside it (its temporary folder, its
// rules), and through a root on target's own folder otherwise.
func writeAtomic(path, target string, data []byte, perm fs.FileMode, repo *Root) error {
	if repo != nil && repo.Contains(target) {
		err := repo.WriteFile(target, data, perm)
		return renamePath(err, target, path)
	}
	dir, err := Open(filepath.Dir(target))
	if err != nil {
		return err
	}
	defer dir.Close()
	err = dir.WriteFile(target, data, perm)
	return renamePath(err, target, path)
}

// renamePath names path, as the user gave it, in an error about target.
func renamePath(err error, target, path string) error {
	var e *Error
	if errors.As(err, &e) && e.Path == target {
		e.Path = path
	}
	return err
}
