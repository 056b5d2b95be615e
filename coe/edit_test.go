package coe

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Every example survives a read and an Update with no change byte for byte,
// and Marshal of what was read reads back the same.
func TestExamplesRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../examples/coes/*.yaml")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := mustParse(t, src)
		out, err := Update(src, c)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, src) {
			t.Errorf("%s: Update without a change rewrote the file", f)
		}
		m, err := Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if !sameCOE(t, c, mustParse(t, m)) {
			t.Errorf("%s: Marshal round trip changed the COE", f)
		}
	}
}

const handWritten = `# Speaker groups COE. Reviewed with the team on 2024-02-01.
version: 1
id: 2024-01-28-speaker-groups
title: "Speaker groups stopped playing"   # keep the title short
status: draft
severity: sev2
authors: [steve]

incident:
    started_at: 2024-01-28T19:05:00-06:00   # from the first alarm


# 1. What happened?
what_happened: >
    Folded text that the team likes to write
    this way.

timeline:
- at: 2024-01-28T19:05:00-06:00
  event: Failures start.   # per the dashboard
- at: 2024-01-28T19:40:00-06:00
  event: Alarm.

# 3. What was the root cause?
root_cause:
  summary: 'single quoted'
  whys:
    - Why one?    # the first why
    - Why two?

# 6. What lessons did you learn?
lessons:
  - Lesson one.

  # a comment between lessons
  - Lesson two.

# 7. What corrective actions are you taking to prevent this from happening again?
corrective_actions:
  - id: CA-1   # the important one
    action: Publish a status note.
    owner: dana
    due: 2024-02-15

  - id: CA-2
    action: Test token sizes.
    owner: li.wei
    due: 2024-03-01
    status: open
# end of file comment
`

// lineDiff returns the lines of a not in b and of b not in a, in order.
func lineDiff(a, b string) (removed, added []string) {
	hunks, _ := diffLines(splitLines(a), splitLines(b))
	al, bl := splitLines(a), splitLines(b)
	for _, h := range hunks {
		removed = append(removed, al[h.A0:h.A1]...)
		added = append(added, bl[h.B0:h.B1]...)
	}
	return removed, added
}

// Changing one field changes only its lines: comments, blank lines, key
// order, quoting and the file's own indentation elsewhere survive.
func TestUpdateChangesOnlyThoseLines(t *testing.T) {
	tests := []struct {
		name          string
		edit          func(c *COE)
		removed, adds []string
	}{
		{"title", func(c *COE) { c.Title = "Speaker groups failed" }, []string{`title: "Speaker groups stopped playing"   # keep the title short` + "\n"},
			// The comment stays at its column.
			[]string{`title: "Speaker groups failed"            # keep the title short` + "\n"}},
		{"title with accents", func(c *COE) { c.Title = "Speaker groups: café, naïve, 李" },
			[]string{`title: "Speaker groups stopped playing"   # keep the title short` + "\n"},
			// The comment's column as shown, not its byte offset.
			[]string{`title: "Speaker groups: café, naïve, 李"  # keep the title short` + "\n"}},
		{"longer title", func(c *COE) { c.Title = "Speaker groups stopped playing for a whole evening" },
			[]string{`title: "Speaker groups stopped playing"   # keep the title short` + "\n"},
			// No room before the comment's column: one space.
			[]string{`title: "Speaker groups stopped playing for a whole evening" # keep the title short` + "\n"}},
		{"owner", func(c *COE) { c.CorrectiveActions[1].Owner = "dana" }, []string{"    owner: li.wei\n"}, []string{"    owner: dana\n"}},
		{"status", func(c *COE) { c.Status = "review" }, []string{"status: draft\n"}, []string{"status: review\n"}},
		{"action done", func(c *COE) {
			c.CorrectiveActions[1].Status = "done"
			c.CorrectiveActions[1].DoneAt = Date{2024, 2, 20}
		}, []string{"    status: open\n"}, []string{"    status: done\n", "    done_at: 2024-02-20\n"}},
		{"add tag", func(c *COE) { c.Tags = []string{"speakers"} }, nil, []string{"tags: [speakers]\n"}},
		{"remove a lesson", func(c *COE) { c.Lessons = c.Lessons[1:] }, []string{"  - Lesson one.\n"}, nil},
		{"add a why", func(c *COE) { c.RootCause.Whys = append(c.RootCause.Whys, "Why three?") }, nil, []string{"    - Why three?\n"}},
		// The incident section is indented by four spaces, which the encoder
		// does not write: that one section is rewritten, nothing else.
		{"resolved time", func(c *COE) { c.Incident.ResolvedAt = c.Incident.StartedAt.Add(5 * time.Hour) },
			[]string{"    started_at: 2024-01-28T19:05:00-06:00   # from the first alarm\n"},
			[]string{"  started_at: 2024-01-28T19:05:00-06:00 # from the first alarm\n", "  resolved_at: 2024-01-29T00:05:00-06:00\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, []byte(handWritten))
			tt.edit(c)
			out, err := Update([]byte(handWritten), c)
			if err != nil {
				t.Fatal(err)
			}
			if !sameCOE(t, c, mustParse(t, out)) {
				t.Fatalf("the edit did not land:\n%s", out)
			}
			removed, added := lineDiff(handWritten, string(out))
			if strings.Join(removed, "") != strings.Join(tt.removed, "") || strings.Join(added, "") != strings.Join(tt.adds, "") {
				t.Errorf("changed lines:\n-%q\n+%q\nwant\n-%q\n+%q\nresult:\n%s", removed, added, tt.removed, tt.adds, out)
			}
		})
	}
}

// An edit that has to reformat a region (here the timeline, written
// without indentation) still keeps every comment and the data exact.
func TestUpdateKeepsCommentsWhenReformatting(t *testing.T) {
	c := mustParse(t, []byte(handWritten))
	c.Timeline = append(c.Timeline, TimelineEntry{At: c.Incident.StartedAt.Add(time.Hour), Event: "Rollback."})
	c.CorrectiveActions = c.CorrectiveActions[1:]
	c.Lessons[0] = "Lesson one, rewritten."
	out, err := Update([]byte(handWritten), c)
	if err != nil {
		t.Fatal(err)
	}
	if !sameCOE(t, c, mustParse(t, out)) {
		t.Fatalf("the edit did not land:\n%s", out)
	}
	for _, comment := range []string{"# Speaker groups COE. Reviewed", "# keep the title short", "# from the first alarm",
		"# per the dashboard", "# the first why", "# a comment between lessons", "# end of file comment", "# 3. What was the root cause?"} {
		if !strings.Contains(string(out), comment) {
			t.Errorf("comment %q lost:\n%s", comment, out)
		}
	}
	if strings.Contains(string(out), "the important one") {
		t.Errorf("the removed action's comment is still there:\n%s", out)
	}
}

func TestUpdateKeepsBOMAndCRLF(t *testing.T) {
	src := "\xef\xbb\xbf" + strings.ReplaceAll(handWritten, "\n", "\r\n")
	c := mustParse(t, []byte(src))
	c.Status = "review"
	out, err := Update([]byte(src), c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, bom) {
		t.Error("byte-order mark lost")
	}
	if bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
		t.Error("line endings mixed after the edit")
	}
	if want := strings.Replace(src, "status: draft", "status: review", 1); string(out) != want {
		t.Errorf("more than the status changed:\n%q", out)
	}
}

func TestUpdateUnchangedIsIdentity(t *testing.T) {
	c := mustParse(t, []byte(handWritten))
	out, err := Update([]byte(handWritten), c)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != handWritten {
		t.Errorf("no-op update changed the file:\n%s", out)
	}
}

func TestUpdateClearsAndFillsFields(t *testing.T) {
	c := mustParse(t, []byte(handWritten))
	c.WhatHappened = ""
	c.Impact.Customers = "Many customers.\nSecond line."
	c.CorrectiveActions[0].Owner = ""
	out, err := Update([]byte(handWritten), c)
	if err != nil {
		t.Fatal(err)
	}
	back := mustParse(t, out)
	if !sameCOE(t, c, back) {
		t.Errorf("edit did not land:\n%s", out)
	}
	if !strings.Contains(string(out), "impact:\n  customers: |\n    Many customers.\n    Second line.\n") {
		t.Errorf("new section not in the fixed layout:\n%s", out)
	}
}

func TestUpdateRefusesBrokenFile(t *testing.T) {
	if _, err := Update([]byte("title: [\n"), &COE{}); err == nil {
		t.Error("Update of a file that does not parse succeeded")
	}
}

// The review workflow's round trip on the spec's own layout: approving
// changes three lines and keeps every comment at its column; revoking gives
// back the file as it was, comments and all, though the values are empty
// (but for the gap before a comment that a longer value pushed right).
func TestUpdateApprovalKeepsAlignedComments(t *testing.T) {
	const src = `version: 1
id: 2024-01-28-speaker-groups
title: Speaker groups        # short
status: review            # draft | review | approved | closed
severity: sev2
approved_by: ""           # set by the review workflow
approved_at: null         # RFC 3339 timestamp, set with approved_by
corrective_actions:
  - id: CA-1
    action: Publish a status note.
    owner: dana
    tracker: SPK-1234     # the ticket
`
	c := mustParse(t, []byte(src))
	c.Status, c.ApprovedBy = StatusApproved, "kenji"
	c.ApprovedAt = time.Date(2024, 2, 12, 16, 30, 0, 0, time.FixedZone("", -6*3600))
	approved, err := Update([]byte(src), c)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		"status: review            #", "status: approved          #",
		`approved_by: ""           #`, "approved_by: kenji        #",
		"approved_at: null         #", "approved_at: 2024-02-12T16:30:00-06:00 #",
	).Replace(src)
	if string(approved) != want {
		t.Errorf("approved:\n%s\nwant:\n%s", approved, want)
	}

	c.Status, c.ApprovedBy, c.ApprovedAt = StatusReview, "", time.Time{}
	revoked, err := Update(approved, c)
	if err != nil {
		t.Fatal(err)
	}
	// The time was longer than the room before its comment, which then
	// moved right; the one-space gap is what is left to go back to.
	want = strings.Replace(src, "approved_at: null         #", "approved_at: null #", 1)
	if string(revoked) != want {
		t.Errorf("revoked:\n%s\nwant:\n%s", revoked, want)
	}

	// A cleared value with a comment keeps its key, emptied; one without
	// a comment goes.
	c.CorrectiveActions[0].Tracker = ""
	c.Title = "Speaker groups"
	cleared, err := Update([]byte(src), c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cleared), "    tracker: \"\"           # the ticket\n") {
		t.Errorf("the tracker's comment is lost:\n%s", cleared)
	}
	if !sameCOE(t, c, mustParse(t, cleared)) {
		t.Errorf("the edit did not land:\n%s", cleared)
	}
}

// yaml.v3 writes a folded scalar whose lines are indented more than the
// first with a blank line between them, which reads back as other text. An
// edit elsewhere in the file keeps the user's folded answer as written, and
// an edit of that answer is written in a style that reads back as it is.
func TestUpdateFoldedMoreIndented(t *testing.T) {
	src := []byte("version: 1\nid: 2024-01-28-x\ntitle: T\nwhat_happened: >\n 0\n  00\n")
	c := mustParse(t, src)
	c.Title = "T2"
	out, err := Update(src, c)
	if err != nil {
		t.Fatal(err)
	}
	if want := "version: 1\nid: 2024-01-28-x\ntitle: T2\nwhat_happened: >\n 0\n  00\n"; string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
	c.WhatHappened = "first\n  indented\nlast"
	out, err = Update(src, c)
	if err != nil {
		t.Fatal(err)
	}
	if !sameCOE(t, c, mustParse(t, out)) {
		t.Errorf("the edit did not land:\n%s", out)
	}
}
