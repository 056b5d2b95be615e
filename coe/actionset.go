package coe

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Setting the fields of one corrective action, as `coe actions set` does:
// ActionEdit holds what to set, SetAction checks it against the action and
// the repository's config and applies it to a COE in memory; the caller
// reads and writes the file around it (see check.SetAction).

// ActionEdit is a change to one corrective action: each field that is not
// nil is set to its text, as a person typed it (trimmed, checked and
// normalised by SetAction). An empty Priority, Tracker or Note removes the
// field.
type ActionEdit struct {
	Owner, Due, Priority, Status, DoneAt, Tracker, Note *string
}

// ActionEditFields are the fields an ActionEdit can set, in the format's
// key order: the names of ActionSet.Changed and ActionEditError.Field.
func ActionEditFields() []string {
	return []string{"owner", "due", "priority", "status", "done_at", "tracker", "note"}
}

// Empty reports whether e sets nothing.
func (e ActionEdit) Empty() bool {
	return e.Owner == nil && e.Due == nil && e.Priority == nil && e.Status == nil &&
		e.DoneAt == nil && e.Tracker == nil && e.Note == nil
}

// ActionEditError is an edit refused: a value that is not valid for its
// field, an action that is not there, a change the action's state does
// not allow. The COE is left as it was.
type ActionEditError struct {
	// Field is the field whose value is refused (one of
	// ActionEditFields), or "" when the error is about the action or
	// the COE.
	Field string
	// Msg says what is wrong and what is expected, without the field's
	// name.
	Msg string
}

func (e *ActionEditError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// ActionSet is what SetAction did to an action.
type ActionSet struct {
	// COE is the id of the COE, ID the action's.
	COE, ID string
	// Before and After are the action as it was and as it is now.
	Before, After CorrectiveAction
	// Changed lists the fields whose values changed, in the order of
	// ActionEditFields; empty when the edit set what was there already.
	Changed []string
	// Notes are what the user should know without being refused (a due
	// date in the past, an e-mail taken as the roster's handle), one
	// sentence each.
	Notes []string
}

// FindAction returns the index in c of the corrective action ref names:
// its id (CA-2), in any case (ca-2), or its number alone (2). An action
// that is not there, or an id that two actions share, is an
// *ActionEditError listing the ids c has.
func FindAction(c *COE, ref string) (int, error) {
	want := strings.TrimSpace(ref)
	if n, err := strconv.Atoi(want); err == nil && n > 0 && strings.Trim(want, "0123456789") == "" {
		want = "CA-" + strconv.Itoa(n)
	}
	found := -1
	for i := range c.CorrectiveActions {
		if want == "" || !strings.EqualFold(c.CorrectiveActions[i].ID, want) {
			continue
		}
		if found >= 0 {
			return -1, &ActionEditError{Msg: fmt.Sprintf("%s has two corrective actions with the id %q (the %s and the %s); give each its own id with coe edit %s first",
				Printable(c.ID, false), Printable(c.CorrectiveActions[i].ID, false), ordinal(found+1), ordinal(i+1), Printable(c.ID, false))}
		}
		found = i
	}
	if found >= 0 {
		return found, nil
	}
	msg := fmt.Sprintf("no corrective action %q in %s", ref, Printable(c.ID, false))
	ids := make([]string, 0, len(c.CorrectiveActions))
	for i := range c.CorrectiveActions {
		if id := c.CorrectiveActions[i].ID; id != "" {
			ids = append(ids, Printable(id, false))
		}
	}
	switch {
	case len(ids) == 0:
		msg += "; it has no corrective action with an id"
	case len(ids) > maxListed:
		msg += fmt.Sprintf("; it has %s, and %d more", strings.Join(ids[:maxListed], ", "), len(ids)-maxListed)
	default:
		msg += "; it has " + strings.Join(ids, ", ")
	}
	return -1, &ActionEditError{Msg: msg}
}

// maxListed is the most names an error lists before saying how many more
// there are.
const maxListed = 30

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// SetAction applies e to the corrective action of c that ref names (see
// FindAction), checking each value: the owner against the roster of cfg
// (an e-mail of a roster entry becomes its handle), dates as YYYY-MM-DD,
// the priority and status against the format's lists, the tracker with
// CheckTracker. today is the date in the repository's time zone:
//
//   - status done sets done_at to today, or to DoneAt when given; a
//     done_at is given only with status done, or to an action done
//     already; done_at may not be after today;
//   - a status other than done removes done_at;
//   - status wont-do needs a note saying why, given or there already;
//   - a closed COE keeps every action done or wont-do.
//
// On error c is unchanged.
func SetAction(c *COE, ref string, e ActionEdit, cfg Config, today Date) (ActionSet, error) {
	var s ActionSet
	v, err := checkEdit(e, cfg)
	if err != nil {
		return s, err
	}
	i, err := FindAction(c, ref)
	if err != nil {
		return s, err
	}
	a := c.CorrectiveActions[i]
	s.COE, s.ID, s.Before = c.ID, a.ID, a
	s.Notes = v.notes
	label := Printable(a.ID, false)
	if e.Owner != nil {
		a.Owner = v.owner
	}
	if e.Due != nil {
		a.Due = v.due
	}
	if e.Priority != nil {
		a.Priority = v.priority
	}
	if e.Tracker != nil {
		a.Tracker = v.tracker
	}
	if e.Note != nil {
		a.Note = v.note
	}
	wasDone := a.Status == ActionDone
	if e.Status != nil && !(v.status == ActionOpen && a.Status == "") {
		a.Status = v.status // an action without a status is open already
	}
	switch {
	case e.DoneAt != nil && a.Status != ActionDone:
		return s, &ActionEditError{Field: "done_at", Msg: fmt.Sprintf("%s is %s; done_at is the date an action was done, set with status done", label, statusOf(a.Status))}
	case e.DoneAt != nil:
		a.DoneAt = v.doneAt
	case e.Status != nil && a.Status == ActionDone && (!wasDone || a.DoneAt.IsZero()):
		a.DoneAt = today
	case e.Status != nil && a.Status != ActionDone:
		a.DoneAt = Date{}
	}
	if e.DoneAt != nil && a.DoneAt.Compare(today) > 0 {
		return s, &ActionEditError{Field: "done_at", Msg: fmt.Sprintf("%s is after today (%s); done_at is the date the action was done", a.DoneAt, today)}
	}
	if a.Status == ActionWontDo && strings.TrimSpace(a.Note) == "" && (e.Status != nil || e.Note != nil) {
		return s, &ActionEditError{Field: "note", Msg: fmt.Sprintf("%s is wont-do and needs a note saying why it will not be done", label)}
	}
	if c.Status == StatusClosed && a.Open() && e.Status != nil {
		return s, &ActionEditError{Msg: fmt.Sprintf("%s is closed, so every corrective action is done or wont-do; to take up %s again, reopen the COE first (coe reopen %s --reason TEXT)",
			Printable(c.ID, false), label, Printable(c.ID, false))}
	}
	if e.Due != nil && a.Open() && a.Due.Compare(today) < 0 && a.Due != s.Before.Due {
		s.Notes = append(s.Notes, fmt.Sprintf("due %s is in the past (%s ago); %s is overdue already", a.Due, days(a.Due.DaysTo(today)), label))
	}
	s.After = a
	s.Changed = changedFields(&s.Before, &s.After)
	if len(s.Changed) > 0 {
		c.CorrectiveActions[i] = a
	}
	return s, nil
}

func statusOf(status string) string {
	if status == "" {
		return ActionOpen
	}
	return status
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// editValues are the values of an ActionEdit, checked and normalised.
type editValues struct {
	owner, priority, status, tracker, note string
	due, doneAt                            Date
	notes                                  []string
}

// checkEdit checks each value of e on its own.
func checkEdit(e ActionEdit, cfg Config) (editValues, error) {
	var v editValues
	fail := func(field, format string, args ...any) (editValues, error) {
		return v, &ActionEditError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if e.Owner != nil {
		owner, note, err := rosterOwner(*e.Owner, cfg)
		if err != nil {
			return fail("owner", "%s", err)
		}
		v.owner = owner
		if note != "" {
			v.notes = append(v.notes, note)
		}
	}
	for _, f := range []struct {
		field string
		in    *string
		out   *Date
	}{{"due", e.Due, &v.due}, {"done_at", e.DoneAt, &v.doneAt}} {
		if f.in == nil {
			continue
		}
		d, err := ParseDate(strings.TrimSpace(*f.in))
		if err != nil {
			return fail(f.field, "%v", err)
		}
		*f.out = d
	}
	if e.Priority != nil {
		p := strings.ToLower(strings.TrimSpace(*e.Priority))
		if p != "" && !slices.Contains(priorities, p) {
			return fail("priority", "%q is not a priority; expected one of %s (or \"\" to remove it)", *e.Priority, strings.Join(priorities, ", "))
		}
		v.priority = p
	}
	if e.Status != nil {
		st := strings.ToLower(strings.TrimSpace(*e.Status))
		if !slices.Contains(actionStatuses, st) {
			msg := fmt.Sprintf("%q is not an action status; expected one of %s", *e.Status, strings.Join(actionStatuses, ", "))
			if near := Nearest(st, actionStatuses, 1); len(near) > 0 {
				msg = fmt.Sprintf("%q is not an action status; did you mean %q? Expected one of %s", *e.Status, near[0], strings.Join(actionStatuses, ", "))
			}
			return fail("status", "%s", msg)
		}
		v.status = st
	}
	if e.Tracker != nil {
		t := strings.TrimSpace(*e.Tracker)
		if strings.ContainsFunc(t, func(r rune) bool { return Unprintable(r, false) }) {
			return fail("tracker", "%q holds an invisible or control character; expected an http(s) URL or a ticket key", *e.Tracker)
		}
		if err := CheckTracker(t); err != nil {
			return fail("tracker", "%q: %v", *e.Tracker, err)
		}
		v.tracker = t
	}
	if e.Note != nil {
		n := strings.TrimSpace(*e.Note)
		if strings.ContainsFunc(n, func(r rune) bool { return IsControl(r, true) || isBidiControl(r) }) {
			return fail("note", "the note holds a control character or an invisible bidi control; expected Markdown text (line breaks and tabs are fine)")
		}
		if l := utf8.RuneCountInString(n); l > MaxAnswerLength {
			return fail("note", "the note is %d characters long; a note may be at most %d: link to what is long", l, MaxAnswerLength)
		}
		v.note = n
	}
	return v, nil
}

// isBidiControl reports whether r is a bidi embedding, override or
// isolate, which lint's bidi-control rule reports: text that would read
// in another order than it is shown.
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// rosterOwner checks an owner against the roster of cfg: a handle in it,
// or the e-mail of an entry (which becomes its handle, with a note saying
// so). Without a roster any name is taken.
func rosterOwner(s string, cfg Config) (owner, note string, err error) {
	owner = strings.TrimSpace(s)
	switch {
	case owner == "":
		return "", "", fmt.Errorf("an owner is blank; every corrective action has one, a person's handle or e-mail")
	case strings.ContainsFunc(owner, func(r rune) bool { return Unprintable(r, false) }):
		return "", "", fmt.Errorf("%q holds an invisible or control character; expected a person's handle or e-mail", s)
	case len(cfg.Owners) == 0 || slices.Contains(cfg.Owners, owner):
		return owner, "", nil
	}
	if h := cfg.HandleOf(owner); h != "" {
		return h, fmt.Sprintf("%s is %s in the owners roster; the owner is set to %s", Printable(owner, false), Printable(h, false), Printable(h, false)), nil
	}
	roster, more := cfg.Owners, ""
	if len(roster) > maxListed {
		roster, more = roster[:maxListed], fmt.Sprintf(", and %d more", len(roster)-maxListed)
	}
	msg := fmt.Sprintf("%q is not in the owners roster of %s (%s%s)", owner, ConfigName, Printable(strings.Join(roster, ", "), false), more)
	if near := Nearest(owner, cfg.Owners, 3); len(near) > 0 {
		msg += "; did you mean " + quoteList(near) + "?"
	} else {
		msg += "; add them to owners: in " + ConfigName + " if they belong"
	}
	return "", "", fmt.Errorf("%s", msg)
}

// changedFields lists the fields whose values differ between a and b, in
// the order of ActionEditFields.
func changedFields(a, b *CorrectiveAction) []string {
	out := []string{}
	was, now := actionValues(a), actionValues(b)
	for i, f := range ActionEditFields() {
		if was[i] != now[i] {
			out = append(out, f)
		}
	}
	return out
}

// actionValues are the values of the fields of ActionEditFields of a, as
// text, in that order.
func actionValues(a *CorrectiveAction) [7]string {
	return [7]string{a.Owner, a.Due.String(), a.Priority, a.Status, a.DoneAt.String(), a.Tracker, a.Note}
}

// Summary says what changed, for a person, as printable text: "status
// open -> done, done_at 2026-12-02"; a note, which may be long, only as
// set, changed or removed. It is "nothing changed" when nothing did.
func (s *ActionSet) Summary() string {
	if len(s.Changed) == 0 {
		return "nothing changed"
	}
	parts := make([]string, 0, len(s.Changed))
	before, after := actionValues(&s.Before), actionValues(&s.After)
	for i, f := range ActionEditFields() {
		was, now := before[i], after[i]
		if was == now {
			continue
		}
		if f == "status" {
			was, now = statusOf(was), statusOf(now)
		}
		switch {
		case f == "note" && was == "":
			parts = append(parts, "note added")
		case f == "note" && now == "":
			parts = append(parts, "note removed")
		case f == "note":
			parts = append(parts, "note changed")
		case was == "":
			parts = append(parts, f+" "+now)
		case now == "":
			parts = append(parts, f+" "+was+" removed")
		default:
			parts = append(parts, f+" "+was+" -> "+now)
		}
	}
	return Printable(strings.Join(parts, ", "), false)
}

// ActionJSON is a corrective action as a JSON object with the file
// format's field names, as in the COE's JSON (MarshalJSON).
func ActionJSON(a *CorrectiveAction) ([]byte, error) {
	root := (&COE{CorrectiveActions: []CorrectiveAction{*a}}).Node()
	if i := keyIndex(root, "corrective_actions"); i >= 0 {
		var b bytes.Buffer
		if err := nodeJSON(&b, root.Content[i+1].Content[0]); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("no corrective_actions in the encoding of a COE")
}
