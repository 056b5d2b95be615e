package lint

import (
	"github.com/coe-cli/coe/coe"
)

// Content is a COE file's content that does not come from the file system
// (a blob of git's index, for coe lint --changed): the file's name in
// diagnostics and its bytes, or the error that stands for them, a
// *coe.Error of the reader's rules (read-error, file-too-large).
type Content struct {
	Path string
	Data []byte
	Err  error
}

// RunContents lints contents as Run lints files: each of files is parsed
// and linted, at most one per CPU at a time; others are the repository's
// other COEs, known by their records (a path and an id, see FileID), which
// the repository-wide rules count but do not report on.
func RunContents(files []Content, others []Record, opts Options) Result {
	per := make([][]Diagnostic, len(files))
	records := make([]Record, len(files), len(files)+len(others))
	ro := coe.ReadOptions{Severities: opts.Config.Severities, KeepNode: true}
	coe.Parallel(len(files), func(i int) {
		f := &files[i]
		res := coe.LoadResult{Path: f.Path, Err: f.Err}
		if f.Err == nil {
			res.Doc, res.Err = coe.Parse(f.Path, f.Data, ro)
		}
		per[i], records[i] = Check(res, opts)
	})
	for _, r := range others {
		r.Linted = false
		records = append(records, r)
	}
	var ds []Diagnostic
	for _, p := range per {
		ds = append(ds, p...)
	}
	ds = append(ds, CrossCheck(records, opts)...)
	sortByPath(ds)
	errs, warns := Count(ds)
	return Result{Diagnostics: ds, Files: len(files), Errors: errs, Warnings: warns}
}
