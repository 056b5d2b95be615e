package form

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"charm.land/huh/v2"
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
)

// The last page, and the final check: before the COE is saved, what it
// would be is checked as coe lint checks it (Options.Check), and each error
// is listed with a way to the field that holds it.

// finish runs the last page until the COE is saved with a status (set in
// r.s.Status; back is 0) or the user goes back: to a step of a new COE, or
// to the menu of an edit (backMenu).
func (r *runner) finish() (back int, err error) {
	for {
		r.s.Step = StepFinish
		if r.b.edit {
			r.s.Part = partFinish
		}
		var next finishChoice
		if err := r.page(0, func() *huh.Form { return r.b.finishForm(r.s, &next) }); err != nil {
			return 0, err
		}
		if next.back != 0 {
			return next.back, nil
		}
		fix, save, err := r.finalCheck(next.status)
		if err != nil {
			return 0, err
		}
		if save != "" {
			r.s.Status = save
			return 0, nil
		}
		if fix != nil {
			if err := r.fix(*fix); err != nil {
				return 0, err
			}
		}
	}
}

// fix opens the page of a spot, at its field, then comes back.
func (r *runner) fix(sp spot) error {
	r.resume = &spot{part: sp.part, item: sp.item, field: sp.field}
	if err := r.openPart(sp.part, true); err != nil {
		return err
	}
	if !r.b.edit {
		r.s.Part = ""
	}
	return nil
}

// A finding of the final check, in the form.
type finding struct {
	at    spot
	where string // the part and field, for people: "The basics · Related COEs"
	text  string // what is wrong
	// note is set for a review note: listed with the errors, it does
	// not stop the save.
	note bool
}

// Choices of the page of findings besides the findings, which are their
// indexes.
const (
	findingsBack  = -1
	findingsDraft = -2
)

// finalCheck checks what would be saved with status. Without errors it
// returns status, to save with. Otherwise it lists them, and returns the
// one the user chose to go to, or the status to save with anyway (a draft
// may be saved with errors: coe lint reports them), or neither (back to the
// last page).
func (r *runner) finalCheck(status string) (fix *spot, save string, err error) {
	found := r.findings(status)
	if !slices.ContainsFunc(found, func(f finding) bool { return !f.note }) {
		// Review notes alone stop nothing: the last page listed them.
		return nil, status, nil
	}
	choice := 0
	err = r.page(0, func() *huh.Form { return r.b.findingsForm(r.s, status, found, &choice) })
	if err != nil {
		return nil, "", err
	}
	switch choice {
	case findingsBack:
		return nil, "", nil
	case findingsDraft:
		return nil, coe.StatusDraft, nil
	}
	return &found[choice].at, "", nil
}

// findings are the errors of what would be saved with status: the values
// the form cannot convert, then what Options.Check finds.
func (r *runner) findings(status string) []finding {
	st := *r.s
	st.Status = status
	var c *coe.COE
	var err error
	if r.b.opts.Base != nil {
		c, err = st.Merge(r.b.opts.Base, r.b.loc())
	} else {
		c, err = st.COEIn(r.b.loc())
	}
	var out []finding
	for _, p := range Problems(err) {
		out = append(out, r.b.finding(p.Field, p.Err.Error()))
	}
	if err != nil {
		if len(out) == 0 {
			out = append(out, finding{at: spot{part: partFinish}, text: err.Error()})
		}
		return out
	}
	if r.b.opts.Check == nil {
		return nil
	}
	errs := check.Errors(r.b.opts.Check(c))
	for _, f := range errs {
		out = append(out, r.b.finding(f.Field, fmt.Sprintf("%s [%s]", f.Message, f.Rule)))
	}
	if r.b.opts.ReviewNotes == nil {
		return out
	}
	// The review notes, but those a config makes errors, listed above.
	for _, n := range r.b.notesOf(&st, c) {
		if slices.ContainsFunc(errs, func(e check.Finding) bool { return e.Rule == n.Rule && e.Message == n.Message }) {
			continue
		}
		f := r.b.finding(n.Field, fmt.Sprintf("review note: %s [%s]", n.Message, n.Rule))
		f.note = true
		out = append(out, f)
	}
	return out
}

func (b *builder) finding(path, text string) finding {
	at, where := b.locate(path)
	return finding{at: at, where: where, text: text}
}

// findingsForm lists the errors, each leading to its field.
func (b *builder) findingsForm(s *State, status string, found []finding, choice *int) *huh.Form {
	var opts []huh.Option[int]
	for i, f := range found {
		label := f.text
		if f.where != "" {
			label = f.where + ": " + f.text
		}
		opts = append(opts, huh.NewOption(coe.Printable(short(label, 300), true), i))
	}
	if status == coe.StatusDraft {
		opts = append(opts, huh.NewOption("Save it as a draft anyway (coe lint will report these)", findingsDraft))
	} else {
		opts = append(opts, huh.NewOption("Save it as a draft instead (coe lint will report these)", findingsDraft))
	}
	opts = append(opts, huh.NewOption("Back", findingsBack))
	n := 0
	for _, f := range found {
		if !f.note {
			n++
		}
	}
	errs, them := plural2n(n, "error", "errors"), plural2(n, "it is", "they are")
	desc := fmt.Sprintf("coe lint finds %s in the COE as it would be saved (status %s).", errs, status)
	if status != coe.StatusDraft {
		desc = fmt.Sprintf("coe lint finds %s in the COE as it would be saved as %s; %s cannot be saved until %s fixed.", errs, status, status, them)
	}
	if n < len(found) {
		desc += fmt.Sprintf(" Review notes, listed after the %s, do not stop a save.", plural2(n, "error", "errors"))
	}
	desc += " Choose one to go to its field and fix it, then save again."
	sel := huh.NewSelect[int]().Title("Before saving").Options(opts...).Value(choice)
	return b.form(b.group(b.heading(s)+" · The final check", desc, sel))
}

// spot is a place in the forms: a part (see Sections; partFinish for the
// last page), an item of its list (from 1; 0 for the part's own page) and
// a field of that page.
type spot struct {
	part  string
	item  int
	field int
}

var fieldPath = regexp.MustCompile(`^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?(?:\[(\d+)\])?(?:\.([a-z_]+))?`)

// locate finds the field that holds the value at a path of the COE file
// ("related[1]", "timeline[3].at"; see check.Finding) and names it for
// people. A path the form has no field for leads to the last page.
func (b *builder) locate(path string) (spot, string) {
	m := fieldPath.FindStringSubmatch(path)
	if m == nil {
		return spot{part: partFinish}, ""
	}
	key, sub := m[1], m[3]
	index := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			return -1
		}
		return n
	}
	basics := map[string]struct {
		field int
		name  string
	}{
		"title": {0, "Title"}, "severity": {1, "Severity"}, "authors": {6, "Authors"}, "reviewers": {7, "Reviewers"},
		"tags": {8, "Tags"}, "services": {9, "Services"}, "related": {10, "Related COEs"},
	}
	if f, ok := basics[key]; ok {
		return spot{part: "basics", field: f.field}, "The basics · " + f.name
	}
	item := func(sub string, names []string) (int, string) {
		for i, n := range names {
			if n == sub {
				return i, n
			}
		}
		return 0, ""
	}
	switch key {
	case "incident":
		for i, n := range incidentNames {
			if n == sub {
				return spot{part: "basics", field: 2 + i}, "The basics · " + strings.ReplaceAll(n, "_", " ")
			}
		}
		return spot{part: "basics", field: 2}, "The basics · When"
	case "what_happened":
		return spot{part: "what-happened"}, "Question 1 · What happened"
	case "timeline":
		i := index(m[2])
		if i < 0 {
			return spot{part: "timeline"}, "The timeline"
		}
		f, _ := item(sub, []string{"at", "event"})
		return spot{part: "timeline", item: i + 1, field: f}, fmt.Sprintf("Timeline entry %d", i+1)
	case "impact":
		f, _ := item(sub, []string{"customers", "business", "customers_affected", "communication"})
		return spot{part: "impact", field: f}, "Question 2 · Impact"
	case "root_cause":
		if sub == "whys" && index(m[4]) >= 0 {
			i := index(m[4])
			return spot{part: "root-cause", item: i + 1}, fmt.Sprintf("Question 3 · Why #%d", i+1)
		}
		if sub == "whys" {
			return spot{part: "root-cause"}, "Question 3 · The whys"
		}
		return spot{part: "root-cause"}, "Question 3 · Root cause"
	case "contributing_factors":
		return spot{part: "root-cause", field: 1}, "Question 3 · Contributing factors"
	case "supporting_data":
		i := index(m[2])
		if i < 0 {
			return spot{part: "supporting-data"}, "Question 4 · Supporting data"
		}
		f, _ := item(sub, []string{"title", "link", "note"})
		return spot{part: "supporting-data", item: i + 1, field: f}, fmt.Sprintf("Supporting data item %d", i+1)
	case "implications":
		f, _ := item(sub, []string{"security", "other"})
		return spot{part: "implications", field: f}, "Question 5 · Implications"
	case "lessons":
		i := index(m[2])
		if i < 0 {
			return spot{part: "lessons"}, "Question 6 · Lessons"
		}
		return spot{part: "lessons", item: i + 1}, fmt.Sprintf("Lesson %d", i+1)
	case "corrective_actions":
		i := index(m[2])
		if i < 0 {
			return spot{part: "corrective-actions"}, "Question 7 · Corrective actions"
		}
		fields := []string{"action", "owner", "due", "priority", "tracker"}
		if b.edit {
			fields = []string{"action", "owner", "due", "priority", "status", "done_at", "tracker"}
		}
		f, _ := item(sub, fields)
		name := fmt.Sprintf("Corrective action %d", i+1)
		return spot{part: "corrective-actions", item: i + 1, field: f}, name
	case "public":
		f, _ := item(sub, []string{"title", "summary", "impact", "changes", "apology", "published_at"})
		return spot{part: "public", field: f}, "Telling customers"
	}
	return spot{part: partFinish}, ""
}
