package form

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/huh/v2"
	"github.com/coe-cli/coe/coe"
)

// One function a step: it runs the step's pages, which fill r.s. A step
// resumed inside an item of its list opens that item's form first.

func (r *runner) basics() error {
	return r.page(0, func() *huh.Form { return r.b.basicsForm(r.s) })
}

func (r *runner) whatHappened() error {
	return questionWithList(r, r.timeline(), func(first *bool) *huh.Form { return r.b.whatHappenedForm(r.s, first) })
}

func (r *runner) impact() error {
	return r.page(0, func() *huh.Form { return r.b.impactForm(r.s) })
}

func (r *runner) rootCause() error {
	return questionWithList(r, r.whys(), func(first *bool) *huh.Form { return r.b.rootCauseForm(r.s, first) })
}

func (r *runner) supportingDataStep() error { return listStep(r, r.supportingData()) }

func (r *runner) implications() error {
	return r.page(0, func() *huh.Form { return r.b.implicationsForm(r.s) })
}

func (r *runner) lessonsStep() error { return listStep(r, r.lessons()) }

func (r *runner) actionsStep() error { return listStep(r, r.actions()) }

// publicStep asks whether to write the customers' version now (no, unless
// it has something), then its page. A draft stopped inside the page
// (item 1) resumes there.
func (r *runner) publicStep() error {
	if sp := r.resume; sp == nil || sp.part != r.s.Part || sp.item != 1 {
		write := !r.s.Public.empty()
		if err := r.page(0, func() *huh.Form { return r.b.publicAsk(r.s, &write) }); err != nil || !write {
			return err
		}
	}
	return r.page(1, func() *huh.Form { return r.b.publicForm(r.s) })
}

// questionWithList is the step of a question with its own fields and a
// list (what happened and the timeline, the root cause and its whys).
func questionWithList[T any](r *runner, l list[T], form func(first *bool) *huh.Form) error {
	if n := r.resumeItem(len(*l.items)); n > 0 {
		if err := itemPage(r, l, n-1); err != nil {
			return err
		}
		return runMenu(r, l, choiceDone)
	}
	first := firstChoice(r, l)
	if err := r.page(0, func() *huh.Form { return form(first) }); err != nil {
		return err
	}
	return runList(r, l, first)
}

// listStep is the step of a question that is only a list.
func listStep[T any](r *runner, l list[T]) error {
	if n := r.resumeItem(len(*l.items)); n > 0 {
		if err := itemPage(r, l, n-1); err != nil {
			return err
		}
		return runMenu(r, l, choiceDone)
	}
	first, err := askFirst(r, l)
	if err != nil {
		return err
	}
	return runList(r, l, first)
}

// The forms of the steps. Each is bound to the State: its fields update it
// on every keystroke.

// heading names the session in the forms' titles.
func (b *builder) heading(s *State) string {
	if b.edit {
		return "Edit " + cmpOr(s.ID, "COE")
	}
	return "New COE"
}

func questionTitle(q coe.Question) string {
	return fmt.Sprintf("Question %d of %d · %s", q.Number, len(coe.Questions()), q.Text)
}

// timeHint says how times are typed: the forms coe.ParseTimeIn reads, the
// time zone of local times, and that the stored value is RFC 3339. It is
// wrapped at spaces to lines that fit an 80-column screen, so that the
// screen never breaks a timestamp at its hyphens.
func (b *builder) timeHint(withDay bool) string {
	zone := b.loc().String()
	if zone == "Local" {
		zone = "this machine's time zone"
	}
	hint := "Type " + coe.TimeForms(withDay) + "."
	if withDay {
		hint += " A time of day alone is on the incident's start date."
	}
	hint += " Local times are in " + zone + "; the stored value, RFC 3339 with its offset, shows once you leave the field."
	return wrapWords(hint, hintWidth)
}

// hintWidth is the widest line of a hint wrapped by wrapWords: what a
// field shows on an 80-column screen without wrapping it again.
const hintWidth = 72

// wrapWords wraps s at spaces to lines of at most width runes (a word
// longer than that stands on its own line).
func wrapWords(s string, width int) string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			switch {
			case line == "":
				line = w
			case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
				line += " " + w
			default:
				lines = append(lines, line)
				line = w
			}
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func (b *builder) basicsForm(s *State) *huh.Form {
	head := b.heading(s)
	labels := [4]string{"Started", "Detected", "Mitigated", "Resolved"}
	var times []huh.Field
	for i, p := range s.incidentTimes() {
		day := b.startDay(s)
		desc := "A time of day alone is on the start date."
		if i == 0 {
			day = noDay
			desc = "With its date, like " + b.now().In(b.loc()).Format("2006-01-02 15:04") + "."
		}
		times = append(times, b.input(field{title: labels[i] + " at (optional)", desc: desc,
			p: p, check: b.checkIncidentTime(s, i), norm: b.normTime(day), path: "incident." + incidentNames[i]}))
	}
	return b.form(
		b.group(head+" · The basics",
			"Blameless: describe what systems and decisions did, not who erred. esc or ctrl+c stops and keeps a draft.",
			b.input(field{title: "Title", desc: "One line: what customers experienced.", p: &s.Title,
				check: required("a title is required"), path: "title"}),
			b.severity(s),
		),
		b.group(head+" · When",
			"The incident's times, each one not before the one above.\n"+b.timeHint(true),
			times...),
		b.group(head+" · People and labels", "Comma-separated lists.",
			b.input(field{title: "Authors", desc: "Handles or e-mails of who writes this COE.", p: &s.Authors}),
			b.input(field{title: "Reviewers (optional)", p: &s.Reviewers}),
			b.input(field{title: "Tags (optional)", desc: "Like: payments, mobile.", p: &s.Tags}),
			b.input(field{title: "Services (optional)", desc: "The services involved.", p: &s.Services}),
			b.input(field{title: "Related COEs (optional)", desc: "Ids of other COEs, like 2024-01-28-speaker-groups-stopped-playing.",
				p: &s.Related, check: checkRelated}),
		),
	)
}

// severity is a choice of the configured severities. A severity the config
// no longer lists stays shown (a select would otherwise silently replace it
// with the first, and worst, one) but must be changed.
func (b *builder) severity(s *State) *huh.Select[string] {
	sevs := b.severities()
	opts := huh.NewOptions(sevs...)
	if s.Severity != "" {
		opts = choices(s.Severity, sevs, nil)
	}
	return huh.NewSelect[string]().Title("Severity").
		Description(fmt.Sprintf("%s is the worst.", sevs[0])).
		Options(opts...).Value(&s.Severity).
		Validate(func(v string) error {
			if !slices.Contains(sevs, v) {
				return fmt.Errorf("severity %q is not in the config; choose one of %s", v, quoteList(sevs))
			}
			return nil
		})
}

func (b *builder) whatHappenedForm(s *State, addFirst *bool) *huh.Form {
	q := coe.Questions()[0]
	fields := []huh.Field{
		b.text(field{title: q.Text, desc: "What customers saw, when, and what the team did, in order.", p: &s.WhatHappened, path: "what_happened"}),
	}
	if addFirst != nil {
		fields = append(fields, b.confirm("Add a timeline entry?", "One entry at a time: when, and what happened.", addFirst))
	}
	return b.form(b.group(questionTitle(q), q.Hint, fields...))
}

func (b *builder) impactForm(s *State) *huh.Form {
	q := coe.Questions()[1]
	return b.form(b.group(questionTitle(q), q.Hint,
		b.text(field{title: "Impact on customers", desc: "Who, how many, for how long, and what it cost them.", p: &s.Impact.Customers, path: "impact.customers"}),
		b.text(field{title: "Impact on the business", desc: "Revenue, cost, reputation, obligations.", p: &s.Impact.Business, path: "impact.business"}),
		b.input(field{title: "Customers affected (optional)", desc: "A whole number, like 120000.",
			p: &s.Impact.CustomersAffected, check: checkCount, path: "impact.customers_affected"}),
		b.text(field{title: "What customers were told (optional)", desc: "When, where and what was said.", p: &s.Impact.Communication, path: "impact.communication"}),
	))
}

func (b *builder) rootCauseForm(s *State, addFirst *bool) *huh.Form {
	q := coe.Questions()[2]
	fields := []huh.Field{
		b.text(field{title: "Root cause", desc: "The cause in a few sentences; the whys follow one at a time.", p: &s.RootCause.Summary, path: "root_cause.summary"}),
		b.factors(s),
	}
	if addFirst != nil {
		fields = append(fields, b.coached(b.confirm("Ask the first why?", `Five whys, each one step deeper: "Why did X? Because Y."`, addFirst), "root_cause.whys"))
	}
	return b.form(b.group(questionTitle(q), q.Hint, fields...))
}

func (b *builder) implicationsForm(s *State) *huh.Form {
	q := coe.Questions()[4]
	return b.form(b.group(questionTitle(q), q.Hint,
		b.text(field{title: "Security", desc: `Required. When there were none, say so and why: "None: <why>" is an answer.`,
			p: &s.Implications.Security, check: required(`answer security explicitly; "None: <why>" is an answer`), path: "implications.security"}),
		b.text(field{title: "Other implications (optional)", desc: "Data, privacy, legal, trust.", p: &s.Implications.Other, path: "implications.other"}),
	))
}

// publicIntro says what the customers' version is, above its fields.
const publicIntro = "The customers' version of this COE, for a status page or a public postmortem. " +
	"It is published as written: no names, handles, hostnames, addresses or ticket keys; say sorry plainly."

// publicAsk asks whether to write the customers' version now.
func (b *builder) publicAsk(s *State, write *bool) *huh.Form {
	later := "coe edit " + orPlaceholder(s.ID, "ID") + " --section public"
	return b.form(b.group(b.heading(s)+" · Telling customers (optional)", publicIntro,
		b.confirm("Write the customers' version now?", "Optional. You can write it later: "+later+".", write)))
}

// publicForm is the page of the customers' version.
func (b *builder) publicForm(s *State) *huh.Form {
	p := &s.Public
	return b.form(b.group(b.heading(s)+" · Telling customers", publicIntro,
		b.input(field{title: "Public title (optional)", desc: "Left empty, the COE's title.", p: &p.Title, path: "public.title"}),
		b.text(field{title: "What happened", desc: "In the customer's words: what they saw, and when.", p: &p.Summary, path: "public.summary"}),
		b.text(field{title: "Who was affected", desc: "Who, how, and for how long.", p: &p.Impact, path: "public.impact"}),
		b.text(field{title: "What we are changing", desc: "What changes so that it does not happen again.", p: &p.Changes, path: "public.changes"}),
		b.text(field{title: "Apology", desc: "The apology, or another message to customers.", p: &p.Apology, path: "public.apology"}),
		b.input(field{title: "Published at (optional)", desc: "When it went out. " + b.timeHint(false),
			p: &p.PublishedAt, check: b.checkTime(noDay), norm: b.normTime(noDay), path: "public.published_at"}),
	))
}

// finishChoice is a choice of the last step: save with a status, or go
// back to a step (backMenu: the menu of parts of an edit).
type finishChoice struct {
	status string
	back   int
}

const backMenu = -1

// finishForm shows a summary and asks what next: save with a status (a new
// COE stays a draft or becomes ready for review; an edited one may take any
// status whose demands it meets), or go back to a step to change it.
func (b *builder) finishForm(s *State, next *finishChoice) *huh.Form {
	statuses := []string{coe.StatusDraft, coe.StatusReview}
	labels := map[string]string{coe.StatusDraft: "Save it as a draft", coe.StatusReview: "Save it, ready for review"}
	if b.edit {
		statuses = coe.Statuses()
		labels = map[string]string{
			coe.StatusDraft:    "Save as draft: still being written",
			coe.StatusReview:   "Save as review: ready for review",
			coe.StatusApproved: "Save as approved: reviewed and approved",
			coe.StatusClosed:   "Save as closed: every corrective action done or won't do",
		}
	}
	var opts []huh.Option[finishChoice]
	for _, o := range choices(s.Status, statuses, labels) {
		if o.Value == s.Status && labels[o.Value] == "" {
			o.Key = fmt.Sprintf("Save with status %q", cmpOr(s.Status, "(none)"))
		}
		opts = append(opts, huh.NewOption(o.Key, finishChoice{status: o.Value}))
	}
	if b.edit {
		opts = append(opts, huh.NewOption("Back to the menu of parts", finishChoice{back: backMenu}))
	} else {
		opts = append(opts, huh.NewOption("Go back to the basics", finishChoice{back: StepBasics}))
		for _, q := range coe.Questions() {
			opts = append(opts, huh.NewOption(fmt.Sprintf("Go back to question %d: %s", q.Number, q.Text),
				finishChoice{back: StepBasics + q.Number}))
		}
		opts = append(opts, huh.NewOption("Go back to telling customers", finishChoice{back: StepPublic}))
	}
	*next = finishChoice{status: s.Status}
	if c := b.coach(); c != nil {
		// ctrl+r explains every note the summary lists.
		c.all = true
	}
	statusOK := checkStatus(s)
	sel := huh.NewSelect[finishChoice]().Title("What next?").
		Description("The status says where the COE stands in its review.").
		Options(opts...).Value(next).
		Validate(func(c finishChoice) error {
			if c.back != 0 {
				return nil
			}
			return statusOK(c.status)
		})
	// The summary is the page's description, above the choices: it stays
	// on the screen while they scroll on a small one.
	return b.form(b.group(b.heading(s)+" · Finish",
		b.summary(s)+"\n\nCheck the summary, then save it or go back to change something. Saving checks the COE as coe lint does.", sel))
}

// maxSummaryNotes is the most review notes the summary lists; the rest
// are counted (ctrl+r shows them all).
const maxSummaryNotes = 4

// summary is the text of the last step.
func (b *builder) summary(s *State) string {
	var l []string
	add := func(format string, args ...any) { l = append(l, fmt.Sprintf(format, args...)) }
	add("%s (%s)", cmpOr(strings.TrimSpace(s.Title), "(no title)"), cmpOr(strings.TrimSpace(s.Severity), "no severity"))
	if v := strings.Join(splitList(s.Authors), ", "); v != "" {
		add("Authors: %s", v)
	}
	if !blank(s.StartedAt) {
		add("Started %s", strings.TrimSpace(s.StartedAt))
	}
	add("Timeline entries: %d · whys: %d · supporting data: %d · lessons: %d · corrective actions: %d",
		count(s.Timeline, TimelineEntry.empty), count(s.RootCause.Whys, blank),
		count(s.SupportingData, SupportingData.empty), count(s.Lessons, blank),
		count(s.CorrectiveActions, Action.empty))
	if !s.Public.empty() {
		add("Telling customers: %s", short(cmpOr(strings.TrimSpace(s.Public.Title), cmpOr(strings.TrimSpace(s.Title), "(no title)")), labelMax))
	}
	if b.opts.Base != nil {
		if changed := changedParts(s, b.opts.Base); len(changed) > 0 {
			add("Changed: %s.", strings.Join(changed, ", "))
		} else {
			add("Nothing changed yet.")
		}
	}
	if miss := missingForReview(s); len(miss) > 0 {
		add("Still missing for review: %s.", strings.Join(miss, "; "))
	} else {
		add("Everything a review needs is there.")
	}
	if notes := b.reviewNotes(); len(notes) > 0 {
		how := "ctrl+r explains them"
		if b.opts.Accessible {
			how = "coe lint --explain RULE explains one"
		}
		add("Review notes, which do not stop a save (%s):", how)
		for i, n := range notes {
			if i == maxSummaryNotes && len(notes) > maxSummaryNotes+1 {
				add("  … %d more", len(notes)-i)
				break
			}
			_, where := b.locate(n.Field)
			add("%s", short(fmt.Sprintf("  ! %s · %s: %s", n.Rule, cmpOr(where, "the COE"), oneLineText(n.Message)), hintWidth))
		}
	}
	// What was typed is shown with its control characters escaped.
	return coe.Printable(strings.Join(l, "\n"), true)
}
