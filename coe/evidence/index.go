package evidence

import (
	"errors"
	"sort"
	"time"

	"github.com/coe-cli/coe/coe"
)

// Link is a commit that names an action.
type Link struct {
	*Commit
	// Done says the commit's trailer for this action ends in "done".
	Done bool
}

// Index is what the logs of a set of repositories found: the commits
// with COE-Action trailers, and for each action the commits that name it.
type Index struct {
	// Commits are every commit found, repository by repository in the
	// order given, newest first in each; a commit found in two
	// repositories (a fork, a clone given twice) counts once, in the first.
	Commits []*Commit
	// Notes say what was not read and why, for stderr: the COE
	// repository outside git.
	Notes []string
	// Read names the repositories whose history was read (Repo.Name).
	Read []string

	byRef map[string][]Link
	coes  map[string]bool
}

// Collect reads the history of each repository (see Log), at most one per
// CPU at a time, and indexes the commits by the actions they name. The
// first error, in the order of repos, is returned; the COE repository
// outside git is a note, not an error.
func Collect(repos []Repo) (*Index, error) {
	found := make([][]*Commit, len(repos))
	errs := make([]error, len(repos))
	coe.Parallel(len(repos), func(i int) {
		errs[i] = Log(repos[i], func(c *Commit) error {
			found[i] = append(found[i], c)
			return nil
		})
	})
	var notes, read []string
	for i, err := range errs {
		switch {
		case errors.Is(err, ErrNotGit) && !repos[i].Top:
			notes = append(notes, "the COE repository is in no git repository; only the commits of code_repos and --repo are read")
		case err != nil:
			return nil, err
		default:
			read = append(read, repos[i].Name)
		}
	}
	x := newIndex(found)
	x.Notes, x.Read = notes, read
	return x, nil
}

// newIndex indexes the commits found in each repository, in order.
func newIndex(found [][]*Commit) *Index {
	x := &Index{byRef: map[string][]Link{}, coes: map[string]bool{}}
	seen := map[string]bool{}
	for _, cs := range found {
		for _, c := range cs {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			x.Commits = append(x.Commits, c)
			for _, r := range c.Refs {
				x.byRef[r.Key()] = append(x.byRef[r.Key()], Link{Commit: c, Done: r.Done})
				x.coes[r.COE] = true
			}
		}
	}
	for _, links := range x.byRef {
		// Newest first across repositories; the order found breaks ties.
		sort.SliceStable(links, func(i, j int) bool { return links[i].Date.After(links[j].Date) })
	}
	return x
}

// Mentions reports whether a commit names an action of the COE.
func (x *Index) Mentions(coeID string) bool { return x.coes[coeID] }

// Links are the commits that name the action of the COE, newest first.
// The slice is the index's own: do not change it.
func (x *Index) Links(coeID, actionID string) []Link {
	return x.byRef[Ref{COE: coeID, Action: actionID}.Key()]
}

// JSONLink is a commit as --json shows it under an action.
type JSONLink struct {
	Commit  string `json:"commit"`
	Short   string `json:"short"`
	Date    string `json:"date"`
	Subject string `json:"subject"`
	Repo    string `json:"repo"`
	Done    bool   `json:"done"`
}

// JSON is l for --json: the committer date in RFC 3339 ("" when git gave
// none), the subject terminal-safe (coe.Printable).
func (l Link) JSON() JSONLink {
	date := ""
	if !l.Date.IsZero() {
		date = l.Date.Format(time.RFC3339)
	}
	return JSONLink{Commit: l.ID, Short: l.Short, Date: date, Subject: coe.Printable(l.Subject, false), Repo: l.Repo, Done: l.Done}
}
