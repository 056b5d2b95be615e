package evidence

// What coe actions verify says: the COEs --write changed, in words and as
// JSON, the commit message, and the summary line.

import (
	"fmt"
	"strings"

	"github.com/coe-cli/coe/coe/render"
)

// Written is one COE --write changed, for --json.
type Written struct {
	Path    string          `json:"path"`
	COE     string          `json:"coe"`
	Actions []WrittenAction `json:"actions"`
}

type WrittenAction struct {
	ID     string   `json:"id"`
	Done   bool     `json:"marked_done"`
	DoneAt *string  `json:"done_at"`
	Added  []string `json:"evidence_added"`
}

func WrittenOf(rel, id string, changes []Change) Written {
	w := Written{Path: rel, COE: id}
	for _, ch := range changes {
		a := WrittenAction{ID: ch.Action, Done: ch.Done, Added: append([]string{}, ch.Added...)}
		if ch.Done {
			s := ch.DoneAt.String()
			a.DoneAt = &s
		}
		w.Actions = append(w.Actions, a)
	}
	return w
}

// Describe says what --write changed in one COE: "CA-1 done
// (2024-02-03), 2 commits recorded; CA-2 1 commit recorded".
func (w Written) Describe() string {
	var parts []string
	for _, a := range w.Actions {
		var what []string
		if a.Done {
			what = append(what, "done ("+*a.DoneAt+")")
		}
		if n := len(a.Added); n > 0 {
			what = append(what, plural(n, "commit")+" recorded")
		}
		parts = append(parts, a.ID+" "+strings.Join(what, ", "))
	}
	return strings.Join(parts, "; ")
}

func CommitMessage(written []Written) string {
	ids := make([]string, len(written))
	for i, w := range written {
		ids[i] = w.COE
	}
	return "coe: record the commits that prove corrective actions of " + strings.Join(ids, ", ")
}

// Summary is the line coe actions verify prints on stderr after the
// findings of files COEs; wrote says --write ran.
func Summary(findings []Finding, files int, wrote bool) string {
	count := map[string]int{}
	for _, fd := range findings {
		count[fd.Kind]++
	}
	var fails, warns []string
	if n := count[KindUnsupported]; n > 0 {
		fails = append(fails, plural(n, "done action")+" without support")
	}
	if n := count[KindDoneByCommit]; n > 0 {
		fails = append(fails, plural(n, "open action")+" a commit says is done")
	}
	if n := count[KindUnknownRef] + count[KindBadTrailer]; n > 0 {
		warns = append(warns, plural(n, "trailer")+" naming no action")
	}
	switch {
	case len(fails) == 0 && len(warns) == 0:
		return fmt.Sprintf("Every action agrees with the commits (%s checked).", plural(files, "COE"))
	case len(fails) == 0:
		return "Warning: " + strings.Join(warns, ", ") + "."
	}
	s := "Problems: " + strings.Join(fails, ", ")
	if len(warns) > 0 {
		s += "; warning: " + strings.Join(warns, ", ")
	}
	s += "."
	if count[KindDoneByCommit] > 0 && !wrote {
		s += " coe actions verify --write marks them done."
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return render.Thousands(int64(n)) + " " + word + "s"
}
