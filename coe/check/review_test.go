package check

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

func TestReview(t *testing.T) {
	r := examples(t)
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	asOf := coe.DateOf(at)
	approve := func(c *coe.COE) (coe.Review, error) { return coe.Approve(c, "ngozi", at) }
	revoke := func(c *coe.COE) (coe.Review, error) { return coe.Revoke(c) }

	// A COE in review that meets what approved demands: three lines added.
	shoe := r.PathOf("2025-08-18-orthopaedic-shoe-prescription-lost-between-providers")
	orig, _ := os.ReadFile(shoe)
	res, err := Review(r, shoe, orig, true, approve, asOf)
	if err != nil || res.Verb != "Approved" || res.COE.Status != coe.StatusApproved {
		t.Fatalf("approve: %+v %v", res.Review, err)
	}
	if !strings.Contains(string(res.Out), "\nstatus: approved\n") || !strings.Contains(string(res.Out), "\napproved_by: ngozi\n") ||
		strings.Count(string(res.Out), "\n") != strings.Count(string(orig), "\n")+2 {
		t.Errorf("the approved file:\n%s", res.Out)
	}

	// Revoked again: back to the original bytes.
	back, err := Review(r, shoe, res.Out, false, revoke, asOf)
	if err != nil || string(back.Out) != string(orig) {
		t.Errorf("revoke: %v\n%s", err, back.Out)
	}

	// Approved already: nothing to write.
	again, err := Review(r, shoe, res.Out, true, approve, asOf)
	if err != nil || again.Out != nil || !strings.Contains(again.Unchanged, "is already approved by ngozi") {
		t.Errorf("approve twice: %+v %v", again.Review, err)
	}

	// A draft: the status does not allow it.
	draft := r.PathOf("2025-12-02-payment-reminder-call-could-not-take-payment")
	data, _ := os.ReadFile(draft)
	var status *coe.ReviewError
	if _, err := Review(r, draft, data, true, approve, asOf); !errors.As(err, &status) {
		t.Errorf("approve a draft: %v", err)
	}
	// In review but not ready: refused with the errors, nothing written.
	review := []byte(strings.Replace(string(data), "status: draft", "status: review", 1))
	var notReady *NotReviewed
	res, err = Review(r, draft, review, true, approve, asOf)
	if !errors.As(err, &notReady) || res.Out != nil || !strings.HasPrefix(notReady.Header, "2025-12-02-payment-reminder-call-could-not-take-payment cannot be approved yet; ") || len(notReady.Problems) == 0 {
		t.Errorf("approve what is not ready: %v %+v", err, notReady)
	}
	// Not YAML: the reader's errors.
	if _, err := Review(r, draft, []byte("version: [\n"), true, approve, asOf); !errors.As(err, &notReady) || !strings.Contains(err.Error(), "does not read; fix it first") {
		t.Errorf("a file that does not read: %v", err)
	}
}

// Each step forward is held to the rules of the status it moves to, as
// the file will be written; a step back is not, but must still read.
func TestReviewLifecycle(t *testing.T) {
	r := examples(t)
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	asOf := coe.DateOf(at)
	var notReady *NotReviewed

	// submit: a draft with errors for review is refused, with the header
	// naming the step.
	draft := r.PathOf("2025-12-02-payment-reminder-call-could-not-take-payment")
	data, _ := os.ReadFile(draft)
	submit := func(c *coe.COE) (coe.Review, error) { return coe.Submit(c, []string{"kenji"}, at) }
	res, err := Review(r, draft, data, true, submit, asOf)
	if !errors.As(err, &notReady) || res.Out != nil || !strings.HasPrefix(notReady.Header, "2025-12-02-payment-reminder-call-could-not-take-payment cannot be submitted yet; ") ||
		!strings.HasSuffix(notReady.Msg, ", then submit again") {
		t.Errorf("submit a draft that is not ready: %v %+v", err, notReady)
	}
	// The problems are at their lines in the file as it stands, not in
	// the file the step would have written (two lines longer above them).
	ca3 := strings.Count(string(data[:strings.Index(string(data), "\n  - id: CA-3\n")+1]), "\n") + 1
	if want := fmt.Sprintf("2025-12-02-payment-reminder-call-could-not-take-payment.yaml:%d:5: error: corrective action CA-3 ", ca3); !slices.ContainsFunc(notReady.Problems, func(p string) bool { return strings.Contains(p, want) }) {
		t.Errorf("submit: no problem %q in %q", want, notReady.Problems)
	}
	// The same step without the gate (an edit of one field) writes.
	if res, err := Review(r, draft, data, false, submit, asOf); err != nil || !strings.Contains(string(res.Out), "\nstatus: review\n") {
		t.Errorf("submit without the gate: %v\n%s", err, res.Out)
	}

	// submit: a COE in review gaining a reviewer stays in review, and is
	// not held to the rules again (it was when submitted).
	shoe := r.PathOf("2025-08-18-orthopaedic-shoe-prescription-lost-between-providers")
	data, _ = os.ReadFile(shoe)
	add := func(c *coe.COE) (coe.Review, error) { return coe.Submit(c, []string{"aisha"}, at) }
	if res, err := Review(r, shoe, data, true, add, asOf); err != nil || !strings.Contains(string(res.Out), "\nreviewers: [ngozi, m.bennett@example.com, aisha]\n") {
		t.Errorf("add a reviewer: %v\n%s", err, res.Out)
	}

	// close: an approved COE with actions still open is refused, each
	// open action at its line.
	speaker := r.PathOf("2024-01-28-speaker-groups-stopped-playing")
	data, _ = os.ReadFile(speaker)
	closeIt := func(c *coe.COE) (coe.Review, error) { return coe.Close(c, at) }
	res, err = Review(r, speaker, data, true, closeIt, asOf)
	if !errors.As(err, &notReady) || res.Out != nil || !strings.HasPrefix(notReady.Header, "2024-01-28-speaker-groups-stopped-playing cannot be closed yet; ") {
		t.Fatalf("close with open actions: %v %+v", err, notReady)
	}
	open := 0
	for _, p := range notReady.Problems {
		if strings.Contains(p, "[action-closed]") {
			open++
		}
	}
	if open == 0 {
		t.Errorf("close with open actions: no action-closed problem in %q", notReady.Problems)
	}
	// Every action finished: closed, closed_at added after approved_at.
	finished := regexp.MustCompile(`(?m)^    status: (open|in-progress)$`).ReplaceAll(data, []byte("    status: wont-do"))
	res, err = Review(r, speaker, finished, true, closeIt, asOf)
	if err != nil || !strings.Contains(string(res.Out), "\nstatus: closed\n") || !strings.Contains(string(res.Out), "\napproved_at: 2024-02-12T16:30:00-06:00\nclosed_at: 2026-11-23T12:00:00Z\n") {
		t.Fatalf("close: %v\n%s", err, res.Out)
	}
	closedFile := res.Out

	// reopen: back to review, not checked (a related COE gone is no reason
	// to refuse), the reopening recorded, the approval and closed_at gone.
	reopen := func(reason string) func(c *coe.COE) (coe.Review, error) {
		return func(c *coe.COE) (coe.Review, error) { return coe.Reopen(c, "rosa", reason, at.Add(time.Hour)) }
	}
	gone := []byte(strings.Replace(string(closedFile), "\nrelated: [", "\nrelated: [2020-01-01-gone, ", 1))
	if fs := Errors(File(r, speaker, gone, asOf)); len(fs) != 1 || fs[0].Rule != "related-exists" {
		t.Fatalf("the closed file with a related COE gone: %v", fs)
	}
	res, err = Review(r, speaker, gone, true, reopen("It came back."), asOf)
	out := string(res.Out)
	if err != nil || !strings.Contains(out, "\nstatus: review\n") || strings.Contains(out, "approved_by: kenji") || strings.Contains(out, "closed_at:") ||
		!strings.Contains(out, "reopened:\n  - at: 2026-11-23T13:00:00Z\n    by: rosa\n    reason: It came back.\n") {
		t.Errorf("reopen: %v\n%s", err, out)
	}
	// A reason coe.Reopen refuses comes back as it is, nothing written.
	long := strings.Repeat("x", coe.MaxAnswerLength+1)
	if res, err = Review(r, speaker, closedFile, true, reopen(long), asOf); err == nil || res.Out != nil || !strings.Contains(err.Error(), "65537 characters long") {
		t.Errorf("reopen with an over-long reason: %v %v", err, res.Out != nil)
	}
	// A step that is not held to the rules must still write a file that
	// reads: a text the reader refuses is not written.
	overlong := func(c *coe.COE) (coe.Review, error) {
		c.WhatHappened = long
		return coe.Review{Verb: "Changed"}, nil
	}
	res, err = Review(r, speaker, closedFile, true, overlong, asOf)
	if !errors.As(err, &notReady) || res.Out != nil || !strings.Contains(err.Error(), "would not read back") || len(notReady.Problems) != 1 ||
		!strings.Contains(notReady.Problems[0], ": what_happened is 6553") {
		t.Errorf("a step writing what does not read: %v %v %q", err, res.Out != nil, notReady.Problems)
	}
}
