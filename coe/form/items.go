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
// already has items, shows a menu of its items with "Add …" and "Done",
// and choosing an item opens its form with a "Remove" choice. The item
// forms are the same in both.

// Menu choices besides the items, which are their indexes.
const (
	choiceAdd  = -1
	choiceDone = -2
)

// list describes one list of a State.
type list[T any] struct {
	q     coe.Question
	noun  string // "timeline entry"
	items *[]T
	// newItem is the item added by "Add".
	newItem func() T
	// empty reports an item with nothing typed in it.
	empty func(T) bool
	// label is the item's one-line label in the menu.
	label func(T) string
	// check reports what is wrong with an item, for the menu's "Done".
	check func(T) error
	// form is the item's form; remove, when not nil, is set when the user
	// chooses to remove the item.
	form func(it *T, n int, remove *bool) *huh.Form
}

// runList fills a list. With first nil it shows the menu; otherwise *first
// says whether to add a first item, and items are added until the user
// wants no more.
func runList[T any](r *runner, l list[T], first *bool) error {
	if first == nil {
		return runMenu(r, l)
	}
	for add := *first; add; {
		if err := addItem(r, l); err != nil {
			return err
		}
		add = false
		n := count(*l.items, l.empty)
		ask := r.b.confirm(fmt.Sprintf("Add another %s?", l.noun), fmt.Sprintf("%d so far.", n), &add)
		if err := r.run(r.b.form(r.b.group(questionTitle(l.q), l.q.Hint, ask))); err != nil {
			return err
		}
	}
	return nil
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
	ask := r.b.confirm(fmt.Sprintf("Add %s?", article(l.noun)), "", &add)
	if err := r.run(r.b.form(r.b.group(questionTitle(l.q), l.q.Hint, ask))); err != nil {
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

func runMenu[T any](r *runner, l list[T]) error {
	for {
		choice := choiceDone
		if err := r.run(menuForm(r.b, l, &choice)); err != nil {
			return err
		}
		var err error
		switch choice {
		case choiceDone:
			return nil
		case choiceAdd:
			err = addItem(r, l)
		default:
			err = editItem(r, l, choice)
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
			label = l.label(it)
		}
		opts = append(opts, huh.NewOption(fmt.Sprintf("%d. %s", i+1, label), i))
	}
	opts = append(opts,
		huh.NewOption("Add "+article(l.noun), choiceAdd),
		huh.NewOption("Done", choiceDone))
	sel := huh.NewSelect[int]().
		Title(fmt.Sprintf("%s: %d", plural(l.noun), count(*l.items, l.empty))).
		Description("Choose one to change or remove it, add one, or go on.").
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
	return b.form(b.group(questionTitle(l.q), l.q.Hint, sel))
}

// addItem appends a new item and runs its form. An item left with nothing
// in it by an interrupted form is dropped; anything typed is kept.
func addItem[T any](r *runner, l list[T]) error {
	*l.items = append(*l.items, l.newItem())
	i := len(*l.items) - 1
	err := r.run(l.form(&(*l.items)[i], i+1, nil))
	if err != nil && l.empty((*l.items)[i]) {
		*l.items = (*l.items)[:i]
	}
	return err
}

// editItem runs the form of item i, removing the item when asked to.
func editItem[T any](r *runner, l list[T], i int) error {
	remove := false
	if err := r.run(l.form(&(*l.items)[i], i+1, &remove)); err != nil {
		return err
	}
	if remove {
		*l.items = slices.Delete(*l.items, i, i+1)
	}
	return nil
}

// itemForm makes an item's form. With remove, a first page asks whether to
// keep or remove the item, and the fields follow only when it is kept.
func (b *builder) itemForm(title, desc string, remove *bool, fields ...huh.Field) *huh.Form {
	if remove == nil {
		return b.form(b.group(title, desc, fields...))
	}
	rm := b.confirm("Keep or remove this item?", "", remove).Affirmative("Remove").Negative("Keep")
	return b.form(
		b.group(title, desc, rm),
		b.group(title, desc, fields...).WithHideFunc(func() bool { return *remove }),
	)
}

// The lists of a State.

func (r *runner) timeline() list[TimelineEntry] {
	return list[TimelineEntry]{
		q: coe.Questions[0], noun: "timeline entry", items: &r.s.Timeline,
		newItem: func() TimelineEntry { return TimelineEntry{} },
		empty:   TimelineEntry.empty,
		label: func(e TimelineEntry) string {
			return short(cmpOr(strings.TrimSpace(e.At), "(no time)")+"  "+e.Event, 70)
		},
		check: checkTimelineEntry,
		form:  r.b.timelineEntryForm,
	}
}

func (r *runner) whys() list[string] {
	return list[string]{
		q: coe.Questions[2], noun: "why", items: &r.s.RootCause.Whys,
		newItem: func() string { return "" },
		empty:   blank,
		label:   func(w string) string { return short(w, 70) },
		check:   checkText,
		form:    r.b.whyForm,
	}
}

func (r *runner) supportingData() list[SupportingData] {
	return list[SupportingData]{
		q: coe.Questions[3], noun: "supporting data item", items: &r.s.SupportingData,
		newItem: func() SupportingData { return SupportingData{} },
		empty:   SupportingData.empty,
		label:   func(d SupportingData) string { return short(cmpOr(strings.TrimSpace(d.Title), d.Link), 70) },
		check:   checkSupportingData,
		form:    r.b.supportingDataForm,
	}
}

func (r *runner) lessons() list[string] {
	return list[string]{
		q: coe.Questions[5], noun: "lesson", items: &r.s.Lessons,
		newItem: func() string { return "" },
		empty:   blank,
		label:   func(s string) string { return short(s, 70) },
		check:   checkText,
		form:    r.b.lessonForm,
	}
}

func (r *runner) actions() list[Action] {
	return list[Action]{
		q: coe.Questions[6], noun: "corrective action", items: &r.s.CorrectiveActions,
		newItem: func() Action {
			return Action{ID: nextActionID(r.s.CorrectiveActions), Priority: "medium", Status: coe.ActionOpen}
		},
		empty: Action.empty,
		label: func(a Action) string {
			parts := []string{cmpOr(strings.TrimSpace(a.ID), "CA-?"), cmpOr(strings.TrimSpace(a.Owner), "(no owner)"), cmpOr(strings.TrimSpace(a.Due), "(no due date)")}
			if a.Status != "" {
				parts = append(parts, a.Status)
			}
			return short(strings.Join(append(parts, a.Action), " · "), 90)
		},
		check: checkAction(r.b.opts.Owners),
		form:  r.b.actionForm,
	}
}

// nextActionID is the next free CA-<n> id.
func nextActionID(actions []Action) string {
	var c coe.COE
	for _, a := range actions {
		c.CorrectiveActions = append(c.CorrectiveActions, coe.CorrectiveAction{ID: strings.TrimSpace(a.ID)})
	}
	return c.NextActionID()
}

// The item forms.

func (b *builder) timelineEntryForm(e *TimelineEntry, n int, remove *bool) *huh.Form {
	q := coe.Questions[0]
	return b.itemForm(fmt.Sprintf("%s · Timeline entry %d", questionTitle(q), n),
		"Entries in time order: when something happened, and what.", remove,
		b.input(field{title: "When", desc: b.timeHelp(), p: &e.At,
			check: unlessRemoved(remove, all(required("the time is required"), checkTimestamp))}),
		b.input(field{title: "What happened then", p: &e.Event,
			check: unlessRemoved(remove, required("the event is empty; say what happened"))}),
	)
}

func (b *builder) whyForm(w *string, n int, remove *bool) *huh.Form {
	q := coe.Questions[2]
	return b.itemForm(fmt.Sprintf("%s · Why #%d", questionTitle(q), n), q.Hint, remove,
		b.input(field{title: fmt.Sprintf("Why #%d", n),
			desc: `One step deeper than the last: "Why did X? Because Y." A process or a system, never a person.`,
			p:    w, check: unlessRemoved(remove, required("this why is empty"))}),
	)
}

func (b *builder) supportingDataForm(d *SupportingData, n int, remove *bool) *huh.Form {
	q := coe.Questions[3]
	return b.itemForm(fmt.Sprintf("%s · Item %d", questionTitle(q), n), q.Hint, remove,
		b.input(field{title: "Title", desc: "What it is, like: Error rate by region, 28-29 Jan.", p: &d.Title,
			check: unlessRemoved(remove, required("the title is required"))}),
		b.input(field{title: "Link (optional)", desc: "An http or https URL: a dashboard, a query, a ticket.", p: &d.Link,
			check: unlessRemoved(remove, checkLinkField)}),
		b.text(field{title: "Note (optional)", desc: "What it shows.", p: &d.Note}),
	)
}

func (b *builder) lessonForm(s *string, n int, remove *bool) *huh.Form {
	q := coe.Questions[5]
	return b.itemForm(fmt.Sprintf("%s · Lesson %d", questionTitle(q), n), q.Hint, remove,
		b.input(field{title: fmt.Sprintf("Lesson #%d", n), desc: "What you would do differently, not who was wrong.",
			p: s, check: unlessRemoved(remove, required("this lesson is empty"))}),
	)
}

// actionForm asks for a corrective action. It cannot be finished without
// an owner and a valid due date. Editing adds the status and done date.
func (b *builder) actionForm(a *Action, n int, remove *bool) *huh.Form {
	q := coe.Questions[6]
	rm := func(check func(string) error) func(string) error { return unlessRemoved(remove, check) }
	fields := []huh.Field{
		b.input(field{title: "Action", desc: "Specific and checkable: what will be different once it is done.",
			p: &a.Action, check: rm(required("the action is empty; say what will be done"))}),
		b.owner(&a.Owner, rm(checkOwner(b.opts.Owners))),
		b.input(field{title: "Due", desc: "YYYY-MM-DD, like " + b.now().AddDate(0, 0, 14).Format(coe.DateLayout) + ".",
			p: &a.Due, check: rm(checkDue)}),
		huh.NewSelect[string]().Title("Priority").
			Options(choices(a.Priority, coe.Priorities, nil)...).Value(&a.Priority),
	}
	if b.edit {
		fields = append(fields,
			huh.NewSelect[string]().Title("Status").
				Options(choices(a.Status, coe.ActionStatuses, nil)...).Value(&a.Status),
			b.input(field{title: "Done on", desc: "YYYY-MM-DD, required when done; today is " + b.now().Format(coe.DateLayout) + ".",
				p: &a.DoneAt, check: rm(checkDoneAt(&a.Status))}),
		)
	}
	fields = append(fields, b.input(field{title: "Tracker (optional)",
		desc: "A ticket key like SPK-1234, or an http(s) URL.", p: &a.Tracker, check: rm(checkTracker)}))
	return b.itemForm(fmt.Sprintf("%s · %s", questionTitle(q), cmpOr(a.ID, fmt.Sprintf("action %d", n))), q.Hint, remove, fields...)
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
	return &lineField{in}
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
