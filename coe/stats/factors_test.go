package stats

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/table"
)

// factorEntries: four COEs, by hand. config-change is named by a, b
// (twice in b, counted once) and d; capacity by b and c; c names nothing
// else, e nothing at all.
func factorEntries() []Entry {
	day := func(n int) time.Time { return t0.AddDate(0, 0, n) }
	return []Entry{
		{ID: "a", Severity: "sev1", Factors: []string{"config-change"}, Started: day(0), Detected: day(0).Add(10 * time.Minute)},
		{ID: "b", Severity: "sev2", Factors: []string{"config-change", "capacity", "config-change"}, Started: day(30), Detected: day(30).Add(30 * time.Minute)},
		{ID: "c", Severity: "sev2", Factors: []string{"capacity"}, Started: day(200), Detected: day(200).Add(20 * time.Minute)},
		{ID: "d", Severity: "sev3", Factors: []string{"config-change"}, Started: day(400)},
		{ID: "e", Severity: "sev3", Started: day(401), Detected: day(401).Add(5 * time.Minute)},
	}
}

func TestFactorCounts(t *testing.T) {
	r := Compute(factorEntries(), Options{AsOf: date("2026-06-01")})
	if want := map[string]int{"config-change": 3, "capacity": 2}; !reflect.DeepEqual(r.ByFactor, want) {
		t.Errorf("by factor %v, want %v", r.ByFactor, want)
	}
	if f := r.Factors(); !reflect.DeepEqual(f, []string{"config-change", "capacity"}) {
		t.Errorf("factors in order %q", f)
	}
	// Within 90 days: a and b (30 days apart) for config-change; d is 370
	// days after b. capacity: b and c are 170 days apart, no recurrence.
	if want := []Recurrence{{Key: "factor:config-change", COEs: []string{"a", "b"}}}; !reflect.DeepEqual(r.Recurrence, want) {
		t.Errorf("recurrence %+v, want %+v", r.Recurrence, want)
	}
	r = Compute(factorEntries(), Options{AsOf: date("2026-06-01"), Window: 180 * 24 * time.Hour})
	want := []Recurrence{{Key: "factor:capacity", COEs: []string{"b", "c"}}, {Key: "factor:config-change", COEs: []string{"a", "b"}}}
	if !reflect.DeepEqual(r.Recurrence, want) {
		t.Errorf("180-day recurrence %+v, want %+v", r.Recurrence, want)
	}
}

func TestByFactor(t *testing.T) {
	r := Compute(factorEntries(), Options{By: ByFactor, AsOf: date("2026-06-01")})
	var got []string
	for _, g := range r.Groups {
		got = append(got, g.Key)
		switch g.Key {
		case "config-change": // a 10m, b 30m, d missing
			if g.COEs != 3 || g.TimeToDetect.N != 2 || g.TimeToDetect.Missing != 1 || *g.TimeToDetect.Median != 20 {
				t.Errorf("config-change %+v detect %+v", g, g.TimeToDetect)
			}
		case "capacity": // b 30m, c 20m
			if g.COEs != 2 || g.TimeToDetect.N != 2 || *g.TimeToDetect.Median != 25 || *g.TimeToDetect.Max != 30 {
				t.Errorf("capacity %+v detect %+v", g, g.TimeToDetect)
			}
		case None: // e
			if g.COEs != 1 || *g.TimeToDetect.Median != 5 {
				t.Errorf("none %+v", g)
			}
		}
	}
	if !reflect.DeepEqual(got, []string{"capacity", "config-change", None}) {
		t.Errorf("groups %q", got)
	}
}

func TestFactorFilter(t *testing.T) {
	for _, tc := range []struct {
		factors []string
		want    string
	}{
		{[]string{"capacity"}, "b c"},
		{[]string{"capacity", "config-change"}, "a b c d"},
		{[]string{"bad-luck"}, ""},
	} {
		r := Compute(factorEntries(), Options{Filter: Filter{Factors: tc.factors}, By: BySeverity})
		var ids []string
		for _, e := range factorEntries() {
			if ok, _ := (&Filter{Factors: tc.factors}).keep(&e); ok {
				ids = append(ids, e.ID)
			}
		}
		if got := strings.Join(ids, " "); got != tc.want || r.COEs != len(ids) {
			t.Errorf("--factor %q keeps %q (%d COEs), want %q", tc.factors, got, r.COEs, tc.want)
		}
	}
}

func TestFactorsOutput(t *testing.T) {
	r := Compute(factorEntries(), Options{AsOf: date("2026-06-01")})
	var b bytes.Buffer
	if err := Text(&b, &r, table.Style{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\nContributing factors\nFACTOR         COES\nconfig-change  3\ncapacity       2\n") ||
		!strings.Contains(b.String(), "\nfactor:config-change  2     a b\n") {
		t.Errorf("text:\n%s", b.String())
	}
	var m map[string]any
	data, _ := json.Marshal(r)
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if got := m["by_factor"]; !reflect.DeepEqual(got, map[string]any{"config-change": 3.0, "capacity": 2.0}) {
		t.Errorf("by_factor %v", got)
	}
	// Without factors: an empty object in JSON, no section in the text.
	r = Compute([]Entry{{ID: "x", Severity: "sev1", Started: t0}}, Options{})
	b.Reset()
	if err := JSON(&b, &r); err != nil || !strings.Contains(b.String(), `"by_factor": {}`) {
		t.Errorf("json %v:\n%s", err, b.String())
	}
	b.Reset()
	if err := Text(&b, &r, table.Style{}); err != nil || strings.Contains(b.String(), "Contributing factors") {
		t.Errorf("text %v:\n%s", err, b.String())
	}
}

func TestEntryOfFactors(t *testing.T) {
	c := &coe.COE{ID: "x", ContributingFactors: []string{"capacity"}}
	if e := EntryOf(c); !reflect.DeepEqual(e.Factors, []string{"capacity"}) {
		t.Errorf("factors %q", e.Factors)
	}
}
