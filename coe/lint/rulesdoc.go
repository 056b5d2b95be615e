package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// FormatMarkdown is the Markdown table of WriteRules, for coe help rules.
const FormatMarkdown = "markdown"

var ruleFormats = []string{FormatText, FormatJSON, FormatMarkdown}

// RuleFormats are the formats of WriteRules, the default first.
func RuleFormats() []string { return slices.Clone(ruleFormats) }

// defaultLabel is how listings show a rule's default severity: the
// reader's rules are always errors.
func defaultLabel(r Rule) string {
	if readRules[r.ID] {
		return string(r.Default) + " (always)"
	}
	return string(r.Default)
}

// WriteRules documents every rule, sorted by id: a table of id, group,
// default severity and summary (text); Markdown tables, one of the rules
// without a group, then one a group under its heading with what the group
// is (markdown); or a JSON array of objects with id, group ("" for none),
// default, configurable, summary and explanation (json).
func WriteRules(w io.Writer, format string) error {
	bw := bufio.NewWriter(w)
	switch format {
	case FormatJSON:
		type jsonRule struct {
			ID           string   `json:"id"`
			Group        string   `json:"group"`
			Default      Severity `json:"default"`
			Configurable bool     `json:"configurable"`
			Summary      string   `json:"summary"`
			Explanation  string   `json:"explanation"`
		}
		out := []jsonRule{}
		for _, r := range Rules() {
			out = append(out, jsonRule{r.ID, r.Group, r.Default, Configurable(r.ID), r.Summary, r.Explanation})
		}
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	case FormatMarkdown:
		table := func(group string) {
			bw.WriteString("| Rule | Default | What it checks |\n|---|---|---|\n")
			for _, r := range Rules() {
				if r.Group == group {
					fmt.Fprintf(bw, "| `%s` | %s | %s |\n", r.ID, defaultLabel(r), markdownEscaper.Replace(r.Summary))
				}
			}
		}
		table("")
		for _, g := range groups {
			fmt.Fprintf(bw, "\n## The `%s` group\n\n%s\n\n", g.ID, g.Explanation)
			table(g.ID)
		}
	case FormatText, "":
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "RULE\tGROUP\tDEFAULT\tWHAT IT CHECKS")
		for _, r := range Rules() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Group, defaultLabel(r), r.Summary)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown format %q; expected one of %s", format, strings.Join(ruleFormats, ", "))
	}
	return bw.Flush()
}

var markdownEscaper = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;")

// WriteExplanation writes what a rule checks, its default severity and
// whether .coe.yaml can change it, and its explanation with an example.
func WriteExplanation(w io.Writer, r Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", r.ID, r.Summary)
	if Configurable(r.ID) && r.Group != "" {
		other := "error"
		if r.Default == Error {
			other = "warning"
		}
		fmt.Fprintf(&b, "Default: %s, in the %s group (coe lint --explain %s): from status review on, and on\n"+
			"drafts with coe lint --all-rules. The rules of .coe.yaml can make it an error, a warning, or\n"+
			"off, alone or with its group (its own entry wins):\n\n    rules:\n      %s: off\n      %s: %s\n\n",
			r.Default, r.Group, r.Group, r.Group, r.ID, other)
	} else if Configurable(r.ID) {
		other := "warning"
		if r.Default == Warning || r.Default == Off {
			other = "error"
		}
		fmt.Fprintf(&b, "Default: %s. The rules of .coe.yaml can make it an error, a warning, or off:\n\n    rules:\n      %s: %s\n\n", r.Default, r.ID, other)
	} else {
		fmt.Fprintf(&b, "Default: %s, always. A file that breaks the format is refused by every coe command.\n\n", r.Default)
	}
	expl := r.Explanation
	if !Configurable(r.ID) {
		// Said above already.
		expl = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(expl), "Read errors are always errors; the rules section of .coe.yaml cannot change them."))
	}
	b.WriteString(expl)
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteGroupExplanation writes what a group's rules have in common, how to
// set them all, and the list of its rules.
func WriteGroupExplanation(w io.Writer, g Group) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n%s\n\nIts rules (coe lint --explain RULE):\n\n", g.ID, g.Summary, g.Explanation)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, r := range Rules() {
		if r.Group == g.ID {
			fmt.Fprintf(tw, "  %s\t%s\n", r.ID, r.Summary)
		}
	}
	tw.Flush()
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteReference writes every rule as Markdown, for `coe help rules` and
// the generated documentation: the table of WriteRules, then each rule's
// explanation under its id.
func WriteReference(w io.Writer) error {
	if err := WriteRules(w, FormatMarkdown); err != nil {
		return err
	}
	for _, r := range Rules() {
		if _, err := fmt.Fprintf(w, "\n## `%s`\n\n", r.ID); err != nil {
			return err
		}
		if err := WriteExplanation(w, r); err != nil {
			return err
		}
	}
	return nil
}
