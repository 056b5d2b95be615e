package stats

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/coe-cli/coe/coe/remind"
	"github.com/coe-cli/coe/coe/table"
)

// Human writes minutes in human units: 0m, 3m, 1h 37m, 2d 4h (rounded to
// the minute, then shown in its two largest units).
func Human(minutes float64) string {
	m := int64(math.Round(minutes))
	d, h := m/(24*60), m/60%24
	switch {
	case d > 0 && h > 0:
		return fmt.Sprintf("%dd %dh", d, h)
	case d > 0:
		return fmt.Sprintf("%dd", d)
	case h > 0 && m%60 > 0:
		return fmt.Sprintf("%dh %dm", h, m%60)
	case h > 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dm", m)
}

func humanOr(p *float64) string {
	if p == nil {
		return "-"
	}
	return Human(*p)
}

func daysOr(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(math.Round(*p*10)/10, 'f', -1, 64) + "d"
}

// JSON writes the report as indented JSON.
func JSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// csvHeader is the header row of CSV.
var csvHeader = func() []string {
	h := []string{"group", "coes"}
	for _, p := range []string{"detect", "mitigate", "resolve"} {
		for _, f := range []string{"n", "missing", "median_minutes", "p90_minutes", "min_minutes", "max_minutes"} {
			h = append(h, p+"_"+f)
		}
	}
	return h
}()

// CSV writes the time statistics as CSV: a header row, then one row per
// group of --by, or one row (group "all") without it. A value that is not
// there (n is 0) is an empty cell.
func CSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	gs := r.Groups
	if r.By == "" {
		gs = []Group{{Key: "all", COEs: r.COEs, TimeToDetect: r.TimeToDetect, TimeToMitigate: r.TimeToMitigate, TimeToResolve: r.TimeToResolve}}
	}
	for _, g := range gs {
		row := []string{remind.CSVCell(g.Key), strconv.Itoa(g.COEs)}
		for _, d := range []Dist{g.TimeToDetect, g.TimeToMitigate, g.TimeToResolve} {
			row = append(row, strconv.Itoa(d.N), strconv.Itoa(d.Missing), num(d.Median), num(d.P90), num(d.Min), num(d.Max))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// Text writes the report for a terminal: sections, each a table.
func Text(w io.Writer, r *Report, st table.Style) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%d COEs", r.COEs)
	if r.Total != r.COEs {
		fmt.Fprintf(ew, " of %d", r.Total)
	}
	if r.LeftOutUndated > 0 {
		fmt.Fprintf(ew, " (%d left out by the dates: no incident start)", r.LeftOutUndated)
	}
	fmt.Fprintf(ew, ", as of %s\n", r.AsOf)
	if ew.err != nil || r.COEs == 0 {
		return ew.err
	}

	sev := r.Severities()
	section(ew, "COEs by month")
	header := append([]string{"MONTH", "COES"}, upper(sev)...)
	rows := [][]string{}
	for _, m := range r.ByMonth {
		row := []string{m.Month, strconv.Itoa(m.COEs)}
		for _, s := range sev {
			row = append(row, strconv.Itoa(m.BySeverity[s]))
		}
		rows = append(rows, row)
	}
	if r.Undated > 0 {
		rows = append(rows, []string{"no start", strconv.Itoa(r.Undated)})
	}
	row := []string{"all", strconv.Itoa(r.COEs)}
	for _, s := range sev {
		row = append(row, strconv.Itoa(r.BySeverity[s]))
	}
	rows = append(rows, row)
	ew.table(st, header, rows)

	section(ew, "Time from the incident's start (median, p90 by nearest rank, min, max)")
	timeHeader := []string{"GROUP", "COES", "TO", "N", "MISSING", "MEDIAN", "P90", "MIN", "MAX"}
	gs := r.Groups
	if r.By == "" {
		gs = []Group{{Key: "all", COEs: r.COEs, TimeToDetect: r.TimeToDetect, TimeToMitigate: r.TimeToMitigate, TimeToResolve: r.TimeToResolve}}
	}
	rows = [][]string{}
	for _, g := range gs {
		for i, d := range []Dist{g.TimeToDetect, g.TimeToMitigate, g.TimeToResolve} {
			key, n := table.Cell(g.Key), strconv.Itoa(g.COEs)
			if i > 0 {
				key, n = "", ""
			}
			rows = append(rows, []string{key, n, [3]string{"detect", "mitigate", "resolve"}[i], strconv.Itoa(d.N), strconv.Itoa(d.Missing),
				humanOr(d.Median), humanOr(d.P90), humanOr(d.Min), humanOr(d.Max)})
		}
	}
	ew.table(st, timeHeader, rows)

	if len(r.ByFactor) > 0 {
		section(ew, "Contributing factors")
		rows = [][]string{}
		for _, f := range r.Factors() {
			rows = append(rows, []string{table.Cell(f), strconv.Itoa(r.ByFactor[f])})
		}
		ew.table(st, []string{"FACTOR", "COES"}, rows)
	}

	section(ew, fmt.Sprintf("Recurrence within %d days", r.WindowDays))
	if len(r.Recurrence) == 0 && len(r.RelatedChains) == 0 {
		fmt.Fprintln(ew, "none")
	} else {
		rows = [][]string{}
		for _, rc := range r.Recurrence {
			rows = append(rows, []string{table.Cell(rc.Key), strconv.Itoa(len(rc.COEs)), someIDs(rc.COEs)})
		}
		for _, c := range r.RelatedChains {
			rows = append(rows, []string{"related", strconv.Itoa(len(c)), someIDs(c)})
		}
		ew.table(st, []string{"KEY", "COES", "IDS"}, rows)
	}

	a := &r.Actions
	section(ew, "Corrective actions")
	fmt.Fprintf(ew, "median days late (done late): %s; median age of open actions: %s\n", daysOr(a.MedianDaysLate), daysOr(a.MedianOpenAgeDays))
	if a.Total > 0 {
		countsHeader := []string{"", "TOTAL", "OPEN", "OVERDUE", "DONE", "DONE LATE", "WONT-DO"}
		rows = [][]string{countsRow("all", a.Counts)}
		for _, k := range a.ByPriority {
			rows = append(rows, countsRow("priority "+k.Key, k.Counts))
		}
		for _, k := range a.ByOwner {
			rows = append(rows, countsRow(k.Key, k.Counts))
		}
		ew.table(st, countsHeader, rows)
	}

	rv := &r.Review
	section(ew, "Reviews (days from the incident's start)")
	ew.table(st, []string{"TO", "N", "MISSING", "MEDIAN", "P90"}, [][]string{
		{"approval", strconv.Itoa(rv.DaysToApproval.N), strconv.Itoa(rv.DaysToApproval.Missing), daysOr(rv.DaysToApproval.Median), daysOr(rv.DaysToApproval.P90)},
		{"closure", strconv.Itoa(rv.DaysToClosure.N), strconv.Itoa(rv.DaysToClosure.Missing), daysOr(rv.DaysToClosure.Median), daysOr(rv.DaysToClosure.P90)},
	})
	if len(rv.Stuck) > 0 {
		section(ew, fmt.Sprintf("In review for more than %d days", StuckDays))
		rows = [][]string{}
		for _, s := range rv.Stuck[:min(len(rv.Stuck), TextStuck)] {
			rows = append(rows, []string{strconv.Itoa(s.Days), table.Cell(s.ID)})
		}
		ew.table(st, []string{"DAYS", "COE"}, rows)
		if more := len(rv.Stuck) - TextStuck; more > 0 {
			fmt.Fprintf(ew, "and %d more (--json lists them all)\n", more)
		}
	}
	return ew.err
}

// TextIDs is how many ids a line of text lists; --json lists them all.
const TextIDs = 5

// TextStuck is how many COEs stuck in review the text lists.
const TextStuck = 10

// someIDs lists the first TextIDs ids and says how many more there are.
func someIDs(ids []string) string {
	if len(ids) <= TextIDs {
		return table.Cell(strings.Join(ids, " "))
	}
	return table.Cell(strings.Join(ids[:TextIDs], " ")) + fmt.Sprintf(" and %d more", len(ids)-TextIDs)
}

func countsRow(key string, c Counts) []string {
	return []string{table.Cell(key), strconv.Itoa(c.Total), strconv.Itoa(c.Open), strconv.Itoa(c.Overdue), strconv.Itoa(c.Done), strconv.Itoa(c.DoneLate), strconv.Itoa(c.WontDo)}
}

func upper(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(table.Cell(s))
	}
	return out
}

func section(w io.Writer, title string) { fmt.Fprintf(w, "\n%s\n", title) }

// errWriter keeps the first write error, so the text is written without
// checking each line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) table(st table.Style, header []string, rows [][]string) {
	if e.err == nil {
		e.err = table.Write(e, st, header, rows)
	}
}
