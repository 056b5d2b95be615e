package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/render"
)

// buildPublicHelp is coe build's help on --public.
const buildPublicHelp = `--public builds the public site instead: what customers read, for a
status page or a public postmortem page. It holds the approved and closed
COEs of this repository (not its sources') that have a public section
(coe edit ID --section public), each as coe render --audience public
shows it, and nothing else of them:

  index.html          each one's title, dates and summary, newest
                      published first
  coes/NAME.html      its public version; NAME is the incident's day and
                      the public title (2024-01-28-speaker-groups-...),
                      never the COE's id, which comes from its internal
                      title
  feed.xml            an Atom feed (RFC 4287) of them, to subscribe to
  style.css           the stylesheet (light, dark and print)

A COE whose public section fails the lint rule public-leak (an IP
address, an e-mail, an internal host, a person's name, a tracker key, a
file path, a denied word: coe lint --explain public-leak) is withheld,
each leak reported at its line, even when it was approved before the rule
or the config named what leaks; the rest is published and the exit code
is 1.

The feed needs absolute links, so it is written only with --base-url, the
address the site is published at; without it coe says so on stderr and
the site has no feed. An entry's id is a tag: URI of that address's host
and a hash of the COE's id (tag:status.example.com,2024-01-28:coe-...),
so it stays when the public title changes; keep the same host. Dates are
when the public version was published: published_at, else approved_at,
else closed_at; the feed's updated is its newest entry's, so the same
COEs give the same bytes. The pages are as safe as the internal site's
(the same Content-Security-Policy, escaping, relative links, atomic
writes and manifest). The default folder is public-site/ next to
.coe.yaml; an internal site's folder is refused, and --public's folder
is refused by a build without it, so that internal pages never land
where the public site is published.`

// runBuildPublic builds the public site (coe build --public).
func runBuildPublic(o *buildOptions) error {
	if o.notes {
		return usagef("--review-notes is for the reviewers: it cannot go with --public")
	}
	ios := o.f.Streams
	r, tpl, out, baseURL, err := o.prepare("public-site")
	if err != nil {
		return err
	}
	files, err := r.Files()
	if err != nil {
		return usageError(err)
	}
	title := o.title
	if !o.titleSet {
		title = "Incident reports"
	}
	problems := []string{}
	read := r.ReadOptions()
	read.KeepNode = true // for the positions of withheld COEs' leaks
	res, err := render.BuildPublicSite(render.PublicSiteOptions{
		Out: out, Files: files, Read: read, Display: r.Rel,
		Templates: tpl, Title: title, BaseURL: baseURL,
		Withhold: func(lr coe.LoadResult) error {
			return check.PublicLeaks(lr, r.Config, coe.DateOf(o.f.Now()))
		},
		Problem: func(err error) {
			problems = append(problems, err.Error())
			fmt.Fprintln(ios.ErrOut, coe.Printable(err.Error(), true))
		},
	})
	if err != nil {
		return usageError(err)
	}
	if res.Feed == "" {
		fmt.Fprintln(ios.ErrOut, "coe: no feed.xml: an Atom feed needs absolute links; give --base-url with the address the site is published at")
	}
	unpublished := len(files) - res.COEs - res.Failed - res.Withheld
	if o.json {
		feed := ""
		if res.Feed != "" {
			feed = r.Rel(filepath.Join(out, res.Feed))
		}
		enc := json.NewEncoder(ios.Out)
		enc.SetIndent("", "  ")
		err := enc.Encode(buildResult{Out: r.Rel(out), Index: r.Rel(filepath.Join(out, "index.html")),
			COEs: res.COEs, Pages: res.Pages, Rebuilt: res.Rebuilt, Unchanged: res.Unchanged,
			Failed: res.Failed, Problems: problems, Public: true, Feed: feed, Unpublished: &unpublished})
		if err != nil {
			return err
		}
		if res.Failed > 0 || res.Withheld > 0 {
			return silentExit(exitFindings)
		}
		return nil
	}
	pages := plural(res.Pages, "page")
	if res.Rebuilt {
		pages += ", " + render.Thousands(int64(res.Unchanged)) + " unchanged"
	}
	fmt.Fprintf(ios.ErrOut, "Built the public site of %s (%s) into %s.\n", plural(res.COEs, "COE"), pages, r.Rel(out))
	if unpublished > 0 {
		fmt.Fprintf(ios.ErrOut, "%s not in it: only approved and closed COEs with a public section are published.\n", plural(unpublished, "COE"))
	}
	if res.Withheld > 0 {
		fmt.Fprintf(ios.ErrOut, "coe: %s withheld: their public sections name internal details (rule public-leak); fix them, then build again\n", plural(res.Withheld, "COE"))
	}
	if res.Failed > 0 {
		fmt.Fprintf(ios.ErrOut, "coe: %d of %d files did not read and are not in the site\n", res.Failed, len(files))
	}
	if res.Failed > 0 || res.Withheld > 0 {
		return silentExit(exitFindings)
	}
	fmt.Fprintf(ios.ErrOut, "Open %s\n", r.Rel(filepath.Join(out, "index.html")))
	return nil
}
