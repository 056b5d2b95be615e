package search

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe/related"
)

// The lists are coe/related's: each stop word is left out by Tokenize,
// each exception stemmed by its s alone, and both lists hold every word
// of related's own (read from its source).
func TestListsAreRelateds(t *testing.T) {
	for _, w := range StopWords() {
		related.Tokenize(w, func(tok string) { t.Errorf("stop word %q gives %q", w, tok) })
	}
	for _, w := range StemExceptions() {
		if got := related.Stem(w); got != strings.TrimSuffix(w, "s") {
			t.Errorf("Stem(%q) = %q", w, got)
		}
	}
	src, err := os.ReadFile("../related/tokenize.go")
	if err != nil {
		t.Skip(err)
	}
	m := regexp.MustCompile("(?s)for _, w := range strings.Fields\\(`([^`]*)`").FindSubmatch(src)
	if m == nil {
		t.Fatal("no stop word list in coe/related/tokenize.go")
	}
	theirs := strings.Fields(string(m[1]))
	slices.Sort(theirs)
	if !slices.Equal(theirs, StopWords()) {
		t.Errorf("stop words differ from coe/related's:\n%q\n%q", theirs, StopWords())
	}
	ex := regexp.MustCompile(`"(\w+)": true`).FindAllSubmatch(src, -1)
	var exs []string
	for _, e := range ex {
		exs = append(exs, string(e[1]))
	}
	slices.Sort(exs)
	if !slices.Equal(exs, StemExceptions()) {
		t.Errorf("stem exceptions differ from coe/related's: %q", exs)
	}
}
