package lint

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
)

// Record is what the repository-wide rules, id-unique and related-exists,
// need of one file: its id and related ids with their positions. It is a
// few strings, so a linter can keep one per file of a large repository and
// drop each YAML tree as soon as the file's own rules have run (see Check
// and Run).
type Record struct {
	// Path is the file as named in diagnostics.
	Path string
	// ID is the COE's id as written, or "" when it is missing or could not
	// be read; the index then knows the file by its file name stem.
	ID    string
	IDPos coe.Position
	// Related are the well-formed ids of related other than the COE's own.
	Related []Ref
	// Linted says the repository-wide rules report on this file. A file
	// that only feeds the index (Input.Others) has it false.
	Linted bool
}

// Ref is an id at a position.
type Ref struct {
	ID  string
	Pos coe.Position
}

// Key is the id the index knows the file by: its id, or its file name stem
// when it has none, so that related ids naming a broken file are not
// reported missing.
func (r *Record) Key() string {
	if strings.TrimSpace(r.ID) != "" {
		return r.ID
	}
	return stem(r.Path)
}

// record builds the Record of a decoded document (nil: a file that did not
// parse).
func record(path string, doc *coe.Document) Record {
	rec := Record{Path: path, Linted: true}
	if doc == nil {
		return rec
	}
	c := &doc.COE
	if strings.TrimSpace(c.ID) != "" {
		rec.ID, rec.IDPos = c.ID, doc.Pos("id")
	}
	for i, r := range c.Related {
		if r == "" || !coe.ValidID(r) || r == c.ID {
			continue // blank and malformed ids are the reader's
		}
		rec.Related = append(rec.Related, Ref{ID: r, Pos: doc.Pos(fmt.Sprintf("related[%d]", i))})
	}
	return rec
}

// Index maps the id of every record (see Record.Key) to the paths that
// hold it, for Options.IDs.
func Index(records []Record) map[string][]string {
	ids := make(map[string][]string, len(records))
	for i := range records {
		r := &records[i]
		id := r.Key()
		if id != "" && !slices.Contains(ids[id], r.Path) {
			ids[id] = append(ids[id], r.Path)
		}
	}
	return ids
}

// CrossCheck runs the repository-wide rules on every record with Linted
// set, against the index of all the records: id-unique (no other file has
// its id) and related-exists (every related id names a file). Overrides
// from opts.Config.Rules apply; opts.IDs is not used. The diagnostics come
// back sorted by path, line and column.
func CrossCheck(records []Record, opts Options) []Diagnostic {
	x := newCross(Index(records))
	var ds []Diagnostic
	for i := range records {
		if records[i].Linted {
			ds = append(ds, finish(x.check(&records[i]), opts)...)
		}
	}
	sortByPath(ds)
	return ds
}

// cross runs the repository-wide rules against an index of ids.
type cross struct {
	ids map[string][]string

	sortedOnce sync.Once
	sorted     []string // the ids, sorted, for suggestions
}

func newCross(ids map[string][]string) *cross { return &cross{ids: ids} }

func (x *cross) sortedIDs() []string {
	x.sortedOnce.Do(func() {
		x.sorted = make([]string, 0, len(x.ids))
		for id := range x.ids {
			x.sorted = append(x.sorted, id)
		}
		slices.Sort(x.sorted)
	})
	return x.sorted
}

func (x *cross) check(r *Record) []Diagnostic {
	var ds []Diagnostic
	report := func(pos coe.Position, rule, msg string) {
		ds = append(ds, Diagnostic{Path: r.Path, Line: pos.Line, Col: pos.Col, Severity: ruleIndex[rule].Default, Rule: rule, Message: msg})
	}
	// id-unique
	if id := r.ID; strings.TrimSpace(id) != "" {
		var others []string
		for _, p := range x.ids[id] {
			if p != r.Path && !slices.Contains(others, p) {
				others = append(others, p)
			}
		}
		if len(others) > 0 {
			report(r.IDPos, RuleIDUnique, fmt.Sprintf("id %q is also used by %s; expected every COE in the repository to have its own id", id, strings.Join(others, ", ")))
		}
	}
	// related-exists
	suggested := 0
	for _, ref := range r.Related {
		if _, ok := x.ids[ref.ID]; ok {
			continue
		}
		msg := fmt.Sprintf("related COE %q does not exist in this repository", ref.ID)
		var near []string
		if suggested < 20 { // bound the work on a hostile file
			suggested++
			near = coe.Nearest(ref.ID, x.sortedIDs(), 3)
		}
		if len(near) > 0 {
			msg += "; did you mean " + orList(near) + "?"
		} else {
			msg += "; expected the id of a COE in this repository"
		}
		report(ref.Pos, RuleRelatedExists, msg)
	}
	return ds
}

// IndexFile is the Record of a file that only feeds the index of the
// repository-wide rules: its path (as display names it) and its id. It
// finds the id without parsing YAML when a plain top-level "id:" line comes
// early in the file, as in every file coe writes, and parses the file
// otherwise; a file that cannot be read is known by its file name stem.
// The file is read through fsys, its repository's guarded file system, when
// that is not nil.
func IndexFile(fsys *safefs.Root, path, display string) Record {
	rec := Record{Path: display}
	f, err := safefs.OpenIn(fsys, path)
	if err != nil {
		return rec
	}
	defer f.Close()
	head := make([]byte, 8<<10)
	n, err := io.ReadFull(f, head)
	head = head[:n]
	complete := err != nil // the whole file fits
	if id, ok := quickID(head, complete); ok {
		rec.ID = id
		return rec
	}
	data := head
	if !complete {
		rest, err := io.ReadAll(io.LimitReader(f, coe.MaxFileSize+1-int64(n)))
		if err != nil || n+len(rest) > coe.MaxFileSize {
			return rec
		}
		data = append(head, rest...)
	}
	rec.ID = parseID(display, data)
	return rec
}

// FileID is the id a COE file's content names, found as IndexFile finds
// it: from a plain "id:" line, or by parsing. It is "" when there is none
// or the content is no COE (over coe.MaxFileSize, or not YAML).
func FileID(display string, data []byte) string {
	if id, ok := quickID(data, true); ok {
		return id
	}
	if len(data) > coe.MaxFileSize {
		return ""
	}
	return parseID(display, data)
}

func parseID(display string, data []byte) string {
	if doc, _ := coe.Parse(display, data, coe.ReadOptions{}); doc != nil {
		return doc.COE.ID
	}
	return ""
}

// quickID finds a COE's id without parsing the YAML: the value of the
// first line that starts with "id:" at column 0 (a top-level key of a block
// mapping), when it is a valid id, plain or quoted, with or without a
// comment after it. data is the start of the file, all of it when complete
// is set. ok is false when anything is less plain than that (no such line,
// a document marker before it, an odd value, a line cut off): the caller
// parses the file instead.
//
// A file that breaks the format may be indexed under the id it names where
// a parse would fall back to its file name stem; only files that are not
// linted are indexed this way.
func quickID(data []byte, complete bool) (id string, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for first := true; len(data) > 0; first = false {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else if !complete {
			return "", false // cut off
		} else {
			data = nil
		}
		if !first && (bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("..."))) {
			return "", false // perhaps more than one document
		}
		v, isID := bytes.CutPrefix(line, []byte("id:"))
		if !isID {
			continue
		}
		if len(v) > 0 && v[0] != ' ' && v[0] != '\t' && v[0] != '\r' {
			return "", false
		}
		s := strings.TrimSpace(string(v))
		if i := strings.Index(s, " #"); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
		if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
			s = s[1 : len(s)-1]
		}
		if !coe.ValidID(s) {
			return "", false
		}
		return s, true
	}
	return "", false
}

// sortByPath sorts diagnostics by path, line and column, keeping the order
// of equal ones.
func sortByPath(ds []Diagnostic) {
	coe.SortByPosition(ds, func(d Diagnostic) (string, int, int) { return d.Path, d.Line, d.Col })
}
