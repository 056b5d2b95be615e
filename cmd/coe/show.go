package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/coe-cli/coe/coe"
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

On a terminal the text goes through your pager: $PAGER, else less -FRX
(which quits at once when the COE fits the screen). PAGER= or PAGER=cat
shows it without one; a pipe never pages.`,
		Example: `  coe show 2024-01-28-speaker-groups-stopped-playing
  coe show 2024-01-28                 # a unique prefix of the id
  coe show coes/2024-01-28-speaker-groups-stopped-playing.yaml
  coe show 2024-01-28 --json | jq .corrective_actions
  PAGER= coe show 2024-01-28          # no pager`,
		Args:              oneCOE("show", 0),
		ValidArgsFunction: completeIDs(f),
		RunE: func(_ *cobra.Command, args []string) error {
			o.ref = args[0]
			return runShow(o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the COE as JSON (the file format's field names)")
	return cmd
}

func runShow(o *showOptions) error {
	r, path, err := o.f.resolveCOE(o.ref)
	if err != nil {
		return err
	}
	doc, err := r.Read(path, false)
	if err != nil {
		return &exitError{exitFindings, err}
	}
	ios := o.f.Streams
	if o.json {
		data, err := json.MarshalIndent(&doc.COE, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(ios.Out, "%s\n", data)
		return err
	}
	opts := render.TextOptions{Today: coe.DateOf(o.f.Now())}
	if ios.OutTTY {
		opts.Color = ios.Color(true)
		opts.Width = min(ios.Width(), 100)
	}
	return o.f.page(func(w io.Writer) error { return render.Text(w, &doc.COE, opts) })
}
