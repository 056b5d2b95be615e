package lint

import (
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
)

// Input names the files of a lint run.
type Input struct {
	// Files are the COE files to lint.
	Files []string
	// Others are the repository's other COE files: the repository-wide
	// rules count their ids (a linted file may not take one, and may name
	// one in related), but they are not linted themselves.
	Others []string
	// OtherRecords, when not nil, are the Records of Others, one each in
	// their order, found elsewhere (a warm index: see IndexSummaries), so
	// that Run does not read them.
	OtherRecords []Record
	// Display maps a path to its name in diagnostics; nil keeps it.
	Display func(string) string
	// FS is the guarded file system of the repository the files are read
	// from (coe.Repo.FS); nil reads any regular file.
	FS *safefs.Root
}

// Result is what Run found.
type Result struct {
	// Diagnostics are sorted by path, line and column.
	Diagnostics []Diagnostic
	// Files is the number of files linted.
	Files int
	// Errors and Warnings count the diagnostics by severity.
	Errors, Warnings int
}

// Run lints files as `coe lint` does: each file is read, parsed (with
// positions), linted and dropped by the worker that reads it, at most one
// file per CPU at a time, keeping only its diagnostics and a small Record.
// The repository-wide rules then run over the records, the Others'
// included. Memory stays small and flat however large the repository:
// 10,000 COEs of 5 KB keep a few megabytes, not their 600 MB of trees.
//
// opts.IDs is not used: the index is built from the files.
func Run(in Input, opts Options) Result {
	display := in.Display
	if display == nil {
		display = func(p string) string { return p }
	}
	per := make([][]Diagnostic, len(in.Files))
	records := make([]Record, len(in.Files)+len(in.Others))
	ro := coe.ReadOptions{Severities: opts.Config.Severities, KeepNode: true, FS: in.FS}
	coe.EachFile(in.Files, ro, display, func(i int, res coe.LoadResult) {
		per[i], records[i] = Check(res, opts)
	})
	if in.OtherRecords != nil && len(in.OtherRecords) == len(in.Others) {
		for i, r := range in.OtherRecords {
			r.Linted = false
			records[len(in.Files)+i] = r
		}
	} else {
		coe.Parallel(len(in.Others), func(i int) {
			records[len(in.Files)+i] = IndexFile(in.FS, in.Others[i], display(in.Others[i]))
		})
	}
	n := 0
	for _, p := range per {
		n += len(p)
	}
	xs := CrossCheck(records, opts)
	ds := make([]Diagnostic, 0, n+len(xs))
	for _, p := range per {
		ds = append(ds, p...)
	}
	ds = append(ds, xs...)
	sortByPath(ds)
	errs, warns := Count(ds)
	return Result{Diagnostics: ds, Files: len(in.Files), Errors: errs, Warnings: warns}
}
