package render

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
)

// Report is what the report templates see of one COE: its values, the
// figures worked out from them (times to detect, mitigate and resolve, open
// and overdue actions), and the timeline chart. Markdown answers are kept
// as written; the templates render them with markdown (HTML) or md
// (Markdown), which make them safe.
type Report struct {
	// COE is the COE itself, for templates that want a field as it is.
	COE *coe.COE

	ID, Title, Severity, Status string
	// SeverityRank is the severity's place in the configured list, worst
	// first (0), or -1 when it is not in it.
	SeverityRank int
	Authors      []string
	Reviewers    []string
	// AuthorsText and ReviewersText are the names joined by commas.
	AuthorsText, ReviewersText string
	ApprovedBy                 string
	ApprovedOn                 string // YYYY-MM-DD, or ""
	Tags                       []Link
	Services                   []Link

	// SubmittedOn and ClosedOn are when the COE went from draft to review
	// and when it was closed (YYYY-MM-DD), or "".
	SubmittedOn, ClosedOn string
	// Reopenings are the COE's returns to review, oldest first.
	Reopenings []Reopening

	// Started is the incident start, as people read a time ("2024-01-28
	// 19:05 -06:00"), or "".
	Started string
	// Milestones are detection, mitigation and resolution, those set.
	Milestones []Milestone
	// CustomersAffected is the number with thousands separators, or "".
	CustomersAffected string
	Actions           int
	OpenActions       int
	OverdueActions    int

	WhatHappened string
	// Timeline has the entries in order; TimelineZone names the offset
	// their times are shown in ("UTC-06:00").
	Timeline     []Event
	TimelineZone string

	Customers, Business, Communication string
	RootCause                          string
	Whys                               []string
	// ContributingFactors are the names the COE gives, as written.
	ContributingFactors         []string
	SupportingData              []Evidence
	Security, OtherImplications string
	Lessons                     []string
	CorrectiveActions           []Action
	Related                     []Link

	// For an HTML report: the whys and lessons as HTML (see InlineHTML).
	WhysHTML, LessonsHTML []template.HTML

	// Chart is the timeline drawn on a time axis, or nil without times.
	Chart *Chart

	// ReviewNotes are the quality rules' notes for the reviewers, when
	// the report shows them (ReportOptions.ReviewNotes), else nil.
	ReviewNotes []ReviewNote

	// Similar are the COEs a site's page suggests as like this one
	// (ReportOptions.Similar).
	Similar []SimilarCOE

	// Public is the COE's public version, as customers will read it (see
	// PublicReport), or nil when it has none.
	Public *PublicReport
}

// Milestone is one of the incident's later times, with how long after the
// start it came.
type Milestone struct {
	Name  string // "Detected"
	Label string // "Time to detect"
	At    string // as people read a time
	// After is the time since the start ("35m"), or "" without a start.
	After string
	// Detail says when, as "detected 2024-01-28 19:40 -06:00".
	Detail string
}

// Event is one timeline entry.
type Event struct {
	N int
	// DateTime is the full RFC 3339 time, for <time datetime>.
	DateTime string
	// When is the time as shown: the date only where it changes.
	When  string
	Event string
	// HTML is the event as HTML, in an HTML report (see InlineHTML).
	HTML template.HTML
}

// Evidence is one item of supporting data.
type Evidence struct {
	Title string
	// Link is the URL when it is allowed (see AllowedURL), or "".
	Link string
	// RawLink is the link as written, even when it is not allowed.
	RawLink string
	Note    string
}

// Reopening is one return of an approved or closed COE to review.
type Reopening struct {
	On     string // YYYY-MM-DD, or ""
	By     string
	Reason string // Markdown
}

// Action is one corrective action.
type Action struct {
	ID, Action, Owner, Due, Priority, Status, DoneAt string
	// Note is the action's note (Markdown): why it is wont-do, what is left.
	Note string
	// Evidence is what shows the action done: commits and links.
	Evidence []Proof
	// Tracker is the ticket as written; TrackerURL is it as a link when it
	// is an allowed URL, and TrackerText how the link reads (a URL's last
	// path segment).
	Tracker, TrackerURL, TrackerText string
	// HTML is the action as HTML, in an HTML report (see InlineHTML).
	HTML template.HTML
	Open bool
	// Overdue says by how long an open action is past its due date
	// ("12 days"), or "".
	Overdue string
}

// Proof is one entry of a corrective action's evidence: a commit, a link,
// or (in a file coe lint would refuse) text that is neither.
type Proof struct {
	// Commit is a commit id's first ShortCommit digits, and Full the whole
	// id; both "" for a link.
	Commit, Full string
	// URL is the entry when it is an http or https URL (see SafeURL), or "".
	URL string
	// Text is how the entry reads: a URL without its scheme, or the entry
	// as written when it is neither a commit id nor a URL shown as a link.
	Text string
}

// ShortCommit is how many hex digits of a commit id a report shows.
const ShortCommit = 10

// proofs is how a report shows an action's evidence entries.
func proofs(evidence []string) []Proof {
	if len(evidence) == 0 {
		return nil
	}
	out := make([]Proof, len(evidence))
	for i, e := range evidence {
		u := ""
		if !coe.IsCommitID(e) {
			u = webURL(e)
		}
		switch {
		case coe.IsCommitID(e):
			out[i] = Proof{Commit: e[:min(len(e), ShortCommit)], Full: e}
		case u != "":
			text := strings.TrimSuffix(u[strings.Index(u, "://")+3:], "/")
			if text == "" {
				text = u
			}
			out[i] = Proof{URL: u, Text: Safe(text)}
		default:
			out[i] = Proof{Text: Safe(e)}
		}
	}
	return out
}

// webURL returns s when it is an allowed http or https URL (see SafeURL),
// and "" otherwise: evidence and trackers lead to the web, not to a page
// of the site or a mail.
func webURL(s string) string {
	u := SafeURL(s)
	if n := schemeLen(u); n > 0 && strings.HasPrefix(u[n:], "://") {
		if scheme := strings.ToLower(u[:n]); scheme == "http" || scheme == "https" {
			return u
		}
	}
	return ""
}

// Link is a text with where it leads; Href is "" when it leads nowhere
// (a standalone report has no tag pages).
type Link struct {
	Text, Href string
}

// ReportOptions tune a report.
type ReportOptions struct {
	// Today marks open corrective actions past their due date.
	Today coe.Date
	// Severities is the configured list, worst first (nil: the default).
	Severities []string
	// Site, when set, links tags, services and related COEs to the site's
	// pages; a standalone report links nowhere but to the web.
	Site *SiteLinks
	// Source names the COE's file in a standalone HTML report's footer
	// ("coes/2024-01-28-x.yaml"), or is "".
	Source string
	// ReviewNotes, when set, are shown to the reviewers in a section of
	// their own after the seven questions (coe render --review-notes).
	ReviewNotes []ReviewNote
	// Similar, on a site's page, lists the COEs most like this one
	// (coe/related), after its related ones.
	Similar []SimilarCOE

	html bool // fill in the HTML fields
}

// SiteLinks says where a COE page's links go in a site.
type SiteLinks struct {
	// Root is the way from the page to the site's root ("../").
	Root string
	// Exists reports whether a COE id has a page in the site.
	Exists func(id string) bool
}

// NewReport works out what the templates show of c.
func NewReport(c *coe.COE, o ReportOptions) *Report {
	if hasUnsafe(c) {
		// Control characters are errors in HTML and mischief in a
		// terminal: show them, as coe show does.
		c = safeCOE(c)
	}
	r := &Report{
		COE: c, ID: c.ID, Title: c.Title, Severity: c.Severity, Status: c.Status,
		SeverityRank: rank(c.Severity, o.Severities),
		Authors:      c.Authors, Reviewers: c.Reviewers, ApprovedBy: c.ApprovedBy,
		WhatHappened: c.WhatHappened,
		Customers:    c.Impact.Customers, Business: c.Impact.Business, Communication: c.Impact.Communication,
		RootCause: c.RootCause.Summary, Whys: c.RootCause.Whys, ContributingFactors: c.ContributingFactors,
		Security: c.Implications.Security, OtherImplications: c.Implications.Other,
		Lessons: c.Lessons, Actions: len(c.CorrectiveActions),
		AuthorsText: strings.Join(c.Authors, ", "), ReviewersText: strings.Join(c.Reviewers, ", "),
	}
	if o.html {
		for _, w := range c.RootCause.Whys {
			r.WhysHTML = append(r.WhysHTML, InlineHTML(w))
		}
		for _, l := range c.Lessons {
			r.LessonsHTML = append(r.LessonsHTML, InlineHTML(l))
		}
	}
	r.ApprovedOn, r.SubmittedOn, r.ClosedOn = dateOf(c.ApprovedAt), dateOf(c.SubmittedAt), dateOf(c.ClosedAt)
	for _, e := range c.Reopened {
		r.Reopenings = append(r.Reopenings, Reopening{On: dateOf(e.At), By: e.By, Reason: e.Reason})
	}
	if n := c.Impact.CustomersAffected; n != nil {
		r.CustomersAffected = Thousands(*n)
	}
	site := o.Site
	for _, t := range c.Tags {
		l := Link{Text: t}
		if site != nil {
			l.Href = site.Root + "tags/" + PageSlug(t) + ".html"
		}
		r.Tags = append(r.Tags, l)
	}
	for _, s := range c.Services {
		l := Link{Text: s}
		if site != nil {
			l.Href = site.Root + "services/" + PageSlug(s) + ".html"
		}
		r.Services = append(r.Services, l)
	}
	for _, id := range c.Related {
		l := Link{Text: id}
		if site != nil && coe.ValidID(id) && (site.Exists == nil || site.Exists(id)) {
			l.Href = id + ".html"
		}
		r.Related = append(r.Related, l)
	}

	in := c.Incident
	r.Started = clock(in.StartedAt)
	for _, m := range []struct {
		name, label string
		at          time.Time
	}{{"Detected", "Time to detect", in.DetectedAt}, {"Mitigated", "Time to mitigate", in.MitigatedAt}, {"Resolved", "Time to resolve", in.ResolvedAt}} {
		if m.at.IsZero() {
			continue
		}
		ms := Milestone{Name: m.name, Label: m.label, At: clock(m.at)}
		ms.Detail = strings.ToLower(m.name) + " " + ms.At
		if !in.StartedAt.IsZero() && !m.at.Before(in.StartedAt) {
			ms.After = Duration(m.at.Sub(in.StartedAt))
		}
		r.Milestones = append(r.Milestones, ms)
	}

	loc := zoneOf(c)
	r.TimelineZone = zoneName(loc)
	prev := ""
	for i, e := range c.Timeline {
		t := e.At
		ev := Event{N: i + 1, Event: e.Event}
		if o.html {
			ev.HTML = InlineHTML(e.Event)
		}
		if !t.IsZero() {
			t = t.In(loc)
			ev.DateTime = coe.FormatTime(t)
			day := t.Format(coe.DateLayout)
			ev.When = t.Format("15:04")
			if t.Second() != 0 {
				ev.When = t.Format("15:04:05")
			}
			if day != prev {
				ev.When = day + " " + ev.When
				prev = day
			}
		}
		r.Timeline = append(r.Timeline, ev)
	}

	for _, d := range c.SupportingData {
		r.SupportingData = append(r.SupportingData, Evidence{Title: d.Title, Link: SafeURL(d.Link), RawLink: d.Link, Note: d.Note})
	}
	for _, a := range c.CorrectiveActions {
		act := Action{ID: a.ID, Action: a.Action, Owner: a.Owner, Due: a.Due.String(), Priority: a.Priority,
			Status: a.Status, DoneAt: a.DoneAt.String(), Tracker: a.Tracker, Open: a.Open(),
			Note: a.Note, Evidence: proofs(a.Evidence)}
		if act.Status == "" {
			act.Status = coe.ActionOpen
		}
		act.TrackerURL, act.TrackerText = trackerLink(a.Tracker)
		if o.html {
			act.HTML = InlineHTML(a.Action)
		}
		if act.Open {
			r.OpenActions++
			if !o.Today.IsZero() && !a.Due.IsZero() && a.Due.Compare(o.Today) < 0 {
				act.Overdue = days(a.Due, o.Today)
				r.OverdueActions++
			}
		}
		r.CorrectiveActions = append(r.CorrectiveActions, act)
	}
	r.Chart = newChart(c, loc)
	ids := make([]string, len(c.CorrectiveActions))
	for i, a := range c.CorrectiveActions {
		ids[i] = a.ID
	}
	r.ReviewNotes = reviewNotes(o.ReviewNotes, ids, Safe)
	r.Similar = o.Similar
	r.Public = publicVersion(c)
	return r
}

// trackerLink returns a tracker's URL when it is an http or https URL, and
// the text of its link (see trackerText).
func trackerLink(tracker string) (url, text string) {
	if u := webURL(tracker); u != "" {
		return u, trackerText(tracker)
	}
	return "", tracker
}

// dateOf is t's date (YYYY-MM-DD) in its own offset, or "" when t is zero.
func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(coe.DateLayout)
}

// zoneOf is the location a COE's times are shown in: the incident start's
// offset, or the first timeline entry's.
func zoneOf(c *coe.COE) *time.Location {
	for _, t := range c.Incident.Times() {
		if !t.IsZero() {
			return t.Location()
		}
	}
	for _, e := range c.Timeline {
		if !e.At.IsZero() {
			return e.At.Location()
		}
	}
	return time.UTC
}

// zoneName names an offset as "UTC", "UTC+01:00" or "UTC-06:00".
func zoneName(loc *time.Location) string {
	_, off := time.Date(2000, 1, 1, 0, 0, 0, 0, loc).Zone()
	return offsetName(off)
}

func rank(s string, list []string) int {
	if list == nil {
		list = coe.DefaultSeverities()
	}
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// PageSlug is the file name (without .html) of a tag's or a service's
// page, and an owner's anchor on the actions page: the name itself when it
// is lower-case letters, digits and single hyphens, otherwise a readable
// part and a hash of the name, so that two names never share a page and a
// name cannot reach outside its folder. "index" is the folder's list of
// them all, so a tag named index gets a hash too. (coe.TitleSlug, which
// makes an id of a title, may give two titles one slug.)
func PageSlug(name string) string {
	if isSlug(name) && len(name) <= 80 && name != "index" {
		return name
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if b.Len() >= 60 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	sum := sha256.Sum256([]byte(name))
	// An underscore never appears in a name kept as it is.
	return b.String() + "_" + hex.EncodeToString(sum[:4])
}

func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// hasUnsafe reports whether any text of c holds a character Safe changes
// (safeCOE copies the whole COE; most have nothing to change). It names
// every text field, so that it costs no reflection; TestHasUnsafeSeesEveryText
// keeps it in step with the model.
func hasUnsafe(c *coe.COE) bool {
	u := func(ss ...string) bool {
		for _, s := range ss {
			if unsafeText(s) {
				return true
			}
		}
		return false
	}
	if u(c.ID, c.Title, c.Status, c.Severity, c.ApprovedBy, c.WhatHappened,
		c.Impact.Customers, c.Impact.Business, c.Impact.Communication, c.RootCause.Summary,
		c.Implications.Security, c.Implications.Other) ||
		u(c.Authors...) || u(c.Reviewers...) || u(c.Tags...) || u(c.Services...) ||
		u(c.RootCause.Whys...) || u(c.ContributingFactors...) || u(c.Lessons...) || u(c.Related...) {
		return true
	}
	for _, e := range c.Timeline {
		if u(e.Event) {
			return true
		}
	}
	for _, r := range c.Reopened {
		if u(r.By, r.Reason) {
			return true
		}
	}
	for _, d := range c.SupportingData {
		if u(d.Title, d.Link, d.Note) {
			return true
		}
	}
	for _, a := range c.CorrectiveActions {
		if u(a.ID, a.Action, a.Owner, a.Priority, a.Status, a.Tracker, a.Note) || u(a.Evidence...) {
			return true
		}
	}
	return false
}

// unsafeASCII is isUnsafe of each ASCII character.
var unsafeASCII = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = isUnsafe(r)
	}
	return t
}()

// unsafeText reports whether s holds a character isUnsafe; ASCII, most of
// any text, is looked up rather than decoded.
func unsafeText(s string) bool {
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if unsafeASCII[b] {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isUnsafe(r) {
			return true
		}
		i += n
	}
	return false
}
