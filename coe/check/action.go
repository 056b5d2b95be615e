package check

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// ActionSet is what SetAction did to a COE file.
type ActionSet struct {
	coe.ActionSet
	// Action is the corrective action after the edit, as JSON with the
	// format's field names.
	Action []byte
	// Written says the file changed.
	Written bool
}

// SetAction applies e to the corrective action ref names (CA-2, ca-2 or
// 2) of the COE file at path, under the repository lock: it reads the
// file, applies coe.SetAction with the repository's config and today's
// date, and writes the file edited in place (coe.Update), so that only
// the lines of the changed fields differ. Two edits at once take turns,
// and the second reads what the first wrote.
//
// A file that does not read is left untouched (a *NotReviewed with the
// reader's problems); a value or change refused is a
// *coe.ActionEditError. Setting what is there already writes nothing.
func SetAction(r *coe.Repo, path, ref string, e coe.ActionEdit, today coe.Date) (ActionSet, error) {
	var res ActionSet
	step := func(c *coe.COE) (coe.Review, error) {
		var err error
		res.ActionSet, err = coe.SetAction(c, ref, e, r.Config, today)
		if err == nil && len(res.Changed) == 0 {
			return coe.Review{Unchanged: "nothing changed"}, nil
		}
		return coe.Review{}, err
	}
	what := "coe actions set " + strings.TrimSuffix(filepath.Base(path), ".yaml") + " " + ref
	_, err := r.Change(path, what, func(orig []byte) ([]byte, error) {
		// Review is the read-step-write of any edit: the file must
		// read, and it is edited in place; an action's fields do not
		// move the COE's status, so nothing more is checked.
		rv, err := Review(r, path, orig, false, step, today)
		res.Written = rv.Out != nil && !bytes.Equal(rv.Out, orig)
		return rv.Out, err
	})
	if err != nil {
		res.Written = false
		return res, err
	}
	res.Action, err = coe.ActionJSON(&res.After)
	return res, err
}
