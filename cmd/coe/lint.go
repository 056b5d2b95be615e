package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/changed"
	"github.com/coe-cli/coe/coe/lint"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/coe/vcs"
	"github.com/spf13/cobra"
)

// informationURI is coe's home page, named in SARIF output.
const informationURI = "https://github.com/coe-cli/coe"

type lintOptions struct {
	f           *Factory
	paths       []string
	format      string
	asOf        string
	maxWarnings int
	changed     changedFlag
	worktree    bool
	listRules   bool
	explain     string
	allRules    bool
}

// changedFlag is --changed[=REV]: it may stand alone, meaning the merge
// base with the default branch. Typed "bool" with "true" as the value of
// the bare flag; help shows it as --changed[=REV] from the REV in
// backquotes in its text (see flagUsages); a branch named "true" is
// refs/heads/true.
type changedFlag struct {
	set bool
	rev string
}

func (c *changedFlag) String() string { return c.rev }
func (c *changedFlag) Type() string   { return "bool" }
func (c *changedFlag) Set(s string) error {
	c.set = true
	if s != "true" {
		c.rev = s
	}
	return nil
}

const lintLong = `Check COEs against the rules of the format, and print each problem at its
file, line and column:

  coes/2025-03-11-status-page-down.yaml:142:10: warning: corrective action CA-4 "..." is 511 days overdue: due 2025-06-30 and still in progress [action-overdue]

With no PATH, every COE of the repository is checked; a PATH is a COE file
or a folder of them (run from outside the repository, the first PATH tells
which repository it is). A file that does not parse (bad YAML, not UTF-8, a
second document, an unknown key, a value of the wrong type) is reported at
its line like any rule, and every other file is still checked.

Each rule has an id, in brackets after the message. --list-rules lists them
and --explain RULE says why one matters and how to fix what it finds. The
rules section of .coe.yaml sets any rule but the reader's to error, warning
or off:

  rules:
    action-overdue: error
    security-unanswered: warning

Open and in-progress actions past their due date are warnings as of today,
or as of --as-of DATE.

The quality rules (coe lint --explain quality) judge a COE's substance: a
root cause that blames a person, fewer than three whys, an impact without a
number, actions that are intentions ("remind the team"), a security answer
of a bare "None". They are warnings from status review on; --all-rules
applies them to drafts too. rules: {quality: off} turns the group off.

Formats (--format):
  text     for people: one line a problem, sorted by file and line, and a
           summary on stderr; in a terminal also the source line with a
           caret under the column, in colour unless NO_COLOR is set
  json     {"diagnostics": [{"path", "line", "column", "severity", "rule",
           "message"}], "errors": N, "warnings": N, "files": N}
  github   GitHub Actions annotations on the lines of a pull request
  sarif    SARIF 2.1.0, for code scanning (github/codeql-action/upload-sarif)

--changed checks only the COEs changed since the merge base of HEAD with the
default branch (origin/HEAD, else main, origin/main, master, origin/master),
or since --changed=REV, as the next commit would hold them: committed on the
branch or staged, read from git's index. What is not staged is not checked
(a note on stderr names it), and a COE deleted in the index counts as
deleted, even if the file is still there. So in a pre-commit hook a COE
staged with an error fails even when the work tree has it fixed; in CI,
where nothing is staged, it is the branch's commits. --worktree checks the
files as they are instead: staged or not, and untracked ones.

Deleted COEs are not checked. Ids and related links are still checked
against every COE of the repository (as staged, or as they are with
--worktree), and an unchanged COE is checked too when it names a COE
deleted since then, or an id changed since then (the link it holds may now
lead nowhere).

Exit codes:
  0  no errors (warnings are allowed, up to --max-warnings)
  1  errors, or more warnings than --max-warnings
  2  usage or I/O problem: bad flag, no repository, a PATH that does not
     exist, a bad rules section in .coe.yaml`

func newLintCmd(f *Factory) *cobra.Command {
	o := &lintOptions{f: f}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check COEs against the rules of the format",
		Long:  lintLong,
		Example: `  coe lint                                  # every COE of the repository
  coe lint coes/2024-01-28-speaker-groups-stopped-playing.yaml
  coe lint --changed                        # what this branch changed, as staged: CI, a hook
  coe lint --changed=HEAD                   # only what is staged for the next commit
  coe lint --changed --worktree             # the files as they are, staged or not
  coe lint --changed=origin/release --max-warnings 0
  coe lint --format github                  # annotations in GitHub Actions
  coe lint --format sarif > coe.sarif       # for code scanning
  coe lint --as-of 2026-01-01               # overdue as of another day
  coe lint --all-rules coes/2026-11-30-checkout-declines.yaml   # the quality rules on a draft
  coe lint --list-rules
  coe lint --explain action-owner
  coe lint --explain quality                # the quality group`,
		RunE: func(_ *cobra.Command, args []string) error {
			o.paths = args
			return runLint(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.format, "format", lint.FormatText, "output `FORMAT`: text, json, github or sarif (with --list-rules: text, json or markdown)")
	fl.StringVar(&o.asOf, "as-of", "", "report actions overdue as of `DATE` (YYYY-MM-DD) instead of today")
	fl.IntVar(&o.maxWarnings, "max-warnings", -1, "exit 1 when there are more than `N` warnings (-1: no limit)")
	fl.Var(&o.changed, "changed", "check only the COEs changed since the merge base with the default branch, or since `REV` with --changed=REV")
	fl.Lookup("changed").NoOptDefVal = "true"
	fl.BoolVar(&o.worktree, "worktree", false, "with --changed: check the files as they are (staged or not, and untracked ones), not as staged")
	fl.BoolVar(&o.listRules, "list-rules", false, "list every rule: id, default severity and what it checks")
	fl.StringVar(&o.explain, "explain", "", "explain `RULE` (or a group, quality): why it matters and how to fix what it finds")
	fl.BoolVar(&o.allRules, "all-rules", false, "also apply the rules a COE's status does not ask for yet: the quality group on drafts")
	cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return append(lint.Formats(), lint.FormatMarkdown), cobra.ShellCompDirectiveNoFileComp
	})
	cmd.RegisterFlagCompletionFunc("explain", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var ids []string
		for _, r := range lint.Rules() {
			ids = append(ids, r.ID+"\t"+r.Summary)
		}
		for _, g := range lint.Groups() {
			ids = append(ids, g.ID+"\t"+g.Summary)
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runLint(o *lintOptions) error {
	if o.listRules || o.explain != "" {
		return runLintRules(o)
	}
	if !slices.Contains(lint.Formats(), o.format) {
		if o.format == lint.FormatMarkdown {
			return usagef("--format markdown is for --list-rules; coe lint prints %s", strings.Join(lint.Formats(), ", "))
		}
		return usagef("--format %q: expected one of %s", o.format, strings.Join(lint.Formats(), ", "))
	}
	asOf, err := asOfDate(o.f, o.asOf)
	if err != nil {
		return err
	}
	if o.maxWarnings < -1 {
		return usagef("--max-warnings %d: expected a number of warnings, or -1 for no limit", o.maxWarnings)
	}
	r, err := o.f.Repo()
	if errors.Is(err, coe.ErrNoRepo) && len(o.paths) > 0 {
		// Run from above the repository (pre-commit runs hooks at the
		// root of the git checkout): find it from the first PATH.
		if pr, perr := findRepoOf(o.f, o.paths[0]); perr == nil {
			r, err = pr, nil
		}
	}
	if err != nil {
		return err
	}
	if err := lint.CheckConfig(r.Config); err != nil {
		for _, e := range coe.Errors(err) {
			e.File = r.Rel(r.ConfigPath())
		}
		return usageError(err)
	}
	if o.worktree && !o.changed.set {
		return usagef("--worktree goes with --changed; without --changed, coe lint checks the files as they are")
	}
	if o.changed.set && o.changed.rev == "" && len(o.paths) > 0 {
		// --changed takes its REV after "=", so "--changed main" gives
		// main as a PATH. When it is no path but a revision, take it as
		// the REV, as git does with an argument that is not a file.
		p := o.paths[0]
		if !filepath.IsAbs(p) {
			p = filepath.Join(r.WorkDir, p)
		}
		if _, err := os.Stat(p); err != nil {
			if _, rerr := vcs.ResolveCommit(r.WorkDir, o.paths[0]); rerr == nil {
				o.changed.rev, o.paths = o.paths[0], o.paths[1:]
			}
		}
	}

	// Name files as the format wants them.
	display := r.Rel
	if o.format == lint.FormatGitHub || o.format == lint.FormatSARIF {
		display = changed.CheckoutRel(r)
	}
	// Little is kept of each file, so the collector may run less often.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	lopts := lint.Options{Config: r.Config, AsOf: asOf, AllRules: o.allRules}
	var res lint.Result
	var files []string
	var sel *changed.Selection // --changed: what the change touches
	if o.changed.set {
		if sel, err = changed.Select(r, o.paths, changed.Options{Rev: o.changed.rev, WorkTree: o.worktree}); err != nil {
			return usageError(err)
		}
		files = sel.Files
		res, err = sel.Run(r, display, lopts)
	} else {
		var all []string
		if all, err = r.Files(); err == nil {
			files, err = r.Select(o.paths, all)
		}
		if err == nil {
			res = lint.Run(lint.Input{Files: files, Others: coe.Except(all, files), Display: display, FS: r.FS()}, lopts)
		}
	}
	if err != nil {
		return usageError(err)
	}

	ios := o.f.Streams
	switch o.format {
	case lint.FormatJSON:
		err = lint.WriteJSON(ios.Out, res.Diagnostics, res.Files)
	case lint.FormatGitHub:
		err = lint.WriteGitHub(ios.Out, res.Diagnostics)
	case lint.FormatSARIF:
		err = lint.WriteSARIF(ios.Out, res.Diagnostics, lint.SARIFOptions{Version: buildVersion(), InformationURI: informationURI})
	default:
		to := lint.TextOptions{Color: ios.Color(ios.OutTTY)}
		if ios.OutTTY {
			to.Source = sourceOf(r, files, display, sel)
			if ios.Width != nil {
				to.Width = ios.Width()
			}
		}
		err = lint.WriteText(ios.Out, res.Diagnostics, to)
	}
	if err != nil {
		return usageError(err)
	}

	tooManyWarnings := o.maxWarnings >= 0 && res.Warnings > o.maxWarnings
	if o.format == lint.FormatText || o.format == lint.FormatGitHub {
		// The summary is for people: on stderr, so that stdout holds
		// the findings alone.
		w := bufio.NewWriter(ios.ErrOut)
		switch {
		case res.Files == 0 && sel != nil:
			fmt.Fprintf(w, "No COE changed since %s.\n", sel.Since)
		case res.Files == 0 && len(o.paths) > 0:
			fmt.Fprintf(w, "No COE files in %s.\n", strings.Join(o.paths, ", "))
		case res.Files == 0:
			fmt.Fprintf(w, "No COEs in %s yet. Write one with `coe new`.\n", r.Rel(r.Dir()))
		default:
			s := lint.Summary(res.Diagnostics, res.Files)
			s = strings.ToUpper(s[:1]) + s[1:]
			if sel != nil {
				s += " changed since " + sel.Since
				if sel.Also > 0 {
					s += fmt.Sprintf(", or naming a COE removed since then (%d of the %d)", sel.Also, res.Files)
				}
			}
			fmt.Fprintln(w, s+".")
		}
		if tooManyWarnings {
			fmt.Fprintf(w, "coe: %d warnings, more than --max-warnings %d\n", res.Warnings, o.maxWarnings)
		}
		if sel != nil && sel.Staged != nil {
			if note := sel.Staged.NotStaged(); note != "" {
				fmt.Fprintln(w, note)
			}
		}
		w.Flush()
	}
	if res.Errors > 0 || tooManyWarnings {
		return silentExit(exitFindings)
	}
	return nil
}

// sourceOf gives the text format the lines of a linted file by the name a
// diagnostic gives it: as staged when the selection is git's index.
func sourceOf(r *coe.Repo, files []string, display func(string) string, sel *changed.Selection) func(string) []byte {
	where := make(map[string]string, len(files))
	for _, p := range files {
		where[display(p)] = p
	}
	return func(name string) []byte {
		if sel != nil && sel.Staged != nil {
			return sel.Staged.Data[where[name]]
		}
		data, _ := safefs.ReadIn(r.FS(), where[name], coe.MaxFileSize)
		return data
	}
}

// asOfDate is the day --as-of names, or today.
func asOfDate(f *Factory, flag string) (coe.Date, error) {
	if flag == "" {
		return coe.DateOf(f.Now()), nil
	}
	d, err := coe.ParseDate(flag)
	if err != nil {
		return coe.Date{}, usagef("--as-of %q: expected a date, YYYY-MM-DD", flag)
	}
	return d, nil
}

func runLintRules(o *lintOptions) error {
	if len(o.paths) > 0 {
		return usagef("--list-rules and --explain take no PATH")
	}
	out := o.f.Streams.Out
	if o.explain != "" {
		if g, ok := lint.LookupGroup(o.explain); ok {
			return lint.WriteGroupExplanation(out, g)
		}
		r, ok := lint.LookupRule(o.explain)
		if !ok {
			var ids []string
			for _, r := range lint.Rules() {
				ids = append(ids, r.ID)
			}
			for _, g := range lint.Groups() {
				ids = append(ids, g.ID)
			}
			msg := fmt.Sprintf("--explain %q: no such rule", o.explain)
			if near := coe.Nearest(o.explain, ids, 3); len(near) > 0 {
				msg += "; did you mean " + strings.Join(near, " or ") + "?"
			} else {
				msg += "; coe lint --list-rules lists them"
			}
			return usageError(errors.New(msg))
		}
		return lint.WriteExplanation(out, r)
	}
	if !slices.Contains(lint.RuleFormats(), o.format) {
		return usagef("--format %q: --list-rules prints %s", o.format, strings.Join(lint.RuleFormats(), ", "))
	}
	if err := lint.WriteRules(out, o.format); err != nil {
		return err
	}
	if o.format == lint.FormatText {
		fmt.Fprintln(o.f.Streams.ErrOut, "\ncoe lint --explain RULE says why a rule matters and how to fix what it finds.")
	}
	return nil
}

// findRepoOf finds the repository that holds a PATH argument.
func findRepoOf(f *Factory, path string) (*coe.Repo, error) {
	wd, err := f.WorkDir()
	if err != nil {
		return nil, err
	}
	return coe.FindRepoOf(wd, path)
}
