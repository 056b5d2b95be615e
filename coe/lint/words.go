package lint

import (
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

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// tokenize splits s into its words, in linear time.
func tokenize(s string) []token {
	var toks []token
	start := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0 && isHyphen(r) && i+n < len(s):
			if next, _ := utf8.DecodeRuneInString(s[i+n:]); isWordRune(next) {
				break // a hyphen inside a word
			}
			toks = append(toks, newToken(s, start, i))
			start = -1
		case start >= 0:
			toks = append(toks, newToken(s, start, i))
			start = -1
		}
		i += n
	}
	if start >= 0 {
		toks = append(toks, newToken(s, start, len(s)))
	}
	return toks
}

func newToken(s string, start, end int) token {
	w := s[start:end]
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

// sameGap reports whether the text between two words of a text matches
// the one between two words of an entry: white space matches white space
// (of any length, across lines), anything else must be equal once the
// white space is dropped ("li.wei").
func sameGap(text, entry string) bool {
	i, j := 0, 0
	for {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		for j < len(entry) && isSpace(entry[j]) {
			j++
		}
		if i == len(text) || j == len(entry) {
			return i == len(text) && j == len(entry)
		}
		if text[i] != entry[j] {
			return false
		}
		i++
		j++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// An entry is one item of a word list, as words.
type entry struct {
	words  []string
	gaps   []string // what stands between words[i] and words[i+1], as written
	prefix bool     // the last word matches any word it starts
	source string   // for names: where the name comes from
}

// A matcher finds the entries of a word list in a text's tokens. Entries
// are found by their first word, so a text costs the same however long the
// list: linear in the text.
type matcher struct {
	first  map[string][]*entry // by first word
	prefix map[string][]*entry // one-word entries ending in *, by the prefix
	plens  []int               // the lengths of the keys of prefix
}

func newMatcher(list []string) *matcher {
	m := &matcher{}
	for _, s := range list {
		m.add(s, "")
	}
	return m
}

// add adds an entry written as s; it reports whether s had a word.
func (m *matcher) add(s, source string) bool {
	s = strings.TrimSpace(s)
	prefix := strings.HasSuffix(s, "*")
	s = strings.TrimSuffix(s, "*")
	toks := tokenize(s)
	if len(toks) == 0 {
		return false
	}
	e := &entry{prefix: prefix, source: source}
	for i, t := range toks {
		e.words = append(e.words, t.word)
		if i > 0 {
			e.gaps = append(e.gaps, s[toks[i-1].end:t.start])
		}
	}
	if prefix && len(e.words) == 1 {
		if m.prefix == nil {
			m.prefix = map[string][]*entry{}
		}
		key := e.words[0]
		if _, seen := m.prefix[key]; !seen && !containsInt(m.plens, len(key)) {
			m.plens = append(m.plens, len(key))
		}
		m.prefix[key] = append(m.prefix[key], e)
		return true
	}
	if m.first == nil {
		m.first = map[string][]*entry{}
	}
	m.first[e.words[0]] = append(m.first[e.words[0]], e)
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

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// at returns the longest entry matching the tokens from i on and the
// index of the token after it, or nil.
func (m *matcher) at(text string, toks []token, i int) (*entry, int) {
	if m == nil || i >= len(toks) {
		return nil, i
	}
	var best *entry
	end := i
	try := func(es []*entry) {
		for _, e := range es {
			if n := len(e.words); i+n > end && e.matches(text, toks, i) {
				best, end = e, i+n
			}
		}
	}
	w := toks[i].word
	try(m.first[w])
	for _, n := range m.plens {
		if len(w) >= n {
			try(m.prefix[w[:n]])
		}
	}
	return best, end
}

func (e *entry) matches(text string, toks []token, i int) bool {
	if i+len(e.words) > len(toks) {
		return false
	}
	last := len(e.words) - 1
	for j, w := range e.words {
		t := toks[i+j]
		if j == last && e.prefix {
			if !strings.HasPrefix(t.word, w) {
				return false
			}
		} else if t.word != w {
			return false
		}
		if j > 0 && !sameGap(text[toks[i+j-1].end:t.start], e.gaps[j-1]) {
			return false
		}
	}
	return true
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
