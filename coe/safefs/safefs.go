// Package safefs is the guarded file system every coe command reads and
// writes through. A COE repository's contents are untrusted: pull requests
// bring them and CI runs coe on them. So, inside a Root:
//
//   - a file is read only when it is a regular file inside the root after
//     every symbolic link is resolved; a link that leads out, or to a
//     device, a named pipe or a socket, is an error that names the link and
//     never shows any of the target's bytes; reads are capped before they
//     start, and opening never blocks (a named pipe has no writer);
//   - a write never follows a link out of the root and never replaces
//     anything but a regular file; it is atomic (a temporary file, flushed,
//     renamed over the old one), keeps the replaced file's mode and, where
//     permitted, its owner, and a failed write leaves the old file as it
//     was;
//   - an advisory lock file serialises read-modify-write (see Lock).
//
// Errors are *Error values: the path as the caller named it and what is
// wrong, in words.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// Error is a path that could not be used, and why. Its message never holds
// a file's content or a link's target.
type Error struct {
	// Path is the path as the caller gave it.
	Path string
	// Msg says what is wrong: "is a named pipe (FIFO); expected a regular file".
	Msg string
	// Err is the underlying error, if any, for errors.Is.
	Err error
	// Size is a file's size when it is too large (ErrTooLarge), or -1 when
	// a stream went past the cap.
	Size int64
}

func (e *Error) Error() string { return e.Path + ": " + e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// Reason is err without the path it names, for a caller that names the
// path itself: an *Error's Msg, an *fs.PathError's underlying error ("stat
// x: no such file or directory" becomes "no such file or directory"), and
// any other error as it is.
func Reason(err error) error {
	var se *Error
	if errors.As(err, &se) {
		return errors.New(se.Msg)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ErrOutside matches the errors for a path, or a symbolic link, that
// leads out of the root.
var ErrOutside = errors.New("outside the repository")

// ErrNotRegular matches the errors for a device, named pipe, socket or
// folder where a regular file was expected.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge matches the errors for a file over the cap.
var ErrTooLarge = errors.New("too large")

// Root is a folder whose contents are untrusted, and the only way in.
type Root struct {
	dir  string // absolute and clean, as given
	real string // dir with its symbolic links resolved
	os   *os.Root
	// strict refuses every symbolic link inside the root, also links that
	// stay inside (the output folder of coe build).
	strict bool
	// tempDir, when set, is where writes keep their temporary files,
	// relative to the root (a folder git ignores).
	tempDir string
	cleaned sync.Once
	// batch skips the flush of each file written: Sync flushes them all
	// at once (a site of thousands of pages).
	batch bool
}

// Open opens dir as a Root. dir itself may be reached through symbolic
// links: it is what the user named.
func Open(dir string) (*Root, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, &Error{Path: dir, Msg: describe(err), Err: err}
	}
	r, err := os.OpenRoot(real)
	if err != nil {
		return nil, &Error{Path: dir, Msg: describe(err), Err: err}
	}
	return &Root{dir: abs, real: real, os: r}, nil
}

// OpenStrict opens dir as a Root in which no symbolic link is followed at
// all: a link anywhere below dir is an error that names it.
func OpenStrict(dir string) (*Root, error) {
	r, err := Open(dir)
	if err != nil {
		return nil, err
	}
	r.strict = true
	return r, nil
}

// SetTempDir makes writes keep their temporary files in rel, a folder
// inside the root (made when missing), instead of beside the file they
// replace: a folder git ignores, so that a write cut short by a crash
// leaves nothing in `git status`, and where CleanTemp finds what it left.
func (r *Root) SetTempDir(rel string) { r.tempDir = rel }

// Dir is the root folder, absolute, as it was given.
func (r *Root) Dir() string { return r.dir }

// Close releases the root's folder handle.
func (r *Root) Close() error { return r.os.Close() }

// Rel names path (absolute, or relative to the working folder) relative to
// the root, or fails with ErrOutside when it lies outside. The root itself
// is ".".
func (r *Root) Rel(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", &Error{Path: path, Msg: describe(err), Err: err}
	}
	for _, base := range []string{r.dir, r.real} {
		if rel, ok := within(base, abs); ok {
			return rel, nil
		}
	}
	// The path may reach the root through a link of the user's own, above
	// it (/tmp and /private/tmp): resolve its folder and try again.
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		if rel, ok := within(r.real, filepath.Join(dir, filepath.Base(abs))); ok {
			return rel, nil
		}
	}
	return "", &Error{Path: path, Msg: "is outside the repository (" + r.dir + ")", Err: ErrOutside}
}

// within returns path relative to dir when it is dir or below it.
func within(dir, path string) (string, bool) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// Contains reports whether path lies inside the root, after resolving
// every symbolic link on the way (a path that does not exist is judged by
// its nearest existing folder).
func (r *Root) Contains(path string) bool {
	name, err := r.Rel(path)
	if err != nil {
		return false
	}
	_, err = r.os.Stat(name)
	return err == nil || !isEscape(err) && !r.strictLink(name)
}

// Abs is the absolute path of a name relative to the root.
func (r *Root) Abs(name string) string { return filepath.Join(r.dir, name) }

// ReadFile reads the regular file at path, inside the root, refusing one
// over max bytes before reading it.
func (r *Root) ReadFile(path string, max int64) ([]byte, error) {
	f, st, err := r.openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCapped(f, st, path, max)
}

// ReadFileStat is ReadFile, and what the file read was (its fstat).
func (r *Root) ReadFileStat(path string, max int64) ([]byte, fs.FileInfo, error) {
	f, st, err := r.openRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := readCapped(f, st, path, max)
	return data, st, err
}

// Open opens the regular file at path, inside the root, for reading.
func (r *Root) Open(path string) (*os.File, error) {
	f, _, err := r.openRegular(path)
	return f, err
}

func (r *Root) openRegular(path string) (*os.File, fs.FileInfo, error) {
	name, err := r.Rel(path)
	if err != nil {
		return nil, nil, err
	}
	if err := r.checkStrict(path, name); err != nil {
		return nil, nil, err
	}
	// Non-blocking: opening a named pipe with no writer returns at once,
	// and fstat then tells what it is.
	f, err := r.os.OpenFile(name, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, nil, r.explain(path, name, err, "read")
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = notRegular(path, st.Mode(), "read")
	} else if err != nil {
		err = &Error{Path: path, Msg: describe(err), Err: err}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// ReadDir lists the folder at path, inside the root.
func (r *Root) ReadDir(path string) ([]fs.DirEntry, error) {
	f, err := r.openDir(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	if err != nil {
		return nil, &Error{Path: path, Msg: describe(err), Err: err}
	}
	return entries, nil
}

// openDir opens the folder at path, inside the root, for listing.
func (r *Root) openDir(path string) (*os.File, error) {
	name, err := r.Rel(path)
	if err != nil {
		return nil, err
	}
	if err := r.checkStrict(path, name); err != nil {
		return nil, err
	}
	f, err := r.os.OpenFile(name, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, r.explain(path, name, err, "read")
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &Error{Path: path, Msg: describe(err), Err: err}
	}
	if !st.IsDir() {
		f.Close()
		return nil, &Error{Path: path, Msg: "is not a folder", Err: syscall.ENOTDIR}
	}
	return f, nil
}

// Stat describes what is at path, following symbolic links that stay
// inside the root.
func (r *Root) Stat(path string) (fs.FileInfo, error) {
	name, err := r.Rel(path)
	if err != nil {
		return nil, err
	}
	if err := r.checkStrict(path, name); err != nil {
		return nil, err
	}
	st, err := r.os.Stat(name)
	if err != nil {
		return nil, r.explain(path, name, err, "used")
	}
	return st, nil
}

// Lstat describes what is at path without following a final symbolic link.
func (r *Root) Lstat(path string) (fs.FileInfo, error) {
	name, err := r.Rel(path)
	if err != nil {
		return nil, err
	}
	st, err := r.os.Lstat(name)
	if err != nil {
		return nil, r.explain(path, name, err, "used")
	}
	return st, nil
}

// MkdirAll makes the folder at path and its parents, inside the root.
func (r *Root) MkdirAll(path string, perm fs.FileMode) error {
	name, err := r.Rel(path)
	if err != nil {
		return err
	}
	if err := r.checkStrict(path, name); err != nil {
		return err
	}
	if err := r.os.MkdirAll(name, perm); err != nil {
		return r.explain(path, name, err, "made")
	}
	return nil
}

// Remove removes the file at path; a symbolic link is removed itself,
// never what it points to.
func (r *Root) Remove(path string) error {
	name, err := r.Rel(path)
	if err != nil {
		return err
	}
	if err := r.os.Remove(name); err != nil {
		return r.explain(path, name, err, "removed")
	}
	return nil
}

// checkStrict refuses, in a strict root, a path with a symbolic link
// anywhere below the root.
func (r *Root) checkStrict(path, name string) error {
	if !r.strict {
		return nil
	}
	if link := r.firstLink(name); link != "" {
		return &Error{Path: path, Msg: linkMsg(r, name, link, "is a symbolic link; coe does not follow links in this folder"), Err: ErrOutside}
	}
	return nil
}

func (r *Root) strictLink(name string) bool { return r.strict && r.firstLink(name) != "" }

// firstLink returns the first component of name, from the root down, that
// is a symbolic link, or "".
func (r *Root) firstLink(name string) string {
	if name == "." {
		return ""
	}
	parts := strings.Split(name, string(filepath.Separator))
	for i := range parts {
		prefix := filepath.Join(parts[:i+1]...)
		st, err := r.os.Lstat(prefix)
		if err != nil {
			return ""
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return prefix
		}
	}
	return ""
}

// explain turns an error of the os.Root into an *Error that says what is
// wrong in words, naming the link when a symbolic link leads out.
func (r *Root) explain(path, name string, err error, verb string) error {
	switch {
	case isEscape(err):
		link := r.firstLink(name)
		return &Error{Path: path, Msg: linkMsg(r, name, link, "is a symbolic link that leads out of the repository; not "+verb), Err: ErrOutside}
	case errors.Is(err, syscall.ELOOP):
		return &Error{Path: path, Msg: "has too many levels of symbolic links; not " + verb, Err: err}
	}
	return &Error{Path: path, Msg: describe(err), Err: err}
}

// linkMsg says msg of the path, or of the folder link on its way (named
// relative to the root).
func linkMsg(r *Root, name, link, msg string) string {
	if link == "" || link == name {
		return msg
	}
	return "is inside " + link + ", which " + msg
}

// isEscape reports whether err is the os.Root's "path escapes from parent".
func isEscape(err error) bool {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return err != nil && err.Error() == "path escapes from parent"
}

// describe is an error's reason without the operation and path that
// os errors carry ("open /x: permission denied" becomes "permission
// denied"): callers name the path themselves.
func describe(err error) string {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// notRegular is the error for a folder, device, named pipe or socket where
// a regular file was expected.
func notRegular(path string, m fs.FileMode, verb string) *Error {
	what := "is not a regular file"
	switch {
	case m.IsDir():
		what = "is a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "is a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "is a socket"
	case m&fs.ModeDevice != 0:
		what = "is a device"
	case m&fs.ModeSymlink != 0:
		what = "is a symbolic link"
	}
	if what == "is not a regular file" {
		return &Error{Path: path, Msg: what + "; not " + verb, Err: ErrNotRegular}
	}
	return &Error{Path: path, Msg: what + ", not a regular file; not " + verb, Err: ErrNotRegular}
}

// ReadIn reads the regular file at path through fsys when path lies inside
// it, and otherwise through a root of the file's own folder (a file the
// user named outside the repository: a link there that leads out of its
// folder is refused as a link out of the repository would be). fsys may be
// nil.
func ReadIn(fsys *Root, path string, max int64) ([]byte, error) {
	f, err := OpenIn(fsys, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Error{Path: path, Msg: describe(err), Err: err}
	}
	return readCapped(f, st, path, max)
}

// OpenIn opens the regular file at path for reading, as ReadIn reads it.
func OpenIn(fsys *Root, path string) (*os.File, error) {
	if fsys != nil {
		if _, err := fsys.Rel(path); err == nil {
			return fsys.Open(path)
		}
	}
	dir, err := Open(filepath.Dir(path))
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Path = path
		}
		return nil, err
	}
	defer dir.Close()
	return dir.Open(path)
}

// ReadStream reads what the user named with a flag like --from PATH: a
// regular file, or a pipe, terminal or device read as a stream, never more
// than max bytes (reading /dev/zero ends at the cap with ErrTooLarge).
func ReadStream(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Path: path, Msg: describe(err), Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Error{Path: path, Msg: describe(err), Err: err}
	}
	if st.IsDir() {
		return nil, notRegular(path, st.Mode(), "read")
	}
	return readCapped(f, st, path, max)
}

// readCapped reads f, of st's size when st is a regular file, refusing
// more than max bytes: before reading when the size says so, and after
// max+1 bytes otherwise (a file that grows meanwhile, or a stream).
func readCapped(f io.Reader, st fs.FileInfo, path string, max int64) ([]byte, error) {
	size := int64(512)
	if st != nil && st.Mode().IsRegular() {
		if st.Size() > max {
			return nil, tooLarge(path, st.Size(), max)
		}
		size = st.Size() + 1
	}
	data := make([]byte, 0, min(size, max+1))
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		room := min(int64(cap(data)), max+1) - int64(len(data))
		n, err := f.Read(data[len(data) : int64(len(data))+room])
		data = data[:len(data)+n]
		if int64(len(data)) > max {
			return nil, tooLarge(path, -1, max)
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, &Error{Path: path, Msg: describe(err), Err: err}
		}
	}
}

func tooLarge(path string, size, max int64) *Error {
	have := "more than " + fmt.Sprint(max) + " bytes"
	if size >= 0 {
		have = fmt.Sprint(size) + " bytes"
	}
	return &Error{Path: path, Msg: fmt.Sprintf("is %s; at most %s are read", have, sizeName(max)), Err: ErrTooLarge, Size: size}
}

func sizeName(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d bytes (%d MiB)", n, n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d bytes (%d KiB)", n, n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
