package check

import (
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

// Review notes are the findings of the quality rules (lint.GroupQuality):
// what a bar raiser would push back on (blame, whys that stop early,
// impact without numbers, actions that are intentions). They coach the
// author and inform the reviewers; they never stop a save.
//
// They are found as coe lint --all-rules finds them, on a draft too (the
// author wants them before the meeting, not after), with the levels and
// word lists of the repository's .coe.yaml: a team that turns the group
// off gets none.

// IsQuality reports whether rule is one of the quality group's.
func IsQuality(rule string) bool { return lint.RuleGroup(rule) == lint.GroupQuality }

// Quality keeps the findings of the quality rules.
func Quality(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if IsQuality(f.Rule) {
			out = append(out, f)
		}
	}
	return out
}

// ReviewNotes returns the review notes of doc, a COE read with
// coe.ReadOptions.KeepNode (positions are 1:1 otherwise), linted with
// cfg's levels and word lists and every rule applied whatever its status.
// asOf is today. The notes are sorted by position; nil when there are
// none.
func ReviewNotes(doc *coe.Document, cfg coe.Config, asOf coe.Date) []Finding {
	if doc == nil {
		return nil
	}
	ds := lint.File(coe.LoadResult{Path: doc.Path, Doc: doc}, lint.Options{Config: cfg, AsOf: asOf, AllRules: true})
	var out []Finding
	for _, d := range ds {
		if !IsQuality(d.Rule) {
			continue
		}
		f := Finding{Diagnostic: d}
		// 1:1 is the top of the file, where a value is missing that has
		// no section to be missing from, not its first key.
		if d.Line > 0 && (d.Line > 1 || d.Col > 1) {
			f.Field = FieldAt(doc.Root, d.Line, d.Col)
		}
		out = append(out, f)
	}
	return out
}

// ReviewNotesOf returns the review notes of c as a file holding it would
// read (see ReviewNotes): what a form coaches its author with while the
// COE is being written. Only the fields of the notes tell where they are;
// their lines are those of c in the fixed layout of a new file. It reads
// nothing of the repository, so it is cheap enough to run after every
// answer.
func ReviewNotesOf(c *coe.COE, cfg coe.Config, asOf coe.Date) []Finding {
	data, err := coe.Marshal(c)
	if err != nil {
		return nil
	}
	// A value the reader refuses (the form's own checks say so) leaves
	// the rest of the document to coach on.
	doc, _ := coe.Parse(c.ID+".yaml", data, coe.ReadOptions{Severities: cfg.Severities, KeepNode: true})
	return ReviewNotes(doc, cfg, asOf)
}
