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
	"strconv"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
)

// State is everything the forms hold, as typed: times, dates and numbers as
// strings, short lists (authors, tags, ...) as comma-separated strings.
type State struct {
	// Step is the step to resume at (see StepBasics ... StepFinish); 0 when
	// the form has not started.
	Step int `yaml:"step"`

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

	WhatHappened      string           `yaml:"what_happened,omitempty"`
	Timeline          []TimelineEntry  `yaml:"timeline,omitempty"`
	Impact            Impact           `yaml:"impact,omitempty"`
	RootCause         RootCause        `yaml:"root_cause,omitempty"`
	SupportingData    []SupportingData `yaml:"supporting_data,omitempty"`
	Implications      Implications     `yaml:"implications,omitempty"`
	Lessons           []string         `yaml:"lessons,omitempty"`
	CorrectiveActions []Action         `yaml:"corrective_actions,omitempty"`
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

		WhatHappened: c.WhatHappened,
		Impact: Impact{
			Customers:     c.Impact.Customers,
			Business:      c.Impact.Business,
			Communication: c.Impact.Communication,
		},
		RootCause:    RootCause{Summary: c.RootCause.Summary, Whys: clone(c.RootCause.Whys)},
		Implications: Implications{Security: c.Implications.Security, Other: c.Implications.Other},
		Lessons:      clone(c.Lessons),
	}
	if n := c.Impact.CustomersAffected; n != nil {
		s.Impact.CustomersAffected = strconv.FormatInt(*n, 10)
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
		})
	}
	return s
}

// COE converts the state to a COE, checking every value. The error lists
// every bad field by name and value, one a line.
//
// Comma-separated lists are split and trimmed, empty names dropped. Texts
// lose the spaces at their line ends and their trailing blank lines, and
// CRLF becomes LF. Empty list items (a timeline entry with nothing in it, an
// empty lesson) are dropped.
func (s *State) COE() (*coe.COE, error) {
	var p problems
	c := &coe.COE{
		Version:    s.Version,
		ID:         strings.TrimSpace(s.ID),
		Title:      strings.TrimSpace(s.Title),
		Status:     strings.TrimSpace(s.Status),
		Severity:   strings.TrimSpace(s.Severity),
		Authors:    splitList(s.Authors),
		Reviewers:  splitList(s.Reviewers),
		ApprovedBy: strings.TrimSpace(s.ApprovedBy),
		ApprovedAt: p.timestamp("approved_at", s.ApprovedAt),
		Tags:       splitList(s.Tags),
		Services:   splitList(s.Services),
		Related:    splitList(s.Related),
		Incident: coe.Incident{
			StartedAt:   p.timestamp("incident started_at", s.StartedAt),
			DetectedAt:  p.timestamp("incident detected_at", s.DetectedAt),
			MitigatedAt: p.timestamp("incident mitigated_at", s.MitigatedAt),
			ResolvedAt:  p.timestamp("incident resolved_at", s.ResolvedAt),
		},
		WhatHappened: cleanText(s.WhatHappened),
		Impact: coe.Impact{
			Customers:         cleanText(s.Impact.Customers),
			Business:          cleanText(s.Impact.Business),
			CustomersAffected: p.count("impact customers_affected", s.Impact.CustomersAffected),
			Communication:     cleanText(s.Impact.Communication),
		},
		RootCause: coe.RootCause{
			Summary: cleanText(s.RootCause.Summary),
			Whys:    cleanTexts(s.RootCause.Whys),
		},
		Implications: coe.Implications{
			Security: cleanText(s.Implications.Security),
			Other:    cleanText(s.Implications.Other),
		},
		Lessons: cleanTexts(s.Lessons),
	}
	p.required("title", c.Title)
	p.required("severity", c.Severity)
	p.oneOf("status", c.Status, coe.Statuses, false)
	for _, r := range c.Related {
		if !coe.ValidID(r) {
			p.addf("related: invalid COE id %q; expected YYYY-MM-DD-slug, like 2024-01-28-speaker-groups-stopped-playing", r)
		}
	}
	for i, e := range s.Timeline {
		if e.empty() {
			continue
		}
		c.Timeline = append(c.Timeline, coe.TimelineEntry{
			At:    p.timestamp(fmt.Sprintf("timeline entry %d at", i+1), e.At),
			Event: cleanText(e.Event),
		})
	}
	for i, d := range s.SupportingData {
		if d.empty() {
			continue
		}
		c.SupportingData = append(c.SupportingData, coe.SupportingData{
			Title: cleanText(d.Title),
			Link:  p.link(fmt.Sprintf("supporting data %d link", i+1), d.Link),
			Note:  cleanText(d.Note),
		})
	}
	for i, a := range s.CorrectiveActions {
		if a.empty() {
			continue
		}
		c.CorrectiveActions = append(c.CorrectiveActions, p.action(i, a))
	}
	return c, p.err()
}

// action converts one corrective action; i is its index in the state.
func (p *problems) action(i int, a Action) coe.CorrectiveAction {
	name := fmt.Sprintf("corrective action %d", i+1)
	if id := strings.TrimSpace(a.ID); id != "" {
		name = "corrective action " + id
	}
	ca := coe.CorrectiveAction{
		ID:       strings.TrimSpace(a.ID),
		Action:   cleanText(a.Action),
		Owner:    strings.TrimSpace(a.Owner),
		Due:      p.date(name+" due", a.Due),
		Priority: strings.TrimSpace(a.Priority),
		Status:   strings.TrimSpace(a.Status),
		DoneAt:   p.date(name+" done_at", a.DoneAt),
		Tracker:  strings.TrimSpace(a.Tracker),
	}
	p.required(name+" owner", ca.Owner)
	p.oneOf(name+" priority", ca.Priority, coe.Priorities, true)
	p.oneOf(name+" status", ca.Status, coe.ActionStatuses, true)
	if err := coe.CheckTracker(ca.Tracker); err != nil {
		p.addf("%s tracker: invalid tracker %q: %v", name, ca.Tracker, err)
	}
	return ca
}

func (e TimelineEntry) empty() bool { return blank(e.At) && blank(e.Event) }

func (d SupportingData) empty() bool { return blank(d.Title) && blank(d.Link) && blank(d.Note) }

// empty reports whether the action holds nothing the user typed: the id,
// priority and status a new action starts with do not count.
func (a Action) empty() bool {
	return blank(a.Action) && blank(a.Owner) && blank(a.Due) && blank(a.DoneAt) && blank(a.Tracker)
}

// problems collects the bad values found while converting.
type problems []error

func (p *problems) addf(format string, args ...any) {
	*p = append(*p, fmt.Errorf(format, args...))
}

func (p problems) err() error { return errors.Join(p...) }

func (p *problems) timestamp(name, s string) time.Time {
	t, err := parseTimestamp(s)
	if err != nil {
		p.addf("%s: %v", name, err)
	}
	return t
}

func (p *problems) date(name, s string) coe.Date {
	d, err := parseDate(s)
	if err != nil {
		p.addf("%s: %v", name, err)
	}
	return d
}

func (p *problems) count(name, s string) *int64 {
	n, err := parseCount(s)
	if err != nil {
		p.addf("%s: %v", name, err)
	}
	return n
}

func (p *problems) link(name, s string) string {
	s = strings.TrimSpace(s)
	if err := checkLink(s); err != nil {
		p.addf("%s: %v", name, err)
	}
	return s
}

func (p *problems) required(name, s string) {
	if s == "" {
		p.addf("%s is empty; expected a value", name)
	}
}

// oneOf checks that s is one of allowed (or empty when optional).
func (p *problems) oneOf(name, s string, allowed []string, optional bool) {
	if s == "" && optional {
		return
	}
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	p.addf("%s: invalid value %q; expected one of %s", name, s, quoteList(allowed))
}

// parseTimestamp parses an optional RFC 3339 timestamp; blank is zero.
func parseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	return coe.ParseTime(s)
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

// cleanTexts cleans each text and drops the empty ones; nil when none is
// left.
func cleanTexts(l []string) []string {
	var out []string
	for _, s := range l {
		if s = cleanText(s); s != "" {
			out = append(out, s)
		}
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
