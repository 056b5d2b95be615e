package check

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/coe-cli/coe/coe/lint"
)

// EditorMarker starts the lines EditorHeader writes.
const EditorMarker = "# coe: "

// EditorHeader lists the errors of ds as comments above the YAML an
// editor opens again, with line numbers shifted to where the user sees
// them; StripEditorHeader takes them off when the file is saved.
func EditorHeader(ds []lint.Diagnostic) []byte {
	var lines []string
	lines = append(lines, EditorMarker+"this file has errors; fix them and save. To give up, quit without saving.")
	n := 0
	for _, d := range ds {
		if d.Severity == lint.Error {
			n++
		}
	}
	shift := 2 + n
	for _, d := range ds {
		if d.Severity != lint.Error {
			continue
		}
		line := d.Line
		if line > 0 {
			line += shift
		}
		lines = append(lines, fmt.Sprintf("%sline %d:%d: %s [%s]", EditorMarker, line, d.Col, d.Message, d.Rule))
	}
	lines = append(lines, EditorMarker+"(these lines are removed when you save)")
	return []byte(strings.Join(lines, "\n") + "\n")
}

// StripEditorHeader removes the lines EditorHeader put on top.
func StripEditorHeader(b []byte) []byte {
	for bytes.HasPrefix(b, []byte(EditorMarker)) {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil
		}
		b = b[i+1:]
	}
	return b
}
