package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/evidence"
	"github.com/coe-cli/coe/coe/remind"
	"github.com/spf13/cobra"
)

type actionsOptions struct {
	f       *Factory
	owners  []string
	status  []string
	overdue bool
	asOf    string
	json    bool
	// --evidence and --repo: the commits that name each action (actions_evidence.go).
	evidence bool
	repos    []string
	// --format, --due-within, --site-url (actions_formats.go).
	formats actionsFormat
	// --no-sources, --source (sources.go).
	sources sourceFlags
}

const actionsLong = `List the corrective actions of every COE: by default those still open or
in progress, the first due first, with how late the overdue ones are.

This is the follow-through of the COEs: what each owner promised, and what
is late. --owner narrows it to one person (repeat for several), --overdue to
what is past its due date, --status to other action statuses (done, wont-do,
or all). Dates are judged as of today, or --as-of DATE. On a terminal a
long action is cut to the terminal's width; a pipe or --json gives it whole.

--evidence lists under each action the commits that name it (short id,
date, subject, repository); --json gives them as "evidence" (commit, short,
date, subject, repo, done), beside "recorded_evidence", the action's own
evidence: list from the file. coe actions verify checks the actions against
those commits.

` + evidenceHelp + `

` + actionsFormatHelp + `

` + sourcesHelp + ` --source NAME lists the actions of one source
(. for this repository's own); --json gives each action's "source" ("" for
this repository's own), and an action's evidence comes from its source's
history and code_repos.

A file that does not read is reported on stderr with its position; the
actions of the others are still listed, and the exit code is 1.`

func newActionsCmd(f *Factory) *cobra.Command {
	o := &actionsOptions{f: f}
	cmd := &cobra.Command{
		Use:   "actions",
		Short: "List corrective actions across COEs: open ones, by due date",
		Long:  actionsLong,
		Example: `  coe actions                          # everything still to do
  coe actions --owner dana --overdue   # what dana owes, late
  coe actions --status all             # every action, done ones too
  coe actions --evidence --repo ../payments-service   # and the commits that name each
  coe actions --json | jq -r '.[] | select(.overdue_days > 30) | "\(.owner) \(.coe) \(.id)"'
  coe actions --format markdown --due-within 14d > digest.md   # to post in chat or an issue
  coe actions --format ics --owner dana --site-url https://example.github.io/coes > dana.ics
  coe actions --status all --format csv > actions.csv
  coe actions --source payments --overdue   # in an organisation's repository: one team's`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runActions(o) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&o.owners, "owner", nil, "only actions of this `OWNER`, taken whole (repeat for more: any of them)")
	fl.StringSliceVar(&o.status, "status", nil, "only actions with this `STATUS` (open, in-progress, done, wont-do, or all; default open and in-progress); repeat or comma-separate for several")
	fl.BoolVar(&o.overdue, "overdue", false, "only actions past their due date and not done")
	fl.StringVar(&o.asOf, "as-of", "", "judge what is overdue as of `DATE` (YYYY-MM-DD) instead of today")
	fl.BoolVar(&o.json, "json", false, "print a JSON array for scripts")
	o.formats.addFlags(fl)
	fl.BoolVar(&o.evidence, "evidence", false, "under each action, the commits that name it with a COE-Action trailer")
	fl.StringArrayVar(&o.repos, "repo", nil, "also read the commits of the clone at `PATH` (repeat for more; implies --evidence)")
	o.sources.addFlags(fl, true)
	cmd.AddCommand(newActionsSetCmd(f))
	cmd.AddCommand(newActionsVerifyCmd(f))
	return cmd
}

// actionItem is one row of `coe actions`, and the JSON object of --json.
type actionItem struct {
	// Source is the COE repository of sources: in .coe.yaml the action is
	// in, "" for this one; COE is then name/id.
	Source      string  `json:"source"`
	COE         string  `json:"coe"`
	COETitle    string  `json:"coe_title"`
	COEStatus   string  `json:"coe_status"`
	Path        string  `json:"path"`
	Line        int     `json:"line"`
	ID          string  `json:"id"`
	Action      string  `json:"action"`
	Owner       string  `json:"owner"`
	Due         *string `json:"due"`
	Priority    string  `json:"priority"`
	Status      string  `json:"status"`
	Tracker     string  `json:"tracker"`
	OverdueDays int     `json:"overdue_days"`
	// RecordedEvidence is the action's evidence: list in the file;
	// Evidence, with --evidence, the commits that name it.
	RecordedEvidence []string             `json:"recorded_evidence"`
	Evidence         *[]evidence.JSONLink `json:"evidence,omitempty"`

	evidenceLines []string
}

// itemOf is the row of an action.
func itemOf(a *remind.Action, asOf coe.Date) actionItem {
	it := actionItem{Source: a.Source, COE: a.COE, COETitle: a.COETitle, COEStatus: a.COEStatus, Path: a.Path, Line: a.Line,
		ID: a.ID, Action: a.Action, Owner: a.Owner, Priority: a.Priority, Status: a.Status, Tracker: a.Tracker,
		OverdueDays: a.Late(asOf), RecordedEvidence: a.Evidence}
	if !a.Due.IsZero() {
		s := a.Due.String()
		it.Due = &s
	}
	return it
}

func runActions(o *actionsOptions) error {
	statuses, err := o.statuses()
	if err != nil {
		return err
	}
	if err := o.formats.check(o); err != nil {
		return err
	}
	asOf, err := asOfDate(o.f, o.asOf)
	if err != nil {
		return err
	}
	set, files, err := o.f.sourceFiles(o.sources)
	if err != nil {
		return err
	}
	defer lean()()
	acts, bad := o.f.collectActions(set, files, remind.Filter{Statuses: statuses, Owners: o.owners,
		Overdue: o.overdue, AsOf: asOf, Within: o.formats.within})
	for _, err := range bad {
		fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(err.Error(), true))
	}
	// An item (JSON) or a row (table) of each action is made as it is
	// written, not all at once, but for --evidence, which hangs the
	// commits under the items.
	var items []actionItem
	if o.evidence || len(o.repos) > 0 {
		items = make([]actionItem, len(acts))
		for i := range acts {
			items[i] = itemOf(acts[i], asOf)
		}
		if err := o.addEvidence(set, items); err != nil {
			return err
		}
	}

	ios := o.f.Streams
	if o.formats.format != "" {
		if err := o.formats.write(ios, acts, asOf); err != nil {
			return err
		}
	} else if o.json {
		item := func(i int) actionItem { return itemOf(acts[i], asOf) }
		if items != nil {
			item = func(i int) actionItem { return items[i] }
		}
		if err := writeJSONEach(ios.Out, len(acts), item); err != nil {
			return err
		}
	} else {
		if err := printActions(ios.Out, acts, items, asOf, ios.tableStyle()); err != nil {
			return err
		}
		fmt.Fprintln(ios.ErrOut, actionsSummary(acts, asOf, len(files)))
	}
	if len(bad) > 0 {
		fmt.Fprintf(ios.ErrOut, "coe: %d of %d files did not read; their actions are missing; `coe lint` lists every problem\n", len(bad), len(files))
		return silentExit(exitFindings)
	}
	return nil
}

// statuses is the set of action statuses --status asks for.
func (o *actionsOptions) statuses() ([]string, error) {
	if len(o.status) == 0 {
		return []string{coe.ActionOpen, coe.ActionInProgress}, nil
	}
	var out []string
	for _, s := range o.status {
		switch {
		case s == "all":
			return coe.ActionStatuses(), nil
		case slices.Contains(coe.ActionStatuses(), s):
			out = append(out, s)
		default:
			return nil, usagef("--status %q: expected one of %s, or all", s, strings.Join(coe.ActionStatuses(), ", "))
		}
	}
	return out, nil
}
