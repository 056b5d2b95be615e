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
