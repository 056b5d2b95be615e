package remind

import (
	"bytes"
	"io"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// benchActions are the corrective actions of n generated COEs, as coe
// build hands them to ICS (site_ics.go).
func benchActions(n int) []Action {
	var acts []Action
	for i := range n {
		c := corpus.COE(i)
		for _, a := range c.CorrectiveActions {
			acts = append(acts, Action{COE: c.ID, COETitle: c.Title, File: c.ID, ID: a.ID, Action: a.Action,
				Owner: a.Owner, Due: a.Due, Priority: a.Priority, Status: a.Status, Tracker: a.Tracker})
		}
	}
	return acts
}

// BenchmarkICS10k is actions.ics of 10,000 generated COEs, with and
// without a site URL (page links), by ICS and by the way it replaced
// (ref, ics_ref_test.go). Run it with
//
//	go test ./coe/remind -run '^$' -bench ICS
func BenchmarkICS10k(b *testing.B) {
	acts := benchActions(10000)
	refICS := func(w io.Writer, acts []Action, o Options) (int, error) { return refICSOf(w, Refs(acts), o) }
	for _, bc := range []struct {
		name string
		site string
		ics  func(io.Writer, []Action, Options) (int, error)
	}{
		{"nosite", "", ICS}, {"site", "https://coes.example", ICS},
		{"nosite/ref", "", refICS}, {"site/ref", "https://coes.example", refICS},
	} {
		site, ICS := bc.site, bc.ics
		b.Run(bc.name, func(b *testing.B) {
			o := Options{AsOf: coe.Date{Year: 2026, Month: 11, Day: 23}, SiteURL: site, Name: "COEs · corrective actions"}
			var buf bytes.Buffer
			if _, err := ICS(&buf, acts, o); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				buf.Reset()
				if _, err := ICS(&buf, acts, o); err != nil {
					b.Fatal(err)
				}
			}
			if cpu >= 0 {
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
