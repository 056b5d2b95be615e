package search

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/coe-cli/coe/coe"
)

// JSONHit is a result as WriteJSON prints it.
type JSONHit struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Status   string  `json:"status"`
	Severity string  `json:"severity"`
	Date     string  `json:"date"`
	Path     string  `json:"path"`
	Score    float64 `json:"score"`
	Field    string  `json:"field"`
	Snippet  string  `json:"snippet"`
	// Marks are byte offsets into Snippet, [start, end), of the words
	// matched.
	Marks [][2]int `json:"marks"`
}

// WriteJSON writes hits as a JSON array; path gives a COE's file from
// its key.
func WriteJSON(w io.Writer, hits []Hit, path func(key string) string) error {
	out := make([]JSONHit, len(hits))
	for i, h := range hits {
		out[i] = JSONHit{ID: h.Key, Title: h.Title, Status: h.Status, Severity: h.Severity, Date: h.Date,
			Path: path(h.Key), Score: h.Score, Field: h.Field, Snippet: h.Snippet, Marks: h.Marks}
		if out[i].Marks == nil {
			out[i].Marks = [][2]int{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Styles of a mark in text output.
const (
	boldOn, boldOff   = "\x1b[1m", "\x1b[22m"
	quoteOn, quoteOff = "«", "»"
)

// WriteText writes hits for people: for each, a line of its id, date,
// severity and status, its title, and the snippet after the name of its
// field (on the title's line when from the title), the matched words in
// bold with color, else between « and ». COE text is made printable
// (coe.Printable). A blank line separates results.
func WriteText(w io.Writer, hits []Hit, color bool) error {
	on, off := quoteOn, quoteOff
	if color {
		on, off = boldOn, boldOff
	}
	var b strings.Builder
	for i, h := range hits {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(coe.Printable(h.Key, false))
		var meta []string
		for _, s := range []string{h.Date, h.Severity, h.Status} {
			if s != "" {
				meta = append(meta, coe.Printable(s, false))
			}
		}
		if len(meta) > 0 {
			fmt.Fprintf(&b, "  (%s)", strings.Join(meta, ", "))
		}
		b.WriteString("\n  ")
		if h.Field == "title" {
			marked(&b, h.Snippet, h.Marks, on, off)
			b.WriteByte('\n')
			continue
		}
		b.WriteString(coe.Printable(h.Title, false))
		b.WriteByte('\n')
		if h.Snippet != "" {
			fmt.Fprintf(&b, "  %s: ", strings.ReplaceAll(h.Field, "_", " "))
			marked(&b, h.Snippet, h.Marks, on, off)
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// marked writes s, printable, with its marks between on and off.
func marked(b *strings.Builder, s string, marks [][2]int, on, off string) {
	at := 0
	for _, m := range marks {
		if m[0] < at || m[1] > len(s) || m[0] > m[1] {
			continue
		}
		b.WriteString(coe.Printable(s[at:m[0]], false))
		b.WriteString(on)
		b.WriteString(coe.Printable(s[m[0]:m[1]], false))
		b.WriteString(off)
		at = m[1]
	}
	b.WriteString(coe.Printable(s[at:], false))
}
