package stats

import (
	"fmt"
	"sort"
	"time"

	"github.com/coe-cli/coe/coe"
)

// Series is what the site's insights charts draw, beside the Report's
// figures: COEs per month by severity, each COE's time to detect and to
// resolve by severity, corrective actions opened and done per month, and
// open actions by age. Months run without gaps (a month with no COE is
// there, with zeros), the last MaxMonths of them at most.
type Series struct {
	// Severities is the order of the severities (the config's, worst
	// first, then others by name), as Report.Severities.
	Severities []string

	// Months are the months from the first COE's to the last one's or
	// AsOf's, whichever is later, at most the last MaxMonths of them.
	Months []MonthBar
	// MonthsCut counts the months before Months[0] that were left out,
	// and COEsCut the COEs that started in them.
	MonthsCut, COEsCut int
	// Undated counts the COEs without an incident start (in no month).
	Undated int

	// Detect and Resolve are the times from the incident's start, one
	// group per severity of Severities (in its order) that has COEs.
	Detect, Resolve []SeverityPoints

	// ActionMonths are the months from the first action opened or done
	// to the last one or AsOf, at most the last MaxMonths.
	ActionMonths []ActionMonth
	// ActionMonthsCut counts the months left out before ActionMonths[0];
	// OpenedCut and DoneCut what was opened and done in them.
	ActionMonthsCut, OpenedCut, DoneCut int
	// OpenedUndated counts actions whose COE has neither submitted_at
	// nor an incident start; DoneUndated done actions without done_at.
	OpenedUndated, DoneUndated int

	// Ages are the open actions by age (from their COE's submitted_at,
	// else its incident start, to AsOf), split overdue or not;
	// AgeMissing counts the open actions of COEs with neither date.
	Ages       []AgeBucket
	AgeMissing int
}

// MaxMonths is how many months the month series keep: three years, which
// fit a chart's width with a bar each still readable.
const MaxMonths = 36

// MonthBar is one month of COEs.
type MonthBar struct {
	Month string // YYYY-MM
	COEs  int
	// BySeverity counts the month's COEs of each of Series.Severities,
	// in its order.
	BySeverity []int
}

// Point is one COE's time, in minutes.
type Point struct {
	ID      string
	Minutes float64
}

// SeverityPoints are the times of one severity's COEs.
type SeverityPoints struct {
	Severity string
	// Points are the COEs with the time, shortest first (then by id).
	Points []Point
	// Missing counts the COEs of the severity without the time.
	Missing int
	// Median is the median of Points' minutes, nil when there are none.
	Median *float64
}

// ActionMonth counts the corrective actions opened and done in a month.
type ActionMonth struct {
	Month  string // YYYY-MM
	Opened int
	Done   int
}

// AgeBucket counts open actions of an age: at least MinDays old and, when
// MaxDays is not zero, younger than MaxDays.
type AgeBucket struct {
	Label            string
	MinDays, MaxDays int
	Overdue, NotDue  int
}

// ageBuckets are the ages open actions are counted in.
var ageBuckets = []AgeBucket{
	{Label: "under 30 days", MinDays: 0, MaxDays: 30},
	{Label: "30 to 90 days", MinDays: 30, MaxDays: 90},
	{Label: "90 to 180 days", MinDays: 90, MaxDays: 180},
	{Label: "over 180 days", MinDays: 180},
}

// ComputeSeries computes the series of the entries o.Filter keeps, as of
// o.AsOf, with the severities in the order of o.Severities. It is linear
// in the entries and their actions (and the months it keeps, at most
// MaxMonths), and keeps no reference to entries but their ids.
func ComputeSeries(entries []Entry, o Options) Series {
	var s Series
	kept := make([]*Entry, 0, len(entries))
	seen := map[string]int{}
	for i := range entries {
		if ok, _ := o.Filter.keep(&entries[i]); ok {
			kept = append(kept, &entries[i])
			seen[entries[i].Severity]++
		}
	}
	s.Severities = orderSeverities(o.Severities, seen)
	sevIndex := make(map[string]int, len(s.Severities))
	for i, sv := range s.Severities {
		sevIndex[sv] = i
	}
	asOf := -1
	if !o.AsOf.IsZero() {
		asOf = monthIndex(o.AsOf.Year, o.AsOf.Month)
	}

	// COEs per month.
	coeMonths := newMonthCounter(asOf)
	for _, e := range kept {
		if e.Started.IsZero() {
			s.Undated++
			continue
		}
		coeMonths.see(monthOfTime(e.Started))
	}
	first, last := coeMonths.span(MaxMonths)
	if first <= last {
		s.Months = make([]MonthBar, last-first+1)
		for i := range s.Months {
			s.Months[i] = MonthBar{Month: monthName(first + i), BySeverity: make([]int, len(s.Severities))}
		}
		s.MonthsCut = max(0, first-coeMonths.min)
	}
	for _, e := range kept {
		if e.Started.IsZero() {
			continue
		}
		m := monthOfTime(e.Started)
		if m < first {
			s.COEsCut++
			continue
		}
		b := &s.Months[m-first]
		b.COEs++
		b.BySeverity[sevIndex[e.Severity]]++
	}

	// Times per severity.
	s.Detect = make([]SeverityPoints, len(s.Severities))
	s.Resolve = make([]SeverityPoints, len(s.Severities))
	for i, sv := range s.Severities {
		s.Detect[i].Severity, s.Resolve[i].Severity = sv, sv
	}
	for _, e := range kept {
		i := sevIndex[e.Severity]
		s.Detect[i].add(e.ID, e.Started, e.Detected)
		s.Resolve[i].add(e.ID, e.Started, e.Resolved)
	}
	for i := range s.Severities {
		s.Detect[i].finish()
		s.Resolve[i].finish()
	}

	// Actions opened and done per month, and open ones by age.
	actMonths := newMonthCounter(asOf)
	for _, e := range kept {
		from := opened(e)
		for _, a := range e.Actions {
			if !from.IsZero() {
				actMonths.see(monthOfTime(from))
			}
			if a.Status == coe.ActionDone && !a.DoneAt.IsZero() {
				actMonths.see(monthIndex(a.DoneAt.Year, a.DoneAt.Month))
			}
		}
	}
	first, last = actMonths.span(MaxMonths)
	if first <= last {
		s.ActionMonths = make([]ActionMonth, last-first+1)
		for i := range s.ActionMonths {
			s.ActionMonths[i].Month = monthName(first + i)
		}
		s.ActionMonthsCut = max(0, first-actMonths.min)
	}
	s.Ages = append([]AgeBucket(nil), ageBuckets...)
	for _, e := range kept {
		from := opened(e)
		for _, a := range e.Actions {
			if from.IsZero() {
				s.OpenedUndated++
			} else if m := monthOfTime(from); m < first {
				s.OpenedCut++
			} else {
				s.ActionMonths[m-first].Opened++
			}
			switch a.Status {
			case coe.ActionDone:
				if a.DoneAt.IsZero() {
					s.DoneUndated++
				} else if m := monthIndex(a.DoneAt.Year, a.DoneAt.Month); m < first {
					s.DoneCut++
				} else {
					s.ActionMonths[m-first].Done++
				}
			case coe.ActionWontDo:
			default: // open, in progress, or no status: still to do
				if from.IsZero() {
					s.AgeMissing++
					continue
				}
				age := max(0, coe.DateOf(from).DaysTo(o.AsOf))
				b := &s.Ages[len(s.Ages)-1]
				for j := range s.Ages {
					if age < s.Ages[j].MaxDays {
						b = &s.Ages[j]
						break
					}
				}
				if !a.Due.IsZero() && a.Due.Compare(o.AsOf) < 0 {
					b.Overdue++
				} else {
					b.NotDue++
				}
			}
		}
	}
	return s
}

func (p *SeverityPoints) add(id string, from, to time.Time) {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		p.Missing++
		return
	}
	p.Points = append(p.Points, Point{ID: id, Minutes: float64(to.Sub(from)) / float64(time.Minute)})
}

func (p *SeverityPoints) finish() {
	sort.Slice(p.Points, func(i, j int) bool {
		if p.Points[i].Minutes != p.Points[j].Minutes {
			return p.Points[i].Minutes < p.Points[j].Minutes
		}
		return p.Points[i].ID < p.Points[j].ID
	})
	if n := len(p.Points); n > 0 {
		m := p.Points[n/2].Minutes
		if n%2 == 0 {
			m = (p.Points[n/2-1].Minutes + m) / 2
		}
		p.Median = ptr(m)
	}
}

// monthCounter finds the span of months seen, and of them and AsOf's.
type monthCounter struct {
	min, max int
	any      bool
	asOf     int // -1 when not set
}

func newMonthCounter(asOf int) *monthCounter { return &monthCounter{asOf: asOf} }

func (c *monthCounter) see(m int) {
	if !c.any || m < c.min {
		c.min = m
	}
	if !c.any || m > c.max {
		c.max = m
	}
	c.any = true
}

// span is the months to show: from the first seen to the last seen or
// AsOf's, whichever is later, the last n of them; first > last when none
// was seen.
func (c *monthCounter) span(n int) (first, last int) {
	if !c.any {
		return 0, -1
	}
	last = max(c.max, c.asOf)
	first = max(c.min, last-n+1)
	return first, last
}

// monthIndex numbers months: January of year 0 is 0.
func monthIndex(year int, month time.Month) int { return year*12 + int(month) - 1 }

// monthOfTime is t's month in its own offset, as monthOf names it.
func monthOfTime(t time.Time) int {
	y, m, _ := t.Date()
	return monthIndex(y, m)
}

// monthName is the YYYY-MM of a month index.
func monthName(i int) string {
	y, m := i/12, i%12
	if m < 0 {
		y, m = y-1, m+12
	}
	return fmt.Sprintf("%04d-%02d", y, m+1)
}
