package main

import (
	"bufio"
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/changed"
	"github.com/coe-cli/coe/coe/lint"
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

--changed checks only the COEs a branch changed since the merge base with
the default branch (or since --changed=REV), as the next commit would hold
them: read from git's index, or the files as they are with --worktree. A
COE that names one the change removed is checked too. coe help ci says
what it compares with and how deleted COEs count.

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
		return lint.Names(), cobra.ShellCompDirectiveNoFileComp
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
	r, err := o.f.RepoFor(o.paths)
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
	if o.changed.set && o.changed.rev == "" {
		o.changed.rev, o.paths = changed.RevFromPaths(r.WorkDir, o.paths)
	}

	// Name files as the format wants them.
	display := r.Rel
	if o.format == lint.FormatGitHub || o.format == lint.FormatSARIF {
		display = changed.CheckoutRel(r)
	}
	// Little is kept of each file, so the collector may run less often.
	defer lean()()
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
			res = lint.Run(o.input(r, all, files, display), lopts)
		}
	}
	if err != nil {
		return usageError(err)
	}

	ios := o.f.Streams
	out := lint.Output{SARIF: lint.SARIFOptions{Version: buildVersion(), InformationURI: informationURI}}
	out.Text.Color = ios.Color(ios.OutTTY)
	if ios.OutTTY {
		out.Text.Source = changed.Source(r, files, display, sel)
		if ios.Width != nil {
			out.Text.Width = ios.Width()
		}
	}
	err = lint.Write(ios.Out, o.format, res, out)
	if err != nil {
		return usageError(err)
	}

	tooManyWarnings := o.maxWarnings >= 0 && res.Warnings > o.maxWarnings
	if o.format == lint.FormatText || o.format == lint.FormatGitHub {
		// The summary is for people: on stderr, so that stdout holds
		// the findings alone.
		w := bufio.NewWriter(ios.ErrOut)
		scope := lint.Scope{Paths: o.paths, Dir: r.Rel(r.Dir()), Changed: sel != nil}
		if sel != nil {
			scope.Since, scope.Also = sel.Since, sel.Also
		}
		fmt.Fprintln(w, lint.Headline(res, scope))
		if tooManyWarnings {
			fmt.Fprintf(w, "coe: %s, more than --max-warnings %d\n", plural(res.Warnings, "warning"), o.maxWarnings)
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
