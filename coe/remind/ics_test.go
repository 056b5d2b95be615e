package remind

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/arran4/golang-ical"
	"github.com/coe-cli/coe/coe"
)

func TestICSGolden(t *testing.T) {
	var b bytes.Buffer
	n, err := ICS(&b, sample(t), Options{AsOf: date(t, "2026-11-23"), SiteURL: "https://coes.example"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 {
		t.Errorf("ICS wrote %d events; want 6 (the open actions with a due date)", n)
	}
	golden(t, "actions.ics.golden", b.Bytes())
}

// checkICS validates a feed as RFC 5545 asks and parses it with a real
// iCalendar parser (github.com/arran4/golang-ical): every line ends in
// CRLF and holds at most 75 octets, folds never split a UTF-8 character,
// every content line is name[;params]:value with no control character but
// a tab, TEXT values escape their commas and semicolons, and every event
// has UID, DTSTAMP and DTSTART. It returns the parsed calendar.
func checkICS(t testing.TB, data []byte) *ical.Calendar {
	t.Helper()
	s := string(data)
	if !utf8.ValidString(s) {
		t.Fatalf("the feed is not UTF-8")
	}
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("the feed does not end in CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var unfolded []string
	for i, l := range lines {
		if len(l) > maxLine {
			t.Fatalf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if !utf8.ValidString(l) {
			t.Fatalf("line %d splits a UTF-8 character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			if i == 0 {
				t.Fatalf("the feed starts with a continuation line")
			}
			unfolded[len(unfolded)-1] += l[1:]
			continue
		}
		unfolded = append(unfolded, l)
	}
	events := 0
	var have map[string]bool
	for _, l := range unfolded {
		colon := strings.IndexByte(l, ':')
		if colon <= 0 {
			t.Fatalf("content line without a name and value: %q", l)
		}
		name, _, _ := strings.Cut(l[:colon], ";")
		value := l[colon+1:]
		for _, r := range name {
			if !(r >= 'A' && r <= 'Z' || r == '-') {
				t.Fatalf("bad property name %q in %q", name, l)
			}
		}
		for _, r := range value {
			if r < 0x20 && r != '\t' || r == 0x7f {
				t.Fatalf("control character %U in %q", r, l)
			}
		}
		switch name {
		case "SUMMARY", "DESCRIPTION", "UID", "NAME", "X-WR-CALNAME":
			checkTextValue(t, value)
		case "BEGIN":
			if value == "VEVENT" {
				events++
				have = map[string]bool{}
			}
		case "END":
			if value == "VEVENT" {
				for _, p := range []string{"UID", "DTSTAMP", "DTSTART"} {
					if !have[p] {
						t.Fatalf("event %d has no %s", events, p)
					}
				}
				have = nil
			}
		}
		if have != nil {
			if have[name] {
				t.Fatalf("event %d has two %s", events, name)
			}
			have[name] = true
		}
	}

	cal, err := ical.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("golang-ical: %v\n%s", err, data)
	}
	if got := len(cal.Events()); got != events {
		t.Fatalf("golang-ical finds %d events; want %d", got, events)
	}
	props := map[ical.Property]string{}
	for _, p := range cal.CalendarProperties {
		props[ical.Property(p.IANAToken)] = p.Value
	}
	if props[ical.PropertyVersion] != "2.0" || props[ical.PropertyProductId] == "" {
		t.Fatalf("calendar properties %v; want VERSION:2.0 and a PRODID", props)
	}
	uids := map[string]bool{}
	for i, e := range cal.Events() {
		for _, p := range []ical.ComponentProperty{ical.ComponentPropertyUniqueId, ical.ComponentPropertyDtstamp, ical.ComponentPropertyDtStart} {
			if e.GetProperty(p) == nil {
				t.Fatalf("golang-ical: event %d has no %s", i, p)
			}
		}
		uid := uidOf(e)
		if uids[uid] {
			t.Fatalf("two events have UID %q", uid)
		}
		uids[uid] = true
		start, err := e.GetAllDayStartAt()
		if err != nil {
			t.Fatalf("event %s: DTSTART: %v", uid, err)
		}
		if p := e.GetProperty(ical.ComponentPropertyDtEnd); p != nil {
			end, err := e.GetAllDayEndAt()
			if err != nil || !end.Equal(start.AddDate(0, 0, 1)) {
				t.Fatalf("event %s ends %v (%v); want the day after %v", uid, end, err, start)
			}
		}
		if _, err := e.GetDtStampTime(); err != nil {
			t.Fatalf("event %s: DTSTAMP: %v", uid, err)
		}
	}
	return cal
}

// checkTextValue fails unless v is a TEXT value as RFC 5545 writes one: no
// unescaped comma or semicolon, every backslash starting an escape.
func checkTextValue(t testing.TB, v string) {
	t.Helper()
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ',', ';':
			t.Fatalf("unescaped %q in TEXT value %q", v[i], v)
		case '\\':
			if i+1 == len(v) || !strings.ContainsRune(`\;,nN`, rune(v[i+1])) {
				t.Fatalf("bad escape at %d in TEXT value %q", i, v)
			}
			i++
		}
	}
}

func TestICSParses(t *testing.T) {
	asOf := date(t, "2026-11-23")
	var b bytes.Buffer
	if _, err := ICS(&b, sample(t), Options{AsOf: asOf, SiteURL: "https://coes.example"}); err != nil {
		t.Fatal(err)
	}
	cal := checkICS(t, b.Bytes())
	events := map[string]*ical.VEvent{}
	for _, e := range cal.Events() {
		events[uidOf(e)] = e
	}
	// Hostile text comes back as written: commas, semicolons, backslashes,
	// line breaks, long multi-byte text folded.
	acts := sample(t)
	for _, i := range []int{2, 4, 7} {
		a := acts[i]
		e := events[a.COE+"."+a.ID+"@coe"]
		if e == nil {
			t.Fatalf("no event %s.%s@coe in %v", a.COE, a.ID, events)
		}
		if got, want := e.GetProperty(ical.ComponentPropertySummary).Value, a.ID+": "+coe.ShowControls(oneLine(a.Action), true); got != want {
			t.Errorf("SUMMARY = %q; want %q", got, want)
		}
		desc := e.GetProperty(ical.ComponentPropertyDescription).Value
		if want := "COE " + a.COE + ": " + oneLine(a.COETitle) + "\n"; !strings.HasPrefix(desc, want) {
			t.Errorf("DESCRIPTION = %q; want it to start with %q", desc, want)
		}
		page := PageURL("https://coes.example", a.File, a.ID)
		if !strings.HasSuffix(desc, "\nPage: "+page) {
			t.Errorf("DESCRIPTION = %q; want it to end with the page %s", desc, page)
		}
		if got := e.GetProperty(ical.ComponentPropertyUrl).Value; got != page {
			t.Errorf("URL = %q; want %q", got, page)
		}
		start, _ := e.GetAllDayStartAt()
		if coe.DateOf(start) != a.Due {
			t.Errorf("DTSTART %v; want %v", start, a.Due)
		}
		if st, _ := e.GetDtStampTime(); !st.Equal(time.Date(asOf.Year, asOf.Month, asOf.Day, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("DTSTAMP %v; want the as-of day's midnight", st)
		}
	}
	for _, a := range acts {
		_, listed := events[a.COE+"."+a.ID+"@coe"]
		if want := a.Open() && !a.Due.IsZero(); listed != want {
			t.Errorf("%s %s (status %q, due %v) listed: %v; want %v", a.COE, a.ID, a.Status, a.Due, listed, want)
		}
	}
}

// TestICSDeterministic: the same actions on the same day give the same
// bytes, in any order.
func TestICSDeterministic(t *testing.T) {
	acts := sample(t)
	var a, b bytes.Buffer
	o := Options{AsOf: date(t, "2026-11-23")}
	if _, err := ICS(&a, acts, o); err != nil {
		t.Fatal(err)
	}
	rev := make([]Action, len(acts))
	for i := range acts {
		rev[len(acts)-1-i] = acts[i]
	}
	if _, err := ICS(&b, rev, o); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("the feed depends on the order of the actions")
	}
	if strings.Contains(a.String(), "URL:") || strings.Contains(a.String(), "Page: ") {
		t.Errorf("without a site URL, the feed links somewhere:\n%s", a.String())
	}
}

func TestICSUIDs(t *testing.T) {
	d := date(t, "2026-12-01")
	acts := []Action{
		{COE: "x", ID: "CA-1", Due: d},
		{COE: "x", ID: "CA-1", Due: d}, // two COEs with one id
		{File: "stem", ID: "CA-2", Due: d, Line: 3},
		{COE: "y", Due: d, Line: 7},
		{COE: "z,;\\", ID: "CA-1", Due: date(t, "9999-12-31")},
	}
	var b bytes.Buffer
	if _, err := ICS(&b, acts, Options{AsOf: d}); err != nil {
		t.Fatal(err)
	}
	cal := checkICS(t, b.Bytes())
	var got []string
	for _, e := range cal.Events() {
		got = append(got, uidOf(e))
	}
	want := "stem.CA-2@coe x.CA-1@coe x.CA-1.2@coe y.line7@coe z,;\\.CA-1@coe"
	if strings.Join(got, " ") != want {
		t.Errorf("UIDs %q; want %q", strings.Join(got, " "), want)
	}
	if strings.Contains(b.String(), "DTEND;VALUE=DATE:10000") {
		t.Errorf("a DTEND past year 9999")
	}
}

func TestFold(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("a", 75), strings.Repeat("a", 76), strings.Repeat("a", 200),
		strings.Repeat("é", 100), "x" + strings.Repeat("€", 60), strings.Repeat("😀", 40), "SUMMARY:" + strings.Repeat("a,", 80),
		"URL:" + strings.Repeat("\x80", 200), // no UTF-8: cut at the limit, not looped on forever
	} {
		out := string(appendFold(nil, []byte(s)))
		for l := range strings.Lines(out) {
			if !strings.HasSuffix(l, "\r\n") || len(l)-2 > maxLine || !utf8.ValidString(l) && utf8.ValidString(s) {
				t.Errorf("fold of %d octets: bad line %q", len(s), l)
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != s {
			t.Errorf("fold does not unfold to its input: %q", got)
		}
		if len(s) <= maxLine && out != s+"\r\n" {
			t.Errorf("a line of %d octets was folded: %q", len(s), out)
		}
	}
}

func TestEscapeText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a, b; c\\d", `a\, b\; c\\d`},
		{"one\ntwo\r\nthree\rfour", `one\ntwo\nthree\nfour`},
		{"tab\tesc\x1b", "tab\tesc^["},
		{"bad \xff byte", "bad \uFFFD byte"},
	} {
		if got := EscapeText(tc.in); got != tc.want {
			t.Errorf("EscapeText(%q) = %q; want %q", tc.in, got, tc.want)
		}
		if got, want := ical.FromText(EscapeText(tc.in)), coe.ShowControls(strings.ReplaceAll(strings.ReplaceAll(tc.in, "\r\n", "\n"), "\r", "\n"), true); got != want {
			t.Errorf("golang-ical reads EscapeText(%q) as %q; want %q", tc.in, got, want)
		}
	}
}

// uidOf is an event's UID as the parser reads the property. (golang-ical's
// VEvent.Id unescapes the value a second time: "c.\\," comes back as
// "c.,"; the fuzz target found it.)
func uidOf(e *ical.VEvent) string {
	return e.GetProperty(ical.ComponentPropertyUniqueId).Value
}

// TestEscapeTextPlain holds EscapeText's way for printable ASCII to the
// whole way's result, for every byte among plain text.
func TestEscapeTextPlain(t *testing.T) {
	whole := func(s string) string {
		s = coe.ShowControls(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), true)
		return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
	}
	for c := range 256 {
		for _, s := range []string{string(rune(c)), "plain text " + string([]byte{byte(c)}) + " more, text", string([]byte{byte(c)}) + "\n\t"} {
			if got, want := EscapeText(s), whole(s); got != want {
				t.Errorf("EscapeText(%q) = %q; want %q", s, got, want)
			}
		}
	}
	if s := "Plain words and digits 0-9 (ok)."; EscapeText(s) != s {
		t.Errorf("EscapeText(%q) changed it", s)
	}
}
