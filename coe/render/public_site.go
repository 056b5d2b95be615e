package render

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
)

// PublicFeed is the public site's Atom feed.
const PublicFeed = "feed.xml"

// publicMarkerText heads the manifest (SiteMarker) of a public site: an
// internal build refuses such a folder, and a public build an internal
// one, so that neither lands where the other is published.
const publicMarkerText = "# This folder is a public site written by `coe build --public`: what\n" +
	"# customers read. Below are the files it wrote: the next build rewrites\n" +
	"# them and removes those it no longer writes. Files not listed here are\n" +
	"# never touched.\n"

// PublicSiteOptions say what BuildPublicSite builds and where.
type PublicSiteOptions struct {
	// Out is the folder to write: new, empty, or an earlier public site.
	Out string
	// Files are the COE files; Read the options to read them with, and
	// Display maps a path to the name used in messages (nil keeps it).
	Files   []string
	Read    coe.ReadOptions
	Display func(string) string

	Templates *Templates
	// Title names the site (its index's heading and the feed's title).
	Title string
	// BaseURL is the absolute address the site is published at, as
	// remind.ParseSiteURL returns it (no trailing slash), or "": the feed
	// needs absolute links and ids, so without it there is none.
	BaseURL string

	// Problem, when set, is called (in file order) with the error of each
	// file that does not read, or that Withhold keeps off the site; the
	// site is built without it.
	Problem func(err error)
	// Withhold, when set, is asked about each COE that would be published
	// (from several goroutines): an error keeps it off the site, counted
	// in Withheld. coe build --public withholds a COE whose public section
	// fails the public-leak rule.
	Withhold func(lr coe.LoadResult) error
}

// PublicSiteResult says what BuildPublicSite wrote.
type PublicSiteResult struct {
	// COEs counts the published COEs (each a page); Pages every page.
	COEs, Pages int
	// Failed counts the files that did not read; Withheld the COEs that
	// Withhold kept off the site.
	Failed, Withheld int
	// Feed is the feed's file name in the folder, or "" without BaseURL.
	Feed string
	// Rebuilt says the folder held an earlier public build; Unchanged
	// counts its pages left as they were (same bytes).
	Rebuilt   bool
	Unchanged int
}

// publicCOE is what the public site keeps of a published COE.
type publicCOE struct {
	id   string // the COE's id: internal, never written (see entryID)
	day  string // the incident's day, YYYY-MM-DD, for the page's name
	when time.Time
	p    *PublicReport
	file string // the page's name in coes/, without .html
}

// Published reports whether c belongs on the public site: approved or
// closed, with a public section.
func Published(c *coe.COE) bool {
	return (c.Status == coe.StatusApproved || c.Status == coe.StatusClosed) && !c.Public.IsZero()
}

// BuildPublicSite writes the public site of the COEs that are Published:
// index.html (each one's title, dates and summary, newest published
// first), coes/<name>.html (each one's public version, as coe render
// --audience public --format html shows it), style.css, and, with
// BaseURL, feed.xml (an Atom feed of them, see writeFeed). The pages are
// made from each COE's PublicReport alone: nothing else of a COE reaches
// them. A page's name is the incident's day and its public title
// (2024-01-28-speaker-groups-stopped-playing), not the COE's id, which
// is made from its internal title.
//
// It is as safe as BuildSite, and shares its writing: relative links, the
// Content-Security-Policy, atomic writes, the manifest (marked as a
// public site's) and the removal of pages no longer written. The same
// COEs give the same bytes: nothing depends on the day of the build.
func BuildPublicSite(o PublicSiteOptions) (PublicSiteResult, error) {
	var res PublicSiteResult
	if o.Templates == nil {
		return res, fmt.Errorf("no templates")
	}
	if o.Title == "" {
		o.Title = "Incident reports"
	}
	root, previous, err := prepareOut(o.Out)
	if err != nil {
		return res, err
	}
	defer root.Close()
	if previous != nil && !markedPublic(root) {
		return res, fmt.Errorf("%s holds an internal site (coe build): its pages are not for customers; build the public site into a folder of its own", o.Out)
	}
	res.Rebuilt = previous != nil
	w := newSiteWriter(root, previous != nil)
	w.marker = publicMarkerText
	defer w.close()
	if err := root.MkdirAll(filepath.Join(o.Out, "coes"), 0o755); err != nil {
		return res, err
	}
	root.CleanTemp("coes")
	root.CleanTemp(".")
	if previous == nil {
		w.wrote.Store(true)
		if err := root.WriteFile(root.Abs(SiteMarker), []byte(publicMarkerText), 0o644); err != nil {
			return res, err
		}
	}
	if err := w.write(StyleName, []byte(o.Templates.css)); err != nil {
		return res, err
	}

	kept := make([]*publicCOE, len(o.Files))
	errs := make([]error, len(o.Files))
	withheld := make([]bool, len(o.Files))
	coe.EachFile(o.Files, o.Read, o.Display, func(i int, lr coe.LoadResult) {
		if lr.Err != nil {
			errs[i] = lr.Err
			return
		}
		c := &lr.Doc.COE
		if !Published(c) {
			return
		}
		if o.Withhold != nil {
			if err := o.Withhold(lr); err != nil {
				errs[i], withheld[i] = err, true
				return
			}
		}
		p, err := NewPublicReport(c)
		if err != nil {
			errs[i] = err
			return
		}
		kept[i] = &publicCOE{id: c.ID, day: incidentDay(c), when: entryTime(c), p: p}
	})
	var list []*publicCOE
	for i, pc := range kept {
		switch {
		case errs[i] != nil:
			if withheld[i] {
				res.Withheld++
			} else {
				res.Failed++
			}
			if o.Problem != nil {
				o.Problem(errs[i])
			}
		case pc != nil:
			list = append(list, pc)
		}
	}
	// Oldest first, to name the pages: when two would share a name, the
	// one published first keeps it, so a page's address does not change
	// when another is published.
	sort.SliceStable(list, func(i, j int) bool {
		if !list[i].when.Equal(list[j].when) {
			return list[i].when.Before(list[j].when)
		}
		return list[i].id < list[j].id
	})
	names := map[string]bool{}
	for _, pc := range list {
		pc.file = publicPageName(pc, names)
		names[pc.file] = true
		pc.p.Href = "coes/" + pc.file + ".html"
	}
	slices.Reverse(list) // newest first
	res.COEs = len(list)

	feed := ""
	if o.BaseURL != "" {
		feed = PublicFeed
	}
	pageErrs := make([]error, len(list))
	coe.Parallel(len(list), func(i int) {
		pc := list[i]
		page := o.publicPage(pc.p.Title, "../", "coe", feed)
		pageErrs[i] = w.page(o.Templates, "coes/"+pc.file+".html", TemplatePublicHTML, &PublicData{Page: page, P: pc.p})
	})
	for _, err := range pageErrs {
		if err != nil {
			return res, err
		}
	}
	entries := make([]*PublicReport, len(list))
	for i, pc := range list {
		entries[i] = pc.p
	}
	index := &PublicData{Page: o.publicPage(o.Title, "", "index", feed), Entries: entries}
	index.Page.Title = shorten(oneLine(o.Title), 70, "")
	if err := w.page(o.Templates, "index.html", TemplatePublicIndex, index); err != nil {
		return res, err
	}
	if feed != "" {
		var b bytes.Buffer
		if err := o.writeFeed(&b, list); err != nil {
			return res, err
		}
		if err := w.write(feed, b.Bytes()); err != nil {
			return res, err
		}
		res.Feed = feed
	}
	if err := w.finish(previous); err != nil {
		return res, err
	}
	res.Pages = len(list) + 1
	res.Unchanged = int(w.unchanged.Load())
	return res, nil
}

// publicPage is the PageData of a public site's page.
func (o *PublicSiteOptions) publicPage(title, root, nav, feed string) *PageData {
	p := o.Templates.page(publicPageTitle(title, o.Title), root, true, false)
	p.SiteTitle, p.Nav = o.Title, nav
	if feed != "" {
		p.Feed = root + feed
	}
	return p
}

// markedPublic reports whether the site in root is a public one (its
// manifest says so).
func markedPublic(root *safefs.Root) bool {
	data, err := root.ReadFile(root.Abs(SiteMarker), maxManifest)
	return err == nil && bytes.HasPrefix(data, []byte(publicMarkerText[:40]))
}

// incidentDay is the day of the incident: its start's (in its own
// offset), else the date the COE's id starts with, else the day it was
// published.
func incidentDay(c *coe.COE) string {
	if t := c.Incident.StartedAt; !t.IsZero() {
		return t.Format(coe.DateLayout)
	}
	if len(c.ID) >= 10 {
		if _, err := coe.ParseDate(c.ID[:10]); err == nil {
			return c.ID[:10]
		}
	}
	if t := PublicDate(c); !t.IsZero() {
		return t.Format(coe.DateLayout)
	}
	return ""
}

// entryTime is when a published COE's public version came out, for the
// order of the site and the feed's dates: PublicDate, else the incident's
// end or start, else the day its id starts with (midnight UTC).
func entryTime(c *coe.COE) time.Time {
	if t := PublicDate(c); !t.IsZero() {
		return t
	}
	for _, t := range []time.Time{c.Incident.ResolvedAt, c.Incident.MitigatedAt, c.Incident.StartedAt} {
		if !t.IsZero() {
			return t
		}
	}
	if len(c.ID) >= 10 {
		if d, err := time.Parse(coe.DateLayout, c.ID[:10]); err == nil {
			return d
		}
	}
	return time.Unix(0, 0).UTC()
}

// maxPageName caps a public page's name (without .html).
const maxPageName = 80

// publicPageName names a published COE's page: the incident's day and its
// public title as a slug, cut at a word; with a part of the hash of the
// COE's id when that is taken (or the title has no letters to make a
// slug of).
func publicPageName(pc *publicCOE, taken map[string]bool) string {
	slug := coe.TitleSlug(pc.p.Title)
	name := pc.day
	if slug != "" {
		if name != "" {
			name += "-"
		}
		name += slug
	}
	if len(name) > maxPageName {
		name = name[:maxPageName]
		if i := strings.LastIndexByte(name, '-'); i > maxPageName/2 {
			name = name[:i]
		}
		name = strings.TrimRight(name, "-")
	}
	if slug == "" || taken[name] {
		if name != "" {
			name += "-"
		}
		name += idHash(pc.id)[:8]
	}
	base := name
	for n := 2; taken[name]; n++ {
		name = fmt.Sprintf("%s-%d", base, n)
	}
	return name
}
