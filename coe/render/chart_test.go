package render

import (
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// The chart of every example and of generated COEs stays inside its box,
// its labels and marks do not overlap, and its ticks are few and in order.
func TestChartLayout(t *testing.T) {
	var cs []*coe.COE
	for _, id := range exampleIDs(t) {
		cs = append(cs, example(t, id))
	}
	for i := range 50 {
		cs = append(cs, corpus.COE(i))
	}
	for _, c := range cs {
		ch := NewReport(c, ReportOptions{}).Chart
		if ch == nil {
			t.Errorf("%s: no chart", c.ID)
			continue
		}
		in := func(what string, x, y int) {
			if x < 0 || x > ch.W || y < 0 || y > ch.H {
				t.Errorf("%s: %s at (%d, %d) outside %dx%d", c.ID, what, x, y, ch.W, ch.H)
			}
		}
		for _, m := range ch.Milestones {
			in(m.Label, m.X, m.LabelY)
			w := len(m.Label) * charW
			if m.Anchor == "start" && m.LabelX+w > ch.W || m.Anchor == "end" && m.LabelX-w < 0 {
				t.Errorf("%s: label %q runs out of the chart", c.ID, m.Label)
			}
		}
		for i, a := range ch.Milestones {
			for _, b := range ch.Milestones[i+1:] {
				if a.LabelY != b.LabelY {
					continue
				}
				al, ar := span(a)
				bl, br := span(b)
				if al < br && bl < ar {
					t.Errorf("%s: labels %q and %q overlap", c.ID, a.Label, b.Label)
				}
			}
		}
		for i, a := range ch.Events {
			in("event", a.X, a.Y)
			for _, b := range ch.Events[i+1:] {
				if a.Y == b.Y && abs(a.X-b.X) < 2*9 {
					t.Errorf("%s: events %d and %d overlap", c.ID, a.N, b.N)
				}
			}
		}
		if n := len(ch.Ticks); n < 2 || n > 8 {
			t.Errorf("%s: %d ticks", c.ID, n)
		}
		for i, tk := range ch.Ticks {
			in("tick "+tk.Label, tk.X, ch.AxisY)
			if i > 0 && tk.X <= ch.Ticks[i-1].X {
				t.Errorf("%s: ticks out of order", c.ID)
			}
		}
		svg := string(ch.SVG())
		if !strings.HasPrefix(svg, "<svg ") || !strings.HasSuffix(svg, "</svg>") || strings.Count(svg, "<g class=\"ev\">") != len(ch.Events) {
			t.Errorf("%s: SVG %.100q", c.ID, svg)
		}
	}
}

func span(m ChartMilestone) (int, int) {
	w := len(m.Label) * charW
	if m.Anchor == "end" {
		return m.LabelX - w, m.LabelX
	}
	return m.LabelX, m.LabelX + w
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestChartEdges(t *testing.T) {
	if ch := NewReport(&coe.COE{Title: "No times"}, ReportOptions{}).Chart; ch != nil {
		t.Errorf("a COE without times has a chart: %+v", ch)
	}
	at := time.Date(2025, 1, 2, 3, 4, 0, 0, time.FixedZone("", 3600))
	one := &coe.COE{Incident: coe.Incident{StartedAt: at}}
	ch := NewReport(one, ReportOptions{}).Chart
	if ch == nil || len(ch.Milestones) != 1 || ch.Zone != "UTC+01:00" || len(ch.Ticks) == 0 {
		t.Fatalf("one time: %+v", ch)
	}
	// Times in other offsets are shown in the start's; a long incident
	// gets day ticks.
	long := &coe.COE{Incident: coe.Incident{StartedAt: at, ResolvedAt: at.AddDate(0, 0, 20).UTC()}}
	ch = NewReport(long, ReportOptions{}).Chart
	if !strings.Contains(ch.Title, "2025-01-22 03:04 (UTC+01:00)") || strings.Contains(ch.Ticks[0].Label, ":") {
		t.Errorf("long incident: %q, ticks %+v", ch.Title, ch.Ticks)
	}
	if got := zoneName(time.FixedZone("", -(5*3600 + 30*60))); got != "UTC-05:30" {
		t.Errorf("zoneName = %q", got)
	}
}
