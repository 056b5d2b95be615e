// Package stats computes the view across COEs that `coe stats` prints: how
// many COEs by month and severity; the time to detect, mitigate and resolve
// (median, p90, min, max; a missing time is counted as missing, never as
// zero); recurrence of services, tags and contributing factors within a
// window, and chains of related COEs; how many COEs name each factor; the health of corrective actions; and the health of reviews.
//
// It works on Entry values, the little of each COE it needs, so a caller
// reading 10,000 files keeps no YAML and no answers in memory.
package stats

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
)

// Entry is what the statistics need of one COE.
type Entry struct {
	ID       string
	Status   string
	Severity string
	Services []string
	Tags     []string
	// Factors are the COE's contributing factors.
	Factors []string
	Related []string

	Started, Detected, Mitigated, Resolved time.Time
	Submitted, Approved, Closed            time.Time

	Actions []Action
}

// Action is what the statistics need of one corrective action.
type Action struct {
	Owner    string
	Priority string
	Status   string
	Due      coe.Date
	DoneAt   coe.Date
}

// EntryOf takes from c what the statistics need.
func EntryOf(c *coe.COE) Entry {
	e := Entry{
		ID: c.ID, Status: c.Status, Severity: c.Severity,
		Services: c.Services, Tags: c.Tags, Factors: c.ContributingFactors, Related: c.Related,
		Started: c.Incident.StartedAt, Detected: c.Incident.DetectedAt,
		Mitigated: c.Incident.MitigatedAt, Resolved: c.Incident.ResolvedAt,
		Submitted: c.SubmittedAt, Approved: c.ApprovedAt, Closed: c.ClosedAt,
	}
	if len(c.CorrectiveActions) > 0 {
		e.Actions = make([]Action, len(c.CorrectiveActions))
		for i, a := range c.CorrectiveActions {
			e.Actions[i] = Action{Owner: a.Owner, Priority: a.Priority, Status: a.Status, Due: a.Due, DoneAt: a.DoneAt}
		}
	}
	return e
}

// Group keys of Options.By.
const (
	BySeverity = "severity"
	ByService  = "service"
	ByTag      = "tag"
	ByFactor   = "factor"
	ByMonth    = "month"
)

// Bys lists the values Options.By may take (besides "").
func Bys() []string { return []string{BySeverity, ByService, ByTag, ByFactor, ByMonth} }

// None is the group of COEs without the grouped field (no service, no tag,
// no factor, no incident start).
const None = "(none)"

// DefaultWindow is the recurrence window when Options.Window is zero.
const DefaultWindow = 90 * 24 * time.Hour

// StuckDays is how long a COE may stay in review before it counts as stuck.
const StuckDays = 14

// Filter keeps some COEs. Several values of one list mean any of them; the
// lists and dates together mean all of them.
type Filter struct {
	// Since and Until keep COEs whose incident started on or after Since
	// and on or before Until (the date in the incident's own offset). A COE
	// without a start is left out when either is set, and counted.
	Since, Until coe.Date
	Severities   []string
	Services     []string
	Tags         []string
	Factors      []string
}

func (f *Filter) dated() bool { return !f.Since.IsZero() || !f.Until.IsZero() }

// keep reports whether the filter keeps e, and whether it was left out
// only for want of an incident start.
func (f *Filter) keep(e *Entry) (ok, undated bool) {
	if len(f.Severities) > 0 && !slices.Contains(f.Severities, e.Severity) {
		return false, false
	}
	if len(f.Services) > 0 && !anyOf(f.Services, e.Services) {
		return false, false
	}
	if len(f.Tags) > 0 && !anyOf(f.Tags, e.Tags) {
		return false, false
	}
	if len(f.Factors) > 0 && !anyOf(f.Factors, e.Factors) {
		return false, false
	}
	if f.dated() {
		if e.Started.IsZero() {
			return false, true
		}
		d := coe.DateOf(e.Started)
		if !f.Since.IsZero() && d.Compare(f.Since) < 0 || !f.Until.IsZero() && d.Compare(f.Until) > 0 {
			return false, false
		}
	}
	return true, false
}

func anyOf(want, have []string) bool {
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}

// Options say what to compute.
type Options struct {
	Filter Filter
	// By groups the time statistics: "", BySeverity, ByService, ByTag,
	// ByFactor or ByMonth.
	By string
	// Window is how close in time two COEs of a service, tag or factor must start
	// to count as a recurrence (DefaultWindow when zero).
	Window time.Duration
	// AsOf is the day overdue actions, open actions' ages and stuck reviews
	// are judged on.
	AsOf coe.Date
	// Severities is the config's list, the order severities are shown in
	// (others after it, by name).
	Severities []string
}

// Report is the result: the JSON of `coe stats --json`.
type Report struct {
	COEs int `json:"coes"`
	// Total is the number of COEs read, before the filters.
	Total int `json:"total"`
	// LeftOutUndated counts COEs a --since or --until left out because
	// they have no incident start.
	LeftOutUndated int    `json:"left_out_undated"`
	AsOf           string `json:"as_of"`
	WindowDays     int    `json:"window_days"`

	BySeverity map[string]int `json:"by_severity"`
	// ByFactor counts the COEs that name each contributing factor.
	ByFactor map[string]int `json:"by_factor"`
	ByMonth  []Month        `json:"by_month"`
	// Undated counts the COEs without an incident start (no month).
	Undated int `json:"undated"`

	TimeToDetect   Dist `json:"time_to_detect"`
	TimeToMitigate Dist `json:"time_to_mitigate"`
	TimeToResolve  Dist `json:"time_to_resolve"`

	By     string  `json:"by,omitempty"`
	Groups []Group `json:"groups,omitempty"`

	Recurrence    []Recurrence `json:"recurrence"`
	RelatedChains [][]string   `json:"related_chains"`

	Actions Actions `json:"actions"`
	Review  Review  `json:"review"`

	severities []string // the order of severities shown
}

// Severities lists the severities of BySeverity in the config's order,
// then others by name.
func (r *Report) Severities() []string { return r.severities }

// Factors lists the contributing factors of ByFactor, the most named
// first, then by name.
func (r *Report) Factors() []string {
	out := make([]string, 0, len(r.ByFactor))
	for f := range r.ByFactor {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if ni, nj := r.ByFactor[out[i]], r.ByFactor[out[j]]; ni != nj {
			return ni > nj
		}
		return out[i] < out[j]
	})
	return out
}

// Month counts the COEs whose incident started in one month.
type Month struct {
	Month      string         `json:"month"` // YYYY-MM
	COEs       int            `json:"coes"`
	BySeverity map[string]int `json:"by_severity"`
}

// Dist describes a set of durations in minutes. The pointers are nil when
// N is 0.
type Dist struct {
	N       int      `json:"n"`
	Missing int      `json:"missing"`
	Median  *float64 `json:"median_minutes"`
	P90     *float64 `json:"p90_minutes"`
	Min     *float64 `json:"min_minutes"`
	Max     *float64 `json:"max_minutes"`
}

// DayDist describes a set of durations in days.
type DayDist struct {
	N       int      `json:"n"`
	Missing int      `json:"missing"`
	Median  *float64 `json:"median_days"`
	P90     *float64 `json:"p90_days"`
}

// Group is the time statistics of one group of --by.
type Group struct {
	Key            string `json:"key"`
	COEs           int    `json:"coes"`
	TimeToDetect   Dist   `json:"time_to_detect"`
	TimeToMitigate Dist   `json:"time_to_mitigate"`
	TimeToResolve  Dist   `json:"time_to_resolve"`
}

// Recurrence is a service, tag or contributing factor (key
// "service:payments", "tag:dns", "factor:config-change") with
// two or more COEs that started within the window of another: those COEs'
// ids, oldest first.
type Recurrence struct {
	Key  string   `json:"key"`
	COEs []string `json:"coes"`
}

// Counts counts corrective actions.
type Counts struct {
	Total    int `json:"total"`
	Open     int `json:"open"`
	Overdue  int `json:"overdue"`
	Done     int `json:"done"`
	DoneLate int `json:"done_late"`
	WontDo   int `json:"wont_do"`
}

// KeyCounts is Counts of one owner or priority.
type KeyCounts struct {
	Key string `json:"key"`
	Counts
}

// Actions is the health of the corrective actions.
type Actions struct {
	Counts
	// MedianDaysLate is the median of (done_at - due) over the actions
	// done late; nil when none was.
	MedianDaysLate *float64 `json:"median_days_late"`
	// MedianOpenAgeDays is the median age of open actions, counted from
	// their COE's submitted_at, else its incident start; open actions of a
	// COE with neither are counted in OpenAgeMissing.
	MedianOpenAgeDays *float64    `json:"median_open_age_days"`
	OpenAgeMissing    int         `json:"open_age_missing"`
	ByOwner           []KeyCounts `json:"by_owner"`
	ByPriority        []KeyCounts `json:"by_priority"`
}

// Review is the health of the reviews.
type Review struct {
	// DaysToApproval and DaysToClosure count from the incident start.
	DaysToApproval DayDist `json:"days_to_approval"`
	DaysToClosure  DayDist `json:"days_to_closure"`
	// Stuck lists the COEs in review for more than StuckDays days (from
	// submitted_at, else the incident start), longest first.
	Stuck []Stuck `json:"stuck"`
}

// Stuck is one COE long in review.
type Stuck struct {
	ID   string `json:"id"`
	Days int    `json:"days"`
}

// Compute computes the report of the entries the filter keeps. It sorts
// nothing in place and keeps no reference to entries.
func Compute(entries []Entry, o Options) Report {
	window := o.Window
	if window <= 0 {
		window = DefaultWindow
	}
	r := Report{
		Total: len(entries), AsOf: o.AsOf.String(), WindowDays: int(window / (24 * time.Hour)),
		BySeverity: map[string]int{}, ByFactor: map[string]int{}, ByMonth: []Month{}, Recurrence: []Recurrence{}, RelatedChains: [][]string{},
	}
	kept := make([]*Entry, 0, len(entries))
	for i := range entries {
		ok, undated := o.Filter.keep(&entries[i])
		if undated {
			r.LeftOutUndated++
		}
		if ok {
			kept = append(kept, &entries[i])
		}
	}
	r.COEs = len(kept)

	months := map[string]*Month{}
	for _, e := range kept {
		r.BySeverity[e.Severity]++
		eachOnce(e.Factors, func(f string) { r.ByFactor[f]++ })
		if e.Started.IsZero() {
			r.Undated++
			continue
		}
		k := monthOf(e.Started)
		m := months[k]
		if m == nil {
			m = &Month{Month: k, BySeverity: map[string]int{}}
			months[k] = m
		}
		m.COEs++
		m.BySeverity[e.Severity]++
	}
	for _, m := range months {
		r.ByMonth = append(r.ByMonth, *m)
	}
	sort.Slice(r.ByMonth, func(i, j int) bool { return r.ByMonth[i].Month < r.ByMonth[j].Month })
	r.severities = orderSeverities(o.Severities, r.BySeverity)

	r.TimeToDetect, r.TimeToMitigate, r.TimeToResolve = times(kept)
	if o.By != "" {
		r.By = o.By
		r.Groups = groups(kept, o.By, r.severities)
	}
	r.Recurrence = recurrence(kept, window)
	r.RelatedChains = chains(kept)
	r.Actions = actions(kept, o.AsOf)
	r.Review = review(kept, o.AsOf)
	return r
}

func monthOf(t time.Time) string { return t.Format("2006-01") }

// orderSeverities lists the severities seen: the config's first, in its
// order, then the others by name.
func orderSeverities(config []string, seen map[string]int) []string {
	out := []string{}
	for _, s := range config {
		if seen[s] > 0 && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	var rest []string
	for s := range seen {
		if !slices.Contains(out, s) {
			rest = append(rest, s)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// times computes the three incident durations of the entries.
func times(es []*Entry) (detect, mitigate, resolve Dist) {
	var d, m, rs []float64
	var dm, mm, rm int
	for _, e := range es {
		d, dm = addSpan(d, dm, e.Started, e.Detected, time.Minute)
		m, mm = addSpan(m, mm, e.Started, e.Mitigated, time.Minute)
		rs, rm = addSpan(rs, rm, e.Started, e.Resolved, time.Minute)
	}
	return Minutes(d, dm), Minutes(m, mm), Minutes(rs, rm)
}

// addSpan adds the time from a to b in units, or counts it missing when
// either is unset or b comes before a (a time that cannot be right is no
// data).
func addSpan(xs []float64, missing int, a, b time.Time, unit time.Duration) ([]float64, int) {
	if a.IsZero() || b.IsZero() || b.Before(a) {
		return xs, missing + 1
	}
	return append(xs, float64(b.Sub(a))/float64(unit)), missing
}

// Minutes describes xs (minutes; sorted in place) with missing more
// counted as missing.
func Minutes(xs []float64, missing int) Dist {
	d := Dist{N: len(xs), Missing: missing}
	if len(xs) == 0 {
		return d
	}
	sort.Float64s(xs)
	d.Median, d.P90 = ptr(Median(xs)), ptr(P90(xs))
	d.Min, d.Max = ptr(xs[0]), ptr(xs[len(xs)-1])
	return d
}

// Days describes xs (days; sorted in place) with missing more counted as
// missing.
func Days(xs []float64, missing int) DayDist {
	m := Minutes(xs, missing)
	return DayDist{N: m.N, Missing: m.Missing, Median: m.Median, P90: m.P90}
}

// Median is the middle value of sorted xs; for an even count, the mean of
// the two middle values. NaN for none.
func Median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// P90 is the 90th percentile of sorted xs by nearest rank: the
// ceil(0.9 n)-th smallest value. NaN for none.
func P90(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	// ceil(0.9 n) in integers: (9n + 9) / 10, so no rounding of 0.9 n.
	rank := (9*n + 9) / 10
	return sorted[rank-1]
}

func ptr(f float64) *float64 {
	// Round to a millionth, so a sum of two values does not show 0.30000000000000004.
	f = math.Round(f*1e6) / 1e6
	return &f
}

// groups computes the time statistics per group of by.
func groups(es []*Entry, by string, severities []string) []Group {
	members := map[string][]*Entry{}
	add := func(k string, e *Entry) { members[k] = append(members[k], e) }
	for _, e := range es {
		switch by {
		case BySeverity:
			add(e.Severity, e)
		case ByMonth:
			if e.Started.IsZero() {
				add(None, e)
			} else {
				add(monthOf(e.Started), e)
			}
		case ByService, ByTag, ByFactor:
			keys := e.Services
			switch by {
			case ByTag:
				keys = e.Tags
			case ByFactor:
				keys = e.Factors
			}
			if len(keys) == 0 {
				add(None, e)
			}
			eachOnce(keys, func(k string) { add(k, e) })
		}
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if k == None {
			return math.MaxInt
		}
		if by == BySeverity {
			if i := slices.Index(severities, k); i >= 0 {
				return i
			}
		}
		return 0
	}
	sort.Slice(keys, func(i, j int) bool {
		if ri, rj := rank(keys[i]), rank(keys[j]); ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	out := make([]Group, len(keys))
	for i, k := range keys {
		g := Group{Key: k, COEs: len(members[k])}
		g.TimeToDetect, g.TimeToMitigate, g.TimeToResolve = times(members[k])
		out[i] = g
	}
	return out
}

// eachOnce calls f with each key of keys, a key given twice once.
func eachOnce(keys []string, f func(string)) {
	for i, k := range keys {
		if !slices.Contains(keys[:i], k) {
			f(k)
		}
	}
}

// recurrence finds the services, tags and contributing factors with two or
// more COEs that started within window of each other. COEs without a start
// cannot recur.
func recurrence(es []*Entry, window time.Duration) []Recurrence {
	byKey := map[string][]*Entry{}
	for _, e := range es {
		if e.Started.IsZero() {
			continue
		}
		for _, kind := range []struct {
			prefix string
			keys   []string
		}{{"service:", e.Services}, {"tag:", e.Tags}, {"factor:", e.Factors}} {
			eachOnce(kind.keys, func(k string) { byKey[kind.prefix+k] = append(byKey[kind.prefix+k], e) })
		}
	}
	out := []Recurrence{}
	for k, list := range byKey {
		if len(list) < 2 {
			continue
		}
		sort.Slice(list, func(i, j int) bool {
			if !list[i].Started.Equal(list[j].Started) {
				return list[i].Started.Before(list[j].Started)
			}
			return list[i].ID < list[j].ID
		})
		var ids []string
		for i, e := range list {
			near := i > 0 && e.Started.Sub(list[i-1].Started) <= window ||
				i+1 < len(list) && list[i+1].Started.Sub(e.Started) <= window
			if near {
				ids = append(ids, e.ID)
			}
		}
		if len(ids) >= 2 {
			out = append(out, Recurrence{Key: k, COEs: ids})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].COEs) != len(out[j].COEs) {
			return len(out[i].COEs) > len(out[j].COEs)
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// chains joins COEs linked by related: (either way) into groups of two or
// more, each sorted by id, the groups by their first id. Ids of COEs not
// among es are left out.
func chains(es []*Entry) [][]string {
	index := make(map[string]int, len(es))
	for i, e := range es {
		index[e.ID] = i
	}
	parent := make([]int, len(es))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, e := range es {
		for _, id := range e.Related {
			if j, ok := index[id]; ok {
				a, b := find(i), find(j)
				if a != b {
					parent[a] = b
				}
			}
		}
	}
	groups := map[int][]string{}
	for i, e := range es {
		root := find(i)
		groups[root] = append(groups[root], e.ID)
	}
	out := [][]string{}
	for _, ids := range groups {
		if len(ids) < 2 {
			continue
		}
		sort.Strings(ids)
		ids = slices.Compact(ids)
		if len(ids) >= 2 {
			out = append(out, ids)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// opened is when a COE's actions were opened: submitted_at, else the
// incident start; zero when neither is set.
func opened(e *Entry) time.Time {
	if !e.Submitted.IsZero() {
		return e.Submitted
	}
	return e.Started
}

func actions(es []*Entry, asOf coe.Date) Actions {
	var a Actions
	owners, prios := map[string]*Counts{}, map[string]*Counts{}
	var late, ages []float64
	for _, e := range es {
		from := opened(e)
		for _, x := range e.Actions {
			c := []*Counts{&a.Counts, count(owners, x.Owner), count(prios, x.Priority)}
			for _, c := range c {
				c.Total++
			}
			switch {
			case x.Status == coe.ActionDone:
				isLate := !x.Due.IsZero() && !x.DoneAt.IsZero() && x.DoneAt.Compare(x.Due) > 0
				for _, c := range c {
					c.Done++
					if isLate {
						c.DoneLate++
					}
				}
				if isLate {
					late = append(late, float64(x.Due.DaysTo(x.DoneAt)))
				}
			case x.Status == coe.ActionWontDo:
				for _, c := range c {
					c.WontDo++
				}
			default: // open, in-progress, or no status: still to do
				overdue := !x.Due.IsZero() && x.Due.Compare(asOf) < 0
				for _, c := range c {
					c.Open++
					if overdue {
						c.Overdue++
					}
				}
				if from.IsZero() {
					a.OpenAgeMissing++
				} else {
					ages = append(ages, float64(max(0, coe.DateOf(from).DaysTo(asOf))))
				}
			}
		}
	}
	if len(late) > 0 {
		sort.Float64s(late)
		a.MedianDaysLate = ptr(Median(late))
	}
	if len(ages) > 0 {
		sort.Float64s(ages)
		a.MedianOpenAgeDays = ptr(Median(ages))
	}
	a.ByOwner = keyCounts(owners, nil)
	a.ByPriority = keyCounts(prios, coe.Priorities())
	return a
}

func count(m map[string]*Counts, k string) *Counts {
	if k == "" {
		k = None
	}
	c := m[k]
	if c == nil {
		c = &Counts{}
		m[k] = c
	}
	return c
}

// keyCounts lists m in the order of order first, then by key, None last.
func keyCounts(m map[string]*Counts, order []string) []KeyCounts {
	out := make([]KeyCounts, 0, len(m))
	for k, c := range m {
		out = append(out, KeyCounts{Key: k, Counts: *c})
	}
	rank := func(k string) int {
		if k == None {
			return math.MaxInt
		}
		if i := slices.Index(order, k); i >= 0 {
			return i - len(order)
		}
		return 0
	}
	sort.Slice(out, func(i, j int) bool {
		if ri, rj := rank(out[i].Key), rank(out[j].Key); ri != rj {
			return ri < rj
		}
		return strings.Compare(out[i].Key, out[j].Key) < 0
	})
	return out
}

func review(es []*Entry, asOf coe.Date) Review {
	var rv Review
	var toApp, toClose []float64
	var appMissing, closeMissing int
	rv.Stuck = []Stuck{}
	for _, e := range es {
		toApp, appMissing = addSpan(toApp, appMissing, e.Started, e.Approved, 24*time.Hour)
		toClose, closeMissing = addSpan(toClose, closeMissing, e.Started, e.Closed, 24*time.Hour)
		if e.Status == coe.StatusReview {
			if from := opened(e); !from.IsZero() {
				if d := coe.DateOf(from).DaysTo(asOf); d > StuckDays {
					rv.Stuck = append(rv.Stuck, Stuck{ID: e.ID, Days: d})
				}
			}
		}
	}
	rv.DaysToApproval = Days(toApp, appMissing)
	rv.DaysToClosure = Days(toClose, closeMissing)
	sort.Slice(rv.Stuck, func(i, j int) bool {
		if rv.Stuck[i].Days != rv.Stuck[j].Days {
			return rv.Stuck[i].Days > rv.Stuck[j].Days
		}
		return rv.Stuck[i].ID < rv.Stuck[j].ID
	})
	return rv
}
