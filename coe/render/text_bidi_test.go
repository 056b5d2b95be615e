package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// The terminal's text shows bidi controls and zero-width characters by
// their code point, wherever they are in the COE: a right-to-left override
// in a title or an action would otherwise show the reader words in another
// order than they are written. The COE itself is left as it was.
func TestTextShowsFormatCharacters(t *testing.T) {
	c := &coe.COE{
		Version: 1, ID: "2024-01-28-x", Title: "Refund sent to \u202Etxt.exe", Status: "draft", Severity: "sev2",
		Authors: []string{"da\u200Bna"}, Tags: []string{"\u2066tag\u2069"},
		WhatHappened: "Line one\u200F.\n\nLine \uFEFFtwo.",
		Lessons:      []string{"Lesson\u2028one"},
		CorrectiveActions: []coe.CorrectiveAction{
			{ID: "CA-1", Action: "Do \u202Dit", Owner: "li\u200D.wei", Tracker: "SPK-\u061C1"},
		},
	}
	for _, o := range []TextOptions{{}, {Color: true, Width: 40}} {
		var b bytes.Buffer
		if err := Text(&b, c, o); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if i := strings.IndexFunc(out, coe.IsFormat); i >= 0 {
			t.Errorf("color=%v: format character %q reaches the terminal:\n%s", o.Color, out[i:i+3], out)
		}
		for _, want := range []string{"Refund sent to <U+202E>txt.exe", "da<U+200B>na", "<U+2066>tag<U+2069>", "Line one<U+200F>.",
			"Line <U+FEFF>two.", "Lesson<U+2028>one", "Do <U+202D>it", "owner li<U+200D>.wei", "SPK-<U+061C>1"} {
			if !strings.Contains(out, want) {
				t.Errorf("color=%v: no %q in\n%s", o.Color, want, out)
			}
		}
	}
	if c.Title != "Refund sent to \u202Etxt.exe" || c.CorrectiveActions[0].Owner != "li\u200D.wei" {
		t.Error("Text changed the caller's COE")
	}
}

// A report (HTML, Markdown) keeps format characters, which right-to-left
// scripts and emoji sequences need, and shows control characters only.
func TestSafeKeepsFormatCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"می\u200Cخواهم":  "می\u200Cخواهم",
		"\u202Eabc":      "\u202Eabc",
		"bell\x07\nline": "bell^G\nline",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}
