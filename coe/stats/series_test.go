package stats

import (
	"reflect"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestSeriesMonths: months run without gaps to AsOf's, zeros shown; a COE
// counts in its incident's own month (a start late on 31 January at UTC-6
// is January's); the severity order is the config's, others after by name.
func TestSeriesMonths(t *testing.T) {
	es := []Entry{
		{ID: "a", Severity: "sev2", Started: time.Date(2025, 1, 31, 23, 0, 0, 0, time.FixedZone("", -6*3600))},
		{ID: "b", Severity: "sev1", Started: day("2025-01-05 10:00")},
		{ID: "c", Severity: "odd", Started: day("2025-03-01 00:00")},
		{ID: "d", Severity: "sev2"}, // no start: in no month
	}
	s := ComputeSeries(es, Options{Severities: []string{"sev1", "sev2", "sev3"}, AsOf: date("2025-04-10")})
	if want := []string{"sev1", "sev2", "odd"}; !reflect.DeepEqual(s.Severities, want) {
		t.Errorf("severities %v, want %v", s.Severities, want)
	}
	want := []MonthBar{
		{"2025-01", 2, []int{1, 1, 0}},
		{"2025-02", 0, []int{0, 0, 0}},
		{"2025-03", 1, []int{0, 0, 1}},
		{"2025-04", 0, []int{0, 0, 0}},
	}
	if !reflect.DeepEqual(s.Months, want) {
		t.Errorf("months %+v,\nwant %+v", s.Months, want)
	}
	if s.Undated != 1 || s.MonthsCut != 0 || s.COEsCut != 0 {
		t.Errorf("undated %d, cut %d months %d COEs", s.Undated, s.MonthsCut, s.COEsCut)
	}
}

// TestSeriesMonthsCut: over MaxMonths months, the last ones are kept and
// what was left out is counted; a COE centuries away costs no more than
// the months kept.
func TestSeriesMonthsCut(t *testing.T) {
	es := []Entry{
		{ID: "old", Severity: "sev1", Started: day("2020-01-15 00:00")},
		{ID: "old2", Severity: "sev1", Started: day("2020-02-15 00:00")},
		{ID: "new", Severity: "sev1", Started: day("2025-12-15 00:00")},
	}
	s := ComputeSeries(es, Options{})
	if len(s.Months) != MaxMonths || s.Months[0].Month != "2023-01" || s.Months[MaxMonths-1].Month != "2025-12" {
		t.Fatalf("%d months, %s to %s", len(s.Months), s.Months[0].Month, s.Months[len(s.Months)-1].Month)
	}
	// 2020-01 to 2022-12: 36 months left out, with two COEs.
	if s.MonthsCut != 36 || s.COEsCut != 2 || s.Months[MaxMonths-1].COEs != 1 {
		t.Errorf("cut %d months, %d COEs; last %+v", s.MonthsCut, s.COEsCut, s.Months[MaxMonths-1])
	}
	far := []Entry{
		{ID: "a", Started: time.Date(2, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "b", Started: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)},
	}
	s = ComputeSeries(far, Options{AsOf: date("2026-01-01")})
	if len(s.Months) != MaxMonths || s.Months[MaxMonths-1].Month != "9999-12" || s.COEsCut != 1 {
		t.Errorf("far: %d months, last %s, %d COEs cut", len(s.Months), s.Months[len(s.Months)-1].Month, s.COEsCut)
	}
	if monthName(monthIndex(0, 1)) != "0000-01" || monthName(-1) != "-001-12" {
		t.Errorf("month names %q %q", monthName(0), monthName(-1))
	}
}

// TestSeriesPoints: each COE a point in its severity, shortest first; the
// median of an odd and an even count; a missing or backwards time counted
// as missing, never as zero.
func TestSeriesPoints(t *testing.T) {
	es := []Entry{
		{ID: "a", Severity: "sev1", Started: at(0), Detected: at(10), Resolved: at(120)},
		{ID: "b", Severity: "sev1", Started: at(0), Detected: at(4), Resolved: at(-5)},
		{ID: "c", Severity: "sev1", Started: at(0), Detected: at(30), Resolved: at(60)},
		{ID: "d", Severity: "sev2", Started: at(0), Detected: at(0)},
		{ID: "e", Severity: "sev2", Detected: at(5)},
	}
	s := ComputeSeries(es, Options{Severities: []string{"sev1", "sev2"}})
	check := func(name string, p SeverityPoints, points []Point, missing int, median any) {
		t.Helper()
		if len(points) == 0 {
			points = nil
		}
		if !reflect.DeepEqual(p.Points, points) || p.Missing != missing || val(p.Median) != median {
			t.Errorf("%s: %+v missing %d median %v; want %+v %d %v", name, p.Points, p.Missing, val(p.Median), points, missing, median)
		}
	}
	check("sev1 detect", s.Detect[0], []Point{{"b", 4}, {"a", 10}, {"c", 30}}, 0, 10.0)
	check("sev1 resolve", s.Resolve[0], []Point{{"c", 60}, {"a", 120}}, 1, 90.0)
	check("sev2 detect", s.Detect[1], []Point{{"d", 0}}, 1, 0.0)
	check("sev2 resolve", s.Resolve[1], nil, 2, nil)

	// The medians are the report's, group by group.
	r := Compute(es, Options{By: BySeverity, Severities: []string{"sev1", "sev2"}})
	for i, g := range r.Groups {
		if val(g.TimeToDetect.Median) != val(s.Detect[i].Median) || val(g.TimeToResolve.Median) != val(s.Resolve[i].Median) ||
			g.TimeToResolve.Missing != s.Resolve[i].Missing {
			t.Errorf("%s: the series' medians differ from the report's", g.Key)
		}
	}
}

// TestSeriesActions: opened in the month of the COE's submitted_at (else
// its incident start), done in the month of done_at; open actions by age
// as of AsOf, overdue or not; what has no date is counted apart.
func TestSeriesActions(t *testing.T) {
	es := []Entry{
		{ID: "a", Started: day("2025-01-10 09:00"), Submitted: day("2025-02-03 12:00"), Actions: []Action{
			{Status: coe.ActionDone, DoneAt: date("2025-03-20")},
			{Status: coe.ActionDone},                          // done, no date
			{Status: coe.ActionOpen, Due: date("2025-03-01")}, // overdue; 56 days old on 2025-03-31
			{Status: coe.ActionWontDo},
		}},
		{ID: "b", Started: day("2025-03-30 09:00"), Actions: []Action{
			{Status: coe.ActionInProgress, Due: date("2025-06-01")}, // 1 day old
			{}, // no status: still to do, no due date
			{Status: coe.ActionOpen, Due: date("2025-03-30")}, // overdue, 1 day old
		}},
		{ID: "c", Actions: []Action{{Status: coe.ActionOpen}}},                                                            // no date at all
		{ID: "d", Started: day("2024-06-01 00:00"), Actions: []Action{{Status: coe.ActionOpen, Due: date("2025-12-01")}}}, // 303 days
	}
	s := ComputeSeries(es, Options{AsOf: date("2025-03-31")})
	if len(s.ActionMonths) != 10 || s.ActionMonths[0].Month != "2024-06" {
		t.Fatalf("action months %+v", s.ActionMonths)
	}
	want := []ActionMonth{{"2024-06", 1, 0}, {"2025-02", 4, 0}, {"2025-03", 3, 1}}
	var got []ActionMonth
	for _, m := range s.ActionMonths {
		if m.Opened+m.Done > 0 {
			got = append(got, m)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("months with actions %+v, want %+v", got, want)
	}
	if s.OpenedUndated != 1 || s.DoneUndated != 1 || s.OpenedCut != 0 || s.DoneCut != 0 {
		t.Errorf("opened undated %d, done undated %d, cut %d %d", s.OpenedUndated, s.DoneUndated, s.OpenedCut, s.DoneCut)
	}
	ages := []AgeBucket{
		{"under 30 days", 0, 30, 1, 2},
		{"30 to 90 days", 30, 90, 1, 0},
		{"90 to 180 days", 90, 180, 0, 0},
		{"over 180 days", 180, 0, 0, 1},
	}
	if !reflect.DeepEqual(s.Ages, ages) || s.AgeMissing != 1 {
		t.Errorf("ages %+v missing %d, want %+v 1", s.Ages, s.AgeMissing, ages)
	}
	// The open actions are the report's open actions.
	r := Compute(es, Options{AsOf: date("2025-03-31")})
	open, overdue := s.AgeMissing, 0
	for _, b := range s.Ages {
		open += b.Overdue + b.NotDue
		overdue += b.Overdue
	}
	if open != r.Actions.Open || overdue != r.Actions.Overdue {
		t.Errorf("open %d overdue %d; the report has %d %d", open, overdue, r.Actions.Open, r.Actions.Overdue)
	}
}

// TestSeriesFilterAndNone: the filter keeps the same COEs as the report's;
// no COEs, no months and no points.
func TestSeriesFilterAndNone(t *testing.T) {
	s := ComputeSeries(nil, Options{AsOf: date("2025-01-01")})
	if s.Months != nil || s.ActionMonths != nil || len(s.Detect) != 0 || len(s.Ages) != 4 {
		t.Errorf("none: %+v", s)
	}
	es := []Entry{
		{ID: "a", Severity: "sev1", Started: day("2025-01-10 09:00"), Detected: day("2025-01-10 09:30")},
		{ID: "b", Severity: "sev2", Started: day("2025-01-12 09:00"), Detected: day("2025-01-12 09:30")},
	}
	s = ComputeSeries(es, Options{Filter: Filter{Severities: []string{"sev2"}}})
	if len(s.Detect) != 1 || s.Detect[0].Severity != "sev2" || len(s.Months) != 1 || s.Months[0].COEs != 1 {
		t.Errorf("filtered: %+v", s)
	}
}
