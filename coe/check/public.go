package check

import (
	"errors"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

// PublicLeaks lints a COE about to be published (coe build --public) with
// its repository's rules and keeps the errors of the rule public-leak: a
// COE approved before internal_domains: or public: deny: named what it
// leaks must not reach customers all the same. The error lists each leak
// at its file:line:col, then says the COE is not published; nil when
// there is none, or when the config turns the rule off.
func PublicLeaks(lr coe.LoadResult, cfg coe.Config, asOf coe.Date) error {
	ds, _ := lint.Check(lr, lint.Options{Config: cfg, AsOf: asOf})
	var lines []string
	for _, d := range ds {
		if d.Rule == lint.RulePublicLeak && d.Severity == lint.Error {
			lines = append(lines, d.String())
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return errors.New(strings.Join(lines, "\n") + "\n" + lr.Path + ": not published: its public section names internal details (coe lint --explain public-leak)")
}
