package lint

import (
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
)

// The word lists of the quality rules, in one place, by the name each has
// under quality: in .coe.yaml (coe.KeysQualityWords), where a team extends
// or replaces them. They are English and short on purpose: a word that
// fires on good COEs teaches people to ignore the rule. Entries match
// whole words without regard to case; a * at the end matches any ending.
var builtinWords = map[string][]string{
	// People the root cause must not name, beyond the COE's own people and
	// the owners roster: none built in.
	"names": {},
	// Phrases that blame people instead of a mechanism (blame).
	"blame": {
		"human error", "human errors", "operator error", "user error", "pilot error", "engineer error",
		"developer error", "staff error", "employee error", "personnel error", "human mistake",
		"careless", "carelessly", "carelessness", "negligence", "negligent", "inattention",
		"inattentive", "sloppy", "sloppiness", "laziness", "incompetence", "incompetent",
		"forgot", "forgot to", "forgets to", "forgetting to", "failed to follow", "did not follow the runbook",
		"didn't follow the runbook", "should have known", "not paying attention", "lack of attention",
		"was not careful", "wasn't careful", "fat finger", "fat-finger", "fat-fingered", "fat fingered",
	},
	// Words that, among the three before a blame phrase, turn it around:
	// "not human error".
	"negations": {"not", "no", "never", "nor", "rather than", "instead of", "isn't", "wasn't", "aren't", "weren't", "beyond"},
	// Words that, right after a blame phrase, make it the name of a thing:
	// "the operator error budget", "the user error message".
	"compounds": {
		"budget*", "rate", "rates", "ratio", "message*", "code", "codes", "handling", "handler*", "count*",
		"log", "logs", "page", "pages", "path*", "class*", "type*", "field*", "dialog*", "screen*",
		"state*", "metric*", "response*", "string*", "banner*", "alert*", "threshold*", "password*",
	},
	// Names that are also everyday words (or roles): a handle among them
	// is a name only when written with a capital inside a sentence, so
	// "we will", "the status page" and "max connections" stay quiet.
	"everyday_names": {
		"will", "mark", "bill", "max", "may", "june", "april", "august", "grant", "frank", "rich", "art",
		"hope", "joy", "dawn", "faith", "chase", "lane", "jack", "pat", "drew", "ray", "rob", "sue",
		"don", "page", "gene", "jean", "amber", "holly", "ivy", "rose", "lily", "iris", "ruby", "pearl",
		"sunny", "sky", "reed", "wade", "cliff", "glen", "dale", "miles", "hunter", "carter", "mason",
		"baker", "penny", "sandy", "rusty", "chip", "kit", "nick", "summer", "autumn", "winter",
		"crystal", "ace", "sage", "victor", "ops", "sre", "oncall", "support", "team", "platform",
		"admin", "root", "infra", "security", "dev", "devops", "qa", "it", "on-call",
	},
	// What makes a corrective action an intention rather than a mechanism
	// (action-intention), when nothing of mechanisms is in it too.
	"intentions": {
		"remind", "reminds", "reminded", "reminding", "send a reminder", "send reminders",
		"a reminder to", "be careful", "be more careful", "more careful", "more carefully",
		"extra careful", "carefully review", "review carefully", "pay attention",
		"pay more attention", "pay closer attention", "retrain*", "re-train*", "train the team",
		"train staff", "train engineers", "train people", "more training", "additional training",
		"refresher training", "training session*", "double-check*", "double check*", "triple-check*",
		"communicat*", "raise awareness", "build awareness", "increase awareness", "create awareness",
		"educate*", "encourage*", "emphasise*", "emphasize*", "vigilant", "vigilance",
		"take more care", "take extra care", "try harder", "be diligent", "more diligent", "remember to",
		"reiterate*",
		"stress the importance", "tell the team", "tell engineers", "inform", "informs", "informed",
		"informing", "brief the team", "brief engineers", "briefing*", "coach*",
		"discuss*",
	},
	// What makes a corrective action a mechanism: a tool, a check, an
	// alert, a test, automation, a limit, a changed process.
	"mechanisms": {
		"tool*", "check", "checks", "checked", "checker*", "checklist*", "alert*", "alarm*", "page",
		"paging", "pager*", "monitor*", "dashboard*", "metric*", "test*", "automat*", "script*",
		"limit*", "quota*", "throttl*", "block*", "gate", "gates", "gating", "guard*", "lint*",
		"validat*", "verif*", "enforc*", "requir*", "prevent*", "disabl*", "flag*", "canary*",
		"rollback*", "roll back", "pipeline*", "permission*", "runbook*",
		"playbook*", "template*", "macro*", "schema*", "build*", "implement*", "fix*", "patch*",
		"replace*", "migrat*", "process change", "policy", "policies", "ci", "cron*", "timeout*",
		"retry", "retries", "api", "ticket*", "form", "field*", "banner*", "approval*", "sign-off",
	},
	// Security answers that say nothing (security-unexplained): the whole
	// answer, words only, is one of these.
	"none_answers": {
		"none", "n/a", "na", "no", "nope", "nothing", "nil", "null", "not applicable", "no impact",
		"no security impact", "no security implications", "no security implication", "no implications",
		"none known", "none identified", "no known impact", "none at this time", "no concerns",
		"no security concerns", "no issues", "no security issues", "nothing to report", "not relevant",
		"irrelevant", "tbd", "todo", "to do", "to be determined", "unknown",
	},
	// Spelled-out numbers, which quantify an impact as digits do.
	"numbers": {
		"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
		"twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
		"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred*",
		"thousand*", "million*", "billion*", "dozen*", "half", "quarter", "percent", "twice", "zero",
	},
}

// vocab is what the quality rules match against, built from the built-in
// lists and a config.
type vocab struct {
	names      *matcher // the owners roster and quality.names
	blame      *matcher
	negations  *matcher
	compounds  *matcher
	everyday   map[string]bool // single lower-case words
	intentions *matcher
	mechanisms *matcher
	none       map[string]bool // normalized answers
	noneWords  int             // the most words of one
	numbers    *matcher
	days       int
}

// vocabKey tells configs apart for the cache: the same quality config and
// roster give the same vocabulary.
type vocabKey struct {
	q       *coe.QualityConfig
	owners  *string
	nOwners int
	roster  *coe.Member
	nRoster int
}

func keyOf(cfg *coe.Config) vocabKey {
	k := vocabKey{q: cfg.Quality, nOwners: len(cfg.Owners), nRoster: len(cfg.Roster)}
	if len(cfg.Owners) > 0 {
		k.owners = &cfg.Owners[0]
	}
	if len(cfg.Roster) > 0 {
		k.roster = &cfg.Roster[0]
	}
	return k
}

type cachedVocab struct {
	key vocabKey
	v   *vocab
}

// vocabLast is the last vocabulary built, by its config: a lint run uses
// one config for thousands of files, and building costs more than linting
// one.
var vocabLast atomic.Pointer[cachedVocab]

// vocabFor returns the vocabulary of a config.
func vocabFor(cfg *coe.Config) *vocab {
	key := keyOf(cfg)
	if c := vocabLast.Load(); c != nil && c.key == key {
		return c.v
	}
	v := buildVocab(cfg)
	vocabLast.Store(&cachedVocab{key, v})
	return v
}

// wordList is the list name of the built-in lists as a config changes it.
func wordList(q *coe.QualityConfig, name string) []string {
	built := builtinWords[name]
	if q == nil {
		return built
	}
	given, ok := q.Words[name]
	switch {
	case !ok:
		return built
	case q.Replace:
		return given
	}
	return append(append([]string(nil), built...), given...)
}

func buildVocab(cfg *coe.Config) *vocab {
	q := cfg.Quality
	v := &vocab{
		names:      &matcher{},
		blame:      newMatcher(wordList(q, "blame")),
		negations:  newMatcher(wordList(q, "negations")),
		compounds:  newMatcher(wordList(q, "compounds")),
		everyday:   map[string]bool{},
		intentions: newMatcher(wordList(q, "intentions")),
		mechanisms: newMatcher(wordList(q, "mechanisms")),
		none:       map[string]bool{},
		numbers:    newMatcher(wordList(q, "numbers")),
		days:       q.Days(),
	}
	for _, w := range wordList(q, "everyday_names") {
		v.everyday[normalize(w)] = true
	}
	for _, w := range wordList(q, "none_answers") {
		if n := normalize(w); n != "" {
			v.none[n] = true
			v.noneWords = max(v.noneWords, strings.Count(n, " ")+1)
		}
	}
	for _, m := range cfg.Roster {
		v.names.addName(m.Handle, "a name in the owners roster")
		if local, _, ok := strings.Cut(m.Email, "@"); ok {
			v.names.addName(local, "a name in the owners roster")
		}
	}
	for _, h := range cfg.Owners {
		v.names.addName(h, "a name in the owners roster")
	}
	for _, n := range wordList(q, "names") {
		v.names.addName(n, "a name in quality.names of "+coe.ConfigName)
	}
	return v
}

// A token is a word of a text: letters, digits and marks, with hyphens
// between them ("double-check" is one word, "dana's" is "dana" and "s").
type token struct {
	word       string // lower-cased
	start, end int    // byte offsets in the text
	upper      bool   // starts with a capital
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r) || r == '_'
}

// asciiWord tells the ASCII characters of words: letters, digits and _.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// tokenize splits s into its words, in linear time.
func tokenize(s string) []token { return appendTokens(nil, s) }

// appendTokens appends the words of s to toks: a buffer to reuse.
func appendTokens(toks []token, s string) []token {
	eachWord(s, func(start, end int) { toks = append(toks, newToken(s, start, end)) })
	return toks
}

// eachWord calls f with the byte offsets of each word of s, in order, in
// linear time.
func eachWord(s string, f func(start, end int)) {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		r, n := rune(c), 1
		var word bool
		if c < utf8.RuneSelf {
			word = asciiWord[c]
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
			word = isWordRune(r)
		}
		switch {
		case word:
			if start < 0 {
				start = i
			}
		case start >= 0 && isHyphen(r) && i+n < len(s):
			if next, _ := utf8.DecodeRuneInString(s[i+n:]); isWordRune(next) {
				break // a hyphen inside a word
			}
			f(start, i)
			start = -1
		case start >= 0:
			f(start, i)
			start = -1
		}
		i += n
	}
	if start >= 0 {
		f(start, len(s))
	}
}

func newToken(s string, start, end int) token {
	w := s[start:end]
	if c := w[0]; c < utf8.RuneSelf {
		return token{word: lower(w), start: start, end: end, upper: 'A' <= c && c <= 'Z'}
	}
	first, _ := utf8.DecodeRuneInString(w)
	return token{word: lower(w), start: start, end: end, upper: unicode.IsUpper(first)}
}

// lower is strings.ToLower without an allocation for a word that is
// lower-case ASCII already.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			return strings.ToLower(w)
		}
	}
	return w
}

// normalize is a text's words, lower-cased, joined by single spaces.
func normalize(s string) string {
	toks := tokenize(s)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.word
	}
	return strings.Join(words, " ")
}

// gapKey is what stands between two words, for matching: "" for white
// space (of any length, across lines), else what is there without the
// white space ("li.wei" has "."), so "human, error" is not "human error".
func gapKey(gap string) string {
	if strings.IndexFunc(gap, func(r rune) bool { return !isSpace(r) }) < 0 {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, gap)
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// An entry is one item of a word list.
type entry struct {
	words  int    // how many words it has
	single string // its word, when it has one
	source string // for names: where the name comes from
}

// A matcher finds the entries of a word list in a text's tokens: a trie of
// words, each edge keyed by the gap before the word and the word, so that
// finding the entries at a token costs the length of the longest entry,
// however long the list.
type matcher struct {
	root trieNode
	// first is root.next[""], the entries by their first word: most
	// words of a text go no further.
	first map[string]*trieNode
}

type trieNode struct {
	next   map[string]map[string]*trieNode // by gap key, then word
	prefix map[string]map[string]*entry    // entries whose last word ends in *: by gap key, then the word's start
	plens  []int                           // the lengths of the keys of prefix
	entry  *entry                          // the entry that ends here
}

// maxEntryBytes bounds an entry (coe.MaxQualityEntry for the lists of
// .coe.yaml; a longer handle is no name), so that finding the entries at a
// token costs at most its fifty words, whatever the list.
const maxEntryBytes = coe.MaxQualityEntry

func newMatcher(list []string) *matcher {
	m := &matcher{}
	for _, s := range list {
		m.add(s, "")
	}
	return m
}

// add adds an entry written as s (a * at its end matches any ending of its
// last word); it reports whether it did: s has a word, and is not over
// the limits.
func (m *matcher) add(s, source string) bool {
	s = strings.TrimSpace(s)
	prefix := strings.HasSuffix(s, "*")
	s = strings.TrimSuffix(s, "*")
	var buf [8]token
	toks := appendTokens(buf[:0], s)
	if len(toks) == 0 || len(s) > maxEntryBytes {
		return false
	}
	e := &entry{words: len(toks), source: source}
	if len(toks) == 1 {
		e.single = toks[0].word
	}
	n := &m.root
	for i, t := range toks {
		gap := ""
		if i > 0 {
			gap = gapKey(s[toks[i-1].end:t.start])
		}
		if i == len(toks)-1 && prefix {
			if n.prefix == nil {
				n.prefix = map[string]map[string]*entry{}
			}
			if n.prefix[gap] == nil {
				n.prefix[gap] = map[string]*entry{}
			}
			if _, dup := n.prefix[gap][t.word]; !dup {
				n.prefix[gap][t.word] = e
				if !slices.Contains(n.plens, len(t.word)) {
					n.plens = append(n.plens, len(t.word))
				}
			}
			return true
		}
		if n.next == nil {
			n.next = map[string]map[string]*trieNode{}
		}
		if n.next[gap] == nil {
			n.next[gap] = map[string]*trieNode{}
		}
		child := n.next[gap][t.word]
		if child == nil {
			child = &trieNode{}
			n.next[gap][t.word] = child
		}
		n = child
		m.first = m.root.next[""]
	}
	if n.entry == nil {
		n.entry = e
	}
	return true
}

// addName adds a person's name: a handle, or an e-mail's local part. Names
// of fewer than three letters are left out: "al" or "ed" would match too
// much.
func (m *matcher) addName(name, source string) {
	name = strings.TrimSpace(name)
	if local, _, ok := strings.Cut(name, "@"); ok {
		name = local
	}
	if utf8.RuneCountInString(name) < 3 || strings.HasSuffix(name, "*") {
		return
	}
	m.add(name, source)
}

// has reports whether a name is an entry of m, as addName would add it.
func (m *matcher) has(name string) bool {
	name = strings.TrimSpace(name)
	if local, _, ok := strings.Cut(name, "@"); ok {
		name = local
	}
	var buf [8]token
	toks := appendTokens(buf[:0], name)
	e, end := m.at(name, toks, 0)
	return e != nil && end == len(toks)
}

// at returns the longest entry matching the tokens from i on and the
// index of the token after it, or nil.
func (m *matcher) at(text string, toks []token, i int) (*entry, int) {
	if m == nil || i >= len(toks) {
		return nil, i
	}
	var best *entry
	end := i
	n := &m.root
	if m.root.prefix == nil {
		// No entry of one word ending in *: the first word must be an
		// entry's first word.
		if n = m.first[toks[i].word]; n == nil {
			return nil, i
		}
		if n.entry != nil {
			best, end = n.entry, i+1
		}
		i++
		if i == len(toks) {
			return best, end
		}
		return m.walk(text, toks, i, n, best, end)
	}
	return m.walk(text, toks, i, n, best, end)
}

// walk goes on matching at token i from trie node n, having matched best
// up to end so far.
func (m *matcher) walk(text string, toks []token, i int, n *trieNode, best *entry, end int) (*entry, int) {
	start := i
	if n != &m.root {
		start = -1 // the gap before token i counts
	}
	for j := i; j < len(toks) && n != nil; j++ {
		gap := ""
		if j != start {
			gap = gapKey(text[toks[j-1].end:toks[j].start])
		}
		w := toks[j].word
		if byStart := n.prefix[gap]; byStart != nil {
			for _, l := range n.plens {
				if len(w) >= l {
					if e := byStart[w[:l]]; e != nil {
						best, end = e, j+1
						break
					}
				}
			}
		}
		n = n.next[gap][w]
		if n != nil && n.entry != nil {
			best, end = n.entry, j+1
		}
	}
	return best, end
}

// any reports whether any entry matches anywhere in the tokens.
func (m *matcher) any(text string, toks []token) bool {
	for i := range toks {
		if e, _ := m.at(text, toks, i); e != nil {
			return true
		}
	}
	return false
}

// before reports whether an entry matches among the three tokens before
// token i: "not human error", "not because of human error".
func (m *matcher) before(text string, toks []token, i int) bool {
	for j := max(0, i-3); j < i; j++ {
		if e, end := m.at(text, toks, j); e != nil && end <= i {
			return true
		}
	}
	return false
}

// sentenceStart reports whether the word at byte offset at starts a
// sentence, a line or a list item: nothing but white space, quotes,
// brackets and Markdown marks stands between it and the start of the
// text, a full stop, a colon or a line break.
func sentenceStart(text string, at int) bool {
	for i := at; i > 0; {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		switch r {
		case ' ', '\t', '"', '\'', '\u201c', '\u2018', '(', '[', '*', '_', '`':
			i -= n
			continue
		case '\n', '\r', '.', '!', '?', ':', '-', '>', '#', '|':
			return true
		}
		return false
	}
	return true
}
