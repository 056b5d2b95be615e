package stats

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/table"
)

var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func at(min float64) time.Time { return t0.Add(time.Duration(min * float64(time.Minute))) }

func date(s string) coe.Date {
	d, err := coe.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func val(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestMedianP90(t *testing.T) {
	for _, tc := range []struct {
		xs          []float64
		median, p90 float64
	}{
		{[]float64{7}, 7, 7},                                  // n=1
		{[]float64{1, 9}, 5, 9},                               // even: mean of the middle two; ceil(1.8)=2nd
		{[]float64{1, 2, 30}, 2, 30},                          // odd; ceil(2.7)=3rd
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9},    // ceil(9)=9th, not the 10th
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10}, // ceil(9.9)=10th
	} {
		if m := Median(tc.xs); m != tc.median {
			t.Errorf("Median(%v) = %v, want %v", tc.xs, m, tc.median)
		}
		if p := P90(tc.xs); p != tc.p90 {
			t.Errorf("P90(%v) = %v, want %v", tc.xs, p, tc.p90)
		}
	}
	if !math.IsNaN(Median(nil)) || !math.IsNaN(P90(nil)) {
		t.Error("Median and P90 of nothing should be NaN")
	}
}

// TestTimes: three COEs, one without detected_at, one with resolved_at
// before its start: the missing ones are counted, not taken as zero.
func TestTimes(t *testing.T) {
	es := []Entry{
		{ID: "a", Severity: "sev1", Started: at(0), Detected: at(10), Mitigated: at(60), Resolved: at(120)},
		{ID: "b", Severity: "sev2", Started: at(0), Detected: at(30), Mitigated: at(90), Resolved: at(-5)},
		{ID: "c", Severity: "sev2", Started: at(0), Mitigated: at(300), Resolved: at(600)},
		{ID: "d", Severity: "sev2", Detected: at(1)}, // no start: every time missing
	}
	r := Compute(es, Options{AsOf: date("2025-04-01")})
	check := func(name string, d Dist, n, missing int, median, p90, lo, hi any) {
		t.Helper()
		got := []any{d.N, d.Missing, val(d.Median), val(d.P90), val(d.Min), val(d.Max)}
		want := []any{n, missing, median, p90, lo, hi}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("detect", r.TimeToDetect, 2, 2, 20.0, 30.0, 10.0, 30.0)
	check("mitigate", r.TimeToMitigate, 3, 1, 90.0, 300.0, 60.0, 300.0)
	check("resolve", r.TimeToResolve, 2, 2, 360.0, 600.0, 120.0, 600.0)
	if r.COEs != 4 || r.Undated != 1 || !reflect.DeepEqual(r.BySeverity, map[string]int{"sev1": 1, "sev2": 3}) {
		t.Errorf("coes %d, undated %d, by severity %v", r.COEs, r.Undated, r.BySeverity)
	}

	r = Compute(es, Options{By: BySeverity, Severities: []string{"sev1", "sev2"}})
	if len(r.Groups) != 2 || r.Groups[0].Key != "sev1" || r.Groups[1].Key != "sev2" {
		t.Fatalf("groups %+v", r.Groups)
	}
	check("sev2 detect", r.Groups[1].TimeToDetect, 1, 2, 30.0, 30.0, 30.0, 30.0)
	check("sev1 resolve", r.Groups[0].TimeToResolve, 1, 0, 120.0, 120.0, 120.0, 120.0)
}

func TestZeroAndOne(t *testing.T) {
	r := Compute(nil, Options{})
	if r.COEs != 0 || r.TimeToDetect != (Dist{}) || r.Actions.MedianDaysLate != nil || len(r.Recurrence) != 0 {
		t.Errorf("zero COEs: %+v", r)
	}
	var b bytes.Buffer
	if err := JSON(&b, &r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"coes": 0`, `"median_minutes": null`, `"by_severity": {}`, `"recurrence": []`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("zero COEs JSON lacks %s:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := Text(&b, &r, table.Style{}); err != nil || b.String() != "0 COEs, as of \n" {
		t.Errorf("zero COEs text %q, %v", b.String(), err)
	}

	r = Compute([]Entry{{ID: "x", Severity: "sev3", Started: at(0), Detected: at(3), Mitigated: at(97), Resolved: at(3000)}}, Options{})
	if d := r.TimeToResolve; d.N != 1 || *d.Median != 3000 || *d.P90 != 3000 || *d.Min != 3000 || *d.Max != 3000 {
		t.Errorf("one COE: %+v", d)
	}
}

func TestFilter(t *testing.T) {
	es := []Entry{
		{ID: "a", Severity: "sev1", Services: []string{"pay"}, Tags: []string{"dns"}, Started: time.Date(2025, 1, 31, 23, 0, 0, 0, time.FixedZone("", -6*3600))},
		{ID: "b", Severity: "sev2", Services: []string{"web"}, Started: time.Date(2025, 2, 1, 1, 0, 0, 0, time.UTC)},
		{ID: "c", Severity: "sev2", Services: []string{"pay"}},
	}
	ids := func(f Filter) (string, int) {
		var got []string
		undated := 0
		for i := range es {
			ok, u := f.keep(&es[i])
			if ok {
				got = append(got, es[i].ID)
			}
			if u {
				undated++
			}
		}
		return strings.Join(got, ","), undated
	}
	for _, tc := range []struct {
		f       Filter
		want    string
		undated int
	}{
		{Filter{}, "a,b,c", 0},
		// a started on 31 January in its own offset (1 February in UTC).
		{Filter{Since: date("2025-02-01")}, "b", 1},
		{Filter{Until: date("2025-01-31")}, "a", 1},
		{Filter{Severities: []string{"sev2"}}, "b,c", 0},
		{Filter{Services: []string{"pay", "web"}, Severities: []string{"sev2"}}, "b,c", 0},
		{Filter{Tags: []string{"dns"}}, "a", 0},
	} {
		if got, u := ids(tc.f); got != tc.want || u != tc.undated {
			t.Errorf("%+v keeps %q (%d undated), want %q (%d)", tc.f, got, u, tc.want, tc.undated)
		}
	}
	r := Compute(es, Options{Filter: Filter{Since: date("2025-01-01")}})
	if r.COEs != 2 || r.LeftOutUndated != 1 || r.Total != 3 {
		t.Errorf("coes %d, left out %d, total %d", r.COEs, r.LeftOutUndated, r.Total)
	}
}

func TestRecurrenceAndChains(t *testing.T) {
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	es := []Entry{
		{ID: "a", Services: []string{"pay", "pay"}, Tags: []string{"dns"}, Started: day(0)},
		{ID: "b", Services: []string{"pay"}, Tags: []string{"dns"}, Started: day(90)}, // exactly 90 days: within
		{ID: "c", Services: []string{"pay"}, Started: day(300), Related: []string{"d", "gone"}},
		{ID: "d", Services: []string{"web"}, Started: day(301)},
		{ID: "e", Services: []string{"web"}, Related: []string{"a"}}, // no start: cannot recur
		{ID: "f", Tags: []string{"dns"}, Started: day(150), Related: []string{"e"}},
	}
	r := Compute(es, Options{})
	want := []Recurrence{{Key: "service:pay", COEs: []string{"a", "b"}}, {Key: "tag:dns", COEs: []string{"a", "b", "f"}}}
	// The longest list first.
	if !reflect.DeepEqual(r.Recurrence, []Recurrence{want[1], want[0]}) {
		t.Errorf("recurrence %+v", r.Recurrence)
	}
	if !reflect.DeepEqual(r.RelatedChains, [][]string{{"a", "e", "f"}, {"c", "d"}}) {
		t.Errorf("chains %v", r.RelatedChains)
	}
	r = Compute(es, Options{Window: 60 * 24 * time.Hour})
	if !reflect.DeepEqual(r.Recurrence, []Recurrence{{Key: "tag:dns", COEs: []string{"b", "f"}}}) {
		t.Errorf("60-day recurrence %+v", r.Recurrence)
	}
}

func TestActionsAndReview(t *testing.T) {
	sub := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	es := []Entry{
		{ID: "a", Status: coe.StatusReview, Started: t0, Submitted: sub, Actions: []Action{
			{Owner: "dana", Priority: "high", Status: "done", Due: date("2025-03-20"), DoneAt: date("2025-03-25")}, // 5 days late
			{Owner: "dana", Priority: "high", Status: "done", Due: date("2025-03-20"), DoneAt: date("2025-03-20")}, // on the day
			{Owner: "kenji", Priority: "low", Status: "open", Due: date("2025-03-31")},                             // overdue
			{Owner: "kenji", Priority: "medium", Status: "in-progress", Due: date("2025-04-01")},                   // due on the day: not overdue
			{Owner: "", Priority: "", Status: "wont-do"},
		}},
		{ID: "b", Status: coe.StatusClosed, Started: t0, Approved: t0.AddDate(0, 0, 10), Closed: t0.AddDate(0, 0, 30), Actions: []Action{
			{Owner: "dana", Priority: "high", Status: "done", Due: date("2025-03-01"), DoneAt: date("2025-03-04")}, // 3 days late
			{Owner: "li", Priority: "high", Due: date("2025-05-01")},                                               // no status: open
		}},
		{ID: "c", Status: coe.StatusReview, Actions: []Action{{Owner: "li", Status: "open"}}}, // no dates: age missing
	}
	r := Compute(es, Options{AsOf: date("2025-04-01")})
	a := r.Actions
	if a.Counts != (Counts{Total: 8, Open: 4, Overdue: 1, Done: 3, DoneLate: 2, WontDo: 1}) {
		t.Errorf("counts %+v", a.Counts)
	}
	// Late 3 and 5 days: median 4. Open ages: a's two from 10 March (22
	// days), b's from 1 March (31 days): 22, 22, 31, median 22.
	if val(a.MedianDaysLate) != 4.0 || val(a.MedianOpenAgeDays) != 22.0 || a.OpenAgeMissing != 1 {
		t.Errorf("late %v, age %v, age missing %d", val(a.MedianDaysLate), val(a.MedianOpenAgeDays), a.OpenAgeMissing)
	}
	var owners, prios []string
	for _, k := range a.ByOwner {
		owners = append(owners, k.Key)
	}
	for _, k := range a.ByPriority {
		prios = append(prios, k.Key)
	}
	if strings.Join(owners, ",") != "dana,kenji,li,(none)" || strings.Join(prios, ",") != "high,medium,low,(none)" {
		t.Errorf("owners %v, priorities %v", owners, prios)
	}
	if a.ByOwner[0].Counts != (Counts{Total: 3, Done: 3, DoneLate: 2}) {
		t.Errorf("dana %+v", a.ByOwner[0].Counts)
	}
	rv := r.Review
	if rv.DaysToApproval.N != 1 || rv.DaysToApproval.Missing != 2 || val(rv.DaysToApproval.Median) != 10.0 || val(rv.DaysToClosure.P90) != 30.0 {
		t.Errorf("review %+v", rv)
	}
	// a has been in review since 10 March: 22 days; c has no date.
	if !reflect.DeepEqual(rv.Stuck, []Stuck{{ID: "a", Days: 22}}) {
		t.Errorf("stuck %+v", rv.Stuck)
	}
}

func TestHuman(t *testing.T) {
	for in, want := range map[float64]string{0: "0m", 3: "3m", 3.4: "3m", 59.6: "1h", 97: "1h 37m", 120: "2h", 1440: "1d", 3120: "2d 4h", 3125: "2d 4h"} {
		if got := Human(in); got != want {
			t.Errorf("Human(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestCSV(t *testing.T) {
	es := []Entry{
		{ID: "a", Severity: "=cmd", Started: at(0), Detected: at(5)},
		{ID: "b", Severity: "sev1", Started: at(0)},
	}
	r := Compute(es, Options{By: BySeverity})
	var b bytes.Buffer
	if err := CSV(&b, &r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "group,coes,detect_n,detect_missing,detect_median_minutes") ||
		lines[1] != "'=cmd,1,1,0,5,5,5,5,0,1,,,,,0,1,,,," || !strings.HasPrefix(lines[2], "sev1,1,0,1,,,,,") {
		t.Errorf("csv:\n%s", b.String())
	}
	r = Compute(es, Options{})
	b.Reset()
	CSV(&b, &r)
	if lines := strings.Split(strings.TrimSpace(b.String()), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "all,2,1,1,5,") {
		t.Errorf("csv without --by:\n%s", b.String())
	}
}

// TestJSONFields keeps the field names scripts rely on.
func TestJSONFields(t *testing.T) {
	r := Compute([]Entry{{ID: "a", Severity: "sev1", Started: at(0), Detected: at(1)}}, Options{})
	data, _ := json.Marshal(r)
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"coes", "by_severity", "time_to_detect", "time_to_mitigate", "time_to_resolve", "actions", "recurrence", "related_chains", "review", "by_month"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in %s", k, data)
		}
	}
	ttd := m["time_to_detect"].(map[string]any)
	for _, k := range []string{"n", "missing", "median_minutes", "p90_minutes", "min_minutes", "max_minutes"} {
		if _, ok := ttd[k]; !ok {
			t.Errorf("no %q in time_to_detect", k)
		}
	}
	acts := m["actions"].(map[string]any)
	for _, k := range []string{"total", "open", "overdue", "done", "done_late", "wont_do"} {
		if _, ok := acts[k]; !ok {
			t.Errorf("no %q in actions", k)
		}
	}
}

// TestTextIDs: a long recurrence shows its first ids and how many more.
func TestTextIDs(t *testing.T) {
	var es []Entry
	for i := range 12 {
		e := Entry{ID: string(rune('a' + i)), Status: coe.StatusReview, Severity: "sev1", Started: at(float64(i))}
		if i < 7 {
			e.Services = []string{"pay"}
		}
		es = append(es, e)
	}
	r := Compute(es, Options{AsOf: date("2025-04-01")})
	var b bytes.Buffer
	if err := Text(&b, &r, table.Style{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\nservice:pay  7     a b c d e and 2 more\n") ||
		!strings.Contains(b.String(), "\n31    j\nand 2 more (--json lists them all)\n") {
		t.Errorf("text:\n%s", b.String())
	}
}
