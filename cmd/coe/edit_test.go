package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/form"
	"github.com/coe-cli/coe/coe/lint"
)

// The forms get the editor and the time zone from the command's own
// environment and repository, so that a test (or a wrapper) sets them.
func TestFormOptionsFromTheFactory(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"VISUAL": "code --wait", "EDITOR": "nano"}
	f := newFactory(&Streams{Getenv: func(k string) string { return env[k] }})
	r := &coe.Repo{Config: coe.Config{TimeZone: paris, Owners: []string{"dana"}}}
	opts := f.formOptions(r, false)
	if opts.Editor != "code --wait" || opts.Location != paris || len(opts.Owners) != 1 {
		t.Errorf("options: editor %q, location %v, owners %q", opts.Editor, opts.Location, opts.Owners)
	}
	delete(env, "VISUAL")
	if opts := f.formOptions(r, false); opts.Editor != "nano" {
		t.Errorf("editor = %q, want $EDITOR", opts.Editor)
	}
}

// coe edit hands the form the COE and the final check; what the form
// changed, and only that, is written.
func TestEditFormChecksAndWritesOnlyTheChange(t *testing.T) {
	dir, coeRun := formRepo(t)
	const id = "2024-01-28-speaker-groups-stopped-playing"
	path := filepath.Join(dir, "coes", id+".yaml")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var found []check.Finding
	withForms(t, nil, func(_ context.Context, s *form.State, opts form.Options) error {
		if opts.Base == nil || opts.Base.ID != id || opts.Check == nil || s.Section != "lessons" || s.Part != "lessons" {
			t.Fatalf("options: base %v, check %v, section %q", opts.Base, opts.Check != nil, s.Section)
		}
		// The check is coe lint's, on the repository: a related id that
		// does not exist is found.
		c := *opts.Base
		c.Related = append(c.Related, "2099-01-01-no-such-coe")
		found = opts.Check(&c)
		s.Lessons = append(s.Lessons, "Rehearse the rollback.")
		return nil
	})
	code, stderr := coeRun("-C", dir, "edit", id, "--section", "lessons")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var related bool
	for _, f := range check.Errors(found) {
		related = related || f.Rule == lint.RuleRelatedExists && f.Field == "related[1]"
	}
	if !related {
		t.Errorf("the form's check does not find the related id: %+v", found)
	}
	now, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Replace(orig, []byte("  - Macros that suggest destructive steps must check for known incidents first.\n"),
		[]byte("  - Macros that suggest destructive steps must check for known incidents first.\n  - Rehearse the rollback.\n"), 1)
	if bytes.Equal(want, orig) || !bytes.Equal(now, want) {
		t.Errorf("the file is not the original with one lesson more:\n%s", now)
	}
	if !strings.Contains(stderr, "Saved coes/"+id+".yaml.") {
		t.Errorf("stderr:\n%s", stderr)
	}
}
