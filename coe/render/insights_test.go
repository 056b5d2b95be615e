package render

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/stats"
)

// TestInsightsExamples: the examples' insights page, as a golden checked
// by hand; two builds give the same bytes.
func TestInsightsExamples(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	buildExamples(t, a)
	buildExamples(t, b)
	pa, err := os.ReadFile(filepath.Join(a, InsightsPage))
	if err != nil {
		t.Fatal(err)
	}
	pb, err := os.ReadFile(filepath.Join(b, InsightsPage))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pa, pb) {
		t.Error("two builds of the examples give two insights pages")
	}
	golden(t, "insights.html", pa)
	// Every page of the site links it.
	for _, p := range []string{"index.html", "actions.html", "tags/index.html", "coes/2024-01-28-speaker-groups-stopped-playing.html"} {
		data, err := os.ReadFile(filepath.Join(a, p))
		if err != nil {
			t.Fatal(err)
		}
		want := `href="insights.html">Insights</a>`
		if strings.Contains(p, "/") {
			want = `href="../insights.html">Insights</a>`
		}
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s does not link the insights page", p)
		}
	}
}

// renderInsights renders d as the site's page would be.
func renderInsights(t testing.TB, tpl *Templates, d *InsightsData) []byte {
	t.Helper()
	d.Page = tpl.page("Insights", "", true, false)
	d.Page.SiteTitle, d.Page.Nav = "COEs", "insights"
	var buf bytes.Buffer
	if err := tpl.execHTML(&buf, TemplateInsights, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var insightsT0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func inMinutes(m float64) time.Time { return insightsT0.Add(time.Duration(m * float64(time.Minute))) }

// TestInsightsLayout: the charts' geometry on hand-computed inputs: bars
// stack to their month's total, the log axis puts a time at its mark, and
// dots at one place are one dot naming them all.
func TestInsightsLayout(t *testing.T) {
	es := []stats.Entry{
		{ID: "a", Severity: "sev1", Started: inMinutes(0), Detected: inMinutes(60), Resolved: inMinutes(1440), Factors: []string{"config-change"}},
		{ID: "b", Severity: "sev1", Started: inMinutes(0), Detected: inMinutes(60), Resolved: inMinutes(1440 * 7), Factors: []string{"config-change"}},
		{ID: "c", Severity: "sev2", Started: inMinutes(0), Detected: inMinutes(10)},
		{ID: "d", Severity: "sev2", Started: inMinutes(0).AddDate(0, 1, 0), Detected: inMinutes(0).AddDate(0, 1, 0)},
	}
	d := NewInsights(es, []string{"sev1", "sev2"}, coe.Date{Year: 2025, Month: 4, Day: 2}, func(id string) (string, bool) { return id, id != "d" })
	checkGeometry(t, d)
	if d.COEs != 4 || d.MedianDetect != "35m" || d.MedianResolve != "4d" || d.Resolved != 2 {
		t.Errorf("headline: %d COEs, detect %q, resolve %q of %d", d.COEs, d.MedianDetect, d.MedianResolve, d.Resolved)
	}
	m := d.Months
	if m == nil || len(m.Bars) != 2 || len(d.MonthRows) != 2 || d.MonthRows[1].Month != "2025-04" {
		t.Fatalf("months: %+v", d.MonthRows)
	}
	// March: 2 sev1 and 1 sev2, the tallest bar, from the baseline to the
	// top, sev1 at the bottom.
	r := m.Bars[0].Rects
	if len(r) != 2 || r[0].Class != "sev-c0" || r[1].Class != "sev-c1" || r[0].Y+r[0].H != m.Y1 || r[1].Y+r[1].H != r[0].Y {
		t.Errorf("March's bar: %+v", r)
	}
	if top := m.YTicks[len(m.YTicks)-1]; r[1].Y != m.Y0 || top.Label != "3" && top.Label != "4" {
		t.Errorf("March reaches %d, the top %+v, the plot's top %d", r[1].Y, top, m.Y0)
	}
	if !strings.Contains(m.Bars[0].Title, "2025-03: 3 COEs (2 \u2068sev1\u2069, 1 \u2068sev2\u2069)") {
		t.Errorf("March's tooltip: %q", m.Bars[0].Title)
	}

	det := d.Detect.Chart
	if det == nil || len(det.Rows) != 2 {
		t.Fatalf("detect: %+v", det)
	}
	tick := map[string]int{}
	for _, k := range det.Ticks {
		tick[k.Label] = k.X
	}
	if det.Ticks[len(det.Ticks)-1].Label != "1d" || tick["1m"] != det.X0 || tick["1d"] != det.X1 {
		t.Errorf("the axis runs to a day at least: %+v", det.Ticks)
	}
	// a and b took an hour each: one dot at 1h naming both; the median
	// is there too.
	sev1 := det.Rows[0]
	if len(sev1.Dots) != 1 || sev1.Dots[0].X != tick["1h"] || !strings.Contains(sev1.Dots[0].Title, "2 COEs: \u2068a\u2069, \u2068b\u2069: 1h") {
		t.Errorf("sev1's dots: %+v", sev1.Dots)
	}
	if sev1.Median == nil || sev1.Median.X != tick["1h"] {
		t.Errorf("sev1's median: %+v", sev1.Median)
	}
	// c at 10m, and d at 0 drawn at the axis' start.
	sev2 := det.Rows[1]
	if len(sev2.Dots) != 2 || sev2.Dots[0].X != det.X0 || sev2.Dots[1].X != tick["10m"] {
		t.Errorf("sev2's dots: %+v", sev2.Dots)
	}
	res := d.Resolve.Chart
	if res.Ticks[len(res.Ticks)-1].Label != "1w" || len(res.Rows) != 2 || res.Rows[1].Median != nil || !strings.Contains(res.Rows[1].Note, "0 with the time, 2 missing") {
		t.Errorf("resolve: ticks %+v, sev2 %+v", res.Ticks, res.Rows[1])
	}
	if d.Resolve.Rows[1].Missing != 2 || d.Resolve.Rows[1].Median != "" {
		t.Errorf("resolve's figures for sev2: %+v", d.Resolve.Rows[1])
	}
	// A contributing factor recurs as a service or a tag does.
	page := string(renderInsights(t, builtin(t), d))
	for _, want := range []string{
		`<tr><th scope="row"><span class="muted">factor</span> config-change</th><td class="num">2</td><td><ul class="list-inline"><li><a href="coes/a.html">a</a></li><li><a href="coes/b.html">b</a></li></ul></td></tr>`,
		`<tr><th scope="row">sev2</th><td class="num">2</td><td class="num">0</td><td class="num">2</td><td class="num"></td>`,
		`aria-labelledby="detect-title detect-desc"`,
		`<dt>Median time to resolve</dt><dd>4d<span class="sub muted">of 2 COEs</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestInsightsEmpty: no COEs, one COE, COEs without any time: a page that
// says so, no chart without data, nothing divided by zero.
func TestInsightsEmpty(t *testing.T) {
	tpl := builtin(t)
	none := func(string) (string, bool) { return "", false }
	d := NewInsights(nil, nil, coe.Date{}, none)
	if d.Months != nil || d.Detect.Chart != nil || d.Actions != nil || d.Ages != nil {
		t.Errorf("no COEs: %+v", d)
	}
	if page := string(renderInsights(t, tpl, d)); !strings.Contains(page, "No COEs yet.") || strings.Contains(page, "<svg") {
		t.Errorf("no COEs:\n%s", page)
	}

	d = NewInsights([]stats.Entry{{ID: "x", Severity: "sev2", Actions: []stats.Action{{Status: coe.ActionOpen}}}}, nil, coe.Date{Year: 2025, Month: 1, Day: 1}, none)
	checkGeometry(t, d)
	page := string(renderInsights(t, tpl, d))
	for _, want := range []string{"No COE has an incident start.", "1 COE has no incident start", "No COE has the time.", "No corrective action has a date.",
		"No open corrective actions.", "None recur.", "<dd>none<span"} {
		if !strings.Contains(page, want) {
			t.Errorf("a COE without times: no %q in\n%s", want, page)
		}
	}
	if strings.Contains(page, "<svg") {
		t.Error("a COE without times has a chart")
	}
}

// TestInsightsHostile: ids, severities, services and tags made of markup,
// bidi controls and very long names are text in the page, cut where a
// chart has no room, and links to their pages stay in coes/, escaped as
// the site escapes paths.
func TestInsightsHostile(t *testing.T) {
	long := strings.Repeat("verylongname", 2000)
	names := append(append([]string{}, hostile...), "\u202Eevil\u202C", "\u2067rtl", long, "", "sev1")
	var es []stats.Entry
	for i, n := range names {
		es = append(es, stats.Entry{ID: n + fmt.Sprint(i), Severity: n, Services: []string{n, "shared"}, Tags: []string{n},
			Related: []string{names[(i+1)%len(names)] + fmt.Sprint((i+1)%len(names))},
			Started: inMinutes(float64(i) * 1440), Detected: inMinutes(float64(i)*1440 + float64(i*i)), Resolved: inMinutes(float64(i)*1440 + 1e6),
			Actions: []stats.Action{{Status: coe.ActionOpen, Due: coe.Date{Year: 2025, Month: 1, Day: 1}}}})
	}
	file := func(id string) (string, bool) { return "a b?#" + id[:min(len(id), 3)], true }
	d := NewInsights(es, []string{"sev1", "sev2"}, coe.Date{Year: 2025, Month: 6, Day: 1}, file)
	checkGeometry(t, d)
	for _, ch := range []*DotChart{d.Detect.Chart, d.Resolve.Chart} {
		for _, r := range ch.Rows {
			if n := len([]rune(r.Label)); n > labelChars {
				t.Errorf("a row label of %d characters: %.40q", n, r.Label)
			}
		}
	}
	tpl := builtin(t)
	page := renderInsights(t, tpl, d)
	checkHTML(t, "insights", page, tpl)
	s := string(page)
	if !strings.Contains(s, `<a href="coes/a%20b%3F%23%3Csc.html">&lt;script&gt;alert(1)&lt;/script&gt;0</a>`) {
		t.Error("a hostile id's link is not escaped as a path, or its text as text")
	}
	if len(d.Recurrence) == 0 || len(d.Chains) != 1 || d.Chains[0].N != len(names) || len(d.Chains[0].COEs) != MaxIDs || d.Chains[0].More != len(names)-MaxIDs {
		t.Errorf("recurrence %d, chains %+v", len(d.Recurrence), d.Chains)
	}
	if strings.Contains(s, "\x1b") || strings.Contains(s, "\x00") {
		t.Error("a control character reaches the page")
	}
	// Every name in a sentence of coe's is isolated, so an override in it
	// ends with it.
	for _, b := range d.Months.Bars {
		if strings.Count(b.Title, "\u2068") != strings.Count(b.Title, "\u2069") {
			t.Errorf("an isolate left open in %q", b.Title)
		}
	}
	// The page stays in proportion: the long name is in the tables, not
	// repeated in every tooltip.
	if n := strings.Count(s, long); n > 16 {
		t.Errorf("the long name is in the page %d times", n)
	}
	if len(page) > 20*len(long) {
		t.Errorf("the page is %d bytes for a name of %d", len(page), len(long))
	}
}

// checkGeometry fails when a chart draws outside its box, or draws
// nothing, or not a number.
func checkGeometry(t testing.TB, d *InsightsData) {
	t.Helper()
	in := func(what string, v, lo, hi int) {
		if v < lo || v > hi {
			t.Errorf("%s = %d, outside %d..%d", what, v, lo, hi)
		}
	}
	for _, ch := range []*BarChart{d.Months, d.Actions, d.Ages} {
		if ch == nil {
			continue
		}
		in(ch.ID+" Y0", ch.Y0, 0, ch.Y1)
		in(ch.ID+" Y1", ch.Y1, ch.Y0, ch.H)
		for _, k := range ch.YTicks {
			in(ch.ID+" y tick", k.Y, ch.Y0, ch.Y1)
		}
		for _, k := range ch.XTicks {
			in(ch.ID+" x tick", k.X, ch.X0, ch.X1)
		}
		for _, b := range ch.Bars {
			for _, r := range b.Rects {
				if r.W <= 0 || r.H <= 0 {
					t.Errorf("%s: an empty rectangle %+v", ch.ID, r)
				}
				in(ch.ID+" x", r.X, ch.X0, ch.X1)
				in(ch.ID+" right", r.X+r.W, ch.X0, ch.X1)
				in(ch.ID+" y", r.Y, ch.Y0, ch.Y1)
				in(ch.ID+" bottom", r.Y+r.H, ch.Y0, ch.Y1)
			}
		}
	}
	for _, f := range []TimeFigure{d.Detect, d.Resolve} {
		ch := f.Chart
		if ch == nil {
			continue
		}
		in(ch.ID+" axis", ch.AxisY, 0, ch.H)
		for _, k := range ch.Ticks {
			in(ch.ID+" tick", k.X, ch.X0, ch.X1)
		}
		for _, r := range ch.Rows {
			in(ch.ID+" row", r.Y, 0, ch.AxisY)
			if len(r.Dots) > ch.X1-ch.X0+1 {
				t.Errorf("%s: %d dots in a row %d wide", ch.ID, len(r.Dots), ch.X1-ch.X0)
			}
			for _, p := range r.Dots {
				in(ch.ID+" dot x", p.X, ch.X0, ch.X1)
				in(ch.ID+" dot y", p.Y, r.Top, r.Bottom)
			}
			if m := r.Median; m != nil {
				in(ch.ID+" median", m.X, ch.X0, ch.X1)
			}
		}
	}
	for _, s := range []string{d.MedianDetect, d.MedianResolve} {
		if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") || strings.Contains(s, fmt.Sprint(math.MinInt64)) {
			t.Errorf("a headline of %q", s)
		}
	}
}

// BenchmarkInsights10k lays out and renders the insights page of 10,000
// generated COEs, what the page adds to BenchmarkBuildSite10k (with
// stats.EntryOf for each COE, which BuildSite calls as it reads them).
func BenchmarkInsights10k(b *testing.B) {
	r := repo10k(b)
	files, err := r.Files()
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]*coe.COE, len(files))
	coe.EachFile(files, r.ReadOptions(), nil, func(i int, lr coe.LoadResult) {
		if lr.Err != nil {
			b.Fatal(lr.Err)
		}
		docs[i] = &lr.Doc.COE
	})
	tpl := builtin(b)
	b.ResetTimer()
	for b.Loop() {
		es := make([]stats.Entry, len(docs))
		for i, c := range docs {
			es[i] = stats.EntryOf(c)
		}
		d := NewInsights(es, nil, today, func(id string) (string, bool) { return id, true })
		b.SetBytes(int64(len(renderInsights(b, tpl, d))))
	}
}

// TestInsightsCaps: a repository of many COEs keeps a page of a readable
// size: each recurrence and chain names its first MaxIDs COEs and counts
// the rest, and the page lists MaxRows of them, saying how many more.
func TestInsightsCaps(t *testing.T) {
	var es []stats.Entry
	for i := range 2 * (MaxRows + 7) {
		id := fmt.Sprintf("c%03d", i)
		e := stats.Entry{ID: id, Severity: "sev1", Services: []string{fmt.Sprintf("s%02d", i/2)}, Tags: []string{"all"}, Started: inMinutes(float64(i))}
		if i%2 == 1 {
			e.Related = []string{fmt.Sprintf("c%03d", i-1)}
		}
		es = append(es, e)
	}
	d := NewInsights(es, nil, coe.Date{Year: 2025, Month: 3, Day: 2}, func(id string) (string, bool) { return id, true })
	if len(d.Recurrence) != MaxRows || d.MoreRecurrence != MaxRows+7+1-MaxRows {
		t.Errorf("%d recurrences shown, %d more", len(d.Recurrence), d.MoreRecurrence)
	}
	all := d.Recurrence[0]
	if all.Name != "all" || all.N != len(es) || len(all.COEs) != MaxIDs || all.More != len(es)-MaxIDs {
		t.Errorf("the tag of every COE: %s, %d, %d shown, %d more", all.Name, all.N, len(all.COEs), all.More)
	}
	if len(d.Chains) != MaxRows || d.MoreChains != 7 {
		t.Errorf("%d chains shown, %d more", len(d.Chains), d.MoreChains)
	}
	page := string(renderInsights(t, builtin(t), d))
	for _, want := range []string{fmt.Sprintf(`<li class="muted">and %d more</li>`, len(es)-MaxIDs), "<p class=\"muted\">And 8 more; <code>coe stats --json</code> lists them all.</p>",
		"<p class=\"muted\">And 7 more; <code>coe stats --json</code> lists them all.</p>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestInsightsKeyCoversEntries: a change of any field of a COE's
// stats.Entry, or of one of its actions, or of the page an id links to,
// changes the insights page's key; a new title does not.
func TestInsightsKeyCoversEntries(t *testing.T) {
	o := &SiteOptions{base: "base", Today: coe.Date{Year: 2026, Month: 12, Day: 3}}
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	e := stats.Entry{ID: "a", Status: "open", Severity: "sev2", Services: []string{"s"}, Tags: []string{"t"},
		Factors: []string{"f"}, Related: []string{"r"}, Started: at, Detected: at, Mitigated: at, Resolved: at,
		Submitted: at, Approved: at, Closed: at,
		Actions: []stats.Action{{Owner: "o", Priority: "p", Status: "s", Due: coe.Date{Year: 2026, Month: 1, Day: 1}, DoneAt: coe.Date{Year: 2026, Month: 1, Day: 2}}}}
	entries := []stats.Entry{e}
	rows := []Row{{ID: "a", File: "a", Title: "A title"}}
	base := o.insightsKey(rows, entries)
	changed := func(what string) {
		t.Helper()
		if o.insightsKey(rows, entries) == base {
			t.Errorf("%s changed, the insights key did not", what)
		}
		entries[0], rows[0] = e, Row{ID: "a", File: "a", Title: "A title"}
		if o.insightsKey(rows, entries) != base {
			t.Fatalf("%s put back, the key is not the same", what)
		}
	}
	ev := reflect.ValueOf(&entries[0]).Elem()
	for i := range ev.NumField() {
		f := ev.Field(i)
		name := ev.Type().Field(i).Name
		switch v := f.Addr().Interface().(type) {
		case *string:
			*v += "x"
			changed(name)
		case *[]string:
			*v = []string{(*v)[0] + "x"}
			changed(name)
			*v = append(slices.Clone(*v), "")
			changed(name + " (one more)")
		case *time.Time:
			*v = v.Add(time.Nanosecond)
			changed(name)
			*v = v.In(time.FixedZone("X", 3600))
			changed(name + " (its zone)")
			*v = v.In(time.FixedZone("GMT", 0))
			changed(name + " (its zone's name)")
		case *[]stats.Action:
			av := reflect.ValueOf(&stats.Action{}).Elem()
			for j := range av.NumField() {
				acts := slices.Clone(*v)
				a := reflect.ValueOf(&acts[0]).Elem().Field(j)
				switch x := a.Addr().Interface().(type) {
				case *string:
					*x += "x"
				case *coe.Date:
					x.Day++
				default:
					t.Fatalf("Action.%s: teach the test and insightsKey its type", av.Type().Field(j).Name)
				}
				*v = acts
				changed("Actions." + av.Type().Field(j).Name)
			}
			*v = append(slices.Clone(*v), stats.Action{})
			changed("Actions (one more)")
		default:
			t.Fatalf("Entry.%s: teach the test and insightsKey its type", name)
		}
	}
	rows[0].File = "b"
	changed("the page of an id")
	rows[0].Title = "Another title"
	if o.insightsKey(rows, entries) != base {
		t.Error("a new title changed the insights key")
	}
}
