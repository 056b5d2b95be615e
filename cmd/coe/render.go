package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/render"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/spf13/cobra"
)

type renderOptions struct {
	f         *Factory
	ref       string
	format    string
	out       string
	templates string
	notes     bool
	audience  string
}

func newRenderCmd(f *Factory) *cobra.Command {
	o := &renderOptions{f: f}
	cmd := &cobra.Command{
		Use:   "render ID|PATH",
		Short: "Render one COE as Markdown or HTML",
		Long: `Render one COE as a report to read: the seven questions in order, the
times to detect, mitigate and resolve, the timeline, the five whys and the
corrective actions as a table.

  --format md     Markdown (CommonMark with GitHub's tables), for GitHub,
                  GitLab or a terminal. The default.
  --format html   one standalone HTML file: style inline, no script, no
                  requests, the timeline drawn as an SVG; it opens offline
                  and from file://, prints on A4 and Letter, and follows
                  the reader's light or dark scheme.

Without --format, -o FILE ending in .html chooses HTML. The report comes
from templates built into coe; a templates folder (--templates DIR, or
templates: in .coe.yaml) overrides any of them by file name.

--review-notes adds a section for the reviewers at the end of the report,
clearly marked as not part of the COE: what the quality rules of coe lint
would ask its authors (blame, whys that stop early, impact without
numbers, ...), each with its rule, where it is and what it says, as coe
show lists them. Without it a report has none: it is the COE as written.

--audience public renders what customers read instead: the COE's public
section (coe edit ID --section public) as it would be published by coe
build --public. Its title (public.title, else the COE's), the incident's
start and end (mitigated_at, when service came back, else resolved_at) with how long it lasted,
what happened, who was affected, what is changing, the message to
customers, and the date it was published (published_at, else approved_at,
else closed_at). Nothing else of the COE is given to its template: no id,
people, owners, trackers, supporting data, whys, actions or notes. A COE
without a public section is an error (exit code 2).

A COE's text is never trusted: raw HTML in its Markdown shows as text, and
links other than http, https, mailto and relative ones show as text.`,
		Example: `  coe render 2024-01-28                          # Markdown on stdout
  coe render 2024-01-28 --format html -o report.html
  coe render coes/2024-01-28-speaker-groups-stopped-playing.yaml -o report.md
  coe render 2024-01-28 --format html --templates my-templates
  coe render 2024-01-28 --format html --review-notes -o review.html
  coe render 2024-01-28 --audience public                  # what customers read
  coe render 2024-01-28 --audience public --format html -o public.html`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeIDsAcross(f),
		RunE: func(_ *cobra.Command, args []string) error {
			o.ref = args[0]
			return runRender(o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "", "`FORMAT` of the report: md or html (default md, or html for -o *.html)")
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write the report to `FILE` instead of stdout")
	cmd.Flags().StringVar(&o.templates, "templates", "", "override the built-in templates with those in `DIR` (default: templates: in .coe.yaml)")
	cmd.Flags().BoolVar(&o.notes, "review-notes", false, "add the review notes of the quality rules, for the reviewers, in a section of their own")
	cmd.Flags().StringVar(&o.audience, "audience", "internal", "who the report is for, the `AUDIENCE`: internal (the whole COE) or public (its public section, as customers read it)")
	_ = cmd.RegisterFlagCompletionFunc("audience", cobra.FixedCompletions([]string{"internal", "public"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"md", "html"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runRender(o *renderOptions) error {
	format := o.format
	switch format {
	case "":
		format = "md"
		if ext := strings.ToLower(filepath.Ext(o.out)); ext == ".html" || ext == ".htm" {
			format = "html"
		}
	case "md", "markdown":
		format = "md"
	case "html":
	default:
		return usagef("--format %q: expected md or html", o.format)
	}
	public := false
	switch o.audience {
	case "internal", "":
	case "public":
		public = true
		if o.notes {
			return usagef("--review-notes is for the reviewers: it cannot go with --audience public")
		}
	default:
		return usagef("--audience %q: expected internal or public", o.audience)
	}
	r, path, err := o.f.resolveAcross(o.ref)
	if err != nil {
		return err
	}
	tpl, err := loadTemplates(o.f, r, o.templates)
	if err != nil {
		return err
	}
	doc, err := r.Read(path, o.notes)
	if err != nil {
		return &exitError{exitFindings, err}
	}
	if public {
		return renderPublic(o, r, tpl, &doc.COE, format)
	}
	opts := render.ReportOptions{Today: coe.DateOf(o.f.Now()), Severities: r.Config.Severities, Source: repoPath(r, path)}
	if o.notes {
		opts.ReviewNotes = reviewNotes(r, doc, o.f.Now())
	}
	var buf bytes.Buffer
	if format == "html" {
		err = tpl.HTML(&buf, &doc.COE, opts)
	} else {
		err = tpl.Markdown(&buf, &doc.COE, opts)
	}
	if err != nil {
		return usageError(err)
	}
	return o.write(r, buf.Bytes())
}

// renderPublic renders the public version of c (--audience public).
func renderPublic(o *renderOptions, r *coe.Repo, tpl *render.Templates, c *coe.COE, format string) error {
	var buf bytes.Buffer
	var err error
	if format == "html" {
		err = tpl.PublicHTML(&buf, c)
	} else {
		err = tpl.PublicMarkdown(&buf, c)
	}
	if errors.Is(err, render.ErrNoPublic) {
		return usagef("%s has no public section to render for customers; write one with coe edit %s --section public", o.ref, o.ref)
	}
	if err != nil {
		return usageError(err)
	}
	return o.write(r, buf.Bytes())
}

// write puts the report on stdout, or in the file of -o.
func (o *renderOptions) write(r *coe.Repo, data []byte) error {
	if o.out == "" || o.out == "-" {
		_, err := o.f.Streams.Out.Write(data)
		return err
	}
	return writeOutput(o.f, r, o.out, data)
}

// writeOutput writes data to the file an -o flag names (relative to the
// working folder): atomically over a regular file, as a stream into a
// device or pipe (-o /dev/stdout), and never through a link of the
// repository (r, or nil outside one) that leads out of it.
func writeOutput(f *Factory, r *coe.Repo, flag string, data []byte) error {
	out, err := outPath(f, flag)
	if err != nil {
		return err
	}
	var fsys *safefs.Root
	if r != nil {
		fsys = r.FS()
	}
	if err := safefs.WriteOutput(out, data, 0o644, fsys); err != nil {
		return usagef("-o %s: %v", flag, pathErr(err))
	}
	return nil
}

// loadTemplates parses the built-in templates with the overrides of the
// folder given by flag (relative to the working folder), or else by the
// config's templates key (relative to the repository).
func loadTemplates(f *Factory, r *coe.Repo, flag string) (*render.Templates, error) {
	dir := ""
	switch {
	case flag != "":
		wd, err := f.WorkDir()
		if err != nil {
			return nil, err
		}
		dir = flag
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(wd, dir)
		}
	case r.Config.Templates != "":
		dir = filepath.Join(r.Root, r.Config.Templates)
	}
	// A folder of the repository is read as its content is: nothing
	// through a link out of it. A folder named elsewhere is its own root.
	var fsys *safefs.Root
	if _, err := r.FS().Rel(dir); err == nil {
		fsys = r.FS()
	}
	tpl, err := render.LoadTemplates(fsys, dir, r.Rel, render.WithEngine(f.Streams.Getenv("COE_TEMPLATE_ENGINE")))
	if err != nil {
		return nil, usageError(err)
	}
	return tpl, nil
}

// outPath resolves an -o path against the working folder (-C).
func outPath(f *Factory, p string) (string, error) {
	if filepath.IsAbs(p) {
		return p, nil
	}
	wd, err := f.WorkDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(wd, p), nil
}

// repoPath names a file by its path in the repository, with slashes, for
// a report's footer: the same wherever coe runs from.
func repoPath(r *coe.Repo, path string) string {
	if rel, err := filepath.Rel(r.Root, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.Base(path)
}
