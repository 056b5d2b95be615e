package lint

import (
	"fmt"
	"io"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// Names lists every rule and group id with its one-line summary, rules
// first: what --explain takes, for completion ("id\tsummary").
func Names() []string {
	var out []string
	for _, r := range Rules() {
		out = append(out, r.ID+"\t"+r.Summary)
	}
	for _, g := range Groups() {
		out = append(out, g.ID+"\t"+g.Summary)
	}
	return out
}

// UnknownRuleError is Explain's error for a name that is no rule and no
// group; it suggests the nearest names.
type UnknownRuleError struct {
	Name string
	Near []string
}

func (e *UnknownRuleError) Error() string {
	msg := fmt.Sprintf("%q: no such rule", e.Name)
	if len(e.Near) > 0 {
		return msg + "; did you mean " + strings.Join(e.Near, " or ") + "?"
	}
	return msg + "; coe lint --list-rules lists them"
}

// Explain writes why the rule or group name matters and how to fix what
// it finds; an unknown name is an *UnknownRuleError.
func Explain(w io.Writer, name string) error {
	if g, ok := LookupGroup(name); ok {
		return WriteGroupExplanation(w, g)
	}
	if r, ok := LookupRule(name); ok {
		return WriteExplanation(w, r)
	}
	var ids []string
	for _, n := range Names() {
		ids = append(ids, n[:strings.IndexByte(n, '\t')])
	}
	return &UnknownRuleError{Name: name, Near: coe.Nearest(name, ids, 3)}
}
