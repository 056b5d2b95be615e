package changed

import (
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

// Options say which change to check.
type Options struct {
	// Rev is the commit the change is compared with; "" means the merge
	// base of HEAD with the default branch (see Base).
	Rev string
	// WorkTree checks the files as they are, not as git's index holds them.
	WorkTree bool
}

// Selection is what a lint of a change checks.
type Selection struct {
	// Files are the COEs to lint: changed since the base, or naming a COE
	// the change removed.
	Files []string
	// Others are the repository's other COEs, for the repository-wide rules.
	Others []string
	// Since says the base in words, for messages.
	Since string
	// Also counts the Files that did not change but name a removed COE.
	Also int
	// Staged is git's index when the selection is what it holds (nil for
	// the work tree).
	Staged *Staged
}

// Select picks, of the COEs the PATH arguments name (all without any; see
// coe.Repo.Select), those the change touches.
func Select(r *coe.Repo, paths []string, opts Options) (*Selection, error) {
	base, since, err := Base(r, opts.Rev)
	if err != nil {
		return nil, err
	}
	s := &Selection{Since: since}
	var all []string
	if opts.WorkTree {
		if all, err = r.Files(); err != nil {
			return nil, err
		}
	} else {
		if s.Staged, err = ReadStaged(r); err != nil {
			return nil, err
		}
		all = s.Staged.Paths
	}
	files, err := r.Select(paths, all)
	if err != nil {
		return nil, err
	}
	if s.Staged != nil {
		s.Files, s.Also, err = s.Staged.Changed(base, files)
	} else {
		s.Files, s.Also, err = WorkTree(r, base, files)
	}
	if err != nil {
		return nil, err
	}
	s.Others = coe.Except(all, s.Files)
	return s, nil
}

// Run lints the selection: the staged bytes of the files when it is what
// the index holds, the files themselves otherwise. display names a path in
// diagnostics.
func (s *Selection) Run(r *coe.Repo, display func(string) string, opts lint.Options) (lint.Result, error) {
	if s.Staged == nil {
		return lint.Run(lint.Input{Files: s.Files, Others: s.Others, Display: display, FS: r.FS()}, opts), nil
	}
	names := make(map[string]string, len(s.Files)+len(s.Others))
	for _, list := range [][]string{s.Files, s.Others} {
		for _, p := range list {
			names[p] = display(p)
		}
	}
	contents, records, err := s.Staged.Contents(s.Files, s.Others, names)
	if err != nil {
		return lint.Result{}, err
	}
	return lint.RunContents(contents, records, opts), nil
}
