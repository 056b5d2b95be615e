package changed

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
	"github.com/coe-cli/coe/coe/vcs"
)

// Staged is the repository's COE folder as git's index holds it: what
// the next commit would hold. coe lint --changed checks it rather than the
// work tree, so that what is checked is what is committed.
type Staged struct {
	r *coe.Repo
	// entries are the COE files of the index by absolute path: stage 0,
	// or one of the sides of a merge conflict.
	entries map[string]vcs.Entry
	// Paths are the keys of entries, sorted: the repository's COEs.
	Paths []string
	// Data holds the staged content of the files linted, by path, for the
	// source lines under diagnostics.
	Data map[string][]byte
	// errs stands for the content of a file to lint that cannot be read
	// (a symbolic link, a conflict, a blob over the cap).
	errs map[string]error
	// unstaged are the files of the work tree that differ from the index
	// (git diff), untracked the files git does not track; nil until
	// readWorkTree.
	unstaged, untracked []string
	// clean holds the files whose work tree is as staged: they are read
	// from the disk, faster than from git's object store.
	clean map[string]bool
}

// ReadStaged lists the COE files of the index: the *.yaml files, not
// hidden, right in the COE folder, as Repo.Files lists them in the work
// tree.
func ReadStaged(r *coe.Repo) (*Staged, error) {
	entries, err := vcs.IndexFiles(r.Root, coePathspec(r))
	if err != nil {
		return nil, err
	}
	s := &Staged{r: r, entries: map[string]vcs.Entry{}, Data: map[string][]byte{}, errs: map[string]error{}}
	for _, e := range entries {
		p := filepath.Join(r.Root, filepath.FromSlash(e.Path))
		name := filepath.Base(p)
		if filepath.Dir(p) != r.Dir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".yaml") {
			continue
		}
		if _, dup := s.entries[p]; !dup {
			s.Paths = append(s.Paths, p)
		}
		s.entries[p] = e
	}
	sort.Strings(s.Paths)
	if err := s.readWorkTree(); err != nil {
		return nil, err
	}
	return s, nil
}

// readWorkTree finds which files of the work tree are as staged.
func (s *Staged) readWorkTree() error {
	var err error
	if s.unstaged, err = vcs.UnstagedFiles(s.r.Root, coePathspec(s.r)); err != nil {
		return err
	}
	if s.untracked, err = vcs.UntrackedFiles(s.r.Root, coePathspec(s.r)); err != nil {
		return err
	}
	dirty := map[string]bool{}
	for _, n := range s.unstaged {
		dirty[filepath.Join(s.r.Root, filepath.FromSlash(n))] = true
	}
	s.clean = make(map[string]bool, len(s.Paths))
	for _, p := range s.Paths {
		if e := s.entries[p]; !dirty[p] && e.Stage == 0 && (e.Mode == "100644" || e.Mode == "100755") {
			s.clean[p] = true
		}
	}
	return nil
}

// Changed keeps the files that changed in the index since base, reading
// their staged content, and the unchanged ones that name a COE removed
// since (also counts those): as WorkTree does for the work tree.
func (s *Staged) Changed(base string, files []string) (out []string, also int, err error) {
	changes, err := vcs.Changes(s.r.Root, base, vcs.Index, coePathspec(s.r))
	if err != nil {
		return nil, 0, err
	}
	changed := map[string]bool{}
	for _, c := range changes {
		if c.Status != 'D' {
			changed[filepath.Join(s.r.Root, filepath.FromSlash(c.Path))] = true
		}
	}
	var linted, rest []string
	for _, f := range files {
		if _, staged := s.entries[f]; !staged {
			continue // a PATH that git does not track: not committed
		}
		if changed[f] {
			linted = append(linted, f)
		} else {
			rest = append(rest, f)
		}
	}
	var mu sync.Mutex
	still := map[string]bool{}
	if err := s.read(linted, func(i int, data []byte, err error) {
		id := ""
		if err == nil {
			id = lint.FileID(linted[i], data)
		}
		mu.Lock()
		defer mu.Unlock()
		s.Data[linted[i]], s.errs[linted[i]] = data, err
		still[id] = true
	}); err != nil {
		return nil, 0, err
	}
	lost, err := removedIDs(s.r, base, vcs.Index, still)
	if err != nil {
		return nil, 0, err
	}
	alsoLinted := map[string]bool{}
	if len(lost) > 0 {
		// Unchanged COEs that name a removed id are checked too.
		if err := s.read(rest, func(i int, data []byte, err error) {
			if err != nil || holdsAny(data, lost) {
				mu.Lock()
				defer mu.Unlock()
				s.Data[rest[i]], s.errs[rest[i]] = data, err
				alsoLinted[rest[i]] = true
			}
		}); err != nil {
			return nil, 0, err
		}
	}
	for _, f := range files {
		if _, staged := s.entries[f]; !staged {
			continue
		}
		switch {
		case changed[f]:
			out = append(out, f)
		case alsoLinted[f]:
			out = append(out, f)
			also++
		}
	}
	return out, also, nil
}

// Contents gives the staged content of the files to lint, and the records
// (id and name) of the others, read from their staged content, for the
// repository-wide rules. names maps each path to its name in diagnostics.
func (s *Staged) Contents(files, others []string, names map[string]string) ([]lint.Content, []lint.Record, error) {
	contents := make([]lint.Content, len(files))
	for i, p := range files {
		contents[i] = lint.Content{Path: names[p], Data: s.Data[p], Err: s.errs[p]}
		if e, ok := contents[i].Err.(*coe.Error); ok {
			e.File = names[p]
		}
	}
	records := make([]lint.Record, len(others))
	err := s.read(others, func(i int, data []byte, err error) {
		records[i] = lint.Record{Path: names[others[i]]}
		if err == nil {
			records[i].ID = lint.FileID(names[others[i]], data)
		}
	})
	return contents, records, err
}

// read calls fn with the staged content of each of paths (i is its index
// in paths), or with the error that stands for it: a symbolic link, a
// submodule or a conflict is not read, nor a blob over coe.MaxFileSize
// (git is asked its size first). A file whose work tree is as staged is
// read from the disk, on as many goroutines as there are CPUs: fn may be
// called from several at once, for different i.
func (s *Staged) read(paths []string, fn func(i int, data []byte, err error)) error {
	var objects []string
	var which []int
	var fromDisk []int
	for i, p := range paths {
		e := s.entries[p]
		switch {
		case e.Stage > 0:
			fn(i, nil, stagedError(coe.RuleReadFile, "has a merge conflict that is not resolved in git's index; resolve it and git add the file"))
		case e.Mode == "120000":
			fn(i, nil, stagedError(coe.RuleReadFile, "is a symbolic link in git's index; expected a regular file"))
		case e.Mode != "100644" && e.Mode != "100755":
			fn(i, nil, stagedError(coe.RuleReadFile, fmt.Sprintf("is no file in git's index (mode %s, a submodule?); expected a regular file", e.Mode)))
		case s.clean[p]:
			fromDisk = append(fromDisk, i)
		default:
			objects = append(objects, e.Object)
			which = append(which, i)
		}
	}
	var mu sync.Mutex
	coe.Parallel(len(fromDisk), func(k int) {
		i := fromDisk[k]
		data, err := readFile(s.r, paths[i])
		if err != nil {
			// Changed since git looked, or too large: ask git.
			mu.Lock()
			objects = append(objects, s.entries[paths[i]].Object)
			which = append(which, i)
			mu.Unlock()
			return
		}
		fn(i, data, nil)
	})
	return vcs.ReadBlobs(s.r.Root, objects, coe.MaxFileSize, func(k int, data []byte, size int64) {
		i := which[k]
		switch {
		case data != nil:
			fn(i, data, nil)
		case size > coe.MaxFileSize:
			fn(i, nil, stagedError(coe.RuleFileTooLarge,
				fmt.Sprintf("file is %d bytes as staged; a COE file may be at most %d bytes (1 MiB)", size, coe.MaxFileSize)))
		default:
			fn(i, nil, stagedError(coe.RuleReadFile, "its staged content is missing from git's object store"))
		}
	})
}

func stagedError(rule, msg string) error { return &coe.Error{Rule: rule, Msg: msg} }

// NotStaged says which COE files of the work tree differ from what is
// staged, and so were not checked as they are, or "" when none does.
func (s *Staged) NotStaged() string {
	var names []string
	seen := map[string]bool{}
	add := func(list []string, what string) {
		for _, n := range list {
			p := filepath.Join(s.r.Root, filepath.FromSlash(n))
			base := filepath.Base(p)
			if !seen[p] && filepath.Dir(p) == s.r.Dir() && !strings.HasPrefix(base, ".") && strings.HasSuffix(base, ".yaml") {
				seen[p] = true // an unmerged file comes once a side
				names = append(names, s.r.Rel(p)+" ("+what+")")
			}
		}
	}
	add(s.unstaged, "changes not staged")
	add(s.untracked, "untracked")
	if len(names) == 0 {
		return ""
	}
	if len(names) > 5 {
		names = append(names[:5], fmt.Sprintf("and %d more", len(names)-5))
	}
	return coe.Printable(fmt.Sprintf("Note: not checked, as not staged: %s. "+
		"Stage what you mean to commit, or check the files as they are with coe lint --changed --worktree.", strings.Join(names, ", ")), false)
}
