// Package coe is the library behind the coe command: the Correction-of-Error
// (COE) model of the file format (../shared/spec/coe-format.md, version 1),
// strict reading that keeps positions, writing (new files in a fixed layout,
// existing files edited in place so comments and formatting survive), atomic
// file replacement, and the COE repository (.coe.yaml and its folder of COEs).
//
// The package has no terminal, no flags and no global state.
package coe

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// FormatVersion is the version of the file format this package reads and writes.
const FormatVersion = 1

// Statuses of a COE, in workflow order.
const (
	StatusDraft    = "draft"
	StatusReview   = "review"
	StatusApproved = "approved"
	StatusClosed   = "closed"
)

var statuses = []string{StatusDraft, StatusReview, StatusApproved, StatusClosed}

// Statuses lists the COE statuses in workflow order. It returns a copy, as
// every list of the format does (ActionStatuses, KeysCOE, Questions, ...):
// a caller cannot change the format through it.
func Statuses() []string { return slices.Clone(statuses) }

// Corrective action statuses.
const (
	ActionOpen       = "open"
	ActionInProgress = "in-progress"
	ActionDone       = "done"
	ActionWontDo     = "wont-do"
)

var (
	actionStatuses    = []string{ActionOpen, ActionInProgress, ActionDone, ActionWontDo}
	priorities        = []string{"high", "medium", "low"}
	defaultSeverities = []string{"sev1", "sev2", "sev3", "sev4"}
)

// ActionStatuses lists the statuses of a corrective action.
func ActionStatuses() []string { return slices.Clone(actionStatuses) }

// Priorities lists the priorities of a corrective action, highest first.
func Priorities() []string { return slices.Clone(priorities) }

// DefaultSeverities is the severity list used when the config names none.
func DefaultSeverities() []string { return slices.Clone(defaultSeverities) }

// Question is one of the seven COE questions.
type Question struct {
	Number int
	Text   string
	// Hint says in one line what a good answer holds.
	Hint string
	// Key is the top-level field that holds the answer.
	Key string
}

// Questions are the seven COE questions in the spec's order and wording.
func Questions() [7]Question { return questions }

var questions = [7]Question{
	{1, "What happened?", "The story in order, from the customers' side first: what they saw, when, and what the team did.", "what_happened"},
	{2, "What was the impact on customers and your business?", "In customer terms and numbers: who, how many, for how long, what it cost them and you.", "impact"},
	{3, "What was the root cause?", "A chain of whys down to a process or system cause, never a person.", "root_cause"},
	{4, "What data do you have to support this?", "Graphs, logs, tickets and queries that show the cause and the impact, with links.", "supporting_data"},
	{5, "What were the critical implications, especially security?", "Answer security explicitly, even when the answer is \"None: <why>\"; then data, privacy, legal and trust.", "implications"},
	{6, "What lessons did you learn?", "One lesson an item: what you would do differently, not who was wrong.", "lessons"},
	{7, "What corrective actions are you taking to prevent this from happening again?", "Each action specific and checkable, with an owner and a due date.", "corrective_actions"},
}

// COE is one Correction-of-Error document.
//
// Empty strings, nil slices and zero times mean "not set". Markdown fields
// hold CommonMark + GFM text as written.
type COE struct {
	Version   int
	ID        string
	Title     string
	Status    string
	Severity  string
	Authors   []string
	Reviewers []string
	// SubmittedAt is when the COE went from draft to review (coe submit).
	SubmittedAt time.Time
	ApprovedBy  string
	ApprovedAt  time.Time
	// ClosedAt is when the COE was closed (coe close).
	ClosedAt time.Time
	// Reopened records each time an approved or closed COE went back to
	// review (coe reopen), oldest first.
	Reopened []Reopening
	Tags     []string
	Services []string

	Incident Incident

	// 1. What happened?
	WhatHappened string
	Timeline     []TimelineEntry
	// 2. What was the impact on customers and your business?
	Impact Impact
	// 3. What was the root cause?
	RootCause RootCause
	// ContributingFactors name the conditions beyond the root cause that
	// let the failure happen or made it worse (config-change,
	// missing-alerting, ...): the names of the config's factors taxonomy
	// when it has one. Counted across COEs, they say why failures recur.
	ContributingFactors []string
	// 4. What data do you have to support this?
	SupportingData []SupportingData
	// 5. What were the critical implications, especially security?
	Implications Implications
	// 6. What lessons did you learn?
	Lessons []string
	// 7. What corrective actions are you taking to prevent this from happening again?
	CorrectiveActions []CorrectiveAction

	// Public is the customers' version of the COE, for a public
	// postmortem; nil when the COE has none.
	Public *Public

	Related []string
}

// Public is the version of a COE written for customers: what happened,
// who was affected, what changes and an apology, in their words. It is
// published as it is written, so it must hold nothing internal. Every
// text but Title is Markdown.
type Public struct {
	// Title is the public page's title; empty means the COE's own title
	// (see COE.PublicTitle).
	Title string
	// Summary says what happened, in the customer's words.
	Summary string
	// Impact says who was affected, how and for how long.
	Impact string
	// Changes says what is being changed so it does not happen again.
	Changes string
	// Apology is the apology, or another message to customers.
	Apology string
	// PublishedAt is when the public version was published; zero when not
	// yet.
	PublishedAt time.Time
}

// IsZero reports whether p holds nothing: the reader gives such a section
// as nil, and the writer leaves it out.
func (p *Public) IsZero() bool {
	return p == nil || *p == Public{}
}

// PublicTitle is the title of the public version: public.title, else the
// COE's title. It is "" only when both are empty.
func (c *COE) PublicTitle() string {
	if c.Public != nil && c.Public.Title != "" {
		return c.Public.Title
	}
	return c.Title
}

// Reopening is one return of an approved or closed COE to review: when,
// by whom, and why (the failure came back, the fix did not hold, ...).
type Reopening struct {
	At     time.Time
	By     string
	Reason string
}

// Incident holds the incident's times. Zero means not set.
type Incident struct {
	StartedAt   time.Time
	DetectedAt  time.Time
	MitigatedAt time.Time
	ResolvedAt  time.Time
}

// Times returns the four times in order: started, detected, mitigated,
// resolved.
func (in *Incident) Times() [4]time.Time {
	return [4]time.Time{in.StartedAt, in.DetectedAt, in.MitigatedAt, in.ResolvedAt}
}

// TimelineEntry is one moment of the incident.
type TimelineEntry struct {
	At    time.Time
	Event string
}

// Impact answers question 2.
type Impact struct {
	Customers string
	Business  string
	// CustomersAffected is nil when not given.
	CustomersAffected *int64
	Communication     string
}

// RootCause answers question 3.
type RootCause struct {
	Summary string
	Whys    []string
}

// SupportingData is one item of evidence for question 4.
type SupportingData struct {
	Title string
	Link  string
	Note  string
}

// Implications answers question 5.
type Implications struct {
	Security string
	Other    string
}

// CorrectiveAction is one item of question 7.
type CorrectiveAction struct {
	ID       string
	Action   string
	Owner    string
	Due      Date
	Priority string
	Status   string
	DoneAt   Date
	Tracker  string
	// Note says what the status does not: why an action is wont-do, what
	// is left, where it stands.
	Note string
	// Evidence lists what shows the action done: commit ids (hex) and
	// http(s) URLs.
	Evidence []string
}

// Open reports whether the action is still to be done (open or in progress).
func (a *CorrectiveAction) Open() bool {
	return a.Status == "" || a.Status == ActionOpen || a.Status == ActionInProgress
}

// OpenActions counts the corrective actions that are open or in progress.
func (c *COE) OpenActions() int {
	n := 0
	for i := range c.CorrectiveActions {
		if c.CorrectiveActions[i].Open() {
			n++
		}
	}
	return n
}

// NextActionID returns the next free corrective action id, CA-<n>.
func (c *COE) NextActionID() string {
	max := 0
	for _, a := range c.CorrectiveActions {
		var n int
		if _, err := fmt.Sscanf(a.ID, "CA-%d", &n); err == nil && n > max {
			max = n
		}
	}
	return fmt.Sprintf("CA-%d", max+1)
}

// ActionOrder compares corrective actions listed across COEs, for sorting:
// by due date (actions without one last), then by COE id, then by number
// (CA-2 before CA-10; ids not of the CA-<n> form after those that are, by
// text).
func ActionOrder(dueA Date, coeA, idA string, dueB Date, coeB, idB string) int {
	switch {
	case dueA.IsZero() != dueB.IsZero():
		if dueA.IsZero() {
			return 1
		}
		return -1
	case dueA != dueB:
		return dueA.Compare(dueB)
	case coeA != coeB:
		return strings.Compare(coeA, coeB)
	}
	na, okA := actionNumber(idA)
	nb, okB := actionNumber(idB)
	switch {
	case okA && okB && na != nb:
		return cmpInt(na, nb)
	case okA != okB:
		if okA {
			return -1
		}
		return 1
	}
	return strings.Compare(idA, idB)
}

// actionNumber is n of an id "CA-<n>".
func actionNumber(id string) (int, bool) {
	digits, ok := strings.CutPrefix(id, "CA-")
	if !ok || digits == "" || len(digits) > 9 {
		return 0, false
	}
	n := 0
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// Date is a calendar date (YYYY-MM-DD) without a time or zone.
// The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is the format of a Date.
const DateLayout = "2006-01-02"

// ParseDate parses YYYY-MM-DD, rejecting dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil || len(s) != len(DateLayout) {
		return Date{}, fmt.Errorf("invalid date %q; expected YYYY-MM-DD, like 2024-02-15", s)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	// A build formats a date for each COE and each action: without fmt.
	y, m := d.Year, int(d.Month)
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
}

// DaysTo is the number of days from d to e: negative when e comes first.
func (d Date) DaysTo(e Date) int {
	a := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	b := time.Date(e.Year, e.Month, e.Day, 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TimeLayout is the layout of timestamps: RFC 3339 with an offset.
const TimeLayout = time.RFC3339

// ParseTime parses an RFC 3339 timestamp with an offset (Z or ±hh:mm).
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid timestamp %q; expected RFC 3339 with an offset, like 2024-01-28T19:05:00-06:00 or 2024-01-29T01:05:00Z", s)
	}
	return t, nil
}

// FormatTime formats t as RFC 3339 in its own offset, with fractional seconds
// only when present. A zero t formats as "".
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}
