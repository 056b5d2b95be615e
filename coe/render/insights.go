package render

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/stats"
)

// InsightsPage is the site's page of what the COEs say together.
const InsightsPage = "insights.html"

// InsightsData is what insights.html.tmpl is given: the figures of
// package stats as headline numbers, charts and tables. Each chart is the
// geometry of an inline SVG (nil when there is nothing to draw); the
// template draws it, so every text in it is escaped by html/template, and
// a table under it gives its figures to screen readers.
type InsightsData struct {
	Page *PageData
	// AsOf is the day open actions are judged on (YYYY-MM-DD), or "".
	AsOf string
	COEs int

	// The headline: medians in human units ("" when no COE has the
	// time) and the open and overdue actions.
	MedianDetect, MedianResolve string
	Detected, Resolved          int
	OpenActions, OverdueActions int

	// Legend names the severities in order, with the class that colours
	// each in the charts.
	Legend []LegendItem

	// Months is the chart of COEs per month, stacked by severity;
	// MonthRows its figures; MonthsNote says what a long range left out;
	// Undated counts the COEs without an incident start.
	Months     *BarChart
	MonthRows  []MonthRow
	MonthsNote string
	Undated    int

	// Detect and Resolve plot each COE's time on a log axis, a row per
	// severity, with their figures.
	Detect, Resolve TimeFigure

	// Actions is the chart of actions opened and done per month, and
	// ActionRows its figures; ActionsNote says what it leaves out. Ages
	// is the chart of open actions by age, AgeRows its figures.
	Actions     *BarChart
	ActionRows  []stats.ActionMonth
	ActionsNote string
	Ages        *BarChart
	AgeRows     []stats.AgeBucket
	AgeMissing  int

	// Recurrence lists the services, tags and factors with COEs within WindowDays
	// of each other, most COEs first, and Chains the groups of COEs
	// linked by related:, each at most MaxRows of them; MoreRecurrence
	// and MoreChains count those left out (coe stats --json has them).
	Recurrence     []RecurrenceRow
	Chains         []IDList
	MoreRecurrence int
	MoreChains     int
	WindowDays     int
}

// LegendItem is a severity and its colour's class.
type LegendItem struct{ Label, Class string }

// MonthRow is one month of the table under the chart of COEs per month.
type MonthRow struct {
	Month  string
	COEs   int
	Counts []int // by severity, in the order of the legend
}

// TimeFigure is the chart of one time (to detect, to resolve) and its
// figures per severity.
type TimeFigure struct {
	// What names the time: "Time to detect".
	What string
	// ID prefixes the ids of the figure's parts.
	ID string
	// Chart is nil when no COE has the time.
	Chart *DotChart
	Rows  []TimeRow
}

// TimeRow is one severity's figures of a time.
type TimeRow struct {
	Severity string
	COEs     int
	TimeCells
}

// COELink is a COE's id, linked to its page in coes/ (File, without
// .html, escaped as a path segment) when the site has one.
type COELink struct{ ID, File string }

// TimeCells are a Dist in human units ("" where there is no value).
type TimeCells struct {
	N, Missing            int
	Median, P90, Min, Max string
}

// RecurrenceRow is a service, tag or factor that recurs, with its COEs.
type RecurrenceRow struct {
	Kind, Name string // "service", "payments"; "factor", "config-change"
	IDList
}

// IDList is some COEs: the first MaxIDs of them, linked, and how many
// more there are; N counts them all.
type IDList struct {
	COEs []COELink
	More int
	N    int
}

// BarChart is a bar chart's geometry in the SVG's user units: bars of
// stacked or side-by-side rectangles over a plot from X0 to X1, with its
// baseline at Y1 and its top at Y0.
type BarChart struct {
	// ID prefixes the ids of the chart's title and description.
	ID          string
	W, H        int
	Title, Desc string
	X0, X1      int
	Y0, Y1      int
	// YTicks are the value axis' marks (Y and Label); XTicks name bars
	// under the baseline (X, Label).
	YTicks []AxisTick
	XTicks []AxisTick
	Bars   []Bar
}

// AxisTick is a mark on an axis, with its label.
type AxisTick struct {
	X, Y  int
	Label string
}

// Bar is one bar (a month, a bucket): its rectangles, and what its
// tooltip says.
type Bar struct {
	Title string
	Rects []Rect
}

// Rect is one rectangle of a bar; Class colours it.
type Rect struct {
	X, Y, W, H int
	Class      string
}

// DotChart is a dot plot's geometry: a row per group, each COE a dot at
// its time on a log axis from X0 to X1 (Ticks at round times), and each
// row's median a bar across it.
type DotChart struct {
	ID          string
	W, H        int
	Title, Desc string
	X0, X1      int
	AxisY       int
	Ticks       []AxisTick
	Rows        []DotRow
}

// DotRow is one group of a dot plot: its label (cut to fit; Name in full),
// between Top and Bottom, with its dots and median.
type DotRow struct {
	Label, Name string
	Class       string
	Y           int // the middle line
	Top, Bottom int
	Dots        []Dot
	Median      *MedianMark
	// Note says how many COEs the row has and misses.
	Note string
}

// Dot is one COE (or several at one place), with a tooltip naming them.
type Dot struct {
	X, Y  int
	Title string
}

// MedianMark is a row's median.
type MedianMark struct {
	X, Y1, Y2 int
	Title     string
}

// Insights layout.
const (
	insightsW      = 760
	insightsMaxIDs = 5 // ids a merged dot's tooltip names
	// MaxRows is how many recurrences and chains the page lists, and
	// MaxIDs how many COEs of each: a page of 10,000 COEs stays a page.
	MaxRows        = 50
	MaxIDs         = 12
	severityColors = 6 // classes sev-c0 to sev-c5, then again
	dotLabelW      = 118
	dotRowH        = 40
	labelChars     = 16 // a dot plot's row label, before it is cut
)

// logTicks are the marks of the log time axis, in minutes.
var logTicks = []struct {
	minutes float64
	label   string
}{
	{1, "1m"}, {10, "10m"}, {60, "1h"}, {360, "6h"}, {1440, "1d"}, {10080, "1w"},
	{43200, "30d"}, {525600, "1y"}, {5256000, "10y"},
}

// NewInsights lays out the insights of the entries as of asOf, with the
// severities in the config's order (nil: the default). file maps a COE id
// to its page in coes/ (without .html); an id it does not know is shown
// without a link.
func NewInsights(entries []stats.Entry, severities []string, asOf coe.Date, file func(id string) (string, bool)) *InsightsData {
	if severities == nil {
		severities = coe.DefaultSeverities()
	}
	o := stats.Options{By: stats.BySeverity, Severities: severities, AsOf: asOf}
	r := stats.Compute(entries, o)
	s := stats.ComputeSeries(entries, o)
	d := &InsightsData{AsOf: asOf.String(), COEs: r.COEs, Undated: s.Undated, WindowDays: r.WindowDays,
		OpenActions: r.Actions.Open, OverdueActions: r.Actions.Overdue,
		Detected: r.TimeToDetect.N, Resolved: r.TimeToResolve.N, AgeMissing: s.AgeMissing}
	if m := r.TimeToDetect.Median; m != nil {
		d.MedianDetect = stats.Human(*m)
	}
	if m := r.TimeToResolve.Median; m != nil {
		d.MedianResolve = stats.Human(*m)
	}
	for i, sv := range s.Severities {
		d.Legend = append(d.Legend, LegendItem{Label: severityLabel(sv), Class: severityClass(i)})
	}

	d.Months = monthsChart(&s, d.Legend)
	for _, m := range s.Months {
		d.MonthRows = append(d.MonthRows, MonthRow{Month: m.Month, COEs: m.COEs, Counts: m.BySeverity})
	}
	if s.MonthsCut > 0 {
		d.MonthsNote = fmt.Sprintf("The last %d months; %s of the %s before them %s not shown.",
			len(s.Months), plural(s.COEsCut, "COE", "COEs"), plural(s.MonthsCut, "month", "months"), isAre(s.COEsCut))
	}

	d.Detect = TimeFigure{What: "Time to detect", ID: "detect", Chart: dotChart("detect", "Time to detect", s.Detect, d.Legend)}
	d.Resolve = TimeFigure{What: "Time to resolve", ID: "resolve", Chart: dotChart("resolve", "Time to resolve", s.Resolve, d.Legend)}
	for _, g := range r.Groups {
		name := severityLabel(g.Key)
		d.Detect.Rows = append(d.Detect.Rows, TimeRow{Severity: name, COEs: g.COEs, TimeCells: timeCells(g.TimeToDetect)})
		d.Resolve.Rows = append(d.Resolve.Rows, TimeRow{Severity: name, COEs: g.COEs, TimeCells: timeCells(g.TimeToResolve)})
	}

	d.Actions = actionsChart(&s)
	d.ActionRows = s.ActionMonths
	var notes []string
	if s.ActionMonthsCut > 0 {
		notes = append(notes, fmt.Sprintf("The last %d months; %d opened and %d done in the %s before them are not shown.",
			len(s.ActionMonths), s.OpenedCut, s.DoneCut, plural(s.ActionMonthsCut, "month", "months")))
	}
	if s.OpenedUndated > 0 {
		notes = append(notes, fmt.Sprintf("%s of COEs with neither submitted_at nor an incident start %s in no month.",
			plural(s.OpenedUndated, "action", "actions"), isAre(s.OpenedUndated)))
	}
	if s.DoneUndated > 0 {
		notes = append(notes, fmt.Sprintf("%s done without done_at %s in no month.", plural(s.DoneUndated, "action", "actions"), isAre(s.DoneUndated)))
	}
	d.ActionsNote = strings.Join(notes, " ")
	d.Ages = agesChart(&s)
	d.AgeRows = s.Ages

	link := func(id string) COELink {
		l := COELink{ID: Safe(id)}
		if f, ok := file(id); ok {
			// A file's name is a path segment ("?" or "#" in it is not
			// a query or a fragment); a source's is two (site_sources.go).
			l.File = pagePath(f)
		}
		return l
	}
	ids := func(list []string) IDList {
		l := IDList{N: len(list), More: max(0, len(list)-MaxIDs)}
		for _, id := range list[:min(len(list), MaxIDs)] {
			l.COEs = append(l.COEs, link(id))
		}
		return l
	}
	for _, rc := range r.Recurrence[:min(len(r.Recurrence), MaxRows)] {
		kind, name, _ := strings.Cut(rc.Key, ":")
		d.Recurrence = append(d.Recurrence, RecurrenceRow{Kind: kind, Name: Safe(name), IDList: ids(rc.COEs)})
	}
	for _, ch := range r.RelatedChains[:min(len(r.RelatedChains), MaxRows)] {
		d.Chains = append(d.Chains, ids(ch))
	}
	d.MoreRecurrence = max(0, len(r.Recurrence)-MaxRows)
	d.MoreChains = max(0, len(r.RelatedChains)-MaxRows)
	return d
}

func severityLabel(s string) string {
	if s == "" {
		return stats.None
	}
	return Safe(s)
}

// iso isolates user text inside a sentence of coe's (a tooltip, a
// description): a right-to-left override in a name cannot reorder the
// words around it, and right-to-left names still read right.
func iso(s string) string { return "\u2068" + s + "\u2069" }

func severityClass(i int) string { return fmt.Sprintf("sev-c%d", i%severityColors) }

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func timeCells(d stats.Dist) TimeCells {
	c := TimeCells{N: d.N, Missing: d.Missing}
	h := func(p *float64) string {
		if p == nil {
			return ""
		}
		return stats.Human(*p)
	}
	c.Median, c.P90, c.Min, c.Max = h(d.Median), h(d.P90), h(d.Min), h(d.Max)
	return c
}

// niceStep is a round step (1, 2 or 5 times a power of ten) that divides
// 0..max into at most five steps.
func niceStep(max int) int {
	step := 1
	for {
		for _, m := range []int{1, 2, 5} {
			if s := step * m; max <= 5*s {
				return s
			}
		}
		if step > math.MaxInt/100 {
			return step
		}
		step *= 10
	}
}

// barFrame sets up a bar chart of n bars whose values go up to max: its
// frame and value axis. It returns the width of each bar's band and a
// function from a value to its y.
func barFrame(id string, n, max int) (*BarChart, float64, func(int) int) {
	ch := &BarChart{ID: id, W: insightsW, H: 250, X0: 44, X1: insightsW - 12, Y0: 14}
	ch.Y1 = ch.H - 44
	step := niceStep(max)
	top := step * ((max + step - 1) / step)
	if top == 0 {
		top = step
	}
	y := func(v int) int {
		return ch.Y1 - int(math.Round(float64(ch.Y1-ch.Y0)*float64(v)/float64(top)))
	}
	for v := 0; v <= top; v += step {
		ch.YTicks = append(ch.YTicks, AxisTick{X: ch.X0 - 6, Y: y(v), Label: Thousands(int64(v))})
		if v > math.MaxInt-step {
			break
		}
	}
	band := float64(ch.X1-ch.X0) / float64(max1(n))
	return ch, band, y
}

func max1(n int) int { return max(n, 1) }

// monthTicks names every few months under the bars, as many as fit.
func monthTicks(ch *BarChart, months []string, band float64) {
	every := max(1, int(math.Ceil(56/band)))
	for i, m := range months {
		if i%every == 0 {
			ch.XTicks = append(ch.XTicks, AxisTick{X: ch.X0 + int(band*(float64(i)+0.5)), Y: ch.Y1 + 16, Label: m})
		}
	}
}

func monthsChart(s *stats.Series, legend []LegendItem) *BarChart {
	if len(s.Months) == 0 {
		return nil
	}
	most, busiest := 0, ""
	for _, m := range s.Months {
		if m.COEs > most {
			most, busiest = m.COEs, m.Month
		}
	}
	ch, band, y := barFrame("months", len(s.Months), most)
	first, last := s.Months[0].Month, s.Months[len(s.Months)-1].Month
	ch.Title = fmt.Sprintf("COEs per month by severity, %s to %s", first, last)
	ch.Desc = fmt.Sprintf("Stacked bars, one a month, the worst severity at the bottom. %s in %s", plural(sumMonths(s), "COE", "COEs"), plural(len(s.Months), "month", "months"))
	if most > 0 {
		ch.Desc += fmt.Sprintf("; the most in one month: %d, in %s", most, busiest)
	}
	ch.Desc += "."
	bw := max(1, int(band*0.72))
	months := make([]string, len(s.Months))
	for i, m := range s.Months {
		months[i] = m.Month
		x := ch.X0 + int(band*float64(i)+(band-float64(bw))/2)
		bar := Bar{Title: m.Month + ": " + plural(m.COEs, "COE", "COEs")}
		var parts []string
		cum, prev := 0, ch.Y1
		for j, n := range m.BySeverity {
			if n == 0 {
				continue
			}
			cum += n
			top := y(cum)
			if prev > top {
				bar.Rects = append(bar.Rects, Rect{X: x, Y: top, W: bw, H: prev - top, Class: legend[j].Class})
			}
			prev = top
			parts = append(parts, fmt.Sprintf("%d %s", n, iso(legend[j].Label)))
		}
		if len(parts) > 0 {
			bar.Title += " (" + strings.Join(parts, ", ") + ")"
		}
		ch.Bars = append(ch.Bars, bar)
	}
	monthTicks(ch, months, band)
	return ch
}

func sumMonths(s *stats.Series) int {
	n := 0
	for _, m := range s.Months {
		n += m.COEs
	}
	return n
}

func actionsChart(s *stats.Series) *BarChart {
	if len(s.ActionMonths) == 0 {
		return nil
	}
	most, opened, done := 0, 0, 0
	for _, m := range s.ActionMonths {
		most = max(most, m.Opened, m.Done)
		opened += m.Opened
		done += m.Done
	}
	ch, band, y := barFrame("actions", len(s.ActionMonths), most)
	first, last := s.ActionMonths[0].Month, s.ActionMonths[len(s.ActionMonths)-1].Month
	ch.Title = fmt.Sprintf("Corrective actions opened and done per month, %s to %s", first, last)
	ch.Desc = fmt.Sprintf("Two bars a month: actions opened (with their COE's submission, else its incident) and actions done. %d opened and %d done in these %s.",
		opened, done, plural(len(s.ActionMonths), "month", "months"))
	bw := max(1, int(band*0.36))
	months := make([]string, len(s.ActionMonths))
	for i, m := range s.ActionMonths {
		months[i] = m.Month
		x := ch.X0 + int(band*float64(i)+band/2) - bw
		bar := Bar{Title: fmt.Sprintf("%s: %d opened, %d done", m.Month, m.Opened, m.Done)}
		if h := ch.Y1 - y(m.Opened); h > 0 {
			bar.Rects = append(bar.Rects, Rect{X: x, Y: y(m.Opened), W: bw, H: h, Class: "act-opened"})
		}
		if h := ch.Y1 - y(m.Done); h > 0 {
			bar.Rects = append(bar.Rects, Rect{X: x + bw, Y: y(m.Done), W: bw, H: h, Class: "act-done"})
		}
		ch.Bars = append(ch.Bars, bar)
	}
	monthTicks(ch, months, band)
	return ch
}

func agesChart(s *stats.Series) *BarChart {
	most, total, overdue := 0, 0, 0
	for _, b := range s.Ages {
		most = max(most, b.Overdue+b.NotDue)
		total += b.Overdue + b.NotDue
		overdue += b.Overdue
	}
	if total == 0 {
		return nil
	}
	ch, band, y := barFrame("ages", len(s.Ages), most)
	ch.Title = "Open corrective actions by age"
	ch.Desc = fmt.Sprintf("A bar for each age, overdue actions at the bottom: %s open, %d overdue.", plural(total, "action", "actions"), overdue)
	bw := max(1, int(band*0.5))
	for i, b := range s.Ages {
		x := ch.X0 + int(band*float64(i)+(band-float64(bw))/2)
		bar := Bar{Title: fmt.Sprintf("%s: %d overdue, %d not", b.Label, b.Overdue, b.NotDue)}
		if h := ch.Y1 - y(b.Overdue); h > 0 {
			bar.Rects = append(bar.Rects, Rect{X: x, Y: y(b.Overdue), W: bw, H: h, Class: "overdue-bar"})
		}
		if top := y(b.Overdue + b.NotDue); y(b.Overdue) > top {
			bar.Rects = append(bar.Rects, Rect{X: x, Y: top, W: bw, H: y(b.Overdue) - top, Class: "notdue-bar"})
		}
		ch.Bars = append(ch.Bars, bar)
		ch.XTicks = append(ch.XTicks, AxisTick{X: ch.X0 + int(band*(float64(i)+0.5)), Y: ch.Y1 + 16, Label: b.Label})
	}
	return ch
}

// dotChart lays out one time (detect or resolve) of every severity with
// COEs: nil when no COE has it.
func dotChart(id, what string, groups []stats.SeverityPoints, legend []LegendItem) *DotChart {
	hi, n, missing := 0.0, 0, 0
	for _, g := range groups {
		n += len(g.Points)
		missing += g.Missing
		if k := len(g.Points); k > 0 {
			hi = max(hi, g.Points[k-1].Minutes)
		}
	}
	if n == 0 {
		return nil
	}
	// The axis runs from a minute to the first mark at or past the
	// longest time (a day at least, ten years at most).
	end := len(logTicks) - 1
	for i, t := range logTicks {
		if t.minutes >= hi && t.minutes >= 1440 {
			end = i
			break
		}
	}
	span := math.Log10(logTicks[end].minutes)
	ch := &DotChart{ID: id, W: insightsW, X0: dotLabelW, X1: insightsW - 16}
	x := func(m float64) int {
		f := 0.0
		if m > 1 {
			f = min(1, math.Log10(m)/span)
		}
		return ch.X0 + int(math.Round(f*float64(ch.X1-ch.X0)))
	}
	jitter := []int{0, -7, 7, -3, 3, -10, 10}
	rows := 0
	for i, g := range groups {
		if len(g.Points) == 0 && g.Missing == 0 {
			continue
		}
		top := 8 + rows*dotRowH
		rows++
		name := severityLabel(g.Severity)
		row := DotRow{Label: shortLabel(name), Name: name, Class: legend[i].Class, Top: top, Bottom: top + dotRowH, Y: top + dotRowH/2,
			Note: fmt.Sprintf("%s: %d with the time, %d missing", iso(name), len(g.Points), g.Missing)}
		// Dots at one place are one dot naming them all: a row never has
		// more dots than it is wide.
		for j := 0; j < len(g.Points); {
			px := x(g.Points[j].Minutes)
			k := j + 1
			for k < len(g.Points) && x(g.Points[k].Minutes) == px {
				k++
			}
			row.Dots = append(row.Dots, Dot{X: px, Y: row.Y + jitter[len(row.Dots)%len(jitter)], Title: dotTitle(g.Points[j:k])})
			j = k
		}
		if g.Median != nil {
			row.Median = &MedianMark{X: x(*g.Median), Y1: top + 4, Y2: top + dotRowH - 4,
				Title: fmt.Sprintf("Median of %s: %s (%s)", iso(name), stats.Human(*g.Median), plural(len(g.Points), "COE", "COEs"))}
		}
		ch.Rows = append(ch.Rows, row)
	}
	ch.AxisY = 8 + rows*dotRowH + 4
	ch.H = ch.AxisY + 26
	for _, t := range logTicks[:end+1] {
		ch.Ticks = append(ch.Ticks, AxisTick{X: x(t.minutes), Y: ch.AxisY + 16, Label: t.label})
	}
	ch.Title = fmt.Sprintf("%s by severity, on a log scale from 1 minute to %s", what, logTicks[end].label)
	ch.Desc = fmt.Sprintf("Each dot is a COE (hover for its id and time), each bar its severity's median; %s with the time, %d missing. Times under a minute are drawn at 1m.",
		plural(n, "COE", "COEs"), missing)
	return ch
}

// dotTitle is the tooltip of a dot of one or more COEs.
func dotTitle(ps []stats.Point) string {
	if len(ps) == 1 {
		return iso(Safe(ps[0].ID)) + ": " + stats.Human(ps[0].Minutes)
	}
	ids := make([]string, 0, insightsMaxIDs)
	for _, p := range ps[:min(len(ps), insightsMaxIDs)] {
		ids = append(ids, iso(Safe(p.ID)))
	}
	s := strings.Join(ids, ", ")
	if len(ps) > insightsMaxIDs {
		s += fmt.Sprintf(" and %d more", len(ps)-insightsMaxIDs)
	}
	lo, hi := stats.Human(ps[0].Minutes), stats.Human(ps[len(ps)-1].Minutes)
	if lo == hi {
		return fmt.Sprintf("%d COEs: %s: %s", len(ps), s, lo)
	}
	return fmt.Sprintf("%d COEs: %s: %s to %s", len(ps), s, lo, hi)
}

// shortLabel cuts a row's label to fit the space left of the plot.
func shortLabel(s string) string {
	r := []rune(s)
	if len(r) <= labelChars {
		return s
	}
	return string(slices.Clip(r[:labelChars-1])) + "…"
}

// insightsKey is the insights page's key (listKey's, for a page that
// shows no row): it is made of the COEs' figures (entries, in their
// order: every field of stats.Entry) and of the page each id links to
// (the first row of that id, in the rows' order). No title is on it: a
// COE's new title leaves it as it was. TestInsightsKeyCoversEntries
// changes each field of an Entry and wants another key.
func (o *SiteOptions) insightsKey(rows []Row, entries []stats.Entry) string {
	k := o.listHash(InsightsPage)
	if k == nil {
		return ""
	}
	k.ints(int64(len(rows)))
	for i := range rows {
		k.str(rows[i].ID)
		k.str(rows[i].File)
	}
	k.ints(int64(len(entries)))
	for i := range entries {
		e := &entries[i]
		k.str(e.ID)
		k.str(e.Status)
		k.str(e.Severity)
		k.strs(e.Services)
		k.strs(e.Tags)
		k.strs(e.Factors)
		k.strs(e.Related)
		for _, t := range [...]time.Time{e.Started, e.Detected, e.Mitigated, e.Resolved, e.Submitted, e.Approved, e.Closed} {
			zone, offset := t.Zone()
			k.ints(t.Unix(), int64(t.Nanosecond()), int64(offset))
			k.str(zone)
		}
		k.ints(int64(len(e.Actions)))
		for _, a := range e.Actions {
			k.str(a.Owner)
			k.str(a.Priority)
			k.str(a.Status)
			k.ints(int64(a.Due.Year), int64(a.Due.Month), int64(a.Due.Day), int64(a.DoneAt.Year), int64(a.DoneAt.Month), int64(a.DoneAt.Day))
		}
	}
	return k.sum()
}

// writeInsights writes the insights page of the COEs the site shows.
func (o *SiteOptions) writeInsights(w *siteWriter, rows []Row, entries []stats.Entry) error {
	files := make(map[string]string, len(rows))
	for _, r := range rows {
		if _, ok := files[r.ID]; !ok {
			files[r.ID] = r.File
		}
	}
	d := NewInsights(entries, o.Severities, o.Today, func(id string) (string, bool) {
		f, ok := files[id]
		return f, ok
	})
	d.Page = o.pageData("Insights · "+o.Title, "", "insights", false)
	return w.page(o.Templates, InsightsPage, TemplateInsights, d)
}
