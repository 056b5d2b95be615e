package search

import (
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
)

// docVersion changes with the encoding of a Doc; kindVersion with what
// Terms counts (the fields, the tokenizer, MaxFieldTerms) too.
const kindVersion = docVersion*100 + 1

// Kind is the warm index's table of each COE's Doc (package cache).
var Kind = cache.Kind{Name: "search", Version: kindVersion, Make: func(doc *coe.Document) []byte {
	d := Terms(KeyOf(doc.Path), &doc.COE)
	return AppendDoc(nil, &d)
}}

// ScanCached hands fn the Doc of each of files that reads, with i its
// index in files, from the warm index st (its Kind table): the Doc of each
// file that has not changed since the last run comes from the table, the
// others are read (through opts.FS) and parsed. It returns the error of
// each file that does not read, by file (nil for one that reads). The Docs
// are those Read gives. fn is called from several goroutines at once. A
// Doc (handed by value: it stays on the stack unless fn keeps it) has
// strings that may be the table's bytes, which are never written again,
// so fn may keep them (or, as a Scorer does, copy what it keeps, and let
// the rest go).
func ScanCached(st *cache.Store, files []string, opts coe.ReadOptions, display func(string) string, fn func(i int, d Doc)) []error {
	if display == nil {
		display = func(p string) string { return p }
	}
	errs := make([]error, len(files))
	st.Scan(files, Kind, display, func(i int, r cache.Result) {
		if r.Err != nil {
			errs[i] = r.Err
			return
		}
		d, err := DecodeDocShared(r.Payload) // an entry of the table, never written again
		if err != nil {
			// Not what this version wrote, though its checksum held: read
			// the file itself.
			res := coe.LoadFile(files[i], display(files[i]), opts)
			if res.Err != nil {
				errs[i] = res.Err
				return
			}
			d = Terms(KeyOf(files[i]), &res.Doc.COE)
		}
		// The key is the file's name, whatever the entry says.
		if key := KeyOf(files[i]); d.Key != key {
			if d.Title == d.Key {
				d.Title = key
			}
			d.Key = key
		}
		fn(i, d)
	})
	return errs
}
