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

// ReadCached is Read from the warm index st (its Kind table): the Doc of
// each file that has not changed since the last run comes from the table,
// the others are read (through opts.FS) and parsed. The Docs and errors
// are those Read gives.
func ReadCached(st *cache.Store, files []string, opts coe.ReadOptions, display func(string) string) ([]Doc, []error) {
	if display == nil {
		display = func(p string) string { return p }
	}
	docs := make([]Doc, len(files))
	ok := make([]bool, len(files))
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
		docs[i], ok[i] = d, true
	})
	out := docs[:0]
	for i := range docs {
		if ok[i] {
			out = append(out, docs[i])
		}
	}
	return out, errs
}
