package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/render"
	"github.com/spf13/cobra"
)

type showOptions struct {
	f    *Factory
	ref  string
	json bool
}

func newShowCmd(f *Factory) *cobra.Command {
	o := &showOptions{f: f}
	cmd := &cobra.Command{
		Use:   "show ID|PATH",
		Short: "Show one COE in the order of the seven questions",
		Long: `Show one COE, whole, in the order of the seven questions: styled in a
terminal, plain text when piped. An id prefix is enough when it is unique.

At the end come the COE's review notes, when it has any: what the quality
rules of coe lint (blame, whys-depth, impact-unquantified, ...) would ask
its authors, each with its rule, where it is and what it says, on a draft
too (as coe lint --all-rules finds them; rules: {quality: off} in
.coe.yaml turns them off). coe lint --explain RULE says why each matters.
--json has them as "review_notes": rule, severity, field, line, col and
message, [] when there are none.

On a terminal the text goes through your pager: $PAGER, else less -FRX
(which quits at once when the COE fits the screen). PAGER= or PAGER=cat
shows it without one; a pipe never pages.`,
		Example: `  coe show 2024-01-28-speaker-groups-stopped-playing
  coe show 2024-01-28                 # a unique prefix of the id
  coe show coes/2024-01-28-speaker-groups-stopped-playing.yaml
  coe show payments/2025-03-11        # a COE of the source payments (sources: in .coe.yaml)
  coe show 2024-01-28 --json | jq .corrective_actions
  coe show 2024-01-28 --json | jq -r '.review_notes[] | "\(.line): \(.rule)"'
  PAGER= coe show 2024-01-28          # no pager`,
		Args:              oneCOE("show", 0),
		ValidArgsFunction: completeIDsAcross(f),
		RunE: func(_ *cobra.Command, args []string) error {
			o.ref = args[0]
			return runShow(o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the COE as JSON (the file format's field names), with its review_notes")
	return cmd
}

func runShow(o *showOptions) error {
	r, path, err := o.f.resolveAcross(o.ref)
	if err != nil {
		return err
	}
	doc, err := r.Read(path, true)
	if err != nil {
		return &exitError{exitFindings, err}
	}
	notes := reviewNotes(r, doc, o.f.Now())
	ios := o.f.Streams
	if o.json {
		data, err := showJSON(&doc.COE, notes)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(ios.Out, "%s\n", data)
		return err
	}
	opts := render.TextOptions{Today: coe.DateOf(o.f.Now()), ReviewNotes: notes}
	if ios.OutTTY {
		opts.Color = ios.Color(true)
		opts.Width = min(ios.Width(), 100)
	}
	return o.f.page(func(w io.Writer) error { return render.Text(w, &doc.COE, opts) })
}

// reviewNoteJSON is one review note in coe show --json.
type reviewNoteJSON struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Field    string `json:"field"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Message  string `json:"message"`
}

// showJSON is the COE as JSON, its fields in the spec's order, and then
// its review notes ("review_notes", [] when there are none).
func showJSON(c *coe.COE, notes []render.ReviewNote) ([]byte, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	list := make([]reviewNoteJSON, len(notes))
	for i, n := range notes {
		list[i] = reviewNoteJSON{Rule: n.Rule, Severity: n.Severity, Field: n.Field, Line: n.Line, Col: n.Col, Message: n.Message}
	}
	extra, err := json.Marshal(list)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimSuffix(data, []byte("}"))
	if !bytes.HasSuffix(data, []byte("{")) {
		data = append(data, ',')
	}
	data = append(append(append(data, `"review_notes":`...), extra...), '}')
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// reviewNotes are the review notes of doc, read with its positions: what
// the quality rules of the repository's config say of it, on a draft too
// (as coe lint --all-rules says it).
func reviewNotes(r *coe.Repo, doc *coe.Document, now time.Time) []render.ReviewNote {
	fs := check.ReviewNotes(doc, r.Config, coe.DateOf(now))
	out := make([]render.ReviewNote, len(fs))
	for i, f := range fs {
		out[i] = render.ReviewNote{Rule: f.Rule, Severity: string(f.Severity), Field: f.Field, Line: f.Line, Col: f.Col, Message: f.Message}
	}
	return out
}
