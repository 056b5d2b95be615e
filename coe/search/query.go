package search

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/coe-cli/coe/coe/related"
)

// MaxQueryTerms caps the words of a query, phrases' and excluded ones
// included.
const MaxQueryTerms = 64

// Query is a parsed search query.
type Query struct {
	// Terms are the terms a COE must have, each once, in the order the
	// query first names them: its words and its phrases' words.
	Terms []string
	// Phrases are the quoted phrases of two terms or more, as the terms
	// of their words in order, "" for a word search leaves out (a common
	// word, a number, ...): a COE must have each in one of its texts, word
	// for word, any word where the phrase has "" (punctuation and space
	// between words do not count).
	Phrases [][]string
	// Not are the terms a COE must not have (-word).
	Not []string
}

// ParseQuery parses a query: words, "quoted phrases" (a quote left open
// runs to the end) and words to leave out, written -word. Words are read
// as Tokenize reads a COE's text, so common words, numbers and one-letter
// words are left out of the query too; a query without a word to look for
// is an error, as is one of more than MaxQueryTerms words or -"a phrase".
func ParseQuery(s string) (Query, error) {
	var q Query
	seen := map[string]bool{}
	not := map[string]bool{}
	n := 0
	add := func(t string) {
		n++
		if !seen[t] {
			seen[t] = true
			q.Terms = append(q.Terms, t)
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpace(c):
			i++
			continue
		case c == '"':
			rest := s[i+1:]
			text := rest
			i = len(s)
			if end := strings.IndexByte(rest, '"'); end >= 0 {
				text = rest[:end]
				i = len(s) - len(rest) + end + 1
			}
			var ph []string
			terms := 0
			for _, w := range words(text) {
				if w.term != "" {
					add(w.term)
					terms++
				}
				if w.term != "" || len(ph) > 0 {
					ph = append(ph, w.term)
				}
			}
			for len(ph) > 0 && ph[len(ph)-1] == "" {
				ph = ph[:len(ph)-1]
			}
			if terms > 1 {
				q.Phrases = append(q.Phrases, ph)
			}
			continue
		case c == '-' && (i == 0 || isSpace(s[i-1])) && i+1 < len(s) && !isSpace(s[i+1]):
			if s[i+1] == '"' {
				return Query{}, errors.New(`-"a phrase": leave words out one by one (-word)`)
			}
			end := i + 1
			for end < len(s) && !isSpace(s[end]) && s[end] != '"' {
				end++
			}
			related.Tokenize(s[i+1:end], func(t string) {
				n++
				if !not[t] {
					not[t] = true
					q.Not = append(q.Not, t)
				}
			})
			i = end
			continue
		}
		end := i + 1
		for end < len(s) && s[end] != '"' && !isSpace(s[end]) {
			end++
		}
		related.Tokenize(s[i:end], add)
		i = end
	}
	switch {
	case n > MaxQueryTerms:
		return Query{}, fmt.Errorf("%d words: expected at most %d", n, MaxQueryTerms)
	case len(q.Terms) == 0:
		return Query{}, fmt.Errorf("no word to look for in %q: common words (the, was, ...), numbers and one-letter words are left out", s)
	}
	for _, t := range q.Terms {
		if not[t] {
			return Query{}, fmt.Errorf("%q is both looked for and left out (-%s)", t, t)
		}
	}
	return q, nil
}

func isSpace(c byte) bool { return c < 0x80 && unicode.IsSpace(rune(c)) }
