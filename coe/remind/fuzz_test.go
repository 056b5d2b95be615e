package remind

import (
	"bytes"
	"strings"
	"testing"

	ical "github.com/arran4/golang-ical"
	"github.com/coe-cli/coe/coe"
)

var fuzzSeeds = []string{
	"", "plain", "a, b; c\\d\ne", "[x](javascript:alert(1)) <b>x</b>", "www.x.org https://x.org a@b.c",
	"# h", "1. x", "*a* _b_ `c` ~d~ $e$ |f|", "\x1b[31m\r\n\x00\u202e", strings.Repeat("支払い、", 40),
	strings.Repeat("😀", 30), "=HYPERLINK(\"http://x\")", "\\", "\xff\xfe",
}

// FuzzMarkdownText: whatever the text, MarkdownText shows it as the text
// it is in every place the digest puts it (checkPlain), and never panics.
func FuzzMarkdownText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		checkPlain(t, s)
	})
}

// FuzzICS: whatever the COE's text, the feed is valid iCalendar (checkICS),
// a parser reads each text back as written, and the feed is the bytes the
// plain way ICSOf replaced writes (refICSOf), with the text in every field
// (the COE's id and file, a site URL and the calendar's name included,
// which no validation stands before here) and two actions sharing a UID.
func FuzzICS(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, s, "CA-1", "dana", "2026-11-30")
	}
	f.Add("x", "title", "", "", "9999-12-31")
	f.Fuzz(func(t *testing.T, action, title, id, owner, due string) {
		d, err := coe.ParseDate(due)
		if err != nil {
			d = coe.Date{Year: 2026, Month: 11, Day: 30}
		}
		acts := []Action{
			{COE: "d", COETitle: "fixed", File: "d", ID: "CA-9", Action: title, Owner: owner, Due: d},
			{COE: "c", COETitle: title, File: "c", ID: id, Action: action, Owner: owner, Due: d, Tracker: title, Priority: "high"},
		}
		var b bytes.Buffer
		n, err := ICS(&b, acts, Options{AsOf: d, SiteURL: "https://s.example", Name: title})
		if err != nil || n != 2 {
			t.Fatalf("ICS = %d, %v", n, err)
		}
		e := checkICS(t, b.Bytes()).Events()[0] // c's, before d's on the same day
		text := func(s string) string { return coe.ShowControls(normBreaks(s), true) }
		if got, want := uidOf(e), text("c."+idOr(id, "line0"))+"@coe"; got != want {
			t.Fatalf("UID reads back as %q; want %q", got, want)
		}
		if got, want := e.GetProperty(ical.ComponentPropertySummary).Value, text(idOr(id, "action")+": "+oneLine(action)); got != want {
			t.Fatalf("SUMMARY reads back as %q; want %q", got, want)
		}
		if got, want := e.GetProperty(ical.ComponentPropertyDescription).Value, text(refDescription(&acts[1], PageURL("https://s.example", "c", id))); got != want {
			t.Fatalf("DESCRIPTION reads back as %q; want %q", got, want)
		}
		sameICS(t, acts, Options{AsOf: d, SiteURL: "https://s.example", Name: title})
		hostile := []Action{
			{COE: title, COETitle: action, File: id, ID: id, Action: action, Owner: owner, Due: d, Tracker: owner, Priority: "low", Line: len(owner)},
			{COE: title, File: owner, ID: id, Action: title, Due: d, Status: "in-progress"},
			{COE: id + "\r", File: title, Action: owner, Owner: action, Due: d},
		}
		sameICS(t, hostile, Options{AsOf: d, SiteURL: owner, Name: action})
		sameICS(t, hostile, Options{})
	})
}

func idOr(id, alt string) string {
	if id == "" {
		return alt
	}
	return id
}

func normBreaks(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
