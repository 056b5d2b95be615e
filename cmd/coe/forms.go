package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/form"
	"github.com/coe-cli/coe/coe/lint"
)

// What coe new and coe edit share around their forms: the terminal check,
// the form's options, interrupts, drafts kept and resumed, and the
// findings after a save.

// needTerminal fails at once, naming the non-interactive way, when there is
// no terminal for a form. huh would otherwise be the one to find out.
func needTerminal(ios *Streams, what, alternatives string) error {
	if ios.InTTY && ios.ErrTTY {
		return nil
	}
	which := "stdin"
	if ios.InTTY {
		which = "stderr"
	}
	return usagef("%s needs a terminal for its form, and %s is not one.\nWithout a terminal: %s", what, which, alternatives)
}

func (f *Factory) accessible(flag bool) bool {
	v := f.Streams.Getenv("COE_ACCESSIBLE")
	return flag || (v != "" && v != "0" && v != "false")
}

func (f *Factory) formOptions(r *coe.Repo, accessible bool) form.Options {
	ios := f.Streams
	return form.Options{
		In: ios.In, Out: ios.ErrOut, Accessible: f.accessible(accessible),
		Severities: r.Config.Severities, Owners: r.Config.Owners, Factors: r.Config.Factors, Now: f.Now,
		Location: r.Config.Location(),
		Editor:   firstNonEmpty(ios.Getenv("VISUAL"), ios.Getenv("EDITOR")),
		// The form coaches with the repository's quality rules and word
		// lists, on a draft too.
		ReviewNotes: func(c *coe.COE) []check.Finding { return check.ReviewNotesOf(c, r.Config, coe.DateOf(f.Now())) },
	}
}

// interruptible cancels ctx on SIGINT, SIGTERM and SIGHUP (outside the
// form's raw mode, ctrl-c arrives as a signal), so a draft is still saved.
func interruptible(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx == nil {
		ctx = context.Background()
	}
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
}

// formSnapshot is what a form's state holds, without where it stands and
// with the defaults a new form fills in (the version, status draft, the
// first severity, which its list starts on): what the user typed. Two
// equal snapshots mean nothing was typed between them.
func formSnapshot(st form.State, severities []string) []byte {
	st.Step, st.Part, st.Item, st.Field, st.Section = 0, "", 0, 0, ""
	if st.Version == 0 {
		st.Version = coe.FormatVersion
	}
	if st.Status == "" {
		st.Status = coe.StatusDraft
	}
	if st.Severity == "" && len(severities) > 0 {
		st.Severity = severities[0]
	}
	return form.MarshalDraft(st, "")
}

// saveDraft keeps what a stopped or failed form holds, says where and how
// to continue, and returns the exit status: 130 when the user stopped.
// When nothing was typed since the form started (its state is as before),
// no draft is written: one that was resumed stays as it was.
func saveDraft(f *Factory, r *coe.Repo, st form.State, d coe.Draft, before []byte, cause error) error {
	ios := f.Streams
	rel := r.Rel(d.Path)
	aborted := errors.Is(cause, form.ErrAborted)
	if bytes.Equal(formSnapshot(st, r.Config.Severities), before) {
		kept := ""
		if r.Exists(d.Path) {
			kept = fmt.Sprintf("the draft in %s is as it was; continue with: %s", rel, resumeCommand(f, r, d))
		}
		switch {
		case aborted && kept == "":
			fmt.Fprintf(ios.ErrOut, "\nNothing typed; no draft kept.\n")
			return silentExit(exitAborted)
		case aborted:
			fmt.Fprintf(ios.ErrOut, "\nNothing changed: %s\n", kept)
			return silentExit(exitAborted)
		case kept != "":
			return usageError(fmt.Errorf("%v\nNothing changed: %s", cause, kept))
		}
		return usageError(cause)
	}
	// The file's own line is run in the repository, from any folder: no
	// -C, and the draft by its name.
	data := form.MarshalDraft(st, shellJoin(d.Resume()))
	if _, err := r.SaveDraft(filepath.Base(d.Path), data); err != nil {
		return usageError(fmt.Errorf("%v; and the draft could not be saved: %v", cause, err))
	}
	if aborted {
		fmt.Fprintf(ios.ErrOut, "\nStopped. Nothing is lost: your answers are in %s\nContinue with: %s\n", rel, resumeCommand(f, r, d))
		return silentExit(exitAborted)
	}
	return usageError(fmt.Errorf("%v\nYour answers are kept in %s; continue with: %s", cause, rel, resumeCommand(f, r, d)))
}

// resumeCommand is the command that continues a draft, as the user can
// type it where they ran coe: a new COE's draft by its path from there,
// the path the message names.
func resumeCommand(f *Factory, r *coe.Repo, d coe.Draft) string {
	if d.Kind == coe.DraftNew {
		return f.command("coe", "new", "--resume", r.Rel(d.Path))
	}
	return f.command(d.Resume()...)
}

// loadDraft reads the draft of the kind given that ref names: "latest" for
// the newest, else a name from coe drafts, a file name or a path. id is the
// COE an edit draft must be of.
func loadDraft(r *coe.Repo, ref, kind, id string) (form.State, coe.Draft, error) {
	var d coe.Draft
	if ref == "latest" {
		drafts, err := r.ListDrafts()
		if err != nil {
			return form.State{}, d, usageError(err)
		}
		for _, c := range drafts {
			if c.Kind == kind && (id == "" || c.ID == id) {
				d = c
				break
			}
		}
		if d.Path == "" {
			return form.State{}, d, usagef("no draft to resume in %s", r.Rel(r.DraftsDir()))
		}
	} else {
		var err error
		if d, err = r.FindDraft(ref); err != nil {
			return form.State{}, d, usagef("--resume %s: %v", ref, err)
		}
	}
	switch {
	case d.Kind == coe.DraftEditor:
		return form.State{}, d, usagef("%s is a COE file kept by coe edit --editor, not a form's draft; compare it with the COE, copy what you need with coe edit %s --editor, then remove it: %s",
			r.Rel(d.Path), d.ID, shellJoin([]string{"coe", "drafts", "rm", d.Name}))
	case d.Kind != kind || (id != "" && d.ID != id):
		return form.State{}, d, usagef("%s is a draft of %s; continue it with: %s", r.Rel(d.Path), draftOf(d), shellJoin(d.Resume()))
	}
	if d.Err != nil {
		return form.State{}, d, usagef("%v; remove it with: %s", d.Err, shellJoin([]string{"coe", "drafts", "rm", d.Name}))
	}
	data, err := r.ReadFile(d.Path)
	if err != nil {
		return form.State{}, d, usageError(err)
	}
	st, err := form.ParseDraft(data)
	if err != nil {
		return form.State{}, d, usagef("%s: %v; remove it with: %s", r.Rel(d.Path), err, shellJoin([]string{"coe", "drafts", "rm", d.Name}))
	}
	return st, d, nil
}

// draftOf says what a draft is of: a new COE, or an edit of one.
func draftOf(d coe.Draft) string {
	if d.Kind == coe.DraftNew {
		return "a new COE"
	}
	return "an edit of " + d.ID
}

// reportFindings prints what lint finds in a file just written by a form:
// the form checks each answer, but not, say, that a COE sent to review
// answers every question.
func reportFindings(f *Factory, r *coe.Repo, path string) {
	doc, err := r.Read(path, true)
	res := coe.LoadResult{Path: r.Rel(path), Doc: doc, Err: err}
	ds := lint.File(res, lint.Options{Config: r.Config, AsOf: coe.DateOf(f.Now())})
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(f.Streams.ErrOut, "Saved; coe lint will say:\n")
	for _, d := range ds {
		fmt.Fprintf(f.Streams.ErrOut, "  %s\n", coe.Printable(d.String(), true))
	}
}
