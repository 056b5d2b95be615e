package stats

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// Read keeps an Entry of each COE that reads and the error of each that
// does not, in file order.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples")); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "coes", "2026-01-01-bad.yaml")
	if err := os.WriteFile(bad, []byte("id: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	set := coe.Single(r)
	files, err := set.Files()
	if err != nil || len(files) != 6 {
		t.Fatalf("files: %v, %d", err, len(files))
	}
	entries, errs := Read(set, files)
	if len(entries) != 5 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "2026-01-01-bad.yaml") {
		t.Fatalf("Read: %d entries, errors %v", len(entries), errs)
	}
	if entries[0].ID != "2024-01-28-speaker-groups-stopped-playing" || entries[0].Severity != "sev2" || len(entries[0].Actions) == 0 {
		t.Errorf("first entry: %+v", entries[0])
	}
	if got := Factors(set); len(got) == 0 || got[0] != r.Config.FactorNames()[0] {
		t.Errorf("Factors = %q", got)
	}
}

func TestCheckFactors(t *testing.T) {
	tax := []string{"config-change", "capacity", "missing-alerting"}
	for _, c := range []struct {
		given    []string
		taxonomy []string
		want     string
	}{
		{[]string{"anything"}, nil, ""},
		{[]string{"capacity", "config-change"}, tax, ""},
		{[]string{"missing-alerts"}, tax, `--factor "missing-alerts" is not in the factors of .coe.yaml; did you mean "missing-alerting"?`},
		{[]string{"zzzzzzzzzzzzzzzz"}, tax, `expected one of config-change, capacity, missing-alerting`},
	} {
		err := CheckFactors(c.given, c.taxonomy)
		switch {
		case c.want == "" && err != nil, c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckFactors(%q) = %v, want %q", c.given, err, c.want)
		}
	}
}

// ReadSummaries reads what Read reads, from the COEs' summaries.
func TestReadSummaries(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "coes", "2026-01-01-bad.yaml"), []byte("id: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	set := coe.Single(r)
	files, _ := set.Files()
	want, wantErrs := Read(set, files)
	got, gotErrs := ReadSummaries(files, func(fn func(i int, path string, sum *coe.Summary, err error)) {
		set.EachFile(files, true, func(i int, res coe.LoadResult) {
			if res.Err != nil {
				fn(i, res.Path, nil, res.Err)
				return
			}
			s := coe.Summarize(res.Doc)
			fn(i, res.Path, &s, nil)
		})
	})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadSummaries:\n got %+v\nwant %+v", got, want)
	}
	if len(gotErrs) != 1 || len(wantErrs) != 1 || gotErrs[0].Error() != wantErrs[0].Error() {
		t.Errorf("errors %v, want %v", gotErrs, wantErrs)
	}
}
