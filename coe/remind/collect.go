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
		found[i] = f.pick(files[i], res)
	})
	var out []Action
	var bad []error
	for i := range files {
		if errs[i] != nil {
			bad = append(bad, errs[i])
		}
		out = append(out, found[i]...)
	}
	slices.SortStableFunc(out, func(a, b Action) int { return coe.ActionOrder(a.Due, a.COE, a.ID, b.Due, b.COE, b.ID) })
	return out, bad
}

// pick returns the actions of one COE that the filter keeps.
func (f *Filter) pick(file coe.SourceFile, res coe.LoadResult) []Action {
	c := &res.Doc.COE
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
			File: file.Source.ID(stem), Path: res.Path, Line: res.Doc.KeyPos(fmt.Sprintf("corrective_actions[%d]", i)).Line,
			ID: a.ID, Action: a.Action, Owner: a.Owner, Due: a.Due, Priority: a.Priority, Status: status,
			DoneAt: a.DoneAt, Tracker: a.Tracker, Evidence: append([]string{}, a.Evidence...)}
		if f.Overdue && act.Late(f.AsOf) == 0 || f.Within >= 0 && !DueWithin(&act, f.AsOf, f.Within) {
			continue
		}
		out = append(out, act)
	}
	return out
}
