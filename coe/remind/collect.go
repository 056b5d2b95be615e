package remind

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// Filter says which actions Collect keeps.
type Filter struct {
	// Statuses are the action statuses kept; an action without one is
	// open. Empty keeps open and in-progress actions.
	Statuses []string
	// Owners, when not empty, keeps the actions of any of them, compared
	// without regard to case.
	Owners []string
	// Overdue keeps only the open actions past their due date as of AsOf.
	Overdue bool
	AsOf    coe.Date
	// Within, when not negative, keeps only the open actions due within
	// that many days of AsOf, overdue ones included (see DueWithin).
	Within int
}

// Collect reads the COE files of a set of repositories (coe.Set.EachFile:
// each with its source's config) and returns the corrective actions f
// keeps, in coe.ActionOrder, and the errors of the files that did not
// read, in file order. A source's action shows its COE as the set shows
// its ids (payments/2025-03-11-...), and its page as <name>/<file>.
func Collect(set *coe.Set, files []coe.SourceFile, f Filter) ([]Action, []error) {
	if len(f.Statuses) == 0 {
		f.Statuses = []string{coe.ActionOpen, coe.ActionInProgress}
	}
	found := make([][]Action, len(files))
	errs := make([]error, len(files))
	set.EachFile(files, true, func(i int, res coe.LoadResult) {
		if res.Err != nil {
			errs[i] = res.Err
			return
		}
		doc := res.Doc
		found[i] = f.pick(files[i], res.Path, &doc.COE, func(j int) int {
			return doc.KeyPos(fmt.Sprintf("corrective_actions[%d]", j)).Line
		})
	})
	return f.gather(found, errs)
}

// Summaries hands fn the summary of each of files (an index in files, the
// file's name in messages) or the error of a file that does not read, from
// several goroutines at once: cache.Store.SetSummaries does.
type Summaries func(fn func(i int, path string, sum *coe.Summary, err error))

// CollectSummaries is Collect from the COEs' summaries (each action's
// line from Summary.ActionPos), as the warm index hands them: the same
// actions and errors, without parsing the files that did not change.
func CollectSummaries(files []coe.SourceFile, each Summaries, f Filter) ([]Action, []error) {
	if len(f.Statuses) == 0 {
		f.Statuses = []string{coe.ActionOpen, coe.ActionInProgress}
	}
	found := make([][]Action, len(files))
	errs := make([]error, len(files))
	each(func(i int, path string, sum *coe.Summary, err error) {
		if err != nil {
			errs[i] = err
			return
		}
		found[i] = f.pick(files[i], path, &sum.COE, func(j int) int {
			if j < len(sum.ActionPos) {
				return sum.ActionPos[j].Line
			}
			return 1
		})
	})
	return f.gather(found, errs)
}

// gather joins the actions found in each file, sorted, and the errors in
// file order.
func (f *Filter) gather(found [][]Action, errs []error) ([]Action, []error) {
	var out []Action
	var bad []error
	for i := range found {
		if errs[i] != nil {
			bad = append(bad, errs[i])
		}
		out = append(out, found[i]...)
	}
	slices.SortStableFunc(out, func(a, b Action) int { return coe.ActionOrder(a.Due, a.COE, a.ID, b.Due, b.COE, b.ID) })
	return out, bad
}

// pick returns the actions of one COE that the filter keeps.
// path is the file as named in messages, line the line of c's action i.
func (f *Filter) pick(file coe.SourceFile, path string, c *coe.COE, line func(i int) int) []Action {
	stem := filepath.Base(file.Path)
	stem = strings.TrimSuffix(stem, filepath.Ext(stem))
	var out []Action
	for i := range c.CorrectiveActions {
		a := &c.CorrectiveActions[i]
		status := a.Status
		if status == "" {
			status = coe.ActionOpen
		}
		if !slices.Contains(f.Statuses, status) {
			continue
		}
		if len(f.Owners) > 0 && !slices.ContainsFunc(f.Owners, func(w string) bool { return strings.EqualFold(w, a.Owner) }) {
			continue
		}
		act := Action{Source: file.Source.Name, COE: file.Source.ID(c.ID), COETitle: c.Title, COEStatus: c.Status,
			File: file.Source.ID(stem), Path: path, Line: line(i),
			ID: a.ID, Action: a.Action, Owner: a.Owner, Due: a.Due, Priority: a.Priority, Status: status,
			DoneAt: a.DoneAt, Tracker: a.Tracker, Evidence: append([]string{}, a.Evidence...)}
		if f.Overdue && act.Late(f.AsOf) == 0 || f.Within >= 0 && !DueWithin(&act, f.AsOf, f.Within) {
			continue
		}
		out = append(out, act)
	}
	return out
}
