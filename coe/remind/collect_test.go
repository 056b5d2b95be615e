package remind

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const collectCOE = `version: 1
id: %ID%
title: A COE
status: draft
severity: %SEV%
corrective_actions:
  - id: CA-1
    action: Late one.
    owner: Dana
    due: 2026-01-01
  - id: CA-2
    action: Done one.
    owner: kenji
    due: 2026-01-02
    status: done
    done_at: 2026-01-03
    evidence: [https://ci.example/1]
  - id: CA-3
    action: Soon.
    owner: dana
    due: 2026-11-25
    status: in-progress
  - id: CA-4
    action: Far.
    owner: raj
    due: 2027-06-01
`

func coeText(id, sev string) string {
	return strings.NewReplacer("%ID%", id, "%SEV%", sev).Replace(collectCOE)
}

// Collect reads the COEs of a repository and its sources, each with its
// own severities, keeps the actions the filter lets through in action
// order, marks a source's with its name, and reports a file that does not
// read without losing the others'.
func TestCollect(t *testing.T) {
	org := t.TempDir()
	writeFile(t, filepath.Join(org, ".coe.yaml"), "severities: [sev1]\nsources: [teams/pay]\n")
	writeFile(t, filepath.Join(org, "coes", "2025-01-01-own.yaml"), coeText("2025-01-01-own", "sev1"))
	writeFile(t, filepath.Join(org, "coes", "2025-01-02-broken.yaml"), "version: 1\ntitel: x\n")
	writeFile(t, filepath.Join(org, "teams", "pay", ".coe.yaml"), "severities: [P1]\n")
	writeFile(t, filepath.Join(org, "teams", "pay", "coes", "2025-02-01-pay.yaml"), coeText("2025-02-01-pay", "P1"))
	r, err := coe.OpenRepo(org)
	if err != nil {
		t.Fatal(err)
	}
	r.WorkDir = org
	set, err := r.Set(true)
	if err != nil {
		t.Fatal(err)
	}
	files, err := set.Files()
	if err != nil {
		t.Fatal(err)
	}
	asOf := date(t, "2026-11-23")
	key := func(acts []Action) []string {
		var out []string
		for _, a := range acts {
			out = append(out, a.COE+"#"+a.ID)
		}
		return out
	}
	acts, bad := Collect(set, files, Filter{AsOf: asOf, Within: -1})
	want := []string{
		"2025-01-01-own#CA-1", "pay/2025-02-01-pay#CA-1",
		"2025-01-01-own#CA-3", "pay/2025-02-01-pay#CA-3",
		"2025-01-01-own#CA-4", "pay/2025-02-01-pay#CA-4",
	}
	if got := key(acts); !slices.Equal(got, want) {
		t.Errorf("open actions = %q\nwant %q", got, want)
	}
	if len(bad) != 1 || !strings.HasPrefix(bad[0].Error(), filepath.Join("coes", "2025-01-02-broken.yaml")+":2:1:") {
		t.Errorf("errors = %v, want the broken file at its line", bad)
	}
	p := acts[1]
	if p.Source != "pay" || p.File != "pay/2025-02-01-pay" || p.Path != filepath.Join("teams", "pay", "coes", "2025-02-01-pay.yaml") || p.Line != 7 || p.Status != coe.ActionOpen || p.Late(asOf) != 326 {
		t.Errorf("a source's action = %+v", p)
	}
	if acts[0].Source != "" || acts[0].File != "2025-01-01-own" {
		t.Errorf("the repository's own action = %+v", acts[0])
	}

	for _, tc := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"owner, case aside", Filter{Owners: []string{"DANA"}, Within: -1}, []string{"2025-01-01-own#CA-1", "pay/2025-02-01-pay#CA-1", "2025-01-01-own#CA-3", "pay/2025-02-01-pay#CA-3"}},
		{"overdue", Filter{Overdue: true, Within: -1}, []string{"2025-01-01-own#CA-1", "pay/2025-02-01-pay#CA-1"}},
		{"due within 7 days", Filter{Within: 7}, []string{"2025-01-01-own#CA-1", "pay/2025-02-01-pay#CA-1", "2025-01-01-own#CA-3", "pay/2025-02-01-pay#CA-3"}},
		{"done", Filter{Statuses: []string{coe.ActionDone}, Within: -1}, []string{"2025-01-01-own#CA-2", "pay/2025-02-01-pay#CA-2"}},
	} {
		tc.f.AsOf = asOf
		got, _ := Collect(set, files, tc.f)
		if !slices.Equal(key(got), tc.want) {
			t.Errorf("%s: %q\nwant %q", tc.name, key(got), tc.want)
		}
		if tc.name == "done" && !slices.Equal(got[0].Evidence, []string{"https://ci.example/1"}) {
			t.Errorf("evidence = %q", got[0].Evidence)
		}
	}
}
