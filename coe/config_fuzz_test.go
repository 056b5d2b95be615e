package coe

import (
	"path/filepath"
	"testing"
)

// FuzzParseConfig reads any .coe.yaml (it is content a pull request can
// change): it never panics, and the sources it accepts have valid, unique
// names and relative paths that are not the repository itself.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"dir: coes\nsources:\n  - teams/payments\n  - {path: ../delivery-coes, name: delivery}\n",
		"sources: [a, b, {path: c, name: d}]\n",
		"sources: [/etc, ., \"\", ../A_b, {name: x}, {path: [y]}]\n",
		"sources: {path: a}\n",
		"sources:\n  - path: a\n    name: a\n  - path: b\n    name: a\n",
		"code_repos: [../a]\nsources: [../a]\nquality: {high_priority_days: 3}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(ConfigName, data)
		if err != nil {
			return
		}
		if len(cfg.Sources) > MaxSources {
			t.Fatalf("%d sources", len(cfg.Sources))
		}
		names := map[string]bool{}
		for _, s := range cfg.Sources {
			if !ValidSourceName(s.Name) || names[s.Name] {
				t.Fatalf("source name %q accepted", s.Name)
			}
			names[s.Name] = true
			clean := filepath.Clean(filepath.FromSlash(s.Path))
			if s.Path == "" || filepath.IsAbs(s.Path) || clean == "." || s.Pos.Line < 1 {
				t.Fatalf("source %+v accepted", s)
			}
		}
	})
}
