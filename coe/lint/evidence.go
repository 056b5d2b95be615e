package lint

import "github.com/coe-cli/coe/coe"

// action-evidence: off by default (see Off).

func (k *checker) actionEvidence() {
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		if a.Status != coe.ActionDone || len(a.Evidence) > 0 {
			continue
		}
		k.report(k.valuePos(actionPath(i)+".status"), RuleActionEvidence,
			"%s is done but lists no evidence; expected a commit id or URL that shows the work, like %q (coe actions verify --write records the commits that name it)",
			actionLabel(i, a), "evidence: [3f9c2a1]")
	}
}
