package remind

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// summariesOf hands on the summaries of files as the warm index does,
// made here from the parsed files.
func summariesOf(set *coe.Set, files []coe.SourceFile) Summaries {
	return func(fn func(i int, path string, sum *coe.Summary, err error)) {
		set.EachFile(files, true, func(i int, res coe.LoadResult) {
			if res.Err != nil {
				fn(i, res.Path, nil, res.Err)
				return
			}
			s := coe.Summarize(res.Doc)
			fn(i, res.Path, &s, nil)
		})
	}
}

// CollectSummaries finds what Collect finds, from summaries: the same
// actions (lines included), in the same order, and the same errors.
func TestCollectSummaries(t *testing.T) {
	org := t.TempDir()
	writeFile(t, filepath.Join(org, ".coe.yaml"), "severities: [sev1]\nsources: [teams/pay]\n")
	writeFile(t, filepath.Join(org, "coes", "2025-01-01-own.yaml"), coeText("2025-01-01-own", "sev1"))
	writeFile(t, filepath.Join(org, "coes", "2025-01-02-broken.yaml"), "version: 1\ntitel: x\n")
	writeFile(t, filepath.Join(org, "coes", "2025-01-03-flow.yaml"),
		"version: 1\nid: 2025-01-03-flow\ntitle: Flow\nstatus: draft\nseverity: sev1\ncorrective_actions: [{id: CA-1, action: x, owner: a, due: 2025-01-01}, {id: CA-2, action: y}]\n")
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
	for _, f := range []Filter{
		{AsOf: asOf, Within: -1},
		{Statuses: coe.ActionStatuses(), AsOf: asOf, Within: -1},
		{Owners: []string{"DANA"}, Within: -1, AsOf: asOf},
		{Overdue: true, Within: -1, AsOf: asOf},
		{Within: 7, AsOf: asOf},
	} {
		want, wantErrs := Collect(set, files, f)
		got, gotErrs := CollectSummaries(files, summariesOf(set, files), f)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v:\n got %+v\nwant %+v", f, got, want)
		}
		if fmt.Sprint(gotErrs) != fmt.Sprint(wantErrs) || len(wantErrs) != 1 {
			t.Errorf("%+v: errors %v, want %v", f, gotErrs, wantErrs)
		}
	}
}
