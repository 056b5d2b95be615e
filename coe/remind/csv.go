package remind

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// csvHeader is the header row CSV writes: one column a field.
var csvHeader = []string{"coe", "coe_title", "coe_status", "id", "action", "owner", "due", "priority", "status", "done_at", "overdue_days", "tracker", "path", "line"}

// CSVHeader returns the columns of CSV, in order.
func CSVHeader() []string { return append([]string(nil), csvHeader...) }

// CSV writes the actions as CSV (RFC 4180, through encoding/csv): a header
// row (CSVHeader), then one row an action in the order given. Dates are
// YYYY-MM-DD, empty when unset; overdue_days is 0 for an action that is
// not late as of o.AsOf; status is "open" when the file sets none.
//
// A cell that begins with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe, as OWASP recommends against CSV injection: a
// spreadsheet would otherwise run it as a formula (=HYPERLINK(...) in an
// action's text). Line breaks stay inside their quoted cell; other control
// characters and invalid UTF-8 are shown as CSVCell says.
func CSV(w io.Writer, acts []Action, o Options) error {
	return CSVOf(w, Refs(acts), o)
}

// CSVOf is CSV of actions held by pointer (CollectRefs).
func CSVOf(w io.Writer, acts []*Action, o Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, len(csvHeader))
	for _, a := range acts {
		status := a.Status
		if status == "" && a.Open() {
			status = "open"
		}
		line := ""
		if a.Line > 0 {
			line = strconv.Itoa(a.Line)
		}
		copy(row, []string{a.COE, a.COETitle, a.COEStatus, a.ID, a.Action, a.Owner, a.Due.String(), a.Priority,
			status, a.DoneAt.String(), strconv.Itoa(a.Late(o.AsOf)), a.Tracker, a.Path, line})
		for j := range row {
			row[j] = CSVCell(row[j])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CSVCell makes text safe for a spreadsheet cell and a terminal: control
// characters but tab and line feed shown as coe.ShowControls shows them
// (^[ for ESC; a CR LF line break is kept as LF), invalid UTF-8 as U+FFFD,
// and an apostrophe before a first character a spreadsheet reads as the
// start of a formula (=, +, -, @, tab, carriage return).
func CSVCell(s string) string {
	s = coe.ShowControls(strings.ReplaceAll(s, "\r\n", "\n"), true)
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
