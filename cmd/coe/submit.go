package main

import (
	"fmt"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/spf13/cobra"
)

type submitOptions struct {
	lifecycleOptions
	reviewers []string
}

const submitLong = `Submit a draft COE for review.

coe submit moves a COE from status draft to review and sets submitted_at,
in place, keeping comments and every other line as they are. --reviewer
adds a person to reviewers (repeat it for more; one listed already is not
added twice); with an owners roster in .coe.yaml, a reviewer must be in it,
and a roster e-mail is written as its handle. The COE must first meet
everything status review demands (coe lint's rules: the seven questions
answered, every corrective action with an owner and a due date, the
incident's start, ...); if it does not, nothing is written and the problems
are listed with their lines.

The time is --at, else now; --at takes a time as people write it
(2025-09-01 10:00, 10:00 for today, or RFC 3339), local times in timezone:
of .coe.yaml, else this machine's zone. A COE in review already only gains
the reviewers it lacks; an approved or closed COE goes back to review with
coe reopen. The COE is read, checked and written under the repository lock.

With --commit (or commit: true in .coe.yaml) the change is committed with
your own git, hooks and signing included.`

func newSubmitCmd(f *Factory) *cobra.Command {
	o := &submitOptions{lifecycleOptions: lifecycleOptions{f: f}}
	cmd := &cobra.Command{
		Use:   "submit ID|PATH",
		Short: "Send a draft COE to review (status, submitted_at, reviewers)",
		Long:  submitLong,
		Example: `  coe submit 2025-12-02-payment-reminder-call-could-not-take-payment
  coe submit 2025-12-02 --reviewer kenji --reviewer ngozi
  coe submit 2025-12-02 --reviewer aisha       # in review already: adds a reviewer
  coe submit 2025-12-02 --at "2025-12-10 09:30" --commit
  coe submit 2025-12-02 --json                 # {"id", "path", "status", "submitted_at", "reviewers", "changed", "committed"}`,
		Args:              oneCOE("submit", 0),
		ValidArgsFunction: completeIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ref = args[0]
			return runSubmit(o)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&o.reviewers, "reviewer", nil, "add a `PERSON` (handle or e-mail) to the reviewers; repeat for more")
	o.addFlags(fl, true)
	return cmd
}

func runSubmit(o *submitOptions) error {
	r, path, at, err := o.open(true)
	if err != nil {
		return err
	}
	var reviewers, notes []string
	for _, name := range o.reviewers {
		if strings.TrimSpace(name) == "" {
			return usagef("--reviewer is blank; expected a person's handle or e-mail")
		}
		who, _, err := r.Config.RosterName(name)
		if err != nil {
			return usagef("--reviewer %v", err)
		}
		if given := strings.TrimSpace(name); who != given {
			notes = append(notes, coe.Printable(fmt.Sprintf("%s is %s in the owners roster; the reviewer is %s", given, who, who), false))
		}
		reviewers = append(reviewers, who)
	}
	return o.change(r, path, lifecycleStep{
		name:  "submit",
		at:    at,
		apply: func(c *coe.COE) (coe.Review, error) { return coe.Submit(c, reviewers, at) },
		done: func(c *coe.COE, rv coe.Review) string {
			if rv.Verb != coe.VerbSubmitted {
				return ""
			}
			done := " at " + coe.FormatTime(c.SubmittedAt)
			if len(c.Reviewers) > 0 {
				done += " for review by " + strings.Join(c.Reviewers, ", ")
			}
			return done
		},
		notes: func(c *coe.COE) {
			for _, n := range notes {
				fmt.Fprintf(o.f.Streams.ErrOut, "Note: %s.\n", n)
			}
			if len(c.Reviewers) == 0 {
				fmt.Fprintf(o.f.Streams.ErrOut, "Note: nobody is named to review %s; coe submit %s --reviewer PERSON adds a reviewer.\n", c.ID, c.ID)
			}
		},
		commitMessage: func(c *coe.COE) string { return "coe: submit " + c.ID + " for review" },
		fields: func(c *coe.COE) map[string]any {
			return map[string]any{"submitted_at": jsonTime(c.SubmittedAt), "reviewers": nonNil(c.Reviewers)}
		},
	})
}

// nonNil is l, or an empty list: JSON says [] rather than null.
func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
