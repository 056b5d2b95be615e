package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/form"
	"github.com/coe-cli/coe/coe/related"
	"github.com/coe-cli/coe/coe/table"
	"github.com/coe-cli/coe/coe/vcs"
)

// coe related --write: choosing the COEs and adding them to related:.

// choose asks, in a form on the terminal, which suggestions to add.
func (o *relatedOptions) choose(r *coe.Repo, path string, sugs []related.Suggestion) ([]string, error) {
	var choices []form.Choice
	for _, s := range sugs {
		if s.AlreadyRelated {
			continue
		}
		// One line on a terminal of 100 columns or more; coe related
		// without --write shows the reasons.
		label := fmt.Sprintf("%.2f  %s  %s", s.Score, table.Cell(s.ID), table.CutToWidth(table.Cell(s.Title), 30))
		choices = append(choices, form.Choice{Value: s.ID, Label: label})
	}
	if len(choices) == 0 {
		return nil, nil
	}
	opts := o.f.formOptions(r, o.accessible)
	ctx, stop := interruptible(context.Background())
	defer stop()
	ids, err := form.Pick(ctx, "Related COEs of "+coe.Printable(related.KeyOf(path), false),
		"Choose those about the same failure (space or x), then enter. They are added to related:, one way.", choices, opts)
	if errors.Is(err, form.ErrAborted) {
		fmt.Fprintln(o.f.Streams.ErrOut, "Stopped; related: is unchanged.")
		return nil, silentExit(exitAborted)
	}
	return ids, err
}

// writeRelated adds ids to related: of the COE at path, commits when
// asked, and reports: the path (or JSON) on stdout, what was added on
// stderr.
func (o *relatedOptions) writeRelated(r *coe.Repo, path string, ids []string) error {
	w, err := related.Write(r, path, ids, coe.DateOf(o.f.Now()))
	var unread *check.NotReviewed
	switch {
	case errors.As(err, &unread):
		for _, p := range unread.Problems {
			fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(p, true))
		}
		return &exitError{exitFindings, errors.New(unread.Msg + "; nothing was changed")}
	case len(coe.Errors(err)) > 0:
		return &exitError{exitFindings, err}
	case err != nil:
		return usageError(err)
	}
	var committed string
	var commitErr error
	if len(w.Added) > 0 && (o.commit || r.Config.Commit) && !o.noCommit {
		committed, commitErr = vcs.Commit(r.Root, "coe: relate "+w.ID+" to "+strings.Join(w.Added, ", "), path)
	}
	ios := o.f.Streams
	if o.json {
		data, err := json.MarshalIndent(struct {
			ID        string   `json:"id"`
			Path      string   `json:"path"`
			Added     []string `json:"added"`
			Related   []string `json:"related"`
			Committed bool     `json:"committed"`
		}{w.ID, r.Rel(path), nonNil(w.Added), nonNil(w.Related), committed != ""}, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(ios.Out, "%s\n", data)
	} else {
		fmt.Fprintln(ios.Out, r.Rel(path))
	}
	if len(w.Added) == 0 {
		fmt.Fprintf(ios.ErrOut, "%s lists them in related: already; nothing changed.\n", coe.Printable(w.ID, false))
	} else {
		fmt.Fprintf(ios.ErrOut, "Added to related: of %s: %s.\n", coe.Printable(w.ID, false), coe.Printable(strings.Join(w.Added, ", "), false))
	}
	if commitErr != nil {
		return notCommitted(r, path, commitErr)
	}
	if committed != "" {
		fmt.Fprintf(ios.ErrOut, "Committed: %s\n", committed)
	}
	return nil
}
