package lint

import (
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/coe-cli/coe/coe"
)

// Rules of contributing factors.
const (
	RuleFactorUnknown   = "factor-unknown"
	RuleFactorDuplicate = "factor-duplicate"
)

var factorRules = []Rule{
	{
		ID: RuleFactorUnknown, Default: Error,
		Summary: "contributing factors are names of the factors taxonomy of .coe.yaml, when it has one",
		Explanation: `When .coe.yaml lists factors, a taxonomy of contributing factors, every name in a COE's
contributing_factors must be one of them: coe stats counts COEs by factor, and a misspelt
or home-made name would split one factor in two and hide a recurrence. The message suggests
the nearest names. Fix the spelling, pick the factor that fits, or add the new one to the
taxonomy:

    # .coe.yaml
    factors:
      - config-change
      - {name: missing-alerting, description: No alert fired before customers noticed.}

    # the COE
    contributing_factors: [config-change, missing-alerting]

Without a taxonomy any name is accepted, but not a blank one.`,
	},
	{
		ID: RuleFactorDuplicate, Default: Error,
		Summary: "a COE names each contributing factor once",
		Explanation: `A factor named twice in one COE counts once in coe stats; the second is a slip, often a
merge of two edits. It is reported at the second, naming the line of the first. Remove it:

    contributing_factors: [config-change, missing-alerting]`,
	},
}

// factorSet is the taxonomy of a config as a set, built once for a lint
// run: the last one built, by the taxonomy it was built from.
type factorSet struct {
	first *coe.Factor
	n     int
	names map[string]bool
	list  []string
}

var factorSetLast atomic.Pointer[factorSet]

func factorSetFor(cfg *coe.Config) *factorSet {
	if len(cfg.Factors) == 0 {
		return nil
	}
	if s := factorSetLast.Load(); s != nil && s.first == &cfg.Factors[0] && s.n == len(cfg.Factors) {
		return s
	}
	s := &factorSet{first: &cfg.Factors[0], n: len(cfg.Factors), names: make(map[string]bool, len(cfg.Factors)), list: cfg.FactorNames()}
	for _, f := range cfg.Factors {
		s.names[f.Name] = true
	}
	factorSetLast.Store(s)
	return s
}

// factors checks contributing_factors: each a name of the taxonomy when
// the config has one (not blank when it has none), each once.
func (k *checker) factors() {
	list := k.c.ContributingFactors
	if len(list) == 0 {
		return
	}
	set := factorSetFor(&k.opts.Config)
	first := make(map[string]int, len(list)) // factor -> line of its first mention
	for i, f := range list {
		pos := k.valuePos(fmt.Sprintf("contributing_factors[%d]", i))
		switch {
		case strings.TrimSpace(f) == "":
			k.report(pos, RuleFactorUnknown, "contributing_factors[%d] is blank; expected a factor name, like %q", i, k.factorExample(set))
			continue
		case set != nil && !set.names[f]:
			k.report(pos, RuleFactorUnknown, "%s", unknownFactor(f, set))
		}
		if line, dup := first[f]; dup {
			k.report(pos, RuleFactorDuplicate, "contributing factor %q is named twice (first at line %d); name each factor once", f, line)
			continue
		}
		first[f] = pos.Line
	}
}

func (k *checker) factorExample(set *factorSet) string {
	if set != nil {
		return set.list[0]
	}
	return "config-change"
}

func unknownFactor(f string, set *factorSet) string {
	msg := fmt.Sprintf("contributing factor %q is not in the factors of %s", f, coe.ConfigName)
	switch near := coe.Nearest(f, set.list, 3); {
	case len(near) > 0:
		return msg + "; did you mean " + orList(near) + "?"
	case len(set.list) <= 10:
		return msg + "; expected one of " + quoteList(set.list)
	}
	return msg + fmt.Sprintf("; expected one of its %d factors, or add %q to it", len(set.list), f)
}
