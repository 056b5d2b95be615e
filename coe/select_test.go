package coe

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// PATH arguments as coe lint takes them: a file is itself, the repository
// or its COE folder is every COE, another folder its *.yaml files.
func TestRepoSelect(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "repo")
	if out, err := exec.Command("cp", "-R", "../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	other := filepath.Join(top, "elsewhere")
	os.Mkdir(other, 0o755)
	os.WriteFile(filepath.Join(other, "2024-01-01-x.yaml"), []byte("version: 1\n"), 0o644)
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(other, ".hidden.yaml"), []byte("x"), 0o644)

	r, err := FindRepoOf(top, "repo/coes/2024-01-28-speaker-groups-stopped-playing.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r.WorkDir != top || r.Root != dir {
		t.Fatalf("FindRepoOf: root %s, work dir %s", r.Root, r.WorkDir)
	}
	all, _ := r.Files()
	one := filepath.Join(dir, "coes", "2024-01-28-speaker-groups-stopped-playing.yaml")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, all},
		{[]string{"repo"}, all},
		{[]string{"repo/coes", "repo/coes/2024-01-28-speaker-groups-stopped-playing.yaml"}, all},
		{[]string{"repo/coes/2024-01-28-speaker-groups-stopped-playing.yaml", "repo/coes/2024-01-28-speaker-groups-stopped-playing.yaml"}, []string{one}},
		{[]string{"elsewhere"}, []string{filepath.Join(other, "2024-01-01-x.yaml")}},
	} {
		got, err := r.Select(tc.args, all)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("Select(%q) = %v, %v; want %v", tc.args, got, err, tc.want)
		}
	}
	if _, err := r.Select([]string{"nowhere"}, all); err == nil || err.Error() != "nowhere: no such file or directory" {
		t.Errorf("a missing PATH: %v", err)
	}
	if got := Except(all, []string{one}); len(got) != len(all)-1 || slices.Contains(got, one) {
		t.Errorf("Except: %v", got)
	}
	if _, err := FindRepoOf(top, "elsewhere"); err == nil || !strings.Contains(err.Error(), "not in a COE repository") {
		t.Errorf("FindRepoOf outside a repository: %v", err)
	}
}

// The editor's working copy is as deep in .coe as the COE is in the
// repository, so its schema line finds the schema.
func TestWorkingCopy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repo")
	if out, err := exec.Command("cp", "-R", "../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	r, err := OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(dir, "a", "b", "x.yaml")
	for _, tc := range []struct{ path, schema string }{
		{r.PathOf("2024-01-28-speaker-groups-stopped-playing"), "../coe.schema.json"},
		{deep, "../../coe.schema.json"},
	} {
		p, cleanup, err := r.WorkingCopy(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p, filepath.Join(dir, ".coe")+string(filepath.Separator)) || filepath.Base(p) == "" {
			t.Errorf("working copy %s is not in .coe", p)
		}
		rel, _ := filepath.Rel(filepath.Dir(p), filepath.Join(dir, "coe.schema.json"))
		if rel != tc.schema {
			t.Errorf("%s: the schema is %s from the copy, want %s as from the COE", tc.path, rel, tc.schema)
		}
		cleanup()
	}
}
