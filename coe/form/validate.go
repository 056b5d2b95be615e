package form

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// The checks of the form fields. Each takes the text as typed and returns
// an error the form shows under the field; they share their parsing with
// State.COE, so what a field accepts converts.

// required refuses a blank value with msg.
func required(msg string) func(string) error {
	return func(s string) error {
		if blank(s) {
			return errors.New(msg)
		}
		return nil
	}
}

// all runs checks in order and returns the first error.
func all(checks ...func(string) error) func(string) error {
	return func(s string) error {
		for _, c := range checks {
			if err := c(s); err != nil {
				return err
			}
		}
		return nil
	}
}

// checkTime checks an optional time as people write it: local forms in the
// repository's time zone, a time of day alone on day() (none when zero).
func (b *builder) checkTime(day func() coe.Date) func(string) error {
	return func(s string) error {
		_, err := parseTimestamp(s, b.loc(), day())
		return err
	}
}

// normTime gives a time as people write it as it is stored: RFC 3339 with
// the offset it had (see field.norm).
func (b *builder) normTime(day func() coe.Date) func(string) (string, bool) {
	return func(s string) (string, bool) {
		t, err := parseTimestamp(s, b.loc(), day())
		if err != nil || t.IsZero() {
			return s, false
		}
		return coe.FormatTime(t), true
	}
}

// startDay is the incident's start date in s, for a time of day alone.
func (b *builder) startDay(s *State) func() coe.Date {
	return func() coe.Date { return startDay(s.StartedAt, b.loc()) }
}

// noDay is for the start itself: a time of day alone has no date to go on.
func noDay() coe.Date { return coe.Date{} }

func checkDate(s string) error {
	_, err := parseDate(s)
	return err
}

func checkCount(s string) error {
	_, err := parseCount(s)
	return err
}

func checkTracker(s string) error {
	s = strings.TrimSpace(s)
	if err := coe.CheckTracker(s); err != nil {
		return fmt.Errorf("invalid tracker %q: %v", s, err)
	}
	return nil
}

func checkLinkField(s string) error { return checkLink(strings.TrimSpace(s)) }

func checkRelated(s string) error {
	for _, id := range splitList(s) {
		if !coe.ValidID(id) {
			return fmt.Errorf("invalid COE id %q; expected YYYY-MM-DD-slug, like 2024-01-28-speaker-groups-stopped-playing", id)
		}
	}
	return nil
}

// incidentNames are the names of the four incident times, in order.
var incidentNames = [4]string{"started_at", "detected_at", "mitigated_at", "resolved_at"}

// incidentTimes points at the four incident times of s, in order.
func (s *State) incidentTimes() [4]*string {
	return [4]*string{&s.StartedAt, &s.DetectedAt, &s.MitigatedAt, &s.ResolvedAt}
}

// checkIncidentTime checks the i-th incident time: optional, as people
// write it (a time of day alone on the start date, except for the start),
// and not before any earlier time that is set.
func (b *builder) checkIncidentTime(s *State, i int) func(string) error {
	times := s.incidentTimes()
	dayOf := func(j int) coe.Date {
		if j == 0 {
			return coe.Date{}
		}
		return startDay(s.StartedAt, b.loc())
	}
	return func(v string) error {
		t, err := parseTimestamp(v, b.loc(), dayOf(i))
		if err != nil || t.IsZero() {
			return err
		}
		for j := i - 1; j >= 0; j-- {
			prev, err := parseTimestamp(*times[j], b.loc(), dayOf(j))
			if err != nil || prev.IsZero() {
				continue
			}
			if t.Before(prev) {
				return fmt.Errorf("%s %s is before %s %s; expected started ≤ detected ≤ mitigated ≤ resolved",
					incidentNames[i], strings.TrimSpace(v), incidentNames[j], strings.TrimSpace(*times[j]))
			}
		}
		return nil
	}
}

// checkOwner requires an owner and, when the roster is not empty, one of
// its names, suggesting the nearest ones.
func checkOwner(roster []string) func(string) error {
	return func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return errors.New("an owner is required: every corrective action has one (a handle or e-mail)")
		}
		if len(roster) == 0 || slices.Contains(roster, s) {
			return nil
		}
		if near := coe.Nearest(s, roster, 3); len(near) > 0 {
			return fmt.Errorf("owner %q is not in the roster; did you mean %s?", s, orList(near))
		}
		return fmt.Errorf("owner %q is not in the roster (owners in .coe.yaml); expected one of %s", s, quoteList(roster))
	}
}

// checkDue requires a valid due date.
func checkDue(s string) error {
	if blank(s) {
		return errors.New("a due date is required, as YYYY-MM-DD")
	}
	return checkDate(s)
}

// confirmPastDue is the due date's check in a form: a valid date, and one
// in the past (before today) only once confirmed by pressing enter again
// on it. A date the action had already (orig) needs no confirm.
func confirmPastDue(orig string, today func() coe.Date) func(string) error {
	confirmed := ""
	return func(s string) error {
		if err := checkDue(s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		d, _ := parseDate(s)
		if s == strings.TrimSpace(orig) || s == confirmed || d.Compare(today()) >= 0 {
			return nil
		}
		confirmed = s
		return fmt.Errorf("%s is in the past (today is %s); press enter again to keep it, or change it", s, today())
	}
}

// checkDoneAt requires a valid date when the action is done.
func checkDoneAt(status *string) func(string) error {
	return func(s string) error {
		if blank(s) && *status == coe.ActionDone {
			return errors.New("a done action needs the date it was done, as YYYY-MM-DD")
		}
		return checkDate(s)
	}
}

// orList formats names as "a", "b" or "c".
func orList(names []string) string {
	q := strings.Split(quoteList(names), ", ")
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Checks of whole items, for the menus that list them: an item left half
// done (by an interrupted form) must be fixed before moving on.

func (b *builder) checkTimelineEntry(s *State) func(e TimelineEntry) error {
	return func(e TimelineEntry) error {
		if blank(e.At) {
			return errors.New("the time is missing")
		}
		if err := b.checkTime(b.startDay(s))(e.At); err != nil {
			return err
		}
		if blank(e.Event) {
			return errors.New("the event is missing")
		}
		return nil
	}
}

func checkSupportingData(d SupportingData) error {
	if blank(d.Title) {
		return errors.New("the title is missing")
	}
	return checkLinkField(d.Link)
}

func checkText(s string) error {
	if blank(s) {
		return errors.New("it is empty")
	}
	return nil
}

func checkAction(roster []string) func(a Action) error {
	return func(a Action) error {
		if blank(a.Action) {
			return errors.New("the action is missing")
		}
		for _, err := range []error{checkOwner(roster)(a.Owner), checkDue(a.Due), checkDoneAt(&a.Status)(a.DoneAt), checkTracker(a.Tracker)} {
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// missingForReview lists what the spec requires of a COE in review that s
// does not have yet.
func missingForReview(s *State) []string {
	var miss []string
	add := func(cond bool, what string) {
		if cond {
			miss = append(miss, what)
		}
	}
	add(blank(s.StartedAt), "when the incident started (started_at)")
	add(blank(s.WhatHappened), "question 1: what happened")
	add(blank(s.Impact.Customers) && blank(s.Impact.Business), "question 2: the impact on customers or the business")
	add(blank(s.RootCause.Summary), "question 3: the root cause summary")
	add(count(s.SupportingData, SupportingData.empty) == 0, "question 4: at least one item of supporting data")
	add(blank(s.Implications.Security), "question 5: the security implications")
	add(count(s.Lessons, blank) == 0, "question 6: at least one lesson")
	add(count(s.CorrectiveActions, Action.empty) == 0, "question 7: at least one corrective action")
	for i, a := range s.CorrectiveActions {
		if !a.empty() && (blank(a.Owner) || blank(a.Due)) {
			miss = append(miss, fmt.Sprintf("an owner and a due date for corrective action %s", actionName(i, a)))
		}
	}
	return miss
}

// checkStatus checks that s meets what status demands.
func checkStatus(s *State) func(string) error {
	return func(status string) error {
		if !slices.Contains(coe.Statuses(), status) {
			return fmt.Errorf("invalid status %q; expected one of %s", status, quoteList(coe.Statuses()))
		}
		if status == coe.StatusDraft {
			return nil
		}
		if miss := missingForReview(s); len(miss) > 0 {
			return fmt.Errorf("not ready for %s yet; still missing: %s. Keep it as a draft for now", status, strings.Join(miss, "; "))
		}
		if (status == coe.StatusApproved || status == coe.StatusClosed) && (blank(s.ApprovedBy) || blank(s.ApprovedAt)) {
			return fmt.Errorf("%s needs approved_by and approved_at, which the review workflow sets: save as review, then have a reviewer run coe approve %s", status, orPlaceholder(s.ID, "ID"))
		}
		if status == coe.StatusClosed {
			for i, a := range s.CorrectiveActions {
				if a.empty() || a.Status == coe.ActionWontDo || a.Status == coe.ActionDone && !blank(a.DoneAt) {
					continue
				}
				return fmt.Errorf("closed needs every corrective action done (with done_at) or wont-do; %s is %s", actionName(i, a), cmp.Or(a.Status, "open"))
			}
		}
		return nil
	}
}

func actionName(i int, a Action) string {
	if !blank(a.ID) {
		return strings.TrimSpace(a.ID)
	}
	return fmt.Sprintf("#%d", i+1)
}

// count counts the items that are not empty.
func count[T any](items []T, empty func(T) bool) int {
	n := 0
	for _, it := range items {
		if !empty(it) {
			n++
		}
	}
	return n
}

// orPlaceholder is s, or placeholder when s is blank.
func orPlaceholder(s, placeholder string) string {
	if strings.TrimSpace(s) == "" {
		return placeholder
	}
	return s
}
