// Package remind writes the corrective actions of COEs where their owners
// already look: a Markdown digest to paste into chat, an issue or an
// e-mail (Digest), an iCalendar feed of due dates to subscribe to (ICS),
// and CSV for spreadsheets and tracker imports (CSV).
//
// The writers take a slice of Action rows, whoever collected them (coe
// actions from a repository, coe build from the COEs it renders). The
// text of an action comes from a COE file, which may have been written by
// anyone: every writer escapes it for its format, so that a title cannot
// add a link to the digest, a property to the calendar or a formula to a
// spreadsheet.
package remind

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
)

// Action is one corrective action as the reminders show it.
type Action struct {
	// The action's COE: its id, title and status, and its page's name on
	// the site (the file's name without .yaml; "" when unknown, and then
	// no link is written).
	COE, COETitle, COEStatus, File string
	// Path and Line say where the action is written.
	Path string
	Line int

	ID, Action, Owner string
	Due               coe.Date
	Priority          string
	// Status is the action's status ("" reads as open).
	Status  string
	DoneAt  coe.Date
	Tracker string
	// Source names the COE repository the action is in, among those an
	// organisation's repository reads (coe.Set): "" for its own.
	Source string
	// Evidence is the action's evidence: list, as written.
	Evidence []string
}

// Open reports whether the action is still to be done.
func (a *Action) Open() bool {
	return a.Status == "" || a.Status == coe.ActionOpen || a.Status == coe.ActionInProgress
}

// Late returns how many days an open action is past its due date as of
// asOf, and 0 when it is not late (or done, or has no due date).
func (a *Action) Late(asOf coe.Date) int {
	if !a.Open() || a.Due.IsZero() || asOf.IsZero() || a.Due.Compare(asOf) >= 0 {
		return 0
	}
	return a.Due.DaysTo(asOf)
}

// Options say what the writers write.
type Options struct {
	// AsOf is the day the actions are judged on: what is overdue, what
	// is due within Within days. The calendar's DTSTAMP is derived from
	// it (see ICS).
	AsOf coe.Date
	// Within is the number of days from AsOf whose due actions the digest
	// holds besides the overdue ones (0: due today).
	Within int
	// SiteURL is the absolute address of the site coe build wrote (see
	// ParseSiteURL), or "" for none: then nothing links to a COE's page,
	// since a relative link means nothing in a calendar or a chat.
	SiteURL string
	// Name names the calendar (ICS); "" gives "COE corrective actions".
	Name string
}

// DefaultWithin is the number of days the digest looks ahead when no
// other is given.
const DefaultWithin = 7

// MaxWithin caps ParseWithin: 100 years, more than any plan.
const MaxWithin = 36525

// withinExamples is what ParseWithin's errors offer instead.
const withinExamples = "like 14d, 2w, 1w3d or 72h"

// ParseWithin reads a look-ahead as days: a number of weeks (w), days (d)
// or hours (h), or several of them added ("1w3d"). Go durations have no
// days or weeks; hours are accepted when they make whole days, since due
// dates are days.
func ParseWithin(s string) (int, error) {
	if s == "" {
		return 0, fmt.Errorf("empty duration; expected days or weeks, %s", withinExamples)
	}
	hours := 0
	rest := s
	for rest != "" {
		n := 0
		digits := 0
		for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
			if digits == 6 {
				return 0, fmt.Errorf("%q is too long; expected at most %d days", s, MaxWithin)
			}
			n = n*10 + int(rest[digits]-'0')
			digits++
		}
		if digits == 0 || digits == len(rest) {
			return 0, fmt.Errorf("invalid duration %q; expected days or weeks, %s", s, withinExamples)
		}
		switch rest[digits] {
		case 'w':
			hours += n * 7 * 24
		case 'd':
			hours += n * 24
		case 'h':
			hours += n
		default:
			return 0, fmt.Errorf("invalid duration %q: unknown unit %q; expected w (weeks), d (days) or h (hours), %s", s, firstRune(rest[digits:]), withinExamples)
		}
		if hours > MaxWithin*24 {
			return 0, fmt.Errorf("%q is too long; expected at most %d days", s, MaxWithin)
		}
		rest = rest[digits+1:]
	}
	if hours%24 != 0 {
		return 0, fmt.Errorf("%q is not a whole number of days (due dates are days); expected days or weeks, %s", s, withinExamples)
	}
	return hours / 24, nil
}

func firstRune(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return string(r)
}

// ParseSiteURL checks the address of a published site: an absolute http or
// https URL with a host and without a query or fragment, in printable ASCII
// (an international domain name in its xn-- form). It returns it
// without a trailing slash, ready for PageURL.
func ParseSiteURL(s string) (string, error) {
	const expected = "expected the absolute http(s) address of the site, like https://example.github.io/coes"
	u, err := url.Parse(s)
	if err != nil || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune("\"<>\\`{}|^", r) }) {
		return "", fmt.Errorf("invalid URL %q; %s", s, expected)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.User != nil {
		return "", fmt.Errorf("%q is not an absolute http(s) URL; %s", s, expected)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || strings.Contains(s, "#") {
		return "", fmt.Errorf("%q has a query or fragment; %s", s, expected)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// PageURL is the address of an action on its COE's page of the site at
// siteURL (as ParseSiteURL returns it): siteURL/coes/<file>.html#<id>. It
// is "" when there is no site or no file. A source's COE has its page in
// the source's folder: file is then <name>/<file>. Every character of
// file and id that a URL cannot carry as it is, is percent-encoded, so
// the address is one token in Markdown and in iCalendar.
func PageURL(siteURL, file, id string) string {
	if siteURL == "" || file == "" {
		return ""
	}
	name, stem := coe.SplitID(file)
	u := siteURL + "/coes/"
	if name != "" {
		u += name + "/"
	}
	u += url.PathEscape(stem) + ".html"
	if id != "" {
		u += "#" + fragmentEscape(id)
	}
	return u
}

// fragmentEscape percent-encodes every byte but letters, digits and -._~,
// which is more than a fragment needs and never too little.
func fragmentEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// addDays is d moved by n days.
func addDays(d coe.Date, n int) coe.Date {
	return coe.DateOf(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n))
}

// DueWithin reports whether an open action with a due date is due on or
// before asOf + within days (overdue ones included).
func DueWithin(a *Action, asOf coe.Date, within int) bool {
	return a.Open() && !a.Due.IsZero() && a.Due.Compare(addDays(asOf, within)) <= 0
}

// Refs are pointers to each of acts, in order: what DigestOf, ICSOf and
// CSVOf take.
func Refs(acts []Action) []*Action {
	out := make([]*Action, len(acts))
	for i := range acts {
		out[i] = &acts[i]
	}
	return out
}

// pick returns the actions keep lets through, earliest due first (then by
// COE and action number, as coe actions lists them), whatever their order
// in acts: the same actions give the same output.
//
// It sorts the actions with their places in acts as the last key, which
// orders them as a stable sort does, in less time (a third at 22,500).
func pick(acts []*Action, keep func(*Action) bool) []*Action {
	type placed struct {
		a *Action
		i int
	}
	var in []placed
	for i, a := range acts {
		if keep(a) {
			in = append(in, placed{a, i})
		}
	}
	order := func(x, y placed) int {
		if c := coe.ActionOrder(x.a.Due, x.a.COE, x.a.ID, y.a.Due, y.a.COE, y.a.ID); c != 0 {
			return c
		}
		return x.i - y.i
	}
	if !slices.IsSortedFunc(in, order) {
		slices.SortFunc(in, order)
	}
	var out []*Action
	if len(in) > 0 {
		out = make([]*Action, len(in))
	}
	for k, p := range in {
		out[k] = p.a
	}
	return out
}
