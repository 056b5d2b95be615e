package remind

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// benchActions are the corrective actions of n generated COEs, as coe
// build hands them to ICS (site_ics.go), in the COEs' order.
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

// siteOrder sorts acts as coe build's actions page lists them, and hands
// them to the feed: by owner, then in coe.ActionOrder.
func siteOrder(acts []Action) []Action {
	acts = slices.Clone(acts)
	slices.SortStableFunc(acts, func(a, b Action) int {
		if c := strings.Compare(a.Owner, b.Owner); c != 0 {
			return c
		}
		return coe.ActionOrder(a.Due, a.COE, a.ID, b.Due, b.COE, b.ID)
	})
	return acts
}

// BenchmarkICS10k is actions.ics of 10,000 generated COEs, with and
// without a site URL (page links), by ICS and by the way it replaced
// (ref, ics_ref_test.go): the actions in the order coe build gives them
// (by owner, and all the corpus's have one, so already in the feed's
// order), and in the COEs' order (unsorted), which the feed sorts. Run it
// with
//
//	go test ./coe/remind -run '^$' -bench ICS
func BenchmarkICS10k(b *testing.B) {
	unsorted := benchActions(10000)
	sorted := siteOrder(unsorted)
	refICS := func(w io.Writer, acts []Action, o Options) (int, error) { return refICSOf(w, Refs(acts), o) }
	for _, bc := range []struct {
		name string
		site string
		acts []Action
		ics  func(io.Writer, []Action, Options) (int, error)
	}{
		{"nosite", "", sorted, ICS}, {"site", "https://coes.example", sorted, ICS},
		{"nosite/ref", "", sorted, refICS}, {"site/ref", "https://coes.example", sorted, refICS},
		{"unsorted", "https://coes.example", unsorted, ICS}, {"unsorted/ref", "https://coes.example", unsorted, refICS},
	} {
		site, acts, ICS := bc.site, bc.acts, bc.ics
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
