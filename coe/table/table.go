// Package table writes the terminal tables of coe list, coe actions and
// coe drafts: columns aligned by the terminal width of their text (so wide
// characters line up), user text on one line with no control character,
// and the last column cut to the terminal's width.
package table

import (
	"io"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// Style is how a table is shown: the header in bold (Color), and each line
// cut to Width terminal columns (0: no limit).
type Style struct {
	Color bool
	Width int
}

// Write writes rows under header in aligned columns, two spaces apart;
// nothing at all when there are no rows. The last column, the long text,
// is cut with "…" where a line would pass st.Width, unless that would
// leave it fewer than 20 columns.
func Write(w io.Writer, st Style, header []string, rows [][]string) error {
	if len(rows) == 0 {
		return nil
	}
	all := append([][]string{header}, rows...)
	widths := make([]int, len(header))
	for _, r := range all {
		for i, c := range r {
			widths[i] = max(widths[i], coe.Width(c))
		}
	}
	var b strings.Builder
	for n, r := range all {
		var line strings.Builder
		used := 0
		for i, c := range r {
			if i == len(r)-1 {
				if room := st.Width - used; st.Width > 0 && room >= 20 {
					c = CutToWidth(c, room) // too little room: let it wrap whole
				}
				line.WriteString(c)
				break
			}
			pad := widths[i] - coe.Width(c) + 2
			line.WriteString(c + strings.Repeat(" ", pad))
			used += widths[i] + 2
		}
		text := strings.TrimRight(line.String(), " ")
		if n == 0 && st.Color {
			text = "\x1b[1m" + text + "\x1b[0m"
		}
		b.WriteString(text + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CutToWidth cuts s to at most width terminal columns, ending it with "…"
// when it was longer.
func CutToWidth(s string, width int) string {
	if coe.Width(s) <= width {
		return s
	}
	n := 0
	for i, r := range s {
		if n+coe.RuneWidth(r) > width-1 {
			return strings.TrimRight(s[:i], " ") + "…"
		}
		n += coe.RuneWidth(r)
	}
	return s
}

// OrDash is s, or "-" when it is blank.
func OrDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// Cell is user text as a table cell: on one line, with no tab to break
// the columns and no control character reaching the terminal.
func Cell(s string) string { return coe.Printable(strings.Join(strings.Fields(s), " "), false) }
