package form

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/huh/v2"
	"github.com/coe-cli/coe/coe"
)

// The growing lists of a COE (timeline, whys, supporting data, lessons,
// corrective actions) share one way of being filled. A new COE adds items
// one at a time ("Add another?"); a COE being edited, or a list that
// already has items, shows a menu of its items with "Add …" and "Done".
// Choosing an item offers to change it, move it up or down, or remove it
// (after a confirm that names it). The item forms are the same everywhere.

// Menu choices besides the items, which are their indexes.
const (
	choiceAdd  = -1
	choiceDone = -2
)

// What can be done with an item chosen in a list's menu.
const (
	itemChange = iota
	itemUp
	itemDown
	itemRemove
	itemBack
)

// list describes one list of a State.
type list[T any] struct {
	q     coe.Question
	noun  string // "timeline entry"
	items *[]T
	// path is the list in the COE file ("root_cause.whys"), for the
	// review notes of its items.
	path string
	// part is the part of an edit that holds the list (see Sections).
	part string
	// newItem is the item added by "Add".
	newItem func() T
	// empty reports an item with nothing typed in it.
	empty func(T) bool
	// label is the item's one-line label in the menu.
	label func(T) string
	// check reports what is wrong with an item, for the menu's "Done".
	check func(T) error
	// form is the item's form; n counts from 1.
	form func(it *T, n int) *huh.Form
}

// runList fills a list. With first nil it shows the menu; otherwise *first
// says whether to add a first item, and items are added until the user
// wants no more.
func runList[T any](r *runner, l list[T], first *bool) error {
	if first == nil {
		// A new COE walks on: Done first.
		return runMenu(r, l, choiceDone)
	}
	for add := *first; add; {
		if err := addItem(r, l); err != nil {
			return err
		}
		add = false
		if err := r.page(0, func() *huh.Form {
			ask := r.b.confirm(fmt.Sprintf("Add another %s?", l.noun), soFar(l), &add)
			return r.b.form(r.b.group(questionTitle(l.q), l.q.Hint, r.b.coached(ask, l.path)))
		}); err != nil {
			return err
		}
	}
	return nil
}

// soFar lists the items of a list, one a line, for the question that asks
// for another.
func soFar[T any](l list[T]) string {
	var lines []string
	for i, it := range *l.items {
		if !l.empty(it) {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, coe.Printable(l.label(it), true)))
		}
	}
	n := len(lines)
	if n > 8 {
		lines = append(lines[:3], fmt.Sprintf("… %d more", n-6), lines[n-3], lines[n-2], lines[n-1])
	}
	return fmt.Sprintf("%d so far:\n%s", n, strings.Join(lines, "\n"))
}

// menuMode reports whether a list is filled through its menu.
func menuMode[T any](r *runner, l list[T]) bool {
	return r.b.edit || len(*l.items) > 0
}

// askFirst asks whether to add a first item to a list that has no
// question fields of its own to ask it with; nil in menu mode.
func askFirst[T any](r *runner, l list[T]) (*bool, error) {
	if menuMode(r, l) {
		return nil, nil
	}
	add := true
	err := r.page(0, func() *huh.Form {
		ask := r.b.confirm(fmt.Sprintf("Add %s?", article(l.noun)), "", &add)
		return r.b.form(r.b.group(questionTitle(l.q), l.q.Hint, ask))
	})
	if err != nil {
		return nil, err
	}
	return &add, nil
}

// firstChoice returns where a question form's "Add …?" answer goes: nil in
// menu mode (no question), else a yes.
func firstChoice[T any](r *runner, l list[T]) *bool {
	if menuMode(r, l) {
		return nil
	}
	add := true
	return &add
}

// runMenu shows the menu of a list until the user is done with it; the
// cursor starts on item cursor.
func runMenu[T any](r *runner, l list[T], cursor int) error {
	for {
		choice := cursor
		if choice < 0 || choice >= len(*l.items) {
			choice = choiceDone
		}
		if err := r.page(0, func() *huh.Form { return menuForm(r.b, l, &choice) }); err != nil {
			return err
		}
		var err error
		switch choice {
		case choiceDone:
			return nil
		case choiceAdd:
			err = addItem(r, l)
			cursor = choiceDone
		default:
			cursor, err = chooseItem(r, l, choice)
		}
		if err != nil {
			return err
		}
	}
}

// menuForm lists the items, then "Add …" and "Done". "Done" is refused
// while an item is half done.
func menuForm[T any](b *builder, l list[T], choice *int) *huh.Form {
	var opts []huh.Option[int]
	for i, it := range *l.items {
		label := "(empty)"
		if !l.empty(it) {
			label = coe.Printable(l.label(it), true)
		}
		if !b.opts.Accessible {
			// Accessible mode numbers the options itself.
			label = fmt.Sprintf("%d. %s", i+1, label)
		}
		opts = append(opts, huh.NewOption(short(label, b.lineWidth()), i))
	}
	opts = append(opts,
		huh.NewOption("Add "+article(l.noun), choiceAdd),
		huh.NewOption("Done", choiceDone))
	sel := huh.NewSelect[int]().
		Title(fmt.Sprintf("%s: %d", plural(l.noun), count(*l.items, l.empty))).
		Description("Choose one to change, move or remove it; add one; or go on with Done.").
		Options(opts...).
		Value(choice).
		Validate(func(c int) error {
			if c != choiceDone {
				return nil
			}
			for i, it := range *l.items {
				if l.empty(it) {
					continue
				}
				if err := l.check(it); err != nil {
					return fmt.Errorf("%s %d is not finished: %v; choose it to fix or remove it", l.noun, i+1, err)
				}
			}
			return nil
		})
	return b.form(b.group(questionTitle(l.q), l.q.Hint, b.coached(sel, l.path)))
}

// addItem appends a new item and runs its form. An item left with nothing
// in it by an interrupted form is dropped; anything typed is kept.
func addItem[T any](r *runner, l list[T]) error {
	*l.items = append(*l.items, l.newItem())
	i := len(*l.items) - 1
	err := itemPage(r, l, i)
	if err != nil && l.empty((*l.items)[i]) {
		*l.items = (*l.items)[:i]
		r.s.Item, r.s.Field = 0, 0
	}
	return err
}

// itemPage runs the form of item i.
func itemPage[T any](r *runner, l list[T], i int) error {
	return r.page(i+1, func() *huh.Form { return l.form(&(*l.items)[i], i+1) })
}

// chooseItem asks what to do with item i, chosen in the menu, and does it:
// change it in its form, move it, or remove it once confirmed. It returns
// the item the menu's cursor goes to next.
func chooseItem[T any](r *runner, l list[T], i int) (int, error) {
	items := *l.items
	name := itemName(l, i)
	act := itemChange
	err := r.page(0, func() *huh.Form {
		opts := []huh.Option[int]{huh.NewOption("Change it", itemChange)}
		if i > 0 {
			opts = append(opts, huh.NewOption("Move it up", itemUp))
		}
		if i < len(items)-1 {
			opts = append(opts, huh.NewOption("Move it down", itemDown))
		}
		opts = append(opts, huh.NewOption("Remove it", itemRemove), huh.NewOption("Back to the list", itemBack))
		sel := huh.NewSelect[int]().Title(capitalize(name)).Options(opts...).Value(&act)
		return r.b.form(r.b.group(questionTitle(l.q), itemText(l, i), sel))
	})
	if err != nil {
		return i, err
	}
	switch act {
	case itemChange:
		return i, itemPage(r, l, i)
	case itemUp:
		items[i-1], items[i] = items[i], items[i-1]
		return i - 1, nil
	case itemDown:
		items[i+1], items[i] = items[i], items[i+1]
		return i + 1, nil
	case itemRemove:
		remove := false
		err := r.page(0, func() *huh.Form {
			c := r.b.confirm(fmt.Sprintf("Remove %s?", name), itemText(l, i), &remove).
				Affirmative("Remove").Negative("Keep")
			return r.b.form(r.b.group(questionTitle(l.q), l.q.Hint, c))
		})
		if err != nil || !remove {
			return i, err
		}
		*l.items = slices.Delete(*l.items, i, i+1)
		return min(i, len(*l.items)-1), nil
	}
	return i, nil
}

// itemName names item i of a list for people: lesson 2, "Test each
// region's…".
func itemName[T any](l list[T], i int) string {
	it := (*l.items)[i]
	label := "(empty)"
	if !l.empty(it) {
		label = coe.Printable(short(l.label(it), 50), true)
	}
	return fmt.Sprintf("%s %d, %q", l.noun, i+1, label)
}

// itemText is the start of an item, to show it whole enough to recognise.
func itemText[T any](l list[T], i int) string {
	it := (*l.items)[i]
	if l.empty(it) {
		return "(empty)"
	}
	return coe.Printable(short(l.label(it), 300), true)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// The lists of a State.

func (r *runner) timeline() list[TimelineEntry] {
	return list[TimelineEntry]{
		q: coe.Questions()[0], noun: "timeline entry", items: &r.s.Timeline, part: "timeline", path: "timeline",
		newItem: func() TimelineEntry { return TimelineEntry{} },
		empty:   TimelineEntry.empty,
		label: func(e TimelineEntry) string {
			return short(cmpOr(strings.TrimSpace(e.At), "(no time)")+"  "+e.Event, labelMax)
		},
		check: r.b.checkTimelineEntry(r.s),
		form:  func(e *TimelineEntry, n int) *huh.Form { return r.b.timelineEntryForm(r.s, e, n) },
	}
}

func (r *runner) whys() list[string] {
	return list[string]{
		q: coe.Questions()[2], noun: "why", items: &r.s.RootCause.Whys, part: "root-cause", path: "root_cause.whys",
		newItem: func() string { return "" },
		empty:   blank,
		label:   func(w string) string { return short(w, labelMax) },
		check:   checkText,
		form:    r.b.whyForm,
	}
}

func (r *runner) supportingData() list[SupportingData] {
	return list[SupportingData]{
		q: coe.Questions()[3], noun: "supporting data item", items: &r.s.SupportingData, part: "supporting-data", path: "supporting_data",
		newItem: func() SupportingData { return SupportingData{} },
		empty:   SupportingData.empty,
		label:   func(d SupportingData) string { return short(cmpOr(strings.TrimSpace(d.Title), d.Link), labelMax) },
		check:   checkSupportingData,
		form:    r.b.supportingDataForm,
	}
}

func (r *runner) lessons() list[string] {
	return list[string]{
		q: coe.Questions()[5], noun: "lesson", items: &r.s.Lessons, part: "lessons", path: "lessons",
		newItem: func() string { return "" },
		empty:   blank,
		label:   func(s string) string { return short(s, labelMax) },
		check:   checkText,
		form:    r.b.lessonForm,
	}
}

func (r *runner) actions() list[Action] {
	return list[Action]{
		q: coe.Questions()[6], noun: "corrective action", items: &r.s.CorrectiveActions, part: "corrective-actions", path: "corrective_actions",
		newItem: func() Action {
			return Action{ID: nextActionID(r.s.CorrectiveActions), Priority: "medium", Status: coe.ActionOpen}
		},
		empty: Action.empty,
		label: actionLabel,
		check: checkAction(r.b.opts.Owners),
		form:  r.b.actionForm,
	}
}

// actionLabel is an action in one line: CA-2 · dana · 2024-02-15 · open · what.
func actionLabel(a Action) string {
	parts := []string{cmpOr(strings.TrimSpace(a.ID), "CA-?"), cmpOr(strings.TrimSpace(a.Owner), "(no owner)"), cmpOr(strings.TrimSpace(a.Due), "(no due date)")}
	if a.Status != "" {
		parts = append(parts, a.Status)
	}
	return short(strings.Join(append(parts, a.Action), " · "), labelMax)
}

// labelMax is the longest label of an item; a menu cuts it to the screen
// (see builder.lineWidth).
const labelMax = 400

// nextActionID is the next free CA-<n> id.
func nextActionID(actions []Action) string {
	var c coe.COE
	for _, a := range actions {
		c.CorrectiveActions = append(c.CorrectiveActions, coe.CorrectiveAction{ID: strings.TrimSpace(a.ID)})
	}
	return c.NextActionID()
}

// The item forms. Their fields, in order, are what fieldOf counts.

func (b *builder) timelineEntryForm(s *State, e *TimelineEntry, n int) *huh.Form {
	q := coe.Questions()[0]
	day := b.startDay(s)
	return b.form(b.group(fmt.Sprintf("%s · Timeline entry %d", questionTitle(q), n),
		"Entries in time order: when something happened, and what.",
		b.input(field{title: "When", desc: b.timeHint(true), p: &e.At,
			check: all(required("the time is required"), b.checkTime(day)), norm: b.normTime(day), path: itemPath("timeline", n, "at")}),
		b.input(field{title: "What happened then", p: &e.Event,
			check: required("the event is empty; say what happened"), path: itemPath("timeline", n, "event")}),
	))
}

func (b *builder) whyForm(w *string, n int) *huh.Form {
	q := coe.Questions()[2]
	return b.form(b.group(fmt.Sprintf("%s · Why #%d", questionTitle(q), n), q.Hint,
		b.input(field{title: fmt.Sprintf("Why #%d", n),
			desc: `One step deeper than the last: "Why did X? Because Y." A process or a system, never a person.`,
			p:    w, check: required("this why is empty"), path: itemPath("root_cause.whys", n, "")}),
	))
}

func (b *builder) supportingDataForm(d *SupportingData, n int) *huh.Form {
	q := coe.Questions()[3]
	return b.form(b.group(fmt.Sprintf("%s · Item %d", questionTitle(q), n), q.Hint,
		b.input(field{title: "Title", desc: "What it is, like: Error rate by region, 28-29 Jan.", p: &d.Title,
			check: required("the title is required"), path: itemPath("supporting_data", n, "title")}),
		b.input(field{title: "Link (optional)", desc: "An http or https URL: a dashboard, a query, a ticket.", p: &d.Link,
			check: checkLinkField, path: itemPath("supporting_data", n, "link")}),
		b.text(field{title: "Note (optional)", desc: "What it shows.", p: &d.Note, path: itemPath("supporting_data", n, "note")}),
	))
}

func (b *builder) lessonForm(s *string, n int) *huh.Form {
	q := coe.Questions()[5]
	return b.form(b.group(fmt.Sprintf("%s · Lesson %d", questionTitle(q), n), q.Hint,
		b.input(field{title: fmt.Sprintf("Lesson #%d", n), desc: "What you would do differently, not who was wrong.",
			p: s, check: required("this lesson is empty"), path: itemPath("lessons", n, "")}),
	))
}

// actionForm asks for a corrective action. It cannot be finished without
// an owner and a valid due date; a due date in the past needs a confirm.
// Editing adds the status and done date.
func (b *builder) actionForm(a *Action, n int) *huh.Form {
	q := coe.Questions()[6]
	fields := []huh.Field{
		b.input(field{title: "Action", desc: "Specific and checkable: what will be different once it is done.",
			p: &a.Action, check: required("the action is empty; say what will be done"), path: itemPath("corrective_actions", n, "action")}),
		b.coached(b.owner(&a.Owner, checkOwner(b.opts.Owners)), itemPath("corrective_actions", n, "owner")),
		b.input(field{title: "Due", desc: "YYYY-MM-DD, like " + b.now().In(b.loc()).AddDate(0, 0, 14).Format(coe.DateLayout) + ".",
			p: &a.Due, check: confirmPastDue(a.Due, b.today), path: itemPath("corrective_actions", n, "due")}),
		b.coached(huh.NewSelect[string]().Title("Priority").
			Options(choices(a.Priority, coe.Priorities(), nil)...).Value(&a.Priority), itemPath("corrective_actions", n, "priority")),
	}
	if b.edit {
		fields = append(fields,
			huh.NewSelect[string]().Title("Status").
				Options(choices(a.Status, coe.ActionStatuses(), nil)...).Value(&a.Status),
			b.input(field{title: "Done on", desc: "YYYY-MM-DD, required when done; today is " + b.today().String() + ".",
				p: &a.DoneAt, check: checkDoneAt(&a.Status), path: itemPath("corrective_actions", n, "done_at")}),
		)
	}
	fields = append(fields, b.input(field{title: "Tracker (optional)",
		desc: "A ticket key like SPK-1234, or an http(s) URL.", p: &a.Tracker, check: checkTracker, path: itemPath("corrective_actions", n, "tracker")}))
	return b.form(b.group(fmt.Sprintf("%s · %s", questionTitle(q), cmpOr(a.ID, fmt.Sprintf("action %d", n))), q.Hint, fields...))
}

// itemPath is the path of item n (from 1) of a list, or of its key.
func itemPath(list string, n int, key string) string {
	p := fmt.Sprintf("%s[%d]", list, n-1)
	if key != "" {
		p += "." + key
	}
	return p
}

// owner makes the owner field, completing names from the roster.
func (b *builder) owner(p *string, check func(string) error) huh.Field {
	desc := "A person's handle or e-mail."
	if len(b.opts.Owners) > 0 {
		desc = "A name from the roster; ctrl+e completes a name as you type."
	}
	acc := keep(p, showLine)
	title, desc := b.label(field{title: "Owner", desc: desc}, acc)
	in := huh.NewInput().Title(title).Description(desc).Accessor(acc).Validate(b.validator(acc, check))
	if len(b.opts.Owners) > 0 {
		in.Suggestions(b.opts.Owners)
	}
	if b.opts.Accessible {
		return in
	}
	return &lineField{Input: in, acc: acc}
}

// article puts "a" or "an" before a noun.
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// plural makes a list title of a noun: "Timeline entries", "Whys".
func plural(noun string) string {
	s := strings.ToUpper(noun[:1]) + noun[1:]
	if strings.HasSuffix(s, "y") && !strings.HasSuffix(s, "ay") && !strings.HasSuffix(s, "hy") {
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

func cmpOr(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
