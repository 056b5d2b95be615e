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
//
// File lints one file; Run lints a repository's files the way coe lint
// does, one file at a time in each worker, then runs the repository-wide
// rules (id-unique, related-exists) over a small Record of each file. The
// diagnostics print as text (with source lines and carets for a terminal),
// JSON, GitHub Actions workflow commands or SARIF 2.1.0 (WriteText,
// WriteJSON, WriteGitHub, WriteSARIF); WriteRules and WriteExplanation
// document the rules.
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
	// Off is the default of a rule a team turns on in the rules of
	// .coe.yaml (action-evidence): until then it reports nothing.
	Off Severity = "off"
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
	// Group names the rule's group, "" for none. A config may set a whole
	// group's level (rules: {quality: off}); GroupQuality is the bar
	// raiser's checks of a COE's substance.
	Group string
}

// GroupQuality is the group of the rules that judge a COE's substance
// (blame, the depth of the whys, numbers in the impact, actions that are
// mechanisms): warnings from status review on, and on drafts only with
// Options.AllRules.
const GroupQuality = "quality"

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
	// AllRules applies the rules a status does not ask for yet: the
	// quality group on drafts.
	AllRules bool
}

// File lints one file from its load result. Read errors (a coe.ErrorList, a
// *coe.Error, or any other error, reported as read-error) become
// diagnostics at their positions. When the document is non-nil every rule
// runs on it; it must have been read with coe.ReadOptions.KeepNode, or
// every position is 1:1. The repository-wide rules, id-unique and
// related-exists, run when opts.IDs is set. Overrides from
// opts.Config.Rules apply: off drops a rule, warning and error re-level it.
// The result is sorted by line and column.
func File(res coe.LoadResult, opts Options) []Diagnostic {
	ds, rec := fileRules(res, opts)
	if opts.IDs != nil {
		ds = append(ds, newCross(opts.IDs).check(&rec)...)
	}
	return finish(ds, opts)
}

// Check lints one file with every rule but the repository-wide ones, and
// returns its diagnostics (as File does) and its Record for CrossCheck.
// The record holds nothing of the YAML tree, which the caller may drop.
func Check(res coe.LoadResult, opts Options) ([]Diagnostic, Record) {
	ds, rec := fileRules(res, opts)
	return finish(ds, opts), rec
}

// fileRules turns the read errors into diagnostics and runs the rules
// that need only the file.
func fileRules(res coe.LoadResult, opts Options) ([]Diagnostic, Record) {
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
		return ds, record(path, res.Doc)
	}
	return ds, record(path, nil)
}

// finish applies the overrides, sorts by line and column and bounds what
// one rule may report in one file.
func finish(ds []Diagnostic, opts Options) []Diagnostic {
	ds = applyOverrides(ds, opts.Config.Rules)
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
	return capPerRule(ds)
}

// MaxPerRule is the most diagnostics of one rule reported in one file; the
// rest are counted in one more diagnostic. A real COE never comes near it;
// a hostile one (a megabyte of aliases or unknown keys) makes one clear
// finding instead of a flood.
const MaxPerRule = 50

func capPerRule(ds []Diagnostic) []Diagnostic {
	if len(ds) <= MaxPerRule {
		return ds
	}
	count := map[string]int{}
	for _, d := range ds {
		count[d.Rule]++
	}
	over := false
	for _, n := range count {
		over = over || n > MaxPerRule
	}
	if !over {
		return ds
	}
	seen := map[string]int{}
	out := ds[:0]
	for _, d := range ds {
		seen[d.Rule]++
		switch n := seen[d.Rule]; {
		case n <= MaxPerRule:
			out = append(out, d)
		case n == MaxPerRule+1:
			more := count[d.Rule] - MaxPerRule
			d.Message = fmt.Sprintf("%s more problems of this rule in this file from here on are not shown (%d in all); fix the ones above first", thousands(more), count[d.Rule])
			out = append(out, d)
		}
	}
	return out
}

// thousands formats n with commas: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func applyOverrides(ds []Diagnostic, levels map[string]string) []Diagnostic {
	out := ds[:0]
	for _, d := range ds {
		if !readRules[d.Rule] {
			switch levelOf(d.Rule, levels) {
			case "off":
				continue
			case "warning":
				d.Severity = Warning
			case "error":
				d.Severity = Error
			}
		}
		if d.Severity == Off {
			continue // off by default, and the config does not turn it on
		}
		out = append(out, d)
	}
	return out
}

// levelOf is the level the config sets a rule to: its own entry, else
// its group's, else "" (its default).
func levelOf(rule string, levels map[string]string) string {
	if l, ok := levels[rule]; ok {
		return l
	}
	if g := ruleIndex[rule].Group; g != "" {
		return levels[g]
	}
	return ""
}

// Repository lints the load results of a whole repository. Files are
// linted concurrently, then the repository-wide rules run against opts.IDs,
// or, when it is nil, the index of the results themselves. The results are
// not modified. Diagnostics come back sorted by path, line and column.
//
// Repository needs every document in memory at once; Run reads, lints and
// drops one file at a time.
func Repository(results []coe.LoadResult, opts Options) []Diagnostic {
	per := make([][]Diagnostic, len(results))
	records := make([]Record, len(results))
	coe.Parallel(len(results), func(i int) { per[i], records[i] = Check(results[i], opts) })
	var ds []Diagnostic
	for _, p := range per {
		ds = append(ds, p...)
	}
	if opts.IDs == nil {
		ds = append(ds, CrossCheck(records, opts)...)
	} else {
		x := newCross(opts.IDs)
		for i := range records {
			ds = append(ds, finish(x.check(&records[i]), opts)...)
		}
	}
	sortByPath(ds)
	return ds
}

// IDs maps each COE id of the load results to the paths that hold it, for
// Options.IDs. A file whose id could not be read counts under its file name
// stem, so that related ids naming a broken file are not reported missing.
func IDs(results []coe.LoadResult) map[string][]string {
	records := make([]Record, len(results))
	for i, r := range results {
		records[i] = Record{Path: r.Path}
		if r.Doc != nil {
			records[i].ID = r.Doc.COE.ID
		}
	}
	return Index(records)
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
// rule id or a group's name (quality), every level error, warning or off,
// and the reader's rules may only be set to error. A rule's own entry wins
// over its group's. The problems come back as a coe.ErrorList with rule
// coe.RuleConfig, naming .coe.yaml, at the rule's key when the config
// came from ParseConfig (Config.RulePos).
func CheckConfig(cfg coe.Config) error {
	names := make([]string, 0, len(cfg.Rules))
	for id := range cfg.Rules {
		names = append(names, id)
	}
	sort.Strings(names)
	var errs coe.ErrorList
	var id string
	add := func(format string, args ...any) {
		pos := cfg.RulePos[id]
		errs = append(errs, &coe.Error{File: coe.ConfigName, Line: pos.Line, Col: pos.Col, Rule: coe.RuleConfig, Msg: fmt.Sprintf(format, args...)})
	}
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	for _, g := range groups {
		ids = append(ids, g.ID)
	}
	sort.Strings(ids)
	for _, id = range names {
		level := cfg.Rules[id]
		if _, ok := LookupRule(id); !ok && !isGroup(id) {
			if near := coe.Nearest(id, ids, 3); len(near) > 0 {
				add("unknown rule %q in rules; did you mean %s?", id, orList(near))
			} else {
				add("unknown rule %q in rules; expected one of %s", id, quoteList(ids))
			}
			continue
		}
		if !slices.Contains(coe.RuleLevels(), level) {
			add("invalid level %q for rule %q; expected one of %s", level, id, quoteList(coe.RuleLevels()))
			continue
		}
		if readRules[id] && level != "error" {
			add("rule %q cannot be set to %q: it is a read error, and a file that breaks the format is refused by every coe command; fix the file instead", id, level)
		}
	}
	errs.Sort()
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
