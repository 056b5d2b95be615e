package coe

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time zone %s: %v", name, err)
	}
	return loc
}

// Every form ParseTimeIn accepts, and the RFC 3339 value stored for it.
func TestParseTimeInForms(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	ny := mustZone(t, "America/New_York")
	kolkata := mustZone(t, "Asia/Kolkata")
	day := Date{2026, time.November, 30}
	cases := []struct {
		in   string
		loc  *time.Location
		day  Date
		want string
	}{
		// RFC 3339: the offset given is kept, whatever the zone.
		{"2026-11-30T14:02:00+01:00", ny, day, "2026-11-30T14:02:00+01:00"},
		{"2026-11-30T14:02:00-06:00", paris, day, "2026-11-30T14:02:00-06:00"},
		{"2026-11-30T13:02:00Z", paris, day, "2026-11-30T13:02:00Z"},
		{"2026-11-30T13:02:00+00:00", paris, day, "2026-11-30T13:02:00Z"},
		{"2026-11-30t13:02:00z", paris, day, "2026-11-30T13:02:00Z"},
		{"2026-11-30T14:02:07.25+01:00", paris, day, "2026-11-30T14:02:07.25+01:00"},
		{"2026-11-30 14:02:00+05:30", paris, day, "2026-11-30T14:02:00+05:30"},
		{"2026-11-30T14:02+01:00", paris, day, "2026-11-30T14:02:00+01:00"}, // no seconds
		{"2026-11-30 14:02 -05:00", paris, day, "2026-11-30T14:02:00-05:00"},
		// A local date and time, in the zone.
		{"2026-11-30 14:02", paris, day, "2026-11-30T14:02:00+01:00"},
		{"2026-11-30T14:02", paris, day, "2026-11-30T14:02:00+01:00"},
		{"2026-11-30 14:02", ny, day, "2026-11-30T14:02:00-05:00"},
		{"2026-11-30 14:02", kolkata, day, "2026-11-30T14:02:00+05:30"},
		{"2026-07-01 14:02", paris, day, "2026-07-01T14:02:00+02:00"}, // summer time
		{"2026-07-01 14:02", ny, day, "2026-07-01T14:02:00-04:00"},
		{"2026-11-30 14:02:09", paris, day, "2026-11-30T14:02:09+01:00"},
		{"2026-11-30 14:02:09.5", paris, day, "2026-11-30T14:02:09.5+01:00"},
		{"2026-11-30 9:05", paris, day, "2026-11-30T09:05:00+01:00"},
		{"  2026-11-30 14:02  ", paris, day, "2026-11-30T14:02:00+01:00"},
		{"2026-11-30  14:02", paris, day, "2026-11-30T14:02:00+01:00"},
		{"2026-11-30 14:02", time.UTC, day, "2026-11-30T14:02:00Z"},
		// A time of day alone, on the day given.
		{"14:02", paris, day, "2026-11-30T14:02:00+01:00"},
		{"14:02", paris, Date{2026, time.July, 1}, "2026-07-01T14:02:00+02:00"},
		{"00:00", ny, day, "2026-11-30T00:00:00-05:00"},
		{"23:59:59", ny, day, "2026-11-30T23:59:59-05:00"},
		// A date alone: its midnight.
		{"2026-11-30", paris, Date{}, "2026-11-30T00:00:00+01:00"},
		{"2026-07-01", ny, Date{}, "2026-07-01T00:00:00-04:00"},
		{"2024-02-29", time.UTC, Date{}, "2024-02-29T00:00:00Z"},
	}
	for _, tc := range cases {
		got, err := ParseTimeIn(tc.in, tc.loc, tc.day)
		if err != nil {
			t.Errorf("ParseTimeIn(%q, %s) = %v; want %s", tc.in, tc.loc, err, tc.want)
			continue
		}
		if s := FormatTime(got); s != tc.want {
			t.Errorf("ParseTimeIn(%q, %s) = %s; want %s", tc.in, tc.loc, s, tc.want)
		}
		// What is stored reads back, strictly, as the same moment: the
		// file keeps its offsets.
		back, err := ParseTime(FormatTime(got))
		if err != nil || !back.Equal(got) {
			t.Errorf("ParseTimeIn(%q): %s does not read back as RFC 3339 (%v)", tc.in, FormatTime(got), err)
		}
	}
}

// A nil location is the machine's time zone.
func TestParseTimeInLocal(t *testing.T) {
	got, err := ParseTimeIn("2026-11-30 14:02", nil, Date{})
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, time.November, 30, 14, 2, 0, 0, time.Local)
	if !got.Equal(want) {
		t.Errorf("got %s, want %s (local)", FormatTime(got), FormatTime(want))
	}
}

// Around a change of the clocks a local time may not exist (they went
// forward over it) or exist twice (they went back): each gets an answer
// that names the moments with their offsets, and the moments just around
// the change are read as the one they are.
func TestParseTimeInClockChanges(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	ny := mustZone(t, "America/New_York")
	santiago := mustZone(t, "America/Santiago")
	lordHowe := mustZone(t, "Australia/Lord_Howe")
	ok := []struct {
		in   string
		loc  *time.Location
		day  Date
		want string
	}{
		{"2026-03-29 01:59", paris, Date{}, "2026-03-29T01:59:00+01:00"},
		{"2026-03-29 03:00", paris, Date{}, "2026-03-29T03:00:00+02:00"},
		{"2026-10-25 01:59", paris, Date{}, "2026-10-25T01:59:00+02:00"},
		{"2026-10-25 03:00", paris, Date{}, "2026-10-25T03:00:00+01:00"},
		{"2026-03-29", paris, Date{}, "2026-03-29T00:00:00+01:00"},
		// With its offset, a time of the change is one moment.
		{"2026-10-25T02:30:00+01:00", paris, Date{}, "2026-10-25T02:30:00+01:00"},
		{"2026-10-25T02:30:00+02:00", paris, Date{}, "2026-10-25T02:30:00+02:00"},
		// Chile moves its clocks at midnight: the day starts at 01:00.
		{"2026-09-06", santiago, Date{}, "2026-09-06T01:00:00-03:00"},
		// ... and go back at midnight to 23:00 of the day before.
		{"2026-04-05", santiago, Date{}, "2026-04-05T00:00:00-04:00"},
		{"2026-04-05 00:30", santiago, Date{}, "2026-04-05T00:30:00-04:00"},
	}
	for _, tc := range ok {
		got, err := ParseTimeIn(tc.in, tc.loc, tc.day)
		if err != nil || FormatTime(got) != tc.want {
			t.Errorf("ParseTimeIn(%q, %s) = %s, %v; want %s", tc.in, tc.loc, FormatTime(got), err, tc.want)
		}
	}
	bad := []struct {
		in   string
		loc  *time.Location
		day  Date
		want []string
	}{
		{"2026-03-29 02:30", paris, Date{}, []string{
			`time "2026-03-29 02:30" does not exist in Europe/Paris: on 2026-03-29 at 02:00 the clocks went forward to 03:00; did you mean 03:30 (2026-03-29T03:30:00+02:00)?`}},
		{"2026-03-29 02:00", paris, Date{}, []string{`does not exist in Europe/Paris`}},
		{"02:30", paris, Date{2026, time.March, 29}, []string{`time "02:30" does not exist in Europe/Paris`}},
		{"2026-03-08 02:30", ny, Date{}, []string{
			`time "2026-03-08 02:30" does not exist in America/New_York: on 2026-03-08 at 02:00 the clocks went forward to 03:00; did you mean 03:30 (2026-03-08T03:30:00-04:00)?`}},
		{"2026-09-06 00:30", santiago, Date{}, []string{`does not exist in America/Santiago: on 2026-09-06 at 00:00 the clocks went forward to 01:00`}},
		{"2026-10-04 02:10", lordHowe, Date{}, []string{`at 02:00 the clocks went forward to 02:30; did you mean 02:40 (2026-10-04T02:40:00+11:00)?`}},
		{"2026-10-25 02:30", paris, Date{}, []string{
			`time "2026-10-25 02:30" happens twice in Europe/Paris (on 2026-10-25 at 03:00 the clocks went back to 02:00); expected it with its offset: 2026-10-25T02:30:00+02:00 (the first time) or 2026-10-25T02:30:00+01:00 (the second)`}},
		{"2026-10-25 02:00", paris, Date{}, []string{`happens twice`, `2026-10-25T02:00:00+02:00 (the first time) or 2026-10-25T02:00:00+01:00 (the second)`}},
		{"01:30", ny, Date{2026, time.November, 1}, []string{`time "01:30" happens twice in America/New_York`, `2026-11-01T01:30:00-04:00 (the first time) or 2026-11-01T01:30:00-05:00`}},
		// Before standard time, Paris kept its local mean time, +00:09:21:
		// RFC 3339 has no seconds in an offset.
		{"1850-01-01 12:00", paris, Date{}, []string{`time "1850-01-01 12:00" is before Europe/Paris had a standard time (its offset then was +00:09:21); expected it with an offset, like 1850-01-01T12:00Z`}},
		{"1850-01-01", paris, Date{}, []string{`like 1850-01-01T00:00:00Z`}},
		{"2026-04-04 23:30", santiago, Date{}, []string{`on 2026-04-05 at 00:00 the clocks went back to 23:00`, `2026-04-04T23:30:00-03:00 (the first time) or 2026-04-04T23:30:00-04:00 (the second)`}},
		{"2026-04-05 01:45", lordHowe, Date{}, []string{`at 02:00 the clocks went back to 01:30`, `2026-04-05T01:45:00+11:00 (the first time) or 2026-04-05T01:45:00+10:30 (the second)`}},
	}
	for _, tc := range bad {
		got, err := ParseTimeIn(tc.in, tc.loc, tc.day)
		if err == nil {
			t.Errorf("ParseTimeIn(%q, %s) = %s; want an error", tc.in, tc.loc, FormatTime(got))
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseTimeIn(%q, %s) = %v\nwant it to say %s", tc.in, tc.loc, err, w)
			}
		}
		if !got.IsZero() {
			t.Errorf("ParseTimeIn(%q) returned a time with its error", tc.in)
		}
	}
	// The fix each message offers is accepted as it is written.
	for _, fix := range []string{"2026-03-29T03:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-04T02:40:00+11:00"} {
		if _, err := ParseTimeIn(fix, paris, Date{}); err != nil {
			t.Errorf("the suggested %s is refused: %v", fix, err)
		}
	}
}

// What is not a time says why, quotes what was typed and lists what is
// expected.
func TestParseTimeInBad(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	day := Date{2026, time.November, 30}
	cases := []struct {
		in   string
		day  Date
		want string
	}{
		{"", day, "no time given; expected a time like 2026-11-30 14:02, a time of day like 14:02,"},
		{"   ", Date{}, "no time given; expected a time like 2026-11-30 14:02, a date like 2026-11-30"},
		{"yesterday", day, `invalid time "yesterday"; expected a time like 2026-11-30 14:02`},
		{"14:02", Date{}, `time "14:02" has no date; expected the date with it, like 2026-11-30 14:02`},
		{"2026-02-30 10:00", day, `invalid time "2026-02-30 10:00": February 2026 has no day 30; expected 01 to 28`},
		{"2024-02-30", day, `invalid time "2024-02-30": February 2024 has no day 30; expected 01 to 29`},
		{"2026-13-01 10:00", day, `invalid time "2026-13-01 10:00": month 13 is out of range; expected 01 to 12`},
		{"2026-11-00", day, `November 2026 has no day 00; expected 01 to 30`},
		{"2026-11-30 24:00", day, `invalid time "2026-11-30 24:00": hour 24 is out of range; expected 00 to 23`},
		{"12:60", day, `invalid time "12:60": minute 60 is out of range; expected 00 to 59`},
		{"2026-11-30 12:00:60", day, `second 60 is out of range; expected 00 to 59`},
		{"2026-11-30T14:02:00+24:00", day, `invalid time "2026-11-30T14:02:00+24:00": offset +24:00 is out of range; expected -23:59 to +23:59`},
		{"2026-11-30T14:02:00+0100", day, `invalid time "2026-11-30T14:02:00+0100"; expected`},
		{"2026-11-30T14", day, `invalid time "2026-11-30T14"; expected`},
		{"2026/11/30 14:02", day, `invalid time "2026/11/30 14:02"; expected`},
		{"30.11.2026 14:02", day, `invalid time "30.11.2026 14:02"; expected`},
		{"2026-11-30 2pm", day, `invalid time "2026-11-30 2pm"; expected`},
		{"2026-11-30 14:02 CET", day, `invalid time "2026-11-30 14:02 CET"; expected`},
		{"14:02\n", day, ""}, // a trailing line break is trimmed
		{"2026-11-30\x00 14:02", day, `invalid time "2026-11-30\x00 14:02"`},
	}
	for _, tc := range cases {
		got, err := ParseTimeIn(tc.in, paris, tc.day)
		if tc.want == "" {
			if err != nil {
				t.Errorf("ParseTimeIn(%q) = %v; want it read", tc.in, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseTimeIn(%q) = %s; want an error", tc.in, FormatTime(got))
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseTimeIn(%q) = %v\nwant it to say %s", tc.in, err, tc.want)
		}
		var te *TimeError
		if !errors.As(err, &te) || te.Input != tc.in {
			t.Errorf("ParseTimeIn(%q): the error is not a *TimeError for the input", tc.in)
		}
		if err.Error() != strings.ToLower(err.Error()[:1])+err.Error()[1:] {
			t.Errorf("ParseTimeIn(%q): %q starts with a capital", tc.in, err)
		}
	}
}

// The machine's zone is named as such in a message, with the way to set
// another.
func TestParseTimeInLocalName(t *testing.T) {
	if zoneName(time.Local) == "Local" {
		t.Error("the machine's zone is named Local")
	}
	if !strings.Contains(zoneName(time.Local), "timezone: in .coe.yaml") {
		t.Errorf("zoneName(Local) = %q; want it to say how to set one", zoneName(time.Local))
	}
}

func FuzzParseTimeIn(f *testing.F) {
	for _, s := range []string{"2026-11-30 14:02", "14:02", "2026-11-30", "2026-11-30T14:02:00+01:00", "2026-03-29 02:30", "2026-10-25 02:30:00.5", "9:5"} {
		f.Add(s)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTimeIn(s, paris, Date{2026, time.March, 29})
		if err != nil {
			return
		}
		// Whatever is accepted is stored with an offset and reads back.
		back, err := ParseTime(FormatTime(got))
		if err != nil || !back.Equal(got) {
			t.Fatalf("ParseTimeIn(%q) = %s, which does not read back: %v", s, FormatTime(got), err)
		}
	})
}
