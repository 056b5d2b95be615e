package coe

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sources: takes paths and {path, name} mappings; a name defaults to the
// path's last element; each entry's position is kept for messages.
func TestConfigSources(t *testing.T) {
	src := "dir: coes\nsources:\n  - teams/payments\n  - {path: ../delivery-coes, name: delivery}\n  - path: ../x/team-3\n"
	cfg, err := ParseConfig(".coe.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []SourceRef{
		{Path: "teams/payments", Name: "payments", Pos: Position{Line: 3, Col: 5}},
		{Path: "../delivery-coes", Name: "delivery", Pos: Position{Line: 4, Col: 5}},
		{Path: "../x/team-3", Name: "team-3", Pos: Position{Line: 5, Col: 5}},
	}
	if !slices.Equal(cfg.Sources, want) {
		t.Errorf("Sources = %+v\nwant %+v", cfg.Sources, want)
	}
	for _, s := range []string{"dir: coes\n", "sources:\n", "sources: []\n"} {
		cfg, err := ParseConfig(".coe.yaml", []byte(s))
		if err != nil || len(cfg.Sources) != 0 {
			t.Errorf("ParseConfig(%q) = %+v, %v; want no sources", s, cfg.Sources, err)
		}
	}
}

// A mistake in sources: is an error at its line and column, saying what
// was expected: the config is content a pull request can change.
func TestConfigSourcesErrors(t *testing.T) {
	bad := []struct{ src, want string }{
		{"sources: [/srv/payments]\n", `.coe.yaml:1:11: sources[0] "/srv/payments" is absolute; expected a path relative to .coe.yaml`},
		{"sources: [\"\"]\n", `.coe.yaml:1:11: sources[0] is empty`},
		{"sources: [., a/..]\n", `.coe.yaml:1:11: sources[0] "." is this repository`},
		{"sources: [a/..]\n", `.coe.yaml:1:11: sources[0] "a/.." is this repository`},
		{"sources: [../a, ../b/../a]\n", `.coe.yaml:1:17: sources[1] "../b/../a" is listed twice (first at line 1)`},
		{"sources: [teams/a, other/a]\n", `.coe.yaml:1:20: source name "a" is taken (first at line 1); give each source its own name`},
		{"sources: [a, {path: b, name: a}]\n", `.coe.yaml:1:30: source name "a" is taken`},
		{"sources: ../a\n", `.coe.yaml:1:10: sources is the text "../a"; expected a list of COE repositories`},
		{"sources: [[a]]\n", `.coe.yaml:1:11: sources[0] is a list; expected a text`},
		{"sources: [\"a\\x1bb\"]\n", `sources[0] "a\x1bb" holds a control character`},
		{"sources: [../Team_A]\n", `.coe.yaml:1:11: sources[0] "../Team_A": its last element "Team_A" is no source name (lower-case letters, digits and -, at most 40); give one, like {path: ../Team_A, name: team-a}`},
		{"sources: [..]\n", `sources[0] "..": its last element ".." is no source name`},
		{"sources: [{path: a, name: Pay/ments}]\n", `.coe.yaml:1:27: sources[0].name "Pay/ments" is no source name; expected lower-case letters, digits and -, at most 40, like pay-ments`},
		{"sources: [{path: a, name: -a}]\n", `sources[0].name "-a" is no source name`},
		{"sources: [{name: a}]\n", `.coe.yaml:1:11: sources[0] has no path`},
		{"sources: [{path: a, nam: b}]\n", `unexpected key "nam" in sources[0]; did you mean "name"?`},
		{"sources: [{path: [a]}]\n", `sources[0].path is a list; expected a text`},
		{"sources: [{path: a, name: [b]}]\n", `sources[0].name is a list; expected a text`},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v\nwant %q", b.src, err, b.want)
		}
	}
	many := "sources:\n" + strings.Repeat("  - a\n", MaxSources+1)
	if _, err := ParseConfig(".coe.yaml", []byte(many)); err == nil || !strings.Contains(err.Error(), "sources has 1001 entries; expected at most 1000") {
		t.Errorf("%d sources: %v", MaxSources+1, err)
	}
}

func TestValidSourceName(t *testing.T) {
	for _, s := range []string{"a", "payments", "team-3", "0", strings.Repeat("a", 40)} {
		if !ValidSourceName(s) {
			t.Errorf("ValidSourceName(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-a", "A", "a_b", "a/b", "a.b", "..", "é", strings.Repeat("a", 41), "a b"} {
		if ValidSourceName(s) {
			t.Errorf("ValidSourceName(%q) = true", s)
		}
	}
}

// writeRepo writes a COE repository: its .coe.yaml and COE files by id.
func writeRepo(t *testing.T, dir, config string, coes map[string]string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "coes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigName), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	for id, body := range coes {
		if err := os.WriteFile(filepath.Join(dir, "coes", id+".yaml"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func sourceCOE(id, severity string) string {
	return "id: " + id + "\ntitle: " + id + "\nstatus: draft\nseverity: " + severity + "\n"
}

// An organisation repository reads its own COEs and those of a submodule
// inside it and a clone beside it, each with its own config: ids carry
// the source's name, severities are the union in config order.
func TestSetReadsSources(t *testing.T) {
	top := t.TempDir()
	org := filepath.Join(top, "org")
	writeRepo(t, org, "dir: coes\nseverities: [sev1, sev2]\nsources: [teams/payments, {path: ../delivery-coes, name: delivery}]\n",
		map[string]string{"2025-01-01-org": sourceCOE("2025-01-01-org", "sev1")})
	writeRepo(t, filepath.Join(org, "teams", "payments"), "dir: coes\nseverities: [P1, P2]\n",
		map[string]string{"2025-02-01-pay": sourceCOE("2025-02-01-pay", "P2")})
	writeRepo(t, filepath.Join(top, "delivery-coes"), "dir: records\nseverities: [sev2, sev3]\nsources: [../org]\n", nil)
	if err := os.MkdirAll(filepath.Join(top, "delivery-coes", "records"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(top, "delivery-coes", "records", "2025-03-01-del.yaml"), []byte(sourceCOE("2025-03-01-del", "sev3")), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := OpenRepo(org)
	if err != nil {
		t.Fatal(err)
	}
	r.WorkDir = org
	set, err := r.Set(true)
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Names(); !slices.Equal(got, []string{"", "payments", "delivery"}) {
		t.Errorf("Names = %q", got)
	}
	if !slices.Equal(set.Nested, []string{"delivery"}) {
		t.Errorf("Nested = %q, want delivery (its own sources are not followed)", set.Nested)
	}
	if got := set.Severities(); !slices.Equal(got, []string{"sev1", "sev2", "P1", "P2", "sev3"}) {
		t.Errorf("Severities = %q", got)
	}
	files, err := set.Files()
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(files))
	paths := make([]string, len(files))
	set.EachFile(files, false, func(i int, res LoadResult) {
		if res.Err != nil {
			t.Errorf("%s: %v", res.Path, res.Err)
			return
		}
		ids[i] = files[i].Source.ID(res.Doc.COE.ID)
		paths[i] = res.Path
	})
	if want := []string{"2025-01-01-org", "payments/2025-02-01-pay", "delivery/2025-03-01-del"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
	// A severity of the source's own list reads; messages name files
	// from where the command runs.
	if want := filepath.Join("..", "delivery-coes", "records", "2025-03-01-del.yaml"); paths[2] != want {
		t.Errorf("path = %q, want %q", paths[2], want)
	}
	if single, _ := r.Set(false); len(single.Sources) != 1 || single.Sources[0].Repo != r {
		t.Errorf("Set(false) = %+v, want the repository alone", single.Sources)
	}

	// coe show payments/2025-02 opens the source's COE, in its own
	// repository; a plain id stays in this one.
	sr, p, err := r.ResolveAcross("payments/2025-02")
	if err != nil || sr.Root != filepath.Join(org, "teams", "payments") || filepath.Base(p) != "2025-02-01-pay.yaml" {
		t.Errorf("ResolveAcross(payments/2025-02) = %v, %q, %v", sr, p, err)
	}
	if _, _, err := r.ResolveAcross("payments/2099"); err == nil || !strings.HasPrefix(err.Error(), `source payments: no COE "payments/2099" in`) {
		t.Errorf("ResolveAcross(payments/2099) = %v", err)
	}
	if sr, p, err := r.ResolveAcross("2025-01"); err != nil || sr != r || filepath.Base(p) != "2025-01-01-org.yaml" {
		t.Errorf("ResolveAcross(2025-01) = %q, %v", p, err)
	}
}

// A source that is not there, is not a COE repository, is the repository
// itself or another source again, or that a link leads out of the
// repository through, is an error at its line of .coe.yaml, never a
// panic; a source's own bad config is reported at its own lines.
func TestSourcesRefused(t *testing.T) {
	top := t.TempDir()
	org := filepath.Join(top, "org")
	outside := filepath.Join(top, "outside")
	writeRepo(t, outside, "dir: coes\n", nil)
	writeRepo(t, filepath.Join(top, "broken"), "dir: coes\nseverities: sev1\n", nil)
	cases := []struct{ sources, want string }{
		{"[teams/missing]", `.coe.yaml:3:11: source "missing" (teams/missing) is not there; expected a COE repository: a git submodule (git submodule update --init fetches it)`},
		{"[../missing]", `source "missing" (../missing) is not there`},
		{"[teams/file]", `source "file" (teams/file) is not a folder`},
		{"[teams/empty]", `source "empty" (teams/empty) has no .coe.yaml`},
		{"[teams/link-out]", `source "link-out" (teams/link-out) leads out of the repository through a symbolic link; a source inside it must stay inside it`},
		{"[teams/etc]", `source "etc" (teams/etc) leads out of the repository through a symbolic link`},
		{"[../org]", `source "org" (../org) is this repository`},
		{"[teams/real, {path: teams/same, name: same}]", `.coe.yaml:3:23: source "same" (teams/same) is a source listed before it, under another path`},
		{"[../broken]", `broken/.coe.yaml:2:13: severities is the text "sev1"`},
	}
	for _, c := range cases {
		t.Run(c.sources, func(t *testing.T) {
			os.RemoveAll(org)
			writeRepo(t, org, "dir: coes\nseverities: [sev1]\nsources: "+c.sources+"\n", nil)
			teams := filepath.Join(org, "teams")
			os.MkdirAll(filepath.Join(teams, "empty"), 0o755)
			os.WriteFile(filepath.Join(teams, "file"), []byte("x"), 0o644)
			os.Symlink(outside, filepath.Join(teams, "link-out"))
			os.Symlink("/etc", filepath.Join(teams, "etc"))
			writeRepo(t, filepath.Join(teams, "real"), "dir: coes\n", nil)
			os.Symlink("real", filepath.Join(teams, "same"))
			r, err := OpenRepo(org)
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.Set(true)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Set = %v\nwant %q", err, c.want)
			}
			var l ErrorList
			if !errors.As(err, &l) {
				t.Errorf("error %T is no ErrorList", err)
			}
			if set, err := r.Set(false); err != nil || len(set.Sources) != 1 {
				t.Errorf("Set(false) = %v: without sources none is opened", err)
			}
		})
	}
}

// A source's COE file that is a symbolic link out of the source is not
// read: each source is read under its own guarded root.
func TestSourceFileLinkOut(t *testing.T) {
	top := t.TempDir()
	org := filepath.Join(top, "org")
	writeRepo(t, org, "sources: [teams/a]\n", nil)
	team := filepath.Join(org, "teams", "a")
	writeRepo(t, team, "dir: coes\n", nil)
	secret := filepath.Join(org, "secret.yaml")
	if err := os.WriteFile(secret, []byte(sourceCOE("2025-01-01-secret", "sev1")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(team, "coes", "2025-01-01-secret.yaml")); err != nil {
		t.Fatal(err)
	}
	r, err := OpenRepo(org)
	if err != nil {
		t.Fatal(err)
	}
	set, err := r.Set(true)
	if err != nil {
		t.Fatal(err)
	}
	files, err := set.Files()
	if err != nil || len(files) != 1 {
		t.Fatalf("Files = %v, %v", files, err)
	}
	set.EachFile(files, false, func(_ int, res LoadResult) {
		if res.Err == nil || !strings.Contains(res.Err.Error(), "leads out of the repository") {
			t.Errorf("the link out read: %v", res.Err)
		}
	})
}
