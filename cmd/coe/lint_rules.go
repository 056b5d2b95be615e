package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe/lint"
)

// runLintRules is coe lint's other mode: --list-rules and --explain.
func runLintRules(o *lintOptions) error {
	if len(o.paths) > 0 {
		return usagef("--list-rules and --explain take no PATH")
	}
	out := o.f.Streams.Out
	if o.explain != "" {
		err := lint.Explain(out, o.explain)
		if _, ok := err.(*lint.UnknownRuleError); ok {
			return usagef("--explain %v", err)
		}
		return err
	}
	if !slices.Contains(lint.RuleFormats(), o.format) {
		return usagef("--format %q: --list-rules prints %s", o.format, strings.Join(lint.RuleFormats(), ", "))
	}
	if err := lint.WriteRules(out, o.format); err != nil {
		return err
	}
	if o.format == lint.FormatText {
		fmt.Fprintln(o.f.Streams.ErrOut, "\ncoe lint --explain RULE says why a rule matters and how to fix what it finds.")
	}
	return nil
}
