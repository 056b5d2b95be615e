package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// coe show's part of the customers' version: after the corrective
// actions, its title (the COE's when it has none), its answers and when it
// was published; nothing when the COE has no public section.
func TestTextPublic(t *testing.T) {
	c := readExample(t, "2024-01-28-speaker-groups-stopped-playing")
	c.Public = &coe.Public{Summary: "Groups stopped.\n", Apology: "Sorry.\n"}
	var b bytes.Buffer
	if err := Text(&b, c, TextOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	want := "\nTelling customers\n   " + c.Title + "\n\n   What happened\n   Groups stopped.\n\n   Apology\n   Sorry.\n\n   Not published yet.\n\nRelated:"
	if !strings.Contains(out, want) {
		t.Errorf("show:\n%s\nwant it to hold:\n%s", out, want)
	}
	if strings.Index(out, "Telling customers") < strings.Index(out, "CA-5") {
		t.Error("the customers' version is not after the corrective actions")
	}
	c.Public.PublishedAt = time.Date(2024, 2, 13, 10, 0, 0, 0, time.FixedZone("", -6*3600))
	b.Reset()
	if err := Text(&b, c, TextOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "   Published: 2024-02-13 10:00 -06:00\n") {
		t.Errorf("show:\n%s", b.String())
	}

	c.Public = nil
	b.Reset()
	if err := Text(&b, c, TextOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Telling customers") {
		t.Errorf("a COE without a public section shows one:\n%s", b.String())
	}
}

// The public texts are shown, not sent, as every other text: a COE from
// elsewhere cannot drive the terminal from them, and the caller's COE is
// left as it was.
func TestTextPublicControls(t *testing.T) {
	c := readExample(t, "2024-01-28-speaker-groups-stopped-playing")
	c.Public = &coe.Public{Title: "T\x1b]0;owned\x07", Summary: "a\x1b[2Jb\n", Impact: "\u202egnp.exe\n", Changes: "c\rd\n", Apology: "\x9b31m\n"}
	orig := *c.Public
	var b bytes.Buffer
	if err := Text(&b, c, TextOptions{Today: today, Color: true}); err != nil {
		t.Fatal(err)
	}
	_, part, _ := strings.Cut(b.String(), "Telling customers")
	for _, bad := range []string{"\x1b]", "\x07", "\x1b[2J", "\u202e", "\r", "\x9b"} {
		if strings.Contains(part, bad) {
			t.Errorf("the public part sends %q:\n%q", bad, part)
		}
	}
	if *c.Public != orig {
		t.Errorf("Text changed the caller's COE: %+v", c.Public)
	}
}
