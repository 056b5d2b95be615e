package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/remind"
	"github.com/spf13/pflag"
)

// actionsFormat holds coe actions' --format, --due-within and --site-url:
// the reminders (coe/remind) beside the table and JSON.
type actionsFormat struct {
	format    string // as given; check leaves "" for the table and JSON
	dueWithin string
	siteURL   string

	within int // days; -1 when --due-within is not given
}

// actionsFormats are the values of --format.
var actionsFormats = []string{"table", "json", "markdown", "ics", "csv"}

const actionsFormatHelp = `--format markdown writes a digest to paste into chat, an issue or an
e-mail: the open actions that are overdue or due within --due-within
(default 7d), grouped by owner, owners with overdue actions first; in each,
the most late first, then the soonest due. Each action shows its id, text
(one line), due date, how late or how soon, its COE's id and title, and
tracker. Text from the COEs is escaped, so a title cannot add a link, an
image or HTML. Nothing is written when nothing is due (a note says so on
stderr), so a script can skip an empty digest.

--format ics writes an iCalendar feed (RFC 5545) for owners to subscribe
to: an all-day event on the due date of each open action that has one,
with a UID that stays the same from one run to the next; with --site-url
the event links to the action on its COE's page. coe build writes the same
feed as actions.ics in the site.

--format csv writes a header row and one row an action (coe, coe_title,
coe_status, id, action, owner, due, priority, status, done_at,
overdue_days, tracker, path, line) for spreadsheets and tracker imports. A
cell that starts with =, +, -, @ or a tab gets a leading apostrophe, so a
spreadsheet does not run it as a formula (as OWASP recommends); control
characters other than tab and line break show as ^X.

--due-within DURATION keeps, in every format, the actions due within that
long of today (or --as-of), overdue ones included: days or weeks, like
14d, 2w, 1w3d or 72h.`

func (f *actionsFormat) addFlags(fl *pflag.FlagSet) {
	fl.StringVar(&f.format, "format", "", "output `FORMAT`: table, json, markdown (a digest by owner), ics (iCalendar) or csv (default table; --json is --format json)")
	fl.StringVar(&f.dueWithin, "due-within", "", "only actions overdue or due within `DURATION` (like 14d, 2w or 72h; --format markdown: default 7d)")
	fl.StringVar(&f.siteURL, "site-url", "", "link actions to their COE's page on the site published at `URL` (markdown and ics)")
}

// check validates the flags, before anything is read, and turns --format
// table and json into what coe actions did before --format: o.json.
func (f *actionsFormat) check(o *actionsOptions) error {
	f.within = -1
	switch {
	case f.format == "":
	case !slices.Contains(actionsFormats, f.format):
		return usagef("--format %q: expected one of %s", f.format, strings.Join(actionsFormats, ", "))
	case o.json && f.format != "json":
		return usagef("--json and --format %s disagree: --json is --format json; give one", f.format)
	}
	if f.format == "json" {
		o.json = true
	}
	if f.format == "json" || f.format == "table" {
		f.format = ""
	}
	if f.dueWithin != "" {
		days, err := remind.ParseWithin(f.dueWithin)
		if err != nil {
			return usagef("--due-within: %v", err)
		}
		f.within = days
	}
	if f.siteURL != "" {
		if f.format != "markdown" && f.format != "ics" {
			return usagef("--site-url is for --format markdown and ics, whose links must be absolute")
		}
		u, err := remind.ParseSiteURL(f.siteURL)
		if err != nil {
			return usagef("--site-url: %v", err)
		}
		f.siteURL = u
	}
	if f.format == "markdown" || f.format == "ics" {
		for _, s := range o.status {
			if s != coe.ActionOpen && s != coe.ActionInProgress {
				return usagef("--status %q: --format %s lists what is still to do; --status may be open or in-progress", s, f.format)
			}
		}
	}
	return nil
}

// write writes the actions in --format markdown, ics or csv.
func (f *actionsFormat) write(ios *Streams, acts []*remind.Action, asOf coe.Date) error {
	o := remind.Options{AsOf: asOf, Within: f.within, SiteURL: f.siteURL}
	switch f.format {
	case "markdown":
		if o.Within < 0 {
			o.Within = remind.DefaultWithin
		}
		n, err := remind.DigestOf(ios.Out, acts, o)
		if err == nil && n == 0 {
			fmt.Fprintf(ios.ErrOut, "Nothing overdue or due within %s as of %s.\n", plural(o.Within, "day"), asOf)
		}
		return err
	case "ics":
		_, err := remind.ICSOf(ios.Out, acts, o)
		return err
	default:
		return remind.CSVOf(ios.Out, acts, o)
	}
}
