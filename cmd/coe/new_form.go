package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/form"
)

// The forms' runs; tests replace them with functions that answer the form
// as a user would, or stop it.
var (
	runNewForm  = form.RunNew
	runEditForm = form.RunEdit
)

func newInteractive(ctx context.Context, o *newOptions, r *coe.Repo) error {
	var st form.State
	var draft coe.Draft
	if o.resume != "" {
		var err error
		st, draft, err = loadDraft(r, o.resume, coe.DraftNew, "")
		if err != nil {
			return err
		}
	} else {
		if o.severity != "" {
			if err := checkSeverity(r, o.severity); err != nil {
				return err
			}
		}
		st.Title, st.Severity = o.title, o.severity
		if o.started != "" {
			t, err := o.startedAt(r)
			if err != nil {
				return err
			}
			st.StartedAt = coe.FormatTime(t)
		}
		authors, err := o.defaultAuthors(r)
		if err != nil {
			return err
		}
		st.Authors = strings.Join(authors, ", ")
		st.Tags, st.Services = strings.Join(o.tags, ", "), strings.Join(o.services, ", ")
		name := r.FreshDraftName(o.f.Now())
		draft = coe.Draft{Name: name, Path: r.DraftPath(name), Kind: coe.DraftNew}
		o.mentionDrafts(r)
	}
	if err := needTerminal(o.f.Streams, "coe new",
		"coe new --no-input --title T --severity S [--started TIME] [--author A]...\n  or: coe new --from FILE (- for stdin)"); err != nil {
		return err
	}
	opts := o.f.formOptions(r, o.accessible)
	opts.DefaultAuthor = st.Authors
	opts.Check = func(c *coe.COE) []check.Finding { return check.New(r, c, o.f.Now()) }
	before := formSnapshot(st, r.Config.Severities)
	ctx, stop := interruptible(ctx)
	defer stop()
	err := runNewForm(ctx, &st, opts)
	if err != nil {
		return saveDraft(o.f, r, st, draft, before, err)
	}
	c, err := st.COEIn(r.Config.Location())
	if err != nil {
		return saveDraft(o.f, r, st, draft, before, err)
	}
	c.Version = coe.FormatVersion
	path, err := r.Create(c, o.f.Now())
	if err != nil {
		return saveDraft(o.f, r, st, draft, before, err)
	}
	r.Remove(draft.Path)
	reportFindings(o.f, r, path)
	return o.created(r, path, c.ID)
}

// mentionDrafts says, before a new form, that interrupted ones are kept.
func (o *newOptions) mentionDrafts(r *coe.Repo) {
	drafts, err := r.ListDrafts()
	if err != nil {
		return
	}
	n := 0
	for _, d := range drafts {
		if d.Kind == coe.DraftNew {
			n++
		}
	}
	switch {
	case n == 1:
		fmt.Fprintf(o.f.Streams.ErrOut, "1 interrupted COE: %s to continue, %s to list them\n", o.f.command("coe", "new", "--resume"), o.f.command("coe", "drafts"))
	case n > 1:
		fmt.Fprintf(o.f.Streams.ErrOut, "%d interrupted COEs: %s continues the latest, %s lists them\n", n, o.f.command("coe", "new", "--resume"), o.f.command("coe", "drafts"))
	}
}
