package search

import (
	"slices"
	"strings"
)

// What a search elsewhere (the site's script) needs to read and rank as
// Search does.

// Params are the ranking's parameters: each field's weight and BM25 b,
// and K1.
func Params() (weights, b [NumFields]float64, k1 float64) { return fieldWeights, fieldB, K1 }

// StopWords are the common words Tokenize leaves out, sorted (a test
// holds them to coe/related's list), and StemExceptions the plurals its
// stemmer cuts by their "s" alone: a tokenizer written again elsewhere
// reads words as Tokenize does with them.
func StopWords() []string { return slices.Clone(stopWords) }

// StemExceptions: see StopWords.
func StemExceptions() []string { return slices.Clone(stemExceptions) }

var stopWords = sorted(`a about above after again against all also am an and any are
	aren as at be because been before being below between both but by can cannot cant could
	couldnt did didnt do does doesnt doing dont down during each few for from further had hadnt
	has hasnt have havent having he her here hers herself him himself his how however i if in
	into is isnt it its itself just let lets me more most much must mustnt my myself no nor not
	now of off on once only or other our ours ourselves out over own same shall she should
	shouldnt so some such than that thats the their theirs them themselves then there these they
	this those through to too under until up upon us very via was wasnt we were werent what when
	where whether which while who whom why will with within without wont would wouldnt yet you
	your yours yourself yourselves http https www com org net html`)

func sorted(list string) []string {
	w := strings.Fields(list)
	slices.Sort(w)
	return w
}

var stemExceptions = strings.Fields(`avalanches caches cliches headaches moustaches niches psyches`)
