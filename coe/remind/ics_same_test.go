package remind

import (
	"bytes"
	"errors"
	"hash/maphash"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// icsPieces are the parts random text is made of: words, separators and
// escapes, every sort of line break and control, multi-byte characters
// (of 2, 3 and 4 bytes, to land on the fold's boundary), invalid UTF-8,
// and Unicode spaces strings.Fields splits at.
var icsPieces = []string{
	"a", "word", "CA-1", "x.y", ".", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\r", "\v", "\f", "\x00", "\x1b", "\x7f",
	",", ";", "\\", ":", "\"", "#", "%", "/", "?", "&", "=", "+", "~", "_", "é", "€", "😀", "支", "\u0085", "\u00a0",
	"\u2028", "\u202e", "\u3000", "\ufeff", "\ufffd", "\xff", "\xe2\x82", "\xc3", "\x80", "\xf0\x9f\x98",
	"line7", "@coe", "https://x.example/a b", strings.Repeat("a", 73), strings.Repeat("b", 74), strings.Repeat("é", 37),
}

// randText is 0 to n pieces of icsPieces, or now and then a long run of
// one of them.
func randText(r *rand.Rand, n int) string {
	var b strings.Builder
	if r.IntN(8) == 0 {
		return strings.Repeat(icsPieces[r.IntN(len(icsPieces))], r.IntN(200))
	}
	for range r.IntN(n + 1) {
		b.WriteString(icsPieces[r.IntN(len(icsPieces))])
	}
	return b.String()
}

// randPlain is printable ASCII words and spaces, the common case the
// new writer takes a short way for.
func randPlain(r *rand.Rand, n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789-_.~,;\\ :/"
	b := make([]byte, r.IntN(n+1))
	for i := range b {
		b[i] = letters[r.IntN(len(letters))]
	}
	return string(b)
}

func randDate(r *rand.Rand) coe.Date {
	switch r.IntN(12) {
	case 0:
		return coe.Date{}
	case 1:
		return coe.Date{Year: 9999, Month: 12, Day: 31}
	case 2:
		return coe.Date{Year: r.IntN(3) * 400, Month: 2, Day: 28 + r.IntN(2)}
	case 3: // not a day: past a month's end, month 0 or 13, years beyond 0-9999
		return coe.Date{Year: r.IntN(20000) - 5000, Month: time.Month(r.IntN(15)), Day: r.IntN(34)}
	}
	return coe.DateOf(time.Date(1990+r.IntN(50), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(366)))
}

// randActions are random actions, hostile or plain, some of them
// sharing COE and id (duplicate UIDs) or due dates.
func randActions(r *rand.Rand) []Action {
	text := randText
	if r.IntN(3) == 0 {
		text = randPlain
	}
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	acts := make([]Action, r.IntN(12))
	for i := range acts {
		a := Action{COE: text(r, 4), COETitle: text(r, 30), File: text(r, 4), Line: r.IntN(100) - 3,
			ID: text(r, 3), Action: text(r, 60), Owner: text(r, 3), Due: randDate(r),
			Priority: pick("", "high", "medium", "low", "urgent"), Status: pick("", "open", "in-progress", "done", "wontfix"),
			Tracker: text(r, 10)}
		switch r.IntN(6) {
		case 0:
			a.COE, a.ID = "c", pick("CA-1", "", "line7", "1.x") // duplicates
		case 1:
			a.COE, a.ID = pick("c.CA-1", "c", ""), pick("", "1", "CA-1")
		case 2:
			a.File = pick("src/stem", "stem", "a b", "stem.2", "x/y/z")
		case 3:
			a.COE = text(r, 3) + "\r" // a CR before the description's next line break
			a.COETitle = ""
		}
		if i > 0 && r.IntN(4) == 0 {
			a.Due = acts[i-1].Due
		}
		acts[i] = a
	}
	return acts
}

func randOptions(r *rand.Rand) Options {
	o := Options{AsOf: randDate(r), Name: []string{"", "COEs · corrective actions", randText(r, 20)}[r.IntN(3)]}
	switch r.IntN(4) {
	case 0:
		o.SiteURL = "https://coes.example"
	case 1:
		o.SiteURL = "https://coes.example/with/a/longer/path/that/takes/most/of/the/first/line"
	case 2:
		o.SiteURL = randText(r, 4) // never by ParseSiteURL, but the writer takes it
	}
	return o
}

// sameICS fails unless ICSOf writes what refICSOf writes for acts and o.
func sameICS(t testing.TB, acts []Action, o Options) {
	t.Helper()
	var got, want bytes.Buffer
	gn, gerr := ICS(&got, acts, o)
	wn, werr := refICSOf(&want, Refs(acts), o)
	if gn != wn || (gerr == nil) != (werr == nil) {
		t.Fatalf("ICS = %d, %v; the old way %d, %v", gn, gerr, wn, werr)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("ICS of %+v, %+v differs from the old way's:\n%s", acts, o, diffAt(want.String(), got.String()))
	}
}

// diffAt shows where two texts part.
func diffAt(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-80)
	return "at byte " + strconv.Itoa(i) + ":\nwant …" + strings.ToValidUTF8(want[from:min(len(want), i+80)], "?") +
		"\n got …" + strings.ToValidUTF8(got[from:min(len(got), i+80)], "?")
}

// TestICSSameAsRef: the append-based writer gives the bytes of the plain
// way it replaced (ics_ref_test.go), whatever the actions hold.
func TestICSSameAsRef(t *testing.T) {
	sameICS(t, sample(t), Options{AsOf: date(t, "2026-11-23"), SiteURL: "https://coes.example"})
	sameICS(t, sample(t), Options{})
	sameICS(t, nil, Options{})
	sameICS(t, benchActions(200), Options{AsOf: date(t, "2026-11-23"), SiteURL: "https://coes.example"})
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		sameICS(t, randActions(r), randOptions(r))
	}
}

// TestICSFoldBoundary: a value whose multi-byte character straddles the
// 75th (or a later line's 74th) octet, at every offset.
func TestICSFoldBoundary(t *testing.T) {
	d := coe.Date{Year: 2026, Month: 11, Day: 30}
	for _, ch := range []string{"é", "€", "😀", "\xff", ",", "\n", "\r\n", "\x1b"} {
		for pad := range 160 {
			s := strings.Repeat("a", pad) + strings.Repeat(ch, 5) + strings.Repeat("b", pad%7)
			acts := []Action{{COE: "c", COETitle: s, ID: s, Action: s, Owner: s, Tracker: s, Due: d, File: "f"}}
			sameICS(t, acts, Options{AsOf: d, Name: s, SiteURL: "https://s.example"})
		}
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// A failing writer fails ICS, wherever it fails.
func TestICSWriteError(t *testing.T) {
	acts := benchActions(100)
	for _, n := range []int{0, 100, 5000, 40000, 70000} {
		if got, err := ICS(&failWriter{n: n}, acts, Options{}); err == nil {
			t.Errorf("ICS to a writer failing after %d bytes = %d, nil; want an error", n, got)
		}
	}
}

// TestPickStable: pick orders the actions as the stable sort it replaced
// does, ties (one due date, COE and id) in their order in acts.
func TestPickStable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	keep := func(a *Action) bool { return a.Status != "done" || a.Due.IsZero() }
	for range 300 {
		var acts []Action
		for range 1 + r.IntN(30) { // more than insertion sort's 12
			acts = append(acts, randActions(r)...)
		}
		ids := []string{"CA-1", "CA-01", "CA-2", "CA-10", "CA-", "CA-123456789", "CA-1234567890", "CA-x", "CA-\u0661", "ca-1", "", "X"}
		odd := []coe.Date{{}, {Year: 2026, Month: 1, Day: 1}, {Year: 2026, Month: 1, Day: 2}, {Year: -3, Month: 14, Day: 40}, {Year: 2026, Month: 0, Day: 9}}
		for i := range acts {
			switch r.IntN(3) {
			case 0:
				acts[i].COE, acts[i].ID, acts[i].Due = "c", ids[r.IntN(3)], odd[1+r.IntN(2)]
			case 1:
				acts[i].COE, acts[i].ID, acts[i].Due = []string{"c", "d"}[r.IntN(2)], ids[r.IntN(len(ids))], odd[r.IntN(len(odd))]
			}
		}
		if len(acts) > 0 && r.IntN(10) == 0 { // beyond the packed key: ActionOrder itself
			acts[r.IntN(len(acts))].Due = coe.Date{Year: 1 << 40, Month: 1, Day: 1}
		}
		refs := Refs(acts)
		got, want := pick(refs, keep), refPick(refs, keep)
		if len(got) != len(want) {
			t.Fatalf("pick kept %d actions; want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("pick's %d-th action is %+v; want %+v", i, *got[i], *want[i])
			}
		}
	}
}

// TestUIDCountsCollide: keys that share a hash are still counted by
// themselves, whichever came first.
func TestUIDCountsCollide(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, buckets := range []uint64{1, 2, 3, 64} {
		u := newUIDCounts(300)
		u.hashf = func(_ maphash.Seed, b []byte) uint64 { return maphash.Bytes(u.seed, b) % buckets * 2 }
		want := map[string]int{}
		for range 300 {
			a := &Action{COE: []string{"a", "b", "a.b", "", "c"}[r.IntN(5)], File: "f", ID: []string{"", "b", "b.c", "line3", "1"}[r.IntN(5)], Line: r.IntN(4)}
			key := string(appendUIDKey(nil, a))
			want[key]++
			if got := u.count([]byte(key), a); got != want[key] {
				t.Fatalf("%d hashes: count of %q = %d; want %d", buckets, key, got, want[key])
			}
		}
	}
}
