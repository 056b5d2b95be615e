package coe

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe/safefs"
)

// Source is a COE repository read with others: a repository itself (Name
// "") or one of the repositories its .coe.yaml lists under sources:.
type Source struct {
	// Name prefixes the ids of the source's COEs; "" for the repository
	// the command runs in.
	Name string
	// Repo is the source, opened with its own config and its own guarded
	// file system.
	Repo *Repo
}

// SourceSep joins a source's name and a COE id: payments/2025-03-11-x.
const SourceSep = "/"

// ID is how an id of the source's COEs is shown among all sources'
// COEs: name/id, or the id itself for the repository's own.
func (s *Source) ID(id string) string {
	if s.Name == "" || id == "" {
		return id
	}
	return s.Name + SourceSep + id
}

// SplitID splits an id as Source.ID shows it into the source's name and
// the COE's own id; an id without a source's name before SourceSep is
// ("", id).
func SplitID(id string) (source, own string) {
	name, rest, ok := strings.Cut(id, SourceSep)
	if !ok || !ValidSourceName(name) {
		return "", id
	}
	return name, rest
}

// IDs is ids as ID shows each (a new slice; nil stays nil).
func (s *Source) IDs(ids []string) []string {
	if s.Name == "" || ids == nil {
		return ids
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = s.ID(id)
	}
	return out
}

// Set is a repository and the sources it lists, read together by coe
// stats, coe actions and coe build.
type Set struct {
	// Sources are the repository itself, first, then its sources in the
	// order of .coe.yaml.
	Sources []*Source
	// Nested names the sources whose own .coe.yaml lists sources: of its
	// own: those are not followed (one level, so no cycle is possible).
	Nested []string
}

// Single is the set of r alone: what --no-sources reads.
func Single(r *Repo) *Set { return &Set{Sources: []*Source{{Repo: r}}} }

// Set opens r's sources (see Sources) and returns r with them; without
// withSources, r alone.
func (r *Repo) Set(withSources bool) (*Set, error) {
	set := Single(r)
	if !withSources {
		return set, nil
	}
	srcs, err := r.Sources()
	if err != nil {
		return nil, err
	}
	for _, s := range srcs {
		set.Sources = append(set.Sources, s)
		if len(s.Repo.Config.Sources) > 0 {
			set.Nested = append(set.Nested, s.Name)
		}
	}
	return set, nil
}

// Sources opens the repositories listed under sources: in r's .coe.yaml,
// in order, each with its own config and guarded file system. A source
// inside r (a git submodule) must stay inside it through symbolic links
// too; one outside it (a clone kept beside it, ../payments-coes) is its
// own root, read with no link leading out of it. A source that is not
// there, is no COE repository, or is r itself or another source under
// a second path, is an error naming its line of r's .coe.yaml. The
// sources' own sources are not opened.
func (r *Repo) Sources() ([]*Source, error) {
	var out []*Source
	var errs ErrorList
	seen := []os.FileInfo{}
	if st, err := os.Stat(r.Root); err == nil {
		seen = append(seen, st)
	}
	for _, ref := range r.Config.Sources {
		s, st, err := r.openSource(ref, seen)
		if err != nil {
			var l ErrorList
			var e *Error
			switch {
			case errors.As(err, &l):
				errs = append(errs, l...)
			case errors.As(err, &e):
				errs = append(errs, e)
			default:
				errs = append(errs, r.sourceError(ref, err.Error()))
			}
			continue
		}
		seen = append(seen, st)
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// sourceError is a problem with a source, at its line of .coe.yaml.
func (r *Repo) sourceError(ref SourceRef, msg string) *Error {
	return &Error{File: r.Rel(r.ConfigPath()), Line: ref.Pos.Line, Col: ref.Pos.Col, Rule: RuleConfig,
		Msg: fmt.Sprintf("source %q (%s) %s", ref.Name, Printable(ref.Path, false), msg)}
}

// openSource opens one source; seen are the folders already opened (r's
// own first), which it may not be again.
func (r *Repo) openSource(ref SourceRef, seen []os.FileInfo) (*Source, os.FileInfo, error) {
	dir := filepath.Join(r.Root, filepath.FromSlash(ref.Path))
	fail := func(msg string) (*Source, os.FileInfo, error) { return nil, nil, r.sourceError(ref, msg) }
	const expected = "expected a COE repository: a git submodule (git submodule update --init fetches it) or a clone kept beside this repository"
	var st os.FileInfo
	var err error
	if within(r.Root, dir) {
		// A submodule: inside this repository by name, and through links.
		st, err = r.fs.Stat(dir)
		if errors.Is(err, safefs.ErrOutside) {
			return fail("leads out of the repository through a symbolic link; a source inside it must stay inside it")
		}
	} else {
		st, err = os.Stat(dir)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail("is not there; " + expected)
	case err != nil:
		return fail(fmt.Sprintf("cannot be read: %v", safefs.Reason(err)))
	case !st.IsDir():
		return fail("is not a folder; " + expected)
	}
	for i, o := range seen {
		if os.SameFile(st, o) {
			if i == 0 {
				return fail("is this repository; " + expected)
			}
			return fail("is a source listed before it, under another path; list each repository once")
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, ConfigName)); errors.Is(err, fs.ErrNotExist) {
		return fail("has no " + ConfigName + "; " + expected)
	}
	sr, err := OpenRepo(dir)
	if err != nil {
		var l ErrorList
		var e *Error
		if errors.As(err, &l) || errors.As(err, &e) {
			return nil, nil, err // the source's own config, at its lines
		}
		return fail(fmt.Sprintf("cannot be opened: %v", safefs.Reason(err)))
	}
	sr.WorkDir, sr.LockWait = r.WorkDir, r.LockWait
	return &Source{Name: ref.Name, Repo: sr}, st, nil
}

// Source returns the source called name ("" for the repository itself),
// or nil.
func (s *Set) Source(name string) *Source {
	for _, src := range s.Sources {
		if src.Name == name {
			return src
		}
	}
	return nil
}

// Names are the names of the sources, the repository's own ("") first.
func (s *Set) Names() []string {
	out := make([]string, len(s.Sources))
	for i, src := range s.Sources {
		out[i] = src.Name
	}
	return out
}

// Severities are the severities of all sources: the repository's, then
// those of each source that it does not have yet, in config order.
func (s *Set) Severities() []string {
	var out []string
	seen := map[string]bool{}
	for _, src := range s.Sources {
		for _, sev := range src.Repo.Config.Severities {
			if !seen[sev] {
				seen[sev] = true
				out = append(out, sev)
			}
		}
	}
	return out
}

// SourceFile is one COE file of a Set.
type SourceFile struct {
	Source *Source
	Path   string
}

// Files lists the COE files of every source, each source's in file name
// order, the repository's own first.
func (s *Set) Files() ([]SourceFile, error) {
	var out []SourceFile
	for _, src := range s.Sources {
		files, err := src.Repo.Files()
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			out = append(out, SourceFile{Source: src, Path: f})
		}
	}
	return out, nil
}

// EachFile reads files concurrently as the package's EachFile does, each
// through its own source's guarded file system and with its severities,
// named in messages as its source's Rel names it. keepNode keeps each
// document's YAML tree (for positions).
func (s *Set) EachFile(files []SourceFile, keepNode bool, fn func(i int, res LoadResult)) {
	opts := make(map[*Source]ReadOptions, len(s.Sources))
	for _, src := range s.Sources {
		o := src.Repo.ReadOptions()
		o.KeepNode = keepNode
		opts[src] = o
	}
	Parallel(len(files), func(i int) {
		f := files[i]
		fn(i, LoadFile(f.Path, f.Source.Repo.Rel(f.Path), opts[f.Source]))
	})
}

// ResolveAcross finds a COE file as Resolve does, and a source's COE from
// its id as coe stats, actions and build show it: name/id, or name/ and a
// unique prefix of the id. It returns the repository the file is in (a
// source's is read with its own config).
func (r *Repo) ResolveAcross(ref string) (*Repo, string, error) {
	name, rest, ok := strings.Cut(ref, SourceSep)
	if ok && rest != "" && !strings.ContainsAny(rest, `/\`) && !strings.HasSuffix(rest, ".yaml") {
		for _, sr := range r.Config.Sources {
			if sr.Name != name {
				continue
			}
			src, _, err := r.openSource(sr, nil)
			if err != nil {
				return nil, "", err
			}
			p, err := src.Repo.Resolve(rest)
			var no *NoCOEError
			if errors.As(err, &no) {
				// Ids as this repository shows them: NAME/ID.
				no.Ref, no.Dir = ref, r.Rel(src.Repo.Dir())
				for i := range no.Near {
					no.Near[i] = src.ID(no.Near[i])
				}
				no.Hint = "`coe stats --json` or `coe build` here, or `coe list` in " + r.Rel(src.Repo.Root) + ", shows the ids"
			}
			if err != nil {
				return nil, "", fmt.Errorf("source %s: %w", name, err)
			}
			return src.Repo, p, nil
		}
	}
	p, err := r.Resolve(ref)
	return r, p, err
}
