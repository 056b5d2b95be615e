package main

import (
	"github.com/coe-cli/coe/coe"
	"github.com/spf13/cobra"
)

const closeLong = `Close an approved COE whose corrective actions are all finished.

coe close moves a COE from status approved to closed and sets closed_at, in
place, keeping comments and every other line as they are. A closed COE has
every corrective action done (with done_at) or wont-do, as coe lint's
action-closed rule holds it; if an action is still open or in progress, or
anything else status closed demands is missing, nothing is written and each
problem is listed with its line.

The time is --at, else now; --at takes a time as people write it
(2025-09-01 10:00, 10:00 for today, or RFC 3339), local times in timezone:
of .coe.yaml, else this machine's zone, and not before approved_at. Closing
a closed COE again changes nothing; coe reopen takes it back to review. The
COE is read, checked and written under the repository lock: two closes at
once take turns, and the second finds the COE closed.

With --commit (or commit: true in .coe.yaml) the change is committed with
your own git, hooks and signing included.`

func newCloseCmd(f *Factory) *cobra.Command {
	o := &lifecycleOptions{f: f}
	cmd := &cobra.Command{
		Use:   "close ID|PATH",
		Short: "Close an approved COE whose actions are all done or wont-do (status, closed_at)",
		Long:  closeLong,
		Example: `  coe close 2024-01-28-speaker-groups-stopped-playing
  coe close 2024-01-28 --commit
  coe close 2024-01-28 --at "2024-04-02 17:00"
  coe close 2024-01-28 --json             # {"id", "path", "status", "closed_at", "changed", "committed"}`,
		Args:              oneCOE("close", 0),
		ValidArgsFunction: completeIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ref = args[0]
			return runClose(o)
		},
	}
	o.addFlags(cmd.Flags(), true)
	return cmd
}

func runClose(o *lifecycleOptions) error {
	r, path, at, err := o.open(true)
	if err != nil {
		return err
	}
	return o.change(r, path, lifecycleStep{
		name:          "close",
		at:            at,
		apply:         func(c *coe.COE) (coe.Review, error) { return coe.Close(c, at) },
		done:          func(c *coe.COE, _ coe.Review) string { return " at " + coe.FormatTime(c.ClosedAt) },
		commitMessage: func(c *coe.COE) string { return "coe: close " + c.ID },
		fields: func(c *coe.COE) map[string]any {
			return map[string]any{"closed_at": jsonTime(c.ClosedAt)}
		},
	})
}
