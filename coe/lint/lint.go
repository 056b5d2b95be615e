// Package lint checks COE files against the format's rules and turns every
// problem, the reader's included, into a positioned Diagnostic:
//
//	coes/2024-01-28-speaker-groups.yaml:118:5: error: corrective action CA-2 "..." has no owner; ... [action-owner]
//
// Rules have stable ids and default severities (see Rules); .coe.yaml may turn
// a rule off or change its severity, except the reader's own rules, which
// are the format's contract and always errors.
//
// Positions come from the yaml.Node tree kept by coe.ReadOptions.KeepNode:
// a bad value is reported at the value, a missing field at the mapping or
// list item that should hold it (the key of its parent section when that
// exists, else the top of the file).
package lint

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// Severity is how serious a diagnostic is.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one problem at a position in a file. Line and Col are
// 1-based; a zero Line means the problem concerns the whole file (it cannot
// be read at all).
type Diagnostic struct {
	Path     string
	Line     int
	Col      int
	Severity Severity
	Rule     string
	Message  string
}

// String formats the diagnostic as "path:line:col: severity: message [rule]",
// leaving out line and column when Line is zero.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Col)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%s: %s [%s]", d.Severity, d.Message, d.Rule)
	return b.String()
}

// Rule describes one check.
type Rule struct {
	// ID is stable and kebab-case; configs and output use it.
	ID string
	// Default is the severity without a config override.
	Default Severity
	// Summary is one line.
	Summary string
	// Explanation is a paragraph: why it matters and how to fix it, with a
	// small YAML example.
	Explanation string
}

// Options tune linting.
type Options struct {
	// Config gives the severities, the owners roster and the per-rule
	// overrides (error, warning or off).
	Config coe.Config
	// AsOf is "today" for action-overdue; the zero Date skips that check.
	AsOf coe.Date
	// IDs maps every COE id in the repository to the paths that hold it,
	// for id-unique and related-exists; nil skips those two checks. See
	// IDs (the function) to build it.
	IDs map[string][]string
}

// File lints one file from its load result. Read errors (a coe.ErrorList, a
// *coe.Error, or any other error, reported as read-error) become
// diagnostics at their positions. When the document is non-nil every rule
// runs on it; it must have been read with coe.ReadOptions.KeepNode, or
// every position is 1:1. Overrides from opts.Config.Rules apply: off drops
// a rule, warning and error re-level it. The result is sorted by line and
// column.
func File(res coe.LoadResult, opts Options) []Diagnostic {
	path := res.Path
	if path == "" && res.Doc != nil {
		path = res.Doc.Path
	}
	var ds []Diagnostic
	decoded := true
	if res.Err != nil {
		errs := coe.Errors(res.Err)
		if errs == nil {
			ds = append(ds, Diagnostic{Path: path, Severity: Error, Rule: coe.RuleReadFile, Message: res.Err.Error()})
		}
		for _, e := range errs {
			if e == nil {
				continue
			}
			p := path
			if p == "" {
				p = e.File
			}
			rule := e.Rule
			if rule == "" {
				rule = coe.RuleReadFile
			}
			ds = append(ds, Diagnostic{Path: p, Line: e.Line, Col: e.Col, Severity: Error, Rule: rule, Message: e.Msg})
			if rule == coe.RuleAlias {
				// The reader refuses aliases before decoding anything, so
				// the document is empty: the rules would only add noise.
				decoded = false
			}
		}
	}
	if res.Doc != nil && decoded {
		ds = append(ds, check(res.Doc, path, opts)...)
	}
	ds = applyOverrides(ds, opts.Config.Rules)
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
	return ds
}

func applyOverrides(ds []Diagnostic, levels map[string]string) []Diagnostic {
	if len(levels) == 0 {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if !readRules[d.Rule] {
			switch levels[d.Rule] {
			case "off":
				continue
			case "warning":
				d.Severity = Warning
			case "error":
				d.Severity = Error
			}
		}
		out = append(out, d)
	}
	return out
}

// Repository lints the load results of a whole repository, building
// opts.IDs from them when it is nil. Files are linted concurrently; the
// results are not modified. Diagnostics come back sorted by path, line
// and column.
func Repository(results []coe.LoadResult, opts Options) []Diagnostic {
	if opts.IDs == nil {
		opts.IDs = IDs(results)
	}
	per := make([][]Diagnostic, len(results))
	coe.Parallel(len(results), func(i int) { per[i] = File(results[i], opts) })
	var ds []Diagnostic
	for _, p := range per {
		ds = append(ds, p...)
	}
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return ds
}

// IDs maps each COE id of the load results to the paths that hold it, for
// Options.IDs. A file whose id could not be read counts under its file name
// stem, so that related ids naming a broken file are not reported missing.
func IDs(results []coe.LoadResult) map[string][]string {
	ids := make(map[string][]string, len(results))
	for _, r := range results {
		id := ""
		if r.Doc != nil {
			id = r.Doc.COE.ID
		}
		if strings.TrimSpace(id) == "" {
			id = stem(r.Path)
		}
		if id != "" && !slices.Contains(ids[id], r.Path) {
			ids[id] = append(ids[id], r.Path)
		}
	}
	return ids
}

// Count returns the numbers of errors and warnings.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}

// CheckConfig validates the rules section of a config: every key must be a
// rule id, every level error, warning or off, and the reader's rules may
// only be set to error. The problems come back as a coe.ErrorList with rule
// coe.RuleConfig, naming .coe.yaml without a position.
func CheckConfig(cfg coe.Config) error {
	names := make([]string, 0, len(cfg.Rules))
	for id := range cfg.Rules {
		names = append(names, id)
	}
	sort.Strings(names)
	var errs coe.ErrorList
	add := func(format string, args ...any) {
		errs = append(errs, &coe.Error{File: coe.ConfigName, Rule: coe.RuleConfig, Msg: fmt.Sprintf(format, args...)})
	}
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	for _, id := range names {
		level := cfg.Rules[id]
		if _, ok := LookupRule(id); !ok {
			if near := coe.Nearest(id, ids, 3); len(near) > 0 {
				add("unknown rule %q in rules; did you mean %s?", id, orList(near))
			} else {
				add("unknown rule %q in rules; expected one of %s", id, quoteList(ids))
			}
			continue
		}
		if !slices.Contains(coe.RuleLevels, level) {
			add("invalid level %q for rule %q; expected one of %s", level, id, quoteList(coe.RuleLevels))
			continue
		}
		if readRules[id] && level != "error" {
			add("rule %q cannot be set to %q: it is a read error, and a file that breaks the format is refused by every coe command; fix the file instead", id, level)
		}
	}
	return errs.Err()
}

// quoteList formats names as "a", "b", "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// orList formats names as "a", "b" or "c".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("%q", names[0])
	}
	return quoteList(names[:len(names)-1]) + fmt.Sprintf(" or %q", names[len(names)-1])
}
