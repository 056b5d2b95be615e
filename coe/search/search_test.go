package search

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// fixture is a small repository: keys and COEs.
func fixture() map[string]*coe.COE {
	day := func(d int) time.Time { return time.Date(2025, 1, d, 10, 0, 0, 0, time.UTC) }
	return map[string]*coe.COE{
		"a-title": {ID: "a-title", Title: "Firmware rollout broke speaker groups", Status: "closed", Severity: "sev2",
			Incident:     coe.Incident{StartedAt: day(3)},
			WhatHappened: "Speakers stopped playing together after an update.",
			RootCause:    coe.RootCause{Summary: "The update changed the clock sync."}},
		"b-body": {ID: "b-body", Title: "Groups out of sync", Status: "review", Severity: "sev3",
			Incident: coe.Incident{StartedAt: day(5)},
			WhatHappened: "Long story first. Many words come before the point, so that the snippet has to be cut " +
				"somewhere before it. Then the firmware rollout went out to every speaker at once, and groups broke.",
			Lessons: []string{"Roll out firmware in stages."}},
		"c-tag": {ID: "c-tag", Title: "Checkout errors", Status: "approved", Severity: "sev1",
			Tags: []string{"firmware"}, Services: []string{"payments"},
			Incident:     coe.Incident{StartedAt: day(4)},
			WhatHappened: "The payment page failed for an hour; customers saw errors at checkout."},
		"d-none": {ID: "d-none", Title: "Status page down", Status: "draft", Severity: "sev4",
			WhatHappened: "The status page rolled out a broken build: the rollout of firmware is not the cause."},
	}
}

func fixtureIndex(t testing.TB) (*Index, func(string) (*coe.COE, error)) {
	cs := fixture()
	var docs []Doc
	for _, k := range []string{"a-title", "b-body", "c-tag", "d-none"} {
		d := Terms(k, cs[k])
		// Every Doc goes through the cache's encoding.
		dd, err := DecodeDoc(AppendDoc(nil, &d))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, dd)
	}
	load := func(k string) (*coe.COE, error) {
		if c, ok := cs[k]; ok {
			return c, nil
		}
		return nil, errors.New("no " + k)
	}
	return NewIndex(docs), load
}

func keys(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Key)
	}
	return out
}

func TestTerms(t *testing.T) {
	d := Terms("a-title", fixture()["a-title"])
	if d.Key != "a-title" || d.Date != "2025-01-03" || d.Status != "closed" || d.Severity != "sev2" || d.Time != time.Date(2025, 1, 3, 10, 0, 0, 0, time.UTC).Unix() {
		t.Errorf("doc = %+v", d)
	}
	var got []string
	for i := 0; i < d.Fields[FieldTitle].NumTerms(); i++ {
		term, n := d.Fields[FieldTitle].Term(i)
		got = append(got, fmt.Sprintf("%s:%d", term, n))
	}
	if want := []string{"broke:1", "firmware:1", "group:1", "rollout:1", "speaker:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("title terms = %v, want %v", got, want)
	}
	if n := d.Fields[FieldBody].Count("update"); n != 2 {
		t.Errorf("body count of update = %d, want 2", n)
	}
	if n := d.Fields[FieldBody].Count("firmware"); n != 0 {
		t.Errorf("the title is not in the body: count %d", n)
	}
	c := Terms("c-tag", fixture()["c-tag"])
	if c.Fields[FieldLabels].Count("payment") != 1 || c.Fields[FieldLabels].Count("firmware") != 1 {
		t.Errorf("labels = %q", c.Fields[FieldLabels].words)
	}
	// Without an incident time, the id's date.
	e := Terms("2024-02-03-x", &coe.COE{ID: "2024-02-03-x"})
	if e.Date != "2024-02-03" || e.Title != "2024-02-03-x" {
		t.Errorf("date %q title %q", e.Date, e.Title)
	}
}

func TestRoundTripAndSize(t *testing.T) {
	total := 0
	for i := range 200 {
		d := Terms(fmt.Sprint("k", i), corpus.COE(i))
		b := AppendDoc(nil, &d)
		total += len(b)
		if len(b) > 2048 {
			t.Fatalf("COE %d encodes in %d bytes", i, len(b))
		}
		got, err := DecodeDoc(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Fatalf("COE %d: decoded %+v, want %+v", i, got, d)
		}
		// Every cut is an error, never a panic.
		for n := range len(b) {
			if _, err := DecodeDoc(b[:n]); err == nil {
				t.Fatalf("COE %d cut at %d of %d bytes: no error", i, n, len(b))
			}
		}
	}
	t.Logf("%d bytes a COE on average", total/200)
}

func TestDecodeRejects(t *testing.T) {
	d := Doc{Key: "k"}
	d.Fields[FieldBody].set(map[string]uint32{"alpha": 2, "beta": 1})
	good := AppendDoc(nil, &d)
	// The terms' bytes: "alpha" is written whole, "beta" shares nothing.
	bad := map[string][]byte{
		"version":  append([]byte{9}, good[1:]...),
		"trailing": append(bytes.Clone(good), 0),
		"order":    bytes.Replace(bytes.Clone(good), []byte("alpha"), []byte("gamma"), 1),
		"zero":     append(bytes.Clone(good[:len(good)-1]), 0),
	}
	for name, b := range bad {
		if _, err := DecodeDoc(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := DecodeDoc(good); err != nil {
		t.Fatal(err)
	}
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		in         string
		terms, not string
		phrases    string
		err        string
	}{
		{in: "Firmware rollouts", terms: "firmware rollout"},
		{in: `"root cause of the outage" speakers`, terms: "root cause outage speaker", phrases: "root cause   outage"},
		{in: `a "one" -flaky payments -the`, terms: "one payment", not: "flaky"},
		{in: `"unclosed phrase runs`, terms: "unclosed phrase run", phrases: "unclosed phrase run"},
		{in: `pre-deploy`, terms: "pre deploy"},
		{in: "the of 42", err: "no word to look for"},
		{in: "", err: "no word to look for"},
		{in: `-"a b" c`, err: "one by one"},
		{in: "cache -cache", err: "both looked for and left out"},
		{in: strings.Repeat("word ", 65), err: "expected at most 64"},
	} {
		q, err := ParseQuery(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		var ph []string
		for _, p := range q.Phrases {
			ph = append(ph, strings.Join(p, " "))
		}
		if got := strings.Join(q.Terms, " "); got != tc.terms {
			t.Errorf("%q: terms %q, want %q", tc.in, got, tc.terms)
		}
		if got := strings.Join(q.Not, " "); got != tc.not {
			t.Errorf("%q: not %q, want %q", tc.in, got, tc.not)
		}
		if got := strings.Join(ph, "|"); got != tc.phrases {
			t.Errorf("%q: phrases %q, want %q", tc.in, got, tc.phrases)
		}
	}
}

func search(t *testing.T, query string, o Options) Results {
	t.Helper()
	ix, load := fixtureIndex(t)
	if o.Load == nil {
		o.Load = load
	}
	q, err := ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	return ix.Search(q, o)
}

func TestRanking(t *testing.T) {
	for _, tc := range []struct {
		query string
		o     Options
		want  string
		total int
	}{
		// The title counts more than the body, a label more than the body.
		// A short body weighs more than a long one (d-none's against
		// b-body's).
		{"firmware", Options{}, "a-title c-tag d-none b-body", 4},
		{"firmware -payment", Options{}, "a-title d-none b-body", 3},
		{"firmware rollout", Options{}, "a-title d-none b-body", 3},
		{"firmware", Options{Status: []string{"review", "draft"}}, "d-none b-body", 2},
		{"firmware", Options{Severity: []string{"sev1"}}, "c-tag", 1},
		{"firmware", Options{Limit: 2}, "a-title c-tag", 4},
		{"nothing", Options{}, "", 0},
		// A phrase: "firmware rollout" in that order, in one text; the
		// d-none has both words the other way round, and a word between,
		// which may be another word left out, not none.
		{`"firmware rollout"`, Options{}, "a-title b-body", 2},
		{`"rollout of firmware"`, Options{}, "d-none", 1},
		{`"the rollout for firmware."`, Options{}, "d-none", 1},
		{`"rollout firmware"`, Options{}, "", 0},
		{`"rollout of the firmware"`, Options{}, "", 0},
	} {
		t.Run(tc.query, func(t *testing.T) {
			r := search(t, tc.query, tc.o)
			if got := strings.Join(keys(r.Hits), " "); got != tc.want || r.Total != tc.total {
				t.Errorf("got %q (total %d), want %q (total %d)", got, r.Total, tc.want, tc.total)
			}
		})
	}
}

func TestPhraseStopsAtLimit(t *testing.T) {
	loads := 0
	ix, load := fixtureIndex(t)
	q, _ := ParseQuery(`"firmware rollout"`)
	r := ix.Search(q, Options{Limit: 1, Load: func(k string) (*coe.COE, error) { loads++; return load(k) }})
	if got := keys(r.Hits); !reflect.DeepEqual(got, []string{"a-title"}) || r.Exact || r.Total != 1 {
		t.Errorf("hits %v total %d exact %v", got, r.Total, r.Exact)
	}
	if loads != 1 {
		t.Errorf("%d COEs read, want 1: the first candidate has the phrase", loads)
	}
}

func TestLoadProblems(t *testing.T) {
	ix, _ := fixtureIndex(t)
	q, _ := ParseQuery("firmware")
	r := ix.Search(q, Options{Load: func(k string) (*coe.COE, error) { return nil, errors.New("gone: " + k) }})
	if len(r.Hits) != 4 || len(r.Problems) != 4 || r.Hits[0].Snippet != "" {
		t.Errorf("hits %d problems %d", len(r.Hits), len(r.Problems))
	}
	q, _ = ParseQuery(`"firmware rollout"`)
	r = ix.Search(q, Options{Load: func(k string) (*coe.COE, error) { return nil, errors.New("gone") }})
	if len(r.Hits) != 0 || len(r.Problems) != 3 {
		t.Errorf("a phrase not checked is no match: hits %d problems %d", len(r.Hits), len(r.Problems))
	}
}

// show is a hit's snippet with its marks in brackets.
func show(h Hit) string {
	var b strings.Builder
	marked(&b, h.Snippet, h.Marks, "[", "]")
	return h.Field + ": " + b.String()
}

func TestSnippets(t *testing.T) {
	r := search(t, "firmware rollout", Options{})
	got := map[string]string{}
	for _, h := range r.Hits {
		got[h.Key] = show(h)
	}
	want := map[string]string{
		// The title only when no answer has a word.
		"a-title": "title: [Firmware] [rollout] broke speaker groups",
		// From the sentence's start, the answer's ends marked.
		"b-body": "what_happened: …Then the [firmware] [rollout] went out to every speaker at once, and groups broke.",
		"d-none": "what_happened: The status page rolled out a broken build: the [rollout] of [firmware] is not the cause.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("snippets:\n%q\nwant\n%q", got, want)
	}
	r = search(t, "payments", Options{})
	if len(r.Hits) != 1 || show(r.Hits[0]) != "what_happened: The [payment] page failed for an hour; customers saw errors at checkout." {
		t.Errorf("got %q", show(r.Hits[0]))
	}
}

func TestSnippetCutAndOneLine(t *testing.T) {
	long := strings.Repeat("filler words here\n\n", 30) + "the needle\tis   here " + strings.Repeat("and more after it ", 30)
	m := newMatcher(Query{Terms: []string{"needle"}})
	field, s, marks := m.snippet(&coe.COE{WhatHappened: long})
	if field != "what_happened" || !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") ||
		strings.ContainsAny(s, "\n\t") || strings.Contains(s, "  ") || len(s) > snippetLen+10 {
		t.Errorf("snippet %q", s)
	}
	if len(marks) != 1 || s[marks[0][0]:marks[0][1]] != "needle" {
		t.Errorf("marks %v in %q", marks, s)
	}
}

func TestWriteText(t *testing.T) {
	r := search(t, "firmware rollout", Options{Limit: 2})
	var b bytes.Buffer
	if err := WriteText(&b, r.Hits, false); err != nil {
		t.Fatal(err)
	}
	want := "a-title  (2025-01-03, sev2, closed)\n  «Firmware» «rollout» broke speaker groups\n\n" +
		"d-none  (sev4, draft)\n  Status page down\n  what happened: The status page rolled out a broken build: the «rollout» of «firmware» is not the cause.\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	WriteText(&b, []Hit{{Key: "k\x1b[2J", Title: "t\u202e", Field: "lessons", Snippet: "x\x1by", Marks: [][2]int{{0, 1}, {5, 9}}}}, true)
	if strings.Contains(b.String(), "\x1b[2J") || strings.Contains(b.String(), "\u202e") || !strings.Contains(b.String(), "\x1b[1mx\x1b[22m") {
		t.Errorf("not made printable: %q", b.String())
	}
}

func TestWriteJSON(t *testing.T) {
	r := search(t, "payments", Options{})
	var b bytes.Buffer
	if err := WriteJSON(&b, r.Hits, func(k string) string { return "coes/" + k + ".yaml" }); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"id": "c-tag"`, `"path": "coes/c-tag.yaml"`, `"field": "what_happened"`, `"marks": [`, `"score": `} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("no %s in\n%s", s, b.String())
		}
	}
	b.Reset()
	WriteJSON(&b, nil, nil)
	if b.String() != "[]\n" {
		t.Errorf("no hits: %q", b.String())
	}
}

func TestDeterministicTies(t *testing.T) {
	// Equal scores: newest first, then by key.
	var docs []Doc
	for _, k := range []string{"b", "a", "c"} {
		c := &coe.COE{Title: "same words"}
		if k == "c" {
			c.Incident.StartedAt = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		docs = append(docs, Terms(k, c))
	}
	q, _ := ParseQuery("words")
	r := NewIndex(docs).Search(q, Options{})
	if got := strings.Join(keys(r.Hits), " "); got != "c a b" {
		t.Errorf("got %q", got)
	}
}

// A Doc with empty fields survives its encoding too.
func TestRoundTripEmpty(t *testing.T) {
	for _, c := range []*coe.COE{{}, {Title: "only a title"}, {Tags: []string{"x1"}}} {
		d := Terms("k", c)
		got, err := DecodeDoc(AppendDoc(nil, &d))
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("%+v: decoded %+v (%v)", d, got, err)
		}
	}
}

// TestPlainSnippet: a snippet reads as the rendered Markdown does, without
// the marks of its syntax, and marks the query's words in what it shows.
func TestPlainSnippet(t *testing.T) {
	for in, want := range map[string]string{
		"so did our **status page**, behind the gateway":    "so did our status page, behind the gateway",
		"the `status_page` flag and _the_ page":             "the status_page flag and the page",
		"see [the status page](https://status.example/x)":   "see the status page",
		"# Status\n- page one\n  * page two\n> quoted page": "Status\npage one\n  page two\nquoted page",
		"snake_case_name stays, 2*3 loses its star":         "snake_case_name stays, 23 loses its star",
		"[not a link] (x) and [half](open":                  "[not a link] (x) and [half](open",
		"#hashtag -minus +plus":                             "#hashtag -minus +plus",
	} {
		if got := plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
	c := &coe.COE{Title: "Outage", WhatHappened: "Playback failed, and so did our **status page**, which [the migration](docs/m.md) had moved."}
	q, err := ParseQuery("status page")
	if err != nil {
		t.Fatal(err)
	}
	field, text, marks := newMatcher(q).snippet(c)
	if field != "what_happened" || strings.ContainsAny(text, "*[]()") {
		t.Fatalf("snippet %s: %q", field, text)
	}
	var shown []string
	for _, m := range marks {
		shown = append(shown, text[m[0]:m[1]])
	}
	if !slices.Equal(shown, []string{"status", "page"}) {
		t.Errorf("marked %q in %q, want status and page", shown, text)
	}
}
