package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/evidence"
	"github.com/coe-cli/coe/coe/table"
	"github.com/coe-cli/coe/coe/vcs"
)

// evidenceHelp is what coe actions --help and coe actions verify --help
// say about where the commits come from.
const evidenceHelp = `A commit names an action with a trailer, the last paragraph of its message:

    COE-Action: 2024-01-28-speaker-groups-stopped-playing#CA-2
    COE-Action: 2024-01-28-speaker-groups-stopped-playing#CA-3 done

"done" says the commit finishes the action. Only real trailers count, as git
parses them (the key in any case; a line in the middle of a message is not
one). The commits read are the history of HEAD (what is checked out) of the
COE repository's git repository, of each clone in code_repos: of .coe.yaml
(paths relative to it, like ../payments-service), and of each --repo PATH
(relative to where you run coe): one git log each. Git runs with settings
that keep a repository's own config from running anything (no pager, no
signature check, no file system monitor, no bare repository).`

// collectEvidence reads the commits of the COE repository r, its
// code_repos and the extra --repo paths, and says on stderr what it
// could not read. A path that is no clone is a usage error naming the
// config line or the flag.
func collectEvidence(f *Factory, r *coe.Repo, extra []string) (*evidence.Index, error) {
	x, err := evidence.Collect(evidence.Repos(r, r.Rel(r.ConfigPath()), extra, r.WorkDir))
	switch {
	case errors.Is(err, vcs.ErrNoGit):
		return nil, usagef("%v; the commits that name actions are read with git", err)
	case err != nil:
		return nil, usageError(err)
	}
	for _, n := range x.Notes {
		fmt.Fprintf(f.Streams.ErrOut, "Note: %s.\n", n)
	}
	return x, nil
}

// addEvidence hangs under each listed action the commits that name it,
// for --evidence (and --repo, which implies it): a source's actions, the
// commits of its own history and code_repos (--repo adds to this
// repository's).
func (o *actionsOptions) addEvidence(set *coe.Set, items []actionItem) error {
	if !o.evidence && len(o.repos) == 0 {
		return nil
	}
	if o.formats.format != "" {
		return usagef("--evidence shows the commits in the table and in --json; --format %s has no place for them", o.formats.format)
	}
	named := 0
	var read []string
	for _, src := range set.Sources {
		var extra []string
		if src.Name == "" {
			extra = o.repos
		} else if !slices.ContainsFunc(items, func(it actionItem) bool { return it.Source == src.Name }) {
			continue
		}
		r, prefix := src.Repo, ""
		if src.Name != "" {
			prefix = src.Name + coe.SourceSep
		}
		x, err := collectEvidence(o.f, r, extra)
		if err != nil {
			return err
		}
		read = append(read, x.Read...)
		loc := r.Config.Location()
		for i := range items {
			it := &items[i]
			if it.Source != src.Name {
				continue
			}
			links := x.Links(strings.TrimPrefix(it.COE, prefix), it.ID)
			js := make([]evidence.JSONLink, len(links))
			for j, l := range links {
				js[j] = l.JSON()
				it.evidenceLines = append(it.evidenceLines, evidenceLine(l, loc))
			}
			it.Evidence = &js
			if len(links) > 0 {
				named++
			}
		}
	}
	what := "no history read"
	if len(read) > 0 {
		what = "history read: " + coe.Printable(strings.Join(read, ", "), false)
	}
	fmt.Fprintf(o.f.Streams.ErrOut, "Evidence: commits name %d of %s (%s).\n", named, plural(len(items), "action"), what)
	return nil
}

// evidenceLine is a commit under an action in the table: short id, date
// (in the repository's zone), subject, repository, and whether it says
// done.
func evidenceLine(l evidence.Link, loc *time.Location) string {
	date := "????-??-??"
	if !l.Date.IsZero() {
		date = coe.DateOf(l.Date.In(loc)).String()
	}
	where := l.Repo
	if l.Done {
		where += ", done"
	}
	return fmt.Sprintf("↳ %s %s %s (%s)", l.Short, date, table.Cell(l.Subject), table.Cell(where))
}

// evidenceRows are the table rows under an action: its commits, in the
// last column, the others blank.
func evidenceRows(it actionItem, columns int) [][]string {
	rows := make([][]string, len(it.evidenceLines))
	for i, line := range it.evidenceLines {
		rows[i] = make([]string, columns)
		rows[i][columns-1] = line
	}
	return rows
}
