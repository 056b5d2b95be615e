package coe

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
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
}

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
	path := filepath.Join(abs, ConfigName)
	data, err := readCapped(path)
	if err != nil {
		return nil, err
	}
	cfg, err := ParseConfig(path, data)
	if err != nil {
		return nil, err
	}
	return &Repo{Root: abs, Config: cfg}, nil
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
	if !fileExists(r.SchemaPath()) {
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
	if rel, err := filepath.Rel(r.WorkDir, path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

// ReadOptions are the options for reading this repository's COEs.
func (r *Repo) ReadOptions() ReadOptions {
	return ReadOptions{Severities: r.Config.Severities}
}

// Files lists the COE files (*.yaml, not hidden) in the repository folder,
// sorted by name. A missing folder holds no COEs.
func (r *Repo) Files() ([]string, error) {
	entries, err := os.ReadDir(r.Dir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".yaml") {
			continue
		}
		files = append(files, filepath.Join(r.Dir(), name))
	}
	sort.Strings(files)
	return files, nil
}

// Read reads one COE file of (or outside) the repository, naming it in
// messages as Rel does.
func (r *Repo) Read(path string, keepNode bool) (*Document, error) {
	opts := r.ReadOptions()
	opts.KeepNode = keepNode
	data, err := readCapped(path)
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.File = r.Rel(path)
		}
		return nil, err
	}
	return Parse(r.Rel(path), data, opts)
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
// index of the file in files.
func EachFile(files []string, opts ReadOptions, display func(string) string, fn func(i int, res LoadResult)) {
	Parallel(len(files), func(i int) {
		name := files[i]
		if display != nil {
			name = display(files[i])
		}
		data, err := readCapped(files[i])
		if err != nil {
			if e, ok := err.(*Error); ok {
				e.File = name
			}
			fn(i, LoadResult{Path: name, Err: err})
			return
		}
		doc, err := Parse(name, data, opts)
		fn(i, LoadResult{Path: name, Doc: doc, Err: err})
	})
}

// Parallel calls fn(i) for every i in [0, n), on as many goroutines as
// there are CPUs, and returns when all calls have.
func Parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
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
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
		if !strings.HasSuffix(ref, ".yaml") || strings.ContainsRune(ref, os.PathSeparator) {
			return "", fmt.Errorf("%s: no such file", ref)
		}
		ref = strings.TrimSuffix(ref, ".yaml")
	}
	if p := r.PathOf(ref); fileExists(p) {
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
		msg := fmt.Sprintf("no COE %q in %s", ref, r.Rel(r.Dir()))
		if near := Nearest(ref, ids, 3); len(near) > 0 {
			msg += "; did you mean " + quoteList(near) + "?"
		} else {
			msg += "; `coe list` shows the ids"
		}
		return "", errors.New(msg)
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

func fileExists(p string) bool {
	st, err := os.Stat(p)
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
	if err := os.MkdirAll(r.Dir(), 0o755); err != nil {
		return "", err
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
		err = CreateFileExclusive(path, data, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("no free id for %q in %s", base, r.Dir())
}

// DraftsDir is where interrupted forms keep their drafts: .coe/drafts at the
// repository root, ignored by git.
func (r *Repo) DraftsDir() string { return filepath.Join(r.Root, ".coe", "drafts") }

// SaveDraft writes data as the draft called name (a file name) and returns
// its path. The .coe folder gets a .gitignore so drafts stay private.
func (r *Repo) SaveDraft(name string, data []byte) (string, error) {
	if _, err := r.PrivateDir(); err != nil {
		return "", err
	}
	dir := r.DraftsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := WriteFileAtomic(path, data, 0o644); err != nil {
		return "", err
	}
	return path, nil
}

// PrivateDir makes and returns the repository's .coe folder, for drafts and
// working copies: it holds a .gitignore that ignores everything in it.
func (r *Repo) PrivateDir() (string, error) {
	dir := filepath.Join(r.Root, ".coe")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	ignore := filepath.Join(dir, ".gitignore")
	if !fileExists(ignore) {
		if err := WriteFileAtomic(ignore, []byte("# coe's drafts and working copies: private, never committed\n*\n"), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// Drafts lists the saved drafts, newest first.
func (r *Repo) Drafts() ([]string, error) {
	entries, err := os.ReadDir(r.DraftsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
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
