// Package table writes the terminal tables of coe list, coe actions and
// coe drafts: columns aligned by the terminal width of their text (so wide
// characters line up), user text on one line with no control character,
// and the last column cut to the terminal's width.
package table

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"

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
	t := NewWriter(w, st, header)
	for _, r := range rows {
		t.Measure(r)
	}
	t.Header()
	for _, r := range rows {
		t.Row(r)
	}
	return t.Flush()
}

// Writer writes a table a row at a time, as Write does, so that a long
// table never sits in memory whole: Measure every row first (the columns'
// widths), then Header, then Row each row in turn, and Flush.
type Writer struct {
	w      *bufio.Writer
	st     Style
	header []string
	widths []int
	line   []byte
}

// NewWriter starts a table under header.
func NewWriter(w io.Writer, st Style, header []string) *Writer {
	t := &Writer{w: bufio.NewWriterSize(w, 64<<10), st: st, header: header, widths: make([]int, len(header))}
	t.Measure(header)
	return t
}

// Measure widens the columns to hold row.
func (t *Writer) Measure(row []string) {
	for i, c := range row {
		if i == len(t.widths) {
			t.widths = append(t.widths, 0)
		}
		t.widths[i] = max(t.widths[i], Width(c))
	}
}

// Header writes the header line (bold when st.Color).
func (t *Writer) Header() { t.write(t.header, t.st.Color) }

// Row writes one row.
func (t *Writer) Row(row []string) { t.write(row, false) }

// Flush writes what is buffered and returns the first write error.
func (t *Writer) Flush() error { return t.w.Flush() }

func (t *Writer) write(r []string, bold bool) {
	line := t.line[:0]
	used := 0
	for i, c := range r {
		if i == len(r)-1 {
			if room := t.st.Width - used; t.st.Width > 0 && room >= 20 {
				c = CutToWidth(c, room) // too little room: let it wrap whole
			}
			line = append(line, c...)
			break
		}
		line = append(line, c...)
		for range t.widths[i] - Width(c) + 2 {
			line = append(line, ' ')
		}
		used += t.widths[i] + 2
	}
	t.line = line
	for len(line) > 0 && line[len(line)-1] == ' ' {
		line = line[:len(line)-1]
	}
	if bold {
		t.w.WriteString("\x1b[1m")
		t.w.Write(line)
		t.w.WriteString("\x1b[0m\n")
		return
	}
	t.w.Write(line)
	t.w.WriteByte('\n')
}

// Width is coe.Width, at once for ASCII.
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return coe.Width(s)
		}
	}
	return len(s)
}

// CutToWidth cuts s to at most width terminal columns, ending it with "…"
// when it was longer.
func CutToWidth(s string, width int) string {
	if Width(s) <= width {
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
func Cell(s string) string {
	if plain(s) {
		return s
	}
	return coe.Printable(strings.Join(strings.Fields(s), " "), false)
}

// plain reports whether s is printable ASCII with no space at either end
// and no two together: Cell's own value, with nothing to allocate.
func plain(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && s[i-1] == ' ' {
			return false
		}
	}
	return true
}
