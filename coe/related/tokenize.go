package related

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTokenLen is the longest token kept, in characters: longer runs of
// letters and digits are hashes, encoded data or identifiers, which say
// nothing about a failure and would only crowd the vocabulary.
const MaxTokenLen = 32

// stopWords are common English words that say nothing about a failure,
// after lowercasing and before stemming.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about above after again against all also am an and any are
	aren as at be because been before being below between both but by can cannot cant could
	couldnt did didnt do does doesnt doing dont down during each few for from further had hadnt
	has hasnt have havent having he her here hers herself him himself his how however i if in
	into is isnt it its itself just let lets me more most much must mustnt my myself no nor not
	now of off on once only or other our ours ourselves out over own same shall she should
	shouldnt so some such than that thats the their theirs them themselves then there these they
	this those through to too under until up upon us very via was wasnt we were werent what when
	where whether which while who whom why will with within without wont would wouldnt yet you
	your yours yourself yourselves http https www com org net html`) {
		stopWords[w] = true
		stopLens[w[0]] |= 1 << len(w)
	}
}

// maxStopWord is the length of the longest stop word.
const maxStopWord = 10

// stopLens[c] has bit n set when a stop word of n bytes starts with the
// byte c: most words need no look-up in stopWords.
var stopLens [256]uint16

func isStopWord(tok []byte) bool {
	return len(tok) <= maxStopWord && stopLens[tok[0]]&(1<<len(tok)) != 0 && stopWords[string(tok)]
}

// Tokenize calls fn with each token of text, in order: a token is a run
// of Unicode letters and digits (combining marks kept within it; an
// apostrophe between two letters is dropped, so "customer's" is
// "customers"), lowercased, then stemmed by Stem. Dropped are tokens of
// one character, pure numbers, stop words (common English words such as
// "the", "was", "because"), tokens longer than MaxTokenLen characters, and
// web addresses (from a scheme's "://" to the next space). It reads text
// once, in linear time.
func Tokenize(text string, fn func(tok string)) {
	var buf [4*MaxTokenLen + 4]byte
	tokenize(text, buf[:0], func(tok []byte) { fn(string(tok)) })
}

// tokenize is Tokenize handing each token as bytes in buf, valid until fn
// returns: counting tokens then allocates only for new ones.
func tokenize(text string, buf []byte, fn func(tok []byte)) {
	tok := buf[:0]
	n := 0         // characters in tok
	long := false  // the run is longer than MaxTokenLen
	digits := true // the run is digits only
	emit := func() {
		if n > 1 && !long && !digits && !isStopWord(tok) {
			if l := len(tok); l > 3 {
				tok = stem(tok)
				if len(tok) != l && isStopWord(tok) {
					tok = tok[:0]
				}
			}
			if len(tok) > 0 {
				fn(tok)
			}
		}
		tok, n, long, digits = tok[:0], 0, false, true
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			// ASCII, most of the text.
			switch {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
				if n >= MaxTokenLen {
					long = true
				} else {
					if 'A' <= c && c <= 'Z' {
						c += 'a' - 'A'
					}
					tok = append(tok, c)
					n++
					digits = digits && c <= '9'
				}
				i++
				continue
			case c == '\'' && n > 0 && !digits && i+1 < len(text):
				if next, _ := utf8.DecodeRuneInString(text[i+1:]); unicode.IsLetter(next) {
					i++ // "don't" reads as "dont"
					continue
				}
			case c == ':' && n > 0 && strings.HasPrefix(text[i:], "://"):
				// A web address: its scheme and the rest up to a space or
				// the end of a Markdown link are not words of the COE.
				tok, n, long, digits = tok[:0], 0, false, true
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
			emit()
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || (n > 0 && unicode.Is(unicode.Mn, r)):
			if n >= MaxTokenLen {
				long = true
			} else {
				r = unicode.ToLower(r)
				tok = utf8.AppendRune(tok, r)
				n++
				digits = digits && unicode.IsDigit(r)
			}
			i += size
			continue
		case r == '\u2019' && n > 0 && !digits && i+size < len(text):
			if next, _ := utf8.DecodeRuneInString(text[i+size:]); unicode.IsLetter(next) {
				i += size
				continue
			}
		}
		emit()
		i += size
	}
	emit()
}

// Stem takes a light plural ending off a lowercased word, so that
// "alerts" and "alert", "retries" and "retry", "patches" and "patch" are
// one term: "ies" becomes "y"; "es" goes after "ch", "sh", "ss", "x" or
// "z" ("caches" is "cache", as a few other words whose singular ends in
// "che" are); and a final "s" goes unless the word ends in "ss", "us" or
// "is" or is three letters or shorter. It is not a full stemmer: verbs
// keep their endings.
func Stem(w string) string { return string(stem([]byte(w))) }

// stem is Stem on the bytes of w, in place.
func stem(w []byte) []byte {
	n := len(w)
	if n <= 3 || w[n-1] != 's' {
		return w
	}
	if n > 4 && w[n-2] == 'e' {
		switch {
		case w[n-3] == 'i':
			return append(w[:n-3], 'y')
		case w[n-3] == 'h' && (w[n-4] == 'c' || w[n-4] == 's'),
			w[n-3] == 's' && w[n-4] == 's', w[n-3] == 'x', w[n-3] == 'z':
			if w[n-4] == 'c' && stemExceptions[string(w)] {
				return w[:n-1]
			}
			return w[:n-2]
		}
	}
	switch w[n-2] {
	case 's', 'u', 'i':
		return w
	}
	return w[:n-1]
}

// stemExceptions are plurals of words ending in "che", which the rule for
// "ches" would cut too short: only their "s" goes.
var stemExceptions = map[string]bool{
	"caches": true, "niches": true, "headaches": true, "avalanches": true,
	"moustaches": true, "psyches": true, "cliches": true,
}
