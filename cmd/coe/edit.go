package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/form"
	"github.com/spf13/cobra"
)

type editOptions struct {
	f          *Factory
	ref        string
	editor     bool
	accessible bool
	resume     string
	section    string
}

const editLong = `Edit a COE.

In a terminal, coe edit opens on a menu of the COE's parts, each with what
it holds: the basics, each of the seven questions, the timeline, each
corrective action and the customers' version (public:, optional: what a
status page or a public postmortem says). Choose one to change it; --section
NAME opens one part directly. A list (the timeline, the whys, the supporting
data, the lessons, the corrective actions) shows its items to change, add,
move or remove. Saving checks the COE as coe lint does, in its repository,
and lists what it finds with a way to each field; then it changes the file
in place, only where you changed something: comments, key order and every
other line stay as they were. Ctrl-C or Esc keeps what you typed as a draft
(coe edit ID --resume reopens it at the field you were in; coe drafts lists
the drafts); the file is untouched. When nothing was changed, no draft is
kept.

As in coe new, the form shows the quality rules' review notes under each
answer you leave (ctrl+r explains them); they never stop a save.

Times are typed as people write them (2026-11-30 14:02, 14:02 on the
incident's start date, RFC 3339), read in the timezone: of .coe.yaml.

With --editor, the YAML opens in $VISUAL or $EDITOR instead. When you save,
the file is checked as coe lint would; if it has errors, the editor opens
again with the errors listed on top. Quit without saving a change (or empty
the file) to give up: the original file is then untouched.

Saving holds the repository lock: if someone changed the COE while you were
editing, nothing is overwritten; your version is kept as a draft and coe
edit exits with 2.`

func newEditCmd(f *Factory) *cobra.Command {
	o := &editOptions{f: f}
	cmd := &cobra.Command{
		Use:   "edit ID|PATH",
		Short: "Edit a COE in the form, or its YAML in $EDITOR",
		Long:  editLong + sectionsHelp(),
		Example: `  coe edit 2024-01-28-speaker-groups-stopped-playing
  coe edit 2024-01-28 --editor
  EDITOR="code --wait" coe edit 2024-01-28 --editor
  coe edit 2024-01-28 --section lessons   # straight to the lessons
  coe edit 2024-01-28 --section CA-4      # one corrective action
  coe edit 2024-01-28 --section public    # what customers will read
  coe edit 2024-01-28 --resume            # continue an interrupted edit`,
		Args:              oneCOE("edit", 1),
		ValidArgsFunction: completeIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ref = args[0]
			// --resume takes its draft as the next word too, as coe new's.
			if len(args) == 2 {
				if o.resume != "latest" {
					return usagef("unexpected argument %q; coe edit takes one COE", args[1])
				}
				o.resume = args[1]
			}
			return runEdit(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.editor, "editor", false, "edit the YAML in $VISUAL or $EDITOR, checked on save")
	cmd.Flags().BoolVar(&o.accessible, "accessible", false, "forms in screen-reader mode (also COE_ACCESSIBLE=1)")
	cmd.Flags().StringVar(&o.resume, "resume", "", "continue an interrupted edit of this COE: its `DRAFT` (coe drafts lists them)")
	cmd.Flags().Lookup("resume").NoOptDefVal = "latest"
	cmd.Flags().StringVar(&o.section, "section", "", "open one part of the COE, its `NAME` (see above), instead of the menu")
	_ = cmd.RegisterFlagCompletionFunc("section", completeSections(f))
	return cmd
}

// sectionsHelp lists the names --section takes.
func sectionsHelp() string {
	var b strings.Builder
	b.WriteString("\n\nThe parts --section opens:\n")
	for _, s := range form.Sections() {
		fmt.Fprintf(&b, "  %-20s %s\n", s.Name, s.Title)
	}
	fmt.Fprintf(&b, "  %-20s %s", "CA-1, CA-2, ...", "one corrective action, by its id")
	return b.String()
}

// completeSections completes --section: the parts, and the corrective
// actions of the COE named first.
func completeSections(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		var st form.State
		if len(args) > 0 {
			if r, path, err := f.resolveCOE(args[0]); err == nil {
				if doc, err := r.Read(path, false); err == nil {
					st = form.FromCOE(&doc.COE)
				}
			}
		}
		var out []string
		for _, name := range st.SectionNames() {
			if strings.HasPrefix(strings.ToLower(name), strings.ToLower(prefix)) {
				out = append(out, name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func runEdit(ctx context.Context, o *editOptions) error {
	r, path, err := o.f.resolveCOE(o.ref)
	if err != nil {
		return err
	}
	orig, err := r.ReadFile(path)
	if err != nil {
		return usageError(err)
	}
	if o.editor {
		switch {
		case o.resume != "":
			return usagef("--resume continues a form; it cannot go with --editor")
		case o.section != "":
			return usagef("--section opens a part of the form; it cannot go with --editor")
		}
		return editInEditor(o, r, path, orig)
	}
	if o.section != "" && o.resume != "" {
		return usagef("--resume reopens the draft where it stopped; leave out --section")
	}
	return editInForm(ctx, o, r, path, orig)
}

func editInForm(ctx context.Context, o *editOptions, r *coe.Repo, path string, orig []byte) error {
	ios := o.f.Streams
	id := strings.TrimSuffix(filepath.Base(path), ".yaml")
	doc, err := coe.Parse(r.Rel(path), orig, r.ReadOptions())
	if err != nil {
		fmt.Fprintln(ios.ErrOut, coe.Printable(err.Error(), true))
		return &exitError{exitFindings, fmt.Errorf("the form cannot open a file with errors; fix them with: coe edit %s --editor", id)}
	}
	name := coe.EditDraftName(id)
	draft := coe.Draft{Name: name, Path: r.DraftPath(name), Kind: coe.DraftEdit, ID: id}
	st := form.FromCOE(&doc.COE)
	switch {
	case o.resume == "latest" && !r.Exists(draft.Path):
		return usagef("no interrupted edit of %s to resume (%s does not exist)", id, r.Rel(draft.Path))
	case o.resume != "":
		if st, draft, err = loadDraft(r, o.resume, coe.DraftEdit, id); err != nil {
			return err
		}
		if st.ID != "" && st.ID != id {
			return usagef("%s holds an edit of %q, not of %s; remove it with: %s", r.Rel(draft.Path), st.ID, id, shellJoin([]string{"coe", "drafts", "rm", draft.Name}))
		}
	case r.Exists(draft.Path):
		fmt.Fprintf(ios.ErrOut, "An interrupted edit of %s is kept in %s; this edit starts from the file, and replaces that draft if you stop it. To continue that one instead: %s\n",
			id, r.Rel(draft.Path), o.f.command(draft.Resume()...))
	}
	if o.section != "" {
		if err := st.OpenSection(o.section); err != nil {
			return usagef("--section: %v", err)
		}
	}
	if err := needTerminal(ios, "coe edit", fmt.Sprintf("coe edit %s --editor (with EDITOR set to your editor)", id)); err != nil {
		return err
	}
	before := formSnapshot(st, r.Config.Severities)
	ctx, stop := interruptible(ctx)
	defer stop()
	opts := o.f.formOptions(r, o.accessible)
	opts.Base = &doc.COE
	opts.Check = func(c *coe.COE) []check.Finding { return check.Edit(r, path, orig, c, coe.DateOf(o.f.Now())) }
	if err := runEditForm(ctx, &st, opts); err != nil {
		return saveDraft(o.f, r, st, draft, before, err)
	}
	// Only what the user changed is written.
	c, err := st.Merge(&doc.COE, r.Config.Location())
	if err != nil {
		return saveDraft(o.f, r, st, draft, before, err)
	}
	out, err := coe.Update(orig, c)
	if err != nil {
		return saveDraft(o.f, r, st, draft, before, err)
	}
	if err := r.Replace(path, orig, out, "coe edit "+id); err != nil {
		return saveDraft(o.f, r, st, draft, before, err)
	}
	r.Remove(draft.Path)
	if bytes.Equal(out, orig) {
		fmt.Fprintf(ios.ErrOut, "No changes; %s is as it was.\n", r.Rel(path))
		return nil
	}
	fmt.Fprintf(ios.ErrOut, "Saved %s.\n", r.Rel(path))
	reportFindings(o.f, r, path)
	return nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
