// Package form holds the interactive forms of coe, built with huh: a new COE
// walked through step by step (the basics, the seven questions, the status),
// the same steps to edit an existing COE, and the State they fill.
//
// State keeps everything as the user typed it, so an interrupted form can be
// saved as a draft (MarshalDraft) and resumed without losing anything, not
// even a half-typed date. State.COE converts it to a coe.COE, checking every
// value.
//
// Only this package imports huh; it has no global state.
package form

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
)

// State is everything the forms hold, as typed: times, dates and numbers as
// strings, short lists (authors, tags, ...) as comma-separated strings.
type State struct {
	// Where the form stood, to resume there. Step is the step (see
	// StepBasics ... StepFinish; 0 when the form has not started). Part is,
	// in an edit, the part open (a section name, see Sections; "menu" for
	// the menu of parts, "finish" for the last page). Item is the list item
	// whose form was open, from 1 (0: the step's or part's own page), and
	// Field the field of that page that had the focus, from 0. Drafts of
	// older versions have Step alone, and resume at the start of the step.
	Step  int    `yaml:"step"`
	Part  string `yaml:"part,omitempty"`
	Item  int    `yaml:"item,omitempty"`
	Field int    `yaml:"field,omitempty"`
	// Section is the part coe edit --section opened: once it is done the
	// form goes to its last page, not to the menu of parts.
	Section string `yaml:"section,omitempty"`

	// ID and Version are carried through from the COE being edited.
	ID      string `yaml:"id,omitempty"`
	Version int    `yaml:"version,omitempty"`

	Title    string `yaml:"title,omitempty"`
	Severity string `yaml:"severity,omitempty"`
	Status   string `yaml:"status,omitempty"`

	StartedAt   string `yaml:"started_at,omitempty"`
	DetectedAt  string `yaml:"detected_at,omitempty"`
	MitigatedAt string `yaml:"mitigated_at,omitempty"`
	ResolvedAt  string `yaml:"resolved_at,omitempty"`

	Authors   string `yaml:"authors,omitempty"`
	Reviewers string `yaml:"reviewers,omitempty"`
	Tags      string `yaml:"tags,omitempty"`
	Services  string `yaml:"services,omitempty"`
	Related   string `yaml:"related,omitempty"`

	// ApprovedBy and ApprovedAt are set by the review workflow; the forms
	// carry them through untouched.
	ApprovedBy string `yaml:"approved_by,omitempty"`
	ApprovedAt string `yaml:"approved_at,omitempty"`
	// SubmittedAt, ClosedAt and Reopened are set by the lifecycle commands
	// (coe submit, close, reopen); the forms carry them through too.
	SubmittedAt string      `yaml:"submitted_at,omitempty"`
	ClosedAt    string      `yaml:"closed_at,omitempty"`
	Reopened    []Reopening `yaml:"reopened,omitempty"`

	WhatHappened string          `yaml:"what_happened,omitempty"`
	Timeline     []TimelineEntry `yaml:"timeline,omitempty"`
	Impact       Impact          `yaml:"impact,omitempty"`
	RootCause    RootCause       `yaml:"root_cause,omitempty"`
	// ContributingFactors is a comma-separated list, as Tags.
	ContributingFactors string           `yaml:"contributing_factors,omitempty"`
	SupportingData      []SupportingData `yaml:"supporting_data,omitempty"`
	Implications        Implications     `yaml:"implications,omitempty"`
	Lessons             []string         `yaml:"lessons,omitempty"`
	CorrectiveActions   []Action         `yaml:"corrective_actions,omitempty"`
	Public              Public           `yaml:"public,omitempty"`
}

// Public is the customers' version of the COE, as typed.
type Public struct {
	Title       string `yaml:"title,omitempty"`
	Summary     string `yaml:"summary,omitempty"`
	Impact      string `yaml:"impact,omitempty"`
	Changes     string `yaml:"changes,omitempty"`
	Apology     string `yaml:"apology,omitempty"`
	PublishedAt string `yaml:"published_at,omitempty"`
}

// Reopening is one return of the COE to review, carried through.
type Reopening struct {
	At     string `yaml:"at,omitempty"`
	By     string `yaml:"by,omitempty"`
	Reason string `yaml:"reason,omitempty"`
}

// TimelineEntry is one timeline entry as typed.
type TimelineEntry struct {
	At    string `yaml:"at,omitempty"`
	Event string `yaml:"event,omitempty"`
}

// Impact answers question 2, as typed.
type Impact struct {
	Customers         string `yaml:"customers,omitempty"`
	Business          string `yaml:"business,omitempty"`
	CustomersAffected string `yaml:"customers_affected,omitempty"`
	Communication     string `yaml:"communication,omitempty"`
}

// RootCause answers question 3, as typed.
type RootCause struct {
	Summary string   `yaml:"summary,omitempty"`
	Whys    []string `yaml:"whys,omitempty"`
}

// SupportingData is one item of evidence, as typed.
type SupportingData struct {
	Title string `yaml:"title,omitempty"`
	Link  string `yaml:"link,omitempty"`
	Note  string `yaml:"note,omitempty"`
}

// Implications answers question 5, as typed.
type Implications struct {
	Security string `yaml:"security,omitempty"`
	Other    string `yaml:"other,omitempty"`
}

// Action is one corrective action, as typed.
type Action struct {
	ID       string `yaml:"id,omitempty"`
	Action   string `yaml:"action,omitempty"`
	Owner    string `yaml:"owner,omitempty"`
	Due      string `yaml:"due,omitempty"`
	Priority string `yaml:"priority,omitempty"`
	Status   string `yaml:"status,omitempty"`
	DoneAt   string `yaml:"done_at,omitempty"`
	Tracker  string `yaml:"tracker,omitempty"`
	// Note and Evidence are set by coe actions set and coe actions verify;
	// the forms carry them through.
	Note     string `yaml:"note,omitempty"`
	Evidence string `yaml:"evidence,omitempty"`
}

// FromCOE returns the form state holding c.
func FromCOE(c *coe.COE) State {
	s := State{
		ID:          c.ID,
		Version:     c.Version,
		Title:       c.Title,
		Severity:    c.Severity,
		Status:      c.Status,
		StartedAt:   coe.FormatTime(c.Incident.StartedAt),
		DetectedAt:  coe.FormatTime(c.Incident.DetectedAt),
		MitigatedAt: coe.FormatTime(c.Incident.MitigatedAt),
		ResolvedAt:  coe.FormatTime(c.Incident.ResolvedAt),
		Authors:     joinList(c.Authors),
		Reviewers:   joinList(c.Reviewers),
		Tags:        joinList(c.Tags),
		Services:    joinList(c.Services),
		Related:     joinList(c.Related),
		ApprovedBy:  c.ApprovedBy,
		ApprovedAt:  coe.FormatTime(c.ApprovedAt),
		SubmittedAt: coe.FormatTime(c.SubmittedAt),
		ClosedAt:    coe.FormatTime(c.ClosedAt),

		WhatHappened: c.WhatHappened,
		Impact: Impact{
			Customers:     c.Impact.Customers,
			Business:      c.Impact.Business,
			Communication: c.Impact.Communication,
		},
		RootCause:           RootCause{Summary: c.RootCause.Summary, Whys: clone(c.RootCause.Whys)},
		ContributingFactors: joinList(c.ContributingFactors),
		Implications:        Implications{Security: c.Implications.Security, Other: c.Implications.Other},
		Lessons:             clone(c.Lessons),
	}
	if n := c.Impact.CustomersAffected; n != nil {
		s.Impact.CustomersAffected = strconv.FormatInt(*n, 10)
	}
	if p := c.Public; p != nil {
		s.Public = Public{Title: p.Title, Summary: p.Summary, Impact: p.Impact, Changes: p.Changes,
			Apology: p.Apology, PublishedAt: coe.FormatTime(p.PublishedAt)}
	}
	for _, r := range c.Reopened {
		s.Reopened = append(s.Reopened, Reopening{At: coe.FormatTime(r.At), By: r.By, Reason: r.Reason})
	}
	for _, e := range c.Timeline {
		s.Timeline = append(s.Timeline, TimelineEntry{At: coe.FormatTime(e.At), Event: e.Event})
	}
	for _, d := range c.SupportingData {
		s.SupportingData = append(s.SupportingData, SupportingData(d))
	}
	for _, a := range c.CorrectiveActions {
		s.CorrectiveActions = append(s.CorrectiveActions, Action{
			ID: a.ID, Action: a.Action, Owner: a.Owner, Due: a.Due.String(),
			Priority: a.Priority, Status: a.Status, DoneAt: a.DoneAt.String(), Tracker: a.Tracker,
			Note: a.Note, Evidence: joinList(a.Evidence),
		})
	}
	return s
}

// COE converts the state to a COE, checking every value, with local times
// read in the machine's time zone: COEIn(nil).
func (s *State) COE() (*coe.COE, error) { return s.COEIn(nil) }

// COEIn converts the state to a COE, checking every value. The error lists
// every bad field by name and value, one a line (see Problems for the
// fields).
//
// Times are read as people write them (coe.ParseTimeIn): local forms in
// loc (nil is the machine's time zone), a time of day alone on the
// incident's start date. Comma-separated lists are split and trimmed, empty
// names dropped. Texts lose the spaces at their line ends and their
// trailing blank lines, and CRLF becomes LF. Empty list items (a timeline
// entry with nothing in it, an empty lesson) are dropped.
func (s *State) COEIn(loc *time.Location) (*coe.COE, error) {
	return s.merge(nil, loc)
}

// Merge returns base, the COE s was made from (FromCOE), with what s
// changed: each value of s that is not what FromCOE(base) holds is checked,
// converted as COEIn does, and replaces base's; every other value is base's
// own, untouched, so that an edit writes only what changed. List items are
// matched as a whole: an item the user did not change (moved or not) is
// base's own. The error lists the bad values among the changed ones.
func (s *State) Merge(base *coe.COE, loc *time.Location) (*coe.COE, error) {
	return s.merge(base, loc)
}

func (s *State) merge(base *coe.COE, loc *time.Location) (*coe.COE, error) {
	if loc == nil {
		loc = time.Local
	}
	var was State
	c := &coe.COE{}
	if base != nil {
		was = FromCOE(base)
		*c = *base
	}
	p := &problems{loc: loc, day: startDay(s.StartedAt, loc)}
	// changed reports whether a value is to be taken from s: always for a
	// new COE.
	changed := func(now, then string) bool { return base == nil || now != then }

	if base == nil {
		c.Version = s.Version
		c.ID = strings.TrimSpace(s.ID)
		c.ApprovedBy = strings.TrimSpace(s.ApprovedBy)
		c.ApprovedAt = p.timestamp("approved_at", "approved_at", s.ApprovedAt, coe.Date{})
		c.SubmittedAt = p.timestamp("submitted_at", "submitted_at", s.SubmittedAt, coe.Date{})
		c.ClosedAt = p.timestamp("closed_at", "closed_at", s.ClosedAt, coe.Date{})
		c.Reopened = nil
		for i, r := range s.Reopened {
			path := fmt.Sprintf("reopened[%d]", i)
			c.Reopened = append(c.Reopened, coe.Reopening{At: p.timestamp(path+".at", path+".at", r.At, coe.Date{}), By: strings.TrimSpace(r.By), Reason: r.Reason})
		}
	}
	if changed(s.Title, was.Title) {
		c.Title = strings.TrimSpace(s.Title)
		p.required("title", "title", c.Title)
	}
	if changed(s.Status, was.Status) {
		c.Status = strings.TrimSpace(s.Status)
		p.oneOf("status", "status", c.Status, coe.Statuses(), false)
	}
	if changed(s.Severity, was.Severity) {
		c.Severity = strings.TrimSpace(s.Severity)
		p.required("severity", "severity", c.Severity)
	}
	lists := []struct {
		now, then string
		dst       *[]string
	}{
		{s.Authors, was.Authors, &c.Authors}, {s.Reviewers, was.Reviewers, &c.Reviewers},
		{s.Tags, was.Tags, &c.Tags}, {s.Services, was.Services, &c.Services}, {s.Related, was.Related, &c.Related},
		{s.ContributingFactors, was.ContributingFactors, &c.ContributingFactors},
	}
	for _, l := range lists {
		if changed(l.now, l.then) {
			*l.dst = splitList(l.now)
		}
	}
	if changed(s.Related, was.Related) {
		for i, r := range c.Related {
			if !coe.ValidID(r) {
				p.addf(fmt.Sprintf("related[%d]", i), "related: invalid COE id %q; expected YYYY-MM-DD-slug, like 2024-01-28-speaker-groups-stopped-playing", r)
			}
		}
	}
	times := s.incidentTimes()
	wasTimes := was.incidentTimes()
	dst := [4]*time.Time{&c.Incident.StartedAt, &c.Incident.DetectedAt, &c.Incident.MitigatedAt, &c.Incident.ResolvedAt}
	for i := range times {
		if changed(*times[i], *wasTimes[i]) {
			day := p.day
			if i == 0 {
				day = coe.Date{} // the start itself needs its date
			}
			*dst[i] = p.timestamp("incident."+incidentNames[i], "incident "+incidentNames[i], *times[i], day)
		}
	}
	texts := []struct {
		now, then string
		dst       *string
	}{
		{s.WhatHappened, was.WhatHappened, &c.WhatHappened},
		{s.Impact.Customers, was.Impact.Customers, &c.Impact.Customers},
		{s.Impact.Business, was.Impact.Business, &c.Impact.Business},
		{s.Impact.Communication, was.Impact.Communication, &c.Impact.Communication},
		{s.RootCause.Summary, was.RootCause.Summary, &c.RootCause.Summary},
		{s.Implications.Security, was.Implications.Security, &c.Implications.Security},
		{s.Implications.Other, was.Implications.Other, &c.Implications.Other},
	}
	for _, t := range texts {
		if changed(t.now, t.then) {
			*t.dst = cleanText(t.now)
		}
	}
	if changed(s.Impact.CustomersAffected, was.Impact.CustomersAffected) {
		c.Impact.CustomersAffected = p.count("impact.customers_affected", "impact customers_affected", s.Impact.CustomersAffected)
	}

	var b coe.COE
	if base != nil {
		b = *base
	}
	c.Timeline = mergeList(base != nil, s.Timeline, was.Timeline, b.Timeline, TimelineEntry.empty,
		func(i int, e TimelineEntry) coe.TimelineEntry {
			path := fmt.Sprintf("timeline[%d]", i)
			return coe.TimelineEntry{At: p.timestamp(path+".at", fmt.Sprintf("timeline entry %d at", i+1), e.At, p.day), Event: cleanText(e.Event)}
		})
	c.RootCause.Whys = mergeList(base != nil, s.RootCause.Whys, was.RootCause.Whys, b.RootCause.Whys, blank,
		func(_ int, w string) string { return cleanText(w) })
	c.SupportingData = mergeList(base != nil, s.SupportingData, was.SupportingData, b.SupportingData, SupportingData.empty,
		func(i int, d SupportingData) coe.SupportingData {
			return coe.SupportingData{
				Title: cleanText(d.Title),
				Link:  p.link(fmt.Sprintf("supporting_data[%d].link", i), fmt.Sprintf("supporting data %d link", i+1), d.Link),
				Note:  cleanText(d.Note),
			}
		})
	c.Lessons = mergeList(base != nil, s.Lessons, was.Lessons, b.Lessons, blank,
		func(_ int, l string) string { return cleanText(l) })
	c.CorrectiveActions = mergeList(base != nil, s.CorrectiveActions, was.CorrectiveActions, b.CorrectiveActions, Action.empty, p.action)
	if base == nil || s.Public != was.Public {
		c.Public = p.public(s.Public, was.Public, b.Public, changed)
	}
	return c, p.err()
}

// public converts the customers' version: each value changed from was
// replaces base's (nil when there was none). A section left with nothing
// in it is none, nil, as the reader has it.
func (p *problems) public(now, was Public, base *coe.Public, changed func(now, then string) bool) *coe.Public {
	var pub coe.Public
	if base != nil {
		pub = *base
	}
	if changed(now.Title, was.Title) {
		pub.Title = strings.TrimSpace(now.Title)
	}
	for _, t := range []struct {
		now, then string
		dst       *string
	}{
		{now.Summary, was.Summary, &pub.Summary}, {now.Impact, was.Impact, &pub.Impact},
		{now.Changes, was.Changes, &pub.Changes}, {now.Apology, was.Apology, &pub.Apology},
	} {
		if changed(t.now, t.then) {
			*t.dst = cleanText(t.now)
		}
	}
	if changed(now.PublishedAt, was.PublishedAt) {
		pub.PublishedAt = p.timestamp("public.published_at", "public published_at", now.PublishedAt, coe.Date{})
	}
	if pub.IsZero() {
		return nil
	}
	return &pub
}

// mergeList converts the items of a list of the state. For an edit
// (merging), a list as it was is base's own, and so is each item that is
// one of the items it had (each used once); an item changed or added is
// converted. Empty items are dropped; nil when none is left.
func mergeList[S comparable, T any](merging bool, now, then []S, base []T, empty func(S) bool, convert func(i int, it S) T) []T {
	if merging && slices.Equal(now, then) {
		return base
	}
	used := make([]bool, len(then))
	var out []T
	for i, it := range now {
		if empty(it) {
			continue
		}
		j := -1
		if merging {
			for k, old := range then {
				if !used[k] && old == it && k < len(base) {
					j = k
					break
				}
			}
		}
		if j >= 0 {
			used[j] = true
			out = append(out, base[j])
			continue
		}
		out = append(out, convert(i, it))
	}
	return out
}

// startDay is the date a time of day alone falls on: the incident's start,
// as typed; the zero Date when it has none that reads.
func startDay(started string, loc *time.Location) coe.Date {
	if blank(started) {
		return coe.Date{}
	}
	t, err := coe.ParseTimeIn(started, loc, coe.Date{})
	if err != nil {
		return coe.Date{}
	}
	return coe.DateOf(t)
}

// action converts the corrective action of index i in the state.
func (p *problems) action(i int, a Action) coe.CorrectiveAction {
	path := fmt.Sprintf("corrective_actions[%d]", i)
	name := fmt.Sprintf("corrective action %d", i+1)
	if id := strings.TrimSpace(a.ID); id != "" {
		name = "corrective action " + id
	}
	ca := coe.CorrectiveAction{
		ID:       strings.TrimSpace(a.ID),
		Action:   cleanText(a.Action),
		Owner:    strings.TrimSpace(a.Owner),
		Due:      p.date(path+".due", name+" due", a.Due),
		Priority: strings.TrimSpace(a.Priority),
		Status:   strings.TrimSpace(a.Status),
		DoneAt:   p.date(path+".done_at", name+" done_at", a.DoneAt),
		Tracker:  strings.TrimSpace(a.Tracker),
		Note:     a.Note,
		Evidence: splitList(a.Evidence),
	}
	p.required(path+".owner", name+" owner", ca.Owner)
	p.oneOf(path+".priority", name+" priority", ca.Priority, coe.Priorities(), true)
	p.oneOf(path+".status", name+" status", ca.Status, coe.ActionStatuses(), true)
	if err := coe.CheckTracker(ca.Tracker); err != nil {
		p.addf(path+".tracker", "%s tracker: invalid tracker %q: %v", name, ca.Tracker, err)
	}
	return ca
}

// empty reports whether nothing of the customers' version is typed.
func (p Public) empty() bool {
	return blank(p.Title) && blank(p.Summary) && blank(p.Impact) && blank(p.Changes) && blank(p.Apology) && blank(p.PublishedAt)
}

func (e TimelineEntry) empty() bool { return blank(e.At) && blank(e.Event) }

func (d SupportingData) empty() bool { return blank(d.Title) && blank(d.Link) && blank(d.Note) }

// empty reports whether the action holds nothing the user typed: the id,
// priority and status a new action starts with do not count.
func (a Action) empty() bool {
	return blank(a.Action) && blank(a.Owner) && blank(a.Due) && blank(a.DoneAt) && blank(a.Tracker) && blank(a.Note) && blank(a.Evidence)
}

// Problem is a value of the state that does not convert: Field is its
// path as in the COE file ("timeline[2].at", with the index of the item in
// the state), Err what is wrong with it.
type Problem struct {
	Field string
	Err   error
}

// Problems returns the problems of an error of COEIn or Merge, each with
// the field it is about; nil for another error.
func Problems(err error) []Problem {
	var pe *problemsError
	if errors.As(err, &pe) {
		return pe.list
	}
	return nil
}

type problemsError struct{ list []Problem }

func (e *problemsError) Error() string {
	l := make([]string, len(e.list))
	for i, p := range e.list {
		l[i] = p.Err.Error()
	}
	return strings.Join(l, "\n")
}

// problems collects the bad values found while converting.
type problems struct {
	problems []Problem
	loc      *time.Location
	day      coe.Date // the incident's start date, for a time of day alone
}

func (p *problems) addf(field, format string, args ...any) {
	p.problems = append(p.problems, Problem{Field: field, Err: fmt.Errorf(format, args...)})
}

func (p *problems) err() error {
	if len(p.problems) == 0 {
		return nil
	}
	return &problemsError{list: p.problems}
}

// timestamp reads an optional time as people write it; blank is zero.
func (p *problems) timestamp(field, name, s string, day coe.Date) time.Time {
	t, err := parseTimestamp(s, p.loc, day)
	if err != nil {
		p.addf(field, "%s: %v", name, err)
	}
	return t
}

func (p *problems) date(field, name, s string) coe.Date {
	d, err := parseDate(s)
	if err != nil {
		p.addf(field, "%s: %v", name, err)
	}
	return d
}

func (p *problems) count(field, name, s string) *int64 {
	n, err := parseCount(s)
	if err != nil {
		p.addf(field, "%s: %v", name, err)
	}
	return n
}

func (p *problems) link(field, name, s string) string {
	s = strings.TrimSpace(s)
	if err := checkLink(s); err != nil {
		p.addf(field, "%s: %v", name, err)
	}
	return s
}

func (p *problems) required(field, name, s string) {
	if s == "" {
		p.addf(field, "%s is empty; expected a value", name)
	}
}

// oneOf checks that s is one of allowed (or empty when optional).
func (p *problems) oneOf(field, name, s string, allowed []string, optional bool) {
	if s == "" && optional {
		return
	}
	if slices.Contains(allowed, s) {
		return
	}
	p.addf(field, "%s: invalid value %q; expected one of %s", name, s, quoteList(allowed))
}

// parseTimestamp reads an optional time as people write it (see
// coe.ParseTimeIn), local forms in loc, a time of day alone on day; blank
// is zero.
func parseTimestamp(s string, loc *time.Location, day coe.Date) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	return coe.ParseTimeIn(s, loc, day)
}

// parseDate parses an optional YYYY-MM-DD date; blank is zero.
func parseDate(s string) (coe.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return coe.Date{}, nil
	}
	return coe.ParseDate(s)
}

// parseCount parses an optional whole number of 0 or more; blank is nil.
// Thousands may be grouped with commas or underscores: 120,000.
func parseCount(s string) (*int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	digits := strings.NewReplacer(",", "", "_", "").Replace(s)
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 0 || strings.HasPrefix(digits, "+") {
		return nil, fmt.Errorf("invalid number %q; expected a whole number of 0 or more, like 120000", s)
	}
	return &n, nil
}

// checkLink accepts an empty link or an http(s) URL.
func checkLink(s string) error {
	if s == "" {
		return nil
	}
	if err := coe.CheckURL(s); err != nil {
		return fmt.Errorf("invalid link %q: %v", s, err)
	}
	return nil
}

// splitList splits a comma-separated list, trimming names and dropping
// empty ones; nil when nothing is left.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func joinList(l []string) string { return strings.Join(l, ", ") }

// cleanText normalises a typed text: CRLF (and a lone CR) become LF, spaces
// and tabs at line ends go, and so do trailing blank lines. A final line
// break, when there is one, is kept, so texts read from a file (which end
// in one) come back as they were. A text of blanks is empty.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	end := len(lines)
	for end > 0 && lines[end-1] == "" {
		end--
	}
	if end == 0 {
		return ""
	}
	out := strings.Join(lines[:end], "\n")
	if end < len(lines) {
		out += "\n"
	}
	return out
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func clone(l []string) []string {
	if l == nil {
		return nil
	}
	return append([]string(nil), l...)
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
