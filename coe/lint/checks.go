package lint

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
)

// Workflow stages: what a status demands grows with it.
const (
	stageDraft = iota
	stageReview
	stageApproved
	stageClosed
)

// stageOf maps a status to its stage; an invalid status (which the reader
// reports) demands no more than a draft.
func stageOf(status string) int {
	switch status {
	case coe.StatusReview:
		return stageReview
	case coe.StatusApproved:
		return stageApproved
	case coe.StatusClosed:
		return stageClosed
	}
	return stageDraft
}

// statusPhrase names a COE at a stage, for messages: "a COE in review".
func statusPhrase(stage int) string {
	switch stage {
	case stageReview:
		return "a COE in review"
	case stageApproved:
		return "an approved COE"
	case stageClosed:
		return "a closed COE"
	}
	return "a draft"
}

var actionIDPattern = regexp.MustCompile(`^CA-[1-9][0-9]*$`)

type checker struct {
	doc   *coe.Document
	c     *coe.COE
	path  string
	opts  Options
	stage int
	ds    []Diagnostic
}

// checks run in this order; diagnostics at the same position keep it. The
// repository-wide rules, id-unique and related-exists, run apart (see
// cross.go) on a Record of each file, so that a file's tree can be dropped
// as soon as these have run.
var checks = []func(*checker){
	(*checker).requiredFields,
	(*checker).idFilename,
	(*checker).approval,
	(*checker).incidentStart,
	(*checker).timesOrder,
	(*checker).questions,
	(*checker).timelineOrder,
	(*checker).actionIDs,
	(*checker).actionOwners,
	(*checker).ownerRoster,
	(*checker).actionDue,
	(*checker).actionDoneAt,
	(*checker).actionClosed,
	(*checker).actionOverdue,
	(*checker).actionEvidence,
	(*checker).bidiControls,
	(*checker).factors,      // factors.go
	(*checker).qualityGroup, // quality.go
	(*checker).publicChecks, // public.go
}

func check(doc *coe.Document, path string, opts Options) []Diagnostic {
	k := &checker{doc: doc, c: &doc.COE, path: path, opts: opts, stage: stageOf(doc.COE.Status)}
	for _, f := range checks {
		f(k)
	}
	return k.ds
}

func (k *checker) report(pos coe.Position, rule string, format string, args ...any) {
	k.reportAs(pos, ruleIndex[rule].Default, rule, format, args...)
}

func (k *checker) reportAs(pos coe.Position, sev Severity, rule string, format string, args ...any) {
	k.ds = append(k.ds, Diagnostic{Path: k.path, Line: pos.Line, Col: pos.Col, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// top is the top of the file: the first key of the COE.
func (k *checker) top() coe.Position { return k.doc.Pos("") }

// required-field

func (k *checker) requiredFields() {
	version := ""
	if k.c.Version != 0 {
		version = strconv.Itoa(k.c.Version)
	}
	fields := [...]struct{ key, val string }{
		{"version", version}, {"id", k.c.ID}, {"title", k.c.Title}, {"status", k.c.Status}, {"severity", k.c.Severity},
	}
	for _, f := range fields {
		switch p := k.presence(f.key); {
		case p == absent && f.val == "":
			k.report(k.top(), RuleRequiredField, "missing required field %q; expected %s", f.key, k.requiredHint(f.key))
		case p == blank && (f.key == "id" || f.key == "title"):
			// A blank version, status or severity is refused by the reader.
			k.report(k.missingPos(f.key), RuleRequiredField, "required field %q is empty; expected %s", f.key, k.requiredHint(f.key))
		}
	}
}

// requiredHint says what a required field should hold.
func (k *checker) requiredHint(key string) string {
	switch key {
	case "version":
		return `"version: 1"`
	case "id":
		if s := stem(k.path); coe.ValidID(s) {
			return fmt.Sprintf("the file name without .yaml, %q", "id: "+s)
		}
		return `YYYY-MM-DD-slug equal to the file name without .yaml, like "id: 2024-01-28-speaker-groups-stopped-playing"`
	case "title":
		return `a one-line title, like "title: Speaker groups stopped playing together"`
	case "status":
		return "one of " + quoteList(coe.Statuses())
	}
	severities := k.opts.Config.Severities
	if len(severities) == 0 {
		severities = coe.DefaultSeverities()
	}
	return "one of " + quoteList(severities)
}

// id-filename

func (k *checker) idFilename() {
	id := k.c.ID
	if strings.TrimSpace(id) == "" || k.path == "" || k.path == "-" {
		return
	}
	base := filepath.Base(k.path)
	want := id + ".yaml"
	if base == want {
		return
	}
	msg := fmt.Sprintf("id %q does not match the file name %q; expected the file to be named %q", id, base, want)
	if s := stem(k.path); coe.ValidID(s) && s != id {
		msg += fmt.Sprintf(", or the id to be %q", s)
	}
	k.report(k.valuePos("id"), RuleIDFilename, "%s", msg)
}

// approval, incident-start

func (k *checker) approval() {
	if k.stage < stageApproved {
		return
	}
	if k.missingText(k.c.ApprovedBy, "approved_by") {
		k.report(k.missingPos("approved_by"), RuleApproval, "approved_by is not set; %s names who approved it, like %q", statusPhrase(k.stage), "approved_by: kenji")
	}
	if k.missingValue(k.c.ApprovedAt.IsZero(), "approved_at") {
		k.report(k.missingPos("approved_at"), RuleApproval, "approved_at is not set; %s records when it was approved, like %q", statusPhrase(k.stage), "approved_at: 2024-02-12T16:30:00-06:00")
	}
}

func (k *checker) incidentStart() {
	if k.stage < stageReview {
		return
	}
	if k.missingValue(k.c.Incident.StartedAt.IsZero(), "incident.started_at") {
		k.report(k.missingPos("incident.started_at"), RuleIncidentStart, "incident.started_at is not set; %s needs the time the incident started, like %q under incident", statusPhrase(k.stage), "started_at: 2024-01-28T19:05:00-06:00")
	}
}

// times-order, timeline-order

func (k *checker) timesOrder() {
	times := k.c.Incident.Times()
	prev := -1
	for i, t := range times {
		if t.IsZero() {
			continue
		}
		if prev >= 0 && t.Before(times[prev]) {
			path := "incident." + coe.KeysIncident()[i]
			before := "incident." + coe.KeysIncident()[prev]
			k.report(k.valuePos(path), RuleTimesOrder, "%s %s is before %s %s; expected started_at <= detected_at <= mitigated_at <= resolved_at",
				path, k.timeText(path, t), before, k.timeText(before, times[prev]))
		}
		prev = i
	}
}

// timeText is a time as written in the file, or formatted.
func (k *checker) timeText(path string, t time.Time) string {
	if s := k.raw(path); s != "" {
		return s
	}
	return coe.FormatTime(t)
}

func (k *checker) timelineOrder() {
	prev := -1
	for i, e := range k.c.Timeline {
		if e.At.IsZero() {
			continue
		}
		if prev >= 0 && e.At.Before(k.c.Timeline[prev].At) {
			path := fmt.Sprintf("timeline[%d].at", i)
			before := fmt.Sprintf("timeline[%d].at", prev)
			k.report(k.valuePos(path), RuleTimelineOrder, "timeline entry %d at %s is before entry %d at %s; expected entries in time order",
				i+1, k.timeText(path, e.At), prev+1, k.timeText(before, k.c.Timeline[prev].At))
		}
		prev = i
	}
}

// question-unanswered, security-unanswered

func (k *checker) questions() {
	if k.stage < stageReview {
		return
	}
	c := k.c
	unanswered := func(n int, rule, path, why string) {
		q := coe.Questions()[n-1]
		k.report(k.missingPos(path), rule, "question %d is unanswered: %s (%s)", q.Number, q.Text, why)
	}
	if k.missingText(c.WhatHappened, "what_happened") {
		unanswered(1, RuleQuestionUnanswered, "what_happened", "what_happened is empty")
	}
	if k.missingText(c.Impact.Customers, "impact.customers") && k.missingText(c.Impact.Business, "impact.business") {
		unanswered(2, RuleQuestionUnanswered, "impact", "impact needs customers or business")
	}
	if k.missingText(c.RootCause.Summary, "root_cause.summary") {
		unanswered(3, RuleQuestionUnanswered, "root_cause.summary", "root_cause.summary is empty")
	}
	data := 0
	for _, s := range c.SupportingData {
		if strings.TrimSpace(s.Title+s.Link+s.Note) != "" {
			data++
		}
	}
	if k.missingList(data, "supporting_data") {
		unanswered(4, RuleQuestionUnanswered, "supporting_data", "supporting_data needs at least one item")
	}
	if k.missingText(c.Implications.Security, "implications.security") {
		unanswered(5, RuleSecurityUnanswered, "implications.security", `implications.security must be answered explicitly once out of draft; "None: <why>" is an answer`)
	}
	lessons := 0
	for _, l := range c.Lessons {
		if strings.TrimSpace(l) != "" {
			lessons++
		}
	}
	if k.missingList(lessons, "lessons") {
		unanswered(6, RuleQuestionUnanswered, "lessons", "lessons needs at least one item")
	}
	if k.missingList(len(c.CorrectiveActions), "corrective_actions") {
		unanswered(7, RuleQuestionUnanswered, "corrective_actions", "corrective_actions needs at least one item")
	}
}

// Corrective actions.

func actionPath(i int) string { return fmt.Sprintf("corrective_actions[%d]", i) }

// actionLabel names an action in messages by its id (or its place) and the
// start of its text: corrective action CA-2 "Publish a status note ...".
func actionLabel(i int, a *coe.CorrectiveAction) string {
	id := strings.TrimSpace(a.ID)
	if id == "" {
		id = fmt.Sprintf("#%d", i+1)
	}
	s := "corrective action " + id
	if t := shorten(a.Action, 60); t != "" {
		s += fmt.Sprintf(" %q", t)
	}
	return s
}

// shorten collapses white space and cuts s to at most n runes at a word
// boundary, marking the cut with "...".
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-3]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "..."
}

func (k *checker) actionIDs() {
	first := map[string]int{} // id -> line of its first use
	next := 0                 // the number of the next free id to suggest
	suggest := func() string {
		if next == 0 {
			fmt.Sscanf(k.c.NextActionID(), "CA-%d", &next)
		}
		next++
		return fmt.Sprintf("CA-%d", next-1)
	}
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		p := actionPath(i)
		if k.missingText(a.ID, p+".id") {
			k.report(k.valuePos(p), RuleActionID, "%s has no id; expected a unique id, like %q", actionLabel(i, a), "id: "+suggest())
			continue
		}
		if !actionIDPattern.MatchString(a.ID) {
			continue // the reader reports it
		}
		pos := k.valuePos(p + ".id")
		if line, dup := first[a.ID]; dup {
			k.report(pos, RuleActionID, "duplicate corrective action id %q (first at line %d); expected a unique id, like %q", a.ID, line, suggest())
			continue
		}
		first[a.ID] = pos.Line
	}
}

func (k *checker) actionOwners() {
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		p := actionPath(i)
		if k.missingText(a.Owner, p+".owner") {
			k.report(k.valuePos(p), RuleActionOwner, "%s has no owner; every action needs one at every status: a person's handle or e-mail, like %q", actionLabel(i, a), "owner: dana")
		}
	}
}

func (k *checker) ownerRoster() {
	roster := k.opts.Config.Owners
	if len(roster) == 0 {
		return
	}
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		if strings.TrimSpace(a.Owner) == "" || slices.Contains(roster, a.Owner) {
			continue
		}
		id := strings.TrimSpace(a.ID)
		if id == "" {
			id = fmt.Sprintf("corrective action #%d", i+1)
		}
		if handle := k.opts.Config.HandleOf(a.Owner); handle != "" {
			// One name a person, so that reports group their actions.
			k.report(k.valuePos(actionPath(i)+".owner"), RuleOwnerRoster, "owner %q of %s is the e-mail of %q in the owners roster of %s; expected the handle, like %q",
				a.Owner, id, handle, coe.ConfigName, "owner: "+handle)
			continue
		}
		msg := fmt.Sprintf("owner %q of %s is not in the owners roster of %s", a.Owner, id, coe.ConfigName)
		switch near := coe.Nearest(a.Owner, roster, 3); {
		case len(near) > 0:
			msg += "; did you mean " + orList(near) + "?"
		case len(roster) <= 10:
			msg += "; expected one of " + quoteList(roster)
		default:
			msg += fmt.Sprintf("; expected one of its %d owners, or add %q to it", len(roster), a.Owner)
		}
		k.report(k.valuePos(actionPath(i)+".owner"), RuleOwnerRoster, "%s", msg)
	}
}

func (k *checker) actionDue() {
	if k.stage < stageReview {
		return
	}
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		p := actionPath(i)
		if k.missingValue(a.Due.IsZero(), p+".due") {
			k.report(k.valuePos(p), RuleActionDue, "%s has no due date; %s needs one on every action, like %q", actionLabel(i, a), statusPhrase(k.stage), "due: 2024-02-15")
		}
	}
}

func (k *checker) actionDoneAt() {
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		p := actionPath(i)
		switch {
		case a.Status == coe.ActionDone && k.missingValue(a.DoneAt.IsZero(), p+".done_at"):
			sev := Error
			if k.stage == stageDraft {
				sev = Warning
			}
			k.reportAs(k.valuePos(p), sev, RuleActionDoneAt, "%s is done but has no done_at; expected the date it was done, like %q", actionLabel(i, a), "done_at: 2024-02-14")
		case a.Status != coe.ActionDone && (a.Status == "" || slices.Contains(coe.ActionStatuses(), a.Status)) && !a.DoneAt.IsZero():
			status := a.Status
			if status == "" {
				status = coe.ActionOpen
			}
			k.reportAs(k.valuePos(p+".done_at"), Warning, RuleActionDoneAt, "%s has done_at %s but its status is %q; expected %q, or no done_at until it is done", actionLabel(i, a), a.DoneAt, status, "status: done")
		}
	}
}

func (k *checker) actionClosed() {
	if k.stage < stageClosed {
		return
	}
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		p := actionPath(i)
		switch a.Status {
		case coe.ActionDone, coe.ActionWontDo:
		case "":
			if k.missingText(a.Status, p+".status") {
				k.report(k.valuePos(p), RuleActionClosed, "%s has no status, so it is open; %s needs every action %q (with done_at) or %q", actionLabel(i, a), statusPhrase(k.stage), coe.ActionDone, coe.ActionWontDo)
			}
		case coe.ActionOpen, coe.ActionInProgress:
			k.report(k.valuePos(p+".status"), RuleActionClosed, "%s is still %q; %s needs every action %q (with done_at) or %q", actionLabel(i, a), a.Status, statusPhrase(k.stage), coe.ActionDone, coe.ActionWontDo)
		}
	}
}

func (k *checker) actionOverdue() {
	asOf := k.opts.AsOf
	if asOf.IsZero() {
		return
	}
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		if a.Due.IsZero() || a.Due.Compare(asOf) >= 0 {
			continue
		}
		var state string
		switch a.Status {
		case "", coe.ActionOpen:
			state = "still open"
		case coe.ActionInProgress:
			state = "still in progress"
		default:
			continue
		}
		n := a.Due.DaysTo(asOf)
		unit := "days"
		if n == 1 {
			unit = "day"
		}
		k.report(k.valuePos(actionPath(i)+".due"), RuleActionOverdue, "%s is %d %s overdue: due %s and %s", actionLabel(i, a), n, unit, a.Due, state)
	}
}
