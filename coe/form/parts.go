package form

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/huh/v2"
	"github.com/coe-cli/coe/coe"
)

// The parts of a COE, as the edit menu lists them and coe edit --section
// opens them: the basics, each of the seven questions, the timeline, the
// customers' version, and each corrective action by its id.

// Section is a part of a COE that coe edit --section opens.
type Section struct {
	Name  string // "lessons"
	Title string // "question 6: the lessons"
}

// sections are the parts of every COE; each corrective action is one more,
// named by its id.
var sections = []struct {
	Section
	step int
	menu string // its name in the menu
}{
	{Section{"basics", "the basics: title, severity, times, people, related COEs"}, StepBasics, "The basics"},
	{Section{"what-happened", "question 1: what happened"}, StepWhatHappened, "1. What happened?"},
	{Section{"timeline", "question 1: the timeline"}, StepWhatHappened, "Timeline"},
	{Section{"impact", "question 2: the impact"}, StepImpact, "2. Impact"},
	{Section{"root-cause", "question 3: the root cause and its whys"}, StepRootCause, "3. Root cause"},
	{Section{"supporting-data", "question 4: the supporting data"}, StepSupportingData, "4. Supporting data"},
	{Section{"implications", "question 5: the implications, security first"}, StepImplications, "5. Implications"},
	{Section{"lessons", "question 6: the lessons"}, StepLessons, "6. Lessons"},
	{Section{"corrective-actions", "question 7: the corrective actions"}, StepCorrectiveActions, "7. Corrective actions"},
	{Section{"public", "telling customers: the public version"}, StepPublic, "Telling customers"},
}

// The pages of an edit that are not parts (State.Part).
const (
	partMenu   = "menu"
	partFinish = "finish"
)

// Sections lists the parts coe edit --section opens, besides the
// corrective actions, which it opens by their ids (CA-1).
func Sections() []Section {
	out := make([]Section, len(sections))
	for i, s := range sections {
		out[i] = s.Section
	}
	return out
}

// SectionNames lists the names --section takes for the COE s holds: the
// parts, then its corrective actions' ids.
func (s *State) SectionNames() []string {
	var names []string
	for _, sec := range sections {
		names = append(names, sec.Name)
	}
	for _, a := range s.CorrectiveActions {
		if id := strings.TrimSpace(a.ID); id != "" {
			names = append(names, id)
		}
	}
	return names
}

// OpenSection makes the edit open on one part, named as --section takes
// it (a name of Sections, with - or _, in any case, or a corrective
// action's id): the form starts there and, once it is done, goes to its
// last page to save. An unknown name is an error naming the ones there are.
func (s *State) OpenSection(name string) error {
	part, ok := s.partNamed(name)
	if !ok {
		names := s.SectionNames()
		msg := fmt.Sprintf("unknown section %q; expected one of %s", name, quoteList(names))
		if near := coe.Nearest(strings.ToLower(name), names, 1); len(near) > 0 {
			msg = fmt.Sprintf("unknown section %q; did you mean %q? Expected one of %s", name, near[0], quoteList(names))
		}
		return fmt.Errorf("%s", msg)
	}
	s.Section, s.Part, s.Step, s.Item, s.Field = part, part, stepOf(part), 0, 0
	return nil
}

// partNamed finds the part a --section name means.
func (s *State) partNamed(name string) (string, bool) {
	n := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), "_", "-"))
	for _, sec := range sections {
		if n == sec.Name {
			return sec.Name, true
		}
	}
	for _, a := range s.CorrectiveActions {
		if id := strings.TrimSpace(a.ID); id != "" && strings.EqualFold(id, strings.TrimSpace(name)) {
			return id, true
		}
	}
	return "", false
}

// stepOf is the step of a part: where the new form asks it, and what coe
// drafts says of a draft stopped there.
func stepOf(part string) int {
	for _, sec := range sections {
		if sec.Name == part {
			return sec.step
		}
	}
	switch part {
	case partFinish:
		return StepFinish
	case partMenu, "":
		return 0
	}
	return StepCorrectiveActions // a corrective action
}

// partOfStep is the part a draft of an older version, which has only a
// step, resumes at.
func partOfStep(step int) string {
	if step == StepFinish {
		return partFinish
	}
	for _, sec := range sections {
		if sec.step == step {
			return sec.Name
		}
	}
	return partMenu
}

// actionIndex is the index of the corrective action with id, or -1.
func (s *State) actionIndex(id string) int {
	return slices.IndexFunc(s.CorrectiveActions, func(a Action) bool { return strings.TrimSpace(a.ID) == id })
}

// openPart runs the pages of a part. A part resumed inside an item of its
// list opens that item's form first; with only, that form is all it runs
// (to fix what the final check found), else the list's menu follows.
func (r *runner) openPart(part string, only bool) error {
	r.s.Part, r.s.Step = part, stepOf(part)
	page := func(build func() *huh.Form) error { return r.page(0, build) }
	switch part {
	case "basics":
		return page(func() *huh.Form { return r.b.basicsForm(r.s) })
	case "what-happened":
		return page(func() *huh.Form { return r.b.whatHappenedForm(r.s, nil) })
	case "timeline":
		return listPart(r, r.timeline(), only)
	case "impact":
		return page(func() *huh.Form { return r.b.impactForm(r.s) })
	case "root-cause":
		l := r.whys()
		if r.resumeItem(len(*l.items)) > 0 {
			return listPart(r, l, only)
		}
		if err := page(func() *huh.Form { return r.b.rootCauseForm(r.s, nil) }); err != nil || only {
			return err
		}
		if !r.b.edit && len(*l.items) == 0 {
			return nil
		}
		return runMenu(r, l, 0)
	case "supporting-data":
		return listPart(r, r.supportingData(), only)
	case "implications":
		return page(func() *huh.Form { return r.b.implicationsForm(r.s) })
	case "lessons":
		return listPart(r, r.lessons(), only)
	case "corrective-actions":
		return listPart(r, r.actions(), only)
	case "public":
		return page(func() *huh.Form { return r.b.publicForm(r.s) })
	}
	// A corrective action, by its id.
	i := r.s.actionIndex(part)
	if i < 0 {
		return nil
	}
	return itemPage(r, r.actions(), i)
}

// listPart is the part of a list: its menu, or the item it resumes in.
func listPart[T any](r *runner, l list[T], only bool) error {
	if n := r.resumeItem(len(*l.items)); n > 0 {
		if err := itemPage(r, l, n-1); err != nil || only {
			return err
		}
		return runMenu(r, l, n-1)
	}
	return runMenu(r, l, 0)
}

// menu shows the menu of parts and returns the one chosen (partFinish to
// save); cursor is the choice it starts on.
func (r *runner) menu(cursor string) (string, error) {
	r.s.Part = partMenu
	choice := cursor
	err := r.page(0, func() *huh.Form { return r.b.partsMenu(r.s, &choice) })
	return choice, err
}

// partsMenu lists the parts of the COE, each with what it holds in one
// line, then the way to save.
func (b *builder) partsMenu(s *State, choice *string) *huh.Form {
	var opts []huh.Option[string]
	add := func(name, holds, value string) {
		line := fmt.Sprintf("%-22s %s", name, coe.Printable(holds, true))
		if b.opts.Accessible {
			// Read aloud: no columns, and accessible mode numbers the
			// options itself.
			line = name + ": " + coe.Printable(holds, true)
		}
		opts = append(opts, huh.NewOption(short(line, b.lineWidth()), value))
	}
	part := func(sec Section, menu string) {
		name := menu
		if b.opts.Accessible {
			name = capitalize(sec.Title)
		}
		add(name, partHolds(s, sec.Name), sec.Name)
	}
	for _, sec := range sections {
		if sec.Name != "public" {
			part(sec.Section, sec.menu)
		}
	}
	for _, a := range s.CorrectiveActions {
		id := strings.TrimSpace(a.ID)
		if id == "" {
			continue
		}
		holds := strings.TrimPrefix(actionLabel(a), id+" · ")
		add(id, holds, id)
	}
	// The customers' version comes after the seven questions and the
	// corrective actions under the seventh, as in the file.
	for _, sec := range sections {
		if sec.Name == "public" {
			part(sec.Section, sec.menu)
		}
	}
	opts = append(opts, huh.NewOption("Save…", partFinish))
	sel := huh.NewSelect[string]().Title("Which part?").
		Description("Choose a part to change it; Save… checks the COE and saves it. esc stops and keeps a draft.").
		Options(opts...).Value(choice)
	return b.form(b.group(b.heading(s), "The parts of the COE and what each holds.", sel))
}

// lineWidth is the widest option of a menu that stays on one line of the
// terminal the forms run on: 74 runes on an 80-column screen (or when the
// width is unknown), more on a wider one.
func (b *builder) lineWidth() int {
	w := 80
	if b.width != nil {
		if n := b.width(); n > 0 {
			w = n
		}
	}
	return max(w-6, 30)
}

// partHolds says what a part holds, in one line.
func partHolds(s *State, part string) string {
	none := "(empty)"
	first := func(t string) string { return cmpOr(short(t, labelMax), none) }
	switch part {
	case "basics":
		l := []string{cmpOr(strings.TrimSpace(s.Title), "(no title)"), cmpOr(s.Severity, "no severity"), cmpOr(s.Status, "no status")}
		if !blank(s.StartedAt) {
			l = append(l, "started "+strings.TrimSpace(s.StartedAt))
		}
		return strings.Join(l, " · ")
	case "what-happened":
		return first(s.WhatHappened)
	case "timeline":
		n := count(s.Timeline, TimelineEntry.empty)
		if n == 0 {
			return "no entries"
		}
		var times []string
		for _, e := range s.Timeline {
			if !blank(e.At) {
				times = append(times, strings.TrimSpace(e.At))
			}
		}
		if len(times) == 0 {
			return plural2n(n, "entry", "entries")
		}
		return fmt.Sprintf("%s, %s to %s", plural2n(n, "entry", "entries"), times[0], times[len(times)-1])
	case "impact":
		return first(cmpOr(s.Impact.Customers, s.Impact.Business))
	case "root-cause":
		return fmt.Sprintf("%s · %s", first(s.RootCause.Summary), plural2n(count(s.RootCause.Whys, blank), "why", "whys"))
	case "supporting-data":
		return listHolds(s.SupportingData, SupportingData.empty, func(d SupportingData) string { return cmpOr(d.Title, d.Link) })
	case "implications":
		return first(s.Implications.Security)
	case "lessons":
		return listHolds(s.Lessons, blank, func(l string) string { return l })
	case "corrective-actions":
		n := count(s.CorrectiveActions, Action.empty)
		if n == 0 {
			return "none"
		}
		byStatus := map[string]int{}
		for _, a := range s.CorrectiveActions {
			if !a.empty() {
				byStatus[cmpOr(a.Status, coe.ActionOpen)]++
			}
		}
		var l []string
		for _, st := range coe.ActionStatuses() {
			if byStatus[st] > 0 {
				l = append(l, fmt.Sprintf("%d %s", byStatus[st], st))
			}
		}
		return fmt.Sprintf("%s: %s", plural2n(n, "action", "actions"), strings.Join(l, ", "))
	case "public":
		if s.Public.empty() {
			return "none (optional)"
		}
		return first(cmpOr(s.Public.Summary, cmpOr(s.Public.Title, cmpOr(s.Public.Impact, cmpOr(s.Public.Changes, s.Public.Apology)))))
	}
	return ""
}

// listHolds is a list in one line: how many, and the first.
func listHolds[T any](items []T, empty func(T) bool, label func(T) string) string {
	n := count(items, empty)
	if n == 0 {
		return "none"
	}
	for _, it := range items {
		if !empty(it) {
			return fmt.Sprintf("%d: %s", n, short(label(it), labelMax))
		}
	}
	return ""
}

func plural2n(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural2(n, one, many)) }

// changedParts names the parts in which s differs from base, in the
// order of the menu.
func changedParts(s *State, base *coe.COE) []string {
	was := FromCOE(base)
	var out []string
	add := func(changed bool, name string) {
		if changed {
			out = append(out, name)
		}
	}
	add(s.Title != was.Title || s.Severity != was.Severity || s.StartedAt != was.StartedAt || s.DetectedAt != was.DetectedAt ||
		s.MitigatedAt != was.MitigatedAt || s.ResolvedAt != was.ResolvedAt || s.Authors != was.Authors ||
		s.Reviewers != was.Reviewers || s.Tags != was.Tags || s.Services != was.Services || s.Related != was.Related, "the basics")
	add(s.WhatHappened != was.WhatHappened, "what happened")
	add(!slices.Equal(s.Timeline, was.Timeline), "the timeline")
	add(s.Impact != was.Impact, "the impact")
	add(s.RootCause.Summary != was.RootCause.Summary || !slices.Equal(s.RootCause.Whys, was.RootCause.Whys) ||
		s.ContributingFactors != was.ContributingFactors, "the root cause")
	add(!slices.Equal(s.SupportingData, was.SupportingData), "the supporting data")
	add(s.Implications != was.Implications, "the implications")
	add(!slices.Equal(s.Lessons, was.Lessons), "the lessons")
	add(!slices.Equal(s.CorrectiveActions, was.CorrectiveActions), "the corrective actions")
	add(s.Public != was.Public, "the customers' version")
	add(s.Status != was.Status, "the status")
	return out
}
