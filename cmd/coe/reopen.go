package main

import (
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/spf13/cobra"
)

type reopenOptions struct {
	lifecycleOptions
	by     string
	reason string
}

const reopenLong = `Take an approved or closed COE back to review, saying why.

coe reopen is for a COE whose story is not over: the failure came back, a
fix did not hold, the root cause was wrong. It moves the COE from approved
or closed to review and adds an entry to reopened (at, by, reason), so the
next reader sees why; approved_by, approved_at and closed_at are emptied,
since the COE must be reviewed and approved again. The edit is in place,
keeping comments and every other line as they are.

--reason is required: a sentence or a few (Markdown) saying what happened.
Who reopens it is --by, else you: me: in your user config, else the handle
of the owners roster entry whose email is your git user.email, else your
git user, else $USER. The time is --at, else now. A draft or a COE in review
has nothing to take back and is refused (coe submit sends a draft to
review). The COE is read and written under the repository lock.

With --commit (or commit: true in .coe.yaml) the change is committed with
your own git, hooks and signing included.`

func newReopenCmd(f *Factory) *cobra.Command {
	o := &reopenOptions{lifecycleOptions: lifecycleOptions{f: f}}
	cmd := &cobra.Command{
		Use:   "reopen ID|PATH --reason TEXT",
		Short: "Take an approved or closed COE back to review, with the reason kept in it",
		Long:  reopenLong,
		Example: `  coe reopen 2024-06-14-packages-shown-delivered-never-arrived --reason "Packages went missing again on 3 March."
  coe reopen 2024-06-14 --reason "The carrier fix did not hold." --by rosa --commit
  coe reopen 2024-06-14 --reason "..." --at "2025-03-03 08:00"
  coe reopen 2024-06-14 --reason "..." --json   # {"id", "path", "status", "reopened": {"at", "by", "reason"}, "changed", "committed"}`,
		Args:              oneCOE("reopen", 0),
		ValidArgsFunction: completeIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ref = args[0]
			return runReopen(o, cmd.Flags().Changed("reason"))
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.reason, "reason", "", "why it is reopened: a `TEXT` (Markdown) kept in the COE's reopened list (required)")
	fl.StringVar(&o.by, "by", "", "who reopens it: a `PERSON`'s handle or e-mail (default: you, see above)")
	o.addFlags(fl, true)
	return cmd
}

func runReopen(o *reopenOptions, reasonGiven bool) error {
	reason := strings.TrimSpace(o.reason)
	if !reasonGiven {
		return usagef("coe reopen needs --reason TEXT: why the COE goes back to review (what came back, what it missed); it is kept in the COE")
	}
	if err := coe.CheckReason(reason); err != nil {
		return usagef("--reason: %v", err)
	}
	r, path, at, err := o.open(true)
	if err != nil {
		return err
	}
	by, err := o.person(r, o.by, "who reopens it")
	if err != nil {
		return err
	}
	return o.change(r, path, lifecycleStep{
		name:          "reopen",
		at:            at,
		apply:         func(c *coe.COE) (coe.Review, error) { return coe.Reopen(c, by, reason, at) },
		done:          func(*coe.COE, coe.Review) string { return " as " + by + "; it is in review again, to be approved anew" },
		commitMessage: func(c *coe.COE) string { return "coe: reopen " + c.ID },
		fields: func(c *coe.COE) map[string]any {
			if len(c.Reopened) == 0 {
				return map[string]any{"reopened": nil}
			}
			last := c.Reopened[len(c.Reopened)-1]
			return map[string]any{"reopened": map[string]any{"at": jsonTime(last.At), "by": last.By, "reason": last.Reason}}
		},
	})
}
