package check

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// A COE written elsewhere is added as written, or refused with what is
// wrong; nothing is written then.
func TestAdd(t *testing.T) {
	r := examples(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	const draft = "version: 1\n# from the incident doc\ntitle: Queue stalled\nstatus: draft\nseverity: sev3\n"

	// Without an id: one is given, in place, the comment kept.
	path, c, warnings, err := Add(r, "queue.yaml", []byte(draft), now)
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Add: %v %v", err, warnings)
	}
	if c.ID != "2026-11-23-queue-stalled" || path != r.PathOf(c.ID) {
		t.Errorf("id %q at %s", c.ID, path)
	}
	got, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(got), "# yaml-language-server: $schema=../coe.schema.json\n") ||
		!strings.Contains(string(got), "id: 2026-11-23-queue-stalled\n") || !strings.Contains(string(got), "# from the incident doc\n") {
		t.Errorf("written:\n%s", got)
	}

	// Its id is taken now: refused as a usage problem.
	with := "id: " + c.ID + "\n" + draft
	_, _, _, err = Add(r, "again.yaml", []byte(with), now)
	var refused *NotAdded
	if !errors.As(err, &refused) || !refused.Taken || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("a taken id: %v", err)
	}

	// A finding of lint: refused with it, nothing written.
	bad := "version: 1\nid: 2026-11-24-bad\ntitle: Bad\nstatus: draft\nseverity: sev3\ncorrective_actions:\n  - id: CA-1\n    action: Fix it.\n"
	_, _, _, err = Add(r, "bad.yaml", []byte(bad), now)
	if !errors.As(err, &refused) || refused.Taken || len(refused.Problems) != 1 || !strings.Contains(refused.Problems[0], "[action-owner]") {
		t.Errorf("a COE that breaks a rule: %v %q", err, refused.Problems)
	}
	if r.Exists(r.PathOf("2026-11-24-bad")) {
		t.Error("a refused COE was written")
	}

	// One that does not read: the reader's errors.
	_, _, _, err = Add(r, "broken.yaml", []byte("version: 1\ntitel: x\n"), now)
	if !errors.As(err, &refused) || !strings.Contains(refused.Problems[0], `unexpected key "titel"`) {
		t.Errorf("a file that does not read: %v", err)
	}
}
