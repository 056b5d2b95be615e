package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// orgRepo makes, under root, an organisation's repository "org" (the
// examples and n generated COEs, every tenth naming the next and a COE
// that does not exist in related:) that reads a team's repository "team"
// (teamN generated COEs) as the source "team". It returns org's folder,
// the team's, and the generated COEs' ids.
func orgRepo(t *testing.T, root string, n, teamN int) (dir, team string, ids []string) {
	t.Helper()
	dir = filepath.Join(root, "org")
	team = filepath.Join(root, "team")
	if err := exec.Command("cp", "-R", "../../examples", dir).Run(); err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile(filepath.Join(dir, coe.ConfigName))
	if err != nil {
		t.Fatal(err)
	}
	config = append(config, "sources:\n  - {path: ../team, name: team}\n"...)
	writeFile(t, filepath.Join(dir, coe.ConfigName), config)
	coes := filepath.Join(dir, "coes")
	for i := range n {
		c := corpus.COE(i)
		if i%10 == 0 { // related ids, one naming nothing
			c.Related = []string{corpus.COE(i + 1).ID, "2019-01-01-nothing-of-the-kind"}
		}
		data, err := coe.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(coes, c.ID+".yaml"), data)
		ids = append(ids, c.ID)
	}
	if err := corpus.WriteRepo(team, teamN); err != nil {
		t.Fatal(err)
	}
	return dir, team, ids
}
