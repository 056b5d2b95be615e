package remind

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
)

// refICSOf is ICSOf as it was before the append-based writer (commit
// 35e207e): a line a string, built by concatenation and fmt, folded
// through a bufio.Writer, the events in a stable sort (refPick). The new writer must give its bytes, whatever
// the actions hold (TestICSSameAsRef, FuzzICS).
func refICSOf(w io.Writer, acts []*Action, o Options) (int, error) {
	events := refPick(acts, func(a *Action) bool { return a.Open() && !a.Due.IsZero() })
	name := o.Name
	if name == "" {
		name = "COE corrective actions"
	}
	stamp := "19700101T000000Z"
	if !o.AsOf.IsZero() {
		stamp = fmt.Sprintf("%04d%02d%02dT000000Z", o.AsOf.Year, o.AsOf.Month, o.AsOf.Day)
	}
	iw := &refICSWriter{w: bufio.NewWriter(w)}
	iw.line("BEGIN:VCALENDAR")
	iw.line("VERSION:2.0")
	iw.line("PRODID:-//coe-cli//coe//EN")
	iw.line("CALSCALE:GREGORIAN")
	iw.text("NAME", name)
	iw.text("X-WR-CALNAME", name)
	uids := map[string]int{}
	for _, a := range events {
		iw.line("BEGIN:VEVENT")
		iw.text("UID", refUID(a, uids))
		iw.line("DTSTAMP:" + stamp)
		iw.line("DTSTART;VALUE=DATE:" + refICSDate(a.Due))
		if next := addDays(a.Due, 1); next.Year <= 9999 {
			iw.line("DTEND;VALUE=DATE:" + refICSDate(next))
		}
		id := a.ID
		if id == "" {
			id = "action"
		}
		iw.text("SUMMARY", id+": "+oneLine(a.Action))
		u := PageURL(o.SiteURL, a.File, a.ID)
		iw.text("DESCRIPTION", refDescription(a, u))
		if u != "" {
			iw.line("URL:" + u)
		}
		if p := refICSPriority(a.Priority); p != "" {
			iw.line("PRIORITY:" + p)
		}
		iw.line("TRANSP:TRANSPARENT")
		iw.line("END:VEVENT")
	}
	iw.line("END:VCALENDAR")
	if iw.err != nil {
		return 0, iw.err
	}
	return len(events), iw.w.Flush()
}

// refPick is pick as it was: a stable sort.
func refPick(acts []*Action, keep func(*Action) bool) []*Action {
	var out []*Action
	for _, a := range acts {
		if keep(a) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b *Action) int {
		return coe.ActionOrder(a.Due, a.COE, a.ID, b.Due, b.COE, b.ID)
	})
	return out
}

func refUID(a *Action, seen map[string]int) string {
	c := a.COE
	if c == "" {
		c = a.File
	}
	id := a.ID
	if id == "" {
		id = fmt.Sprintf("line%d", a.Line)
	}
	u := c + "." + id
	seen[u]++
	if n := seen[u]; n > 1 {
		u = fmt.Sprintf("%s.%d", u, n)
	}
	return u + "@coe"
}

func refDescription(a *Action, url string) string {
	var b strings.Builder
	b.WriteString("COE " + a.COE)
	if a.COETitle != "" {
		b.WriteString(": " + oneLine(a.COETitle))
	}
	field := func(name, v string) {
		if v != "" {
			b.WriteString("\n" + name + ": " + oneLine(v))
		}
	}
	field("Action", a.Action)
	field("Owner", a.Owner)
	field("Priority", a.Priority)
	status := a.Status
	if status == "" {
		status = coe.ActionOpen
	}
	field("Status", status)
	field("Tracker", a.Tracker)
	field("Page", url)
	return b.String()
}

func refICSPriority(p string) string {
	switch p {
	case "high":
		return "1"
	case "medium":
		return "5"
	case "low":
		return "9"
	}
	return ""
}

func refICSDate(d coe.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("20060102")
}

type refICSWriter struct {
	w   *bufio.Writer
	err error
}

func (iw *refICSWriter) text(name, value string) {
	iw.line(name + ":" + EscapeText(value)) // unchanged: the new way appends it, or its fast path
}

func (iw *refICSWriter) line(s string) {
	if iw.err != nil {
		return
	}
	limit := maxLine
	for len(s) > limit {
		i := limit
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		if i == 0 { // the one change: the old way looped forever here (FuzzICS)
			i = limit
		}
		iw.w.WriteString(s[:i])
		iw.w.WriteString("\r\n ")
		s = s[i:]
		limit = maxLine - 1
	}
	iw.w.WriteString(s)
	_, iw.err = iw.w.WriteString("\r\n")
}
