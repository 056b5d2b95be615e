// Package search is coe search: ranked full-text search over the answers
// of a repository's COEs.
//
// Search reads of each COE only a Doc (Terms), made once when the file is
// read (the warm index stores it, AppendDoc and DecodeDoc): the terms of
// its title, of its labels (tags, services and contributing factors) and
// of its body (the seven answers, as coe/related reads them), each with
// how often it occurs, and what a result shows (key, title, status,
// severity, date). A Scorer keeps of each Doc only what the ranking needs
// (the counts of the query's words, the fields' lengths), and what a
// match shows, so that a search need not hold every Doc. Terms are those of
// coe/related's Tokenize: words lowercased, plural endings taken off,
// common English words, numbers and one-letter words left out.
//
// A query (ParseQuery) is words, "quoted phrases" and -excluded words. A
// COE matches when it has every word (and the words of every phrase) in
// any field and none of the excluded ones. Matches are ranked by BM25F:
// for each word, its occurrences in each field, weighted (title
// WeightTitle, labels WeightLabels, body WeightBody) and normalized by the
// field's length against the average, saturate through k1 and are
// multiplied by how rare the word is across the repository (its IDF).
// Equal scores go newest first, then by key. A Doc is a bag of terms, so
// a phrase is checked on the COE's text, re-read (Options.Load), for
// candidates in rank order until enough are found; the text of the
// results shown is re-read too, for their snippets (snippet.go).
package search

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/related"
)

// The fields of a Doc.
const (
	FieldTitle  = iota // the title
	FieldLabels        // tags, services and contributing factors
	FieldBody          // the seven answers
	NumFields
)

// MaxFieldTerms is how many distinct terms of one field a Doc keeps: those
// that occur most (equal counts by term). A COE of more distinct words
// than that is found by its most frequent ones.
const MaxFieldTerms = 1024

// maxTitle caps the title a Doc keeps, in bytes.
const maxTitle = 300

// Doc is what search needs of one COE.
type Doc struct {
	// Key is the COE's file name without .yaml (its id in a repository
	// that passes coe lint).
	Key string
	// Title (on one line, capped), Status and Severity are the COE's.
	Title, Status, Severity string
	// Date is the incident's date (YYYY-MM-DD), else the id's, else "".
	Date string
	// Time is the incident's start in Unix seconds, else the id's date's
	// midnight UTC, else 0: the newer of two equal scores comes first.
	Time int64
	// Fields are the terms of the title, the labels and the body.
	Fields [NumFields]Field
}

// Field is the terms of one field of a Doc, sorted, each with its count.
type Field struct {
	// Len is how many tokens the field has, all counted.
	Len uint32
	// words is the terms one after another; ends[i] is where term i ends.
	words  string
	ends   []uint32
	counts []uint32
}

// NumTerms is how many distinct terms the field holds.
func (f *Field) NumTerms() int { return len(f.ends) }

// Term is the i-th term of the field, in sorted order, and its count.
func (f *Field) Term(i int) (string, uint32) {
	start := uint32(0)
	if i > 0 {
		start = f.ends[i-1]
	}
	return f.words[start:f.ends[i]], f.counts[i]
}

// Count is how often term occurs in the field (0 when it does not).
func (f *Field) Count(term string) uint32 {
	lo, hi := 0, len(f.ends)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		t, _ := f.Term(m)
		switch c := strings.Compare(t, term); {
		case c == 0:
			return f.counts[m]
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0
}

// Terms computes the Doc of the COE c, known by key (its file name's
// stem).
func Terms(key string, c *coe.COE) Doc {
	d := Doc{Key: key, Title: oneLine(c.Title, maxTitle), Status: c.Status, Severity: c.Severity}
	if d.Title == "" {
		d.Title = key
	}
	id := c.ID
	if id == "" {
		id = key
	}
	if t := c.Incident.StartedAt; !t.IsZero() {
		d.Date, d.Time = coe.DateOf(t).String(), t.Unix()
	} else if len(id) >= 10 {
		if t, err := time.Parse(coe.DateLayout, id[:10]); err == nil {
			d.Date, d.Time = id[:10], t.Unix()
		}
	}
	var counts [NumFields]map[string]uint32
	for i := range counts {
		counts[i] = map[string]uint32{}
	}
	Walk(c, func(p Piece) {
		m := counts[p.Field]
		related.Tokenize(p.Text, func(tok string) {
			m[tok]++
			d.Fields[p.Field].Len++
		})
	})
	for i, m := range counts {
		d.Fields[i].set(m)
	}
	return d
}

// set fills f with the terms of m, the most frequent MaxFieldTerms of
// them, sorted.
func (f *Field) set(m map[string]uint32) {
	terms := make([]string, 0, len(m))
	for t := range m {
		terms = append(terms, t)
	}
	if len(terms) > MaxFieldTerms {
		slices.SortFunc(terms, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), strings.Compare(a, b)) })
		terms = terms[:MaxFieldTerms]
	}
	if len(terms) == 0 {
		*f = Field{Len: f.Len}
		return
	}
	slices.Sort(terms)
	var b strings.Builder
	f.ends = make([]uint32, len(terms))
	f.counts = make([]uint32, len(terms))
	for i, t := range terms {
		b.WriteString(t)
		f.ends[i] = uint32(b.Len())
		f.counts[i] = m[t]
	}
	f.words = b.String()
}

// oneLine is s on one line (runs of white space as one space), cut to at
// most max bytes on a character boundary with "…" when longer.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "…"
	}
	return s
}

// Piece is one text of a COE as search reads it.
type Piece struct {
	// Field is FieldTitle, FieldLabels or FieldBody.
	Field int
	// Key names where the text is: the format's key of its answer
	// ("title", "tags", "what_happened", "root_cause", ...).
	Key  string
	Text string
}

// Walk calls fn with each text of c that search reads, in order: the
// title; the tags, services and contributing factors; then the seven
// answers as coe/related reads them (related.Text, without its repeat of
// the title): what happened and the timeline's events, the impact, the
// root cause and its whys, the supporting data's titles and notes, the
// implications, the lessons, and the corrective actions' text and notes.
// Empty texts are left out.
func Walk(c *coe.COE, fn func(Piece)) {
	put := func(field int, key, text string) {
		if strings.TrimSpace(text) != "" {
			fn(Piece{field, key, text})
		}
	}
	put(FieldTitle, "title", c.Title)
	for _, l := range c.Tags {
		put(FieldLabels, "tags", l)
	}
	for _, l := range c.Services {
		put(FieldLabels, "services", l)
	}
	for _, l := range c.ContributingFactors {
		put(FieldLabels, "contributing_factors", l)
	}
	body := func(key, text string) { put(FieldBody, key, text) }
	body("what_happened", c.WhatHappened)
	for _, e := range c.Timeline {
		body("timeline", e.Event)
	}
	body("impact", c.Impact.Customers)
	body("impact", c.Impact.Business)
	body("impact", c.Impact.Communication)
	body("root_cause", c.RootCause.Summary)
	for _, w := range c.RootCause.Whys {
		body("root_cause", w)
	}
	for _, s := range c.SupportingData {
		body("supporting_data", s.Title)
		body("supporting_data", s.Note)
	}
	body("implications", c.Implications.Security)
	body("implications", c.Implications.Other)
	for _, l := range c.Lessons {
		body("lessons", l)
	}
	for _, a := range c.CorrectiveActions {
		body("corrective_actions", a.Action)
		body("corrective_actions", a.Note)
	}
}
