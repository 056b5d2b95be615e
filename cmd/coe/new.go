package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/form"
	"github.com/coe-cli/coe/coe/identity"
	"github.com/coe-cli/coe/coe/lint"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/coe/vcs"
	"github.com/spf13/cobra"
)

type newOptions struct {
	f          *Factory
	noInput    bool
	title      string
	severity   string
	started    string
	authors    []string
	tags       []string
	services   []string
	from       string
	commit     bool
	noCommit   bool
	accessible bool
	resume     string
	json       bool
}

const newLong = `Write a new COE.

In a terminal, coe new walks you through the seven COE questions in a form,
one step at a time, with a hint of what a good answer holds. Long answers
open in $EDITOR with ctrl+e. Ctrl-C or Esc stops at any point without losing
a word: what you typed is kept as a draft, and coe says how to continue
(coe new --resume).

Times are typed as people write them: 2026-11-30 14:02, 2026-11-30T14:02,
a date alone (its midnight), or RFC 3339 with an offset. Local times are
read in the time zone of timezone: in .coe.yaml (an IANA name, like
Europe/Paris), else this machine's, and stored as RFC 3339 with the offset
they had then.

The author is --author, else you: me: in your user config
($XDG_CONFIG_HOME/coe/config.yaml, else ~/.config/coe/config.yaml), else
the handle of the owners roster entry whose email is your git user.email,
else your git user.

Without a terminal, or in scripts:
  --no-input --title T --severity S   write a draft skeleton with every question
  --from FILE                         add a COE written elsewhere (- for stdin),
                                      after checking it as coe lint would

The new file is coes/YYYY-MM-DD-slug.yaml, dated by the incident start (or
today) and named after the title; -2, -3 are added when the id is taken.
When the repository has a coe.schema.json (coe init writes one), the file
starts with a "# yaml-language-server: $schema=..." line, so that editors
check it as you type (see coe schema).
With --commit (or commit: true in .coe.yaml) the file is committed with your
git, so your hooks and signing apply.`

func newNewCmd(f *Factory) *cobra.Command {
	o := &newOptions{f: f}
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Write a new COE: the seven questions in a form, or from flags or a file",
		Long:  newLong,
		Example: `  coe new
  coe new --resume                       # continue the latest interrupted form
  coe new --no-input --title "Checkout returned 502s" --severity sev2 \
          --started "2024-03-05 14:10" --author dana
  coe new --no-input --title "Refunds stalled" --severity sev3 \
          --started 2024-03-05T14:10:00+01:00
  coe new --no-input --title "Refunds stalled" --severity sev3 \
          --author "Smith, John" --author dana --tag payments --tag refunds
  coe new --from draft.yaml --commit
  generate-coe | coe new --from -`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// --resume takes its draft as the next word too, not only as
			// --resume=DRAFT: that is how the stop message spells it.
			if len(args) == 1 {
				if o.resume != "latest" {
					return usagef("unexpected argument %q; coe new takes its answers from the form, flags or --from FILE", args[0])
				}
				o.resume = args[0]
			}
			return runNew(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.noInput, "no-input", false, "do not ask: write a draft skeleton from the flags")
	fl.StringVar(&o.title, "title", "", "the COE's `TITLE`")
	fl.StringVar(&o.severity, "severity", "", "`SEVERITY`, one of the config's (default sev1..sev4)")
	fl.StringVar(&o.started, "started", "", "when the incident started, a `TIME`: 2026-11-30 14:02, 2026-11-30 (midnight) or RFC 3339")
	// One value a flag, commas and all: "Smith, John" is one author.
	fl.StringArrayVar(&o.authors, "author", nil, "an `AUTHOR`, taken whole (repeat for more; default: you, see above)")
	fl.StringArrayVar(&o.tags, "tag", nil, "a `TAG`, taken whole (repeat for more)")
	fl.StringArrayVar(&o.services, "service", nil, "an affected `SERVICE`, taken whole (repeat for more)")
	fl.StringVar(&o.from, "from", "", "add the COE in `FILE` (- for stdin) after checking it")
	fl.BoolVar(&o.commit, "commit", false, "git add and commit the new file")
	fl.BoolVar(&o.noCommit, "no-commit", false, "do not commit, even when .coe.yaml says commit: true")
	fl.BoolVar(&o.accessible, "accessible", false, "forms in screen-reader mode (also COE_ACCESSIBLE=1)")
	fl.StringVar(&o.resume, "resume", "", "continue an interrupted form: `coe new --resume [DRAFT]` (without one, the latest)")
	fl.Lookup("resume").NoOptDefVal = "latest"
	fl.BoolVar(&o.json, "json", false, "print {\"id\", \"path\", \"committed\"} as JSON")
	return cmd
}

func runNew(ctx context.Context, o *newOptions) error {
	r, err := o.f.Repo()
	if err != nil {
		return err
	}
	switch {
	case o.from != "" && (o.noInput || o.title != "" || o.severity != "" || o.started != "" || o.resume != ""):
		return usagef("--from takes the whole COE from the file; leave out --no-input, --title, --severity, --started and --resume")
	case o.resume != "" && o.noInput:
		return usagef("--resume continues a form; it cannot go with --no-input")
	case o.commit && o.noCommit:
		return usagef("--commit and --no-commit contradict each other")
	}
	switch {
	case o.from != "":
		return newFromFile(o, r)
	case o.noInput:
		return newSkeleton(o, r)
	}
	return newInteractive(ctx, o, r)
}

// created reports a new file: its path on stdout (or JSON), a next step on
// stderr, and commits it when asked.
func (o *newOptions) created(r *coe.Repo, path, id string) error {
	ios := o.f.Streams
	committed := ""
	var commitErr error
	if (o.commit || r.Config.Commit) && !o.noCommit {
		committed, commitErr = vcs.Commit(r.Root, "coe: add "+id, path)
	}
	if o.json {
		out, _ := json.Marshal(map[string]any{"id": id, "path": r.Rel(path), "committed": commitErr == nil && committed != ""})
		fmt.Fprintf(ios.Out, "%s\n", out)
	} else {
		fmt.Fprintln(ios.Out, r.Rel(path))
	}
	if commitErr != nil {
		return notCommitted(r, path, commitErr)
	}
	if committed != "" {
		fmt.Fprintf(ios.ErrOut, "Committed: %s\n", committed)
	}
	fmt.Fprintf(ios.ErrOut, "Edit it with: coe edit %s   (--editor for the YAML)\n", id)
	return nil
}

// notCommitted is the error of a --commit that failed after path was
// written.
func notCommitted(r *coe.Repo, path string, err error) error {
	if errors.Is(err, vcs.ErrNotGit) {
		err = fmt.Errorf("--commit: %s is not inside a git repository (run git init, or leave out --commit)", r.Root)
	}
	return usageError(fmt.Errorf("%w; %s was written but not committed", err, r.Rel(path)))
}

func (o *newOptions) defaultAuthors(r *coe.Repo) ([]string, error) {
	if len(o.authors) > 0 {
		return o.authors, nil
	}
	who, err := identity.Default(r, o.f.Streams.Getenv)
	if err != nil {
		return nil, usageError(err)
	}
	if who.Name == "" {
		return nil, nil
	}
	return []string{who.Name}, nil
}

// startedAt reads --started as people write it, in the repository's time
// zone; a time of day alone has no date to go on.
func (o *newOptions) startedAt(r *coe.Repo) (time.Time, error) {
	t, err := coe.ParseTimeIn(o.started, r.Config.Location(), coe.Date{})
	if err != nil {
		return time.Time{}, usagef("--started: %v", err)
	}
	return t, nil
}

func checkSeverity(r *coe.Repo, sev string) error {
	if !slices.Contains(r.Config.Severities, sev) {
		return usagef("--severity %q: expected one of %s (from %s)", sev, strings.Join(r.Config.Severities, ", "), coe.ConfigName)
	}
	return nil
}

// newSkeleton writes a draft with every question, from flags alone.
func newSkeleton(o *newOptions, r *coe.Repo) error {
	if strings.TrimSpace(o.title) == "" || o.severity == "" {
		return usagef("--no-input needs --title and --severity, like: coe new --no-input --title \"Checkout returned 502s\" --severity %s", r.Config.Severities[0])
	}
	if err := checkSeverity(r, o.severity); err != nil {
		return err
	}
	authors, err := o.defaultAuthors(r)
	if err != nil {
		return err
	}
	c := &coe.COE{Version: coe.FormatVersion, Title: strings.TrimSpace(o.title), Status: coe.StatusDraft, Severity: o.severity,
		Authors: authors, Tags: o.tags, Services: o.services}
	if o.started != "" {
		if c.Incident.StartedAt, err = o.startedAt(r); err != nil {
			return err
		}
	}
	path, err := r.Create(c, o.f.Now())
	if err != nil {
		return usageError(err)
	}
	if o.started != "" {
		// What was typed, as the file holds it.
		fmt.Fprintf(o.f.Streams.ErrOut, "started_at: %s\n", coe.FormatTime(c.Incident.StartedAt))
	}
	return o.created(r, path, c.ID)
}

// newFromFile adds a COE written elsewhere, after checking it as lint would.
func newFromFile(o *newOptions, r *coe.Repo) error {
	ios := o.f.Streams
	name := o.from
	var data []byte
	var err error
	if o.from == "-" {
		name = "<stdin>"
		data, err = io.ReadAll(io.LimitReader(ios.In, coe.MaxFileSize+1))
	} else {
		path := o.from
		if !filepath.IsAbs(path) {
			wd, _ := o.f.WorkDir()
			path = filepath.Join(wd, path)
		}
		data, err = safefs.ReadStream(path, coe.MaxFileSize)
	}
	if err != nil {
		return usagef("--from %s: %v", o.from, pathErr(err))
	}
	doc, err := coe.Parse(name, data, coe.ReadOptions{Severities: r.Config.Severities, KeepNode: true})
	if err != nil {
		fmt.Fprintln(ios.ErrOut, coe.Printable(err.Error(), true))
		return &exitError{exitFindings, fmt.Errorf("%s: not added; fix the errors above", name)}
	}
	c := &doc.COE
	results, err := r.LoadAll(r.ReadOptions())
	if err != nil {
		return usageError(err)
	}
	if c.ID != "" {
		if p := r.PathOf(c.ID); r.Exists(p) {
			return usagef("%s: a COE with id %q exists already (%s); give this one another id, or leave id out to get a new one", name, c.ID, r.Rel(p))
		}
	}
	// Check as the file it will become: its name is its id.
	opts := lint.Options{Config: r.Config, AsOf: coe.DateOf(o.f.Now()), IDs: lint.IDs(results)}
	var problems []lint.Diagnostic
	for _, d := range lint.File(coe.LoadResult{Path: name, Doc: doc}, opts) {
		if d.Rule == "id-filename" || (c.ID == "" && d.Rule == "required-field" && strings.Contains(d.Message, "id")) {
			continue
		}
		problems = append(problems, d)
	}
	errs, _ := lint.Count(problems)
	for _, d := range problems {
		fmt.Fprintln(ios.ErrOut, coe.Printable(d.String(), true))
	}
	if errs > 0 {
		return &exitError{exitFindings, fmt.Errorf("%s: not added: %d error(s); fix them and try again", name, errs)}
	}
	if c.Version == 0 {
		c.Version = coe.FormatVersion
	}
	var path string
	if c.ID != "" {
		path = r.PathOf(c.ID)
		if err := r.FS().MkdirAll(r.Dir(), 0o755); err != nil {
			return usagef("%s: %v", r.Rel(r.Dir()), pathErr(err))
		}
		// As written, with the schema line on top when it has none.
		if err := r.FS().CreateExclusive(path, coe.WithSchemaLine(data, r.SchemaRef()), 0o644); err != nil {
			return usagef("%s: %v", r.Rel(path), pathErr(err))
		}
	} else {
		// No id yet: give it one in place, keeping the file's comments.
		path, err = r.CreateWith(coe.BaseID(c, o.f.Now()), func(id string) ([]byte, error) {
			c.ID = id
			return coe.Update(data, c)
		})
		if err != nil {
			return usageError(err)
		}
	}
	return o.created(r, path, c.ID)
}

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
		Severities: r.Config.Severities, Owners: r.Config.Owners, Now: f.Now,
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

func newInteractive(ctx context.Context, o *newOptions, r *coe.Repo) error {
	var st form.State
	draftPath := ""
	if o.resume != "" {
		var err error
		st, draftPath, err = loadDraft(r, o.resume, "new-")
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
		draftPath = filepath.Join(r.DraftsDir(), "new-"+o.f.Now().Format("20060102-150405")+".yaml")
	}
	if err := needTerminal(o.f.Streams, "coe new",
		"coe new --no-input --title T --severity S [--started TIME] [--author A]...\n  or: coe new --from FILE (- for stdin)"); err != nil {
		return err
	}
	opts := o.f.formOptions(r, o.accessible)
	opts.DefaultAuthor = st.Authors
	ctx, stop := interruptible(ctx)
	defer stop()
	err := form.RunNew(ctx, &st, opts)
	if err != nil {
		return saveDraft(o.f, r, st, draftPath, "coe new --resume", err)
	}
	c, err := st.COE()
	if err != nil {
		return saveDraft(o.f, r, st, draftPath, "coe new --resume", err)
	}
	c.Version = coe.FormatVersion
	path, err := r.Create(c, o.f.Now())
	if err != nil {
		return saveDraft(o.f, r, st, draftPath, "coe new --resume", err)
	}
	r.Remove(draftPath)
	reportFindings(o.f, r, path)
	return o.created(r, path, c.ID)
}

// saveDraft keeps what a stopped or failed form holds, says where and how
// to continue, and returns the exit status: 130 when the user stopped.
func saveDraft(f *Factory, r *coe.Repo, st form.State, path, resume string, cause error) error {
	ios := f.Streams
	rel := r.Rel(path)
	data := form.MarshalDraft(st, resume+" "+rel)
	if _, err := r.SaveDraft(filepath.Base(path), data); err != nil {
		return usageError(fmt.Errorf("%v; and the draft could not be saved: %v", cause, err))
	}
	if errors.Is(cause, form.ErrAborted) {
		fmt.Fprintf(ios.ErrOut, "\nStopped. Nothing is lost: your answers are in %s\nContinue with: %s %s\n", rel, resume, rel)
		return silentExit(exitAborted)
	}
	return usageError(fmt.Errorf("%v\nYour answers are kept in %s; continue with: %s %s", cause, rel, resume, rel))
}

// loadDraft reads the draft named by ref ("latest" for the newest whose
// name starts with prefix).
func loadDraft(r *coe.Repo, ref, prefix string) (form.State, string, error) {
	path := ref
	if ref == "latest" {
		drafts, err := r.Drafts()
		if err != nil {
			return form.State{}, "", usageError(err)
		}
		path = ""
		for _, d := range drafts {
			if strings.HasPrefix(filepath.Base(d), prefix) {
				path = d
				break
			}
		}
		if path == "" {
			return form.State{}, "", usagef("no draft to resume in %s", r.Rel(r.DraftsDir()))
		}
	} else if !filepath.IsAbs(path) {
		if p := filepath.Join(r.WorkDir, path); r.Exists(p) {
			path = p
		} else {
			path = filepath.Join(r.DraftsDir(), path)
		}
	}
	data, err := r.FS().ReadFile(path, coe.MaxFileSize)
	if err != nil {
		return form.State{}, "", usagef("--resume %s: %v", ref, pathErr(err))
	}
	st, err := form.ParseDraft(data)
	if err != nil {
		return form.State{}, "", usagef("%s: %v", r.Rel(path), err)
	}
	return st, path, nil
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
