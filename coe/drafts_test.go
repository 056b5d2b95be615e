package coe

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDraftStepName(t *testing.T) {
	cases := map[int]string{
		0: "not started", 1: "the basics", 2: "question 1, what happened", 3: "question 2, impact",
		4: "question 3, root cause", 5: "question 4, supporting data", 6: "question 5, implications",
		7: "question 6, lessons", 8: "question 7, corrective actions", 9: "telling customers", 10: "the final check", 12: "step 12", -1: "not started",
	}
	for step, want := range cases {
		if got := DraftStepName(step); got != want {
			t.Errorf("DraftStepName(%d) = %q, want %q", step, got, want)
		}
	}
}

// saveDraftAt writes a draft and sets when it was saved.
func saveDraftAt(t *testing.T, r *Repo, name, content string, at time.Time) {
	t.Helper()
	p, err := r.SaveDraft(name+".yaml", []byte(content))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, at, at); err != nil {
		t.Fatal(err)
	}
}

// Drafts are listed newest first, with what they belong to, how far they
// got and the command that continues them; one that does not read is
// listed too, so it can be removed.
func TestListDrafts(t *testing.T) {
	r := newTestRepo(t)
	if ds, err := r.ListDrafts(); err != nil || len(ds) != 0 {
		t.Fatalf("no drafts folder: %v, %v", ds, err)
	}
	t0 := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	saveDraftAt(t, r, "new-20261123-110000", "# coe form draft\nstep: 3\ntitle: Checkout returned 502s\nseverity: sev2\n", t0.Add(-time.Hour))
	saveDraftAt(t, r, "2024-01-28-groups.edit", "step: 8\nid: 2024-01-28-groups\ntitle: Groups stopped\nlessons: [a]\n", t0)
	saveDraftAt(t, r, "2024-01-28-groups", "version: 1\nid: 2024-01-28-groups\ntitle: Groups, as edited\nstatus: draft\n", t0.Add(-2*time.Hour))
	saveDraftAt(t, r, "new-20261123-090000", "step: [3]\n", t0.Add(-3*time.Hour))
	saveDraftAt(t, r, "2024-02-02-x.edit", "step: 2\nid: 2024-03-03-y\n", t0.Add(-4*time.Hour))
	saveDraftAt(t, r, "new-20261123-080000", "title: 'unclosed\n", t0.Add(-5*time.Hour))
	os.WriteFile(filepath.Join(r.DraftsDir(), "notes.txt"), []byte("not a draft"), 0o644)

	ds, err := r.ListDrafts()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		line := strings.Join([]string{d.Name, d.Kind, d.ID, d.Title, d.HowFar(), strings.Join(d.Resume(), " ")}, " | ")
		got = append(got, line)
		if d.Path != r.DraftPath(d.Name) {
			t.Errorf("%s: path %s, want %s", d.Name, d.Path, r.DraftPath(d.Name))
		}
	}
	want := []string{
		"2024-01-28-groups.edit | edit | 2024-01-28-groups | Groups stopped | question 7, corrective actions | coe edit 2024-01-28-groups --resume",
		"new-20261123-110000 | new |  | Checkout returned 502s | question 2, impact | coe new --resume new-20261123-110000",
		"2024-01-28-groups | editor | 2024-01-28-groups | Groups, as edited | the whole file (coe edit --editor) | ",
		"new-20261123-090000 | new |  |  | does not read | coe new --resume new-20261123-090000",
		"2024-02-02-x.edit | edit | 2024-02-02-x |  | does not read | coe edit 2024-02-02-x --resume",
		"new-20261123-080000 | new |  |  | does not read | coe new --resume new-20261123-080000",
	}
	if !slices.Equal(got, want) {
		t.Errorf("ListDrafts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !ds[0].Saved.Equal(t0) {
		t.Errorf("saved %s, want %s", ds[0].Saved, t0)
	}
	for i, w := range map[int]string{3: "step is [3]; expected a whole number", 4: `the draft is of "2024-03-03-y", not of "2024-02-02-x" as its name says`, 5: "new-20261123-080000.yaml"} {
		if ds[i].Err == nil || !strings.Contains(ds[i].Err.Error(), w) {
			t.Errorf("%s: error %v, want %q", ds[i].Name, ds[i].Err, w)
		}
	}
}

// A draft is found by the name coe drafts shows, its file name or a path;
// anything else is an error naming the nearest drafts.
func TestFindDraft(t *testing.T) {
	r := newTestRepo(t)
	r.WorkDir = r.Root
	if _, err := r.FindDraft("new-1"); err == nil || err.Error() != `no draft "new-1" in .coe/drafts (there are none)` {
		t.Errorf("no drafts: %v", err)
	}
	saveDraftAt(t, r, "new-20261123-110000", "step: 3\n", time.Now())
	saveDraftAt(t, r, "2024-01-28-groups.edit", "step: 2\n", time.Now())
	for _, ref := range []string{"new-20261123-110000", "new-20261123-110000.yaml", ".coe/drafts/new-20261123-110000.yaml", r.DraftPath("new-20261123-110000")} {
		d, err := r.FindDraft(ref)
		if err != nil || d.Name != "new-20261123-110000" || d.Step != 3 {
			t.Errorf("FindDraft(%q) = %+v, %v", ref, d, err)
		}
	}
	os.WriteFile(filepath.Join(r.Root, "elsewhere.yaml"), []byte("step: 1\n"), 0o644)
	bad := map[string]string{
		"new-20261123-11000":     `no draft "new-20261123-11000" in .coe/drafts; did you mean "new-20261123-110000"?`,
		"2024-01-28-groups.edi":  `did you mean "2024-01-28-groups.edit"?`,
		"zzz":                    `no draft "zzz" in .coe/drafts; coe drafts lists them`,
		"./elsewhere.yaml":       `./elsewhere.yaml is not in .coe/drafts; expected a draft that coe drafts lists`,
		"../../../../etc/passwd": `is outside the repository`,
		"":                       `no draft named; expected a name from coe drafts`,
	}
	for ref, want := range bad {
		if _, err := r.FindDraft(ref); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("FindDraft(%q) = %v, want %q", ref, err, want)
		}
	}
	d, _ := r.FindDraft("2024-01-28-groups.edit")
	if err := r.RemoveDraft(d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.Path); !os.IsNotExist(err) {
		t.Errorf("the draft is still there: %v", err)
	}
	if err := r.RemoveDraft(Draft{Path: filepath.Join(r.Root, ConfigName)}); err == nil {
		t.Error("RemoveDraft removed a file outside the drafts folder")
	}
}

// Two new forms started in the same second get drafts of their own.
func TestFreshDraftName(t *testing.T) {
	r := newTestRepo(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.FixedZone("", 3600))
	if got := r.FreshDraftName(now); got != "new-20261123-110000" {
		t.Fatalf("FreshDraftName = %q", got)
	}
	saveDraftAt(t, r, "new-20261123-110000", "step: 1\n", now)
	saveDraftAt(t, r, "new-20261123-110000-2", "step: 1\n", now)
	if got := r.FreshDraftName(now); got != "new-20261123-110000-3" {
		t.Errorf("FreshDraftName with two taken = %q, want new-20261123-110000-3", got)
	}
}
