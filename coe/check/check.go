// Package check is the check a COE gets before a form or an editor saves
// it: everything coe lint says of the file as it would be written, in the
// repository it would be written to (the related ids, the ids of the other
// COEs, the roster, the order of the timeline and every other rule), so
// that what the form saves, what coe edit --editor saves and what coe lint
// then says agree.
//
// Each finding carries the path of the value it is about ("related[0]",
// "timeline[2].at"), found from its position in the file, so that a form
// can lead the user back to the field that holds it.
package check

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
	"gopkg.in/yaml.v3"
)

// Finding is what coe lint says of the file, with the value it is about.
type Finding struct {
	lint.Diagnostic
	// Field is the path of the value the finding is about, as
	// coe.Document.Lookup takes it: "title", "incident.started_at",
	// "related[0]", "timeline[2].at", "corrective_actions[1].owner". For a
	// missing value it is the section or list item that should hold it;
	// "" when the finding is about the whole file.
	Field string
}

// File checks content as the file at path in r once written: every rule
// of coe lint, the repository-wide ones (related-exists, id-unique) against
// r's other COEs, this file counting as content. asOf is today, for
// action-overdue. The findings are sorted by position.
func File(r *coe.Repo, path string, content []byte, asOf coe.Date) []Finding {
	rel := r.Rel(path)
	doc, err := coe.Parse(rel, content, coe.ReadOptions{Severities: r.Config.Severities, KeepNode: true})
	res := coe.LoadResult{Path: rel, Doc: doc, Err: err}
	// The repository's COEs, read as coe lint reads them (a folder that
	// does not read leaves the others to check against).
	results, _ := r.LoadAll(r.ReadOptions())
	found := false
	for i := range results {
		if filepath.Base(results[i].Path) == filepath.Base(path) {
			results[i], found = res, true
		}
	}
	if !found {
		results = append(results, res)
	}
	ds := lint.File(res, lint.Options{Config: r.Config, AsOf: asOf, IDs: lint.IDs(results)})
	out := make([]Finding, len(ds))
	for i, d := range ds {
		out[i] = Finding{Diagnostic: d}
		if doc != nil && d.Line > 0 {
			out[i].Field = FieldAt(doc.Root, d.Line, d.Col)
		}
	}
	return out
}

// Edit checks the edit of the COE file at path, which held orig, to c: the
// file as coe.Update writes it.
func Edit(r *coe.Repo, path string, orig []byte, c *coe.COE, asOf coe.Date) []Finding {
	out, err := coe.Update(orig, c)
	if err != nil {
		return []Finding{{Diagnostic: lint.Diagnostic{Path: r.Rel(path), Severity: lint.Error, Rule: coe.RuleReadFile,
			Message: fmt.Sprintf("the edit cannot be written: %v", err)}}}
	}
	return File(r, path, out, asOf)
}

// New checks a new COE c as r.Create would write it at now: under the id
// it would get, in the fixed layout. c is not changed.
func New(r *coe.Repo, c *coe.COE, now time.Time) []Finding {
	cc := *c
	cc.ID = FreeID(r, coe.BaseID(c, now))
	if cc.Version == 0 {
		cc.Version = coe.FormatVersion
	}
	path := r.PathOf(cc.ID)
	data, err := coe.Marshal(&cc)
	if err != nil {
		return []Finding{{Diagnostic: lint.Diagnostic{Path: r.Rel(path), Severity: lint.Error, Rule: coe.RuleReadFile,
			Message: fmt.Sprintf("the COE cannot be written: %v", err)}}}
	}
	return File(r, path, coe.WithSchemaLine(data, r.SchemaRef()), coe.DateOf(now))
}

// FreeID is base, or base-2, base-3, ... the first that no file of r has:
// the id r.Create would give.
func FreeID(r *coe.Repo, base string) string {
	for n := 1; n < 10000; n++ {
		id := base
		if n > 1 {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		if !r.Exists(r.PathOf(id)) {
			return id
		}
	}
	return base
}

// Errors returns the findings that are errors: what stops a save.
func Errors(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == lint.Error {
			out = append(out, f)
		}
	}
	return out
}

// FieldAt returns the path of the value of the YAML document root that a
// finding at line:col is about: the deepest key or value that starts
// there; else the scalar value on that line that the column falls in (a
// finding at a word inside a one-line text); else the text of several
// lines that holds the position (a word of a block scalar: the last node
// before it is that text, and the position is within its lines); else "".
func FieldAt(root *yaml.Node, line, col int) string {
	if root == nil {
		return ""
	}
	n := root
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return ""
		}
		n = n.Content[0]
	}
	best, depth := "", -1
	// inside is the scalar value of the line that starts last before col.
	inside, insideCol := "", 0
	var walk func(n *yaml.Node, path string, d int)
	// last is the node that starts last before line:col, lastPath its
	// path when it is a scalar value ("" for a key), lastEnd whether a
	// node starts after line:col.
	var last *yaml.Node
	lastPath, lastEnd := "", false
	at := func(n *yaml.Node, path string, d int) {
		if n.Line == line && n.Column == col && d > depth {
			best, depth = path, d
		}
	}
	track := func(n *yaml.Node, path string) {
		switch {
		case n.Line < line || n.Line == line && n.Column < col:
			last, lastPath = n, path
		case n.Line > line || n.Column > col:
			lastEnd = true
		}
	}
	in := func(v *yaml.Node, path string) {
		if v.Kind == yaml.ScalarNode && v.Line == line && v.Column < col && v.Column > insideCol {
			inside, insideCol = path, v.Column
		}
	}
	walk = func(n *yaml.Node, path string, d int) {
		if d > 64 {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := k.Value
				if path != "" {
					p = path + "." + k.Value
				}
				at(k, p, d+1)
				at(v, p, d+1)
				track(k, "")
				track(v, p)
				in(v, p)
				walk(v, p, d+1)
			}
		case yaml.SequenceNode:
			for i, v := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				at(v, p, d+1)
				track(v, p)
				in(v, p)
				walk(v, p, d+1)
			}
		}
	}
	walk(n, "", 0)
	if depth < 0 {
		best = inside
	}
	if depth < 0 && best == "" && last != nil && last.Kind == yaml.ScalarNode && lastPath != "" && last.Line < line {
		// The position is after a text's first line, before the next
		// node: inside the text when it has that many lines (a folded
		// line break is a space in the value).
		text := strings.TrimRight(last.Value, "\n")
		lines := strings.Count(text, "\n") + strings.Count(text, " ") + 1
		if lastEnd || line <= last.Line+lines {
			best = lastPath
		}
	}
	return strings.TrimPrefix(best, ".")
}
