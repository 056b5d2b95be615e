package search

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// FuzzDecodeDoc: any bytes decode to a Doc or an error, never a panic;
// a Doc decoded encodes to the same bytes, searches without panic, and
// is found, as it was decoded, by a word it has.
func FuzzDecodeDoc(f *testing.F) {
	for i := range 3 {
		d := Terms(fmt.Sprint("k", i), corpus.COE(i))
		f.Add(AppendDoc(nil, &d))
	}
	for _, c := range fixture() {
		d := Terms(c.ID, c)
		f.Add(AppendDoc(nil, &d))
	}
	f.Add([]byte{docVersion})
	f.Add([]byte{docVersion, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := DecodeDoc(b)
		ds, errShared := DecodeDocShared(append([]byte(nil), b...))
		if (err == nil) != (errShared == nil) || err == nil && !reflect.DeepEqual(d, ds) {
			t.Fatalf("shared: %v, %+v; copied: %v, %+v", errShared, ds, err, d)
		}
		key, title, ok := DocHead(b)
		if err != nil {
			return
		}
		if !ok || key != d.Key || title != d.Title {
			t.Fatalf("DocHead: %q, %q, %v; the Doc's %q, %q", key, title, ok, d.Key, d.Title)
		}
		again := AppendDoc(nil, &d)
		d2, err := DecodeDoc(again)
		if err != nil || !reflect.DeepEqual(d, d2) {
			t.Fatalf("re-encoded: %v, %+v != %+v", err, d2, d)
		}
		for k := range d.Fields {
			for i := 0; i < d.Fields[k].NumTerms(); i++ {
				term, n := d.Fields[k].Term(i)
				if d.Fields[k].Count(term) != n {
					t.Fatalf("Count(%q) = %d, want %d", term, d.Fields[k].Count(term), n)
				}
			}
		}
		q, _ := ParseQuery("firmware rollout")
		NewIndex([]Doc{d}).Search(q, Options{})
		// Searched for one of its terms, the Doc is the one hit, its
		// strings as decoded.
		for k := range d.Fields {
			if d.Fields[k].NumTerms() == 0 {
				continue
			}
			term, _ := d.Fields[k].Term(0)
			r := NewIndex([]Doc{d}).Search(Query{Terms: []string{term}}, Options{})
			want := Hit{Key: d.Key, Title: d.Title, Status: d.Status, Severity: d.Severity, Date: d.Date}
			if len(r.Hits) != 1 || !reflect.DeepEqual(func(h Hit) Hit { h.Score = 0; return h }(r.Hits[0]), want) {
				t.Fatalf("searched for %q: %+v, want %+v", term, r.Hits, want)
			}
			break
		}
	})
}

// FuzzSearch: any query parses or is an error; any query that parses
// searches any COE text without panic, its snippets' marks inside the
// snippet, in order, each around the text of a word looked for.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"firmware", `"firmware rollout" -payments`, `"`, `-`, `-"x"`, `""""`, "a -", "-- --x",
		"\x00\xff\u202e", "don't customer's", strings.Repeat("x", 100), "https://a.example/x y",
	} {
		f.Add(s, "The firmware rollout broke speaker groups; customers' phones were blamed.")
	}
	f.Add("needle", "hay\n\nneedle\tneedle https://needle.example/needle needle’s")
	f.Add("status page", "so did our **status page**, [the page](docs/x.md) _page_ `page`\n- page\n# page")
	f.Fuzz(func(t *testing.T, query, text string) {
		q, err := ParseQuery(query)
		if err != nil {
			return
		}
		if len(q.Terms) == 0 || len(q.Terms) > MaxQueryTerms {
			t.Fatalf("%q: %d terms", query, len(q.Terms))
		}
		c := &coe.COE{ID: "k", Title: text, WhatHappened: text, Tags: []string{text}, Lessons: []string{text, text}}
		d := Terms("k", c)
		ix := NewIndex([]Doc{d, Terms("e", &coe.COE{})})
		r := ix.Search(q, Options{Load: func(string) (*coe.COE, error) { return c, nil }})
		for _, h := range r.Hits {
			at := 0
			for _, m := range h.Marks {
				if m[0] < at || m[1] <= m[0] || m[1] > len(h.Snippet) {
					t.Fatalf("mark %v in %q", m, h.Snippet)
				}
				at = m[1]
			}
			var b strings.Builder
			if err := WriteText(&b, r.Hits, true); err != nil {
				t.Fatal(err)
			}
		}
	})
}
