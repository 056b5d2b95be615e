package check

import (
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe/lint"
)

// The errors go on top of the YAML, at the lines the user sees, and come
// off again on save, whatever the user left of them.
func TestEditorHeader(t *testing.T) {
	ds := []lint.Diagnostic{
		{Line: 3, Col: 7, Severity: lint.Error, Rule: "wrong-type", Message: "title is a list; expected a text"},
		{Line: 9, Col: 1, Severity: lint.Warning, Rule: "action-overdue", Message: "overdue"},
		{Severity: lint.Error, Rule: "read-error", Message: "whole file"},
	}
	h := string(EditorHeader(ds))
	want := "# coe: this file has errors; fix them and save. To give up, quit without saving.\n" +
		"# coe: line 7:7: title is a list; expected a text [wrong-type]\n" +
		"# coe: line 0:0: whole file [read-error]\n" +
		"# coe: (these lines are removed when you save)\n"
	if h != want {
		t.Errorf("header:\n%s\nwant:\n%s", h, want)
	}
	// Line 3 of the file is line 3 + 4 header lines = 7 in the editor.
	body := "version: 1\nid: x\ntitle: [a]\n"
	edited := h + body
	if lines := strings.Split(edited, "\n"); lines[6] != "title: [a]" {
		t.Errorf("line 7 is %q", lines[6])
	}
	if got := string(StripEditorHeader([]byte(edited))); got != body {
		t.Errorf("stripped: %q", got)
	}
	if got := StripEditorHeader([]byte("# coe: only")); got != nil {
		t.Errorf("a header alone strips to %q", got)
	}
}
