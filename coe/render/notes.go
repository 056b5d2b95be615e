package render

import (
	"fmt"
	"strconv"
	"strings"
)

// ReviewNote is a finding of the quality rules (blame, whys-depth, ...)
// about a COE: not part of the COE, but what a bar raiser would ask its
// authors. coe show lists them at the end; a report shows them to its
// reviewers only when asked (coe render --review-notes), in a section of
// their own.
type ReviewNote struct {
	Rule string // "blame"
	// Severity is the rule's level in the repository's config: warning,
	// unless the config makes it an error.
	Severity string
	// Field is the path of the value the note is about
	// ("root_cause.whys[1]"), or "" for the whole COE.
	Field string
	// Line and Col are where the value is in the COE's file; 0 when not
	// known.
	Line, Col int
	Message   string

	// Section is the id of the report's section that shows the value
	// ("q3", "timeline", or a corrective action's id) and Where names it
	// for people ("question 3, why 2"); both are filled in by the report.
	Section, Where string
}

// Place says where a note is: "root_cause.summary, line 42", or the line
// or the field alone, or "".
func (n ReviewNote) Place() string {
	var parts []string
	if n.Field != "" {
		parts = append(parts, n.Field)
	}
	if n.Line > 0 {
		parts = append(parts, "line "+strconv.Itoa(n.Line))
	}
	return strings.Join(parts, ", ")
}

// questionOf maps the top key of a field path to the question that asks
// for it.
var questionOf = map[string]int{
	"what_happened": 1, "timeline": 1, "impact": 2, "root_cause": 3,
	"supporting_data": 4, "implications": 5, "lessons": 6, "corrective_actions": 7,
}

// reviewNotes fills in where each note is in the report; texts are made
// safe with safe (the report's or the terminal's), as the COE's are.
// actionIDs are the ids of the COE's corrective actions, by index.
func reviewNotes(notes []ReviewNote, actionIDs []string, safe func(string) string) []ReviewNote {
	if len(notes) == 0 {
		return nil
	}
	out := make([]ReviewNote, len(notes))
	for i, n := range notes {
		n.Rule, n.Field, n.Message = safe(n.Rule), safe(n.Field), oneLine(safe(n.Message))
		n.Section, n.Where = place(n.Field, actionIDs)
		out[i] = n
	}
	return out
}

// place returns the section of the report that shows the value at field,
// and its name for people.
func place(field string, actionIDs []string) (section, where string) {
	key, rest, _ := strings.Cut(field, ".")
	key, index := splitIndex(key)
	switch key {
	case "incident":
		return "", "the incident's times"
	case "title", "severity", "authors", "reviewers", "tags", "services":
		return "", "the header"
	}
	q, ok := questionOf[key]
	if !ok {
		return "", ""
	}
	section = fmt.Sprintf("q%d", q)
	where = fmt.Sprintf("question %d", q)
	switch key {
	case "timeline":
		section, where = "timeline", "the timeline"
		if index >= 0 {
			where += fmt.Sprintf(", entry %d", index+1)
		}
	case "root_cause":
		if sub, i := splitIndex(rest); sub == "whys" && i >= 0 {
			where += fmt.Sprintf(", why %d", i+1)
		}
	case "supporting_data", "lessons":
		if index >= 0 {
			where += fmt.Sprintf(", item %d", index+1)
		}
	case "corrective_actions":
		if index >= 0 && index < len(actionIDs) && actionIDs[index] != "" && isSlug(strings.ToLower(actionIDs[index])) {
			// The action's row has its id as its anchor.
			section, where = actionIDs[index], "corrective action "+actionIDs[index]
		} else if index >= 0 {
			where += fmt.Sprintf(", action %d", index+1)
		}
	}
	return section, where
}

// splitIndex splits "whys[2]..." into "whys" and 2; -1 without an index.
func splitIndex(s string) (string, int) {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		return s, -1
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 0 {
		return s[:i], -1
	}
	n, err := strconv.Atoi(s[i+1 : i+j])
	if err != nil {
		return s[:i], -1
	}
	return s[:i], n
}
