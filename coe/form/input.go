package form

import (
	"bytes"
	"os"
	"time"
	"unicode/utf8"
)

// ttyInput is the terminal as the forms read it: the terminal itself (Bubble
// Tea puts it in raw mode and cancels its reads through its descriptor),
// with one change to what is read.
//
// A person's keys arrive one read each; text that arrives in one read with a
// line break or a tab inside it was pasted or sent by a program (a terminal
// without bracketed paste, a slow link, a typing tool). Read as keys, each
// line break of it would be enter, which leaves the field, and each tab
// would move to the next field. ttyInput hands such a read over as a
// bracketed paste, which the field inserts as it is. Reads with escape
// sequences or other control keys in them stay keys, and so does text whose
// only line break is its last byte (a word typed, then enter).
type ttyInput struct {
	*os.File
	// pasteWait and runeWait are the waits below; a test may lengthen
	// them to stay clear of the scheduler on a loaded machine.
	pasteWait, runeWait time.Duration
}

func newTTYInput(f *os.File) *ttyInput {
	return &ttyInput{File: f, pasteWait: pasteWait, runeWait: runeWait}
}

const (
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
	// pasteWait is how long a read that ends in a line break waits for
	// the rest of a paste the terminal split there.
	pasteWait = 15 * time.Millisecond
	// runeWait is how long a read that ends inside a UTF-8 character
	// waits for the rest of it.
	runeWait = 100 * time.Millisecond
)

func (t *ttyInput) Read(p []byte) (int, error) {
	room := len(p) - len(pasteStart) - len(pasteEnd)
	if room < 64 {
		return t.File.Read(p)
	}
	buf := p[len(pasteStart) : len(pasteStart)+room]
	n, err := t.File.Read(buf)
	if n <= 0 {
		return n, err
	}
	// A character split between reads is read whole, so that a paste
	// never ends or starts in the middle of one.
	for n < len(buf) && partialRune(buf[:n]) && t.ready(t.runeWait) {
		m, rerr := t.File.Read(buf[n:])
		n += max(m, 0)
		if rerr != nil || m <= 0 {
			break
		}
	}
	// Text ending in a line break may be a paste the terminal split there:
	// what follows at once belongs to it.
	if n >= 16 && endsInBreakOnly(buf[:n]) && t.ready(t.pasteWait) {
		m, rerr := t.File.Read(buf[n:])
		if m > 0 {
			n += m
		}
		if rerr != nil && err == nil {
			err = rerr
		}
	}
	if !pasted(buf[:n]) {
		copy(p, buf[:n])
		return n, err
	}
	copy(p, pasteStart)
	copy(p[len(pasteStart)+n:], pasteEnd)
	return len(pasteStart) + n + len(pasteEnd), err
}

// partialRune reports whether b ends inside a UTF-8 character.
func partialRune(b []byte) bool {
	for i := 1; i <= min(len(b), utf8.UTFMax-1); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return false
		}
		if utf8.RuneStart(c) {
			return !utf8.FullRune(b[len(b)-i:])
		}
	}
	return false
}

// pasted reports whether a read is text with a line break or tab inside
// it, and nothing but text: no escape sequences, no control keys.
func pasted(b []byte) bool {
	inside, text := false, false
	for i, c := range b {
		switch {
		case c == '\r' || c == '\n' || c == '\t':
			if i < len(b)-1 {
				inside = true
			}
		case c < 0x20 || c == 0x7f:
			return false
		default:
			text = true
		}
	}
	return inside && text
}

// endsInBreakOnly reports whether b is text whose only line break is its
// last byte.
func endsInBreakOnly(b []byte) bool {
	last := b[len(b)-1]
	if last != '\r' && last != '\n' {
		return false
	}
	body := b[:len(b)-1]
	if bytes.ContainsAny(body, "\r\n\t") {
		return false
	}
	for _, c := range body {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}
