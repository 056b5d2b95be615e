package form

import (
	"fmt"
	"slices"

	"charm.land/huh/v2"
	"github.com/coe-cli/coe/coe"
)

// factorsTitle and factorsDesc head the field of the contributing factors.
const (
	factorsTitle = "Contributing factors (optional)"
	factorsDesc  = "What beyond the root cause let it happen or made it worse."
)

// factors is the field of the contributing factors, in the root cause
// step: with a taxonomy in the config, a multi-select of its names, each
// with its description; without one, a comma-separated list, as tags.
func (b *builder) factors(s *State) huh.Field {
	tax := b.opts.Factors
	if len(tax) == 0 {
		return b.input(field{title: factorsTitle, desc: factorsDesc + "\nComma-separated, like: config-change, missing-alerting.",
			p: &s.ContributingFactors, path: "contributing_factors"})
	}
	names := make([]string, len(tax))
	for i, f := range tax {
		names[i] = f.Name
	}
	acc := &listAccessor{p: &s.ContributingFactors}
	var opts []huh.Option[string]
	// A factor the COE names that the taxonomy no longer has stays shown,
	// so that showing it does not drop it, but must be unselected.
	for _, v := range acc.Get() {
		if !slices.Contains(names, v) {
			opts = append(opts, huh.NewOption(short(v, 40)+" (not in "+coe.ConfigName+")", v))
		}
	}
	for _, f := range tax {
		label := f.Name
		if f.Description != "" {
			label += " · " + short(f.Description, 70)
		}
		opts = append(opts, huh.NewOption(label, f.Name))
	}
	desc := factorsDesc + "\nSpace or x selects one; / filters."
	if b.opts.Accessible {
		desc = factorsDesc
	}
	ms := huh.NewMultiSelect[string]().Title(factorsTitle).Description(desc).
		Accessor(acc).Options(opts...).
		Validate(func(chosen []string) error {
			for _, v := range chosen {
				if !slices.Contains(names, v) {
					return fmt.Errorf("factor %q is not in the factors of %s; unselect it", short(v, 40), coe.ConfigName)
				}
			}
			if len(chosen) > coe.MaxFactors {
				return fmt.Errorf("%d factors chosen; name at most %d, those that mattered most", len(chosen), coe.MaxFactors)
			}
			return nil
		})
	// The field's height is its title, the description's two lines and
	// the options, at most maxFactorRows of them: a longer taxonomy
	// scrolls. (Without a height huh counts the title and description
	// against the options and shows too few.)
	ms = ms.Height(3 + min(len(opts), maxFactorRows))
	return b.coached(ms, "contributing_factors")
}

// maxFactorRows is the most options of the taxonomy shown at once.
const maxFactorRows = 10

// listAccessor binds a multi-select to a comma-separated list of the
// State. A choice of the same names keeps the list as it was (its order
// too, so that opening and leaving the field changes nothing); otherwise
// the names kept stay in their order and the new ones follow in the
// order of the options.
type listAccessor struct{ p *string }

func (a *listAccessor) Get() []string { return splitList(*a.p) }

func (a *listAccessor) Set(chosen []string) {
	was := splitList(*a.p)
	var out []string
	for _, v := range was {
		if slices.Contains(chosen, v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for _, v := range chosen {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if slices.Equal(out, was) {
		return
	}
	*a.p = joinList(out)
}
