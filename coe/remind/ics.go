package remind

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
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
//
// It appends each content line to a buffer it writes in large pieces,
// with no string built a line: coe build rewrites the feed of every open
// action (13 MB at 10,000 COEs) on any change, so its cost is that of the
// bytes (BenchmarkICS10k). What it writes is what the plain way of
// building each line as a string and folding it writes (ics_ref_test.go
// keeps that way; TestICSSameAsRef and FuzzICS compare the two).
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
	stampLine := appendFold(nil, []byte("DTSTAMP:"+stamp))

	iw := &icsWriter{w: w, out: make([]byte, 0, icsFlushAt+4<<10)}
	iw.lit("BEGIN:VCALENDAR")
	iw.lit("VERSION:2.0")
	iw.lit("PRODID:-//coe-cli//coe//EN")
	iw.lit("CALSCALE:GREGORIAN")
	iw.raw = append(iw.raw[:0], name...)
	iw.text("NAME")         // RFC 7986
	iw.text("X-WR-CALNAME") // what most calendars show
	uids := newUIDCounts(len(events))
	for _, a := range events {
		iw.lit("BEGIN:VEVENT")
		iw.raw = appendUID(iw.raw[:0], a, uids)
		iw.text("UID")
		iw.out = append(iw.out, stampLine...)
		iw.ln = appendDate(append(iw.ln[:0], "DTSTART;VALUE=DATE:"...), a.Due)
		iw.endLine()
		// An all-day event ends (exclusively) on the next day; without
		// DTEND it lasts one day anyway (RFC 5545, 3.6.1), which is what
		// a due date of 9999-12-31, whose next day has no YYYYMMDD, gets.
		if next := nextDay(a.Due); next.Year <= 9999 {
			iw.ln = appendDate(append(iw.ln[:0], "DTEND;VALUE=DATE:"...), next)
			iw.endLine()
		}
		id := a.ID
		if id == "" {
			id = "action"
		}
		iw.raw = appendOneLine(append(append(iw.raw[:0], id...), ": "...), a.Action)
		iw.text("SUMMARY")
		iw.url = appendPageURL(iw.url[:0], o.SiteURL, a.File, a.ID)
		iw.raw = appendDescription(iw.raw[:0], a, iw.url)
		iw.text("DESCRIPTION")
		if len(iw.url) > 0 {
			iw.ln = append(append(iw.ln[:0], "URL:"...), iw.url...)
			iw.endLine()
		}
		if p := icsPriority(a.Priority); p != "" {
			iw.lit("PRIORITY:" + p)
		}
		// A due date is a reminder, not a meeting: it blocks no time.
		iw.lit("TRANSP:TRANSPARENT")
		iw.lit("END:VEVENT")
		iw.flush(icsFlushAt)
	}
	iw.lit("END:VCALENDAR")
	if iw.err != nil {
		return 0, iw.err
	}
	_, err := w.Write(iw.out)
	return len(events), err
}

// appendUID appends the action's UID: <coe>.<action>@coe, with the COE's
// file name when it has no id, its position when the action has none, and
// a counter when two actions would share one (two COEs with one id): a
// duplicate UID would make a calendar keep one of the events.
func appendUID(b []byte, a *Action, seen *uidCounts) []byte {
	start := len(b)
	b = appendUIDKey(b, a)
	if n := seen.count(b[start:], a); n > 1 {
		b = strconv.AppendInt(append(b, '.'), int64(n), 10)
	}
	return append(b, "@coe"...)
}

// appendUIDKey appends what a UID's counter counts: <coe>.<action>.
func appendUIDKey(b []byte, a *Action) []byte {
	c := a.COE
	if c == "" {
		c = a.File
	}
	b = append(append(b, c...), '.')
	if a.ID == "" {
		return strconv.AppendInt(append(b, "line"...), int64(a.Line), 10)
	}
	return append(b, a.ID...)
}

// uidCounts counts the events of each UID key (appendUIDKey). Nearly
// every key comes once: a key is looked for by its hash in an
// open-addressed table, one probe an event and no copy of the key, and
// only the keys of a hash that comes again are counted by a map of the
// keys themselves. (A map of every key took a sixth of the feed's time.)
type uidCounts struct {
	seed  maphash.Seed
	hashf func(maphash.Seed, []byte) uint64 // maphash.Bytes; a test's gives every key one of few hashes
	hash  []uint64                          // a key's hash (never 0), or 0 for an empty slot
	first []*Action                         // the first event of the slot's hash, nil once its keys are in same
	same  map[string]int
	key   []byte
}

func newUIDCounts(n int) *uidCounts {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &uidCounts{seed: maphash.MakeSeed(), hashf: maphash.Bytes, hash: make([]uint64, size), first: make([]*Action, size)}
}

// count returns how many events, a included, have had the key.
func (u *uidCounts) count(key []byte, a *Action) int {
	h := u.hashf(u.seed, key) | 1
	mask := uint64(len(u.hash) - 1)
	i := h & mask
	for u.hash[i] != 0 && u.hash[i] != h {
		i = (i + 1) & mask
	}
	if u.hash[i] == 0 {
		u.hash[i], u.first[i] = h, a // no key before had its hash: none was it
		return 1
	}
	// A key had this hash before: the keys of the hash are counted by
	// themselves from now on, starting with the first's.
	if u.same == nil {
		u.same = map[string]int{}
	}
	if f := u.first[i]; f != nil {
		u.key = appendUIDKey(u.key[:0], f)
		u.same[string(u.key)] = 1
		u.first[i] = nil
	}
	n := u.same[string(key)] + 1
	u.same[string(key)] = n
	return n
}

// appendDescription appends the text of an action's DESCRIPTION,
// unescaped: the COE, its title, the action, owner, priority, status,
// tracker and page, a line each.
func appendDescription(b []byte, a *Action, page []byte) []byte {
	b = append(append(b, "COE "...), a.COE...)
	if a.COETitle != "" {
		b = appendOneLine(append(b, ": "...), a.COETitle)
	}
	field := func(name, v string) {
		if v != "" {
			b = appendOneLine(append(append(append(b, '\n'), name...), ": "...), v)
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
	if len(page) > 0 {
		b = append(b, "\nPage: "...)
		if !slices.ContainsFunc(page, func(c byte) bool { return c <= ' ' || c >= utf8.RuneSelf }) {
			b = append(b, page...) // what oneLine keeps as it is
		} else {
			b = append(b, oneLine(string(page))...)
		}
	}
	return b
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

// appendDate appends d as YYYYMMDD, as time.Time's Format("20060102")
// of its midnight writes it (which moves a day past its month's end to
// the next month's).
func appendDate(b []byte, d coe.Date) []byte {
	if !validDate(d) {
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).AppendFormat(b, "20060102")
	}
	y, m := d.Year, int(d.Month)
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		byte('0'+m/10), byte('0'+m%10), byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// validDate reports whether d is a day of the years 0 to 9999.
func validDate(d coe.Date) bool {
	return d.Year >= 0 && d.Year <= 9999 && d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Month, d.Year)
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// nextDay is addDays(d, 1), without a time.Time for a valid date.
func nextDay(d coe.Date) coe.Date {
	switch {
	case !validDate(d):
		return addDays(d, 1)
	case d.Day < daysIn(d.Month, d.Year):
		d.Day++
	case d.Month < time.December:
		d.Month, d.Day = d.Month+1, 1
	default:
		d.Year, d.Month, d.Day = d.Year+1, time.January, 1
	}
	return d
}

// appendPageURL appends PageURL(siteURL, file, id).
func appendPageURL(b []byte, siteURL, file, id string) []byte {
	if siteURL == "" || file == "" {
		return b
	}
	name, stem := coe.SplitID(file)
	b = append(append(b, siteURL...), "/coes/"...)
	if name != "" {
		b = append(append(b, name...), '/')
	}
	plain := true
	for i := 0; i < len(stem) && plain; i++ {
		plain = unreserved(stem[i])
	}
	if plain {
		b = append(b, stem...) // what url.PathEscape leaves as it is
	} else {
		b = append(b, url.PathEscape(stem)...)
	}
	b = append(b, ".html"...)
	if id != "" {
		b = appendFragment(append(b, '#'), id)
	}
	return b
}

// unreserved reports whether r is a letter, digit or -._~ of ASCII, which
// no URL escaping changes.
func unreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// appendFragment appends fragmentEscape(s).
func appendFragment(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		if c := s[i]; unreserved(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

// asciiSpace marks the bytes strings.Fields splits ASCII text at.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// appendOneLine appends oneLine(s): s's words, as strings.Fields finds
// them, one space between each.
func appendOneLine(b []byte, s string) []byte {
	if isOneLine(s) {
		return append(b, s...)
	}
	start, space := len(b), false
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace[s[j]] {
			j++
		}
		if j == i { // a space, or a character beyond ASCII
			n := 1
			if c := s[i]; c >= utf8.RuneSelf {
				var r rune
				r, n = utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(r) {
					j = i + n
				}
			}
			if j == i {
				space = true
				i += n
				continue
			}
		}
		if space && len(b) > start {
			b = append(b, ' ')
		}
		space = false
		b = append(b, s[i:j]...)
		i = j
	}
	return b
}

// isOneLine reports whether s is printable ASCII words with one space
// between each, which oneLine keeps as they are (most text is). It looks
// at 8 bytes at a time.
func isOneLine(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := uint64(0) // 0x80 when the byte before s[i] is a space
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s, i)
		if ((x-lo*0x20)|x)&hi != 0 {
			return false // a byte below 0x20 or beyond ASCII
		}
		v := x ^ lo*' '
		m := ^((v + lo*0x7f) | v) & hi // 0x80 in each space
		if m&(m<<8|prev) != 0 {
			return false // two spaces
		}
		prev = m >> 56
	}
	space := prev != 0
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c > ' ' && c < utf8.RuneSelf:
			space = false
		case c != ' ' || space:
			return false
		default:
			space = true
		}
	}
	return true
}

// lo and hi are the low and high bit of each byte of a uint64, for the
// tests of 8 bytes at a time.
const (
	lo = 0x0101010101010101
	hi = 0x8080808080808080
)

// load64 is s[i:i+8], little-endian.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hasZero reports whether a byte of x is 0.
func hasZero(x uint64) bool { return (x-lo)&^x&hi != 0 }

// icsWriter writes content lines, folded and ended with CRLF: each is
// built in ln (and a TEXT value, unescaped, in raw), then folded onto
// out, which is written to w whenever it holds icsFlushAt bytes.
type icsWriter struct {
	w            io.Writer
	out, ln, raw []byte
	url          []byte // an event's page
	err          error
}

// icsFlushAt is how many bytes of folded lines icsWriter writes at once.
const icsFlushAt = 32 << 10

// lit writes a line of at most 75 octets, as it is.
func (iw *icsWriter) lit(s string) {
	iw.out = append(append(iw.out, s...), '\r', '\n')
}

// text writes a property whose value is TEXT: name, then iw.raw escaped.
func (iw *icsWriter) text(name string) {
	iw.ln = appendText(append(append(iw.ln[:0], name...), ':'), iw.raw)
	iw.endLine()
}

// endLine writes the content line in iw.ln, folded.
func (iw *icsWriter) endLine() {
	iw.out = appendFold(iw.out, iw.ln)
}

// flush writes the lines held once they are n bytes or more.
func (iw *icsWriter) flush(n int) {
	if len(iw.out) < n {
		return
	}
	if iw.err == nil {
		_, iw.err = iw.w.Write(iw.out)
	}
	iw.out = iw.out[:0]
}

// appendFold appends the content line s, folded, and CRLF: a line longer
// than 75 octets is cut into lines of at most 75 octets (the first) and
// 74 after a leading space (the others), each cut before a UTF-8
// character's first byte; where 74 bytes hold none (no UTF-8, but a
// caller's Options.SiteURL may be anything), at the limit: cutting
// before the first byte would cut nothing, forever.
func appendFold(b, s []byte) []byte {
	limit := maxLine
	for len(s) > limit {
		i := limit
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		if i == 0 {
			i = limit
		}
		b = append(append(b, s[:i]...), "\r\n "...)
		s = s[i:]
		limit = maxLine - 1
	}
	return append(append(b, s...), '\r', '\n')
}

// textByte classes the bytes of a TEXT value: textPlain as it is,
// textEscape after a backslash (\n for a line feed), textOther (a
// control but tab and line feed, DEL, anything beyond ASCII) for
// EscapeText's whole way.
const (
	textPlain = iota
	textEscape
	textOther
)

var textByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == '\\' || c == ';' || c == ',' || c == '\n':
			t[c] = textEscape
		case c >= 0x7f || c < 0x20 && c != '\t':
			t[c] = textOther
		}
	}
	return t
}()

// appendText appends EscapeText(s): printable ASCII, tabs and line feeds
// are escaped here (8 bytes at a time while none needs to be); anything
// else takes EscapeText.
func appendText(b, s []byte) []byte {
	start := len(b)
	run := 0 // s[run:i] is plain and not yet appended
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			x := binary.LittleEndian.Uint64(s[i:])
			if ((x-lo*0x20)|x)&hi == 0 && !hasZero(x^lo*'\\') && !hasZero(x^lo*';') && !hasZero(x^lo*',') && !hasZero(x^lo*0x7f) {
				i += 8
				continue
			}
		}
		for end := min(i+8, len(s)); i < end; i++ {
			switch c := s[i]; textByte[c] {
			case textEscape:
				b = append(b, s[run:i]...)
				if c == '\n' {
					c = 'n'
				}
				b = append(b, '\\', c)
				run = i + 1
			case textOther:
				return append(b[:start], EscapeText(string(s))...)
			}
		}
	}
	return append(b, s[run:]...)
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
