package lint

import (
	"fmt"
	"io"
	"strings"
)

// Scope says what a run of coe lint was asked to check, for its headline.
type Scope struct {
	// Paths are the PATH arguments.
	Paths []string
	// Dir is the repository's COE folder as shown to people.
	Dir string
	// Changed is set with --changed; Since then says the base in words and
	// Also counts the files checked only because they name a COE removed
	// since then.
	Changed bool
	Since   string
	Also    int
}

// Headline is the sentence coe lint prints on stderr after the findings:
// what it found in how many files ("3 errors in 2 of 6 files changed since
// main."), or why there was nothing to check.
func Headline(res Result, s Scope) string {
	switch {
	case res.Files == 0 && s.Changed:
		return fmt.Sprintf("No COE changed since %s.", s.Since)
	case res.Files == 0 && len(s.Paths) > 0:
		return fmt.Sprintf("No COE files in %s.", strings.Join(s.Paths, ", "))
	case res.Files == 0:
		return fmt.Sprintf("No COEs in %s yet. Write one with `coe new`.", s.Dir)
	}
	line := Summary(res.Diagnostics, res.Files)
	line = strings.ToUpper(line[:1]) + line[1:]
	if s.Changed {
		line += " changed since " + s.Since
		if s.Also > 0 {
			line += fmt.Sprintf(", or naming a COE removed since then (%d of the %d)", s.Also, res.Files)
		}
	}
	return line + "."
}

// Output holds what the formats need besides the findings.
type Output struct {
	Text  TextOptions
	SARIF SARIFOptions
}

// Write prints what a run found in format, one of Formats().
func Write(w io.Writer, format string, res Result, o Output) error {
	switch format {
	case FormatText:
		return WriteText(w, res.Diagnostics, o.Text)
	case FormatJSON:
		return WriteJSON(w, res.Diagnostics, res.Files)
	case FormatGitHub:
		return WriteGitHub(w, res.Diagnostics)
	case FormatSARIF:
		return WriteSARIF(w, res.Diagnostics, o.SARIF)
	}
	return fmt.Errorf("format %q: expected one of %s", format, strings.Join(Formats(), ", "))
}
