package coe

import (
	"strings"
	"testing"
	"time"
)

// TestParseMergeConflict: a file git left mid-merge is named as such, at
// the conflict's first line, whatever else is wrong with it.
func TestParseMergeConflict(t *testing.T) {
	conflict := minimal + `what_happened: |
  Group playback failed.
<<<<<<< HEAD
lessons:
  - Ours.
=======
lessons:
  - Theirs.
>>>>>>> fix-lessons
`
	tests := []struct{ name, src, want string }{
		{"conflict", conflict, `bad.yaml:8:1: unresolved merge conflict: "<<<<<<< HEAD" is a marker git leaves`},
		{"crlf", strings.ReplaceAll(conflict, "\n", "\r\n"), `bad.yaml:8:1: unresolved merge conflict: "<<<<<<< HEAD"`},
		{"bom", "\xef\xbb\xbf" + conflict, `bad.yaml:8:1: unresolved merge conflict`},
		{"diff3", minimal + "<<<<<<< ours\ntags: [a]\n||||||| base\ntags: []\n=======\ntags: [b]\n>>>>>>> theirs\n", `bad.yaml:6:1: unresolved merge conflict: "<<<<<<< ours"`},
		{"start marker resolved away", minimal + "tags: [a]\n=======\ntags: [b]\n>>>>>>> theirs\n", `bad.yaml:7:1: unresolved merge conflict: "======="`},
		{"only an end marker", minimal + ">>>>>>> theirs\n", `bad.yaml:6:1: unresolved merge conflict: ">>>>>>> theirs"`},
		{"first in the file", "<<<<<<< HEAD\n" + minimal + "=======\n" + minimal + ">>>>>>> b\n", `bad.yaml:1:1: unresolved merge conflict`},
		{"invalid utf-8 too", minimal + "<<<<<<< HEAD\ntitle: caf\xe9\n=======\n>>>>>>> b\n", `bad.yaml:6:1: unresolved merge conflict`},
		{"long branch name", minimal + "<<<<<<< " + strings.Repeat("b", 1000) + "\n", `"<<<<<<< ` + strings.Repeat("b", 52) + `..."`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.src), ReadOptions{})
			errs := Errors(err)
			if len(errs) != 1 || errs[0].Rule != RuleConflict {
				t.Fatalf("want one %s error, got %v", RuleConflict, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tt.want)
			}
			if !strings.Contains(err.Error(), `delete the "<<<<<<<", "=======" and ">>>>>>>" lines`) {
				t.Errorf("error does not say what to do: %v", err)
			}
		})
	}
}

// TestParseNotAConflict: lines that only look like markers are read as
// the YAML they are.
func TestParseNotAConflict(t *testing.T) {
	for _, src := range []string{
		minimal + "what_happened: |\n  <<<<<<< HEAD quoted in an answer, indented\n  =======\n  >>>>>>> b\n",
		minimal + "# <<<<<<< in a comment\n#=======\n",
		minimal + "what_happened: |\n  ========\n",
	} {
		if _, err := Parse("ok.yaml", []byte(src), ReadOptions{}); err != nil {
			t.Errorf("Parse(%q): %v", src, err)
		}
	}
	for _, src := range []string{"=======x\n", "<<<<<<<<\n", ">>>>>>>x\n", "<<<<<<\n"} {
		if _, err := Parse("bad.yaml", []byte(minimal+src), ReadOptions{}); err == nil || Errors(err)[0].Rule == RuleConflict {
			t.Errorf("Parse(%q) = %v; want an error that is not %s", src, err, RuleConflict)
		}
	}
}

// TestParseAnswerLength: every Markdown answer is refused over
// MaxAnswerLength characters (not bytes), at the answer, naming it.
func TestParseAnswerLength(t *testing.T) {
	long := strings.Repeat("x", MaxAnswerLength+1)
	block := func(s string) string { return "|-\n    " + s }
	tests := []struct{ name, yaml, what string }{
		{"what happened", "what_happened: |-\n  " + long + "\n", "what_happened"},
		{"impact", "impact:\n  customers: " + long + "\n", "impact.customers"},
		{"business", "impact:\n  business: " + long + "\n", "impact.business"},
		{"communication", "impact:\n  communication: " + long + "\n", "impact.communication"},
		{"root cause", "root_cause:\n  summary: " + block(long) + "\n", "root_cause.summary"},
		{"a why", "root_cause:\n  whys: [short, " + long + "]\n", "root_cause.whys[1]"},
		{"a note", "supporting_data:\n  - title: x\n    note: " + long + "\n", "supporting_data[0].note"},
		{"security", "implications:\n  security: " + long + "\n", "implications.security"},
		{"other", "implications:\n  other: " + long + "\n", "implications.other"},
		{"a lesson", "lessons:\n  - a\n  - b\n  - " + long + "\n", "lessons[2]"},
		{"an event", "timeline:\n  - at: 2024-01-28T19:05:00Z\n    event: " + long + "\n", "timeline[0].event"},
		{"an action", "corrective_actions:\n  - id: CA-1\n    action: " + long + "\n", "corrective_actions[0].action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := minimal + tt.yaml
			_, err := Parse("bad.yaml", []byte(src), ReadOptions{})
			errs := Errors(err)
			if len(errs) != 1 || errs[0].Rule != RuleAnswerLength {
				t.Fatalf("want one %s error, got %v", RuleAnswerLength, err)
			}
			e := errs[0]
			if e.Line != 7 && e.Line != 6 && e.Line != 8 && e.Line != 9 {
				t.Errorf("error at line %d, want the answer's line: %v", e.Line, e)
			}
			want := tt.what + ` is 65537 characters long (it starts "xxxxxxxxxxxxxxxxxxxxxxxx"); a Markdown answer may be at most 65536 characters`
			if !strings.Contains(e.Msg, want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", e, want)
			}
			// One character less is fine.
			if _, err := Parse("ok.yaml", []byte(strings.Replace(src, long, long[1:], 1)), ReadOptions{}); err != nil {
				t.Errorf("an answer of MaxAnswerLength characters: %v", err)
			}
		})
	}
	// Characters, not bytes: 65,536 accented letters are 128 KiB.
	if _, err := Parse("ok.yaml", []byte(minimal+"what_happened: "+strings.Repeat("é", MaxAnswerLength)+"\n"), ReadOptions{}); err != nil {
		t.Errorf("65536 two-byte characters: %v", err)
	}
	// The title is plain text, not Markdown: a long one is read.
	if _, err := Parse("ok.yaml", []byte(strings.Replace(minimal, "title: Speaker", "title: "+long+" Speaker", 1)), ReadOptions{}); err != nil {
		t.Errorf("a long title: %v", err)
	}
}

// TestParseLinear: reading a file at the size cap takes well under a
// second whatever it holds: long lines, many markers, a huge title.
func TestParseLinear(t *testing.T) {
	fill := func(prefix, unit string) []byte {
		n := (MaxFileSize - len(prefix) - 16) / len(unit)
		return []byte(prefix + strings.Repeat(unit, n) + "\n")
	}
	for name, data := range map[string][]byte{
		"title":           fill(strings.Replace(minimal, "title: Speaker groups stopped playing together\n", "", 1)+"title: ", "word "),
		"equals lines":    fill(minimal+"what_happened: |\n", "  =======\n"),
		"marker-like":     fill(minimal+"# ", "<<<<<<<"),
		"long answer":     fill(minimal+"what_happened: |\n  ", "[a]("),
		"many lessons":    fill(minimal+"lessons:\n", "  - [a](\n"),
		"conflict at end": append(fill(minimal+"what_happened: |\n", "  text\n"), "<<<<<<< HEAD\n"...),
	} {
		start := time.Now()
		Parse("big.yaml", data, ReadOptions{})
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: reading %d bytes took %v", name, len(data), d)
		}
	}
}
