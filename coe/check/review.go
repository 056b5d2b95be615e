package check

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

// Reviewed is what a step of the lifecycle made of a COE file.
type Reviewed struct {
	// COE is the COE as it is after the step.
	COE coe.COE
	coe.Review
	// Out is the file's new content, edited in place; nil when nothing
	// changes (Review.Unchanged says why).
	Out []byte
}

// NotReviewed is a file the step leaves untouched because it does not
// read, or (moving it forward) because it does not meet what the status
// it moves to demands: Problems are what to show, one a line, under Header
// when it is set.
type NotReviewed struct {
	Msg      string
	Header   string
	Problems []string
}

func (e *NotReviewed) Error() string { return e.Msg }

// moves are what a COE must pass to reach each status forward, as the
// messages say it: the participle ("cannot be approved yet") and the
// command to run again.
var moves = map[string]struct{ done, verb string }{
	coe.StatusReview:   {"submitted", "submit"},
	coe.StatusApproved: {"approved", "approve"},
	coe.StatusClosed:   {"closed", "close"},
}

// Review applies a step of the lifecycle (coe.Submit, coe.Approve,
// coe.Close, coe.Reopen, coe.Revoke, as step) to the COE file at path,
// which holds orig, and returns the new content, edited in place. With
// gate, a step that moves the COE forward (draft to review, review to
// approved, approved to closed) needs a file that passes every rule of the
// status it moves to, checked as the file will be written (File), with
// asOf as today; the problems are shown at their lines in orig, the file
// as it stays. A step back (reopen, revoke) is not held to them, since
// problems may be why it is taken, nor any step without gate (an edit of
// one field). Whatever the step, the new content must read. The errors of
// step come back as they are (*coe.ReviewError, *coe.TooEarlyError, ...).
func Review(r *coe.Repo, path string, orig []byte, gate bool, step func(*coe.COE) (coe.Review, error), asOf coe.Date) (Reviewed, error) {
	var res Reviewed
	id := strings.TrimSuffix(filepath.Base(path), ".yaml")
	doc, err := coe.Parse(r.Rel(path), orig, r.ReadOptions())
	if err != nil {
		return res, &NotReviewed{Msg: fmt.Sprintf("%s does not read; fix it first (coe edit %s --editor)", r.Rel(path), id), Problems: []string{err.Error()}}
	}
	res.COE = doc.COE
	from := doc.COE.Status
	if res.Review, err = step(&res.COE); err != nil || res.Unchanged != "" {
		return res, err
	}
	if res.Out, err = coe.Update(orig, &res.COE); err != nil {
		return res, fmt.Errorf("%s: %w; the file is untouched", r.Rel(path), err)
	}
	to := res.COE.Status
	if !gate || stage(to) <= stage(from) {
		// The file as written must still read: a value the reader refuses
		// (an over-long text) is not written.
		if _, err := coe.Parse(r.Rel(path), res.Out, r.ReadOptions()); err != nil {
			res.Out = nil
			return res, &NotReviewed{Msg: fmt.Sprintf("%s is untouched: the change would not read back", r.Rel(path)), Problems: []string{err.Error()}}
		}
		return res, nil
	}
	var problems []string
	// Found in the file as it would be written, shown where they are in
	// the file as it stands: the step writes nothing.
	lineIn := coe.LineMap(orig, res.Out)
	how := "coe edit " + res.COE.ID + ","
	for _, f := range Errors(File(r, path, res.Out, asOf)) {
		if lineIn != nil {
			f.Line = lineIn(f.Line)
		}
		if f.Rule == lint.RuleActionClosed {
			how = fmt.Sprintf("coe actions set %s CA-n --status done (or wont-do --note WHY), or coe edit %s,", res.COE.ID, res.COE.ID)
		}
		problems = append(problems, f.String())
	}
	if len(problems) > 0 {
		res.Out = nil
		m := moves[to]
		return res, &NotReviewed{
			Msg:      fmt.Sprintf("%s is untouched; fix these with %s then %s again", r.Rel(path), how, m.verb),
			Header:   fmt.Sprintf("%s cannot be %s yet; %s:", res.COE.ID, m.done, countErrors(len(problems))),
			Problems: problems,
		}
	}
	return res, nil
}

// stage is the place of status in the workflow: draft 0, review 1, ...
func stage(status string) int { return slices.Index(coe.Statuses(), status) }

func countErrors(n int) string {
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}
