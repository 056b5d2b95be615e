package evidence

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
)

// Kinds of Finding. The first two fail coe actions verify; the others
// are warnings.
const (
	// KindUnsupported is a done action that no commit names and whose
	// evidence list is empty.
	KindUnsupported = "unsupported"
	// KindDoneByCommit is an open or in-progress action that a commit's
	// trailer says is done.
	KindDoneByCommit = "done-by-commit"
	// KindUnknownRef is a trailer naming a COE or an action that does not
	// exist.
	KindUnknownRef = "unknown-ref"
	// KindBadTrailer is a COE-Action trailer whose value is not of the
	// form <coe-id>#CA-<n> [done].
	KindBadTrailer = "bad-trailer"
)

// Finding is one problem coe actions verify reports.
type Finding struct {
	Kind string
	// Path, Line and Col say where the action's status is (for the kinds
	// about an action), with COE, Action and Status.
	Path      string
	Line, Col int
	COE       string
	Action    string
	Status    string
	// Commits are the commits concerned: for done-by-commit those that
	// say done; for unknown-ref and bad-trailer the one with the trailer.
	Commits []Link
	// Trailer is the trailer's value, for unknown-ref and bad-trailer.
	Trailer string
	// Message says what is wrong and what to do, on one line. It quotes
	// the files and commits as they are: show it with coe.Printable.
	Message string
}

// Fails reports whether the finding fails the check (exit code 1):
// unsupported and done-by-commit.
func (f Finding) Fails() bool { return f.Kind == KindUnsupported || f.Kind == KindDoneByCommit }

// String is the finding as coe actions verify prints it: the action's
// file:line:col, or the commit (repository@short id), then the message
// and the kind in brackets.
func (f Finding) String() string {
	where := ""
	switch {
	case f.Path != "":
		where = fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Col)
	case len(f.Commits) > 0:
		where = f.Commits[0].Repo + "@" + f.Commits[0].Short
	}
	return fmt.Sprintf("%s: %s [%s]", where, f.Message, f.Kind)
}

// File is a COE file that read, with its path as shown in messages; its
// document must have been read with KeepNode for positions.
type File struct {
	Path string
	Doc  *coe.Document
}

// Verify checks the actions of files against the commits of x: done
// actions with no support (no commit names them, no evidence entry),
// open or in-progress actions a commit says are done, and trailers that
// name nothing (ids holds every COE id of the repository, those of files
// that did not read included, so that they are not taken for missing) or
// are not of the trailer's form. Dates in messages are in loc. Findings
// about actions come first, by file and line; then those about commits,
// in the order of x.Commits.
func Verify(files []File, ids map[string]bool, x *Index, loc *time.Location) []Finding {
	var out []Finding
	actions := map[string]bool{} // "<coe>#<action>" of every action in files
	read := map[string]bool{}    // COE ids of the files that read
	for _, f := range files {
		c := &f.Doc.COE
		read[c.ID] = true
		for i := range c.CorrectiveActions {
			a := &c.CorrectiveActions[i]
			actions[Ref{COE: c.ID, Action: a.ID}.Key()] = true
			links := x.Links(c.ID, a.ID)
			pos := f.Doc.Pos(fmt.Sprintf("corrective_actions[%d].status", i))
			fd := Finding{Path: f.Path, Line: pos.Line, Col: pos.Col, COE: c.ID, Action: a.ID, Status: statusOf(a)}
			switch {
			case a.Status == coe.ActionDone && len(links) == 0 && len(a.Evidence) == 0:
				fd.Kind = KindUnsupported
				fd.Message = fmt.Sprintf("corrective action %s is done, but no commit names it and it lists no evidence; "+
					"expected a commit with the trailer %s: %s#%s, or an evidence entry (a commit id or URL)", a.ID, TrailerKey, c.ID, a.ID)
			case a.Open():
				for _, l := range links {
					if l.Done {
						fd.Commits = append(fd.Commits, l)
					}
				}
				if len(fd.Commits) == 0 {
					continue
				}
				fd.Kind = KindDoneByCommit
				l := fd.Commits[len(fd.Commits)-1] // the first to say so
				fd.Message = fmt.Sprintf("corrective action %s is %s, but commit %s (%s, %s) says it is done; "+
					"coe actions verify --write marks it done", a.ID, fd.Status, l.Short, l.Repo, dateIn(l.Date, loc))
			default:
				continue
			}
			out = append(out, fd)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	for _, c := range x.Commits {
		what := fmt.Sprintf("commit %q", cutBytes(c.Subject, 60))
		for _, r := range c.Refs {
			if actions[r.Key()] {
				continue
			}
			fd := Finding{Kind: KindUnknownRef, COE: r.COE, Action: r.Action, Commits: []Link{{Commit: c, Done: r.Done}}, Trailer: r.Key()}
			switch {
			case read[r.COE]:
				fd.Message = fmt.Sprintf("%s names %s, but %s has no action %s", what, r.Key(), r.COE, r.Action)
			case ids[r.COE]:
				continue // the COE's file does not read: its actions are unknown
			default:
				fd.Message = fmt.Sprintf("%s names %s, but there is no COE %s", what, r.Key(), r.COE)
			}
			out = append(out, fd)
		}
		for _, b := range c.Bad {
			out = append(out, Finding{Kind: KindBadTrailer, Commits: []Link{{Commit: c}}, Trailer: b,
				Message: fmt.Sprintf("%s has the trailer %s: %s, which names no action; %s", what, TrailerKey, b, ErrRefForm)})
		}
	}
	return out
}

// statusOf is an action's status, open when it has none.
func statusOf(a *coe.CorrectiveAction) string {
	if a.Status == "" {
		return coe.ActionOpen
	}
	return a.Status
}

// dateIn is t's date in loc, YYYY-MM-DD, or "an unknown date".
func dateIn(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "an unknown date"
	}
	return coe.DateOf(t.In(loc)).String()
}

// MaxRecorded is the most commit ids Apply records in one action's
// evidence list: a few show the work; a repository naming an action in
// thousands of commits must not grow the file without end.
const MaxRecorded = 50

// Change is what Apply did to one action.
type Change struct {
	Action string
	// Added are the commit ids added to its evidence, oldest first.
	Added []string
	// Done says its status was set to done, DoneAt to the date of the
	// first commit that said so.
	Done   bool
	DoneAt coe.Date
}

// Apply records in c what the commits of x show, and returns what it
// changed, action by action:
//   - an open or in-progress action that a commit says is done becomes
//     done, with done_at the date (in loc) of the first commit that said
//     so, unless it has a done_at already;
//   - a done action gets the full ids of the commits that name it in its
//     evidence list, oldest first, but those already there (by any prefix
//     of at least 7 digits), at most MaxRecorded entries in all.
//
// Nothing moves backwards: a done or wont-do action keeps its status, and
// no entry is removed.
func Apply(c *coe.COE, x *Index, loc *time.Location) []Change {
	var out []Change
	for i := range c.CorrectiveActions {
		a := &c.CorrectiveActions[i]
		links := x.Links(c.ID, a.ID)
		if len(links) == 0 {
			continue
		}
		ch := Change{Action: a.ID}
		if a.Open() {
			var first *Link
			for j := range links {
				if l := &links[j]; l.Done && !l.Date.IsZero() && (first == nil || !l.Date.After(first.Date)) {
					first = l
				}
			}
			if first != nil {
				a.Status = coe.ActionDone
				if a.DoneAt.IsZero() {
					a.DoneAt = coe.DateOf(first.Date.In(loc))
				}
				ch.Done, ch.DoneAt = true, a.DoneAt
			}
		}
		if a.Status == coe.ActionDone {
			for j := len(links) - 1; j >= 0 && len(a.Evidence) < MaxRecorded; j-- {
				if id := links[j].ID; !recorded(a.Evidence, id) {
					a.Evidence = append(a.Evidence, id)
					ch.Added = append(ch.Added, id)
				}
			}
		}
		if ch.Done || len(ch.Added) > 0 {
			out = append(out, ch)
		}
	}
	return out
}

// recorded reports whether the evidence list holds the commit id, in full
// or abbreviated.
func recorded(evidence []string, id string) bool {
	for _, e := range evidence {
		if coe.IsCommitID(e) && (strings.HasPrefix(id, e) || strings.HasPrefix(e, id)) {
			return true
		}
	}
	return false
}

// Record applies what the commits of x show (see Apply) to the COE file
// at path, in place, under the repository lock: the file is read, changed
// and written while no other coe command changes it, and only the lines
// of what changed differ (coe.Update). It returns the COE's id and the
// changes; none leaves the file untouched.
func Record(r *coe.Repo, path string, x *Index) (string, []Change, error) {
	var id string
	var changes []Change
	_, err := r.Change(path, "coe actions verify --write", func(orig []byte) ([]byte, error) {
		doc, err := coe.Parse(r.Rel(path), orig, r.ReadOptions())
		if err != nil {
			return nil, err
		}
		id = doc.COE.ID
		if changes = Apply(&doc.COE, x, r.Config.Location()); len(changes) == 0 {
			return nil, nil
		}
		out, err := coe.Update(orig, &doc.COE)
		if err != nil {
			changes = nil
			return nil, fmt.Errorf("%s: %w; the file is untouched", r.Rel(path), err)
		}
		return out, nil
	})
	if err != nil {
		changes = nil
	}
	return id, changes, err
}
