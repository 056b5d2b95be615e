package changed

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

const (
	speakers = "2024-01-28-speaker-groups-stopped-playing"
	status   = "2025-03-11-status-page-down-during-outage" // related to speakers, and back
	shoe     = "2025-08-18-orthopaedic-shoe-prescription-lost-between-providers"
)

// gitRepo copies the examples into a new git repository, everything
// committed on main, nested one folder down in the checkout, and opens it.
func gitRepo(t *testing.T) (*coe.Repo, func(args ...string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed: coe lint --changed works on git repositories")
	}
	top := t.TempDir()
	dir := filepath.Join(top, "postmortems")
	if out, err := exec.Command("cp", "-R", "../../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	home := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = top
		cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "COEs")
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r, git
}

func ids(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, strings.TrimSuffix(filepath.Base(p), ".yaml"))
	}
	return out
}

// What the index holds is what is checked: a COE staged with an error and
// fixed only in the work tree is selected with its staged bytes, and a
// note names it as not staged.
func TestStagedChanged(t *testing.T) {
	r, git := gitRepo(t)
	base, since, err := Base(r, "")
	if err != nil || !strings.HasPrefix(since, "the merge base with main (") {
		t.Fatalf("Base: %q %q %v", base, since, err)
	}
	p := r.PathOf(shoe)
	orig, _ := os.ReadFile(p)
	staged := strings.Replace(string(orig), "status: review", "status: [review]", 1)
	os.WriteFile(p, []byte(staged), 0o644)
	git("add", ".")
	os.WriteFile(p, orig, 0o644)

	s, err := ReadStaged(r)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := r.Files()
	if !slices.Equal(s.Paths, all) {
		t.Errorf("staged paths %v, want the repository's %v", ids(s.Paths), ids(all))
	}
	files, also, err := s.Changed(base, s.Paths)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(files), []string{shoe}) || also != 0 {
		t.Errorf("changed: %v (+%d), want only %s", ids(files), also, shoe)
	}
	if string(s.Data[p]) != staged {
		t.Error("the staged bytes are not what is checked")
	}
	if note := s.NotStaged(); !strings.Contains(note, shoe+".yaml (changes not staged)") {
		t.Errorf("note: %q", note)
	}
}

// A COE deleted in the index leaves a dangling related link in the COE
// that names it: that COE is checked too, and counted as such.
func TestStagedDeletionChecksWhoNamesIt(t *testing.T) {
	r, git := gitRepo(t)
	base, _, err := Base(r, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	git("rm", "-q", "--cached", "postmortems/coes/"+status+".yaml")
	s, err := ReadStaged(r)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(s.Paths), status) {
		t.Error("a COE deleted in the index is still one of the repository's")
	}
	files, also, err := s.Changed(base, s.Paths)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(files), []string{speakers}) || also != 1 {
		t.Errorf("changed: %v (+%d), want %s, which names the deleted COE", ids(files), also, speakers)
	}
	if note := s.NotStaged(); !strings.Contains(note, status+".yaml (untracked)") {
		t.Errorf("note: %q", note)
	}
}

// In the work tree: what changed on disk, committed or not.
func TestWorkTree(t *testing.T) {
	r, _ := gitRepo(t)
	base, _, err := Base(r, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	p := r.PathOf(shoe)
	data, _ := os.ReadFile(p)
	os.WriteFile(p, append(data, "# a comment\n"...), 0o644)
	all, _ := r.Files()
	files, also, err := WorkTree(r, base, all)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(files), []string{shoe}) || also != 0 {
		t.Errorf("changed: %v (+%d)", ids(files), also)
	}
	os.Remove(r.PathOf(status))
	all, _ = r.Files()
	files, also, _ = WorkTree(r, base, all)
	if !slices.Equal(ids(files), []string{speakers, shoe}) || also != 1 {
		t.Errorf("after a deletion: %v (+%d), want %s too", ids(files), also, speakers)
	}
}

func TestBaseErrors(t *testing.T) {
	r, git := gitRepo(t)
	if _, _, err := Base(r, "no-such-branch"); err == nil || !strings.HasPrefix(err.Error(), "--changed=no-such-branch: ") {
		t.Errorf("an unknown REV: %v", err)
	}
	git("branch", "-q", "-m", "main", "work")
	if _, _, err := Base(r, ""); err == nil || !strings.Contains(err.Error(), "found no default branch to compare with") {
		t.Errorf("no default branch: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "plain")
	if out, err := exec.Command("cp", "-R", "../../examples", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	plain, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Base(plain, ""); err == nil || !strings.Contains(err.Error(), "needs a git repository") {
		t.Errorf("outside git: %v", err)
	}
}

// Annotations name files from the root of the checkout, with slashes.
func TestCheckoutRel(t *testing.T) {
	r, _ := gitRepo(t)
	name := CheckoutRel(r)(r.PathOf(shoe))
	if want := "postmortems/coes/" + shoe + ".yaml"; name != want {
		t.Errorf("CheckoutRel = %q, want %q", name, want)
	}
}

// Select and Run: what coe lint --changed checks, as one call.
func TestSelectRun(t *testing.T) {
	r, git := gitRepo(t)
	p := r.PathOf(shoe)
	data, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(data), "status: review", "status: [review]", 1)), 0o644)
	git("add", ".")
	sel, err := Select(r, nil, Options{Rev: "HEAD"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(sel.Files), []string{shoe}) || len(sel.Others) != 4 || sel.Since != "HEAD" || sel.Staged == nil {
		t.Fatalf("selection: files %v, %d others, since %q", ids(sel.Files), len(sel.Others), sel.Since)
	}
	res, err := sel.Run(r, r.Rel, lint.Options{Config: r.Config})
	if err != nil || res.Files != 1 || res.Errors == 0 {
		t.Errorf("run: %+v, %v; want the staged error found", res, err)
	}
	// Fixed in the work tree only: --worktree finds nothing wrong.
	os.WriteFile(p, data, 0o644)
	sel, err = Select(r, nil, Options{Rev: "HEAD", WorkTree: true})
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := sel.Run(r, r.Rel, lint.Options{Config: r.Config}); sel.Staged != nil || len(sel.Files) != 0 || res.Files != 0 {
		t.Errorf("work tree: %v, %+v", ids(sel.Files), res)
	}
}
