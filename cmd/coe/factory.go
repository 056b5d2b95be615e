package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/safefs"
	"golang.org/x/term"
)

// Streams are a command's input and outputs: stdout carries data (reports,
// JSON, paths); forms, progress and messages go to ErrOut.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// InTTY, OutTTY and ErrTTY say whether each stream is a terminal.
	InTTY, OutTTY, ErrTTY bool
	// Getenv reads the environment.
	Getenv func(string) string
	// LookupEnv reads the environment, telling an empty variable from an
	// unset one (PAGER= turns the pager off); nil uses Getenv.
	LookupEnv func(string) (string, bool)
	// Width is the terminal's width in columns when Out is a terminal, or 0.
	Width func() int
}

func systemStreams() *Streams {
	return &Streams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:     term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY:    term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY:    term.IsTerminal(int(os.Stderr.Fd())),
		Getenv:    os.Getenv,
		LookupEnv: os.LookupEnv,
		Width: func() int {
			if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
				return w
			}
			return 0
		},
	}
}

// lookupEnv is LookupEnv, or Getenv when that is not set (a variable
// set empty then reads as unset).
func (s *Streams) lookupEnv(key string) (string, bool) {
	if s.LookupEnv != nil {
		return s.LookupEnv(key)
	}
	v := s.Getenv(key)
	return v, v != ""
}

// Color reports whether output to a terminal may be styled: NO_COLOR unset
// and TERM not "dumb".
func (s *Streams) Color(tty bool) bool {
	return tty && s.Getenv("NO_COLOR") == "" && s.Getenv("TERM") != "dumb"
}

// Factory hands commands what they share: streams, the clock, the working
// folder (-C) and the repository, loaded lazily on first use.
type Factory struct {
	Streams *Streams
	// Now is the clock. COE_NOW (RFC 3339) fixes it, for tests and demos.
	Now func() time.Time
	// Dir is the folder given with -C, or "".
	Dir string
	// CPUProfile and MemProfile are the hidden --cpuprofile and
	// --memprofile files; stopProfile ends and writes them.
	CPUProfile, MemProfile string
	stopProfile            func()
	// NoCache is --no-cache: no warm index.
	NoCache bool

	repo    *coe.Repo
	repoErr error
	loaded  bool
}

func newFactory(s *Streams) *Factory {
	now := time.Now
	if v := s.Getenv("COE_NOW"); v != "" {
		if t, err := coe.ParseTime(v); err == nil {
			now = func() time.Time { return t }
		}
	}
	return &Factory{Streams: s, Now: now}
}

// Cache is the warm index of r's COEs (package cache), off with
// --no-cache or COE_NO_CACHE=1.
func (f *Factory) Cache(r *coe.Repo) *cache.Store {
	off := f.NoCache || f.Streams.Getenv("COE_NO_CACHE") == "1"
	return cache.New(r, cache.Options{Off: off, Version: cacheVersion()})
}

// WorkDir is the folder commands start from: -C DIR, or the current one.
func (f *Factory) WorkDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if f.Dir == "" {
		return wd, nil
	}
	dir := f.Dir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(wd, dir)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return "", usageError(fmt.Errorf("-C %s: %w", f.Dir, pathErr(err)))
	}
	if !st.IsDir() {
		return "", usageError(fmt.Errorf("-C %s: not a directory", f.Dir))
	}
	return dir, nil
}

// Repo finds the repository by walking up from the working folder.
func (f *Factory) Repo() (*coe.Repo, error) {
	if f.loaded {
		return f.repo, f.repoErr
	}
	f.loaded = true
	wd, err := f.WorkDir()
	if err != nil {
		f.repoErr = err
		return nil, err
	}
	r, err := coe.FindRepo(wd)
	if err != nil {
		if errors.Is(err, coe.ErrNoRepo) {
			err = usageError(err)
		}
		f.repoErr = err
		return nil, err
	}
	r.WorkDir = wd
	if v := f.Streams.Getenv("COE_LOCK_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			f.repoErr = usagef("COE_LOCK_TIMEOUT=%q: expected a duration like 30s or 2m", v)
			return nil, f.repoErr
		}
		r.LockWait = d
	}
	f.repo = r
	return r, nil
}

// command spells a coe command line as the user can type it where they
// ran coe: with -C DIR first when they gave one, each word quoted for the
// shell when it must be. args start with "coe".
func (f *Factory) command(args ...string) string {
	if len(args) > 0 && args[0] == "coe" && f.Dir != "" {
		args = append([]string{"coe", "-C", f.Dir}, args[1:]...)
	}
	return shellJoin(args)
}

// shellJoin joins words into a command line for a POSIX shell, quoting
// those that need it.
func shellJoin(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = shellQuote(w)
	}
	return strings.Join(q, " ")
}

func shellQuote(w string) string {
	if w != "" && strings.IndexFunc(w, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:@%+,", r))
	}) < 0 {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}

// pathErr drops the Op of an *os.PathError: "stat x: no such file" reads
// better as "no such file or directory" after the caller's own prefix; and
// the path of a *safefs.Error the same way (safefs.Reason).
func pathErr(err error) error { return safefs.Reason(err) }

// resolveCOE finds the repository and the COE file ref names (an id, a
// unique id prefix or a path), as edit, show and render take it.
func (f *Factory) resolveCOE(ref string) (*coe.Repo, string, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, "", err
	}
	path, err := r.Resolve(ref)
	if err != nil {
		return nil, "", usageError(err)
	}
	return r, path, nil
}

// asOfDate is the day --as-of names, or today.
func asOfDate(f *Factory, flag string) (coe.Date, error) {
	if flag == "" {
		return coe.DateOf(f.Now()), nil
	}
	d, err := coe.ParseDate(flag)
	if err != nil {
		return coe.Date{}, usagef("--as-of %q: expected a date, YYYY-MM-DD", flag)
	}
	return d, nil
}

// RepoFor is the repository of the working directory or, run from above
// it (pre-commit runs hooks at the root of the git checkout), the one that
// holds the first of paths.
func (f *Factory) RepoFor(paths []string) (*coe.Repo, error) {
	r, err := f.Repo()
	if errors.Is(err, coe.ErrNoRepo) && len(paths) > 0 {
		wd, werr := f.WorkDir()
		if werr != nil {
			return nil, werr
		}
		if pr, perr := coe.FindRepoOf(wd, paths[0]); perr == nil {
			return pr, nil
		}
	}
	return r, err
}
