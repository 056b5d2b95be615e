package coe

import (
	"errors"
	"slices"
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
		{status: StatusDraft, at: at, wantStatus: StatusDraft, wantErr: "x is a draft; submit it for review when it is ready (coe submit x)"},
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
	var early *TooEarlyError
	if _, err := Approve(&COE{Status: StatusReview, Incident: Incident{StartedAt: started}}, "dana", earlier); !errors.As(err, &early) || !early.Bound.Equal(started) {
		t.Errorf("an approval before the start: %v, want a TooEarlyError", err)
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
		{status: StatusClosed, approvedBy: "kenji", wantStatus: StatusClosed, wantErr: "x is closed; to take it back to review, coe reopen x --reason \"...\" (the reason is kept in the COE)"},
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

func TestSubmit(t *testing.T) {
	started := time.Date(2024, 1, 28, 19, 5, 0, 0, time.UTC)
	at := started.Add(48 * time.Hour)
	earlier := started.Add(-time.Hour)
	for _, tc := range []struct {
		name          string
		status        string
		reviewers     []string
		add           []string
		at            time.Time
		wantStatus    string
		wantReviewers []string
		wantVerb      string
		wantErr       string
		unchanged     string
	}{
		{name: "draft", status: StatusDraft, reviewers: []string{"kenji"}, add: []string{"ngozi", "kenji", "ngozi"}, at: at,
			wantStatus: StatusReview, wantReviewers: []string{"kenji", "ngozi"}, wantVerb: VerbSubmitted},
		{name: "draft, nobody named", status: StatusDraft, at: at, wantStatus: StatusReview, wantVerb: VerbSubmitted},
		{name: "review, a new reviewer", status: StatusReview, reviewers: []string{"kenji"}, add: []string{"kenji", "aisha"}, at: at,
			wantStatus: StatusReview, wantReviewers: []string{"kenji", "aisha"}, wantVerb: "Added aisha to the reviewers of"},
		{name: "review, nobody new", status: StatusReview, reviewers: []string{"kenji"}, add: []string{"kenji"}, at: at,
			wantStatus: StatusReview, wantReviewers: []string{"kenji"}, unchanged: "x is already in review; nothing changed."},
		{name: "approved", status: StatusApproved, at: at, wantStatus: StatusApproved,
			wantErr: "x is approved, past review; to take it back to review, coe reopen x --reason \"...\""},
		{name: "closed", status: StatusClosed, at: at, wantStatus: StatusClosed, wantErr: "x is closed, past review"},
		{name: "before the incident", status: StatusDraft, at: earlier, wantStatus: StatusDraft,
			wantErr: "2024-01-28T18:05:00Z is before the incident started (2024-01-28T19:05:00Z); a COE is submitted after the incident it is about"},
	} {
		c := &COE{ID: "x", Status: tc.status, Reviewers: tc.reviewers, Incident: Incident{StartedAt: started}}
		r, err := Submit(c, tc.add, tc.at)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.name, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.name, err)
		}
		if c.Status != tc.wantStatus || r.Verb != tc.wantVerb || r.Unchanged != tc.unchanged {
			t.Errorf("%s: status %s, %+v; want %s, verb %q, unchanged %q", tc.name, c.Status, r, tc.wantStatus, tc.wantVerb, tc.unchanged)
		}
		if tc.wantErr == "" && !slices.Equal(c.Reviewers, tc.wantReviewers) {
			t.Errorf("%s: reviewers %q, want %q", tc.name, c.Reviewers, tc.wantReviewers)
		}
		if wantAt := tc.wantVerb == VerbSubmitted; wantAt != c.SubmittedAt.Equal(at) {
			t.Errorf("%s: submitted_at %v", tc.name, c.SubmittedAt)
		}
	}
}

func TestClose(t *testing.T) {
	approved := time.Date(2024, 2, 12, 16, 30, 0, 0, time.UTC)
	at := approved.Add(30 * 24 * time.Hour)
	for _, tc := range []struct {
		status     string
		closedAt   time.Time
		at         time.Time
		wantStatus string
		wantErr    string
		unchanged  string
	}{
		{status: StatusApproved, at: at, wantStatus: StatusClosed},
		{status: StatusClosed, closedAt: approved, at: at, wantStatus: StatusClosed,
			unchanged: "x is already closed since 2024-02-12T16:30:00Z; nothing changed (coe reopen x --reason \"...\" takes it back to review)."},
		{status: StatusClosed, at: at, wantStatus: StatusClosed, unchanged: "x is already closed; nothing changed"},
		{status: StatusReview, at: at, wantStatus: StatusReview, wantErr: "x is in review; a COE is closed once approved: approve it (coe approve x), then close it"},
		{status: StatusDraft, at: at, wantStatus: StatusDraft, wantErr: "x is a draft; a COE is closed once approved: submit it (coe submit x)"},
		{status: StatusApproved, at: approved.Add(-time.Minute), wantStatus: StatusApproved,
			wantErr: "2024-02-12T16:29:00Z is before it was approved (2024-02-12T16:30:00Z); a COE is closed after its approval"},
	} {
		c := &COE{ID: "x", Status: tc.status, ApprovedBy: "kenji", ApprovedAt: approved, ClosedAt: tc.closedAt}
		r, err := Close(c, tc.at)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.status, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.status, err)
		}
		if c.Status != tc.wantStatus || !strings.HasPrefix(r.Unchanged, tc.unchanged) || (r.Unchanged == "") != (tc.unchanged == "") {
			t.Errorf("%s: status %s, %+v", tc.status, c.Status, r)
		}
		if closed := tc.wantErr == "" && tc.unchanged == ""; closed != (r.Verb == "Closed" && c.ClosedAt.Equal(at)) {
			t.Errorf("%s: verb %q, closed_at %v", tc.status, r.Verb, c.ClosedAt)
		}
		if c.ApprovedBy != "kenji" || !c.ApprovedAt.Equal(approved) {
			t.Errorf("%s: the approval changed: %q %v", tc.status, c.ApprovedBy, c.ApprovedAt)
		}
	}
}

func TestReopen(t *testing.T) {
	approved := time.Date(2024, 2, 12, 16, 30, 0, 0, time.UTC)
	closed := approved.Add(24 * time.Hour)
	at := closed.Add(24 * time.Hour)
	earlier := Reopening{At: approved.Add(-time.Hour), By: "dana", Reason: "First time."}
	for _, tc := range []struct {
		status, reason string
		at             time.Time
		wantErr        string
	}{
		{status: StatusClosed, reason: "It came back.", at: at},
		{status: StatusApproved, reason: "The cause was wrong.", at: at},
		{status: StatusClosed, reason: " \n ", at: at, wantErr: ErrNoReason.Error()},
		{status: StatusReview, reason: "x", at: at, wantErr: "x is in review already; only an approved or closed COE is reopened"},
		{status: StatusDraft, reason: "x", at: at, wantErr: "x is a draft; only an approved or closed COE is reopened (coe submit x sends a draft to review)"},
		{status: StatusClosed, reason: "x", at: closed.Add(-time.Second), wantErr: "2024-02-13T16:29:59Z is before it was closed (2024-02-13T16:30:00Z)"},
		{status: StatusApproved, reason: "x", at: approved.Add(-time.Second), wantErr: "2024-02-12T16:29:59Z is before it was approved"},
	} {
		c := &COE{ID: "x", Status: tc.status, ApprovedBy: "kenji", ApprovedAt: approved, Reopened: []Reopening{earlier}}
		if tc.status == StatusClosed {
			c.ClosedAt = closed
		}
		before := *c
		r, err := Reopen(c, "rosa", tc.reason, tc.at)
		if tc.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("%s %q: err %v, want %q", tc.status, tc.reason, err, tc.wantErr)
			}
			if c.Status != before.Status || len(c.Reopened) != 1 || c.ApprovedBy != "kenji" || !c.ClosedAt.Equal(before.ClosedAt) {
				t.Errorf("%s: refused, yet changed: %+v", tc.status, c)
			}
			continue
		}
		if err != nil || r.Verb != "Reopened" {
			t.Errorf("%s: %+v %v", tc.status, r, err)
		}
		want := []Reopening{earlier, {At: tc.at, By: "rosa", Reason: tc.reason}}
		if c.Status != StatusReview || c.ApprovedBy != "" || !c.ApprovedAt.IsZero() || !c.ClosedAt.IsZero() || !slices.Equal(c.Reopened, want) {
			t.Errorf("%s: reopened as %+v", tc.status, c)
		}
	}
}

func TestRosterName(t *testing.T) {
	cfg := Config{Owners: []string{"dana", "kenji", "li.wei"}, Roster: []Member{{Handle: "dana"}, {Handle: "kenji", Email: "kenji@example.com"}, {Handle: "li.wei"}}}
	for _, tc := range []struct{ in, want, note, err string }{
		{in: "kenji", want: "kenji"},
		{in: "Kenji@Example.com", want: "kenji", note: "Kenji@Example.com is kenji in the owners roster; the owner is set to kenji"},
		{in: "kenjj", err: `"kenjj" is not in the owners roster of .coe.yaml (dana, kenji, li.wei); did you mean "kenji"?`},
	} {
		got, note, err := cfg.RosterName(tc.in)
		if got != tc.want || note != tc.note || (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
			t.Errorf("%q: %q %q %v; want %q %q %q", tc.in, got, note, err, tc.want, tc.note, tc.err)
		}
	}
	if got, _, err := (Config{}).RosterName("anyone"); got != "anyone" || err != nil {
		t.Errorf("no roster: %q %v", got, err)
	}
}

func TestLineMap(t *testing.T) {
	before := "a\nb\nc\nd\ne\n"
	// b changed, x added after c, e removed; the lines of after map back.
	after := "a\nB\nc\nx\nd\n"
	at := LineMap([]byte(before), []byte(after))
	for line, want := range map[int]int{0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 4} {
		if got := at(line); got != want {
			t.Errorf("line %d maps to %d, want %d", line, got, want)
		}
	}
	// Line ends and a byte-order mark count as nothing: lines are lines.
	crlf := LineMap([]byte("\ufeffa\r\nb\r\n"), []byte("\ufeffz\r\na\r\nb\r\n"))
	if crlf(2) != 1 || crlf(3) != 2 {
		t.Errorf("CRLF: 2 -> %d, 3 -> %d; want 1, 2", crlf(2), crlf(3))
	}
}

func TestCheckReason(t *testing.T) {
	for reason, want := range map[string]string{
		"It came back.\n\nTwice, in\tMarch.":   "",
		" \n\t":                                ErrNoReason.Error(),
		"a\x1b[2Jb":                            `the reason "a\x1b[2Jb" holds a control character; expected text (Markdown)`,
		"fixed \u202edexif ton":                `the reason "fixed \u202edexif ton" holds a control character; expected text (Markdown)`,
		"می\u200cخواهم":                        "", // a zero-width non-joiner, which Persian needs
		strings.Repeat("é", MaxAnswerLength+1): "the reason is 65537 characters long; a Markdown answer may be at most 65536",
	} {
		err := CheckReason(reason)
		if got := ""; err != nil {
			got = err.Error()
			if got != want {
				t.Errorf("%.20q: %q, want %q", reason, got, want)
			}
		} else if want != "" {
			t.Errorf("%.20q: accepted, want %q", reason, want)
		}
	}
}
