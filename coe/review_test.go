package coe

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestApprove(t *testing.T) {
	started := time.Date(2024, 1, 28, 19, 5, 0, 0, time.UTC)
	at := started.Add(72 * time.Hour)
	earlier := time.Date(2024, 1, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		status, approvedBy string
		at                 time.Time
		wantStatus         string
		wantVerb, wantErr  string
		unchanged          string
	}{
		{status: StatusReview, at: at, wantStatus: StatusApproved, wantVerb: "Approved"},
		{status: StatusDraft, at: at, wantStatus: StatusDraft, wantErr: "x is a draft; set status: review when it is ready (coe edit x)"},
		{status: StatusClosed, approvedBy: "kenji", at: at, wantStatus: StatusClosed, wantErr: "x is closed, approved by kenji; nothing to approve"},
		{status: StatusApproved, approvedBy: "kenji", at: at, wantStatus: StatusApproved, unchanged: "x is already approved by kenji at "},
		{status: StatusReview, at: earlier, wantStatus: StatusReview, wantErr: "2024-01-20T00:00:00Z is before the incident started (2024-01-28T19:05:00Z)"},
	} {
		c := &COE{ID: "x", Status: tc.status, ApprovedBy: tc.approvedBy, Incident: Incident{StartedAt: started}}
		if tc.approvedBy != "" {
			c.ApprovedAt = at
		}
		r, err := Approve(c, "dana", tc.at)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.status, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.status, err)
		}
		if c.Status != tc.wantStatus || r.Verb != tc.wantVerb || !strings.HasPrefix(r.Unchanged, tc.unchanged) || (tc.unchanged == "") != (r.Unchanged == "") {
			t.Errorf("%s: status %s, %+v; want status %s, verb %q, unchanged %q", tc.status, c.Status, r, tc.wantStatus, tc.wantVerb, tc.unchanged)
		}
		if tc.wantVerb == "Approved" && (c.ApprovedBy != "dana" || !c.ApprovedAt.Equal(at)) {
			t.Errorf("approved by %q at %v", c.ApprovedBy, c.ApprovedAt)
		}
	}
	var early *ApprovedBeforeStartError
	if _, err := Approve(&COE{Status: StatusReview, Incident: Incident{StartedAt: started}}, "dana", earlier); !errors.As(err, &early) {
		t.Errorf("an approval before the start: %v, want an ApprovedBeforeStartError", err)
	}
}

func TestRevoke(t *testing.T) {
	at := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		status, approvedBy string
		wantStatus         string
		wantVerb, wantErr  string
		unchanged          string
	}{
		{status: StatusApproved, approvedBy: "kenji", wantStatus: StatusReview, wantVerb: "Revoked the approval of"},
		{status: StatusReview, approvedBy: "kenji", wantStatus: StatusReview, wantVerb: "Emptied the stale approval of"},
		{status: StatusReview, wantStatus: StatusReview, unchanged: "x is not approved (status review); nothing to revoke."},
		{status: StatusClosed, approvedBy: "kenji", wantStatus: StatusClosed, wantErr: "x is closed; to reopen it, set its status with coe edit x, then revoke"},
	} {
		c := &COE{ID: "x", Status: tc.status, ApprovedBy: tc.approvedBy}
		if tc.approvedBy != "" {
			c.ApprovedAt = at
		}
		r, err := Revoke(c)
		var re *ReviewError
		if tc.wantErr != "" && (!errors.As(err, &re) || err.Error() != tc.wantErr) || tc.wantErr == "" && err != nil {
			t.Errorf("%s: err %v, want %q", tc.status, err, tc.wantErr)
		}
		if c.Status != tc.wantStatus || r.Verb != tc.wantVerb || r.Unchanged != tc.unchanged {
			t.Errorf("%s: status %s, %+v", tc.status, c.Status, r)
		}
		if tc.wantVerb != "" && (c.ApprovedBy != "" || !c.ApprovedAt.IsZero()) {
			t.Errorf("%s: approval kept: %q %v", tc.status, c.ApprovedBy, c.ApprovedAt)
		}
	}
}
