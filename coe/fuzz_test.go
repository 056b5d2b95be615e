package coe

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("../examples/coes/*.yaml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(handWritten))
	f.Add([]byte(minimal + "tags: &a [x]\nservices: *a\n"))
	f.Add([]byte("\xef\xbb\xbf" + minimal))
	f.Add([]byte(minimal + "---\n" + minimal))
	f.Add([]byte("- [\n"))
	f.Add([]byte(minimal + "public: {title: T, summary: \"a\\n  b\"} # told customers\nrelated: []\n"))
	f.Add([]byte(minimal + "public:\n  # what customers read\n  apology: >\n    Sorry\n\n      indented\n  published_at: 2024-02-13T10:00:00Z\n"))
	// Hostile text: git's conflict markers, answers at and past the
	// length limit, long runs and unclosed constructs.
	f.Add([]byte(minimal + "<<<<<<< HEAD\ntags: [a]\n=======\ntags: [b]\n>>>>>>> other\n"))
	f.Add([]byte(strings.ReplaceAll(minimal+"tags: [a]\n=======\n>>>>>>> other\n", "\n", "\r\n")))
	f.Add([]byte(minimal + "what_happened: |\n  <<<<<<< quoted, not a marker\n  =======\n"))
	f.Add([]byte(minimal + "lessons:\n  - " + strings.Repeat("[a](", MaxAnswerLength/4) + "\n"))
	f.Add([]byte(minimal + "lessons:\n  - " + strings.Repeat("x", MaxAnswerLength+1) + "\n"))
	f.Add([]byte(minimal + "what_happened: \"" + strings.Repeat("> ", 2000) + "\\r<!--" + strings.Repeat("*_", 2000) + "\"\n"))
	f.Add([]byte(strings.Replace(minimal, "title: ", "title: "+strings.Repeat("word ", 4000), 1)))
}

// conflictLine is a line git writes to open or close a conflict.
var conflictLine = regexp.MustCompile(`(?m)^(?:<<<<<<<|>>>>>>>)(?: |\r?$)`)

// FuzzParse: reading never panics; whatever reads without error survives
// Marshal and reads back the same.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("f.yaml", data, ReadOptions{KeepNode: true})
		if conflictLine.Match(data) && len(data) <= MaxFileSize {
			if l := Errors(err); len(l) != 1 || l[0].Rule != RuleConflict {
				t.Fatalf("a file with a conflict marker read as %v", err)
			}
		}
		if err != nil {
			if len(Errors(err)) == 0 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		for _, s := range markdownAnswers(&doc.COE) {
			if n := utf8.RuneCountInString(s); n > MaxAnswerLength {
				t.Fatalf("an answer of %d characters read without error", n)
			}
		}
		out, err := Marshal(&doc.COE)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := Parse("f.yaml", out, ReadOptions{})
		if err != nil {
			t.Fatalf("marshalled COE does not read back: %v\n%s", err, out)
		}
		if !sameCOE(t, &doc.COE, &back.COE) {
			t.Fatalf("marshal round trip changed the COE:\n%s", out)
		}
	})
}

// markdownAnswers lists every Markdown answer of c.
func markdownAnswers(c *COE) []string {
	out := []string{c.WhatHappened, c.Impact.Customers, c.Impact.Business, c.Impact.Communication,
		c.RootCause.Summary, c.Implications.Security, c.Implications.Other}
	out = append(out, c.Lessons...)
	out = append(out, c.RootCause.Whys...)
	for _, e := range c.Timeline {
		out = append(out, e.Event)
	}
	for _, a := range c.CorrectiveActions {
		out = append(out, a.Action)
	}
	for _, d := range c.SupportingData {
		out = append(out, d.Note)
	}
	if p := c.Public; p != nil {
		out = append(out, p.Summary, p.Impact, p.Changes, p.Apology)
	}
	return out
}

// FuzzUpdate: editing a file in place never panics and the result always
// reads back as the edited COE.
func FuzzUpdate(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("f.yaml", data, ReadOptions{})
		if err != nil {
			return
		}
		c := doc.COE
		c.CorrectiveActions = append([]CorrectiveAction(nil), c.CorrectiveActions...)
		// One of four kinds of edit, chosen by the input.
		switch len(data) % 4 {
		case 0: // the form's: a title, a lesson added, an owner, an action removed
			c.Title += " (edited)"
			c.Lessons = append(c.Lessons, "A new lesson.")
			if len(c.CorrectiveActions) > 0 {
				c.CorrectiveActions[0].Owner = "dana"
				c.CorrectiveActions = c.CorrectiveActions[:len(c.CorrectiveActions)-1]
			}
			if c.Public != nil {
				p := *c.Public
				p.Changes += "\nWe also test older speakers."
				c.Public = &p
			} else {
				c.Public = &Public{Summary: "Added in the form.\n"}
			}
		case 1: // coe approve's
			c.Status, c.ApprovedBy = StatusApproved, "kenji"
			c.ApprovedAt = time.Date(2024, 2, 12, 16, 30, 0, 0, time.FixedZone("", -6*3600))
		case 2: // clearing: coe approve --revoke's, and optional fields emptied
			c.Status, c.ApprovedBy, c.ApprovedAt = StatusReview, "", time.Time{}
			c.Tags = nil
			for i := range c.CorrectiveActions {
				c.CorrectiveActions[i].Tracker, c.CorrectiveActions[i].DoneAt = "", Date{}
			}
			c.Public = nil
		default: // answers rewritten, with lines indented more than the first
			c.WhatHappened = "First line.\n  indented more\nlast"
			c.RootCause.Summary = ""
			if len(c.CorrectiveActions) > 0 {
				c.CorrectiveActions[0].Action += " Now longer, so that a comment after it moves."
			}
			if c.Public != nil {
				p := *c.Public
				p.Title, p.Apology = "", "Sorry.\n  indented more\nlast"
				c.Public = &p
			}
		}
		out, err := Update(data, &c)
		if err != nil {
			t.Fatalf("update: %v", err)
		}
		back, err := Parse("f.yaml", out, ReadOptions{})
		if err != nil {
			t.Fatalf("updated file does not read back: %v\n%s", err, out)
		}
		if !sameCOE(t, &c, &back.COE) {
			t.Fatalf("update did not land:\n%s", out)
		}
	})
}
