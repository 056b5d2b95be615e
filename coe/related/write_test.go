package related

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// repoWith makes a repository of the examples' config and the example COE
// id, and returns it with the COE's path.
func repoWith(t *testing.T, id string) (*coe.Repo, string) {
	t.Helper()
	dir := t.TempDir()
	cfg, err := os.ReadFile("../../examples/.coe.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("../../examples/coes", id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "coes"), 0o755)
	os.WriteFile(filepath.Join(dir, ".coe.yaml"), cfg, 0o644)
	path := filepath.Join(dir, "coes", id+".yaml")
	os.WriteFile(path, src, 0o644)
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r, path
}

// changedLines are the lines of b not in a, in order.
func changedLines(a, b string) []string {
	old := map[string]bool{}
	for _, l := range strings.Split(a, "\n") {
		old[l] = true
	}
	var out []string
	for _, l := range strings.Split(b, "\n") {
		if !old[l] {
			out = append(out, l)
		}
	}
	return out
}

func TestWrite(t *testing.T) {
	const id = "2024-01-28-speaker-groups-stopped-playing"
	r, path := repoWith(t, id)
	before, _ := os.ReadFile(path)
	today := coe.Date{}
	w, err := Write(r, path, []string{"2025-03-11-status-page-down-during-outage", "2025-12-02-x", "2025-12-02-x"}, today)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(w.Added, []string{"2025-12-02-x"}) || w.ID != id ||
		!slices.Equal(w.Related, []string{"2025-03-11-status-page-down-during-outage", "2025-12-02-x"}) {
		t.Errorf("Write = %+v", w)
	}
	after, _ := os.ReadFile(path)
	if got := changedLines(string(before), string(after)); !slices.Equal(got, []string{"related: [2025-03-11-status-page-down-during-outage, 2025-12-02-x]"}) {
		t.Errorf("changed lines = %q", got)
	}
	if strings.Count(string(before), "\n") != strings.Count(string(after), "\n") {
		t.Error("the number of lines changed")
	}
	// Again: nothing to add, nothing written.
	w, err = Write(r, path, []string{"2025-12-02-x"}, today)
	again, _ := os.ReadFile(path)
	if err != nil || len(w.Added) != 0 || string(again) != string(after) {
		t.Errorf("writing again: %+v, %v", w, err)
	}
	if _, err := Write(r, path, []string{id}, today); err == nil || !strings.Contains(err.Error(), "itself") {
		t.Errorf("related to itself: %v", err)
	}
}

func TestWriteNoRelatedKey(t *testing.T) {
	const id = "2024-06-14-packages-shown-delivered-never-arrived"
	r, path := repoWith(t, id)
	before, _ := os.ReadFile(path)
	if _, err := Write(r, path, []string{"2025-03-11-status-page-down-during-outage"}, coe.Date{}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	got := changedLines(string(before), string(after))
	if len(got) != 1 || !strings.HasPrefix(got[0], "related:") || !strings.Contains(got[0], "2025-03-11-status-page-down-during-outage") {
		t.Errorf("added lines = %q", got)
	}
	doc, err := r.Read(path, false)
	if err != nil || !slices.Equal(doc.COE.Related, []string{"2025-03-11-status-page-down-during-outage"}) {
		t.Errorf("read back: %v, %v", doc, err)
	}
}

// TestWriteRace: two writers at once take turns under the repository
// lock; neither loses the other's ids.
func TestWriteRace(t *testing.T) {
	r, path := repoWith(t, "2024-01-28-speaker-groups-stopped-playing")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				if _, err := Write(r, path, []string{fmt.Sprintf("2025-01-0%d-writer-%d", i+1, w)}, coe.Date{}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	doc, err := r.Read(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(doc.COE.Related); got != 11 {
		t.Errorf("related has %d ids, want the first one and 10 written: %q", got, doc.COE.Related)
	}
}
