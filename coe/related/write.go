package related

import (
	"fmt"
	"slices"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
)

// Written is what Write did to a COE's related: list.
type Written struct {
	// ID is the COE's id; Added the ids added, in the order given (those
	// listed already left out); Related the list as it is now.
	ID      string
	Added   []string
	Related []string
}

// Write adds ids to the related: list of the COE file at path, in place,
// under the repository lock (coe.Repo.Change): the file is read, the ids
// not yet listed are appended, and it is written edited in place
// (coe.Update), so that git diff shows only the related: line and
// comments stay. Ids listed already change nothing; an id equal to the
// COE's own is refused. A file that does not read is left untouched (a
// *check.NotReviewed with the reader's problems). The other COEs are not
// changed: the link is one way.
func Write(r *coe.Repo, path string, ids []string, today coe.Date) (Written, error) {
	var w Written
	step := func(c *coe.COE) (coe.Review, error) {
		w.ID = c.ID
		for _, id := range ids {
			if id == c.ID || id == KeyOf(path) {
				return coe.Review{}, fmt.Errorf("%s cannot be related to itself", id)
			}
			if !slices.Contains(c.Related, id) && !slices.Contains(w.Added, id) {
				w.Added = append(w.Added, id)
			}
		}
		c.Related = append(slices.Clone(c.Related), w.Added...)
		w.Related = c.Related
		if len(w.Added) == 0 {
			return coe.Review{Unchanged: "related: lists them already"}, nil
		}
		return coe.Review{}, nil
	}
	_, err := r.Change(path, "coe related "+KeyOf(path)+" --write", func(orig []byte) ([]byte, error) {
		w.Added = nil
		rv, err := check.Review(r, path, orig, false, step, today)
		return rv.Out, err
	})
	if err != nil {
		w.Added = nil
	}
	return w, err
}
