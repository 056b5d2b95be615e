package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/identity"
	"github.com/coe-cli/coe/coe/vcs"
	"github.com/spf13/cobra"
)

type approveOptions struct {
	f        *Factory
	ref      string
	by       string
	at       string
	revoke   bool
	commit   bool
	noCommit bool
	json     bool
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
machine's zone. A draft goes to review first (coe edit),
so that reviewers read it before anyone approves it; a closed COE stays
closed. Approving an approved COE again changes nothing. The COE is read,
checked and written under the repository lock: two approvals at once take
turns, and the second finds the COE approved.

--revoke takes an approval back: status returns to review, and approved_by
and approved_at are emptied.

With --commit (or commit: true in .coe.yaml) the change is committed with
your own git, hooks and signing included.`

func newApproveCmd(f *Factory) *cobra.Command {
	o := &approveOptions{f: f}
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
	fl.StringVar(&o.at, "at", "", "when: a `TIME` like 2025-09-01 10:00, 10:00 (today) or RFC 3339 (default: now)")
	fl.BoolVar(&o.revoke, "revoke", false, "take the approval back: status review, approved_by and approved_at emptied")
	fl.BoolVar(&o.commit, "commit", false, "git add and commit the change")
	fl.BoolVar(&o.noCommit, "no-commit", false, "do not commit, even when .coe.yaml says commit: true")
	fl.BoolVar(&o.json, "json", false, "print the outcome as JSON on stdout")
	return cmd
}

func runApprove(o *approveOptions) error {
	switch {
	case o.commit && o.noCommit:
		return usagef("--commit and --no-commit contradict each other")
	case o.revoke && (o.by != "" || o.at != ""):
		return usagef("--revoke empties approved_by and approved_at; leave out --by and --at")
	}
	r, path, err := o.f.resolveCOE(o.ref)
	if err != nil {
		return err
	}
	var by string
	var at time.Time
	if !o.revoke {
		if by, err = o.approver(r); err != nil {
			return err
		}
		if at, err = o.time(r); err != nil {
			return err
		}
	}
	// Read, check and write under the repository lock: two approvals at
	// once take turns, and the second sees what the first wrote.
	step := func(c *coe.COE) (coe.Review, error) {
		if o.revoke {
			return coe.Revoke(c)
		}
		return coe.Approve(c, by, at)
	}
	var a check.Reviewed
	_, err = r.Change(path, "coe approve "+strings.TrimSuffix(filepath.Base(path), ".yaml"), func(orig []byte) (out []byte, err error) {
		a, err = check.Review(r, path, orig, !o.revoke, step, coe.DateOf(o.f.Now()))
		return a.Out, err
	})
	if err != nil {
		return o.refused(err, at)
	}
	c := &a.COE
	if a.Unchanged != "" {
		return o.unchanged(r, path, c, a.Unchanged)
	}
	if !o.revoke {
		o.noteApprover(c, by)
	}
	committed, commitErr := o.commitChange(r, path, c)
	if err := o.report(r, path, c, true, committed); err != nil {
		return err
	}
	fmt.Fprintf(o.f.Streams.ErrOut, "%s %s", a.Verb, c.ID)
	switch c.Status {
	case coe.StatusApproved:
		fmt.Fprintf(o.f.Streams.ErrOut, " as %s at %s", coe.ApproverOf(c), coe.ApprovedAtOf(c))
	case coe.StatusReview:
		fmt.Fprint(o.f.Streams.ErrOut, "; it is in review again")
	}
	fmt.Fprintf(o.f.Streams.ErrOut, " (%s).\n", r.Rel(path))
	if commitErr != nil {
		return notCommitted(r, path, commitErr)
	}
	if committed != "" {
		fmt.Fprintf(o.f.Streams.ErrOut, "Committed: %s\n", committed)
	}
	return nil
}

// refused says why a COE could not be approved or revoked, with the
// exit code: the time given is before the incident (usage), the status
// does not allow it or the COE is not ready (findings).
func (o *approveOptions) refused(err error, at time.Time) error {
	var early *coe.ApprovedBeforeStartError
	var status *coe.ReviewError
	var notReady *check.NotReviewed
	switch {
	case errors.As(err, &early):
		what := "--at " + coe.FormatTime(at)
		if o.at == "" {
			what = "now (" + coe.FormatTime(at) + ")"
		}
		return usagef("%s is before the incident started (%s); an approval comes after the COE is written", what, coe.FormatTime(early.Started))
	case errors.As(err, &status):
		return &exitError{exitFindings, err}
	case errors.As(err, &notReady):
		w, indent := o.f.Streams.ErrOut, ""
		if notReady.Header != "" {
			fmt.Fprintln(w, notReady.Header)
			indent = "  "
		}
		for _, p := range notReady.Problems {
			fmt.Fprintf(w, "%s%s\n", indent, coe.Printable(p, true))
		}
		return &exitError{exitFindings, err}
	}
	return usageError(err)
}

// unchanged reports a COE left as it was, and succeeds: approving an
// approved COE, or revoking what is not approved, is already done.
func (o *approveOptions) unchanged(r *coe.Repo, path string, c *coe.COE, msg string) error {
	if err := o.report(r, path, c, false, ""); err != nil {
		return err
	}
	fmt.Fprintln(o.f.Streams.ErrOut, msg)
	return nil
}

// report prints the outcome on stdout: the file's path, or JSON.
func (o *approveOptions) report(r *coe.Repo, path string, c *coe.COE, changed bool, committed string) error {
	out := o.f.Streams.Out
	if !o.json {
		_, err := fmt.Fprintln(out, r.Rel(path))
		return err
	}
	v := map[string]any{
		"id":          c.ID,
		"path":        r.Rel(path),
		"status":      c.Status,
		"approved_by": c.ApprovedBy,
		"approved_at": nil,
		"changed":     changed,
		"committed":   committed != "",
	}
	if !c.ApprovedAt.IsZero() {
		v["approved_at"] = coe.ApprovedAtOf(c)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n", b)
	return err
}

func (o *approveOptions) commitChange(r *coe.Repo, path string, c *coe.COE) (string, error) {
	if !(o.commit || r.Config.Commit) || o.noCommit {
		return "", nil
	}
	msg := "coe: approve " + c.ID
	if o.revoke {
		msg = "coe: revoke the approval of " + c.ID
	}
	return vcs.Commit(r.Root, msg, path)
}

// approver is who approves: --by, else the user (see identity.Default).
func (o *approveOptions) approver(r *coe.Repo) (string, error) {
	by := strings.TrimSpace(o.by)
	if o.by != "" && by == "" {
		return "", usagef("--by is blank; expected a person's handle or e-mail")
	}
	if by == "" {
		who, err := identity.Default(r, o.f.Streams.Getenv)
		if err != nil {
			return "", usageError(err)
		}
		by = who.Name
	}
	if by == "" {
		return "", usagef("who approves? Name them with --by, or say who you are with me: in %s (no git user.email or user.name, and no $USER)", coe.UserConfigPath(o.f.Streams.Getenv))
	}
	if strings.ContainsAny(by, "\n\r\t") || strings.ContainsFunc(by, isControl) {
		return "", usagef("--by %q holds a control character; expected a person's handle or e-mail", by)
	}
	return by, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// time is --at, else now, to the second. A time of day alone is today's,
// in the repository's time zone.
func (o *approveOptions) time(r *coe.Repo) (time.Time, error) {
	loc := r.Config.Location()
	if o.at == "" {
		now := o.f.Now().Truncate(time.Second)
		if r.Config.TimeZone != nil {
			now = now.In(loc) // the team's zone, as the times people type
		}
		return now, nil
	}
	t, err := coe.ParseTimeIn(o.at, loc, coe.DateOf(o.f.Now().In(loc)))
	if err != nil {
		return time.Time{}, usagef("--at: %v", err)
	}
	if t.After(o.f.Now().Add(24 * time.Hour)) {
		return time.Time{}, usagef("--at %s is in the future; an approval records when it was given", o.at)
	}
	return t, nil
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
