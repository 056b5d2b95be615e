package form

import (
	"context"

	"charm.land/huh/v2"
)

// Choice is one option of Pick: the value returned when it is chosen, and
// how it reads.
type Choice struct {
	Value, Label string
}

// Pick asks which of choices to take, in a multi-select under title and
// description (space or x chooses, enter confirms); none chosen is an
// answer. It returns the values chosen, in the order of choices. Stopped
// (esc, ctrl+c, the end of input in accessible mode), it returns
// ErrAborted. Options.In, Out, Accessible, Theme and Run are used.
func Pick(ctx context.Context, title, description string, choices []Choice, opts Options) ([]string, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	var s State
	r := newRunner(ctx, &s, opts, false)
	options := make([]huh.Option[string], len(choices))
	for i, c := range choices {
		options[i] = huh.NewOption(c.Label, c.Value)
	}
	var picked []string
	ms := huh.NewMultiSelect[string]().Options(options...).Value(&picked).Filterable(false)
	f := r.b.form(r.b.group(title, description, ms))
	if err := r.run(f); err != nil {
		return nil, err
	}
	// In the order of the choices, whatever order they were picked in.
	var out []string
	for _, c := range choices {
		for _, p := range picked {
			if p == c.Value {
				out = append(out, p)
				break
			}
		}
	}
	return out, nil
}
