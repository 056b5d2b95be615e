package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/table"
	"github.com/coe-cli/coe/coe/vcs"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type actionsSetOptions struct {
	f        *Factory
	ref      string
	action   string
	values   [7]string // in the order of coe.ActionEditFields
	commit   bool
	noCommit bool
	json     bool
	flags    *pflag.FlagSet
}

const actionsSetLong = `Set the fields of one corrective action: its status, owner, due date,
priority, tracker or note. The COE is an id, a unique prefix of one, or a
path, as coe show takes it; the action is its id, CA-2, ca-2 or just 2.

The file is edited in place under the repository lock: only the lines of
the fields that change differ in git diff, comments and every other line
stay as they are, and two edits at once take turns.

--status done sets done_at to today (in timezone: of .coe.yaml, else this
machine's zone), or to --done-at DATE; --done-at alone corrects the date of
an action done already. Any other status removes done_at. --status wont-do
needs a note saying why the action will not be done: --note TEXT, unless the
action has one.

--owner must be in the owners roster of .coe.yaml when it has one; the
e-mail of a roster entry is taken as its handle. --due is a date,
YYYY-MM-DD; one in the past is set, and noted. --priority is high, medium
or low; --tracker an http(s) URL or a ticket key like SPK-1234. --note is
Markdown. An empty --priority, --tracker or --note removes the field.

The file's path goes to stdout and what changed to stderr; setting what is
there already changes nothing and succeeds. With --commit (or commit: true
in .coe.yaml) the change is committed with your own git.`

func newActionsSetCmd(f *Factory) *cobra.Command {
	o := &actionsSetOptions{f: f}
	cmd := &cobra.Command{
		Use:   "set ID|PATH CA-n",
		Short: "Set a corrective action's status, owner, due date, priority, tracker or note",
		Long:  actionsSetLong,
		Example: `  coe actions set 2025-08-18 CA-3 --status done            # done_at today
  coe actions set 2025-08-18 3 --status done --done-at 2025-11-20
  coe actions set 2025-08-18 CA-4 --status wont-do --note "Superseded by CA-2."
  coe actions set 2025-08-18 CA-4 --owner kenji --due 2026-01-31 --priority high
  coe actions set 2025-08-18 CA-4 --tracker ORT-431 --commit
  coe actions set 2025-08-18 CA-4 --note ""                 # remove the note
  coe actions set 2025-08-18 CA-3 --status done --json      # {"coe", "path", "action", "changed", "committed"}`,
		Args:              actionsSetArgs,
		ValidArgsFunction: completeActions(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ref, o.action = args[0], args[1]
			return runActionsSet(o)
		},
	}
	fl := cmd.Flags()
	usage := [7]string{
		"the `OWNER`: a handle of the owners roster, or its e-mail",
		"the due `DATE`, YYYY-MM-DD",
		"the `PRIORITY`: high, medium or low (\"\" removes it)",
		"the `STATUS`: open, in-progress, done or wont-do",
		"the `DATE` the action was done, YYYY-MM-DD (with --status done; default today)",
		"the `TRACKER`: an http(s) URL or a ticket key like SPK-1234 (\"\" removes it)",
		"a Markdown `NOTE`: why it is wont-do, what is left (\"\" removes it)",
	}
	for i, field := range coe.ActionEditFields() {
		fl.StringVar(&o.values[i], flagOf(field), "", usage[i])
	}
	fl.BoolVar(&o.commit, "commit", false, "git add and commit the change")
	fl.BoolVar(&o.noCommit, "no-commit", false, "do not commit, even when .coe.yaml says commit: true")
	fl.BoolVar(&o.json, "json", false, "print the outcome as JSON on stdout")
	o.flags = fl
	return cmd
}

// flagOf is the flag of a field of coe.ActionEditFields: done_at is
// --done-at.
func flagOf(field string) string { return strings.ReplaceAll(field, "_", "-") }

func actionsSetArgs(_ *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return usagef("coe actions set needs a COE and an action: coe actions set ID CA-n (coe actions lists them)")
	case len(args) == 1:
		return usagef("coe actions set needs an action after the COE, like CA-2; coe show %s lists its actions", shellQuote(args[0]))
	case len(args) > 2:
		return usagef("coe actions set takes one COE and one action; got %d arguments", len(args))
	}
	return nil
}

// edit is the change the flags ask for: a field whose flag was given.
func (o *actionsSetOptions) edit() coe.ActionEdit {
	var e coe.ActionEdit
	ptrs := [7]**string{&e.Owner, &e.Due, &e.Priority, &e.Status, &e.DoneAt, &e.Tracker, &e.Note}
	for i, field := range coe.ActionEditFields() {
		if o.flags.Changed(flagOf(field)) {
			*ptrs[i] = &o.values[i]
		}
	}
	return e
}

func runActionsSet(o *actionsSetOptions) error {
	e := o.edit()
	switch {
	case o.commit && o.noCommit:
		return usagef("--commit and --no-commit contradict each other")
	case e.Empty():
		names := make([]string, 0, 7)
		for _, field := range coe.ActionEditFields() {
			names = append(names, "--"+flagOf(field))
		}
		return usagef("nothing to set; give one or more of %s", strings.Join(names, ", "))
	}
	r, path, err := o.f.resolveCOE(o.ref)
	if err != nil {
		return err
	}
	today := coe.DateOf(o.f.Now().In(r.Config.Location()))
	res, err := check.SetAction(r, path, o.action, e, today)
	if err != nil {
		return o.refused(err)
	}
	ios := o.f.Streams
	for _, n := range res.Notes {
		fmt.Fprintf(ios.ErrOut, "Note: %s.\n", n)
	}
	var committed string
	var commitErr error
	if res.Written && (o.commit || r.Config.Commit) && !o.noCommit {
		committed, commitErr = vcs.Commit(r.Root, fmt.Sprintf("coe: %s of %s: %s", res.ID, res.COE, res.Summary()), path)
	}
	if err := o.report(r, path, &res, committed); err != nil {
		return err
	}
	fmt.Fprintf(ios.ErrOut, "%s of %s: %s.\n", coe.Printable(res.ID, false), coe.Printable(res.COE, false), res.Summary())
	if commitErr != nil {
		return notCommitted(r, path, commitErr)
	}
	if committed != "" {
		fmt.Fprintf(ios.ErrOut, "Committed: %s\n", committed)
	}
	return nil
}

// refused maps the error of check.SetAction to its exit code and message:
// a value or change refused is a usage error naming the flag; a file that
// cannot be read or does not read is a finding, with the reader's
// problems first.
func (o *actionsSetOptions) refused(err error) error {
	var bad *coe.ActionEditError
	var unread *check.NotReviewed
	switch {
	case errors.As(err, &bad) && bad.Field != "":
		return usagef("--%s: %s", flagOf(bad.Field), bad.Msg)
	case errors.As(err, &bad):
		return usageError(err)
	case errors.As(err, &unread):
		for _, p := range unread.Problems {
			fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(p, true))
		}
		return &exitError{exitFindings, errors.New(unread.Msg + "; nothing was changed")}
	case len(coe.Errors(err)) > 0:
		return &exitError{exitFindings, err} // the file could not be read: a link out, too large, ...
	}
	return usageError(err)
}

// report prints the outcome on stdout: the file's path, or JSON.
func (o *actionsSetOptions) report(r *coe.Repo, path string, res *check.ActionSet, committed string) error {
	out := o.f.Streams.Out
	if !o.json {
		_, err := fmt.Fprintln(out, r.Rel(path))
		return err
	}
	b, err := json.Marshal(struct {
		COE       string          `json:"coe"`
		Path      string          `json:"path"`
		Action    json.RawMessage `json:"action"`
		Changed   []string        `json:"changed"`
		Committed bool            `json:"committed"`
	}{res.COE, r.Rel(path), res.Action, res.Changed, committed != ""})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n", b)
	return err
}

// completeActions completes the COE, then the ids of its corrective
// actions, each with the start of its text.
func completeActions(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	ids := completeIDs(f)
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			return ids(cmd, args, prefix)
		case 1:
		default:
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		r, err := f.Repo()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		path, err := r.Resolve(args[0])
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		doc, err := r.Read(path, false)
		if doc == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		_ = err // a COE with problems still names its actions
		var out []string
		for _, a := range doc.COE.CorrectiveActions {
			if a.ID == "" || !strings.HasPrefix(strings.ToLower(a.ID), strings.ToLower(prefix)) {
				continue
			}
			out = append(out, table.Cell(a.ID)+"\t"+table.CutToWidth(table.Cell(a.Action), 60))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
