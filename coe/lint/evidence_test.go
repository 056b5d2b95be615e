package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// action-evidence is off by default: the case of testdata/err, which
// turns it on in its .coe.yaml, reports nothing of it without that
// config; warning and error set its level.
func TestActionEvidenceOffByDefault(t *testing.T) {
	base := filepath.Join("testdata", "err")
	results, cfg := loadCase(t, filepath.Join(base, RuleActionEvidence), base)
	if cfg.Rules[RuleActionEvidence] != "error" {
		t.Fatalf("the case's config sets action-evidence to %q; want error", cfg.Rules[RuleActionEvidence])
	}
	count := func(cfg coe.Config, sev Severity) int {
		n := 0
		for _, d := range Repository(results, Options{Config: cfg, AsOf: testAsOf}) {
			if d.Rule == RuleActionEvidence {
				if d.Severity != sev {
					t.Errorf("%s: severity %s, want %s", d, d.Severity, sev)
				}
				n++
			}
		}
		return n
	}
	if n := count(cfg, Error); n != 1 {
		t.Errorf("turned on: %d findings, want 1 (the done action without evidence)", n)
	}
	if n := count(coe.DefaultConfig(), ""); n != 0 {
		t.Errorf("by default: %d findings, want none", n)
	}
	cfg.Rules = map[string]string{RuleActionEvidence: "warning"}
	if n := count(cfg, Warning); n != 1 {
		t.Errorf("as a warning: %d findings, want 1", n)
	}
	// --explain says how to turn it on.
	var b strings.Builder
	r, _ := LookupRule(RuleActionEvidence)
	if err := WriteExplanation(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Default: off. The rules of .coe.yaml can make it an error, a warning, or off:\n\n    rules:\n      action-evidence: error\n") {
		t.Errorf("explanation:\n%s", b.String())
	}
}
