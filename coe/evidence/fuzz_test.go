package evidence

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

// FuzzParseLog feeds parseLog what a hostile repository's history could
// make git print: it never panics, and every commit it gives keeps to the
// caps (a subject of at most MaxSubject bytes, at most MaxRefs refs and
// MaxRefs bad values, each bad value cut to 200 bytes and a mark), with
// hex ids and refs that ParseRef reads back.
func FuzzParseLog(f *testing.F) {
	id := strings.Repeat("ab", 20)
	rec := func(subject, trailers string) string {
		return id + "\x00" + id[:7] + "\x001706803200\x002024-02-01T10:00:00-06:00\x00" + subject + "\x00" + trailers + "\x00\x00"
	}
	f.Add([]byte(rec("Fix it", speakers+"#CA-1 done")))
	f.Add([]byte(rec("x", speakers+"#CA-2\x1f"+speakers+"#CA-2 DONE\x1fnonsense\nmore")))
	f.Add([]byte(rec(strings.Repeat("é", 300), strings.Repeat(speakers+"#CA-9\x1f", 70))))
	f.Add([]byte(rec("x", "") + rec("\x1b[2J", speakers+"#CA-3")))
	f.Add([]byte(id + "\x00abc"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = parseLog(bufio.NewReaderSize(bytes.NewReader(data), 16), "r", func(c *Commit) error {
			if !isHex(c.ID) || !isHex(c.Short) {
				t.Fatalf("ids %q %q are not hex", c.ID, c.Short)
			}
			if len(c.Subject) > MaxSubject {
				t.Fatalf("subject of %d bytes; the cap is %d", len(c.Subject), MaxSubject)
			}
			if len(c.Refs) > MaxRefs || len(c.Bad) > MaxRefs {
				t.Fatalf("%d refs and %d bad values; the cap is %d", len(c.Refs), len(c.Bad), MaxRefs)
			}
			if len(c.Refs)+len(c.Bad) == 0 {
				t.Fatal("a commit with no trailer value was given")
			}
			for _, b := range c.Bad {
				if len(b) > 200 {
					t.Fatalf("bad value of %d bytes", len(b))
				}
			}
			for _, r := range c.Refs {
				back, err := ParseRef(r.Key())
				if err != nil || back.COE != r.COE || back.Action != r.Action {
					t.Fatalf("ref %q does not read back: %+v %v", r.Key(), back, err)
				}
			}
			return nil
		})
	})
}
