package render

import (
	"fmt"
	"sync/atomic"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/related"
)

// SimilarCOE is a COE a page lists as like the one it shows ("Similar
// COEs"): its id linked to its page, its title, its score (0 to 1, two
// decimals) and why (see related.Suggestion.Reasons), all as printable
// text.
type SimilarCOE struct {
	Link
	Title   string
	Score   string
	Reasons []string
}

// eachWithSimilar reads o.Files as eachFile does and calls fn for each,
// as many at once as there are CPUs, with the COEs most like it for its
// page's "Similar COEs" (coe/related's near search, related.SiteOptions)
// and its review notes (o.ReviewNotes, taken as it was read). Every page
// needs the index of all the COEs, so the files are read first, each
// indexed and kept (without its YAML nodes), and fn is called after;
// pages are the pages' names in coes/ (without .html), which the index
// knows the COEs by.
func (o *SiteOptions) eachWithSimilar(pages []string, fn func(i int, lr coe.LoadResult, similar []SimilarCOE, notes []ReviewNote)) {
	type kept struct {
		lr    coe.LoadResult
		notes []ReviewNote
	}
	all := make([]kept, len(o.Files))
	b := related.NewBuilder()
	var read atomic.Int64
	o.eachFile(func(i int, lr coe.LoadResult) {
		if o.ReadProgress != nil {
			defer func() { o.ReadProgress(int(read.Add(1)), len(o.Files)) }()
		}
		if lr.Err == nil {
			if o.ReviewNotes != nil {
				all[i].notes = o.ReviewNotes(lr.Doc)
			}
			c := lr.Doc.COE
			if s := o.source(i); s != own {
				c.Related = s.IDs(c.Related) // as the index knows them
			}
			b.Add(pages[i], &c)
			lr.Doc.Root = nil
		}
		all[i].lr = lr
	})
	ix := b.Build()
	sugs := ix.All(related.SiteOptions())
	at := make(map[string]int, len(pages))
	for i, p := range pages {
		at[p] = i
	}
	similar := make([][]SimilarCOE, len(o.Files))
	for k, key := range ix.Keys() {
		i, ok := at[key]
		if !ok {
			continue
		}
		for _, s := range sugs[k] {
			if s.AlreadyRelated {
				continue // listed under Related COEs
			}
			sc := SimilarCOE{
				Link:  Link{Text: coe.Printable(s.ID, false), Href: o.pageRoot(i) + "coes/" + pagePath(s.ID) + ".html"},
				Title: coe.Printable(s.Title, false), Score: fmt.Sprintf("%.2f", s.Score),
			}
			for _, r := range s.Reasons() {
				sc.Reasons = append(sc.Reasons, coe.Printable(r, false))
			}
			similar[i] = append(similar[i], sc)
		}
	}
	coe.Parallel(len(all), func(i int) {
		fn(i, all[i].lr, similar[i], all[i].notes)
		all[i] = kept{}
	})
}
