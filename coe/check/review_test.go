package check

import (
	"errors"
	"os"
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
