package form

import (
	"os"
	"testing"
	"time"
)

// What a read of the terminal is taken for: a paste (text with a line break
// or a tab inside it) or keys.
func TestPasted(t *testing.T) {
	for _, c := range []struct {
		in    string
		paste bool
	}{
		{"left the EU pool", false},           // words typed fast: keys, which v2 reads one by one
		{"a word\r", false},                   // a word, then enter
		{"\r", false},                         // enter
		{"\t", false},                         // tab
		{"\r\r", false},                       // enter, enter: no text
		{"line one\rline two", true},          // a paste from a terminal without bracketed paste
		{"line one\nline two\n", true},        // with line feeds
		{"a\tb", true},                        // a tab inside text
		{"\x1b[A", false},                     // an arrow key
		{"text\x1b[Amore\rx", false},          // an escape sequence: keys
		{"\x1b", false},                       // esc
		{"one\rtwo\x03", false},               // ctrl+c among them: keys
		{"one\rtwo\x7f", false},               // backspace: keys
		{"ünï\rcödé ✓", true},                 // not only ASCII
		{"\x1b[200~a\rb\x1b[201~", false},     // already a bracketed paste
		{"Users pressed esc and left", false}, // words that name keys
	} {
		if got := pasted([]byte(c.in)); got != c.paste {
			t.Errorf("pasted(%q) = %v, want %v", c.in, got, c.paste)
		}
	}
}

// ttyReads writes each chunk to a pipe read through ttyInput, pausing
// between chunks, and returns what each read returned.
func ttyReads(t *testing.T, pause time.Duration, chunks ...string) []string {
	t.Helper()
	return ttyReadsWaiting(t, pasteWait, pause, chunks...)
}

// ttyReadsWaiting is ttyReads with ttyInput's waits set to wait.
func ttyReadsWaiting(t *testing.T, wait, pause time.Duration, chunks ...string) []string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		defer w.Close()
		for _, c := range chunks {
			w.Write([]byte(c))
			time.Sleep(pause)
		}
	}()
	in := newTTYInput(r)
	in.pasteWait, in.runeWait = wait, max(wait, runeWait)
	var reads []string
	buf := make([]byte, 4096)
	for {
		n, err := in.Read(buf)
		if n > 0 {
			reads = append(reads, string(buf[:n]))
		}
		if err != nil {
			return reads
		}
	}
}

func TestTTYInputMarksPastes(t *testing.T) {
	got := ttyReads(t, 200*time.Millisecond, "Users pressed esc", "\r", "line one\rline two", "\x1b[B")
	want := []string{"Users pressed esc", "\r", "\x1b[200~line one\rline two\x1b[201~", "\x1b[B"}
	if len(got) != len(want) {
		t.Fatalf("reads = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("reads = %q, want %q", got, want)
		}
	}
}

// A paste the terminal split in two reads, after a line break or inside a
// character, is read whole. The waits are longer than in use (15 ms and
// 100 ms) so that a loaded machine's scheduler (the race detector in CI)
// cannot stretch the 5 ms gap past them; the joining is the same.
func TestTTYInputJoinsSplitPastes(t *testing.T) {
	got := ttyReadsWaiting(t, time.Second, 5*time.Millisecond, "the first line of a paste\r", "and the second\r")
	if len(got) != 1 || got[0] != "\x1b[200~the first line of a paste\rand the second\r\x1b[201~" {
		t.Fatalf("a paste split after a line break: reads = %q", got)
	}
	got = ttyReadsWaiting(t, time.Second, 5*time.Millisecond, "caf\xc3", "\xa9\rbar")
	if len(got) != 1 || got[0] != "\x1b[200~café\rbar\x1b[201~" {
		t.Fatalf("a paste split inside a character: reads = %q", got)
	}
}
