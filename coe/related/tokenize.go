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
	}
}

// Tokenize calls fn with each token of text, in order: a token is a run
// of Unicode letters and digits (combining marks kept within it; an
// apostrophe between two letters is dropped, so "customer's" is
// "customers"), lowercased, then stemmed by Stem. Dropped are tokens of
// one character, pure numbers, stop words (common English words such as
// "the", "was", "because"), tokens longer than MaxTokenLen characters, and
// web addresses (from a scheme's "://" to the next space). It reads text
// once: linear time, and no allocation but the tokens it keeps.
func Tokenize(text string, fn func(tok string)) {
	var buf [4 * MaxTokenLen]byte
	tok := buf[:0]
	n := 0         // characters in tok
	long := false  // the run is longer than MaxTokenLen
	digits := true // the run is digits only
	emit := func() {
		if n > 1 && !long && !digits {
			s := string(tok)
			if !stopWords[s] {
				s = Stem(s)
				if !stopWords[s] {
					fn(s)
				}
			}
		}
		tok, n, long, digits = tok[:0], 0, false, true
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || (n > 0 && unicode.Is(unicode.Mn, r)):
			if n >= MaxTokenLen {
				long = true
			} else {
				r = unicode.ToLower(r)
				tok = utf8.AppendRune(tok, r)
				n++
				if !unicode.IsDigit(r) {
					digits = false
				}
			}
			i += size
			continue
		case (r == '\'' || r == '\u2019') && n > 0 && !digits && i+size < len(text):
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			if unicode.IsLetter(next) {
				i += size // "don't" reads as "dont"
				continue
			}
		case r == ':' && n > 0 && strings.HasPrefix(text[i:], "://"):
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
func Stem(w string) string {
	if s, ok := stemExceptions[w]; ok {
		return s
	}
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && strings.HasSuffix(w, "es") && hasAnySuffix(w[:len(w)-2], "ch", "sh", "ss", "x", "z"):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !hasAnySuffix(w, "ss", "us", "is"):
		return w[:len(w)-1]
	}
	return w
}

// stemExceptions are plurals of words ending in "che", which the rule for
// "ches" would cut too short.
var stemExceptions = map[string]string{
	"caches": "cache", "niches": "niche", "headaches": "headache", "avalanches": "avalanche",
	"moustaches": "moustache", "psyches": "psyche", "cliches": "cliche",
}

func hasAnySuffix(w string, suffixes ...string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}
