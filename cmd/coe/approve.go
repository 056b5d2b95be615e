package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/spf13/cobra"
)

type approveOptions struct {
	lifecycleOptions
	by     string
	revoke bool
}

const approveLong = `Approve a COE that is in review, or revoke an approval.

coe approve is the review workflow of the format: it moves a COE from
status review to approved and fills approved_by and approved_at, in place,
keeping comments and every other line as they are. The COE must first meet
everything status approved demands (coe lint's rules: the seven questions
answered, every corrective action with an owner and a due date, ...); if it
does not, nothing is written and the problems are listed with their lines.

The approver is --by, else you: me: in your user config
($XDG_CONFIG_HOME/coe/config.yaml, else ~/.config/coe/config.yaml), else the
handle of the owners roster entry whose email is your git user.email, else
your git user (user.email, else user.name), else $USER. The time is --at,
else now; --at takes a time as people write it (2025-09-01 10:00, 10:00 for
today, or RFC 3339), local times in timezone: of .coe.yaml, else this
machine's zone. A draft goes to review first (coe submit), so that
reviewers read it before anyone approves it; a closed COE stays closed
(coe reopen takes it back to review). Approving an approved COE again
changes nothing. The COE is read, checked and written under the repository
lock: two approvals at once take turns, and the second finds the COE
approved.

--revoke takes an approval back: status returns to review, and approved_by
and approved_at are emptied. It is for an approval given too soon; a COE
whose failure came back is reopened with a reason (coe reopen).

With --commit (or commit: true in .coe.yaml) the change is committed with
your own git, hooks and signing included.`

func newApproveCmd(f *Factory) *cobra.Command {
	o := &approveOptions{lifecycleOptions: lifecycleOptions{f: f}}
	cmd := &cobra.Command{
		Use:   "approve ID|PATH",
		Short: "Approve a COE in review (status, approved_by, approved_at), or revoke it",
		Long:  approveLong,
		Example: `  coe approve 2025-08-18-orthopaedic-shoe-prescription-lost-between-providers
  coe approve 2025-08-18 --by kenji --commit
  coe approve 2025-08-18 --at "2025-09-01 10:00"
  coe approve 2025-08-18 --at 2025-09-01T10:00:00+02:00
  coe approve 2025-08-18 --revoke         # back to review
  coe approve 2025-08-18 --json           # {"id", "path", "status", "approved_by", "approved_at", "changed", "committed"}`,
		Args:              oneCOE("approve", 0),
		ValidArgsFunction: completeIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ref = args[0]
			return runApprove(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.by, "by", "", "who approves: a `PERSON`'s handle or e-mail (default: you, see above)")
	fl.BoolVar(&o.revoke, "revoke", false, "take the approval back: status review, approved_by and approved_at emptied")
	o.addFlags(fl, true)
	return cmd
}

func runApprove(o *approveOptions) error {
	if o.revoke && (o.by != "" || o.at != "") {
		return usagef("--revoke empties approved_by and approved_at; leave out --by and --at")
	}
	r, path, at, err := o.open(!o.revoke)
	if err != nil {
		return err
	}
	s := lifecycleStep{
		name: "approve",
		fields: func(c *coe.COE) map[string]any {
			return map[string]any{"approved_by": c.ApprovedBy, "approved_at": jsonTime(c.ApprovedAt)}
		},
		done: func(c *coe.COE, _ coe.Review) string {
			switch c.Status {
			case coe.StatusApproved:
				return fmt.Sprintf(" as %s at %s", coe.ApproverOf(c), coe.ApprovedAtOf(c))
			case coe.StatusReview:
				return "; it is in review again"
			}
			return ""
		},
	}
	if o.revoke {
		s.apply = coe.Revoke
		s.commitMessage = func(c *coe.COE) string { return "coe: revoke the approval of " + c.ID }
		return o.change(r, path, s)
	}
	by, err := o.person(r, o.by, "who approves")
	if err != nil {
		return err
	}
	s.at = at
	s.apply = func(c *coe.COE) (coe.Review, error) { return coe.Approve(c, by, at) }
	s.notes = func(c *coe.COE) { o.noteApprover(c, by) }
	s.commitMessage = func(c *coe.COE) string { return "coe: approve " + c.ID }
	return o.change(r, path, s)
}

// noteApprover warns, without refusing, when the approver is an author or
// not among the reviewers: a team may have reasons, but should see it.
func (o *approveOptions) noteApprover(c *coe.COE, by string) {
	w := o.f.Streams.ErrOut
	switch {
	case slices.Contains(c.Authors, by):
		fmt.Fprintf(w, "Note: %s is an author of this COE; an approval usually comes from someone who did not write it.\n", by)
	case len(c.Reviewers) > 0 && !slices.Contains(c.Reviewers, by):
		fmt.Fprintf(w, "Note: %s is not among the reviewers (%s).\n", by, coe.Printable(strings.Join(c.Reviewers, ", "), false))
	}
}
