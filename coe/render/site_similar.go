package render

import (
	"fmt"

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

// similarOf returns the COEs most like the i-th file's, whose page is
// key in coes/ (without .html), for its page's "Similar COEs": coe/related's
// near search in ix (related.SiteOptions), asked for one COE at a time as
// its page is written, so that no COE's suggestions are kept longer than
// its page takes. scored is what the search scored (for the keys of an
// incremental build: related.Index.Stale).
func (o *SiteOptions) similarOf(ix *related.Index, i int, key string) (similar []SimilarCOE, scored related.Scored) {
	sugs, scored, err := ix.SimilarDeps(key, related.SiteOptions())
	if err != nil {
		return nil, scored // not in the index: the COE did not read
	}
	for _, s := range sugs {
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
		similar = append(similar, sc)
	}
	return similar, scored
}
