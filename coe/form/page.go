package form

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// A page is one form as the runner knows it: its fields in order over its
// groups, so that a form can open at any field (to resume where the user
// stopped, or to fix what the final check found) and the runner can tell
// which field had the focus when the user stopped.
type page struct {
	fields []huh.Field
	// groupStart is the index of the first field of each group.
	groupStart []int
	pos        *positioner
	// coach holds the page's review notes (nil without them).
	coach *coach
}

// index returns the index of field among the page's fields, 0 when it is
// not one of them.
func (pg *page) index(field huh.Field) int {
	for i, f := range pg.fields {
		if f == field {
			return i
		}
	}
	return 0
}

// positioner opens a form at a field other than its first. Until the form
// has got there, the groups before the field's are hidden and the fields
// before it in its group are skipped, so that huh's own start of the form
// moves to it; once the field has the focus, everything is as usual (the
// user may go back to the fields before it).
type positioner struct {
	f      *huh.Form
	target int // the field to open at
	group  int // its group; -1 until the field is made
	done   bool
}

// hidden reports whether group g is hidden for now.
func (p *positioner) hidden(g int) bool {
	return !p.done && p.group >= 0 && g < p.group
}

// posField is a field of a page that opens at another field: the fields
// before it in its group skip until the form is there, and the field
// itself says when the form has got there.
type posField struct {
	huh.Field
	p     *positioner
	index int
	group int
}

func (f *posField) Skip() bool {
	if !f.p.done && f.group == f.p.group && f.index < f.p.target {
		return true
	}
	return f.Field.Skip()
}

func (f *posField) Focus() tea.Cmd {
	cmd := f.Field.Focus()
	if !f.p.done && f.index == f.p.target && f.p.f != nil && f.p.f.GetFocusedField() == huh.Field(f) {
		f.p.done = true
		// The first and last fields of the form are what they are again,
		// for the keys (shift+tab back from this field).
		f.p.f.UpdateFieldPositions()
	}
	return cmd
}

func (f *posField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	_, cmd := f.Field.Update(msg)
	return f, cmd
}

// addGroup adds the fields of a group to the page being built, wrapped to
// open the page at start (see positioner), and returns them and whether
// the group is hidden for now.
func (pg *page) addGroup(fields []huh.Field, start int) ([]huh.Field, func() bool) {
	g := len(pg.groupStart)
	first := len(pg.fields)
	pg.groupStart = append(pg.groupStart, first)
	if start > 0 && pg.pos == nil {
		pg.pos = &positioner{target: start, group: -1}
	}
	out := make([]huh.Field, len(fields))
	for i, f := range fields {
		idx := first + i
		if p := pg.pos; p != nil && idx <= p.target && p.target < first+len(fields) {
			p.group = g
			f = &posField{Field: f, p: p, index: idx, group: g}
		}
		out[i] = f
		pg.fields = append(pg.fields, f)
	}
	var hide func() bool
	if p := pg.pos; p != nil {
		hide = func() bool { return p.hidden(g) }
	}
	return out, hide
}
