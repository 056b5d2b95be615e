package related

import (
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// Read reads the COE files (through opts.FS, the repository's guarded
// file system, as coe.EachFile does, several at once) and indexes each
// under its file name's stem. It returns the index of those that read,
// and the errors of those that did not, by file (nil for a file that
// read). Only the index is kept of each COE, not its text.
func Read(files []string, opts coe.ReadOptions, display func(string) string) (*Index, []error) {
	b := NewBuilder()
	errs := make([]error, len(files))
	coe.EachFile(files, opts, display, func(i int, res coe.LoadResult) {
		if res.Err != nil {
			errs[i] = res.Err
			return
		}
		b.Add(KeyOf(files[i]), &res.Doc.COE)
	})
	return b.Build(), errs
}

// KeyOf is the key of the COE file at path: its name without ".yaml",
// the COE's id in a repository that passes coe lint.
func KeyOf(path string) string { return strings.TrimSuffix(filepath.Base(path), ".yaml") }
