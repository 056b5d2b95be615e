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
	refs, errs := CollectRefs(set, files, f)
	return deref(refs), errs
}

// CollectRefs is Collect, each action held by pointer: the actions stay
// where each file's were made, and are not copied into one array, which
// would hold them twice for a moment (at 100,000 COEs, 60 MB more).
func CollectRefs(set *coe.Set, files []coe.SourceFile, f Filter) ([]*Action, []error) {
	if len(f.Statuses) == 0 {
		f.Statuses = []string{coe.ActionOpen, coe.ActionInProgress}
	}
	found := make([][]Action, len(files))
	errs := make([]error, len(files))
	in := new(coe.Interner)
	set.EachFile(files, true, func(i int, res coe.LoadResult) {
		if res.Err != nil {
			errs[i] = res.Err
			return
		}
		doc := res.Doc
		found[i] = f.pick(files[i], res.Path, &doc.COE, func(j int) int {
			return doc.KeyPos(fmt.Sprintf("corrective_actions[%d]", j)).Line
		}, in)
	})
	return f.gather(found, errs)
}

// Summaries hands fn the summary of each of files (an index in files, the
// file's name in messages) or the error of a file that does not read, from
// several goroutines at once: cache.Store.SetSummaries does.
type Summaries func(fn func(i int, path string, sum *coe.Summary, err error))

// CollectSummaries is Collect from the COEs' summaries (each action's
// line from Summary.ActionPos), as the warm index hands them: the same
// actions and errors, without parsing the files that did not change. The
// summaries' strings may share the memory of the index
// (cache.Store.SummariesShared): what an action keeps is copied.
func CollectSummaries(files []coe.SourceFile, each Summaries, f Filter) ([]Action, []error) {
	refs, errs := CollectSummariesRefs(files, each, f)
	return deref(refs), errs
}

// CollectSummariesRefs is CollectSummaries, each action held by pointer
// (see CollectRefs).
func CollectSummariesRefs(files []coe.SourceFile, each Summaries, f Filter) ([]*Action, []error) {
	if len(f.Statuses) == 0 {
		f.Statuses = []string{coe.ActionOpen, coe.ActionInProgress}
	}
	found := make([][]Action, len(files))
	errs := make([]error, len(files))
	in := new(coe.Interner)
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
		}, in)
	})
	return f.gather(found, errs)
}

// gather sorts the actions found in each file (by pointer) and returns
// the errors in file order.
func (f *Filter) gather(found [][]Action, errs []error) ([]*Action, []error) {
	var bad []error
	n := 0
	for i := range found {
		if errs[i] != nil {
			bad = append(bad, errs[i])
		}
		n += len(found[i])
	}
	var order []*Action
	if n > 0 {
		order = make([]*Action, 0, n)
	}
	for i := range found {
		for j := range found[i] {
			order = append(order, &found[i][j])
		}
	}
	slices.SortStableFunc(order, func(a, b *Action) int { return coe.ActionOrder(a.Due, a.COE, a.ID, b.Due, b.COE, b.ID) })
	return order, bad
}

// deref copies the actions refs point to, in order.
func deref(refs []*Action) []Action {
	var out []Action
	for _, a := range refs {
		out = append(out, *a)
	}
	return out
}

// pick returns the actions of one COE that the filter keeps.
// path is the file as named in messages, line the line of c's action i.
// c's strings may share the memory of a whole cache entry (see
// cache.DecodeSummaryShared): what an action keeps is copied, or taken
// from in, so that nothing else of c is held.
func (f *Filter) pick(file coe.SourceFile, path string, c *coe.COE, line func(i int) int, in *coe.Interner) []Action {
	keep := func(a *coe.CorrectiveAction) (string, bool) {
		status := a.Status
		if status == "" {
			status = coe.ActionOpen
		}
		if !slices.Contains(f.Statuses, status) {
			return "", false
		}
		if len(f.Owners) > 0 && !slices.ContainsFunc(f.Owners, func(w string) bool { return strings.EqualFold(w, a.Owner) }) {
			return "", false
		}
		if f.Overdue || f.Within >= 0 {
			act := Action{Due: a.Due, Status: status}
			if f.Overdue && act.Late(f.AsOf) == 0 || f.Within >= 0 && !DueWithin(&act, f.AsOf, f.Within) {
				return "", false
			}
		}
		return status, true
	}
	n := 0
	for i := range c.CorrectiveActions {
		if _, ok := keep(&c.CorrectiveActions[i]); ok {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	stem := filepath.Base(file.Path)
	stem = strings.TrimSuffix(stem, filepath.Ext(stem))
	out := make([]Action, 0, n)
	in.Lock()
	defer in.Unlock()
	id, title, coeStatus := strings.Clone(file.Source.ID(c.ID)), strings.Clone(c.Title), in.Get(c.Status)
	for i := range c.CorrectiveActions {
		a := &c.CorrectiveActions[i]
		status, ok := keep(a)
		if !ok {
			continue
		}
		act := Action{Source: file.Source.Name, COE: id, COETitle: title, COEStatus: coeStatus,
			File: file.Source.ID(stem), Path: path, Line: line(i),
			ID: in.Get(a.ID), Action: strings.Clone(a.Action), Owner: in.Get(a.Owner), Due: a.Due, Priority: in.Get(a.Priority), Status: in.Get(status),
			DoneAt: a.DoneAt, Tracker: in.Get(a.Tracker), Evidence: make([]string, len(a.Evidence))}
		for j, e := range a.Evidence {
			act.Evidence[j] = strings.Clone(e)
		}
		out = append(out, act)
	}
	return out
}
