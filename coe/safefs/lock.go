package safefs

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Lock is an advisory lock on a file inside a root, held by this process
// until Unlock (or until it exits: the system releases the lock of a
// killed process, so a lock is never stale).
type Lock struct {
	f *os.File
}

// LockedError is a lock another process held for longer than the wait.
type LockedError struct {
	// Path is the lock file, as given to Lock.
	Path string
	// Holder is what the holder wrote of itself ("coe approve X, pid
	// 123"), or "" when it wrote nothing readable.
	Holder string
	// Waited is how long Lock waited.
	Waited time.Duration
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.Holder != "" {
		who = e.Holder
	}
	return fmt.Sprintf("%s is held by %s; gave up after waiting %s; try again when it is done", e.Path, who, e.Waited.Round(time.Millisecond))
}

// maxHolder caps what is read back of a holder's description.
const maxHolder = 512

// Lock takes the advisory lock on the file at path, inside the root (made
// when missing), waiting at most wait while another process holds it.
// who describes this holder: it is written into the file, and a process
// that times out waiting names it (*LockedError).
func (r *Root) Lock(path string, wait time.Duration, who string) (*Lock, error) {
	name, err := r.Rel(path)
	if err != nil {
		return nil, err
	}
	f, err := r.os.OpenFile(name, os.O_RDWR|os.O_CREATE|oNonblock, 0o644)
	if err != nil {
		return nil, r.explain(path, name, err, "locked")
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, &Error{Path: path, Msg: describe(err), Err: err}
		}
		return nil, notRegular(path, st.Mode(), "locked")
	}
	start := time.Now()
	pause := 2 * time.Millisecond
	for {
		held, err := lockFile(f)
		if err != nil {
			f.Close()
			return nil, &Error{Path: path, Msg: "could not be locked: " + describe(err), Err: err}
		}
		if !held {
			break
		}
		waited := time.Since(start)
		if waited >= wait {
			holder := readHolder(f)
			f.Close()
			return nil, &LockedError{Path: path, Holder: holder, Waited: waited}
		}
		time.Sleep(min(pause, wait-waited))
		pause = min(pause*2, 100*time.Millisecond)
	}
	// Who holds it, for those who wait: written only while held.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(who+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// Unlock releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// readHolder reads what the holder wrote of itself, as printable text.
func readHolder(f *os.File) string {
	b := make([]byte, maxHolder)
	n, _ := f.ReadAt(b, 0)
	s := strings.TrimSpace(string(b[:n]))
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}
