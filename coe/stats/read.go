package stats

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/coe-cli/coe/coe"
)

// Read reads files of set as `coe stats` does: an Entry a COE that reads,
// its id and related ids as set shows them (NAME/ID for a source's), and
// the error of each file that does not, in the order of files.
func Read(set *coe.Set, files []coe.SourceFile) (entries []Entry, errs []error) {
	all := make([]Entry, len(files))
	failed := make([]error, len(files))
	in := new(interner)
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
	in := new(interner)
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
func entryIn(file coe.SourceFile, c *coe.COE, in *interner) Entry {
	e := EntryOf(c)
	src := file.Source
	e.ID, e.Related = strings.Clone(src.ID(e.ID)), src.IDs(e.Related)
	in.mu.Lock()
	defer in.mu.Unlock()
	e.Status, e.Severity = in.get(e.Status), in.get(e.Severity)
	e.Services, e.Tags, e.Factors = in.all(e.Services), in.all(e.Tags), in.all(e.Factors)
	if e.Related != nil {
		related := make([]string, len(e.Related))
		for i, r := range e.Related {
			related[i] = strings.Clone(r)
		}
		e.Related = related
	}
	for i := range e.Actions {
		a := &e.Actions[i]
		a.Owner, a.Priority, a.Status = in.get(a.Owner), in.get(a.Priority), in.get(a.Status)
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

// interner hands out one copy of each short string that recurs from COE
// to COE, shared by the goroutines of one read (under mu).
type interner struct {
	mu   sync.Mutex
	seen map[string]string
}

// maxInterned caps what an interner holds: past it, strings are copied.
const maxInterned = 1 << 15

// get returns a copy of s, the same for every s alike while few.
func (in *interner) get(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > 64 {
		return strings.Clone(s)
	}
	if v, ok := in.seen[s]; ok {
		return v
	}
	v := strings.Clone(s)
	if in.seen == nil {
		in.seen = map[string]string{}
	}
	if len(in.seen) < maxInterned {
		in.seen[v] = v
	}
	return v
}

// all is a copy of ss (nil for nil) with each string from get.
func (in *interner) all(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = in.get(s)
	}
	return out
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
