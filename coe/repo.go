package coe

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coe-cli/coe/coe/safefs"
)

// ErrNoRepo is returned when no .coe.yaml is found.
var ErrNoRepo = errors.New("not in a COE repository (no " + ConfigName + " here or in any parent folder); run `coe init` to make one, or use -C DIR")

// Repo is a COE repository: a folder with a .coe.yaml and a folder of COEs.
type Repo struct {
	// Root is the absolute folder holding .coe.yaml.
	Root string
	// Config is the parsed .coe.yaml.
	Config Config
	// WorkDir, when set, is the folder paths in messages are made relative to.
	WorkDir string
	// LockWait is how long a read-modify-write waits for another process
	// holding the repository lock (see Lock); zero means DefaultLockWait.
	LockWait time.Duration

	fs *safefs.Root

	// listedFiles and listedKeys are what the last Files returned and saw
	// of each file, for ListedKeys.
	listedMu    sync.Mutex
	listedFiles []string
	listedKeys  []FileKey
}

// FileKey is what listing the COE folder told of a file: its size,
// modification time and inode, and whether it is a regular file (not a
// link, folder or device).
type FileKey struct {
	Size, ModTime int64
	Ino           uint64
	Regular       bool
}

// ListedKeys is what the last Files call saw of each of files, when it
// listed them, or nil when files is not the list it returned. The listing
// looks at every file (lstat) anyway: the warm index uses what it saw
// instead of looking at every file again.
func (r *Repo) ListedKeys(files []string) []FileKey {
	r.listedMu.Lock()
	defer r.listedMu.Unlock()
	if len(files) == 0 || len(files) != len(r.listedFiles) {
		return nil
	}
	for i, f := range files { // the same strings: a pointer compare each
		if f != r.listedFiles[i] {
			return nil
		}
	}
	return r.listedKeys
}

// DefaultLockWait is how long a command waits for the repository lock.
const DefaultLockWait = 10 * time.Second

// FindRepo walks up from start to the nearest folder with a .coe.yaml and
// opens it. It returns ErrNoRepo when there is none.
func FindRepo(start string) (*Repo, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", start)
	}
	for dir := abs; ; {
		if st, err := os.Stat(filepath.Join(dir, ConfigName)); err == nil && !st.IsDir() {
			return OpenRepo(dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, ErrNoRepo
		}
		dir = parent
	}
}

// OpenRepo opens the repository whose .coe.yaml is in root.
func OpenRepo(root string) (*Repo, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fsys, err := safefs.Open(abs)
	if err != nil {
		return nil, err
	}
	fsys.SetTempDir(filepath.Join(PrivateName, "tmp"))
	path := filepath.Join(abs, ConfigName)
	data, err := fsys.ReadFile(path, MaxFileSize)
	if err != nil {
		return nil, readError(path, err)
	}
	cfg, err := ParseConfig(path, data)
	if err != nil {
		return nil, err
	}
	r := &Repo{Root: abs, Config: cfg, fs: fsys}
	if err := r.checkFolders(path); err != nil {
		return nil, err
	}
	return r, nil
}

// checkFolders refuses a dir or templates of the config that a symbolic
// link leads out of the repository.
func (r *Repo) checkFolders(config string) error {
	var errs ErrorList
	for _, f := range []struct{ key, dir string }{{"dir", r.Config.Dir}, {"templates", r.Config.Templates}} {
		if f.dir == "" {
			continue
		}
		if _, err := r.fs.Stat(filepath.Join(r.Root, f.dir)); errors.Is(err, safefs.ErrOutside) {
			pos := r.Config.KeyPos[f.key]
			errs = append(errs, &Error{File: config, Line: pos.Line, Col: pos.Col, Rule: RuleConfig,
				Msg: fmt.Sprintf("%s %q leads out of the repository through a symbolic link; expected a folder inside it", f.key, f.dir)})
		}
	}
	return errs.Err()
}

// FS is the guarded file system of the repository: every read and write
// of its files goes through it.
func (r *Repo) FS() *safefs.Root { return r.fs }

// fsError names the path of a guarded file system error as Rel does.
func (r *Repo) fsError(err error) error {
	var e *safefs.Error
	if errors.As(err, &e) {
		e.Path = r.Rel(e.Path)
	}
	return err
}

// Dir is the absolute folder of COE files.
func (r *Repo) Dir() string { return filepath.Join(r.Root, r.Config.Dir) }

// ConfigPath is the absolute path of .coe.yaml.
func (r *Repo) ConfigPath() string { return filepath.Join(r.Root, ConfigName) }

// SchemaName is the JSON Schema of a repository's COE files, next to
// .coe.yaml and committed with it: `coe schema --write` makes it from the
// config (its severities, owners and rules), and the first line of every
// COE that coe writes points editors at it (see SchemaLine).
const SchemaName = "coe.schema.json"

// SchemaPath is the absolute path of the repository's schema file.
func (r *Repo) SchemaPath() string { return filepath.Join(r.Root, SchemaName) }

// SchemaRef is the path from the COE folder to the schema file, with
// forward slashes (../coe.schema.json), for the schema line of new COE
// files; "" when the repository has no schema file, so that a repository
// made before coe wrote one gets no line pointing at nothing.
func (r *Repo) SchemaRef() string {
	if !r.Exists(r.SchemaPath()) {
		return ""
	}
	ref, err := filepath.Rel(r.Dir(), r.SchemaPath())
	if err != nil {
		return ""
	}
	return filepath.ToSlash(ref)
}

// PathOf is the file of the COE with the given id.
func (r *Repo) PathOf(id string) string { return filepath.Join(r.Dir(), id+".yaml") }

// Rel makes path relative to WorkDir for messages, when that is shorter.
func (r *Repo) Rel(path string) string {
	if r.WorkDir == "" {
		return path
	}
	// A file listed by Files, under the working folder, needs no more
	// than cutting (filepath.Rel costs a listing of 100,000 COEs 50 ms).
	if n := len(r.WorkDir); filepath.Separator == '/' && len(path) > n+1 && path[n] == '/' && path[:n] == r.WorkDir && cleanRel(path[n+1:]) {
		return path[n+1:]
	}
	if rel, err := filepath.Rel(r.WorkDir, path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

// ReadOptions are the options for reading this repository's COEs.
func (r *Repo) ReadOptions() ReadOptions {
	return ReadOptions{Severities: r.Config.Severities, FS: r.fs}
}

// Files lists the COE files (*.yaml, not hidden) in the repository folder,
// sorted by name. A missing folder holds no COEs.
func (r *Repo) Files() ([]string, error) {
	dir := r.Dir()
	entries, err := r.fs.ReadDirStat(dir, func(name string, isDir bool) bool {
		return !isDir && !strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".yaml")
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, r.fsError(err)
	}
	files := make([]string, len(entries))
	keys := make([]FileKey, len(entries))
	if !strings.HasSuffix(dir, string(filepath.Separator)) { // not the root folder of the disk
		dir += string(filepath.Separator)
	}
	for i := range entries {
		e := &entries[i]
		files[i] = dir + e.Name // a name in the folder: no separator, not "." or ".."
		keys[i] = FileKey{Size: e.Size, ModTime: e.ModTime, Ino: e.Ino, Regular: e.Regular}
	}
	if len(files) == 0 {
		files = nil
	}
	r.listedMu.Lock()
	r.listedFiles, r.listedKeys = slices.Clone(files), keys
	r.listedMu.Unlock()
	return files, nil
}

// Read reads one COE file of (or outside) the repository, naming it in
// messages as Rel does.
func (r *Repo) Read(path string, keepNode bool) (*Document, error) {
	opts := r.ReadOptions()
	opts.KeepNode = keepNode
	data, err := r.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(r.Rel(path), data, opts)
}

// ReadFile reads a file of the repository (a COE, a template, a draft),
// refusing what is not a regular file inside it and what is over
// MaxFileSize, as an *Error of the read-file or file-too-large rule naming
// the file as Rel does.
func (r *Repo) ReadFile(path string) ([]byte, error) {
	data, err := r.fs.ReadFile(path, MaxFileSize)
	return data, readError(r.Rel(path), err)
}

// WriteFile replaces (or creates) a file of the repository atomically; see
// safefs.Root.WriteFile. A replaced file keeps its mode; a new one is
// 0644 less the umask.
func (r *Repo) WriteFile(path string, data []byte) error {
	if err := r.fs.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return r.fsError(err)
	}
	return r.fsError(r.fs.WriteFile(path, data, 0o644))
}

// LoadResult is one file of LoadAll: a document, or the errors reading it.
type LoadResult struct {
	Path string // as shown in messages (see Rel)
	Doc  *Document
	Err  error
}

// LoadAll reads every COE of the repository concurrently, with at most as
// many files in flight as there are CPUs. Results come back in file name
// order, one per file; a file that fails to read has Err set (and Doc set
// too when the YAML parsed).
func (r *Repo) LoadAll(opts ReadOptions) ([]LoadResult, error) {
	files, err := r.Files()
	if err != nil {
		return nil, err
	}
	return LoadFiles(files, opts, r.Rel), nil
}

// LoadFiles reads files concurrently; display maps each path to the name
// used in messages (nil keeps it).
func LoadFiles(files []string, opts ReadOptions, display func(string) string) []LoadResult {
	out := make([]LoadResult, len(files))
	EachFile(files, opts, display, func(i int, res LoadResult) { out[i] = res })
	return out
}

// EachFile reads files concurrently, at most one per CPU at a time, and
// hands each result to fn instead of keeping it: a caller that needs a
// little of each COE (a list) keeps memory, and the garbage collector's
// work, small. fn is called from several goroutines at once, with i the
// index of the file in files. Files are read through opts.FS, the guarded
// file system of their repository; a file outside it (or without it) is
// read as one of its own folder (see safefs.ReadIn).
func EachFile(files []string, opts ReadOptions, display func(string) string, fn func(i int, res LoadResult)) {
	Parallel(len(files), func(i int) {
		name := files[i]
		if display != nil {
			name = display(files[i])
		}
		fn(i, LoadFile(files[i], name, opts))
	})
}

// LoadFile reads and parses one file through opts.FS (see EachFile),
// naming it name in messages.
func LoadFile(path, name string, opts ReadOptions) LoadResult {
	data, err := ReadData(path, name, opts.FS)
	if err != nil {
		return LoadResult{Path: name, Err: err}
	}
	doc, err := Parse(name, data, opts)
	return LoadResult{Path: name, Doc: doc, Err: err}
}

// ReadData reads the bytes of the COE file at path through fsys as
// LoadFile does (nil: any regular file of its folder), naming it name in
// errors: a file that cannot be read, or is over MaxFileSize, is a
// finding of the read-file or file-too-large rule.
func ReadData(path, name string, fsys *safefs.Root) ([]byte, error) {
	data, err := safefs.ReadIn(fsys, path, MaxFileSize)
	return data, readError(name, err)
}

// Parallel calls fn(i) for every i in [0, n), on as many goroutines as
// there are CPUs, and returns when all calls have.
//
// The calls start in the order of i, each worker taking the next one when
// it is free: by a counter, not a channel, whose send a call (a goroutine
// woken for each) cost a build of 10,000 COEs tens of thousands of hand-offs.
func Parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// NoCOEError is Resolve's error for an id no COE has: it names the folder
// looked in and the nearest ids, or where to find them.
type NoCOEError struct {
	Ref, Dir string
	Near     []string
	Hint     string
}

func (e *NoCOEError) Error() string {
	msg := fmt.Sprintf("no COE %q in %s", e.Ref, e.Dir)
	if len(e.Near) > 0 {
		return msg + "; did you mean " + quoteList(e.Near) + "?"
	}
	return msg + "; " + e.Hint
}

// Resolve finds a COE file from what a user typed: an id, a unique prefix of
// an id, or a path to a file.
func (r *Repo) Resolve(ref string) (string, error) {
	if ref == "" {
		return "", errors.New("no COE given; expected an id like 2024-01-28-speaker-groups or a path")
	}
	if strings.ContainsRune(ref, os.PathSeparator) || strings.HasSuffix(ref, ".yaml") {
		p := ref
		if !filepath.IsAbs(p) && r.WorkDir != "" {
			p = filepath.Join(r.WorkDir, p)
		}
		st, err := r.fs.Stat(p)
		if err == nil && !st.IsDir() {
			return p, nil
		}
		var se *safefs.Error
		if errors.As(err, &se) && !errors.Is(err, fs.ErrNotExist) {
			se.Path = ref
			return "", err
		}
		if !strings.HasSuffix(ref, ".yaml") || strings.ContainsRune(ref, os.PathSeparator) {
			return "", fmt.Errorf("%s: no such file", ref)
		}
		ref = strings.TrimSuffix(ref, ".yaml")
	}
	if p := r.PathOf(ref); r.Exists(p) {
		return p, nil
	}
	files, err := r.Files()
	if err != nil {
		return "", err
	}
	var ids, matches []string
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".yaml")
		ids = append(ids, id)
		if strings.HasPrefix(id, ref) {
			matches = append(matches, f)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return "", &NoCOEError{Ref: ref, Dir: r.Rel(r.Dir()), Near: Nearest(ref, ids, 3), Hint: "`coe list` shows the ids"}
	default:
		var names []string
		for _, m := range matches {
			names = append(names, strings.TrimSuffix(filepath.Base(m), ".yaml"))
		}
		if len(names) > 5 {
			names = append(names[:5], "...")
		}
		return "", fmt.Errorf("%q matches %d COEs: %s; give more of the id", ref, len(matches), strings.Join(names, ", "))
	}
}

// IDs lists the ids of the COE files, for completion.
func (r *Repo) IDs() []string {
	files, _ := r.Files()
	ids := make([]string, len(files))
	for i, f := range files {
		ids[i] = strings.TrimSuffix(filepath.Base(f), ".yaml")
	}
	return ids
}

// Exists reports whether a file (not a folder) is at p, inside the
// repository.
func (r *Repo) Exists(p string) bool {
	st, err := r.fs.Stat(p)
	return err == nil && !st.IsDir()
}

// Create writes c as a new COE file with a fresh id: BaseID(c, now), or that
// id with -2, -3, ... when it is taken, so that two people creating a COE
// at the same moment never overwrite each other. It sets c.ID and returns
// the path. The file is written atomically and exclusively, in Marshal's
// fixed layout, with the schema line on top when the repository has a
// schema file.
func (r *Repo) Create(c *COE, now time.Time) (string, error) {
	return r.CreateWith(BaseID(c, now), func(id string) ([]byte, error) {
		c.ID = id
		return Marshal(c)
	})
}

// CreateWith writes a new COE file whose content render makes for a given
// id: base, or base-2, base-3, ... when taken. It returns the path. When
// the repository has a schema file, content without a yaml-language-server
// line gets one on top (WithSchemaLine).
func (r *Repo) CreateWith(base string, render func(id string) ([]byte, error)) (string, error) {
	if err := r.fs.MkdirAll(r.Dir(), 0o755); err != nil {
		return "", r.fsError(err)
	}
	ref := r.SchemaRef()
	for n := 1; n < 10000; n++ {
		id := base
		if n > 1 {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		data, err := render(id)
		if err != nil {
			return "", err
		}
		data = WithSchemaLine(data, ref)
		path := r.PathOf(id)
		err = r.fs.CreateExclusive(path, data, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", r.fsError(err)
		}
		return path, nil
	}
	return "", fmt.Errorf("no free id for %q in %s", base, r.Dir())
}

// PrivateName is the repository's private folder, at its root: drafts,
// working copies, the lock and temporary files, all ignored by git.
const PrivateName = ".coe"

// DraftsDir is where interrupted forms keep their drafts: .coe/drafts at the
// repository root, ignored by git.
func (r *Repo) DraftsDir() string { return filepath.Join(r.Root, PrivateName, "drafts") }

// SaveDraft writes data as the draft called name (a file name) and returns
// its path. The .coe folder gets a .gitignore so drafts stay private.
func (r *Repo) SaveDraft(name string, data []byte) (string, error) {
	if _, err := r.PrivateDir(); err != nil {
		return "", err
	}
	path := filepath.Join(r.DraftsDir(), name)
	if err := r.WriteFile(path, data); err != nil {
		return "", err
	}
	return path, nil
}

// PrivateDir makes and returns the repository's .coe folder, for drafts and
// working copies: it holds a .gitignore that ignores everything in it.
func (r *Repo) PrivateDir() (string, error) {
	dir := filepath.Join(r.Root, PrivateName)
	if err := r.fs.MkdirAll(dir, 0o755); err != nil {
		return "", r.fsError(err)
	}
	ignore := filepath.Join(dir, ".gitignore")
	if !r.Exists(ignore) {
		if err := r.WriteFile(ignore, []byte("# coe's drafts, working copies, lock and temporary files: private, never committed\n*\n")); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// Drafts lists the saved drafts, newest first.
func (r *Repo) Drafts() ([]string, error) {
	entries, err := r.fs.ReadDir(r.DraftsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, r.fsError(err)
	}
	type draft struct {
		path string
		mod  time.Time
	}
	var ds []draft
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		ds = append(ds, draft{filepath.Join(r.DraftsDir(), e.Name()), info.ModTime()})
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].mod.After(ds[j].mod) })
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.path
	}
	return out, nil
}

// Remove removes a file of the repository (a draft, a working copy); a
// symbolic link is removed itself, never its target. A file that is not
// there is no error.
func (r *Repo) Remove(path string) error {
	if err := r.fs.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return r.fsError(err)
	}
	return nil
}

// Lock takes the repository lock, .coe/lock, for a read-modify-write of its
// files: what names the holder (a command line) for a process that waits
// for it and gives up after LockWait (a *safefs.LockedError).
func (r *Repo) Lock(what string) (*safefs.Lock, error) {
	wait := r.LockWait
	if wait <= 0 {
		wait = DefaultLockWait
	}
	return r.LockWithin(what, wait)
}

// LockWithin takes the repository lock as Lock does, waiting at most wait
// for another process to let it go: a command that can do without it (one
// that would only refresh a cache) waits a moment, not ten seconds.
func (r *Repo) LockWithin(what string, wait time.Duration) (*safefs.Lock, error) {
	dir, err := r.PrivateDir()
	if err != nil {
		return nil, fmt.Errorf("the repository lock: %w", err)
	}
	host, _ := os.Hostname()
	who := fmt.Sprintf("%s (pid %d on %s, since %s)", what, os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	l, err := r.fs.Lock(filepath.Join(dir, "lock"), wait, who)
	if err != nil {
		var le *safefs.LockedError
		if errors.As(err, &le) {
			le.Path = r.Rel(le.Path)
			return nil, err
		}
		return nil, fmt.Errorf("the repository lock: %w", r.fsError(err))
	}
	return l, nil
}

// ErrChanged matches the error of a write refused because the file changed
// on disk since it was read.
var ErrChanged = errors.New("changed on disk")

// Change is a read-modify-write of the file at path under the repository
// lock: it reads the file, hands its bytes to change, and writes what
// change returns unless that is nil or the same bytes. It returns what
// change returned. Two processes changing one COE at once take turns; the
// second reads what the first wrote.
func (r *Repo) Change(path, what string, change func(cur []byte) ([]byte, error)) ([]byte, error) {
	l, err := r.Lock(what)
	if err != nil {
		return nil, fmt.Errorf("%s is untouched: %w", r.Rel(path), err)
	}
	defer l.Unlock()
	cur, err := r.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out, err := change(cur)
	if err != nil || out == nil || bytes.Equal(out, cur) {
		return out, err
	}
	return out, r.WriteFile(path, out)
}

// Replace writes data over the file at path, under the repository lock,
// only if it still holds orig: the end of an edit that read orig long
// before (in a form, in an editor). When someone changed the file
// meanwhile, it returns an error matching ErrChanged and the file keeps
// their change.
func (r *Repo) Replace(path string, orig, data []byte, what string) error {
	_, err := r.Change(path, what, func(cur []byte) ([]byte, error) {
		if !bytes.Equal(cur, orig) {
			return nil, fmt.Errorf("%s %w since it was read; not overwritten", r.Rel(path), ErrChanged)
		}
		return data, nil
	})
	return err
}

// Select resolves PATH arguments (relative to WorkDir) to COE files, given
// all, the repository's COE files: a file is itself; a folder that holds
// the repository's COE folder (the repository, or the COE folder itself)
// means all; any other folder, the *.yaml files in it. No argument means
// all.
func (r *Repo) Select(args []string, all []string) ([]string, error) {
	if len(args) == 0 {
		return all, nil
	}
	seen := map[string]bool{}
	var files []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, arg := range args {
		p := arg
		if !filepath.IsAbs(p) {
			p = filepath.Join(r.WorkDir, p)
		}
		p = filepath.Clean(p)
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, describeErr(err))
		}
		switch {
		case !st.IsDir():
			add(p)
		case within(p, r.Dir()):
			for _, f := range all {
				add(f)
			}
		default:
			entries, err := os.ReadDir(p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", arg, describeErr(err))
			}
			for _, e := range entries {
				name := e.Name()
				if !e.IsDir() && !strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".yaml") {
					add(filepath.Join(p, name))
				}
			}
		}
	}
	return files, nil
}

// FindRepoOf finds the repository that holds path (a file or a folder,
// relative to wd), naming files relative to wd: for a command run from
// above the repository with a PATH inside it.
func FindRepoOf(wd, path string) (*Repo, error) {
	p := path
	if !filepath.IsAbs(p) {
		p = filepath.Join(wd, p)
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		p = filepath.Dir(p)
	}
	r, err := FindRepo(p)
	if err != nil {
		return nil, err
	}
	r.WorkDir = wd
	return r, nil
}

// cleanRel says whether rel, a slash-separated relative path, is already
// as filepath.Clean leaves it: no empty, "." or ".." element.
func cleanRel(rel string) bool {
	for rel != "" {
		el, rest, more := strings.Cut(rel, "/")
		if el == "" || el == "." || el == ".." || (more && rest == "") {
			return false
		}
		rel = rest
	}
	return true
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// describeErr drops the operation and path of an *os.PathError, which the
// caller names itself.
func describeErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Except returns the paths of all that are not in some, in all's order.
func Except(all, some []string) []string {
	drop := make(map[string]bool, len(some))
	for _, p := range some {
		drop[p] = true
	}
	var out []string
	for _, p := range all {
		if !drop[p] {
			out = append(out, p)
		}
	}
	return out
}

// WorkingCopy makes the path of the working copy an editor opens for the
// file at path: in the repository's private .coe folder (which git
// ignores), as deep below the root as the file itself, so that a relative
// "# yaml-language-server: $schema=" line still finds the schema and the
// editor validates while the user types. It returns the copy's path and
// what removes it.
func (r *Repo) WorkingCopy(path string) (string, func(), error) {
	name := filepath.Base(path)
	rel, err := filepath.Rel(r.Root, filepath.Dir(path))
	depth := len(strings.Split(rel, string(filepath.Separator)))
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		// COEs at the root, or a file outside the repository.
		dir, err := os.MkdirTemp("", "coe-edit-")
		return filepath.Join(dir, name), func() { os.RemoveAll(dir) }, err
	}
	private, err := r.PrivateDir()
	if err != nil {
		return "", nil, err
	}
	if depth == 1 {
		// .coe is one level down already: a unique name in it.
		f, err := os.CreateTemp(private, "edit-*-"+name)
		if err != nil {
			return "", nil, err
		}
		f.Close()
		return f.Name(), func() { os.Remove(f.Name()) }, nil
	}
	top, err := os.MkdirTemp(private, "edit-")
	if err != nil {
		return "", nil, err
	}
	dir := top
	for range depth - 2 {
		dir = filepath.Join(dir, "d")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		os.RemoveAll(top)
		return "", nil, err
	}
	return filepath.Join(dir, name), func() { os.RemoveAll(top) }, nil
}
