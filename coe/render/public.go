package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/coe-cli/coe/coe"
)

// Names of the public version's templates (see package templates).
const (
	TemplatePublicMarkdown = "public.md.tmpl"
	TemplatePublicHTML     = "public.html.tmpl"
	TemplatePublicIndex    = "public-index.html.tmpl"
)

// ErrNoPublic is the error of a public report of a COE without a public
// section.
var ErrNoPublic = errors.New("the COE has no public section")

// PublicReport is what the public templates see of one COE: its public
// section and the incident's start, end and duration. It is all they see,
// so that no template can show what the COE's other fields say: no ids,
// owners, trackers, supporting data, whys or people. Its texts are the
// COE's with control characters shown (see Safe); the Markdown ones are
// as written, for the templates' markdown (HTML) and md (Markdown).
type PublicReport struct {
	// Title is public.title, else the COE's title, on one line.
	Title string
	// Started is the incident's start as people read a time ("January
	// 28, 2024, 19:05 UTC-06:00"), StartedAt the same in RFC 3339, for
	// <time datetime>; both "" when the start is not set.
	Started, StartedAt string
	// Ended is the incident's end: mitigated_at (service back for customers), else resolved_at, in the
	// start's offset; EndLabel says which ("Service restored", "Resolved").
	Ended, EndedAt, EndLabel string
	// Duration is the time from start to end in words ("2 hours 35
	// minutes"), or "" without both.
	Duration string
	// Summary, Impact, Changes and Apology are Markdown.
	Summary, Impact, Changes, Apology string
	// Published is the day the version was published (see PublicDate),
	// as "January 28, 2024", PublishedOn as YYYY-MM-DD; "" when unknown.
	Published, PublishedOn string
	// Nested is set when the version shows inside another page (the
	// internal report's "What customers will read"): its headings are a
	// level lower.
	Nested bool
	// Href is the page's address from the public site's index, or "".
	Href string
}

// PublicData is what public.html.tmpl, public.md.tmpl and the public
// site's index are given.
type PublicData struct {
	Page *PageData
	P    *PublicReport
	// Entries are the public site's index: newest first.
	Entries []*PublicReport
}

// NewPublicReport works out what the public templates show of c, or
// returns ErrNoPublic when c has no public section.
func NewPublicReport(c *coe.COE) (*PublicReport, error) {
	if c.Public.IsZero() {
		return nil, ErrNoPublic
	}
	p := c.Public
	r := &PublicReport{
		Title:   Safe(oneLine(c.PublicTitle())),
		Summary: Safe(p.Summary), Impact: Safe(p.Impact), Changes: Safe(p.Changes), Apology: Safe(p.Apology),
	}
	if r.Title == "" {
		r.Title = "Incident report"
	}
	in := c.Incident
	start := in.StartedAt
	// Customers are affected until the service is back (mitigated_at);
	// the internal fix may come later (resolved_at), and a summary that
	// says when service came back must not meet another end above it.
	end, label := in.MitigatedAt, "Service restored"
	if end.IsZero() {
		end, label = in.ResolvedAt, "Resolved"
	}
	loc := time.UTC
	if !start.IsZero() {
		loc = start.Location()
		r.Started, r.StartedAt = publicClock(start), coe.FormatTime(start)
	} else if !end.IsZero() {
		loc = end.Location()
	}
	if !end.IsZero() {
		end = end.In(loc)
		r.Ended, r.EndedAt, r.EndLabel = publicClock(end), coe.FormatTime(end), label
		if !start.IsZero() && !end.Before(start) {
			r.Duration = DurationWords(end.Sub(start))
		}
	}
	if t := PublicDate(c); !t.IsZero() {
		r.Published, r.PublishedOn = t.Format("January 2, 2006"), t.Format(coe.DateLayout)
	}
	return r, nil
}

// PublicDate is when the public version of c was published: its
// published_at, else when the COE was approved, else closed; zero for
// none of them.
func PublicDate(c *coe.COE) time.Time {
	if c.Public != nil && !c.Public.PublishedAt.IsZero() {
		return c.Public.PublishedAt
	}
	if !c.ApprovedAt.IsZero() {
		return c.ApprovedAt
	}
	return c.ClosedAt
}

// publicClock is a time as customers read it: "January 28, 2024, 19:05
// UTC-06:00" (with seconds only when they are set).
func publicClock(t time.Time) string {
	layout := "January 2, 2006, 15:04"
	if t.Second() != 0 {
		layout += ":05"
	}
	_, off := t.Zone()
	return t.Format(layout) + " " + offsetName(off)
}

// offsetName names an offset in seconds as "UTC", "UTC+01:00" or
// "UTC-06:00".
func offsetName(off int) string {
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, off/3600, off/60%60)
}

// DurationWords says how long d is, in words, to the minute: "less than a
// minute", "45 minutes", "2 hours 35 minutes", "1 day 3 hours" (from a day
// on, to the hour).
func DurationWords(d time.Duration) string {
	if d < time.Minute {
		return "less than a minute"
	}
	m := int64(d.Round(time.Minute) / time.Minute)
	unit := func(n int64, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return Thousands(n) + " " + one + "s"
	}
	switch {
	case m < 60:
		return unit(m, "minute")
	case m < 24*60:
		s := unit(m/60, "hour")
		if m%60 != 0 {
			s += " " + unit(m%60, "minute")
		}
		return s
	}
	h := int64(d.Round(time.Hour) / time.Hour)
	s := unit(h/24, "day")
	if h%24 != 0 {
		s += " " + unit(h%24, "hour")
	}
	return s
}

// PublicMarkdown writes the public version of c as Markdown: its title,
// the incident's start, end and duration, the public section's answers and
// the date it was published. Nothing else of the COE is given to the
// template. A COE without a public section is ErrNoPublic.
func (t *Templates) PublicMarkdown(w io.Writer, c *coe.COE) error {
	p, err := NewPublicReport(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	data := &PublicData{Page: &PageData{Title: p.Title}, P: p}
	if err := t.md.ExecuteTemplate(&buf, TemplatePublicMarkdown, data); err != nil {
		return t.fileErr(err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// PublicHTML writes the public version of c as one standalone HTML page,
// as HTML writes a report: style inline, no script, no requests.
func (t *Templates) PublicHTML(w io.Writer, c *coe.COE) error {
	p, err := NewPublicReport(c)
	if err != nil {
		return err
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	page := t.page(publicPageTitle(p.Title, ""), "", false, false)
	if err := t.execHTML(buf, TemplatePublicHTML, &PublicData{Page: page, P: p}); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// publicPageTitle is a public page's <title>: its title, then the site's,
// cut to fit 70 characters.
func publicPageTitle(title, site string) string {
	if site == "" {
		return shorten(title, 70, "")
	}
	suffix := " · " + oneLine(site)
	return shorten(title+suffix, 70, suffix)
}

// publicVersion is the public version of c to show on its internal page,
// or nil when it has none.
func publicVersion(c *coe.COE) *PublicReport {
	p, err := NewPublicReport(c)
	if err != nil {
		return nil
	}
	p.Nested = true
	return p
}
