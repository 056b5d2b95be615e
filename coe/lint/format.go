package lint

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/coe-cli/coe/coe"
)

// Output formats of WriteReport.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatGitHub = "github"
	FormatSARIF  = "sarif"
)

var formats = []string{FormatText, FormatJSON, FormatGitHub, FormatSARIF}

// Formats are the output formats of diagnostics, the default first.
func Formats() []string { return slices.Clone(formats) }

// TextOptions tune WriteText.
type TextOptions struct {
	// Source returns the content of the file a diagnostic names (by its
	// Path), to show the line under the diagnostic with a caret at the
	// column, as rustc and actionlint do; nil shows no source.
	Source func(path string) []byte
	// Color styles the output with ANSI escapes.
	Color bool
	// Width is the terminal's width: longer source lines are cut around
	// the column. 0 means no limit.
	Width int
}

// WriteText writes one line a diagnostic, "path:line:col: severity:
// message [rule]", in the order given, each followed by its source line and
// a caret when o.Source is set. Control characters in paths, messages and
// source lines are shown in caret notation (^[), never sent, and invisible
// format characters (bidi controls, zero-width spaces) as <U+202E> (see
// coe.Printable).
func WriteText(w io.Writer, ds []Diagnostic, o TextOptions) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var (
		curPath string
		lines   [][]byte
	)
	for _, d := range ds {
		writeTextLine(bw, d, o.Color)
		if o.Source == nil || d.Line <= 0 {
			continue
		}
		if lines == nil || d.Path != curPath {
			curPath, lines = d.Path, splitLines(o.Source(d.Path))
		}
		if d.Line <= len(lines) {
			writeSnippet(bw, d, string(lines[d.Line-1]), o)
		}
	}
	return bw.Flush()
}

func writeTextLine(w *bufio.Writer, d Diagnostic, color bool) {
	style := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	pos := safeText(d.Path)
	if d.Line > 0 {
		pos += ":" + strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Col)
	}
	if pos != "" {
		w.WriteString(style("1", pos+":"))
		w.WriteByte(' ')
	}
	sev := string(d.Severity)
	switch d.Severity {
	case Error:
		sev = style("1;31", sev+":")
	case Warning:
		sev = style("1;33", sev+":")
	default:
		sev += ":"
	}
	w.WriteString(sev)
	w.WriteByte(' ')
	w.WriteString(safeText(d.Message))
	w.WriteByte(' ')
	w.WriteString(style("2", "["+d.Rule+"]"))
	w.WriteByte('\n')
}

// splitLines splits a file into lines without their line ends, after a
// byte-order mark. A line ends as YAML ends it, at LF, CRLF or a lone CR
// (old Mac files), so that line numbers are the reader's.
func splitLines(data []byte) [][]byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := [][]byte{}
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			return append(lines, data)
		}
		lines = append(lines, data[:i])
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return lines
}

// writeSnippet writes the source line of d with a gutter and a caret under
// its column:
//
//	   |
//	12 |   - id: CA-2
//	   |     ^
func writeSnippet(w *bufio.Writer, d Diagnostic, line string, o TextOptions) {
	num := strconv.Itoa(d.Line)
	gutter := strings.Repeat(" ", len(num))
	// Lay the line out in cells: tabs as 4 spaces, control characters in
	// caret notation, wide characters as 2 cells.
	type cell struct {
		s     string
		width int
	}
	var cells []cell
	caret := -1 // index of the first cell of the column
	col := 1
	for _, r := range line {
		if col == d.Col {
			caret = len(cells)
		}
		col++
		switch {
		case r == '\t':
			cells = append(cells, cell{"    ", 4})
		case r < 0x20 || r == 0x7f:
			cells = append(cells, cell{safeText(string(r)), 2})
		case unicode.IsControl(r):
			cells = append(cells, cell{"\uFFFD", 1})
		case coe.IsFormat(r):
			// A bidi control would reorder the line, a zero-width
			// character hide where the column is: <U+202E>.
			s := safeText(string(r))
			cells = append(cells, cell{s, len(s)})
		default:
			cells = append(cells, cell{string(r), coe.RuneWidth(r)})
		}
	}
	if caret < 0 {
		// Past the end of the line: pad up to the column.
		for ; col < d.Col; col++ {
			cells = append(cells, cell{" ", 1})
		}
		caret = len(cells)
	}
	// Cut a line too long for the terminal to a window around the caret.
	first, last := 0, len(cells)
	if o.Width > 0 {
		avail := max(o.Width-len(num)-3-2, 20) // gutter, " | ", room for the marks
		width := func(a, b int) int {
			n := 0
			if b > len(cells) { // the caret past the end takes a cell
				n, b = b-len(cells), len(cells)
			}
			for _, c := range cells[a:b] {
				n += c.width
			}
			return n
		}
		if width(0, len(cells)) > avail {
			for first < caret && width(first, caret+1) > avail/2 {
				first++
			}
			last = first
			for last < len(cells) && width(first, last+1) <= avail {
				last++
			}
		}
	}
	var src, under strings.Builder
	if first > 0 {
		src.WriteString("…")
		under.WriteString(" ")
	}
	for i := first; i < last; i++ {
		src.WriteString(cells[i].s)
		if i < caret {
			under.WriteString(strings.Repeat(" ", cells[i].width))
		}
	}
	if last < len(cells) {
		src.WriteString("…")
	}
	bar, mark := " |", "^"
	if o.Color {
		bar = "\x1b[1;34m |\x1b[0m"
		switch d.Severity {
		case Error:
			mark = "\x1b[1;31m^\x1b[0m"
		default:
			mark = "\x1b[1;33m^\x1b[0m"
		}
		num = "\x1b[1;34m" + num + "\x1b[0m"
	}
	fmt.Fprintf(w, "%s%s\n", gutter, bar)
	fmt.Fprintf(w, "%s%s %s\n", num, bar, strings.TrimRight(src.String(), " "))
	fmt.Fprintf(w, "%s%s %s%s\n", gutter, bar, under.String(), mark)
}

// safeText shows control characters, line breaks included, instead of
// sending them: a file name or a quoted value cannot drive the terminal.
func safeText(s string) string { return coe.Printable(s, false) }

// Summary says what a run found in words, for people: "3 errors and 1
// warning in 2 of 6 files", or "no problems in 6 files".
func Summary(ds []Diagnostic, files int) string {
	errs, warns := Count(ds)
	withProblems := map[string]bool{}
	for _, d := range ds {
		withProblems[d.Path] = true
	}
	of := plural(files, "file", "files")
	if errs+warns == 0 {
		return "no problems in " + of
	}
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error", "errors"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning", "warnings"))
	}
	return fmt.Sprintf("%s in %s of %s", strings.Join(parts, " and "), thousands(len(withProblems)), of)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// jsonDiagnostic is a diagnostic in the json format.
type jsonDiagnostic struct {
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
}

// WriteJSON writes one JSON object: {"diagnostics": [{"path", "line",
// "column", "severity", "rule", "message"}, ...], "errors": N, "warnings":
// N, "files": N}, with files the number of files linted. A problem with a
// whole file (it cannot be read) has line and column 0. diagnostics is []
// when there are none.
func WriteJSON(w io.Writer, ds []Diagnostic, files int) error {
	out := struct {
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
		Errors      int              `json:"errors"`
		Warnings    int              `json:"warnings"`
		Files       int              `json:"files"`
	}{Diagnostics: make([]jsonDiagnostic, len(ds)), Files: files}
	for i, d := range ds {
		out.Diagnostics[i] = jsonDiagnostic{d.Path, d.Line, d.Col, d.Severity, d.Rule, d.Message}
	}
	out.Errors, out.Warnings = Count(ds)
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteGitHub writes GitHub Actions workflow commands, one a diagnostic,
// which GitHub shows as annotations on the lines of the pull request:
//
//	::error file=coes/x.yaml,line=12,col=5,title=coe lint%3A action-owner::corrective action CA-2 ...
//
// Values are escaped as the actions toolkit does: in the message % CR LF
// become %25 %0D %0A, and in properties : and , also become %3A and %2C.
func WriteGitHub(w io.Writer, ds []Diagnostic) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, d := range ds {
		cmd := "error"
		if d.Severity == Warning {
			cmd = "warning"
		}
		bw.WriteString("::" + cmd + " file=" + EscapeProperty(d.Path))
		if d.Line > 0 {
			fmt.Fprintf(bw, ",line=%d,col=%d", d.Line, d.Col)
		}
		bw.WriteString(",title=" + EscapeProperty("coe lint: "+d.Rule))
		bw.WriteString("::" + EscapeData(d.Message) + "\n")
	}
	return bw.Flush()
}

// EscapeData escapes the message of a GitHub Actions workflow command:
// % CR LF as %25 %0D %0A (actions/toolkit's escapeData).
func EscapeData(s string) string {
	return dataEscaper.Replace(s)
}

// EscapeProperty escapes a property value of a GitHub Actions workflow
// command: as EscapeData, and : , as %3A %2C (actions/toolkit's
// escapeProperty).
func EscapeProperty(s string) string {
	return propertyEscaper.Replace(s)
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
