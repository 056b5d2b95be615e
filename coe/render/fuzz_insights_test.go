package render

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/stats"
)

// fuzzEntries makes COEs of the fuzzer's bytes, eight a COE: its severity,
// its start (from the year 2 to far past 9999), its times to detect and to
// resolve (missing, backwards, or up to centuries), and a few actions;
// name is every name's text.
func fuzzEntries(data []byte, name string) []stats.Entry {
	severities := []string{"sev1", "sev2", "sev3", "", name, name + "x"}
	statuses := []string{coe.ActionOpen, coe.ActionDone, coe.ActionWontDo, coe.ActionInProgress, ""}
	var es []stats.Entry
	for len(data) >= 8 && len(es) < 200 {
		b := data[:8]
		data = data[8:]
		e := stats.Entry{ID: name + string(rune('a'+len(es)%26)), Severity: severities[int(b[0])%len(severities)],
			Services: []string{name}, Tags: []string{severities[int(b[1])%len(severities)]}}
		if b[1]%5 != 0 {
			// Days from 2025, either way, by up to about 20,000 years.
			days := int(int16(binary.LittleEndian.Uint16(b[2:4]))) * int(b[1])
			e.Started = time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("", int(int8(b[1]))*900)).AddDate(0, 0, days)
		}
		span := func(c byte) time.Time {
			switch {
			case c == 0:
				return time.Time{}
			case c == 1:
				return e.Started.Add(-time.Hour)
			}
			return e.Started.Add(time.Duration(1<<(c%62)) * time.Second)
		}
		e.Detected, e.Resolved = span(b[4]), span(b[5])
		if b[6]%3 == 0 {
			e.Submitted = e.Started.AddDate(0, 0, int(b[6]))
		}
		for i := range int(b[7] % 4) {
			due := coe.DateOf(e.Started.AddDate(0, 0, int(b[7])-128+i))
			a := stats.Action{Status: statuses[(int(b[6])+i)%len(statuses)], Due: due}
			if a.Status == coe.ActionDone && b[7]%2 == 0 {
				a.DoneAt = coe.DateOf(e.Started.AddDate(0, int(b[7]), 0))
			}
			e.Actions = append(e.Actions, a)
		}
		if len(es) > 0 && b[0]%3 == 0 {
			e.Related = []string{es[len(es)-1].ID}
		}
		es = append(es, e)
	}
	return es
}

// FuzzInsights lays out and renders the insights page of odd repositories:
// none or one COE, all times missing, times of years, dates centuries
// away, hostile names. It must not panic, must draw inside its charts'
// boxes, and must write a page made of the template's markup only.
func FuzzInsights(f *testing.F) {
	f.Add([]byte{}, "")
	f.Add([]byte{0, 1, 0, 0, 0, 0, 0, 0}, "x")
	f.Add([]byte{1, 2, 10, 0, 20, 30, 3, 3, 2, 3, 200, 0, 2, 40, 0, 1}, "<script>alert(1)</script>")
	f.Add([]byte{4, 5, 255, 127, 61, 61, 9, 255, 5, 255, 0, 128, 0, 1, 6, 7}, "\u202Eevil")
	f.Add([]byte{2, 3, 4, 5, 0, 0, 0, 2, 2, 3, 4, 5, 0, 0, 0, 2, 2, 3, 4, 5, 0, 0, 0, 2}, "a")
	for _, h := range hostile[:4] {
		f.Add([]byte{0, 7, 1, 1, 25, 33, 0, 3, 1, 7, 2, 1, 26, 34, 1, 3, 2, 7, 3, 1, 27, 35, 2, 3}, h)
	}
	tpl := builtin(f)
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		if len(name) > 200 {
			return
		}
		es := fuzzEntries(data, name)
		d := NewInsights(es, []string{"sev1", "sev2", "sev3"}, coe.Date{Year: 2026, Month: 1, Day: 15}, func(id string) (string, bool) {
			return id, len(id)%2 == 0
		})
		checkGeometry(t, d)
		if d.COEs != len(es) {
			t.Errorf("%d COEs shown of %d", d.COEs, len(es))
		}
		checkHTML(t, "insights", renderInsights(t, tpl, d), tpl)
	})
}
