package check

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// lineDiff returns the lines of a not in b and of b not in a, in order,
// for files whose lines are unique enough (a COE's are).
func lineDiff(a, b string) (removed, added []string) {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.SplitAfter(s, "\n") {
			m[l]++
		}
		return m
	}
	ca, cb := count(a), count(b)
	for _, l := range strings.SplitAfter(a, "\n") {
		if cb[l] < ca[l] {
			removed = append(removed, strings.TrimSuffix(l, "\n"))
			ca[l]--
		}
	}
	ca = count(a)
	for _, l := range strings.SplitAfter(b, "\n") {
		if ca[l] < cb[l] {
			added = append(added, strings.TrimSuffix(l, "\n"))
			cb[l]--
		}
	}
	return removed, added
}

func TestSetAction(t *testing.T) {
	r := examples(t)
	today, _ := coe.ParseDate("2026-11-23")
	str := func(s string) *string { return &s }
	id := "2025-08-18-orthopaedic-shoe-prescription-lost-between-providers"
	path, orig, _ := read(t, r, id)

	// Done: the status line changes and done_at is added under it;
	// nothing else.
	res, err := SetAction(r, path, "3", coe.ActionEdit{Status: str("done")}, today)
	if err != nil || !res.Written {
		t.Fatalf("%+v %v", res, err)
	}
	now, _ := os.ReadFile(path)
	removed, added := lineDiff(string(orig), string(now))
	if strings.Join(removed, "|") != "    status: in-progress" || strings.Join(added, "|") != "    status: done|    done_at: 2026-11-23" {
		t.Errorf("removed %q, added %q", removed, added)
	}
	if !strings.Contains(string(now), "    status: done\n    done_at: 2026-11-23\n    tracker: ORT-419\n") {
		t.Errorf("done_at is not in its place:\n%s", now)
	}
	if string(res.Action) != `{"id":"CA-3","action":"Inventory every mailbox, list and number that receives patient contact, give each an owner, and add them to reorganisation checklists.","owner":"hannah","due":"2025-11-28","priority":"medium","status":"done","done_at":"2026-11-23","tracker":"ORT-419"}` {
		t.Errorf("action JSON: %s", res.Action)
	}

	// The same again: nothing written.
	st, _ := os.Stat(path)
	res, err = SetAction(r, path, "CA-3", coe.ActionEdit{Status: str("done")}, today)
	if err != nil || res.Written || len(res.Changed) != 0 {
		t.Errorf("again: %+v %v", res, err)
	}
	if st2, _ := os.Stat(path); !st2.ModTime().Equal(st.ModTime()) {
		t.Errorf("setting what is there rewrote the file")
	}

	// A refused value leaves the file as it was.
	var bad *coe.ActionEditError
	if _, err := SetAction(r, path, "CA-4", coe.ActionEdit{Owner: str("nobody")}, today); !errors.As(err, &bad) || bad.Field != "owner" {
		t.Errorf("unknown owner: %v", err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(now) {
		t.Errorf("a refused edit changed the file")
	}

	// Comments beside the action stay.
	commented := strings.Replace(string(orig), "    owner: oliver\n", "    owner: oliver        # until January\n", 1)
	commented = strings.Replace(commented, "  - id: CA-4\n", "  # The big one.\n  - id: CA-4\n", 1)
	if err := os.WriteFile(path, []byte(commented), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := SetAction(r, path, "ca-4", coe.ActionEdit{Due: str("2026-01-31"), Note: str("Waiting on the partners' APIs.")}, today); err != nil {
		t.Fatal(err)
	}
	now, _ = os.ReadFile(path)
	removed, added = lineDiff(commented, string(now))
	if strings.Join(removed, "|") != "    due: 2025-12-19" || strings.Join(added, "|") != "    due: 2026-01-31|    note: Waiting on the partners' APIs." {
		t.Errorf("removed %q, added %q", removed, added)
	}

	// A file that does not read is left untouched, with the reader's
	// problems.
	broken := strings.Replace(commented, "status: review", "status: reviewed", 1)
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	var unread *NotReviewed
	if _, err := SetAction(r, path, "CA-4", coe.ActionEdit{Status: str("done")}, today); !errors.As(err, &unread) || len(unread.Problems) == 0 ||
		!strings.Contains(unread.Problems[0], `status "reviewed"`) {
		t.Errorf("a file that does not read: %v %+v", err, unread)
	}
	if again, _ := os.ReadFile(path); string(again) != broken {
		t.Errorf("a file that does not read was changed")
	}
}
