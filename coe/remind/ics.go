package remind

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
)

// maxLine is the longest line of an iCalendar file, in octets, without its
// CRLF (RFC 5545, 3.1).
const maxLine = 75

// ICS writes an iCalendar feed (RFC 5545) of the open actions that have a
// due date: one all-day event an action, on its due date, whose UID stays
// the same from one feed to the next (<coe>.<action>@coe), so a calendar
// that subscribes to the feed updates its events rather than adding new
// ones. The summary is the action's id and text; the description names
// the COE, its title, the owner, priority, status and tracker, and the
// action's page when o.SiteURL is set (also as the event's URL).
//
// Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
// character; text values are escaped (backslash, semicolon, comma, line
// break) and control characters in them shown as ^X. It returns how many
// events it wrote.
func ICS(w io.Writer, acts []Action, o Options) (int, error) {
	return ICSOf(w, Refs(acts), o)
}

// ICSOf is ICS of actions held by pointer (CollectRefs).
func ICSOf(w io.Writer, acts []*Action, o Options) (int, error) {
	events := pick(acts, func(a *Action) bool { return a.Open() && !a.Due.IsZero() })
	name := o.Name
	if name == "" {
		name = "COE corrective actions"
	}

	// DTSTAMP says when the event's data was last revised. The feed is
	// computed from the COEs as of o.AsOf, so the stamp is that day's
	// midnight (UTC): the same COEs on the same day give the same bytes,
	// which keeps coe build's site byte-for-byte deterministic (the
	// wall clock would change every file on every build), and a feed
	// fetched on a later day says it is newer. COE_NOW and --as-of fix it.
	stamp := "19700101T000000Z"
	if !o.AsOf.IsZero() {
		stamp = fmt.Sprintf("%04d%02d%02dT000000Z", o.AsOf.Year, o.AsOf.Month, o.AsOf.Day)
	}

	iw := &icsWriter{w: bufio.NewWriter(w)}
	iw.line("BEGIN:VCALENDAR")
	iw.line("VERSION:2.0")
	iw.line("PRODID:-//coe-cli//coe//EN")
	iw.line("CALSCALE:GREGORIAN")
	iw.text("NAME", name)         // RFC 7986
	iw.text("X-WR-CALNAME", name) // what most calendars show
	uids := map[string]int{}
	for _, a := range events {
		iw.line("BEGIN:VEVENT")
		iw.text("UID", uid(a, uids))
		iw.line("DTSTAMP:" + stamp)
		iw.line("DTSTART;VALUE=DATE:" + icsDate(a.Due))
		// An all-day event ends (exclusively) on the next day; without
		// DTEND it lasts one day anyway (RFC 5545, 3.6.1), which is what
		// a due date of 9999-12-31, whose next day has no YYYYMMDD, gets.
		if next := addDays(a.Due, 1); next.Year <= 9999 {
			iw.line("DTEND;VALUE=DATE:" + icsDate(next))
		}
		id := a.ID
		if id == "" {
			id = "action"
		}
		iw.text("SUMMARY", id+": "+oneLine(a.Action))
		u := PageURL(o.SiteURL, a.File, a.ID)
		iw.text("DESCRIPTION", description(a, u))
		if u != "" {
			iw.line("URL:" + u)
		}
		if p := icsPriority(a.Priority); p != "" {
			iw.line("PRIORITY:" + p)
		}
		// A due date is a reminder, not a meeting: it blocks no time.
		iw.line("TRANSP:TRANSPARENT")
		iw.line("END:VEVENT")
	}
	iw.line("END:VCALENDAR")
	if iw.err != nil {
		return 0, iw.err
	}
	return len(events), iw.w.Flush()
}

// uid is the action's UID: <coe>.<action>@coe, with the COE's file name
// when it has no id, its position when the action has none, and a
// counter when two actions would share one (two COEs with one id): a
// duplicate UID would make a calendar keep one of the events.
func uid(a *Action, seen map[string]int) string {
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

func description(a *Action, url string) string {
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

// icsPriority maps an action's priority to iCalendar's 1 (highest) to 9.
func icsPriority(p string) string {
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

func icsDate(d coe.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("20060102")
}

// icsWriter writes content lines, folded and ended with CRLF.
type icsWriter struct {
	w   *bufio.Writer
	err error
}

// text writes a property whose value is TEXT, escaped.
func (iw *icsWriter) text(name, value string) {
	iw.line(name + ":" + EscapeText(value))
}

// line writes one content line, folded: a line longer than 75 octets is
// cut into lines of at most 75 octets (the first) and 74 after a leading
// space (the others), each cut before a UTF-8 character's first byte.
func (iw *icsWriter) line(s string) {
	if iw.err != nil {
		return
	}
	limit := maxLine
	for len(s) > limit {
		i := limit
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		iw.w.WriteString(s[:i])
		iw.w.WriteString("\r\n ")
		s = s[i:]
		limit = maxLine - 1
	}
	iw.w.WriteString(s)
	_, iw.err = iw.w.WriteString("\r\n")
}

// EscapeText writes s as an iCalendar TEXT value (RFC 5545, 3.3.11): a
// backslash before each backslash, semicolon and comma, line breaks (LF,
// CR LF or CR) as \n, other control characters as coe.ShowControls shows
// them and invalid UTF-8 as U+FFFD, since TEXT may hold no control
// character but a tab.
func EscapeText(s string) string {
	// Most values are printable ASCII, tabs and LFs, which neither line
	// breaks nor ShowControls change: only the escapes are left to add,
	// if any.
	plain, escapes := true, false
	for i := 0; i < len(s) && plain; i++ {
		switch c := s[i]; {
		case c == '\\' || c == ';' || c == ',' || c == '\n':
			escapes = true
		case c >= 0x7f || c < 0x20 && c != '\t':
			plain = false
		}
	}
	if plain && !escapes {
		return s
	}
	if !plain {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		s = coe.ShowControls(s, true)
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
