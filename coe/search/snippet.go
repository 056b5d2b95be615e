package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/related"
)

// Snippet sizes, in bytes: the text kept before the first match shown, and
// the whole snippet (a longer word is kept whole).
const (
	snippetLead = 60
	snippetLen  = 200
)

// matcher finds a query's words in a COE's texts.
type matcher struct {
	want    map[string]bool
	phrases [][]string
}

func newMatcher(q Query) *matcher {
	m := &matcher{want: map[string]bool{}, phrases: q.Phrases}
	for _, t := range q.Terms {
		m.want[t] = true
	}
	return m
}

// word is a word of a text: its bytes [start, end) and its term, "" when
// Tokenize leaves it out.
type word struct {
	start, end int
	term       string
}

// words returns the words of text, each with its byte range: the runs of
// letters and digits Tokenize reads (combining marks within a run, an
// apostrophe between letters), web addresses skipped as Tokenize skips
// them.
func words(text string) []word {
	var out []word
	start := -1
	emit := func(end int) {
		if start < 0 {
			return
		}
		w := word{start: start, end: end}
		related.Tokenize(text[start:end], func(t string) {
			if w.term == "" {
				w.term = t
			}
		})
		out = append(out, w)
		start = -1
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || start >= 0 && unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
			i += size
			continue
		case (r == '\'' || r == '\u2019') && start >= 0 && i+size < len(text):
			if next, _ := utf8.DecodeRuneInString(text[i+size:]); unicode.IsLetter(next) {
				i += size
				continue
			}
		case r == ':' && start >= 0 && strings.HasPrefix(text[i:], "://"):
			start = -1
			i += 3
			for i < len(text) {
				r, size := utf8.DecodeRuneInString(text[i:])
				if unicode.IsSpace(r) || strings.ContainsRune(`)>]"'`, r) {
					break
				}
				i += size
			}
			continue
		}
		emit(i)
		i += size
	}
	emit(len(text))
	return out
}

// hasPhrases reports whether each of the query's phrases is in one of
// c's texts, word for word (see Query.Phrases).
func (m *matcher) hasPhrases(c *coe.COE) bool {
	found := make([]bool, len(m.phrases))
	left := len(m.phrases)
	Walk(c, func(p Piece) {
		if left == 0 {
			return
		}
		ws := words(p.Text)
		terms := make([]string, len(ws))
		for i, w := range ws {
			terms[i] = w.term
		}
		for i, ph := range m.phrases {
			if !found[i] && hasRun(terms, ph) {
				found[i] = true
				left--
			}
		}
	})
	return left == 0
}

// hasRun reports whether run is in terms, in order and adjacent, "" in
// run standing for any term.
func hasRun(terms, run []string) bool {
next:
	for i := 0; i+len(run) <= len(terms); i++ {
		for k, t := range run {
			if t != "" && terms[i+k] != t {
				continue next
			}
		}
		return true
	}
	return false
}

// snippet is the text of c around its best match: from the text with the
// most of the query's words (a phrase in it counting as one more), an
// answer before the title and the labels; within it, from the match that
// begins the stretch of snippetLen bytes with the most of them. It
// returns the text's key, the snippet on one line, and the byte ranges
// of the query's words in it.
func (m *matcher) snippet(c *coe.COE) (field, text string, marks [][2]int) {
	best, bestScore := Piece{}, 0
	var bestWords []word
	Walk(c, func(p Piece) {
		p.Text = plain(p.Text)
		ws := words(p.Text)
		seen := map[string]bool{}
		terms := make([]string, len(ws))
		for i, w := range ws {
			terms[i] = w.term
			if m.want[w.term] {
				seen[w.term] = true
			}
		}
		score := len(seen) * 2
		for _, ph := range m.phrases {
			if hasRun(terms, ph) {
				score += 2
			}
		}
		if score > 0 && p.Field == FieldBody {
			score++ // an answer before the title (shown anyway) and the labels
		}
		if score > bestScore {
			best, bestScore, bestWords = p, score, ws
		}
	})
	if bestScore == 0 {
		return "", "", nil
	}
	var hits []word
	for _, w := range bestWords {
		if m.want[w.term] {
			hits = append(hits, w)
		}
	}
	// The stretch beginning at a match with the most distinct words.
	first, most := 0, 0
	for i := range hits {
		seen := map[string]bool{}
		for _, h := range hits[i:] {
			if h.end-hits[i].start > snippetLen-snippetLead {
				break
			}
			seen[h.term] = true
		}
		if len(seen) > most {
			first, most = i, len(seen)
		}
	}
	t := best.Text
	start := max(0, hits[first].start-snippetLead)
	if start > 0 {
		// From a sentence's start when one is near, else a word's.
		if k := strings.LastIndex(t[start:hits[first].start], ". "); k >= 0 {
			start += k + 2
		} else if k := strings.IndexFunc(t[start:hits[first].start], unicode.IsSpace); k >= 0 {
			start += k
		} else {
			start = hits[first].start
		}
	}
	end := min(len(t), max(start+snippetLen, hits[first].end))
	if end < len(t) {
		if k := strings.LastIndexFunc(t[hits[first].end:end], unicode.IsSpace); k >= 0 {
			end = hits[first].end + k
		} else if k := strings.IndexFunc(t[end:], unicode.IsSpace); k >= 0 {
			end += k
		} else {
			end = len(t)
		}
	}
	// One line: white space runs as one space, the ends trimmed; "…"
	// where the text goes on.
	var b strings.Builder
	if strings.TrimSpace(t[:start]) != "" {
		b.WriteString("…")
	}
	lead := b.Len()
	hi := 0 // the next hit to mark
	for hi < len(hits) && hits[hi].start < start {
		hi++
	}
	space, open := false, false
	for i := start; i < end; {
		if open && i == hits[hi].end {
			marks[len(marks)-1][1] = b.Len()
			open = false
			hi++
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		if unicode.IsSpace(r) {
			space = true
			i += size
			continue
		}
		if space && b.Len() > lead {
			b.WriteByte(' ')
		}
		space = false
		if !open && hi < len(hits) && i == hits[hi].start && hits[hi].end <= end {
			marks = append(marks, [2]int{b.Len(), b.Len()})
			open = true
		}
		b.WriteString(t[i : i+size])
		i += size
	}
	if open {
		marks[len(marks)-1][1] = b.Len()
	}
	if strings.TrimSpace(t[end:]) != "" {
		b.WriteString("…")
	}
	return best.Key, b.String(), marks
}

// plain is text as a reader of its Markdown sees it, for a snippet: the
// marks of emphasis (* around words, _ at a word's edge), code spans'
// backticks, a link's brackets and target ([text](target) reads text), and
// a line's heading, list or quote mark are left out. Anything else is
// kept as written (a snippet is never rendered).
func plain(s string) string {
	if !strings.ContainsAny(s, "*_`[#>-+") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	lineStart := true
	for i := 0; i < len(s); {
		if lineStart {
			lineStart = false
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			k := j
			for k < len(s) && s[k] == '#' {
				k++
			}
			if k == j && k < len(s) && strings.IndexByte("-*+>", s[k]) >= 0 {
				k++
			}
			if k > j && (k == len(s) || s[k] == ' ') {
				b.WriteString(s[i:j])
				i = min(k+1, len(s))
				continue
			}
		}
		c := s[i]
		switch {
		case c == '\n':
			lineStart = true
			b.WriteByte(c)
			i++
		case c == '*' || c == '`':
			i++
		case c == '_' && !(i > 0 && wordByte(s[i-1]) && i+1 < len(s) && wordByte(s[i+1])):
			i++
		case c == '[':
			if text, n := linkText(s[i:]); n > 0 {
				b.WriteString(plain(text))
				i += n
				continue
			}
			b.WriteByte(c)
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// wordByte says a byte may be part of a word: an ASCII letter or digit,
// or a byte of a character beyond ASCII.
func wordByte(c byte) bool {
	return c >= 0x80 || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// linkText reads an inline link at the start of s, [text](target) on one
// line, and returns its text and its length in s (0 when s does not start
// with one).
func linkText(s string) (string, int) {
	close := strings.IndexAny(s, "]\n")
	if close < 0 || s[close] != ']' || close+1 >= len(s) || s[close+1] != '(' {
		return "", 0
	}
	end := strings.IndexAny(s[close+2:], ")\n")
	if end < 0 || s[close+2+end] != ')' {
		return "", 0
	}
	return s[1:close], close + 2 + end + 1
}
