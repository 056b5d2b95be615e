package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/remind"
	"github.com/coe-cli/coe/coe/render"
	"github.com/spf13/cobra"
)

type buildOptions struct {
	f         *Factory
	out       string
	templates string
	title     string
	baseURL   string
	json      bool
	notes     bool
	sources   sourceFlags
	public    bool
	titleSet  bool
}

// buildResult is what coe build --json prints.
type buildResult struct {
	Out       string   `json:"out"`
	Index     string   `json:"index"`
	COEs      int      `json:"coes"`
	Pages     int      `json:"pages"`
	Rebuilt   bool     `json:"rebuilt"`
	Written   int      `json:"written"`
	Unchanged int      `json:"unchanged"`
	Failed    int      `json:"failed"`
	Problems  []string `json:"problems"`
	// With --public: the feed's file ("" without --base-url) and how many
	// COEs are not published.
	Public      bool   `json:"public,omitempty"`
	Feed        string `json:"feed,omitempty"`
	Unpublished *int   `json:"unpublished,omitempty"`
}

func newBuildCmd(f *Factory) *cobra.Command {
	o := &buildOptions{f: f}
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build a static site of all COEs",
		Long: `Build a static site of the repository's COEs, to publish from CI (GitHub
Pages, any static host) or to open from disk:

  index.html          every COE, newest first, sortable and filterable by
                      status, severity, tag, service and text (a little
                      JavaScript; without it the whole table shows)
  coes/ID.html        each COE's report, as coe render --format html
  actions.html        open and in-progress corrective actions by owner,
                      overdue ones marked
  actions.ics         their due dates as an iCalendar feed to subscribe
                      to (as coe actions --format ics); its events link
                      to the actions' pages when --base-url says where
                      the site is published
  insights.html       what the COEs say together, as coe stats does:
                      COEs per month by severity, time to detect and to
                      resolve by severity (each COE a dot, the median a
                      bar, on a log scale), actions opened and done per
                      month, open actions by age, recurrence; each chart
                      an SVG with its figures in a table (no script)
  tags/, services/    a page for each tag and service, and a list of them
  style.css           the stylesheet every page links

Links are relative, so the site works from any path and from file://. The
same COEs give byte-identical files; overdue actions are judged by today's
date (COE_NOW fixes it). Every page has a Content-Security-Policy that
allows only its own style and script.

The output folder (default: site/ next to .coe.yaml) must be new, empty or
an earlier build. Its .coe-site lists the files the build wrote: a rebuild
rewrites those and deletes those it no longer writes (the pages of removed
COEs), and never touches a file it did not write. Every page is written
atomically, so a build that is stopped leaves whole pages. A symbolic link
inside the folder is an error; a default site/ that is a link out of the
repository is refused (name it with -o to build there). A file that does
not read is reported and left out; the rest is built, and the exit code is 1.

--review-notes adds to each COE's page the review notes of the quality
rules, for the reviewers (as coe render --review-notes): for a site the
review meeting uses, not one published to readers. Off by default.

` + sourcesHelp + ` A source's COE pages are coes/NAME/ID.html; the index,
tag, service, actions and insights pages list them as NAME/ID. Progress
counts the files of every source.

` + buildPublicHelp,
		Example: `  coe build                          # into site/ next to .coe.yaml
  coe build -o payments-site --title "Payments COEs"
  coe build --templates my-templates
  coe build --base-url https://example.github.io/coes   # links in actions.ics
  coe build --json | jq .pages
  coe build -o review-site --review-notes        # for the review meeting
  coe build --no-sources -o team-site            # an organisation's own COEs only
  coe build --public --base-url https://status.example.com/incidents -o public-site
  xdg-open site/index.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.titleSet = cmd.Flags().Changed("title")
			return runBuild(o)
		},
	}
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write the site into `DIR` (default: site, or public-site with --public, next to .coe.yaml)")
	cmd.Flags().StringVar(&o.templates, "templates", "", "override the built-in templates with those in `DIR` (default: templates: in .coe.yaml)")
	cmd.Flags().StringVar(&o.title, "title", "COEs", "the site's `TITLE`")
	cmd.Flags().StringVar(&o.baseURL, "base-url", "", "the absolute `URL` the site is published at, for the links of actions.ics and the public site's feed (pages link relatively)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print what was built as a JSON object for scripts (problems stay on stderr too)")
	cmd.Flags().BoolVar(&o.notes, "review-notes", false, "add the review notes of the quality rules to each COE's page, for the reviewers")
	o.sources.addFlags(cmd.Flags(), false)
	cmd.Flags().BoolVar(&o.public, "public", false, "build the public site instead: the public versions of approved and closed COEs, and an Atom feed (with --base-url)")
	return cmd
}

func runBuild(o *buildOptions) error {
	if o.public {
		return runBuildPublic(o)
	}
	r, tpl, out, baseURL, err := o.prepare("site")
	if err != nil {
		return err
	}
	set, all, err := o.f.sourceFiles(o.sources)
	if err != nil {
		return err
	}
	files, sources := splitFiles(all)
	// A build keeps a summary of each COE (render.BuildSite) and its
	// vector for Similar COEs, so its live heap grows with the repository:
	// about 3 KB a COE, 300 MB at 100,000 (its big pages are written as
	// they are rendered, and take none). The collector runs at GOGC=200
	// up to 50,000 COEs (100 above), with a soft limit of 256 MB and 4 KB
	// a COE (656 MB at 100,000) that keeps a large build nearer its live
	// heap. A limit much nearer it costs time: a fixed 256 MB was below
	// the live heap of 100,000 COEs and the collector ran without pause, a
	// third of the build's time. The environment's GOGC and GOMEMLIMIT,
	// when set, are left as they are (buildMemoryLimit).
	defer buildMemoryLimit(len(all))()

	ios := o.f.Streams
	start := time.Now()
	problems := []string{}
	read := r.ReadOptions()
	var notes func(*coe.Document) []render.ReviewNote
	if o.notes {
		read.KeepNode = true
		repoOf := repoOfDoc(r, all) // a source's COE, by its own config's rules
		notes = func(doc *coe.Document) []render.ReviewNote { return reviewNotes(repoOf(doc), doc, o.f.Now()) }
	}
	so := render.SiteOptions{
		Out: out, Files: files, Read: read, Display: r.Rel, ReviewNotes: notes,
		SourceDir: filepath.ToSlash(r.Config.Dir), Templates: tpl, Title: o.title,
		Today: coe.DateOf(o.f.Now()), Severities: set.Severities(), BaseURL: baseURL, Sources: sources,
		ReadProgress: newProgress(ios, "Reading", len(files)), Progress: newProgress(ios, "Building", len(files)),
		Problem: func(err error) {
			problems = append(problems, err.Error())
			fmt.Fprintln(ios.ErrOut, coe.Printable(err.Error(), true))
		},
	}
	o.incremental(&so, r, set, all)
	res, err := render.BuildSite(so)
	if ios.ErrTTY && len(files) >= progressMin {
		fmt.Fprint(ios.ErrOut, "\r\x1b[K")
	}
	if err != nil {
		return usageError(err)
	}
	if o.json {
		enc := json.NewEncoder(ios.Out)
		enc.SetIndent("", "  ")
		err := enc.Encode(buildResult{Out: r.Rel(out), Index: r.Rel(filepath.Join(out, "index.html")),
			COEs: res.COEs, Pages: res.Pages, Rebuilt: res.Rebuilt, Written: res.Pages - res.Unchanged, Unchanged: res.Unchanged,
			Failed: res.Failed, Problems: problems})
		if err != nil {
			return err
		}
		if res.Failed > 0 {
			return silentExit(exitFindings)
		}
		return nil
	}
	took := ""
	if ios.ErrTTY {
		took = fmt.Sprintf(" in %.1fs", time.Since(start).Seconds())
	}
	pages := plural(res.Pages, "page")
	if res.Rebuilt {
		pages += ": " + render.Thousands(int64(res.Pages-res.Unchanged)) + " written, " + render.Thousands(int64(res.Unchanged)) + " unchanged"
	}
	fmt.Fprintf(ios.ErrOut, "Built the site of %s (%s) into %s%s.\n", plural(res.COEs, "COE"), pages, r.Rel(out), took)
	if res.Failed > 0 {
		fmt.Fprintf(ios.ErrOut, "coe: %d of %d files did not read and are not in the site\n", res.Failed, len(files))
		return silentExit(exitFindings)
	}
	fmt.Fprintf(ios.ErrOut, "Open %s\n", r.Rel(filepath.Join(out, "index.html")))
	return nil
}

// prepare checks --base-url and opens the repository, its templates and
// the output folder: -o, else dir next to .coe.yaml.
func (o *buildOptions) prepare(dir string) (r *coe.Repo, tpl *render.Templates, out, baseURL string, err error) {
	if o.baseURL != "" {
		if baseURL, err = remind.ParseSiteURL(o.baseURL); err != nil {
			return nil, nil, "", "", usagef("--base-url: %v", err)
		}
	}
	if r, err = o.f.Repo(); err != nil {
		return nil, nil, "", "", err
	}
	if tpl, err = loadTemplates(o.f, r, o.templates); err != nil {
		return nil, nil, "", "", err
	}
	out = filepath.Join(r.Root, dir)
	if o.out != "" {
		if out, err = outPath(o.f, o.out); err != nil {
			return nil, nil, "", "", err
		}
	} else if !r.FS().Contains(out) {
		// The default folder is the repository's content: a link there
		// that leads out is not a choice the user made.
		return nil, nil, "", "", usagef("%s is a symbolic link that leads out of the repository; coe build writes there only when it is named with -o", r.Rel(out))
	}
	return r, tpl, out, baseURL, nil
}
