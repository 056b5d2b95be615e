package check

import (
	"testing"

	"github.com/coe-cli/coe/coe/lint"
)

// A leak inside a public text of several lines is found at its word and
// leads to its field, as the form needs to take the author there.
func TestPublicLeakField(t *testing.T) {
	r := examples(t)
	path, orig, c := read(t, r, speakers)
	c.Public.Summary = "Groups stopped playing.\n\nOur engineer kenji restarted\nthe group service on 10.20.0.7.\n"
	c.Public.Changes = "We now test every update, as li.wei asked."
	fs := Edit(r, path, orig, c, today)
	var leaks []Finding
	for _, f := range fs {
		if f.Rule == lint.RulePublicLeak {
			leaks = append(leaks, f)
		}
	}
	if len(leaks) != 3 {
		t.Fatalf("public-leak findings:\n%s", summary(fs))
	}
	for i, want := range []string{"public.summary", "public.summary", "public.changes"} {
		if leaks[i].Field != want {
			t.Errorf("finding %q leads to %q, want %s", leaks[i].Message, leaks[i].Field, want)
		}
	}
	// The IP address is on the block's fourth line, after "the group service on ".
	if ip := leaks[1]; ip.Col != 26 || ip.Line != leaks[0].Line+1 {
		t.Errorf("the address is reported at %d:%d; want the line after the name's (%d), column 26", ip.Line, ip.Col, leaks[0].Line)
	}
}
