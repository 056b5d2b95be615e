package coe

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The lifecycle the format's statuses describe: a draft is submitted for
// review, a COE in review is approved, an approved COE is closed once its
// actions are done; an approval can be taken back, and an approved or
// closed COE reopened when the failure returns. Submit, Approve, Revoke,
// Close and Reopen are its steps, applied to a COE in memory; the coe
// commands read, check and write the file around them (check.Review).
// Each step leaves what the status demands (the seven questions answered,
// every action done, ...) to coe lint's rules, which check.Review applies
// to the file as it will be written.

// Review says what a step of the lifecycle did.
type Review struct {
	// Verb says it, before the COE's id: "Approved", "Revoked the
	// approval of", "Emptied the stale approval of", "Submitted",
	// "Closed", "Reopened".
	Verb string
	// Unchanged, when not empty, says that nothing needed to change, and
	// why: approving an approved COE, revoking what is not approved.
	Unchanged string
}

// VerbSubmitted is the Verb of a COE that Submit sent to review (rather
// than one in review that gained reviewers).
const VerbSubmitted = "Submitted"

// ReviewError is a step the COE's status does not allow; its message says
// why and what to do instead.
type ReviewError struct{ Msg string }

func (e *ReviewError) Error() string { return e.Msg }

// TooEarlyError is a time a step would record that comes before what the
// step follows: an approval before the incident started, closing before
// the approval.
type TooEarlyError struct {
	At, Bound time.Time
	// Since names Bound: "the incident started", "it was approved".
	Since string
	// Why says why the order holds: "an approval comes after the COE is
	// written".
	Why string
}

func (e *TooEarlyError) Error() string {
	return fmt.Sprintf("%s is before %s (%s); %s", FormatTime(e.At), e.Since, FormatTime(e.Bound), e.Why)
}

// notBefore is a *TooEarlyError when at is before a bound that is set.
func notBefore(at, bound time.Time, since, why string) error {
	if !bound.IsZero() && at.Before(bound) {
		return &TooEarlyError{At: at, Bound: bound, Since: since, Why: why}
	}
	return nil
}

// Submit moves c from draft to review at the time at, adding reviewers
// that c does not list yet. A COE in review only gains the reviewers it
// lacks (nothing else changes); an approved or closed COE was submitted
// long ago, and is reopened instead.
func Submit(c *COE, reviewers []string, at time.Time) (Review, error) {
	var added []string
	for _, r := range reviewers {
		if !slices.Contains(c.Reviewers, r) && !slices.Contains(added, r) {
			added = append(added, r)
		}
	}
	switch c.Status {
	case StatusApproved, StatusClosed:
		return Review{}, &ReviewError{fmt.Sprintf("%s is %s, past review; to take it back to review, coe reopen %s --reason \"...\"", c.ID, c.Status, c.ID)}
	case StatusReview:
		if len(added) == 0 {
			return Review{Unchanged: fmt.Sprintf("%s is already in review%s; nothing changed.", c.ID, since(" since", c.SubmittedAt))}, nil
		}
		c.Reviewers = append(c.Reviewers, added...)
		return Review{Verb: "Added " + strings.Join(added, ", ") + " to the reviewers of"}, nil
	case StatusDraft:
	default:
		return Review{}, &ReviewError{fmt.Sprintf("%s has status %q; expected a draft to submit", c.ID, c.Status)}
	}
	if err := notBefore(at, c.Incident.StartedAt, "the incident started", "a COE is submitted after the incident it is about"); err != nil {
		return Review{}, err
	}
	c.Status, c.SubmittedAt = StatusReview, at
	c.Reviewers = append(c.Reviewers, added...)
	return Review{Verb: VerbSubmitted}, nil
}

// Approve moves c from review to approved, by who at when. A draft is
// submitted first; a closed COE stays closed; an approved one is left as
// it is (Review.Unchanged says so).
func Approve(c *COE, by string, at time.Time) (Review, error) {
	if err := notBefore(at, c.Incident.StartedAt, "the incident started", "an approval comes after the COE is written"); err != nil {
		return Review{}, err
	}
	switch c.Status {
	case StatusDraft:
		return Review{}, &ReviewError{fmt.Sprintf("%s is a draft; submit it for review when it is ready (coe submit %s), so reviewers read it before it is approved", c.ID, c.ID)}
	case StatusClosed:
		return Review{}, &ReviewError{fmt.Sprintf("%s is closed, approved by %s; nothing to approve", c.ID, ApproverOf(c))}
	case StatusApproved:
		return Review{Unchanged: fmt.Sprintf("%s is already approved by %s at %s; nothing changed (--revoke takes it back).", c.ID, ApproverOf(c), ApprovedAtOf(c))}, nil
	}
	c.Status, c.ApprovedBy, c.ApprovedAt = StatusApproved, by, at
	return Review{Verb: "Approved"}, nil
}

// Revoke takes an approval back: an approved COE returns to review, and
// approved_by and approved_at are emptied. A COE in draft or review that
// still names an approver has it emptied and keeps its status. A closed
// COE is reopened instead (Reopen), which says why.
func Revoke(c *COE) (Review, error) {
	var r Review
	switch c.Status {
	case StatusClosed:
		return r, &ReviewError{fmt.Sprintf("%s is closed; to take it back to review, coe reopen %s --reason \"...\" (the reason is kept in the COE)", c.ID, c.ID)}
	case StatusApproved:
		r.Verb = "Revoked the approval of"
		c.Status = StatusReview
	default:
		if c.ApprovedBy == "" && c.ApprovedAt.IsZero() {
			return Review{Unchanged: fmt.Sprintf("%s is not approved (status %s); nothing to revoke.", c.ID, c.Status)}, nil
		}
		r.Verb = "Emptied the stale approval of"
	}
	c.ApprovedBy, c.ApprovedAt = "", time.Time{}
	return r, nil
}

// Close moves c from approved to closed at the time at. Every action done
// or wont-do is what closed demands of the file (coe lint's action-closed
// rule), which check.Review holds it to. A closed COE is left as it is.
func Close(c *COE, at time.Time) (Review, error) {
	switch c.Status {
	case StatusClosed:
		return Review{Unchanged: fmt.Sprintf("%s is already closed%s; nothing changed (coe reopen %s --reason \"...\" takes it back to review).", c.ID, since(" since", c.ClosedAt), c.ID)}, nil
	case StatusDraft:
		return Review{}, &ReviewError{fmt.Sprintf("%s is a draft; a COE is closed once approved: submit it (coe submit %s), have it approved (coe approve %s), then close it", c.ID, c.ID, c.ID)}
	case StatusReview:
		return Review{}, &ReviewError{fmt.Sprintf("%s is in review; a COE is closed once approved: approve it (coe approve %s), then close it", c.ID, c.ID)}
	case StatusApproved:
	default:
		return Review{}, &ReviewError{fmt.Sprintf("%s has status %q; expected an approved COE to close", c.ID, c.Status)}
	}
	if err := notBefore(at, c.ApprovedAt, "it was approved", "a COE is closed after its approval"); err != nil {
		return Review{}, err
	}
	c.Status, c.ClosedAt = StatusClosed, at
	return Review{Verb: "Closed"}, nil
}

// ErrNoReason is a reopening without a reason: the reason is what the
// next reader of the COE needs.
var ErrNoReason = errors.New("a reopening needs a reason: what came back, or what the COE missed")

// CheckReason accepts the reason of a reopening: Markdown text, not blank,
// without control characters (but tabs and line breaks) or the bidi
// controls coe lint refuses, at most MaxAnswerLength characters.
func CheckReason(reason string) error {
	switch {
	case strings.TrimSpace(reason) == "":
		return ErrNoReason
	case strings.ContainsFunc(reason, func(r rune) bool { return IsControl(r, true) || isBidiControl(r) }):
		return fmt.Errorf("the reason %q holds a control character; expected text (Markdown)", reason)
	}
	if n := utf8.RuneCountInString(reason); n > MaxAnswerLength {
		return fmt.Errorf("the reason is %d characters long; a Markdown answer may be at most %d", n, MaxAnswerLength)
	}
	return nil
}

// Reopen takes an approved or closed COE back to review, by who at the
// time at, for reason: the reopening is added to reopened, and the
// approval and closed_at are emptied, since the COE must be approved
// again. A draft or a COE in review is not reopened: there is nothing to
// take back.
func Reopen(c *COE, by, reason string, at time.Time) (Review, error) {
	if err := CheckReason(reason); err != nil {
		return Review{}, err
	}
	switch c.Status {
	case StatusApproved:
		if err := notBefore(at, c.ApprovedAt, "it was approved", "a COE is reopened after it was approved"); err != nil {
			return Review{}, err
		}
	case StatusClosed:
		if err := notBefore(at, c.ClosedAt, "it was closed", "a COE is reopened after it was closed"); err != nil {
			return Review{}, err
		}
	case StatusReview:
		return Review{}, &ReviewError{fmt.Sprintf("%s is in review already; only an approved or closed COE is reopened (coe edit %s changes it as it is)", c.ID, c.ID)}
	case StatusDraft:
		return Review{}, &ReviewError{fmt.Sprintf("%s is a draft; only an approved or closed COE is reopened (coe submit %s sends a draft to review)", c.ID, c.ID)}
	default:
		return Review{}, &ReviewError{fmt.Sprintf("%s has status %q; expected an approved or closed COE to reopen", c.ID, c.Status)}
	}
	c.Reopened = append(c.Reopened, Reopening{At: at, By: by, Reason: reason})
	c.Status, c.ApprovedBy, c.ApprovedAt, c.ClosedAt = StatusReview, "", time.Time{}, time.Time{}
	return Review{Verb: "Reopened"}, nil
}

// since is prefix and t for a message (" since 2024-...") or "" when t is
// not set.
func since(prefix string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return prefix + " " + t.Format(time.RFC3339)
}

// ApproverOf names c's approver for a message, as printable text (it comes
// from the file).
func ApproverOf(c *COE) string {
	if c.ApprovedBy == "" {
		return "nobody named"
	}
	return Printable(c.ApprovedBy, false)
}

// ApprovedAtOf is c's approval time for a message.
func ApprovedAtOf(c *COE) string {
	if c.ApprovedAt.IsZero() {
		return "an unknown time"
	}
	return c.ApprovedAt.Format(time.RFC3339)
}

// RosterName is name as the owners roster of c knows the person, for a
// reviewer as for an owner (rosterOwner): name itself when the roster
// holds it (or the config has no roster), else the handle of the entry
// whose e-mail it is, with a note saying so; else an error naming the
// nearest handles.
func (c Config) RosterName(name string) (handle, note string, err error) {
	return rosterOwner(name, c)
}

// LineMap maps the lines of after, an in-place edit of before (as Update
// writes it), back to the lines of before, so that a problem found in the
// file as a step would write it can be shown where it is in the file as it
// stands (the step wrote nothing). A line the edit kept maps to its own
// line in before, a line it changed to the line it replaced, a line it
// added to the line it was added before. Lines are 1-based; line 0 (the
// whole file) maps to 0. It returns nil when the two differ too much to
// say (not so for the edits of a lifecycle step, a few lines).
func LineMap(before, after []byte) func(line int) int {
	lf := func(b []byte) []string {
		body, _ := toLF(bytes.TrimPrefix(b, bom))
		return splitLines(string(body))
	}
	a, b := lf(before), lf(after)
	hunks, ok := diffLines(a, b)
	if !ok {
		return nil
	}
	return func(line int) int {
		if line <= 0 {
			return line
		}
		i, shift := line-1, 0
		for _, h := range hunks {
			if i < h.B0 {
				break
			}
			if i < h.B1 {
				if off := i - h.B0; off < h.A1-h.A0 {
					return h.A0 + off + 1
				}
				return min(h.A1+1, max(len(a), 1))
			}
			shift = h.A1 - h.B1
		}
		return i + shift + 1
	}
}
