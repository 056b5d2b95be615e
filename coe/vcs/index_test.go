package vcs

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Changes against the index sees what the next commit would hold: staged
// changes and staged deletions, each with its blob; not what is changed in
// the work tree only, nor untracked files.
func TestChangesAgainstIndex(t *testing.T) {
	dir, git := gitRepo(t, "main")
	for _, name := range []string{"coes/a.yaml", "coes/b.yaml", "coes/c.yaml", "coes/d.yaml", "coes/e.yaml", "README.md"} {
		write(t, dir, name, "old "+name+"\n")
	}
	base := branchOff(git)
	write(t, dir, "coes/a.yaml", "committed\n")
	git("commit", "-q", "-am", "change a")
	write(t, dir, "coes/b.yaml", "staged\n")
	git("add", "coes/b.yaml")
	write(t, dir, "coes/b.yaml", "staged, then changed again\n") // the index keeps "staged"
	write(t, dir, "coes/c.yaml", "not staged\n")
	git("rm", "-q", "--cached", "coes/d.yaml") // deleted in the index, still on disk
	write(t, dir, "coes/new.yaml", "added\n")
	git("add", "coes/new.yaml")
	write(t, dir, "coes/untracked.yaml", "x\n")
	if err := os.Symlink("../README.md", filepath.Join(dir, "coes", "link.yaml")); err != nil {
		t.Skip(err)
	}
	git("add", "coes/link.yaml")

	changes, err := Changes(dir, base, Index, "coes")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Change{}
	for _, c := range changes {
		got[c.Path] = c
	}
	if len(got) != 5 {
		t.Errorf("changes: %+v; want a, b, d, new and link", changes)
	}
	blob := func(path string) string { return git("rev-parse", ":"+path) }
	for path, want := range map[string]Change{
		"coes/a.yaml":    {Status: 'M', Mode: "100644", Object: blob("coes/a.yaml")},
		"coes/b.yaml":    {Status: 'M', Mode: "100644", Object: blob("coes/b.yaml")},
		"coes/d.yaml":    {Status: 'D'},
		"coes/new.yaml":  {Status: 'A', Mode: "100644", Object: blob("coes/new.yaml")},
		"coes/link.yaml": {Status: 'A', Mode: "120000", Object: blob("coes/link.yaml")},
	} {
		c := got[path]
		if c.Status != want.Status || c.Mode != want.Mode || c.Object != want.Object {
			t.Errorf("%s: %+v, want %+v", path, c, want)
		}
		if (c.BaseObject != "") != (c.Status != 'A') {
			t.Errorf("%s: base object %q", path, c.BaseObject)
		}
	}

	// The staged content, not the work tree's.
	var objects []string
	for _, p := range []string{"coes/b.yaml", "coes/new.yaml"} {
		objects = append(objects, got[p].Object)
	}
	var contents []string
	if err := ReadBlobs(dir, objects, 1<<20, func(i int, data []byte, size int64) { contents = append(contents, string(data)) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(contents, []string{"staged\n", "added\n"}) {
		t.Errorf("staged contents: %q", contents)
	}

	// The work tree sees c too, and b as changed; d is deleted there too
	// as far as tracked files go (it is untracked now).
	changes, err = Changes(dir, base, WorkTree, "coes")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range changes {
		names = append(names, c.Path+":"+string(c.Status))
		if c.Object != "" {
			t.Errorf("%s: a work-tree change has no object: %q", c.Path, c.Object)
		}
	}
	if want := []string{"coes/a.yaml:M", "coes/b.yaml:M", "coes/c.yaml:M", "coes/d.yaml:D", "coes/link.yaml:A", "coes/new.yaml:A"}; !slices.Equal(names, want) {
		t.Errorf("work tree changes %q, want %q", names, want)
	}

	unstaged, err := UnstagedFiles(dir, "coes")
	if err != nil || !slices.Equal(unstaged, []string{"coes/b.yaml", "coes/c.yaml"}) {
		t.Errorf("UnstagedFiles = %q, %v", unstaged, err)
	}
	untracked, err := UntrackedFiles(dir, "coes")
	if err != nil || !slices.Equal(untracked, []string{"coes/d.yaml", "coes/untracked.yaml"}) {
		t.Errorf("UntrackedFiles = %q, %v", untracked, err)
	}

	// Base contents of what the index deleted or changed.
	old, err := BaseFiles(dir, base, Index, 1<<20, "coes")
	if err != nil {
		t.Fatal(err)
	}
	if len(old) != 3 || string(old["coes/d.yaml"]) != "old coes/d.yaml\n" || string(old["coes/b.yaml"]) != "old coes/b.yaml\n" {
		t.Errorf("BaseFiles(Index) = %q", old)
	}
}

// IndexFiles lists the index, the sides of a merge conflict by stage.
func TestIndexFiles(t *testing.T) {
	dir, git := gitRepo(t, "main")
	write(t, dir, "coes/a.yaml", "base\n")
	write(t, dir, "coes/b c.yaml", "b\n")
	branchOff(git)
	write(t, dir, "coes/a.yaml", "topic\n")
	git("commit", "-q", "-am", "topic")
	git("checkout", "-q", "main")
	write(t, dir, "coes/a.yaml", "main\n")
	git("commit", "-q", "-am", "main")
	merge := exec.Command("git", "-c", "user.name=T", "-c", "user.email=t@example.com", "merge", "-q", "topic")
	merge.Dir = dir
	if out, err := merge.CombinedOutput(); err == nil {
		t.Fatalf("the merge had no conflict:\n%s", out)
	}
	entries, err := IndexFiles(filepath.Join(dir, "coes"), ".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Path+":"+e.Mode+":"+string(rune('0'+e.Stage)))
		if len(e.Object) < 40 {
			t.Errorf("%s: object %q", e.Path, e.Object)
		}
	}
	if want := []string{"a.yaml:100644:1", "a.yaml:100644:2", "a.yaml:100644:3", "b c.yaml:100644:0"}; !slices.Equal(got, want) {
		t.Errorf("IndexFiles = %q, want %q", got, want)
	}
	changes, err := Changes(dir, "HEAD", Index, "coes")
	if err != nil || len(changes) != 1 || changes[0].Status != 'U' || changes[0].Object != "" {
		t.Errorf("an unmerged file: %+v, %v", changes, err)
	}
}

// ReadBlobs never reads a blob over the cap: it asks its size first.
func TestReadBlobsCap(t *testing.T) {
	dir, git := gitRepo(t, "main")
	write(t, dir, "small", "0123456789")
	write(t, dir, "large", strings.Repeat("x", 11))
	write(t, dir, "empty", "")
	git("add", ".")
	objects := []string{git("rev-parse", ":small"), git("rev-parse", ":large"), git("rev-parse", ":empty"), strings.Repeat("1", 40)}
	type blob struct {
		data string
		nil  bool
		size int64
	}
	var got []blob
	err := ReadBlobs(dir, objects, 10, func(i int, data []byte, size int64) {
		got = append(got, blob{string(data), data == nil, size})
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []blob{{"0123456789", false, 10}, {"", true, 11}, {"", false, 0}, {"", true, -1}}
	if !slices.Equal(got, want) {
		t.Errorf("ReadBlobs = %+v, want %+v", got, want)
	}
	if err := ReadBlobs(dir, []string{"HEAD\nx"}, 10, func(int, []byte, int64) {}); err == nil {
		t.Error("a name with a line break passed")
	}
}
