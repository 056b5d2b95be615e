package coe

import (
	"fmt"
	"time"
)

// The review workflow the format names for approved_by and approved_at:
// a COE in review is approved by someone, at a time; an approval can be
// taken back. Approve and Revoke are its steps, applied to a COE in
// memory; coe approve reads, checks and writes the file around them.

// Review says what a step of the review workflow did.
type Review struct {
	// Verb says it, before the COE's id: "Approved", "Revoked the
	// approval of", "Emptied the stale approval of".
	Verb string
	// Unchanged, when not empty, says that nothing needed to change, and
	// why: approving an approved COE, revoking what is not approved.
	Unchanged string
}

// ReviewError is a step the COE's status does not allow; its message says
// why and what to do instead.
type ReviewError struct{ Msg string }

func (e *ReviewError) Error() string { return e.Msg }

// ApprovedBeforeStartError is an approval time before the incident
// started: an approval comes after the COE is written.
type ApprovedBeforeStartError struct{ At, Started time.Time }

func (e *ApprovedBeforeStartError) Error() string {
	return fmt.Sprintf("%s is before the incident started (%s); an approval comes after the COE is written", FormatTime(e.At), FormatTime(e.Started))
}

// Approve moves c from review to approved, by who at when. A draft goes to
// review first; a closed COE stays closed; an approved one is left as it
// is (Review.Unchanged says so).
func Approve(c *COE, by string, at time.Time) (Review, error) {
	if started := c.Incident.StartedAt; !started.IsZero() && at.Before(started) {
		return Review{}, &ApprovedBeforeStartError{At: at, Started: started}
	}
	switch c.Status {
	case StatusDraft:
		return Review{}, &ReviewError{fmt.Sprintf("%s is a draft; set status: review when it is ready (coe edit %s), so reviewers read it before it is approved", c.ID, c.ID)}
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
// COE is reopened with coe edit first.
func Revoke(c *COE) (Review, error) {
	var r Review
	switch c.Status {
	case StatusClosed:
		return r, &ReviewError{fmt.Sprintf("%s is closed; to reopen it, set its status with coe edit %s, then revoke", c.ID, c.ID)}
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
