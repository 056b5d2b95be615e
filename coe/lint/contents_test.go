package lint

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// RunContents finds in contents what Run finds in files of the same
// bytes: the file's own rules, the reader's errors, and the repository-wide
// rules against the others' records.
func TestRunContentsIsRun(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"2024-05-01-a.yaml": "version: 1\nid: 2024-05-01-a\ntitle: A\nstatus: draft\nseverity: sev2\nrelated: [2024-05-03-gone, 2024-05-02-b]\n",
		"2024-05-02-b.yaml": "version: 1\nid: 2024-05-01-a\ntitle: [B]\nstatus: review\nseverity: sev9\n",
		"2024-05-04-c.yaml": "version: 1\nid: 2024-05-04-c\ntitle: C\nstatus: draft\nseverity: sev1\n",
	}
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	display := func(p string) string { return filepath.Base(p) }
	opts := Options{Config: coe.DefaultConfig(), AsOf: testAsOf}
	want := Run(Input{Files: paths[:2], Others: paths[2:], Display: display}, opts)

	var contents []Content
	for _, p := range paths[:2] {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		contents = append(contents, Content{Path: display(p), Data: data})
	}
	got := RunContents(contents, []Record{{Path: display(paths[2]), ID: "2024-05-04-c", Linted: true}}, opts)
	if len(want.Diagnostics) < 4 {
		t.Fatalf("the case finds too little: %v", want.Diagnostics)
	}
	if !slices.Equal(got.Diagnostics, want.Diagnostics) || got.Files != want.Files || got.Errors != want.Errors || got.Warnings != want.Warnings {
		t.Errorf("RunContents:\n%v\nRun:\n%v", got, want)
	}

	// A content that stands for an error is reported as the reader's.
	bad := RunContents([]Content{{Path: "x.yaml", Err: &coe.Error{File: "x.yaml", Rule: coe.RuleFileTooLarge, Msg: "too large"}}}, nil, opts)
	if len(bad.Diagnostics) != 1 || bad.Diagnostics[0].Rule != coe.RuleFileTooLarge || bad.Errors != 1 || bad.Files != 1 {
		t.Errorf("an error content: %+v", bad)
	}
}
