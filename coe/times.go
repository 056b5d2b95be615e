package coe

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Times as people write them.
//
// A COE file holds RFC 3339 timestamps with an offset, and lint keeps it
// so. People type less: ParseTimeIn reads what they type at a flag or in a
// form and returns a time with an offset, for the file.
//
//	2026-11-30T14:02:00+01:00   RFC 3339: the offset given is kept (Z too;
//	                            seconds may be left out, a space may stand
//	                            for the T)
//	2026-11-30 14:02            a local time, in the repository's time zone
//	2026-11-30T14:02            the same
//	14:02                       a local time on the given day (the
//	                            incident's start date, or today)
//	2026-11-30                  the start of that day: local midnight, or
//	                            the first moment of the day when the clocks
//	                            skipped midnight
//
// Seconds (14:02:30) and fractions of a second (14:02:30.5) may follow the
// minutes. A local time is read in the time zone from timezone: in
// .coe.yaml (Config.Location), else the machine's. One that does not exist
// (the clocks went forward over it) or that happens twice (the clocks went
// back) is an error that says so and names the times with their offsets,
// since the file must say which moment it was.

// The shapes ParseTimeIn reads; each part is checked for range afterwards.
var (
	reDate     = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	reClock    = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$`)
	reDateTime = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[Tt]| +)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)? *([Zz]|[+-]\d{2}:\d{2})?$`)
)

// TimeError is a time ParseTimeIn could not read: the input and why.
type TimeError struct {
	Input  string
	Reason string
}

func (e *TimeError) Error() string { return e.Reason }

// ParseTimeIn reads a time as people write it (see the forms above) and
// returns it with an offset: the one given, or loc's at that moment. day
// is the date a time of day alone (14:02) falls on; the zero Date means
// there is none, and a time of day alone is then an error asking for the
// date. A nil loc is the machine's time zone.
func ParseTimeIn(s string, loc *time.Location, day Date) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	in := strings.TrimSpace(s)
	fail := func(format string, args ...any) (time.Time, error) {
		return time.Time{}, &TimeError{Input: s, Reason: fmt.Sprintf(format, args...)}
	}
	var (
		date Date
		w    wall
		off  string
		err  error
	)
	switch {
	case in == "":
		return fail("no time given; expected %s", TimeForms(!day.IsZero()))
	case reDate.MatchString(in):
		m := reDate.FindStringSubmatch(in)
		if date, err = dateOf(m[1], m[2], m[3]); err != nil {
			return fail("invalid time %q: %v", s, err)
		}
		t := startOfDay(date, loc)
		if _, off := t.Zone(); off%60 != 0 {
			return fail("time %q is before %s had a standard time (its offset then was %s); expected it with an offset, like %sT00:00:00Z",
				s, zoneName(loc), t.Format("-07:00:00"), date)
		}
		return t, nil
	case reClock.MatchString(in):
		m := reClock.FindStringSubmatch(in)
		if w, err = clockOf(m[1], m[2], m[3], m[4]); err != nil {
			return fail("invalid time %q: %v", s, err)
		}
		if day.IsZero() {
			return fail("time %q has no date; expected the date with it, like 2026-11-30 %s", s, in)
		}
		date = day
	case reDateTime.MatchString(in):
		m := reDateTime.FindStringSubmatch(in)
		if date, err = dateOf(m[1], m[2], m[3]); err != nil {
			return fail("invalid time %q: %v", s, err)
		}
		if w, err = clockOf(m[4], m[5], m[6], m[7]); err != nil {
			return fail("invalid time %q: %v", s, err)
		}
		off = m[8]
	default:
		return fail("invalid time %q; expected %s", s, TimeForms(!day.IsZero()))
	}
	if off != "" {
		zone, err := fixedZone(off)
		if err != nil {
			return fail("invalid time %q: %v", s, err)
		}
		return time.Date(date.Year, date.Month, date.Day, w.hour, w.min, w.sec, w.nsec, zone), nil
	}
	t, err := localTime(date, w, loc)
	if err != nil {
		return fail("time %q %v", s, err)
	}
	if _, off := t.Zone(); off%60 != 0 {
		// Local mean time, before the zone had a standard offset:
		// RFC 3339 holds offsets in whole minutes.
		return fail("time %q is before %s had a standard time (its offset then was %s); expected it with an offset, like %sZ",
			s, zoneName(loc), t.Format("-07:00:00"), date.String()+"T"+w.String())
	}
	return t, nil
}

// TimeForms lists the forms ParseTimeIn reads, for messages and hints;
// withDay includes a time of day alone.
func TimeForms(withDay bool) string {
	if withDay {
		return "a time like 2026-11-30 14:02, a time of day like 14:02, a date like 2026-11-30 (its midnight), or RFC 3339 like 2026-11-30T14:02:00+01:00"
	}
	return "a time like 2026-11-30 14:02, a date like 2026-11-30 (its midnight), or RFC 3339 like 2026-11-30T14:02:00+01:00"
}

// wall is a time of day on a clock.
type wall struct{ hour, min, sec, nsec int }

func (w wall) String() string {
	s := fmt.Sprintf("%02d:%02d", w.hour, w.min)
	if w.sec != 0 || w.nsec != 0 {
		s += fmt.Sprintf(":%02d", w.sec)
	}
	if w.nsec != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%09d", w.nsec), "0")
	}
	return s
}

func dateOf(y, m, d string) (Date, error) {
	s := y + "-" + m + "-" + d
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		month, _ := strconv.Atoi(m)
		if month < 1 || month > 12 {
			return Date{}, fmt.Errorf("month %s is out of range; expected 01 to 12", m)
		}
		year, _ := strconv.Atoi(y)
		last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return Date{}, fmt.Errorf("%s %d has no day %s; expected 01 to %02d", time.Month(month), year, d, last)
	}
	return DateOf(t), nil
}

func clockOf(h, m, s, frac string) (wall, error) {
	var w wall
	w.hour, _ = strconv.Atoi(h)
	w.min, _ = strconv.Atoi(m)
	if s != "" {
		w.sec, _ = strconv.Atoi(s)
	}
	if frac != "" {
		w.nsec, _ = strconv.Atoi((frac + "000000000")[:9])
	}
	switch {
	case w.hour > 23:
		return w, fmt.Errorf("hour %s is out of range; expected 00 to 23", h)
	case w.min > 59:
		return w, fmt.Errorf("minute %s is out of range; expected 00 to 59", m)
	case w.sec > 59:
		return w, fmt.Errorf("second %s is out of range; expected 00 to 59", s)
	}
	return w, nil
}

// fixedZone reads an RFC 3339 offset: Z, or ±hh:mm.
func fixedZone(off string) (*time.Location, error) {
	if off == "Z" || off == "z" {
		return time.UTC, nil
	}
	h, _ := strconv.Atoi(off[1:3])
	m, _ := strconv.Atoi(off[4:6])
	if h > 23 || m > 59 {
		return nil, fmt.Errorf("offset %s is out of range; expected -23:59 to +23:59", off)
	}
	secs := h*3600 + m*60
	if off[0] == '-' {
		secs = -secs
	}
	if secs == 0 {
		return time.UTC, nil
	}
	return time.FixedZone("", secs), nil
}

// zoneName names loc in a message.
func zoneName(loc *time.Location) string {
	if name := loc.String(); name != "Local" {
		return name
	}
	return "this machine's time zone (set timezone: in " + ConfigName + " for another)"
}

// transition is a change of loc's offset at an instant: the clocks moved
// from before to after (seconds east of UTC).
type transition struct {
	at            time.Time
	before, after int
}

// nearby lists the moments a wall time on date may be in loc (one for
// each offset in effect within a day of it, that loc really has at that
// moment, earliest first) and the offset changes around it.
func nearby(date Date, w wall, loc *time.Location) ([]time.Time, []transition) {
	asUTC := time.Date(date.Year, date.Month, date.Day, w.hour, w.min, w.sec, w.nsec, time.UTC)
	var out []time.Time
	var changes []transition
	seen := map[int]bool{}
	// Offsets run from -12h to +14h: the moment is within 26 hours, and
	// every zone period overlapping that window is visited in order.
	t, end := asUTC.Add(-27*time.Hour), asUTC.Add(27*time.Hour)
	for range 100 { // a bound, in case of a pathological zone table
		_, off := t.In(loc).Zone()
		if !seen[off] {
			seen[off] = true
			at := asUTC.Add(-time.Duration(off) * time.Second)
			if _, o := at.In(loc).Zone(); o == off {
				out = append(out, at.In(loc))
			}
		}
		_, next := t.In(loc).ZoneBounds()
		if next.IsZero() || !next.After(t) || next.After(end) {
			break
		}
		_, after := next.In(loc).Zone()
		changes = append(changes, transition{at: next, before: off, after: after})
		t = next
	}
	for i := 1; i < len(out); i++ { // at most a few: insertion sort
		for j := i; j > 0 && out[j].Before(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, changes
}

// localTime is the moment a wall time on date is in loc, or an error when
// that time does not exist there or exists twice.
func localTime(date Date, w wall, loc *time.Location) (time.Time, error) {
	at, changes := nearby(date, w, loc)
	switch len(at) {
	case 1:
		return at[0], nil
	case 0:
		asUTC := time.Date(date.Year, date.Month, date.Day, w.hour, w.min, w.sec, w.nsec, time.UTC)
		for _, c := range changes {
			from, to := c.at.Add(time.Duration(c.before)*time.Second), c.at.Add(time.Duration(c.after)*time.Second)
			if c.after > c.before && !asUTC.Before(from.UTC()) && asUTC.Before(to.UTC()) {
				// As if the clocks had not moved yet: the same moment
				// on the clock after the change.
				meant := asUTC.Add(-time.Duration(c.before) * time.Second).In(loc)
				return time.Time{}, fmt.Errorf("does not exist in %s: on %s the clocks went forward to %s; did you mean %s (%s)?",
					zoneName(loc), from.UTC().Format("2006-01-02 at 15:04"), to.UTC().Format("15:04"), meant.Format("15:04"), FormatTime(meant))
			}
		}
		return time.Time{}, fmt.Errorf("does not exist in %s (the clocks skipped it); expected a time that does, or one with its offset", zoneName(loc))
	default:
		first, last := at[0], at[len(at)-1]
		back := ""
		for _, c := range changes {
			if c.after < c.before {
				back = fmt.Sprintf(" (on %s the clocks went back to %s)",
					c.at.Add(time.Duration(c.before)*time.Second).UTC().Format("2006-01-02 at 15:04"),
					c.at.Add(time.Duration(c.after)*time.Second).UTC().Format("15:04"))
				break
			}
		}
		return time.Time{}, fmt.Errorf("happens twice in %s%s; expected it with its offset: %s (the first time) or %s (the second)",
			zoneName(loc), back, FormatTime(first), FormatTime(last))
	}
}

// startOfDay is the first moment of date in loc: midnight, or when the
// clocks skipped midnight, the moment they jumped to.
func startOfDay(date Date, loc *time.Location) time.Time {
	at, changes := nearby(date, wall{}, loc)
	if len(at) > 0 {
		return at[0]
	}
	midnight := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, time.UTC)
	for _, c := range changes {
		if c.after > c.before {
			from, to := c.at.Add(time.Duration(c.before)*time.Second).UTC(), c.at.Add(time.Duration(c.after)*time.Second).UTC()
			if !midnight.Before(from) && midnight.Before(to) {
				return c.at.In(loc)
			}
		}
	}
	return time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, loc) // not reached with a real zone
}
