package lint

import (
	"io"
	"testing"
)

// Formats and RuleFormats are copies: a caller that changes one changes
// neither the next caller's nor what WriteRules takes.
func TestFormatListsAreCopies(t *testing.T) {
	f := Formats()
	f[0] = "changed"
	if Formats()[0] != FormatText {
		t.Errorf("changing what Formats returned changed it: %q", Formats())
	}
	r := RuleFormats()
	r[2] = "changed"
	if RuleFormats()[2] != FormatMarkdown {
		t.Errorf("changing what RuleFormats returned changed it: %q", RuleFormats())
	}
	if err := WriteRules(io.Discard, FormatMarkdown); err != nil {
		t.Errorf("WriteRules refuses markdown once a caller changed its copy of the formats: %v", err)
	}
}
