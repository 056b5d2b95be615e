package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/related"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/coe/stats"
)

// SiteMarker is the file that marks a folder as a site coe build wrote, and
// its manifest: the files that build wrote, one a line. A rebuild replaces
// those it writes again and removes those it does not (the pages of COEs
// that are gone); it never touches a file the manifest does not list.
const SiteMarker = ".coe-site"

const siteMarkerText = "# This folder is a static site written by `coe build`. Below are the files\n" +
	"# it wrote: the next build rewrites them and removes those it no longer\n" +
	"# writes. Files not listed here are never touched.\n"

// maxManifest caps the manifest read back: a few times what 100,000 COEs
// with their tags and services list.
const maxManifest = 64 << 20

// SiteOptions say what BuildSite builds and where.
type SiteOptions struct {
	// Out is the folder to write. It must not exist, be empty, or hold a
	// site an earlier BuildSite wrote (see SiteMarker).
	Out string
	// Files are the COE files; Read the options to read them with, and
	// Display maps a path to the name used in messages (nil keeps it).
	Files   []string
	Read    coe.ReadOptions
	Display func(string) string
	// SourceDir is the COE folder as a COE page's footer names it
	// ("coes"), relative to the repository.
	SourceDir string
	// Sources, when set, is the source (see coe.Set) of each of Files, in
	// order, nil or Name "" for the repository's own: a source's COE is
	// read with its own config, has its page in coes/<name>/ and shows as
	// <name>/<id> (site_sources.go).
	Sources []*coe.Source

	Templates *Templates
	// Title names the site (its index's heading).
	Title string
	// Today marks overdue actions.
	Today coe.Date
	// Severities is the configured list, worst first (nil: the default).
	Severities []string
	// BaseURL is the absolute address the site is published at (see
	// remind.ParseSiteURL), or "": pages link relatively either way; only
	// the actions feed (ActionsFeed), read by calendars, uses it.
	BaseURL string

	// ReviewNotes, when set, gives each COE page a section of review
	// notes for the reviewers (see ReportOptions.ReviewNotes), from the
	// document as read (with Read.KeepNode for their positions). It is
	// called from several goroutines.
	ReviewNotes func(doc *coe.Document) []ReviewNote

	// ReadProgress, when set, is called after each COE is read with how
	// many are: every COE is read (and indexed for "Similar COEs") before
	// the first page is written, and read again for its page. Progress, when set, is called after each
	// COE page with how many are done. Both are called from several
	// goroutines.
	ReadProgress func(done, total int)
	Progress     func(done, total int)
	// Problem, when set, is called (in file order, after the COE pages)
	// with the errors of each file that does not read; the site is built
	// without it.
	Problem func(err error)

	// Scan, with LoadKeys and SaveKeys, makes the build incremental
	// (site_incr.go): it hands fn the payload of kind k of each of Files
	// (i its index), or the file's error, from the warm index
	// (cache.Store.SetScan), and is called once for each of
	// cache.SummaryKind, related.Kind and search.Kind; a page is rendered
	// only when its key changed. Without ReviewNotes only.
	Scan func(k cache.Kind, fn func(i int, r cache.Result))
	// LoadKeys returns the pages' keys SaveKeys last saved for this
	// folder (nil when none, or they do not read).
	LoadKeys func() []byte
	SaveKeys func(data []byte) error
	// LoadRows and SaveRows, when set with them, keep the rows' HTML of
	// the list pages (site_rows.go): LoadRows returns the file SaveRows
	// last saved and its stamp (RowsStamp of its size, modification time
	// and inode), nil when there is none; SaveRows saves the one write
	// writes, atomically, and returns its stamp ("" when it did not).
	LoadRows func() (data []byte, stamp string)
	SaveRows func(write func(io.Writer) error) (stamp string, err error)
	// Salt is what else every page depends on, for the keys of an
	// incremental build: coe's version, the configs' bytes.
	Salt string

	// base is the part of every page's key that is the same for all
	// (baseKey), "" when the build is not incremental.
	base string
	// words keeps the words the summaries of the COEs share (summary).
	words *coe.Interner
}

// SiteResult says what BuildSite wrote.
type SiteResult struct {
	COEs   int // COE pages
	Pages  int // all pages
	Failed int // files that did not read
	// Rebuilt says the folder held an earlier build; Unchanged counts its
	// pages that were left as they were (same bytes, same time).
	Rebuilt   bool
	Unchanged int
}

// Row is one COE in the tables of the index, tag and service pages.
type Row struct {
	ID    string
	File  string // the page's name in coes/, without .html
	Title string
	Date  string // the incident's date, or the id's
	// Time is the incident start in Unix seconds (0 when unknown), the
	// key the table sorts by.
	Time                   int64
	Severity, Status       string
	SeverityRank           int
	StatusRank             int
	Open, Overdue, Actions int
	// Tags and Services link to their pages, relative to the site root.
	Tags, Services []Link
	// HTML is the row as the template "coe-row" renders it for the page
	// the row is on (coe build renders it once for each COE).
	HTML template.HTML

	sort time.Time
	// n is the row's place in the list pages' order.
	n int
	// key is, in an incremental build, the hash of the COE's summary (or
	// of its file): with File, all the row, its actions and its figures
	// depend on.
	key string
}

// ListRow is a row as the index, tag and service pages' templates get it:
// the Row's fields, and its HTML (the method shadows the field), rendered
// when the template asks for it. A list of 100,000 COEs keeps no row's
// HTML longer than it takes to write it.
type ListRow struct {
	*Row
	list *rowLister
}

// HTML is the row as the template "coe-row" renders it for the page.
func (r ListRow) HTML() template.HTML {
	if r.list == nil {
		return r.Row.HTML
	}
	return r.list.row(r.Row)
}

// RowData is what the template "coe-row" is given: a row, and the way
// from its page to the site's root.
type RowData struct {
	Root string
	Row
}

// SiteAction is an open corrective action on the actions page.
type SiteAction struct {
	ID, Action, Owner, Due, Priority, Status string
	// Tracker is the ticket as written; TrackerURL is it as a link when it
	// is an allowed URL, and TrackerText how the link reads (both made,
	// as ActionHTML is, when the action's row is rendered).
	Tracker, TrackerURL, TrackerText string
	// Overdue says by how long the action is past its due date, or "".
	Overdue string
	// The action's COE: its id, title, page (in coes/, without .html)
	// and severity.
	COEID, COETitle, File string
	Severity              string
	SeverityRank          int
	// ActionHTML is the action's text as HTML (see InlineHTML).
	ActionHTML template.HTML
	// Evidence is what shows the action (partly) done: commits and links.
	Evidence []Proof
	// HTML is the action's row as the template "action-row" renders it.
	HTML template.HTML

	due   coe.Date
	owner int // the owner's place on the actions page
	n     int // the action's place on it
}

// IndexData is what index.html.tmpl is given; GroupData what
// group.html.tmpl is (Kind and Name set).
type IndexData struct {
	Page *PageData
	COEs []ListRow
	// The filters' choices.
	Statuses, Severities, Tags, Services []string
	OpenActions, OverdueActions          int
}

// GroupData is what group.html.tmpl is given: one tag's or service's COEs.
type GroupData struct {
	IndexData
	Kind string // "tag" or "service"
	Name string
}

// GroupsData is what groups.html.tmpl is given: all tags or services.
type GroupsData struct {
	Page   *PageData
	Kind   string
	Groups []Group
}

// Group is one tag or service on the list of them.
type Group struct {
	Name, Href        string
	COEs, OpenActions int
}

// ActionsData is what actions.html.tmpl is given.
type ActionsData struct {
	Page           *PageData
	Owners         []OwnerActions
	Total, Overdue int
}

// OwnerActions are one owner's open actions, earliest due first.
type OwnerActions struct {
	Owner   string // "" for actions without one
	Anchor  string // the section's id
	Overdue int
	Actions []ListAction
}

// ListAction is an action as the actions page's template gets it: the
// SiteAction's fields, and its HTML (the method shadows the field),
// rendered when the template asks for it, as ListRow's.
type ListAction struct {
	*SiteAction
	list *rowLister
}

// HTML is the action's row as the template "action-row" renders it.
func (a ListAction) HTML() template.HTML {
	if a.list == nil {
		return a.SiteAction.HTML
	}
	return a.list.action(a.SiteAction)
}

// rowLister renders the rows of one list page, one at a time, as its
// template asks for them (ListRow.HTML, ListAction.HTML): prefix goes
// before their relative links (rebase), err keeps the first error, which
// fails the page.
type rowLister struct {
	t      *Templates
	prefix string
	buf    bytes.Buffer
	err    error
	// rows, in an incremental build, holds every row's HTML
	// (site_rows.go).
	rows *rowCache
}

func (l *rowLister) row(r *Row) template.HTML {
	var h template.HTML
	var err error
	if l.rows != nil {
		h = template.HTML(l.rows.rows[r.n])
	} else if h, err = l.t.rowHTML(&l.buf, *r); err != nil {
		l.fail(err)
		return ""
	}
	if l.prefix != "" {
		h = rebase(h, l.prefix) // for a page in tags/ or services/
	}
	return h
}

func (l *rowLister) action(a *SiteAction) template.HTML {
	if l.rows != nil {
		return template.HTML(l.rows.actions[a.n])
	}
	h, err := l.t.actionHTML(&l.buf, *a)
	if err != nil {
		l.fail(err)
	}
	return h
}

func (l *rowLister) fail(err error) {
	if l.err == nil {
		l.err = err
	}
}

type siteCOE struct {
	row     Row
	actions []openAction
	entry   stats.Entry // for the insights page
	ok      bool
	err     error

	// With SiteOptions.Scan: the file's content hash, which of its
	// related ids have pages ('1') or not ('0'), and whether it has no
	// title.
	hash     [32]byte
	links    string
	untitled bool
	// dated says the page depends on the day it is built (see dated).
	dated bool
}

// openAction is what a summary keeps of an open corrective action, a third
// of a SiteAction: its own fields as read; its COE's are its row's, and
// the rest is made from them (siteAction).
type openAction struct {
	ID, Action, Owner, Priority, Status, Tracker string
	Evidence                                     []string
	due                                          coe.Date
}

// siteAction is an open action of the COE of row as the actions page and
// feed show it.
func (o *SiteOptions) siteAction(row *Row, a *openAction) SiteAction {
	sa := SiteAction{COEID: row.ID, COETitle: row.Title, File: row.File, Severity: row.Severity, SeverityRank: row.SeverityRank,
		due: a.due, ID: a.ID, Action: a.Action, Owner: a.Owner, Due: a.due.String(), Priority: a.Priority,
		Status: a.Status, Tracker: a.Tracker, Evidence: proofs(a.Evidence)}
	if sa.Status == "" {
		sa.Status = coe.ActionOpen
	}
	if o.overdue(a.due) {
		sa.Overdue = days(a.due, o.Today)
	}
	return sa
}

// overdue says an action due on due is overdue on o.Today.
func (o *SiteOptions) overdue(due coe.Date) bool {
	return !o.Today.IsZero() && !due.IsZero() && due.Compare(o.Today) < 0
}

// dated says a COE's page depends on the day the site is built: it has
// an open action with a due date, which is marked overdue from that day
// on, and so the page says as of which day. Any other COE's page is the
// same whatever the day, and an incremental build leaves it alone.
func dated(c *coe.COE) bool {
	for i := range c.CorrectiveActions {
		if a := &c.CorrectiveActions[i]; a.Open() && !a.Due.IsZero() {
			return true
		}
	}
	return false
}

// BuildSite writes a static site of the COEs: index.html (every COE,
// newest first), coes/<id>.html (each COE's report), actions.html (open
// corrective actions by owner), actions.ics (their due dates),
// insights.html (what the COEs say together: coe/stats drawn as SVG),
// tags/ and services/ (a page for each, and an index of them); a source's
// COEs under coes/<name>/. Links are relative, so the site works from any path
// and from file://, and the same COEs give the same bytes.
//
// COEs are read and their pages written in parallel, one at a time per CPU.
// Each COE page lists the COEs most like it ("Similar COEs", coe/related),
// so all are read and indexed before the first page is written, keeping
// of each only its summary for the other pages (and its vector in the
// index); each is then read again to write its page.
func BuildSite(o SiteOptions) (SiteResult, error) {
	var res SiteResult
	if o.Templates == nil {
		return res, errors.New("no templates")
	}
	if o.Title == "" {
		o.Title = "COEs"
	}
	root, previous, err := prepareOut(o.Out)
	if err != nil {
		return res, err
	}
	defer root.Close()
	if previous != nil && markedPublic(root) {
		return res, fmt.Errorf("%s holds a public site (coe build --public): build the internal site into a folder of its own, so that no internal page is published with it", o.Out)
	}
	res.Rebuilt = previous != nil
	o.words = new(coe.Interner)
	w := newSiteWriter(root, previous != nil)
	defer w.close()
	incremental := o.Scan != nil && o.LoadKeys != nil && o.SaveKeys != nil && o.ReviewNotes == nil
	if incremental {
		w.keys, w.saveKeys = readSiteKeys(o.LoadKeys()), o.SaveKeys
		w.written = make(map[string]bool, len(w.keys.old)) // every page, as then
		o.base = o.baseKey()
		if o.LoadRows != nil && o.SaveRows != nil {
			w.rows = newRowCache(o.base, w.keys.trustedRows(o.LoadRows), o.SaveRows)
		}
	}
	for _, d := range siteDirs {
		if err := root.MkdirAll(filepath.Join(o.Out, d), 0o755); err != nil {
			return res, err
		}
		// What a build killed mid-write left.
		root.CleanTemp(d)
	}
	root.CleanTemp(".")
	if err := o.makeSourceDirs(root); err != nil {
		return res, err
	}
	if previous == nil {
		// Mark the new site before its first page: a build cut short
		// leaves a folder the next one knows as its own.
		w.wrote.Store(true)
		if err := root.WriteFile(root.Abs(SiteMarker), []byte(siteMarkerText), 0o644); err != nil {
			return res, err
		}
	}
	if err := w.write(StyleName, []byte(o.Templates.css)); err != nil {
		return res, err
	}

	files := map[string]bool{}
	stems := make([]string, len(o.Files))
	for i := range o.Files {
		stems[i] = o.pageName(i)
		files[stems[i]] = true
	}
	// The first pass reads every COE, indexes it for "Similar COEs" and
	// keeps its summary (siteCOE), which is all the other pages need of
	// it; the second, once the index is whole, reads each COE again and
	// writes its page. No COE is kept whole: memory follows the index and
	// the summaries, a small part of each COE.
	coes := make([]siteCOE, len(o.Files))
	var read, done atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var failed atomic.Bool
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err })
		failed.Store(true)
	}
	sx := newSiteSearch(len(o.Files)) // the index page's search box: site_search.go
	links := o.siteLinks(files)
	// The index of Similar COEs is built when a page first needs it: an
	// incremental build whose COEs' terms are those of the previous build
	// may need none.
	var ix func() *related.Index
	if incremental {
		var build func() *related.Index
		w.keys.index, build = o.readCached(coes, stems, links, sx, func() {
			if o.ReadProgress != nil {
				o.ReadProgress(int(read.Add(1)), len(o.Files))
			}
		})
		ix = w.keys.onIndex(build)
	} else {
		ib := related.NewBuilder()
		o.readFiles(coes, stems, ib, sx, &read, &failed)
		ix = sync.OnceValue(ib.Build)
	}
	if firstErr != nil {
		return res, firstErr
	}

	// A rebuild (the keys of an earlier one read) of up to maxOverlapped
	// COEs writes search.js while the COE pages are checked, and builds
	// the index of Similar COEs at once when the COEs' words changed: the
	// pages need it. A first build, or a large site's, does one after the
	// other, to keep its peak of memory down (at 100,000 COEs, both at
	// once took 80 MB more than the whole first build).
	rebuild := incremental && len(w.keys.old) > 0 && len(o.Files) <= maxOverlapped
	if rebuild && w.keys.index != w.keys.oldIndex {
		go w.keys.stale()
	}
	searched := make(chan error, 1)
	if write := o.writeSearch(w, coes, sx); write == nil {
		searched <- nil
	} else if rebuild {
		go func() { searched <- write() }()
	} else {
		searched <- write()
	}
	today := o.Today.String()
	load := o.loader(o.Read.KeepNode)
	coe.Parallel(len(o.Files), func(i int) {
		defer func() {
			if o.Progress != nil {
				o.Progress(int(done.Add(1)), len(o.Files))
			}
		}()
		if !coes[i].ok || failed.Load() {
			return
		}
		rel := "coes/" + stems[i] + ".html"
		var similar []SimilarCOE
		known := false
		if incremental {
			// Similar COEs are a search of the index for each page: when
			// the index is the previous build's, each page's are too.
			sim, cands, ok := w.oldSimilar(rel, stems[i])
			if !ok {
				var scored related.Scored
				similar, scored = o.similarOf(ix(), i, stems[i])
				known, sim, cands = true, similarDigest(similar), encodeScored(scored)
			}
			if w.freshSim(rel, o.coeKey(i, stems[i], &coes[i], sim), sim, cands) {
				return
			}
		}
		if !known {
			similar, _ = o.similarOf(ix(), i, stems[i])
		}
		lr := load(i)
		if lr.Err != nil {
			// The file changed since the first pass: left out, as it
			// would have been then.
			coes[i] = siteCOE{err: lr.Err}
			return
		}
		var notes []ReviewNote
		if o.ReviewNotes != nil {
			notes = o.ReviewNotes(lr.Doc)
		}
		lr.Doc.Root = nil
		c := &lr.Doc.COE
		ro := ReportOptions{Today: o.Today, Severities: o.Severities, Site: links(i), ReviewNotes: notes,
			Similar: similar, html: true}
		page := o.Templates.page(pageTitle(c), o.pageRoot(i), true, false)
		page.SiteTitle, page.Nav = o.Title, "coe"
		if dated(c) {
			page.Today = today
		}
		page.Source = o.pageSource(i)
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		defer bufPool.Put(buf)
		err := o.Templates.reportHTML(buf, c, ro, page)
		if err == nil {
			err = w.write(rel, buf.Bytes())
		}
		if err != nil {
			fail(err)
		}
	})
	// search.js is written whole, or failed, before any return: nothing
	// of this build writes into the folder after it.
	searchErr := <-searched
	if firstErr != nil {
		return res, firstErr
	}
	if searchErr != nil {
		return res, searchErr
	}

	nOK, nActions := 0, 0
	for i := range coes {
		if coes[i].ok {
			nOK++
			nActions += len(coes[i].actions)
		}
	}
	rows := make([]Row, 0, nOK)
	actions := make([]SiteAction, 0, nActions)
	entries := make([]stats.Entry, 0, nOK)
	for i := range coes {
		switch {
		case coes[i].err != nil:
			res.Failed++
			if o.Problem != nil {
				o.Problem(coes[i].err)
			}
		case coes[i].ok:
			rows = append(rows, coes[i].row)
			for k := range coes[i].actions {
				actions = append(actions, o.siteAction(&coes[i].row, &coes[i].actions[k]))
			}
			entries = append(entries, coes[i].entry)
		}
		coes[i] = siteCOE{}
	}
	coes = nil
	sortRows(rows)
	res.COEs = len(rows)

	// The insights first: the figures of each COE go before the list
	// pages are made.
	if !w.fresh(InsightsPage, o.insightsKey(rows, entries)) {
		if err := o.writeInsights(w, rows, entries); err != nil {
			return res, err
		}
	}
	if err := o.writeLists(w, rows, actions); err != nil {
		return res, err
	}
	if err := w.finish(previous); err != nil {
		return res, err
	}
	res.Pages = len(w.written) - 3 // not the stylesheet, the actions feed nor the search index
	res.Unchanged = int(w.unchanged.Load())
	return res, nil
}

// maxOverlapped is the most COEs of a rebuild that writes search.js and
// builds the index of Similar COEs at once (see BuildSite).
const maxOverlapped = 50_000

// sortRows puts the rows in the order of the list pages: newest first,
// then by id, last first; rows alike keep their order. It sorts small keys
// (the time as seconds and nanoseconds, the row's place) and then moves
// each row once: a Row is some 250 bytes, which a stable sort of the rows
// themselves moved about log n times each.
func sortRows(rows []Row) {
	type sortKey struct {
		sec  int64
		nsec int32
		at   int32
	}
	keys := make([]sortKey, len(rows))
	for i := range rows {
		keys[i] = sortKey{rows[i].sort.Unix(), int32(rows[i].sort.Nanosecond()), int32(i)}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		if c := cmp.Compare(b.sec, a.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(b.nsec, a.nsec); c != 0 {
			return c
		}
		if c := strings.Compare(rows[b.at].ID, rows[a.at].ID); c != 0 {
			return c
		}
		return cmp.Compare(a.at, b.at) // stable
	})
	permute(rows, func(to int) int32 { return keys[to].at })
}

// permute puts s[from(to)] at to for each to, from(to) a permutation of
// s's places: each element moves once (its cycle followed by swaps), with
// no copy of s.
func permute[T any](s []T, from func(to int) int32) {
	dest := make([]int32, len(s))
	for to := range s {
		dest[from(to)] = int32(to)
	}
	for i := range s {
		for int(dest[i]) != i {
			j := dest[i]
			s[i], s[j] = s[j], s[i]
			dest[i], dest[j] = dest[j], dest[i]
		}
	}
}

// writeSearch returns what writes search.js, or nil when it is written
// already, once the first pass has read every COE: it is made of what that
// pass read (sx), and in a first build written before the COE pages so
// that the Docs it keeps, 600 bytes a COE, go before the index of Similar
// COEs is built. Its key is listKey's of the rows read.
func (o *SiteOptions) writeSearch(w *siteWriter, coes []siteCOE, sx *siteSearch) (write func() error) {
	key := ""
	if o.base != "" {
		n := 0
		for i := range coes {
			if coes[i].ok {
				n++
			}
		}
		rows := make([]Row, 0, n)
		for i := range coes {
			if coes[i].ok {
				// What the order and the key read of a row.
				r := &coes[i].row
				rows = append(rows, Row{ID: r.ID, File: r.File, sort: r.sort, key: r.key})
			}
		}
		sortRows(rows)
		key = o.listKey(SearchName, rows, nil, o.searchKey(sx))
	}
	if w.fresh(SearchName, key) {
		return nil
	}
	return func() error { return sx.write(w) }
}

// readFiles is the first pass of BuildSite from the files: it reads every
// COE, indexes it for "Similar COEs" (ib) and search.js (sx), and keeps its
// summary in coes.
func (o *SiteOptions) readFiles(coes []siteCOE, stems []string, ib *related.Builder, sx *siteSearch, read *atomic.Int64, failed *atomic.Bool) {
	load := o.loader(false)
	coe.Parallel(len(o.Files), func(i int) {
		if o.ReadProgress != nil {
			defer func() { o.ReadProgress(int(read.Add(1)), len(o.Files)) }()
		}
		if failed.Load() {
			return
		}
		lr := load(i)
		if lr.Err != nil {
			coes[i].err = lr.Err
			return
		}
		c := &lr.Doc.COE
		sx.add(i, stems[i], c) // as read
		o.prefix(i, c)         // as the index and the other pages know it
		ib.Add(stems[i], c)
		coes[i] = summary(c, stems[i], o)
	})
}

// summarize is summary with the rows rendered (buf is scratch space), as
// the pages show them: the COE's and its open actions'.
func summarize(c *coe.COE, stem string, o SiteOptions, buf *bytes.Buffer) (siteCOE, []SiteAction, error) {
	sc := summary(c, stem, &o)
	t := o.Templates
	var err error
	if sc.row.HTML, err = t.rowHTML(buf, sc.row); err != nil {
		return siteCOE{}, nil, err
	}
	acts := make([]SiteAction, len(sc.actions))
	for i := range sc.actions {
		acts[i] = o.siteAction(&sc.row, &sc.actions[i])
		if acts[i].HTML, err = t.actionHTML(buf, acts[i]); err != nil {
			return siteCOE{}, nil, err
		}
	}
	return sc, acts, nil
}

// actionHTML renders an open action's row of the actions page, with its
// text as HTML (SiteAction.ActionHTML, made here when a summary has none).
func (t *Templates) actionHTML(buf *bytes.Buffer, a SiteAction) (template.HTML, error) {
	a.HTML = ""
	if a.ActionHTML == "" {
		a.ActionHTML = InlineHTML(a.Action)
	}
	if a.TrackerURL == "" && a.TrackerText == "" {
		a.TrackerURL, a.TrackerText = trackerLink(a.Tracker)
	}
	return t.fragment(buf, "action-row", &a)
}

// rowHTML renders a COE's row of the tables for a page at the site's root.
func (t *Templates) rowHTML(buf *bytes.Buffer, r Row) (template.HTML, error) {
	r.HTML = ""
	return t.fragment(buf, "coe-row", &RowData{Root: "", Row: r})
}

// statuses are coe.Statuses(), which copies them at each call.
var statuses = coe.Statuses()

// summary keeps what the site's other pages need of a COE: its row of the
// tables, its open actions and its figures for the insights page. Their
// HTML is rendered with the page that shows them (writeLists), so that a
// large site keeps only the fields.
//
// A build keeps one summary for each COE, 100,000 of them in a large
// site: each word that recurs from COE to COE (severity, status, date,
// tag, service, owner, an action's id and priority) is kept once, from
// o.words, and nothing of the strings the COE was read into.
func summary(c *coe.COE, stem string, o *SiteOptions) siteCOE {
	in := o.words
	if in == nil {
		in = new(coe.Interner) // a summary made alone
	}
	// What is made of the COE alone is made before the lock, which the
	// goroutines reading the COEs share only to intern words.
	r := Row{ID: c.ID, File: stem, Title: oneLine(c.Title),
		SeverityRank: rank(c.Severity, o.Severities), StatusRank: slices.Index(statuses, c.Status),
		Actions: len(c.CorrectiveActions)}
	if r.ID == "" {
		r.ID = stem
	}
	if r.Title == "" {
		r.Title = r.ID
	}
	date := ""
	if t := c.Incident.StartedAt; !t.IsZero() {
		date, r.sort = coe.DateOf(t).String(), t
	} else if len(r.ID) >= 10 {
		if d, err := time.Parse(coe.DateLayout, r.ID[:10]); err == nil {
			r.Date, r.sort = r.ID[:10], d
		}
	}
	if !r.sort.IsZero() {
		r.Time = r.sort.Unix()
	}
	links := func(dir string, names []string) []Link {
		if len(names) == 0 {
			return nil
		}
		out := make([]Link, len(names))
		for i, n := range names {
			out[i] = Link{Text: n, Href: dir + PageSlug(n) + ".html"}
		}
		return out
	}
	r.Tags, r.Services = links("tags/", c.Tags), links("services/", c.Services)
	var acts []openAction
	if n := c.OpenActions(); n > 0 {
		acts = make([]openAction, 0, n)
	}
	for _, a := range c.CorrectiveActions {
		if !a.Open() {
			continue
		}
		r.Open++
		if o.overdue(a.Due) {
			r.Overdue++
		}
		acts = append(acts, openAction{ID: a.ID, Action: a.Action, Owner: a.Owner, Priority: a.Priority,
			Status: a.Status, Tracker: a.Tracker, Evidence: a.Evidence, due: a.Due})
	}
	entry := stats.EntryOf(c)

	in.Lock()
	defer in.Unlock()
	r.Severity, r.Status = in.Get(c.Severity), in.Get(c.Status)
	if date != "" {
		r.Date = in.Get(date)
	}
	for _, list := range [][]Link{r.Tags, r.Services} {
		for i := range list {
			list[i] = Link{Text: in.Get(list[i].Text), Href: in.Get(list[i].Href)}
		}
	}
	for i := range acts {
		a := &acts[i]
		a.ID, a.Owner, a.Priority, a.Status = in.Get(a.ID), in.Get(a.Owner), in.Get(a.Priority), in.Get(a.Status)
	}
	entry.ID, entry.Status, entry.Severity = r.ID, r.Status, r.Severity
	entry.Services, entry.Tags, entry.Factors = in.All(c.Services), in.All(c.Tags), in.All(c.ContributingFactors)
	for i := range entry.Actions {
		a := &entry.Actions[i]
		a.Owner, a.Priority, a.Status = in.Get(a.Owner), in.Get(a.Priority), in.Get(a.Status)
	}
	return siteCOE{row: r, actions: acts, entry: entry, ok: true}
}

// rebase makes the relative links of a fragment rendered for the site's
// root work from a folder one level down: prefix goes before every href
// that is a relative path. (html/template writes every attribute value in
// double quotes and escapes them in text, so ` href="` is always markup.)
func rebase(h template.HTML, prefix string) template.HTML {
	s := string(h)
	const attr = ` href="`
	if !strings.Contains(s, attr) {
		return h
	}
	var b strings.Builder
	b.Grow(len(s) + 8*strings.Count(s, attr))
	for {
		i := strings.Index(s, attr)
		if i < 0 {
			break
		}
		i += len(attr)
		b.WriteString(s[:i])
		s = s[i:]
		end := strings.IndexByte(s, '"')
		if end < 0 {
			break
		}
		if v := s[:end]; v != "" && schemeLen(v) == 0 && !strings.ContainsAny(v[:1], "/#?\\") {
			b.WriteString(prefix)
		}
	}
	b.WriteString(s)
	return template.HTML(b.String())
}

// fragment renders a template into a string of HTML.
func (t *Templates) fragment(buf *bytes.Buffer, name string, data any) (template.HTML, error) {
	buf.Reset()
	if err := t.execHTML(buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

func (o *SiteOptions) pageData(title, root, nav string, script bool) *PageData {
	p := o.Templates.page(shorten(oneLine(title), 70, ""), root, true, script)
	p.SiteTitle, p.Nav, p.Today = o.Title, nav, o.Today.String()
	return p
}

// writeLists writes the index, the tag and service pages and the actions
// page, rendering them in parallel. A page's data is made when it is
// rendered, not before, and its rows' HTML as its template asks for it
// (ListRow, ListAction): the pages of 100,000 COEs list each several
// times. Each page is written as it is rendered (streamPage).
func (o *SiteOptions) writeLists(w *siteWriter, rows []Row, actions []SiteAction) error {
	// A job's data is made as its page is rendered; l renders its rows.
	type pageJob struct {
		rel, tmpl string
		data      func(l *rowLister) any
		// key is the page's key, made when it is needed.
		key func() string
		// run, when set, writes a file that is not a page of rows.
		run func() error
	}
	t := o.Templates
	var jobs []pageJob
	severities := slices.Clone(o.Severities)
	if severities == nil {
		severities = coe.DefaultSeverities()
	}
	tags, services := map[string][]int{}, map[string][]int{}
	for i, r := range rows {
		for _, l := range r.Tags {
			if k := tags[l.Text]; len(k) == 0 || k[len(k)-1] != i {
				tags[l.Text] = append(k, i)
			}
		}
		for _, l := range r.Services {
			if k := services[l.Text]; len(k) == 0 || k[len(k)-1] != i {
				services[l.Text] = append(k, i)
			}
		}
		if !slices.Contains(severities, r.Severity) && r.Severity != "" {
			severities = append(severities, r.Severity)
		}
	}
	index := IndexData{Statuses: coe.Statuses(), Severities: severities,
		Tags: sortedKeys(tags), Services: sortedKeys(services)}
	for _, r := range rows {
		index.OpenActions += r.Open
		index.OverdueActions += r.Overdue
	}
	index.Page = o.pageData(o.Title, "", "index", true)
	jobs = append(jobs, pageJob{rel: "index.html", tmpl: TemplateIndex, key: func() string { return o.listKey("index.html", rows, nil) }, data: func(l *rowLister) any {
		d := index
		d.COEs = make([]ListRow, len(rows))
		for i := range rows {
			d.COEs[i] = ListRow{&rows[i], l}
		}
		return &d
	}})

	for _, g := range []struct {
		kind, dir, title string
		members          map[string][]int
	}{{"tag", "tags", "Tags", tags}, {"service", "services", "Services", services}} {
		list := GroupsData{Kind: g.kind, Page: o.pageData(g.title+" · "+o.Title, "../", g.dir, false)}
		for _, name := range sortedKeys(g.members) {
			members := g.members[name]
			open := 0
			for _, i := range members {
				open += rows[i].Open
			}
			data := func(l *rowLister) any {
				d := GroupData{Kind: g.kind, Name: name}
				d.Statuses, d.Severities = index.Statuses, index.Severities
				d.COEs = make([]ListRow, 0, len(members))
				tagSet, serviceSet := map[string]bool{}, map[string]bool{}
				l.prefix = "../" // for a page in tags/ or services/
				for _, i := range members {
					r := &rows[i]
					d.COEs = append(d.COEs, ListRow{r, l})
					d.OpenActions += r.Open
					d.OverdueActions += r.Overdue
					for _, l := range r.Tags {
						tagSet[l.Text] = true
					}
					for _, l := range r.Services {
						serviceSet[l.Text] = true
					}
				}
				d.Tags, d.Services = sortedKeys(tagSet), sortedKeys(serviceSet)
				d.Page = o.pageData(name+" · "+g.title+" · "+o.Title, "../", g.dir, true)
				return &d
			}
			file := g.dir + "/" + PageSlug(name) + ".html"
			jobs = append(jobs, pageJob{rel: file, tmpl: TemplateGroup, data: data,
				key: func() string { return o.listKey(file, rows, members, name, strings.Join(index.Severities, "\n")) }})
			list.Groups = append(list.Groups, Group{Name: name, Href: PageSlug(name) + ".html", COEs: len(members), OpenActions: open})
		}
		jobs = append(jobs, pageJob{rel: g.dir + "/index.html", tmpl: TemplateGroups, data: func(*rowLister) any { return &list },
			key: func() string { return o.groupsKey(g.dir+"/index.html", list.Groups) }})
	}

	// The feed lists the actions in the order of their COEs; the page
	// by owner, each owner's earliest due first: the actions are sorted
	// so in place, and each owner's are a part of them.
	var withActions []int // the rows of COEs with open actions, for the keys
	if o.base != "" {
		for i := range rows {
			if rows[i].Open > 0 {
				withActions = append(withActions, i)
			}
		}
	}
	if !w.fresh(ActionsFeed, o.listKey(ActionsFeed, rows, withActions)) {
		// Taken before the actions are sorted. Up to maxOverlapped COEs it
		// is written beside the pages; a larger site writes it first, alone,
		// to keep its peak of memory down (the feed of 100,000 COEs is 130
		// MB).
		acts := feedActions(actions)
		if len(rows) > maxOverlapped {
			if err := o.writeActionsFeed(w, acts); err != nil {
				return err
			}
		} else {
			jobs = append([]pageJob{{rel: ActionsFeed, run: func() error { return o.writeActionsFeed(w, acts) }}}, jobs...)
		}
	}
	ad := ActionsData{Page: o.pageData("Open corrective actions · "+o.Title, "", "actions", false), Total: len(actions)}
	rank := map[string]int{}
	for _, a := range actions {
		rank[a.Owner] = 0
		if a.Overdue != "" {
			ad.Overdue++
		}
	}
	owners := sortedKeys(rank)
	sort.SliceStable(owners, func(i, j int) bool {
		a, b := strings.ToLower(owners[i]), strings.ToLower(owners[j])
		if a != b {
			return a < b
		}
		return owners[i] < owners[j]
	})
	for i, owner := range owners {
		rank[owner] = i
	}
	for i := range actions {
		actions[i].owner = rank[actions[i].Owner]
	}
	sortActions(actions)
	var spans []int // where each owner's actions start
	for start := 0; start < len(actions); {
		end := start + 1
		for end < len(actions) && actions[end].owner == actions[start].owner {
			end++
		}
		owner := actions[start].Owner
		oa := OwnerActions{Owner: owner, Anchor: "owner-" + PageSlug(owner)}
		if owner == "" {
			oa.Anchor = "no-owner"
		}
		for _, a := range actions[start:end] {
			if a.Overdue != "" {
				oa.Overdue++
			}
		}
		ad.Owners = append(ad.Owners, oa)
		spans = append(spans, start)
		start = end
	}
	spans = append(spans, len(actions))
	jobs = append(jobs, pageJob{rel: "actions.html", tmpl: TemplateActions, key: func() string { return o.listKey("actions.html", rows, withActions) }, data: func(l *rowLister) any {
		list := make([]ListAction, len(actions))
		for i := range actions {
			list[i] = ListAction{&actions[i], l}
		}
		for k := range ad.Owners {
			ad.Owners[k].Actions = list[spans[k]:spans[k+1]:spans[k+1]]
		}
		return &ad
	}})

	rc := w.rows
	if len(rows)+len(actions) > maxCachedRows {
		rc = nil
	}
	for i := range rows {
		rows[i].n = i
	}
	for i := range actions {
		actions[i].n = i
	}
	errs := make([]error, len(jobs))
	coe.Parallel(len(jobs), func(i int) {
		if jobs[i].run != nil {
			errs[i] = jobs[i].run()
			return
		}
		if o.base != "" && w.fresh(jobs[i].rel, jobs[i].key()) {
			return
		}
		l := &rowLister{t: t}
		if rc != nil {
			if errs[i] = rc.resolve(t, rows, actions); errs[i] != nil {
				return
			}
			l.rows = rc
		}
		errs[i] = w.streamPage(t, jobs[i].rel, jobs[i].tmpl, jobs[i].data(l), l)
	})
	for _, err := range errs {
		if err != nil {
			return err // the first page's, as one after another would
		}
	}
	return nil
}

// sortActions puts the actions in the order of the actions page: by
// owner (their rank), then each owner's earliest due first
// (coe.ActionOrder); actions alike keep their order. Like sortRows it
// sorts their places, and moves each action (some 400 bytes) once.
func sortActions(actions []SiteAction) {
	at := make([]int32, len(actions))
	for i := range at {
		at[i] = int32(i)
	}
	slices.SortFunc(at, func(i, j int32) int {
		a, b := &actions[i], &actions[j]
		if a.owner != b.owner {
			return a.owner - b.owner
		}
		if c := coe.ActionOrder(a.due, a.COEID, a.ID, b.due, b.COEID, b.ID); c != 0 {
			return c
		}
		return cmp.Compare(i, j) // stable
	})
	permute(actions, func(to int) int32 { return at[to] })
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// siteDirs are the site's folders.
var siteDirs = []string{"coes", "tags", "services"}

// prepareOut makes sure the output folder may be written: new, empty, or
// marked as an earlier build, and opens it as a root in which no symbolic
// link is followed. previous is the earlier build's manifest (nil when
// there was none; empty when it listed nothing).
func prepareOut(out string) (root *safefs.Root, previous map[string]bool, err error) {
	if out == "" {
		return nil, nil, errors.New("no output folder")
	}
	st, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, nil, err
		}
	} else if err != nil {
		return nil, nil, err
	} else if !st.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a folder", out)
	}
	root, err = safefs.OpenStrict(out)
	if err != nil {
		return nil, nil, err
	}
	// Pages are flushed to disk together, before the manifest is written.
	root.SetBatch()
	marker := filepath.Join(out, SiteMarker)
	data, err := root.ReadFile(marker, maxManifest)
	if err == nil {
		return root, parseManifest(data), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		root.Close()
		return nil, nil, err
	}
	entries, err := root.ReadDir(out)
	if err != nil {
		root.Close()
		return nil, nil, err
	}
	if len(entries) > 0 {
		root.Close()
		return nil, nil, fmt.Errorf("%s is not empty and was not written by coe build (it has no %s); choose another folder with -o, or empty it", out, SiteMarker)
	}
	return root, nil, nil
}

// parseManifest reads the files a manifest lists. A line that is not a
// plain relative path inside the folder (a manifest is part of whatever
// folder holds it, and may have been written by anyone) is ignored.
func parseManifest(data []byte) map[string]bool {
	files := map[string]bool{}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || strings.HasPrefix(line, "#") || strings.Contains(line, "\\") || !filepath.IsLocal(filepath.FromSlash(line)) {
			continue
		}
		files[path.Clean(line)] = true
	}
	return files
}

// siteWriter writes the site's files and remembers them. Files are written
// by a few goroutines of their own, so that the workers rendering pages do
// not wait on the file system: creating a file costs more than rendering
// it on some systems. Close waits for the writes and returns the first
// error. Every file is written atomically, through a root that follows no
// symbolic link: a page is whole or absent, whenever the build stops.
type siteWriter struct {
	root    *safefs.Root
	mu      sync.Mutex
	written map[string]bool
	jobs    chan writeJob
	wg      sync.WaitGroup
	err     error
	// rebuild leaves a file alone when it already holds the bytes, so
	// that a rebuild costs reading, not rewriting, and what a deploy or
	// rsync sees changed is what changed.
	rebuild   bool
	unchanged atomic.Int64
	// wrote says a file was written (not left as it was): only then are
	// the writes flushed to disk (Sync) before the manifest.
	wrote atomic.Bool
	// marker heads the manifest: siteMarkerText, or a public site's.
	marker string
	// keys are the pages' keys of an incremental build (site_incr.go), nil
	// otherwise; saveKeys keeps them for the next.
	keys     *siteKeys
	saveKeys func([]byte) error
	// rows are the rows' HTML of an incremental build (site_rows.go), nil
	// otherwise; they save themselves for the next.
	rows *rowCache
}

type writeJob struct {
	path string
	data []byte
}

// siteWriters is how many files are written at once.
const siteWriters = 4

func newSiteWriter(root *safefs.Root, rebuild bool) *siteWriter {
	w := &siteWriter{root: root, written: map[string]bool{}, jobs: make(chan writeJob, 64), rebuild: rebuild, marker: siteMarkerText}
	for range siteWriters {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for j := range w.jobs {
				if w.rebuild && w.sameFile(j.path, j.data) {
					if strings.HasSuffix(j.path, ".html") {
						w.unchanged.Add(1)
					}
					continue
				}
				w.wrote.Store(true)
				if err := w.root.WriteFile(j.path, j.data, 0o644); err != nil {
					w.fail(err)
				}
			}
		}()
	}
	return w
}

func (w *siteWriter) fail(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

// sameFile reports whether the file at path holds exactly data.
func (w *siteWriter) sameFile(path string, data []byte) bool {
	f, err := w.root.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() != int64(len(data)) {
		return false
	}
	old := make([]byte, len(data)+1)
	n, err := io.ReadFull(f, old)
	return err == io.ErrUnexpectedEOF && n == len(data) && bytes.Equal(old[:n], data)
}

// write queues data (copied: the caller may reuse it) for the file rel.
func (w *siteWriter) write(rel string, data []byte) error {
	return w.writeOwned(rel, bytes.Clone(data))
}

// claim counts the page rel as written, once: the writer's first error,
// or a second page to the same file, is an error.
func (w *siteWriter) claim(rel string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.err
	if w.written[rel] {
		err = fmt.Errorf("two pages would be written to %s", rel)
	}
	w.written[rel] = true
	return err
}

// writeOwned is write without the copy: data is the writer's from now on.
// For the list pages and feeds of a large site, tens of megabytes each.
func (w *siteWriter) writeOwned(rel string, data []byte) error {
	if err := w.claim(rel); err != nil {
		return err
	}
	w.jobs <- writeJob{w.root.Abs(filepath.FromSlash(rel)), data}
	return nil
}

// close waits for every queued write and returns the first error.
func (w *siteWriter) close() error {
	if w.jobs != nil {
		close(w.jobs)
		w.wg.Wait()
		w.jobs = nil
	}
	if w.rows != nil {
		w.rows.saved() // nothing of a build writes after it returns
	}
	return w.err
}

func (w *siteWriter) page(t *Templates, rel, tmpl string, data any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.execHTML(buf, tmpl, data); err != nil {
		return err
	}
	return w.write(rel, buf.Bytes())
}

// streamPage is page for a page that may be large (a list of every COE):
// it is written as it is rendered (pageStream), its rows rendered by l as
// the template asks for them; an error of l's fails the page.
func (w *siteWriter) streamPage(t *Templates, rel, tmpl string, data any, l *rowLister) error {
	s, err := w.stream(rel)
	if err != nil {
		return err
	}
	err = t.execHTMLTo(s, tmpl, data)
	if err == nil {
		err = l.err
	}
	if err != nil {
		s.abort()
		return err
	}
	return s.commit()
}

// finish waits for every page, then writes the manifest and removes the
// files of the previous build this one did not write. The manifest lists
// what this build wrote, once it is all written and on disk: a build cut
// short leaves the previous one, whose files this build rewrote or left.
func (w *siteWriter) finish(previous map[string]bool) error {
	if err := w.close(); err != nil {
		return err
	}
	// A build that wrote nothing flushes nothing: Sync flushes the whole
	// file system, and a rebuild of an unchanged site would wait on every
	// other program's writes.
	if w.wrote.Load() {
		if err := w.root.Sync(); err != nil {
			return err
		}
	}
	if err := w.writeManifest(previous); err != nil {
		return err
	}
	if err := w.removeStale(previous); err != nil {
		return err
	}
	if w.keys != nil {
		if w.rows != nil {
			saving, stamp, err := w.rows.saved()
			if err != nil {
				return err
			}
			if saving {
				w.keys.rowsStamp = stamp
			}
		}
		return w.writeKeys()
	}
	return nil
}

// writeManifest writes the marker with the list of files this build
// wrote, after every page is written.
func (w *siteWriter) writeManifest(previous map[string]bool) error {
	names := sortedKeys(w.written)
	var b strings.Builder
	b.WriteString(w.marker)
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	if old, err := w.root.ReadFile(w.root.Abs(SiteMarker), maxManifest); err == nil && string(old) == b.String() {
		return nil // as it was: a rebuild that changed nothing writes nothing
	}
	return w.root.WriteFile(w.root.Abs(SiteMarker), []byte(b.String()), 0o644)
}

// removeStale removes the files of the previous build that this one did
// not write again: the pages of COEs, tags and services that are gone.
// Only regular files are removed; the root follows no link.
func (w *siteWriter) removeStale(previous map[string]bool) error {
	for _, rel := range sortedKeys(previous) {
		if w.written[rel] || rel == SiteMarker {
			continue
		}
		p := w.root.Abs(filepath.FromSlash(rel))
		st, err := w.root.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			continue
		}
		if err := w.root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
