package coe

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
}

// FuzzParse: reading never panics; whatever reads without error survives
// Marshal and reads back the same.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("f.yaml", data, ReadOptions{KeepNode: true})
		if err != nil {
			if len(Errors(err)) == 0 {
				t.Fatalf("error without a position: %v", err)
			}
			return
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
		case 1: // coe approve's
			c.Status, c.ApprovedBy = StatusApproved, "kenji"
			c.ApprovedAt = time.Date(2024, 2, 12, 16, 30, 0, 0, time.FixedZone("", -6*3600))
		case 2: // clearing: coe approve --revoke's, and optional fields emptied
			c.Status, c.ApprovedBy, c.ApprovedAt = StatusReview, "", time.Time{}
			c.Tags = nil
			for i := range c.CorrectiveActions {
				c.CorrectiveActions[i].Tracker, c.CorrectiveActions[i].DoneAt = "", Date{}
			}
		default: // answers rewritten, with lines indented more than the first
			c.WhatHappened = "First line.\n  indented more\nlast"
			c.RootCause.Summary = ""
			if len(c.CorrectiveActions) > 0 {
				c.CorrectiveActions[0].Action += " Now longer, so that a comment after it moves."
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
