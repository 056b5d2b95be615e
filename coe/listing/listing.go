// Package listing is what `coe list` shows of a COE: one row, made from
// the parsed COE or from the warm index, where each row is a few hundred
// bytes kept in a table of its own (Kind), so that listing 100,000 COEs
// reads 20 MB of rows instead of every file or every whole summary.
package listing

import (
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
)

// Row is one row of `coe list`, and the JSON object of --json (the field
// order is the JSON's).
type Row struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Status      string   `json:"status"`
	Severity    string   `json:"severity"`
	StartedAt   *string  `json:"started_at"`
	Path        string   `json:"path"`
	OpenActions int      `json:"open_actions"`
	Actions     int      `json:"actions"`
	Tags        []string `json:"tags"`
	Services    []string `json:"services"`
	Authors     []string `json:"authors"`
	Reviewers   []string `json:"reviewers"`
	ApprovedBy  string   `json:"approved_by"`
	ApprovedAt  *string  `json:"approved_at"`

	// Date is the incident's date, or the id's date, or empty.
	Date string `json:"-"`
	// Sort is when the incident started (or the id's date): rows are
	// listed newest first.
	Sort time.Time `json:"-"`
}

// Of is the row of c, whose file is named path in messages.
func Of(c *coe.COE, path string) Row {
	it := Row{
		ID: c.ID, Title: c.Title, Status: c.Status, Severity: c.Severity, Path: path,
		OpenActions: c.OpenActions(), Actions: len(c.CorrectiveActions),
		Tags: orEmpty(c.Tags), Services: orEmpty(c.Services), Authors: orEmpty(c.Authors),
		Reviewers: orEmpty(c.Reviewers), ApprovedBy: c.ApprovedBy,
	}
	if !c.ApprovedAt.IsZero() {
		s := coe.FormatTime(c.ApprovedAt)
		it.ApprovedAt = &s
	}
	if t := c.Incident.StartedAt; !t.IsZero() {
		s := coe.FormatTime(t)
		it.StartedAt = &s
		it.Date, it.Sort = coe.DateOf(t).String(), t
	} else if len(c.ID) >= 10 {
		if d, err := time.Parse(coe.DateLayout, c.ID[:10]); err == nil {
			it.Date, it.Sort = c.ID[:10], d
		}
	}
	return it
}

// orEmpty is s, or an empty list for nil: JSON's [] rather than null.
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Before says whether a is listed before b: newest first, then by id from
// the last.
func Before(a, b *Row) bool {
	if !a.Sort.Equal(b.Sort) {
		return a.Sort.After(b.Sort)
	}
	return a.ID > b.ID
}

// version changes with the encoding of a row, and with it the table.
const version = 1

// maxList caps a decoded list, as the cache's summaries do.
const maxList = 1 << 20

// Append appends the encoding of a row, all but its path (the table knows
// each entry's file).
func Append(b []byte, it *Row) []byte {
	e := cache.Enc{B: b}
	e.String(it.ID)
	e.String(it.Title)
	e.String(it.Status)
	e.String(it.Severity)
	optional(&e, it.StartedAt)
	e.Uint(uint64(it.OpenActions))
	e.Uint(uint64(it.Actions))
	e.Strings(it.Tags)
	e.Strings(it.Services)
	e.Strings(it.Authors)
	e.Strings(it.Reviewers)
	e.String(it.ApprovedBy)
	optional(&e, it.ApprovedAt)
	e.String(it.Date)
	e.Int(it.Sort.Unix())
	e.Uint(uint64(it.Sort.Nanosecond()))
	return e.B
}

func optional(e *cache.Enc, s *string) {
	e.Bool(s != nil)
	if s != nil {
		e.String(*s)
	}
}

// Decode reads what Append wrote, with path as the row's path; any other
// bytes give an error, never a panic. With share, the row's strings share
// b's memory (cache.Dec.Share): b must then never be written again.
func Decode(b []byte, path string, share bool) (Row, error) {
	d := cache.Dec{B: b, Share: share}
	it := Row{Path: path}
	it.ID, it.Title, it.Status, it.Severity = d.String(), d.String(), d.String(), d.String()
	it.StartedAt = readOptional(&d)
	it.OpenActions, it.Actions = count(&d), count(&d)
	it.Tags, it.Services, it.Authors, it.Reviewers = list(&d), list(&d), list(&d), list(&d)
	it.ApprovedBy = d.String()
	it.ApprovedAt = readOptional(&d)
	it.Date = d.String()
	var err error
	if it.Sort, err = readEnd(&d, it.OpenActions, it.Actions); err != nil {
		return Row{}, err
	}
	return it, nil
}

// readEnd reads a row's sort time, its last field, and checks that the
// row ends there and holds no more open actions than actions.
func readEnd(d *cache.Dec, open, actions int) (time.Time, error) {
	sec, nsec := d.Int(), d.Uint()
	if d.Err == nil && (len(d.B) != 0 || nsec >= 1e9 || open > actions) {
		d.Err = errCorrupt
	}
	if d.Err != nil {
		return time.Time{}, d.Err
	}
	if sec == zeroSec && nsec == 0 {
		return time.Time{}, nil
	}
	return time.Unix(sec, int64(nsec)).UTC(), nil
}

// zeroSec is the Unix time of the zero time.Time, which Append writes for
// a row with no date.
var zeroSec = time.Time{}.Unix()

var errCorrupt = &corruptError{}

type corruptError struct{}

func (*corruptError) Error() string { return "corrupt list entry" }

// count reads a number of actions, at most maxList.
func count(d *cache.Dec) int {
	u := d.Uint()
	if u > maxList {
		d.Err = errCorrupt
		return 0
	}
	return int(u)
}

func readOptional(d *cache.Dec) *string {
	if !d.Bool() {
		return nil
	}
	s := d.String()
	return &s
}

// list reads a list, never nil (Append wrote orEmpty's lists).
func list(d *cache.Dec) []string {
	if s := d.Strings(); s != nil {
		return s
	}
	return []string{}
}

// Kind is the warm index's table of rows.
var Kind = cache.Kind{Name: "list", Version: version, Make: func(doc *coe.Document) []byte {
	it := Of(&doc.COE, "")
	return Append(nil, &it)
}}

// Brief is what a row shows in `coe list`'s table, and what it is sorted
// and filtered by.
type Brief struct {
	ID, Title, Status, Severity string
	OpenActions                 int
	// Date is the row's date (empty when none); Sort is its time.
	Date string
	Sort time.Time
	// Tagged says the row has one of the tags asked for (false when none
	// is).
	Tagged bool
}

// DecodeBrief reads the brief of a row Append wrote, its strings sharing
// b's memory, with no list decoded: tags says which tags make it Tagged.
// Bytes that are not a row give an error, never a panic.
func DecodeBrief(b []byte, tags []string) (Brief, error) {
	d := cache.Dec{B: b, Share: true}
	var br Brief
	br.ID, br.Title, br.Status, br.Severity = d.String(), d.String(), d.String(), d.String()
	skipOptional(&d)
	br.OpenActions = count(&d)
	actions := count(&d)
	for n := range 4 { // tags, services, authors, reviewers
		k, _ := d.Count()
		for range k {
			s := d.String()
			if n == 0 && !br.Tagged && contains(tags, s) {
				br.Tagged = true
			}
		}
	}
	_ = d.String() // approved_by
	skipOptional(&d)
	br.Date = d.String()
	var err error
	if br.Sort, err = readEnd(&d, br.OpenActions, actions); err != nil {
		return Brief{}, err
	}
	return br, nil
}

// Match says whether the row passes the filters of `coe list`: any of
// statuses, any of severities, any of tags (each ignored when empty;
// DecodeBrief's tags the same as tags here).
func (br *Brief) Match(statuses, severities, tags []string) bool {
	if len(statuses) > 0 && !contains(statuses, br.Status) {
		return false
	}
	if len(severities) > 0 && !contains(severities, br.Severity) {
		return false
	}
	return len(tags) == 0 || br.Tagged
}

func skipOptional(d *cache.Dec) {
	if d.Bool() {
		_ = d.String()
	}
}

// ID is the id of a row Append wrote, sharing b's memory ("" for bytes
// that are not a row): a cheap look for sorting rows of one time.
func ID(b []byte) string {
	d := cache.Dec{B: b, Share: true}
	id := d.String()
	if d.Err != nil {
		return ""
	}
	return id
}
