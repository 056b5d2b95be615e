package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// FuzzLint reads arbitrary bytes as a COE (with positions kept) and lints
// the result: it must never panic, and every diagnostic must be well formed
// and in order. Seeds: every COE in testdata and in the examples; crashers
// found land in testdata/fuzz/FuzzLint.
//
//	go test ./coe/lint -run '^$' -fuzz FuzzLint -fuzztime 30s
func FuzzLint(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"testdata/err/*/*.y*ml", "testdata/ok/*.yaml", "../../examples/coes/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, m...)
	}
	if len(seeds) < 60 {
		f.Fatalf("only %d seeds found", len(seeds))
	}
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil { // read-error's seed is a folder
			f.Add(data)
		}
	}
	// Shapes the files above do not have: a BOM and CRLF, null and
	// wrong-kind items where mappings belong, empty sections at review.
	for _, s := range []string{
		"\ufeffversion: 1\r\nid: 2024-05-01-fuzz\r\ntitle: t\r\nstatus: closed\r\nseverity: sev1\r\ncorrective_actions:\r\n  - id: CA-1\r\n    owner: dana\r\n    status: done\r\n",
		"version: 1\nid: 2024-05-01-fuzz\nstatus: review\ncorrective_actions:\n  -\n  - text\n  - [a]\n  - {}\ntimeline: [1, {at: 2024-01-01T00:00:00Z}, {at: 2023-01-01T00:00:00Z}]\n",
		"version: 1\nstatus: approved\nincident: [x]\nimpact: text\nroot_cause: {summary: [a]}\nsupporting_data: {title: x}\nlessons: [[a]]\ncorrective_actions: {id: CA-1}\nrelated: 2024-01-01-x\n",
		"version: 1\nid: 2024-05-01-fuzz\nstatus: review\nincident:\n  started_at: 2024-01-01T10:00:00+14:00\n  detected_at: 2024-01-01T00:00:00-12:00\nrelated: [2024-05-01-fuzz, 2024-04-20-checkout-timeout, '']\n",
		// The quality rules: a name, a phrase, a word inside a plain
		// scalar on one line and on two, lessons equal to actions.
		"version: 1\nstatus: review\nauthors: [dana]\nroot_cause:\n  summary: Human error.\n  whys:\n    - Because dana's push, Will, Alex Moreno\n      forgot to.\n    - \"careless\"\n    - human-readable, not operator error budget\nimplications: {security: N/A}\nlessons: [Remind the team., Remind the team.]\ncorrective_actions:\n  - {id: CA-1, action: Remind the team., owner: dana, priority: high, due: 2025-01-01}\n  - {id: CA-2, action: remind the team, owner: dana}\n",
	} {
		f.Add([]byte(s))
	}
	cfg := coe.DefaultConfig()
	cfg.Owners = []string{"dana", "kenji", "li.wei", "priya", "will"}
	// The quality rules run on every status, with a config's lists too.
	cfg.Quality = &coe.QualityConfig{Words: map[string][]string{
		"names": {"Alex Moreno"}, "blame": {"menschliches Versagen", "vergaß*"}, "intentions": {"erinner*"},
	}, HighPriorityDays: 20}
	// A factors taxonomy, so that unknown factors get their suggestions.
	cfg.Factors = []coe.Factor{{Name: "config-change"}, {Name: "capacity"}, {Name: "missing-alerting"}}
	// The public section's rules, with internal domains and both lists.
	cfg.InternalDomains = []string{"corp.example.net"}
	cfg.Public = &coe.PublicConfig{Deny: []string{"project-falcon", "night shift"}, Allow: []string{"support@example.com"}, Required: []string{"sev1"}}
	opts := Options{
		Config:   cfg,
		AllRules: true,
		AsOf:     coe.Date{Year: 2024, Month: 6, Day: 1},
		IDs: map[string][]string{
			"2024-05-01-fuzz":              {"coes/2024-05-01-fuzz.yaml", "coes/copy.yaml"},
			"2024-04-20-checkout-timeouts": {"coes/2024-04-20-checkout-timeouts.yaml"},
		},
	}
	const path = "coes/2024-05-01-fuzz.yaml"
	badVerb := regexp.MustCompile(`%!([a-zA-Z]?\(|\(NOVERB\))`)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := coe.Parse(path, data, coe.ReadOptions{Severities: cfg.Severities, KeepNode: true})
		ds := File(coe.LoadResult{Path: path, Doc: doc, Err: err}, opts)
		if err != nil && len(ds) == 0 {
			t.Fatalf("read error %v gave no diagnostic", err)
		}
		for _, d := range ds {
			checkDiagnostic(t, d)
			if d.Path != path {
				t.Errorf("%s: path %q", d, d.Path)
			}
			// fmt's marks of a bad verb ("%!v(MISSING)", "%!(EXTRA ...)",
			// "%!(NOVERB)"), unless the file itself holds the text
			// (found by FuzzLint: a file of "0%!" is quoted as it is).
			if m := badVerb.FindString(d.Message); m != "" && !bytes.Contains(data, []byte(m)) {
				t.Errorf("%s: bad format verb", d)
			}
		}
		if !sort.SliceIsSorted(ds, func(i, j int) bool {
			return ds[i].Line < ds[j].Line || ds[i].Line == ds[j].Line && ds[i].Col < ds[j].Col
		}) {
			t.Errorf("not sorted:\n%s", render(ds))
		}
	})
}
