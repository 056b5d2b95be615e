package form

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestPick(t *testing.T) {
	choices := []Choice{{"a", "0.62  a  Cache TTL"}, {"b", "0.40  b  Cache stale"}, {"c", "0.12  c  Disk full"}}
	// x chooses the option under the cursor; c then a: returned in the
	// order of the choices.
	s := newScript(t, func(d *driver) {
		d.sees("Related COEs", "Cache TTL", "Disk full")
		d.press("j", "j", "x", "g", "x").submit()
	})
	got, err := Pick(context.Background(), "Related COEs", "Choose", choices, Options{Run: s.run})
	s.done()
	if err != nil || !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("Pick = %q, %v; want a, c", got, err)
	}
	// None chosen is an answer.
	s = newScript(t, func(d *driver) { d.submit() })
	if got, err := Pick(context.Background(), "Related COEs", "", choices, Options{Run: s.run}); err != nil || len(got) != 0 {
		t.Errorf("Pick nothing = %q, %v", got, err)
	}
	s = newScript(t, func(d *driver) { d.press("x").key(escKey) })
	if got, err := Pick(context.Background(), "Related COEs", "", choices, Options{Run: s.run}); !errors.Is(err, ErrAborted) || got != nil {
		t.Errorf("Pick stopped = %q, %v; want ErrAborted", got, err)
	}
}
