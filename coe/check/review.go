package check

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// Reviewed is what a step of the review workflow made of a COE file.
type Reviewed struct {
	// COE is the COE as it is after the step.
	COE coe.COE
	coe.Review
	// Out is the file's new content, edited in place; nil when nothing
	// changes (Review.Unchanged says why).
	Out []byte
}

// NotReviewed is a file the step leaves untouched because it does not
// read, or (approving) because it does not meet what approved demands:
// Problems are what to show, one a line, under Header when it is set.
type NotReviewed struct {
	Msg      string
	Header   string
	Problems []string
}

func (e *NotReviewed) Error() string { return e.Msg }

// Review applies a step of the review workflow (coe.Approve or coe.Revoke,
// as step) to the COE file at path, which holds orig, and returns the new
// content, edited in place. An approval needs a COE that passes every rule
// approved demands, checked as the file will be (File); a revocation does
// not (problems are a reason to revoke). The errors of step come back as
// they are (*coe.ReviewError, *coe.ApprovedBeforeStartError).
func Review(r *coe.Repo, path string, orig []byte, approving bool, step func(*coe.COE) (coe.Review, error), asOf coe.Date) (Reviewed, error) {
	var res Reviewed
	id := strings.TrimSuffix(filepath.Base(path), ".yaml")
	doc, err := coe.Parse(r.Rel(path), orig, r.ReadOptions())
	if err != nil {
		return res, &NotReviewed{Msg: fmt.Sprintf("%s does not read; fix it first (coe edit %s --editor)", r.Rel(path), id), Problems: []string{err.Error()}}
	}
	res.COE = doc.COE
	if res.Review, err = step(&res.COE); err != nil || res.Unchanged != "" {
		return res, err
	}
	if res.Out, err = coe.Update(orig, &res.COE); err != nil {
		return res, fmt.Errorf("%s: %w; the file is untouched", r.Rel(path), err)
	}
	if !approving {
		return res, nil
	}
	var problems []string
	for _, f := range Errors(File(r, path, res.Out, asOf)) {
		problems = append(problems, f.String())
	}
	if len(problems) > 0 {
		res.Out = nil
		return res, &NotReviewed{
			Msg:      fmt.Sprintf("%s is untouched; fix these with coe edit %s, then approve again", r.Rel(path), res.COE.ID),
			Header:   fmt.Sprintf("%s cannot be approved yet; %s:", res.COE.ID, countErrors(len(problems))),
			Problems: problems,
		}
	}
	return res, nil
}

func countErrors(n int) string {
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}
