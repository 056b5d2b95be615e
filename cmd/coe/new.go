package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/identity"
	"github.com/coe-cli/coe/coe/vcs"
	"github.com/spf13/cobra"
)

type newOptions struct {
	f          *Factory
	noInput    bool
	title      string
	severity   string
	started    string
	authors    []string
	tags       []string
	services   []string
	from       string
	commit     bool
	noCommit   bool
	accessible bool
	resume     string
	json       bool
}

const newLong = `Write a new COE.

In a terminal, coe new walks you through the seven COE questions in a form,
one step at a time, with a hint of what a good answer holds, then an
optional step, Telling customers: the customers' version of the COE
(public:), which you may also write later with coe edit ID --section public.
Long answers open in $EDITOR with ctrl+e. Ctrl-C or Esc stops at any point
without losing a word: what you typed is kept as a draft, and coe says how
to continue (coe new --resume, which reopens the form at the field you were
in); when nothing was typed, no draft is kept. coe drafts lists the drafts
and removes them. Before saving, the COE is checked as coe lint checks it,
in this repository (related ids, the timeline's order, the owners roster):
each error leads back to its field, and a COE with errors is saved only as a
draft.

The form coaches as you write: when you leave an answer, the quality rules'
review notes about it show under it (a root cause that blames people, fewer
than three whys, an impact without numbers, ...); ctrl+r explains them. They
never stop a save (coe lint --explain quality).

Times are typed as people write them: 2026-11-30 14:02, 2026-11-30T14:02,
a date alone (its midnight), or RFC 3339 with an offset; in the form, a time
of day alone (14:02) is on the incident's start date. Local times are
read in the time zone of timezone: in .coe.yaml (an IANA name, like
Europe/Paris), else this machine's, and stored as RFC 3339 with the offset
they had then.

The author is --author, else you: me: in your user config
($XDG_CONFIG_HOME/coe/config.yaml, else ~/.config/coe/config.yaml), else
the handle of the owners roster entry whose email is your git user.email,
else your git user.

Without a terminal, or in scripts:
  --no-input --title T --severity S   write a draft skeleton with every question
  --from FILE                         add a COE written elsewhere (- for stdin),
                                      after checking it as coe lint would

The new file is coes/YYYY-MM-DD-slug.yaml, dated by the incident start (or
today) and named after the title; -2, -3 are added when the id is taken.
When the repository has a coe.schema.json (coe init writes one), the file
starts with a "# yaml-language-server: $schema=..." line, so that editors
check it as you type (see coe schema).
With --commit (or commit: true in .coe.yaml) the file is committed with your
git, so your hooks and signing apply.`

func newNewCmd(f *Factory) *cobra.Command {
	o := &newOptions{f: f}
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Write a new COE: the seven questions in a form, or from flags or a file",
		Long:  newLong,
		Example: `  coe new
  coe new --resume                       # continue the latest interrupted form
  coe new --resume new-20261123-101500   # continue this one (coe drafts lists them)
  coe new --no-input --title "Checkout returned 502s" --severity sev2 \
          --started "2024-03-05 14:10" --author dana
  coe new --no-input --title "Refunds stalled" --severity sev3 \
          --started 2024-03-05T14:10:00+01:00
  coe new --no-input --title "Refunds stalled" --severity sev3 \
          --author "Smith, John" --author dana --tag payments --tag refunds
  coe new --from draft.yaml --commit
  generate-coe | coe new --from -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// --resume takes its draft as the next word too, not only as
			// --resume=DRAFT: that is how the stop message spells it.
			if len(args) == 1 {
				if o.resume != "latest" {
					return usagef("unexpected argument %q; coe new takes its answers from the form, flags or --from FILE", args[0])
				}
				o.resume = args[0]
			}
			return runNew(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.noInput, "no-input", false, "do not ask: write a draft skeleton from the flags")
	fl.StringVar(&o.title, "title", "", "the COE's `TITLE`")
	fl.StringVar(&o.severity, "severity", "", "`SEVERITY`, one of the config's (default sev1..sev4)")
	fl.StringVar(&o.started, "started", "", "when the incident started, a `TIME`: 2026-11-30 14:02, 2026-11-30 (midnight) or RFC 3339")
	// One value a flag, commas and all: "Smith, John" is one author.
	fl.StringArrayVar(&o.authors, "author", nil, "an `AUTHOR`, taken whole (repeat for more; default: you, see above)")
	fl.StringArrayVar(&o.tags, "tag", nil, "a `TAG`, taken whole (repeat for more)")
	fl.StringArrayVar(&o.services, "service", nil, "an affected `SERVICE`, taken whole (repeat for more)")
	fl.StringVar(&o.from, "from", "", "add the COE in `FILE` (- for stdin) after checking it")
	fl.BoolVar(&o.commit, "commit", false, "git add and commit the new file")
	fl.BoolVar(&o.noCommit, "no-commit", false, "do not commit, even when .coe.yaml says commit: true")
	fl.BoolVar(&o.accessible, "accessible", false, "forms in screen-reader mode (also COE_ACCESSIBLE=1)")
	fl.StringVar(&o.resume, "resume", "", "continue an interrupted form: the `DRAFT` named (coe drafts lists them), else the latest")
	fl.Lookup("resume").NoOptDefVal = "latest"
	fl.BoolVar(&o.json, "json", false, "print {\"id\", \"path\", \"committed\"} as JSON")
	return cmd
}

func runNew(ctx context.Context, o *newOptions) error {
	r, err := o.f.Repo()
	if err != nil {
		return err
	}
	switch {
	case o.from != "" && (o.noInput || o.title != "" || o.severity != "" || o.started != "" || o.resume != ""):
		return usagef("--from takes the whole COE from the file; leave out --no-input, --title, --severity, --started and --resume")
	case o.resume != "" && o.noInput:
		return usagef("--resume continues a form; it cannot go with --no-input")
	case o.commit && o.noCommit:
		return usagef("--commit and --no-commit contradict each other")
	}
	switch {
	case o.from != "":
		return newFromFile(o, r)
	case o.noInput:
		return newSkeleton(o, r)
	}
	return newInteractive(ctx, o, r)
}

// created reports a new file: its path on stdout (or JSON), a next step on
// stderr, and commits it when asked.
func (o *newOptions) created(r *coe.Repo, path, id string) error {
	ios := o.f.Streams
	committed := ""
	var commitErr error
	if (o.commit || r.Config.Commit) && !o.noCommit {
		committed, commitErr = vcs.Commit(r.Root, "coe: add "+id, path)
	}
	if o.json {
		out, _ := json.Marshal(map[string]any{"id": id, "path": r.Rel(path), "committed": commitErr == nil && committed != ""})
		fmt.Fprintf(ios.Out, "%s\n", out)
	} else {
		fmt.Fprintln(ios.Out, r.Rel(path))
	}
	if commitErr != nil {
		return notCommitted(r, path, commitErr)
	}
	if committed != "" {
		fmt.Fprintf(ios.ErrOut, "Committed: %s\n", committed)
	}
	fmt.Fprintf(ios.ErrOut, "Edit it with: coe edit %s   (--editor for the YAML)\n", id)
	return nil
}

// notCommitted is the error of a --commit that failed after path was
// written.
func notCommitted(r *coe.Repo, path string, err error) error {
	if errors.Is(err, vcs.ErrNotGit) {
		err = fmt.Errorf("--commit: %s is not inside a git repository (run git init, or leave out --commit)", r.Root)
	}
	return usageError(fmt.Errorf("%w; %s was written but not committed", err, r.Rel(path)))
}

func (o *newOptions) defaultAuthors(r *coe.Repo) ([]string, error) {
	if len(o.authors) > 0 {
		return o.authors, nil
	}
	who, err := identity.Default(r, o.f.Streams.Getenv)
	if err != nil {
		return nil, usageError(err)
	}
	if who.Name == "" {
		return nil, nil
	}
	return []string{who.Name}, nil
}

// startedAt reads --started as people write it, in the repository's time
// zone; a time of day alone has no date to go on.
func (o *newOptions) startedAt(r *coe.Repo) (time.Time, error) {
	t, err := coe.ParseTimeIn(o.started, r.Config.Location(), coe.Date{})
	if err != nil {
		return time.Time{}, usagef("--started: %v", err)
	}
	return t, nil
}

func checkSeverity(r *coe.Repo, sev string) error {
	if !slices.Contains(r.Config.Severities, sev) {
		return usagef("--severity %q: expected one of %s (from %s)", sev, strings.Join(r.Config.Severities, ", "), coe.ConfigName)
	}
	return nil
}

// newSkeleton writes a draft with every question, from flags alone.
func newSkeleton(o *newOptions, r *coe.Repo) error {
	if strings.TrimSpace(o.title) == "" || o.severity == "" {
		return usagef("--no-input needs --title and --severity, like: coe new --no-input --title \"Checkout returned 502s\" --severity %s", r.Config.Severities[0])
	}
	if err := checkSeverity(r, o.severity); err != nil {
		return err
	}
	authors, err := o.defaultAuthors(r)
	if err != nil {
		return err
	}
	c := &coe.COE{Version: coe.FormatVersion, Title: strings.TrimSpace(o.title), Status: coe.StatusDraft, Severity: o.severity,
		Authors: authors, Tags: o.tags, Services: o.services}
	if o.started != "" {
		if c.Incident.StartedAt, err = o.startedAt(r); err != nil {
			return err
		}
	}
	path, err := r.Create(c, o.f.Now())
	if err != nil {
		return usageError(err)
	}
	if o.started != "" {
		// What was typed, as the file holds it.
		fmt.Fprintf(o.f.Streams.ErrOut, "started_at: %s\n", coe.FormatTime(c.Incident.StartedAt))
	}
	return o.created(r, path, c.ID)
}
