package stats

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// Read reads files of set as `coe stats` does: an Entry a COE that reads,
// its id and related ids as set shows them (NAME/ID for a source's), and
// the error of each file that does not, in the order of files.
func Read(set *coe.Set, files []coe.SourceFile) (entries []Entry, errs []error) {
	all := make([]Entry, len(files))
	failed := make([]error, len(files))
	in := new(coe.Interner)
	set.EachFile(files, false, func(i int, res coe.LoadResult) {
		if res.Err != nil {
			failed[i] = res.Err
			return
		}
		all[i] = entryIn(files[i], &res.Doc.COE, in)
	})
	return gather(all, failed)
}

// ReadSummaries is Read from the COEs' summaries, as the warm index
// (cache.Store.SetSummaries) hands them to fn, from several goroutines at
// once: the same entries and errors, without parsing the files that did
// not change. The summaries' strings may share the memory of the index
// (cache.Store.SummariesShared): what an Entry keeps is copied.
func ReadSummaries(files []coe.SourceFile, each func(fn func(i int, path string, sum *coe.Summary, err error))) (entries []Entry, errs []error) {
	all := make([]Entry, len(files))
	failed := make([]error, len(files))
	in := new(coe.Interner)
	each(func(i int, _ string, sum *coe.Summary, err error) {
		if err != nil {
			failed[i] = err
			return
		}
		all[i] = entryIn(files[i], &sum.COE, in)
	})
	return gather(all, failed)
}

// entryIn is the Entry of c, read from file: its ids as its source's.
// Its strings are copies, the short ones that recur (statuses, services,
// owners, ...) one copy for all entries (in), so that an Entry holds
// nothing else of c.
func entryIn(file coe.SourceFile, c *coe.COE, in *coe.Interner) Entry {
	e := EntryOf(c)
	src := file.Source
	e.ID, e.Related = strings.Clone(src.ID(e.ID)), src.IDs(e.Related)
	in.Lock()
	defer in.Unlock()
	e.Status, e.Severity = in.Get(e.Status), in.Get(e.Severity)
	e.Services, e.Tags, e.Factors = in.All(e.Services), in.All(e.Tags), in.All(e.Factors)
	if e.Related != nil {
		related := make([]string, len(e.Related))
		for i, r := range e.Related {
			related[i] = strings.Clone(r)
		}
		e.Related = related
	}
	for i := range e.Actions {
		a := &e.Actions[i]
		a.Owner, a.Priority, a.Status = in.Get(a.Owner), in.Get(a.Priority), in.Get(a.Status)
	}
	return e
}

// gather keeps the entries of the files that read and the errors of the
// others, in file order; the entries in all's own array, not a copy.
func gather(all []Entry, failed []error) (entries []Entry, errs []error) {
	entries = all[:0]
	for i := range all {
		if failed[i] != nil {
			errs = append(errs, failed[i])
		} else {
			entries = append(entries, all[i])
		}
	}
	clear(all[len(entries):])
	if len(entries) == 0 {
		entries = nil
	}
	return entries, errs
}

// Factors are the names of the factors taxonomies of every source of set,
// in order, or nil when one has none: any factor is then accepted there.
func Factors(set *coe.Set) []string {
	var out []string
	for _, src := range set.Sources {
		names := src.Repo.Config.FactorNames()
		if names == nil {
			return nil
		}
		for _, n := range names {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// CheckFactors refuses a factor of given that is not in the taxonomy,
// when there is one: as a filter it would match nothing.
func CheckFactors(given, taxonomy []string) error {
	if len(taxonomy) == 0 {
		return nil
	}
	for _, f := range given {
		if slices.Contains(taxonomy, f) {
			continue
		}
		if near := coe.Nearest(f, taxonomy, 1); len(near) > 0 {
			return fmt.Errorf("--factor %q is not in the factors of %s; did you mean %q?", f, coe.ConfigName, near[0])
		}
		if len(taxonomy) > 10 {
			return fmt.Errorf("--factor %q is not in the %d factors of %s", f, len(taxonomy), coe.ConfigName)
		}
		return fmt.Errorf("--factor %q is not in the factors of %s; expected one of %s", f, coe.ConfigName, strings.Join(taxonomy, ", "))
	}
	return nil
}
