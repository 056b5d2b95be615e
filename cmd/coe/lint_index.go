package main

import (
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

// input is what coe lint FILE... lints: files, with the repository's
// other COEs (of all) counted by the repository-wide rules, their ids from
// the warm index rather than from reading each file (with --no-cache, each
// is read, but only up to its id: see lint.IndexFile).
func (o *lintOptions) input(r *coe.Repo, all, files []string, display func(string) string) lint.Input {
	in := lint.Input{Files: files, Others: coe.Except(all, files), Display: display, FS: r.FS()}
	if len(in.Others) > 0 && !o.f.cacheOff() {
		in.OtherRecords = lint.IndexCached(o.f.Cache(r), r.FS(), all, in.Others, display)
	}
	return in
}
