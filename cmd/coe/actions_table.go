package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/remind"
	"github.com/coe-cli/coe/coe/render"
	"github.com/coe-cli/coe/coe/table"
)

// printActions writes the table of acts, and under each the commits of
// its item when items is not nil (--evidence): the columns are measured
// in a first pass and the rows written in a second, so that no row of
// 100,000 is kept.
func printActions(w io.Writer, acts []*remind.Action, items []actionItem, asOf coe.Date, st table.Style) error {
	if len(acts) == 0 {
		return nil
	}
	t := table.NewWriter(w, st, []string{"DUE", "LATE", "OWNER", "PRI", "STATUS", "COE", "ID", "ACTION"})
	row := make([]string, 8)
	each := func(emit func([]string)) {
		for i, a := range acts {
			due, late := "-", ""
			if !a.Due.IsZero() {
				due = a.Due.String()
			}
			if n := a.Late(asOf); n > 0 {
				late = strconv.Itoa(n) + "d"
			}
			row[0], row[1], row[2], row[3] = due, late, table.OrDash(table.Cell(a.Owner)), table.OrDash(table.Cell(a.Priority))
			row[4], row[5], row[6], row[7] = table.Cell(a.Status), table.Cell(a.COE), table.Cell(a.ID), table.Cell(a.Action)
			emit(row)
			if items != nil {
				for _, r := range evidenceRows(items[i], 8) {
					emit(r)
				}
			}
		}
	}
	each(t.Measure)
	t.Header()
	each(t.Row)
	return t.Flush()
}

// actionsSummary is the line under the table, on stderr.
func actionsSummary(acts []*remind.Action, asOf coe.Date, files int) string {
	if files == 0 {
		return "No COEs yet. Write one with `coe new`."
	}
	if len(acts) == 0 {
		return fmt.Sprintf("No action matches (in %s).", plural(files, "COE"))
	}
	late, owners := 0, map[string]bool{}
	for _, a := range acts {
		if a.Late(asOf) > 0 {
			late++
		}
		owners[strings.ToLower(a.Owner)] = true
	}
	s := plural(len(acts), "action")
	if late > 0 {
		s += ", " + render.Thousands(int64(late)) + " overdue"
	}
	return fmt.Sprintf("%s, for %s, in %s.", s, plural(len(owners), "owner"), plural(files, "COE"))
}
