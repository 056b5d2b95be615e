package coe

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// QualityConfig tunes the quality rules of coe lint: quality: in
// .coe.yaml. Linting keeps what it builds from a config by the config's
// QualityConfig and roster, so treat one as read-only once it is in use.
type QualityConfig struct {
	// Words are the lists given, by name (see KeysQualityWords): each
	// extends the built-in list of that name, or with Replace replaces it.
	Words map[string][]string
	// Replace makes each list of Words replace the built-in one instead of
	// extending it (the lists not given keep theirs).
	Replace bool
	// HighPriorityDays is how many days after the COE was submitted a
	// high-priority action may be due; 0 means the default,
	// DefaultHighPriorityDays.
	HighPriorityDays int
	// Pos is where the value of each key of quality: is in the file.
	Pos map[string]Position
}

// DefaultHighPriorityDays is how many days after submission a
// high-priority corrective action may be due, unless quality:
// high_priority_days says otherwise.
const DefaultHighPriorityDays = 30

// MaxHighPriorityDays bounds quality: high_priority_days (ten years).
const MaxHighPriorityDays = 3650

// Bounds on the word lists of quality:, so that a repository's config
// cannot make linting slow: at most MaxQualityEntries entries a list, each
// at most MaxQualityEntry bytes.
const (
	MaxQualityEntries = 10000
	MaxQualityEntry   = 100
)

var (
	keysQualityWords = []string{"names", "blame", "negations", "compounds", "everyday_names", "intentions", "mechanisms", "none_answers", "numbers"}
	keysQuality      = append(slices.Clone(keysQualityWords), "replace", "high_priority_days")
)

// KeysQuality are the keys of quality: in .coe.yaml.
func KeysQuality() []string { return slices.Clone(keysQuality) }

// KeysQualityWords are the keys of quality: that name a word list.
func KeysQualityWords() []string { return slices.Clone(keysQualityWords) }

// Days is HighPriorityDays, or its default when unset.
func (q *QualityConfig) Days() int {
	if q == nil || q.HighPriorityDays <= 0 {
		return DefaultHighPriorityDays
	}
	return q.HighPriorityDays
}

// quality decodes quality:, a mapping of word lists, replace and
// high_priority_days.
func (d *decoder) quality(n *yaml.Node) *QualityConfig {
	if isNull(n) {
		return nil
	}
	q := &QualityConfig{Words: map[string][]string{}, Pos: map[string]Position{}}
	d.mapping(n, "quality", keysQuality, func(key string, v *yaml.Node) {
		q.Pos[key] = Position{Line: v.Line, Col: v.Column}
		what := "quality." + key
		switch key {
		case "replace":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				d.errorf(v, RuleConfig, "%s is %s; expected true (the lists given replace the built-in ones) or false (they extend them)", what, kindName(v))
				return
			}
			q.Replace = v.Value == "true"
		case "high_priority_days":
			days, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || err != nil || days < 1 || days > MaxHighPriorityDays {
				d.errorf(v, RuleConfig, "%s is %s; expected a whole number of days from 1 to %d, like 30", what, kindName(v), MaxHighPriorityDays)
				return
			}
			q.HighPriorityDays = days
		default:
			q.Words[key] = d.wordList(v, what)
		}
	})
	return q
}

// wordList decodes one word list of quality:: texts of words, each with a
// letter or a digit, a * only at the end (a word that starts so).
func (d *decoder) wordList(n *yaml.Node, what string) []string {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleConfig, "%s is %s; expected a list of words or phrases, like [human error, forgot to]", what, kindName(n))
		return nil
	}
	if len(n.Content) > MaxQualityEntries {
		d.errorf(n, RuleConfig, "%s has %d entries; a list may hold at most %d", what, len(n.Content), MaxQualityEntries)
		return nil
	}
	out := []string{}
	for i, c := range n.Content {
		item := fmt.Sprintf("%s[%d]", what, i)
		s := strings.TrimSpace(d.str(c, item))
		if c.Kind != yaml.ScalarNode {
			continue
		}
		switch star := strings.Index(s, "*"); {
		case s == "":
			d.errorf(c, RuleConfig, "%s is empty; expected a word or a phrase", item)
		case len(s) > MaxQualityEntry:
			d.errorf(c, RuleConfig, "%s is %d bytes long; an entry is a word or a short phrase of at most %d bytes", item, len(s), MaxQualityEntry)
		case !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
			d.errorf(c, RuleConfig, "%s %q has no letter or digit; expected a word or a phrase", item, s)
		case star >= 0 && (star != len(s)-1 || star == 0 || !isWordEnd(s[:star])):
			d.errorf(c, RuleConfig, "%s %q has a * that does not end a word; expected it only at the end, like remind* (remind, reminds, reminded, reminder)", item, s)
		default:
			out = append(out, s)
		}
	}
	return out
}

// isWordEnd reports whether s ends with a letter or a digit.
func isWordEnd(s string) bool {
	r := []rune(s)
	return len(r) > 0 && (unicode.IsLetter(r[len(r)-1]) || unicode.IsDigit(r[len(r)-1]))
}
