package listing

import (
	"reflect"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// FuzzDecodeRow: any bytes decode to a row or an error, never a panic;
// the brief decodes exactly when the row does, and agrees with it; a row
// that decodes encodes to bytes that decode to it again (not always the
// same bytes: a varint may be written longer than it needs).
func FuzzDecodeRow(f *testing.F) {
	started := time.Date(2025, 3, 11, 9, 30, 0, 0, time.FixedZone("", 3600))
	n := int64(7)
	for _, c := range []coe.COE{
		{},
		{ID: "2025-03-11-status-page", Title: "Status page down", Status: "review", Severity: "sev2",
			Tags: []string{"status", "EU"}, Authors: []string{"ana"}, ApprovedBy: "bo", ApprovedAt: started,
			Incident:          coe.Incident{StartedAt: started},
			Impact:            coe.Impact{CustomersAffected: &n},
			CorrectiveActions: []coe.CorrectiveAction{{ID: "CA-1", Owner: "ana"}, {ID: "CA-2", Status: "done"}}},
	} {
		it := Of(&c, "")
		f.Add(Append(nil, &it))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		it, err := Decode(b, "", false)
		br, berr := DecodeBrief(b, []string{"EU"})
		if (err == nil) != (berr == nil) {
			t.Fatalf("Decode %v, DecodeBrief %v", err, berr)
		}
		if err != nil {
			return
		}
		if br.ID != it.ID || br.Title != it.Title || br.Status != it.Status || br.Severity != it.Severity ||
			br.OpenActions != it.OpenActions || br.Date != it.Date || !br.Sort.Equal(it.Sort) {
			t.Fatalf("brief %+v, row %+v", br, it)
		}
		again, err := Decode(Append(nil, &it), "", false)
		if err != nil || !again.Sort.Equal(it.Sort) {
			t.Fatalf("encoded again: %v, %v", err, again.Sort)
		}
		again.Sort = it.Sort
		if !reflect.DeepEqual(again, it) {
			t.Fatalf("encoded again: %+v, not %+v", again, it)
		}
	})
}
