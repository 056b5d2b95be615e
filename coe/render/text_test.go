package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it, then review it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./coe/render -update and review the diff\n--- got ---\n%s", path, got)
	}
}

func readExample(t *testing.T, id string) *coe.COE {
	t.Helper()
	doc, err := coe.ReadFile(filepath.Join("..", "..", "examples", "coes", id+".yaml"), coe.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return &doc.COE
}

var today = coe.Date{Year: 2026, Month: 11, Day: 23}

func TestTextGolden(t *testing.T) {
	for _, id := range []string{"2024-01-28-speaker-groups-stopped-playing", "2024-06-14-packages-shown-delivered-never-arrived", "2025-12-02-payment-reminder-call-could-not-take-payment"} {
		var b bytes.Buffer
		if err := Text(&b, readExample(t, id), TextOptions{Today: today}); err != nil {
			t.Fatal(err)
		}
		golden(t, id+".txt", b.Bytes())
	}
}

func TestTextStyledAndWrapped(t *testing.T) {
	c := readExample(t, "2024-01-28-speaker-groups-stopped-playing")
	var b bytes.Buffer
	if err := Text(&b, c, TextOptions{Color: true, Width: 60, Today: today}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "\x1b[1;36m1. What happened?\x1b[0m") {
		t.Error("question headings are not styled")
	}
	if !strings.Contains(out, "\x1b[31m(overdue by 876 days)\x1b[0m") {
		t.Error("the overdue action is not marked")
	}
	for _, line := range strings.Split(out, "\n") {
		plain := strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[2m", "", "\x1b[31m", "", "\x1b[1;36m", "").Replace(line)
		if n := len([]rune(plain)); n > 60 && !strings.Contains(plain, "http") && !strings.HasPrefix(strings.TrimSpace(plain), "|") {
			t.Errorf("line of %d columns in a 60-column terminal: %q", n, plain)
		}
	}
}

func TestTextEmptyCOE(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, &coe.COE{Title: "Empty"}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(b.String(), "(not answered yet)"); got != 6 {
		t.Errorf("%d unanswered marks, want 6 (question 5 says security is unanswered):\n%s", got, b.String())
	}
	if !strings.Contains(b.String(), "Security is not answered yet.") {
		t.Error("an unanswered security question is not called out")
	}
}

func TestDuration(t *testing.T) {
	tests := map[time.Duration]string{
		30 * time.Second: "30s", 35 * time.Minute: "35m", 10*time.Hour + 5*time.Minute: "10h 5m",
		2 * time.Hour: "2h", 50 * time.Hour: "2d 2h", 48 * time.Hour: "2d", -5 * time.Minute: "-5m",
	}
	for d, want := range tests {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 120000: "120,000", 1234567: "1,234,567", -4100: "-4,100"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// A COE from elsewhere cannot drive the reader's terminal: escape
// sequences in any text are shown, not sent.
func TestTextShowsControlCharacters(t *testing.T) {
	c := &coe.COE{
		Title:             "Evil \x1b]0;pwned\x07 title",
		WhatHappened:      "Line\x1b[2J\x1b[H cleared",
		Lessons:           []string{"bell\x07", "c1\u009b31m"},
		CorrectiveActions: []coe.CorrectiveAction{{ID: "CA-1", Action: "x\x1b[8m", Owner: "dana\x00"}},
	}
	var b bytes.Buffer
	if err := Text(&b, c, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07\x00\u009b") {
		t.Errorf("control characters reached the output: %q", out)
	}
	for _, want := range []string{"Evil ^[]0;pwned^G title", "Line^[[2J^[[H cleared", "bell^G", "c1\ufffd31m", "owner dana^@"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if c.Title != "Evil \x1b]0;pwned\x07 title" || c.Lessons[0] != "bell\x07" {
		t.Error("rendering changed the caller's COE")
	}
}

// FuzzOneLine: oneLine is strings.Fields joined by single spaces, the
// titles given back as they are included.
func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\u00a0b", "é b", "a\x7fb", "a\x00b", "Status page 5 · EU"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("oneLine(%q) = %q, want %q", s, got, want)
		}
	})
}
