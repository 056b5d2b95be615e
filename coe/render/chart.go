package render

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
)

// Chart is the timeline of an incident laid out on a time axis, for the
// report's inline SVG: the phases between start, detection, mitigation and
// resolution as bands, those moments as labelled lines, and every timeline
// entry as a numbered mark (the number of its row in the timeline table).
// All coordinates are in the SVG's user units.
type Chart struct {
	W, H int
	// Title describes the chart for assistive technology.
	Title string
	// Zone names the offset the axis is in ("UTC-06:00").
	Zone  string
	X0    int // the axis runs from X0 to X1
	X1    int
	BandY int // the phase band's top; it is BandH high
	BandH int
	AxisY int

	Phases     []ChartPhase
	Ticks      []ChartTick
	Milestones []ChartMilestone
	Events     []ChartEvent
}

// ChartPhase is the band between two moments of the incident.
type ChartPhase struct {
	X, W  int
	Class string // undetected, impact or recovery
	Label string // "Undetected: 35m"
}

// ChartTick is a mark on the time axis.
type ChartTick struct {
	X int
	// Label is the time ("19:00", or "28 Jan" for whole days); Day is the
	// date under it, where the day changes.
	Label, Day string
	Anchor     string // SVG text-anchor
}

// ChartMilestone is the start, detection, mitigation or resolution.
type ChartMilestone struct {
	X     int
	Class string // started, detected, mitigated, resolved
	Label string // "Detected 19:40 (+35m)"
	// LabelX and LabelY place the label; Anchor is its text-anchor.
	LabelX, LabelY int
	Anchor         string
	// TopY is where its line starts, under the label.
	TopY int
}

// ChartEvent is a timeline entry's numbered mark.
type ChartEvent struct {
	X, Y int
	N    int
	// Label is the entry's time and text, for a tooltip.
	Label string
}

const (
	chartW       = 760
	chartPad     = 28
	laneH        = 18
	eventLaneH   = 24
	eventSpacing = 21
	charW        = 7 // a generous average width of a 12px label character
)

// newChart lays out c's timeline, or returns nil when c has no times.
func newChart(c *coe.COE, loc *time.Location) *Chart {
	in := c.Incident
	moments := []struct {
		name, class string
		at          time.Time
	}{{"Started", "started", in.StartedAt}, {"Detected", "detected", in.DetectedAt},
		{"Mitigated", "mitigated", in.MitigatedAt}, {"Resolved", "resolved", in.ResolvedAt}}
	var t0, t1 time.Time
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if t0.IsZero() || t.Before(t0) {
			t0 = t
		}
		if t1.IsZero() || t.After(t1) {
			t1 = t
		}
	}
	for _, m := range moments {
		see(m.at)
	}
	for _, e := range c.Timeline {
		see(e.At)
	}
	if t0.IsZero() {
		return nil
	}
	if !t1.After(t0) {
		t0, t1 = t0.Add(-30*time.Minute), t1.Add(30*time.Minute)
	}
	ch := &Chart{W: chartW, Zone: zoneName(loc), X0: chartPad, X1: chartW - chartPad, BandH: 14}
	span := t1.Sub(t0)
	x := func(t time.Time) int {
		return ch.X0 + int(float64(ch.X1-ch.X0)*float64(t.Sub(t0))/float64(span)+0.5)
	}

	// Milestone labels, in lanes so that none overlaps another.
	var laneEnds []int
	type placed struct {
		m    ChartMilestone
		lane int
	}
	var ms []placed
	for _, m := range moments {
		if m.at.IsZero() {
			continue
		}
		label := m.name + " " + m.at.In(loc).Format("15:04")
		if m.name != "Started" && !in.StartedAt.IsZero() && !m.at.Before(in.StartedAt) {
			label += " (+" + Duration(m.at.Sub(in.StartedAt)) + ")"
		}
		cm := ChartMilestone{X: x(m.at), Class: m.class, Label: label}
		w := len(label) * charW
		left, right := cm.X-3, cm.X+3+w // anchored at its start
		cm.Anchor, cm.LabelX = "start", cm.X+3
		if right > chartW-2 {
			left, right = cm.X-3-w, cm.X+3
			cm.Anchor, cm.LabelX = "end", cm.X-3
		}
		lane := 0
		for lane < len(laneEnds) && laneEnds[lane] > left-8 {
			lane++
		}
		if lane == len(laneEnds) {
			laneEnds = append(laneEnds, 0)
		}
		laneEnds[lane] = right
		ms = append(ms, placed{cm, lane})
	}
	lanes := len(laneEnds)
	ch.BandY = 10 + lanes*laneH + 6
	ch.AxisY = ch.BandY + ch.BandH
	for _, p := range ms {
		p.m.LabelY = 10 + p.lane*laneH + 12
		p.m.TopY = p.m.LabelY + 5
		ch.Milestones = append(ch.Milestones, p.m)
	}

	// Phases between consecutive moments that are set, named by where
	// they end.
	var prev *time.Time
	for i := range moments {
		m := &moments[i]
		if m.at.IsZero() {
			continue
		}
		if prev != nil && m.at.After(*prev) {
			ph := ChartPhase{X: x(*prev), W: x(m.at) - x(*prev)}
			d := Duration(m.at.Sub(*prev))
			switch m.class {
			case "detected":
				ph.Class, ph.Label = "undetected", "Undetected: "+d
			case "mitigated":
				ph.Class, ph.Label = "impact", "Impact until mitigated: "+d
			default:
				ph.Class, ph.Label = "recovery", "Recovery until resolved: "+d
			}
			ch.Phases = append(ch.Phases, ph)
		}
		prev = &m.at
	}

	ch.Ticks = ticks(t0, t1, loc, x)

	// Timeline entries, numbered, in lanes under the axis.
	type ev struct {
		x, n  int
		label string
	}
	var evs []ev
	for i, e := range c.Timeline {
		if e.At.IsZero() {
			continue
		}
		evs = append(evs, ev{x(e.At), i + 1, e.At.In(loc).Format("2006-01-02 15:04") + " " + oneLine(e.Event)})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].x < evs[j].x })
	var evEnds []int
	top := ch.AxisY + 54
	for _, e := range evs {
		lane := 0
		for lane < len(evEnds) && evEnds[lane] > e.x-eventSpacing {
			lane++
		}
		if lane == len(evEnds) {
			evEnds = append(evEnds, 0)
		}
		evEnds[lane] = e.x
		ch.Events = append(ch.Events, ChartEvent{X: e.x, Y: top + lane*eventLaneH, N: e.n, Label: e.label})
	}
	sort.SliceStable(ch.Events, func(i, j int) bool { return ch.Events[i].N < ch.Events[j].N })
	ch.H = top + max(len(evEnds)-1, 0)*eventLaneH + 14
	if len(evEnds) == 0 {
		ch.H = ch.AxisY + 32
	}
	ch.Title = fmt.Sprintf("Timeline from %s to %s (%s)", t0.In(loc).Format("2006-01-02 15:04"), t1.In(loc).Format("2006-01-02 15:04"), ch.Zone)
	return ch
}

var tickSteps = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 2 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
	91 * 24 * time.Hour, 182 * 24 * time.Hour, 364 * 24 * time.Hour,
}

// ticks places marks at round times between t0 and t1: no more than eight,
// at whole minutes, hours or days of the zone.
func ticks(t0, t1 time.Time, loc *time.Location, x func(time.Time) int) []ChartTick {
	span := t1.Sub(t0)
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if span/s <= 7 {
			step = s
			break
		}
	}
	a := t0.In(loc)
	midnight := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, loc)
	var t time.Time
	if step < 24*time.Hour {
		t = midnight.Add(a.Sub(midnight).Truncate(step))
	} else {
		t = midnight
	}
	if t.Before(t0) {
		t = t.Add(step)
	}
	var out []ChartTick
	lastDay := ""
	for n := 0; !t.After(t1) && n < 40; n++ {
		tk := ChartTick{X: x(t), Anchor: "middle"}
		day := t.Format("2 Jan")
		if step >= 24*time.Hour {
			tk.Label = day
			if step >= 91*24*time.Hour || t.Year() != a.Year() {
				tk.Label = t.Format("Jan 2006")
			}
		} else {
			tk.Label = t.Format("15:04")
			if day != lastDay {
				tk.Day = day
			}
		}
		lastDay = day
		out = append(out, tk)
		if step < 24*time.Hour {
			t = t.Add(step)
		} else {
			t = t.AddDate(0, 0, int(step/(24*time.Hour)))
		}
	}
	return out
}

// SVG draws the chart as an inline SVG element. Its look comes from the
// page's stylesheet (the classes chart, phase, axis, tick, ms-*, ev); its
// text is escaped here. It is built in Go rather than in a template
// because it is most of a report's markup, and a template would take most
// of the time of a site's build; a "chart" template of a repository's own
// can draw the chart from the geometry instead.
func (ch *Chart) SVG() template.HTML {
	if ch == nil {
		return ""
	}
	var b strings.Builder
	b.Grow(2048 + 300*len(ch.Events))
	n := strconv.Itoa
	esc := template.HTMLEscapeString
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n(ch.W) + " " + n(ch.H) + `" width="` + n(ch.W) + `" height="` + n(ch.H) + `" role="img" aria-labelledby="chart-title">` + "\n")
	b.WriteString(`<title id="chart-title">` + esc(ch.Title) + "</title>\n")
	b.WriteString(`<rect class="band-bg" x="` + n(ch.X0) + `" y="` + n(ch.BandY) + `" width="` + n(ch.X1-ch.X0) + `" height="` + n(ch.BandH) + `"/>` + "\n")
	for _, p := range ch.Phases {
		b.WriteString(`<rect class="phase ` + esc(p.Class) + `" x="` + n(p.X) + `" y="` + n(ch.BandY) + `" width="` + n(p.W) + `" height="` + n(ch.BandH) + `"><title>` + esc(p.Label) + "</title></rect>\n")
	}
	b.WriteString(`<line class="axis" x1="` + n(ch.X0) + `" y1="` + n(ch.AxisY) + `" x2="` + n(ch.X1) + `" y2="` + n(ch.AxisY) + `"/>` + "\n")
	for _, t := range ch.Ticks {
		b.WriteString(`<line class="tick" x1="` + n(t.X) + `" y1="` + n(ch.AxisY) + `" x2="` + n(t.X) + `" y2="` + n(ch.AxisY+5) + `"/><text class="tick-label" x="` + n(t.X) + `" y="` + n(ch.AxisY+17) + `" text-anchor="` + esc(t.Anchor) + `">` + esc(t.Label) + "</text>")
		if t.Day != "" {
			b.WriteString(`<text class="tick-day" x="` + n(t.X) + `" y="` + n(ch.AxisY+29) + `" text-anchor="` + esc(t.Anchor) + `">` + esc(t.Day) + "</text>")
		}
		b.WriteByte('\n')
	}
	for _, e := range ch.Events {
		b.WriteString(`<g class="ev"><title>` + esc(e.Label) + `</title><circle class="ev-dot" cx="` + n(e.X) + `" cy="` + n(ch.AxisY) + `" r="2.5"/><line class="ev-stem" x1="` + n(e.X) + `" y1="` + n(ch.AxisY+33) + `" x2="` + n(e.X) + `" y2="` + n(e.Y-9) + `"/><circle cx="` + n(e.X) + `" cy="` + n(e.Y) + `" r="9"/><text x="` + n(e.X) + `" y="` + n(e.Y+4) + `" text-anchor="middle">` + n(e.N) + "</text></g>\n")
	}
	for _, m := range ch.Milestones {
		b.WriteString(`<line class="ms-line" x1="` + n(m.X) + `" y1="` + n(m.TopY) + `" x2="` + n(m.X) + `" y2="` + n(ch.AxisY) + `"/><circle class="ms-dot" cx="` + n(m.X) + `" cy="` + n(ch.AxisY) + `" r="3.5"/><text class="ms-label" x="` + n(m.LabelX) + `" y="` + n(m.LabelY) + `" text-anchor="` + esc(m.Anchor) + `">` + esc(m.Label) + "</text>\n")
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}
