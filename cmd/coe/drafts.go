package main

import (
	"encoding/json"
	"fmt"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/table"
	"github.com/spf13/cobra"
)

type draftsOptions struct {
	f    *Factory
	json bool
}

const draftsLong = `List the drafts of interrupted forms, newest first.

A form stopped with ctrl-c or Esc keeps what was typed in .coe/drafts
(ignored by git). For each draft coe drafts shows its name, the COE it
belongs to ("new" for a new one), when it was saved, how far the form got
and the title; the command to continue it is coe new --resume DRAFT for a
new COE, coe edit ID --resume for an edit. A COE file that coe edit --editor
kept because the COE changed meanwhile is listed too, as "the whole file".

coe drafts rm removes drafts.`

func newDraftsCmd(f *Factory) *cobra.Command {
	o := &draftsOptions{f: f}
	cmd := &cobra.Command{
		Use:   "drafts",
		Short: "List the drafts of interrupted forms; rm removes them",
		Long:  draftsLong,
		Example: `  coe drafts
  coe drafts --json | jq -r '.[] | select(.kind == "new") | .resume'
  coe new --resume new-20261123-101500    # continue one
  coe drafts rm new-20261123-101500
  coe drafts rm --all`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runDrafts(o) },
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array for scripts")
	cmd.AddCommand(newDraftsRmCmd(f))
	return cmd
}

// draftItem is one draft in coe drafts --json.
type draftItem struct {
	Name     string  `json:"name"`
	Path     string  `json:"path"`
	Kind     string  `json:"kind"`
	ID       *string `json:"id"`
	Title    string  `json:"title"`
	Step     int     `json:"step"`
	StepName string  `json:"how_far"`
	Saved    string  `json:"saved"`
	Resume   *string `json:"resume"`
	Error    *string `json:"error"`
}

func runDrafts(o *draftsOptions) error {
	r, err := o.f.Repo()
	if err != nil {
		return err
	}
	drafts, err := r.ListDrafts()
	if err != nil {
		return usageError(err)
	}
	ios := o.f.Streams
	loc := r.Config.Location()
	if o.json {
		items := make([]draftItem, len(drafts))
		for i, d := range drafts {
			it := draftItem{Name: d.Name, Path: r.Rel(d.Path), Kind: d.Kind, Title: d.Title, Step: d.Step,
				StepName: d.HowFar(), Saved: coe.FormatTime(d.Saved.In(loc).Truncate(1e9))}
			if d.ID != "" {
				it.ID = &d.ID
			}
			if cmd := d.Resume(); cmd != nil {
				s := o.f.command(cmd...)
				it.Resume = &s
			}
			if d.Err != nil {
				s := d.Err.Error()
				it.Error = &s
			}
			items[i] = it
		}
		out, err := json.MarshalIndent(items, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(ios.Out, "%s\n", out)
		return err
	}
	if len(drafts) == 0 {
		fmt.Fprintf(ios.ErrOut, "No drafts in %s.\n", r.Rel(r.DraftsDir()))
		return nil
	}
	rows := make([][]string, len(drafts))
	for i, d := range drafts {
		of := d.ID
		if d.Kind == coe.DraftNew {
			of = "new"
		}
		rows[i] = []string{table.Cell(d.Name), table.Cell(of), d.Saved.In(loc).Format("2006-01-02 15:04"), d.HowFar(), table.OrDash(table.Cell(d.Title))}
	}
	if err := table.Write(ios.Out, ios.tableStyle(), []string{"DRAFT", "COE", "SAVED", "HOW FAR", "TITLE"}, rows); err != nil {
		return err
	}
	fmt.Fprintf(ios.ErrOut, "Continue with %s or %s; remove with %s.\n",
		o.f.command("coe", "new", "--resume", "DRAFT"), o.f.command("coe", "edit", "ID", "--resume"), o.f.command("coe", "drafts", "rm", "DRAFT"))
	return nil
}

type draftsRmOptions struct {
	f     *Factory
	names []string
	all   bool
}

func newDraftsRmCmd(f *Factory) *cobra.Command {
	o := &draftsRmOptions{f: f}
	cmd := &cobra.Command{
		Use:   "rm DRAFT...|--all",
		Short: "Remove drafts",
		Long: `Remove drafts by the names coe drafts lists (a file name or a path to one
in .coe/drafts is taken too), or every draft with --all. What they held is
gone: continue a draft first if you want it.`,
		Example: `  coe drafts rm new-20261123-101500
  coe drafts rm 2024-01-28-speaker-groups-stopped-playing.edit
  coe drafts rm --all`,
		RunE: func(_ *cobra.Command, args []string) error {
			o.names = args
			return runDraftsRm(o)
		},
		ValidArgsFunction: completeDrafts(f),
	}
	cmd.Flags().BoolVar(&o.all, "all", false, "remove every draft")
	return cmd
}

func runDraftsRm(o *draftsRmOptions) error {
	switch {
	case o.all && len(o.names) > 0:
		return usagef("--all removes every draft; leave out the names, or --all")
	case !o.all && len(o.names) == 0:
		return usagef("which drafts? Name them (coe drafts lists them), or give --all")
	}
	r, err := o.f.Repo()
	if err != nil {
		return err
	}
	var drafts []coe.Draft
	if o.all {
		if drafts, err = r.ListDrafts(); err != nil {
			return usageError(err)
		}
		if len(drafts) == 0 {
			fmt.Fprintf(o.f.Streams.ErrOut, "No drafts in %s.\n", r.Rel(r.DraftsDir()))
			return nil
		}
	} else {
		// Every name must be a draft before any is removed.
		seen := map[string]bool{}
		for _, n := range o.names {
			d, err := r.FindDraft(n)
			if err != nil {
				return usageError(err)
			}
			if !seen[d.Path] {
				seen[d.Path] = true
				drafts = append(drafts, d)
			}
		}
	}
	for _, d := range drafts {
		if err := r.RemoveDraft(d); err != nil {
			return usageError(err)
		}
		fmt.Fprintf(o.f.Streams.ErrOut, "Removed %s.\n", r.Rel(d.Path))
	}
	return nil
}

// completeDrafts completes the names of drafts.
func completeDrafts(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		r, err := f.Repo()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		drafts, _ := r.ListDrafts()
		var out []string
		for _, d := range drafts {
			if len(d.Name) >= len(prefix) && d.Name[:len(prefix)] == prefix {
				out = append(out, d.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
