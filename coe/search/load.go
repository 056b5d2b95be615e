package search

import (
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// Read reads the COE files (through opts.FS, as coe.EachFile does,
// several at once) and returns the Doc of each, keyed by its file name's
// stem, in file order: those that read, and the errors of those that did
// not, by file (nil for a file that read).
func Read(files []string, opts coe.ReadOptions, display func(string) string) ([]Doc, []error) {
	docs := make([]Doc, len(files))
	ok := make([]bool, len(files))
	errs := make([]error, len(files))
	coe.EachFile(files, opts, display, func(i int, res coe.LoadResult) {
		if res.Err != nil {
			errs[i] = res.Err
			return
		}
		docs[i], ok[i] = Terms(KeyOf(files[i]), &res.Doc.COE), true
	})
	out := docs[:0]
	for i := range docs {
		if ok[i] {
			out = append(out, docs[i])
		}
	}
	return out, errs
}

// KeyOf is the key of the COE file at path: its name without ".yaml".
func KeyOf(path string) string { return strings.TrimSuffix(filepath.Base(path), ".yaml") }
