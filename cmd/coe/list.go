package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/table"
	"github.com/spf13/cobra"
)

type listOptions struct {
	f        *Factory
	status   []string
	severity []string
	tags     []string
	json     bool
}

func newListCmd(f *Factory) *cobra.Command {
	o := &listOptions{f: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List COEs, newest first",
		Long: `List the repository's COEs, newest incident first: id, incident date,
severity, status, open corrective actions and title. On a terminal a long
title is cut to the terminal's width; a pipe or --json gives it whole.

A file that does not read is reported on stderr with its position; the
others are still listed, and the exit code is 1.`,
		Example: `  coe list
  coe list --status review --status approved
  coe list --severity sev1 --tag payments
  coe list --tag payments --tag "on-call, EU"   # either tag
  coe list --json | jq -r '.[] | select(.open_actions > 0) | .id'`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runList(o) },
	}
	// Statuses and severities are names from a fixed list and may be
	// comma-separated; a tag is free text, one a flag.
	cmd.Flags().StringSliceVar(&o.status, "status", nil, "only COEs with this `STATUS` (draft, review, approved, closed); repeat or comma-separate for several")
	cmd.Flags().StringSliceVar(&o.severity, "severity", nil, "only COEs with this `SEVERITY`; repeat or comma-separate for several")
	cmd.Flags().StringArrayVar(&o.tags, "tag", nil, "only COEs with this `TAG`, taken whole (repeat for more: any of them)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array for scripts")
	return cmd
}

// listItem is one row of `coe list`, and the JSON object of --json.
type listItem struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Status      string   `json:"status"`
	Severity    string   `json:"severity"`
	StartedAt   *string  `json:"started_at"`
	Path        string   `json:"path"`
	OpenActions int      `json:"open_actions"`
	Actions     int      `json:"actions"`
	Tags        []string `json:"tags"`
	Services    []string `json:"services"`
	Authors     []string `json:"authors"`
	Reviewers   []string `json:"reviewers"`
	ApprovedBy  string   `json:"approved_by"`
	ApprovedAt  *string  `json:"approved_at"`

	date string // the incident date, or the id's date
	sort time.Time
}

func runList(o *listOptions) error {
	r, err := o.f.Repo()
	if err != nil {
		return err
	}
	for _, s := range o.status {
		if !slices.Contains(coe.Statuses(), s) {
			return usagef("--status %q: expected one of %s", s, strings.Join(coe.Statuses(), ", "))
		}
	}
	for _, s := range o.severity {
		if !slices.Contains(r.Config.Severities, s) {
			return usagef("--severity %q: expected one of %s (from %s)", s, strings.Join(r.Config.Severities, ", "), coe.ConfigName)
		}
	}
	files, err := r.Files()
	if err != nil {
		return usageError(err)
	}
	// Keep a row per file, not the COEs (see lean).
	defer lean()()
	rows := make([]*listItem, len(files))
	errs := make([]error, len(files))
	// Each summary's strings share the table's bytes; newListItem copies
	// the few a row keeps, so little is left for the collector.
	o.f.Cache(r).SummariesShared(files, r.Rel, func(i int, path string, sum *coe.Summary, err error) {
		if err != nil {
			errs[i] = err
		} else if c := &sum.COE; o.match(c) {
			it := newListItem(c, path)
			rows[i] = &it
		}
	})
	items := make([]*listItem, 0, len(rows))
	failed := 0
	for i, it := range rows {
		switch {
		case errs[i] != nil:
			fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(errs[i].Error(), true))
			failed++
		case it != nil:
			items = append(items, it)
		}
	}
	rows = nil
	sort.SliceStable(items, func(i, j int) bool {
		if !items[i].sort.Equal(items[j].sort) {
			return items[i].sort.After(items[j].sort)
		}
		return items[i].ID > items[j].ID
	})
	if o.json {
		if err := writeJSONArray(o.f.Streams.Out, items); err != nil {
			return err
		}
	} else if err := printList(o.f.Streams.Out, items, o.f.Streams.tableStyle()); err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(o.f.Streams.ErrOut, "coe: %d of %d files did not read; `coe lint` lists every problem of every file\n", failed, len(files))
		return silentExit(exitFindings)
	}
	if len(items) == 0 && !o.json {
		if len(files) == 0 {
			fmt.Fprintf(o.f.Streams.ErrOut, "No COEs in %s yet. Write one with `coe new`.\n", r.Rel(r.Dir()))
		} else {
			fmt.Fprintf(o.f.Streams.ErrOut, "No COE matches (%d in all).\n", len(files))
		}
	}
	return nil
}

func (o *listOptions) match(c *coe.COE) bool {
	if len(o.status) > 0 && !slices.Contains(o.status, c.Status) {
		return false
	}
	if len(o.severity) > 0 && !slices.Contains(o.severity, c.Severity) {
		return false
	}
	if len(o.tags) > 0 && !slices.ContainsFunc(o.tags, func(t string) bool { return slices.Contains(c.Tags, t) }) {
		return false
	}
	return true
}

func newListItem(c *coe.COE, path string) listItem {
	it := listItem{
		ID: strings.Clone(c.ID), Title: strings.Clone(c.Title), Status: strings.Clone(c.Status), Severity: strings.Clone(c.Severity), Path: path,
		OpenActions: c.OpenActions(), Actions: len(c.CorrectiveActions),
		Tags: cloneAll(c.Tags), Services: cloneAll(c.Services), Authors: cloneAll(c.Authors),
		Reviewers: cloneAll(c.Reviewers), ApprovedBy: strings.Clone(c.ApprovedBy),
	}
	if !c.ApprovedAt.IsZero() {
		s := coe.FormatTime(c.ApprovedAt)
		it.ApprovedAt = &s
	}
	if t := c.Incident.StartedAt; !t.IsZero() {
		s := coe.FormatTime(t)
		it.StartedAt = &s
		it.date, it.sort = coe.DateOf(t).String(), t
	} else if len(c.ID) >= 10 {
		if d, err := time.Parse(coe.DateLayout, c.ID[:10]); err == nil {
			it.date, it.sort = c.ID[:10], d
		}
	}
	return it
}

// cloneAll copies a list and its strings, never nil (JSON's [] rather
// than null): a row keeps nothing of the summary it was made from.
func cloneAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.Clone(v)
	}
	return out
}

func printList(w io.Writer, items []*listItem, st table.Style) error {
	rows := make([][]string, len(items))
	for i, it := range items {
		rows[i] = []string{table.Cell(it.ID), table.OrDash(it.date), table.Cell(it.Severity), table.Cell(it.Status), strconv.Itoa(it.OpenActions), table.Cell(it.Title)}
	}
	return table.Write(w, st, []string{"ID", "DATE", "SEV", "STATUS", "OPEN", "TITLE"}, rows)
}

// tableStyle is the style of a table on stdout: bold and cut to the
// terminal's width when stdout is a terminal, plain text otherwise.
func (s *Streams) tableStyle() table.Style {
	st := table.Style{Color: s.Color(s.OutTTY)}
	if s.OutTTY && s.Width != nil {
		st.Width = s.Width()
	}
	return st
}
