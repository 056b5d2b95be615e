package evidence

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

const speakers = "2024-01-28-speaker-groups-stopped-playing"

func needGit(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("git is not installed: the logs of repositories cannot be read")
	}
}

// git runs git in dir with a fixed identity, outside the caller's config.
func git(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// newRepo makes a git repository with no commits.
func newRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	git(t, dir, nil, "init", "-q", "-b", "main")
	return dir
}

// commit makes an empty commit with the message at the date (RFC 3339)
// and returns its id.
func commit(t *testing.T, dir, msg, date string) string {
	t.Helper()
	env := []string{"GIT_COMMITTER_DATE=" + date, "GIT_AUTHOR_DATE=" + date}
	git(t, dir, env, "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-m", msg)
	return git(t, dir, nil, "rev-parse", "HEAD")
}

func logAll(t *testing.T, r Repo) []*Commit {
	t.Helper()
	var out []*Commit
	if err := Log(r, func(c *Commit) error { out = append(out, c); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// Only real trailers count, as git parses them: the key in any case, one
// or several in a commit, "done" at the end; a line in the middle of a
// message, or a commit that only mentions the key, does not.
func TestLog(t *testing.T) {
	needGit(t)
	dir := newRepo(t)
	first := commit(t, dir, "Regroup speakers after the token change\n\nBody.\n\nCOE-Action: "+speakers+"#CA-1\n", "2024-02-01T10:00:00-06:00")
	commit(t, dir, "Mention only\n\nThe trailer COE-Action: "+speakers+"#CA-3 done\nis quoted in this paragraph, which is prose.\n\nReviewed-by: kenji\n", "2024-02-02T10:00:00-06:00")
	last := commit(t, dir, "Accept long tokens \x1b[31mred\x1b[0m\n\ncoe-action: "+speakers+"#CA-2 DONE\nSigned-off-by: Dev <dev@example.com>\nCOE-Action: "+speakers+"#CA-1\nCOE-Action: "+speakers+"#CA-2\nCOE-Action: see the ticket\n", "2024-02-03T11:30:00+01:00")
	got := logAll(t, Repo{Name: ".", Dir: dir})
	if len(got) != 2 {
		t.Fatalf("found %d commits, want 2 (the one that quotes the trailer in prose is none): %+v", len(got), got)
	}
	c := got[0] // newest first
	if c.ID != last || !strings.HasPrefix(last, c.Short) || len(c.Short) < 7 || c.Repo != "." {
		t.Errorf("commit = %s (%s) in %q, want %s", c.ID, c.Short, c.Repo, last)
	}
	if c.Subject != "Accept long tokens \x1b[31mred\x1b[0m" {
		t.Errorf("subject = %q; want it as git gives it (callers show it with coe.Printable)", c.Subject)
	}
	if want := "2024-02-03T11:30:00+01:00"; c.Date.Format(time.RFC3339) != want {
		t.Errorf("date = %s, want the committer date %s", c.Date.Format(time.RFC3339), want)
	}
	want := []Ref{{speakers, "CA-2", true}, {speakers, "CA-1", false}}
	if len(c.Refs) != 2 || c.Refs[0] != want[0] || c.Refs[1] != want[1] {
		t.Errorf("refs = %+v, want %+v (each action once, done if any trailer says so)", c.Refs, want)
	}
	if len(c.Bad) != 1 || c.Bad[0] != "see the ticket" {
		t.Errorf("bad = %q, want the value that names no action", c.Bad)
	}
	if got[1].ID != first || len(got[1].Refs) != 1 || got[1].Refs[0] != (Ref{speakers, "CA-1", false}) {
		t.Errorf("older commit = %+v", got[1])
	}
}

func TestParseRef(t *testing.T) {
	good := map[string]Ref{
		speakers + "#CA-2":              {speakers, "CA-2", false},
		speakers + "#CA-12 done":        {speakers, "CA-12", true},
		"  " + speakers + "#CA-1 Done ": {speakers, "CA-1", true},
	}
	for v, want := range good {
		if got, err := ParseRef(v); err != nil || got != want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v", v, got, err, want)
		}
	}
	for _, v := range []string{"", "done", speakers, speakers + "#CA-0", speakers + "#ca-1", speakers + "#CA-1 dnoe",
		speakers + "#CA-1 done now", "2024-13-01-x#CA-1", "see " + speakers + "#CA-1", speakers + "#CA-1#CA-2"} {
		if got, err := ParseRef(v); !errors.Is(err, ErrRefForm) {
			t.Errorf("ParseRef(%q) = %+v, %v; want ErrRefForm", v, got, err)
		}
	}
}

// A path that is no clone fails with a message naming the config line
// or the flag that gave it; a folder inside another clone is not that
// clone; the COE repository outside git has no history (ErrNotGit); an
// empty repository has no commits.
func TestLogErrors(t *testing.T) {
	needGit(t)
	base := t.TempDir()
	plain := filepath.Join(base, "plain")
	os.Mkdir(plain, 0o755)
	file := filepath.Join(base, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	clone := newRepo(t)
	commit(t, clone, "x\n\nCOE-Action: "+speakers+"#CA-1\n", "2024-02-01T10:00:00Z")
	inside := filepath.Join(clone, "sub")
	os.Mkdir(inside, 0o755)
	bare := filepath.Join(base, "bare.git")
	git(t, base, nil, "clone", "-q", "--bare", clone, bare)

	fromConfig := func(dir string) Repo {
		return Repo{Name: "../x", Dir: dir, Top: true, Origin: "code_repos[1]", File: ".coe.yaml", Pos: coe.Position{Line: 7, Col: 5}}
	}
	cases := []struct {
		r    Repo
		want string
	}{
		{fromConfig(filepath.Join(base, "missing")), `.coe.yaml:7:5: code_repos[1] "../x": no such folder (` + filepath.Join(base, "missing") + `); expected the path of a local clone, relative to .coe.yaml`},
		{fromConfig(file), `.coe.yaml:7:5: code_repos[1] "../x": not a folder`},
		{fromConfig(plain), `.coe.yaml:7:5: code_repos[1] "../x": not a git repository; expected the top folder of a clone (the one holding .git)`},
		{Repo{Name: "sub", Dir: inside, Top: true, Origin: "--repo"}, `--repo sub: not a git repository`},
		{Repo{Name: "bare.git", Dir: bare, Top: true, Origin: "--repo"}, `--repo bare.git: is a bare repository, which coe does not read`},
	}
	for _, c := range cases {
		err := Log(c.r, func(*Commit) error { return nil })
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Log(%s) = %v\nwant %s...", c.r.Dir, err, c.want)
		}
	}
	var ce *coe.Error
	if err := Log(fromConfig(plain), func(*Commit) error { return nil }); !errors.As(err, &ce) || ce.Line != 7 {
		t.Errorf("a config entry's error is %T %v; want a *coe.Error at its line", err, err)
	}
	// The COE repository may be a folder of a larger clone, whose history
	// counts; outside git it has none.
	if got := logAll(t, Repo{Name: ".", Dir: inside}); len(got) != 1 {
		t.Errorf("the COE repository in a folder of a clone: %d commits, want 1", len(got))
	}
	if err := Log(Repo{Name: ".", Dir: plain}, func(*Commit) error { return nil }); !errors.Is(err, ErrNotGit) {
		t.Errorf("the COE repository outside git: %v, want ErrNotGit", err)
	}
	if got := logAll(t, Repo{Name: "empty", Dir: newRepo(t), Top: true, Origin: "--repo"}); len(got) != 0 {
		t.Errorf("an empty repository: %d commits", len(got))
	}
	// fn's error stops the log.
	stop := errors.New("stop")
	if err := Log(Repo{Name: ".", Dir: clone}, func(*Commit) error { return stop }); err != stop {
		t.Errorf("Log returned %v, want fn's error", err)
	}
}

// A repository's own config cannot make git log run a program: not a
// signature checker, not a pager, not a file system monitor, from a
// code repository or from a bare repository a pull request adds to the
// checkout. The attack is tried on plain git first, so that the test
// shows it would work.
func TestLogHostileConfig(t *testing.T) {
	needGit(t)
	dir := newRepo(t)
	commit(t, dir, "x\n\nCOE-Action: "+speakers+"#CA-1\n", "2024-02-01T10:00:00Z")
	// A signed commit, so that log.showSignature has something to check.
	obj := git(t, dir, nil, "cat-file", "commit", "HEAD")
	head, body, _ := strings.Cut(obj, "\n\n")
	signed := head + "\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\n" + body + "\n"
	tmp := filepath.Join(t.TempDir(), "commit")
	os.WriteFile(tmp, []byte(signed), 0o644)
	id := git(t, dir, nil, "hash-object", "-t", "commit", "-w", tmp)
	git(t, dir, nil, "update-ref", "HEAD", id)

	marker := filepath.Join(t.TempDir(), "ran")
	script := filepath.Join(t.TempDir(), "evil")
	os.WriteFile(script, []byte("#!/bin/sh\necho ran >> "+marker+"\ncat >/dev/null\nexit 1\n"), 0o755)
	for _, kv := range [][2]string{{"log.showSignature", "true"}, {"gpg.program", script}, {"core.pager", script}, {"core.fsmonitor", script}, {"log.decorate", "full"}} {
		git(t, dir, nil, "config", kv[0], kv[1])
	}
	plain := exec.Command("git", "-C", dir, "log", "-1")
	plain.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	plain.CombinedOutput()
	if _, err := os.Stat(marker); err != nil {
		t.Skip("this git does not run gpg.program for log.showSignature; the attack cannot be shown")
	}
	os.Remove(marker)

	got := logAll(t, Repo{Name: "code", Dir: dir, Top: true, Origin: "--repo"})
	if len(got) != 1 || got[0].ID != id {
		t.Fatalf("found %+v, want the signed commit", got)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("git log ran a program the repository's config names")
	}
}

// The log's output is read commit by commit, each field capped; output
// that is not git's, or that ends inside a commit, is an error.
func TestParseLog(t *testing.T) {
	rec := func(id, subject, trailers string) string {
		return id + "\x00" + id[:7] + "\x001706803200\x002024-02-01T10:00:00-06:00\x00" + subject + "\x00" + trailers + "\x00\x00"
	}
	id := strings.Repeat("ab", 20)
	parse := func(s string) ([]*Commit, error) {
		var out []*Commit
		err := parseLog(bufio.NewReaderSize(strings.NewReader(s), 16), "r", func(c *Commit) error { out = append(out, c); return nil })
		return out, err
	}
	long := strings.Repeat("é", MaxSubject) // 2 bytes each
	many := strings.Repeat(speakers+"#CA-1\x1f", 2000)
	got, err := parse(rec(id, long, many) + rec(id, "no trailer", "") + rec(id, "two", speakers+"#CA-2\x1f"+speakers+"#CA-3 done"))
	if err != nil || len(got) != 2 {
		t.Fatalf("parseLog = %d commits, %v; want 2 (one without a trailer is none)", len(got), err)
	}
	if s := got[0].Subject; len(s) > MaxSubject || !strings.HasSuffix(s, "é…") {
		t.Errorf("a long subject is cut at a rune boundary with …, to %d bytes: %d bytes, ends %q", MaxSubject, len(s), s[len(s)-8:])
	}
	if len(got[0].Refs) != 1 {
		t.Errorf("2,000 trailers naming one action: %d refs, want 1", len(got[0].Refs))
	}
	if len(got[1].Refs) != 2 || !got[1].Refs[1].Done {
		t.Errorf("refs = %+v", got[1].Refs)
	}
	if d := got[1].Date.Format(time.RFC3339); d != "2024-02-01T10:00:00-06:00" {
		t.Errorf("date = %s", d)
	}
	for _, bad := range []string{
		rec(id, "x", speakers+"#CA-1")[:50],                                      // ends inside a commit
		strings.Replace(rec(id, "x", speakers+"#CA-1"), id, "not hex at all", 1), // not git's
		rec(id, "x", speakers+"#CA-1") + "extra",
	} {
		if _, err := parse(bad); err == nil {
			t.Errorf("parseLog(%q) succeeded", bad)
		}
	}
	// A date git gives with an offset Go cannot hold falls back to the
	// Unix time, in UTC.
	odd := strings.Replace(rec(id, "x", speakers+"#CA-1"), "2024-02-01T10:00:00-06:00", "2024-02-01T10:00:00+99:99", 1)
	if got, err := parse(odd); err != nil || got[0].Date.Unix() != 1706803200 {
		t.Errorf("odd offset: %v, %v", got, err)
	}
}

// Collect reads every repository, says which, indexes each commit once
// (a clone of a code repository shares its commits), and notes a COE
// repository outside git instead of failing; a code repository that is
// no clone fails it.
func TestCollect(t *testing.T) {
	needGit(t)
	code := newRepo(t)
	commit(t, code, "Fix\n\nCOE-Action: "+speakers+"#CA-1 done\n", "2024-02-01T10:00:00Z")
	clone := filepath.Join(t.TempDir(), "clone")
	git(t, filepath.Dir(clone), nil, "clone", "-q", code, clone)
	commit(t, clone, "Later\n\nCOE-Action: "+speakers+"#CA-1\n", "2024-02-05T10:00:00Z")
	plain := t.TempDir()
	x, err := Collect([]Repo{
		{Name: ".", Dir: plain},
		{Name: "../code", Dir: code, Top: true, Origin: "code_repos[0]"},
		{Name: "../clone", Dir: clone, Top: true, Origin: "--repo"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Notes) != 1 || !strings.Contains(x.Notes[0], "no git repository") || strings.Join(x.Read, " ") != "../code ../clone" {
		t.Errorf("notes %q, read %q", x.Notes, x.Read)
	}
	var got []string
	for _, l := range x.Links(speakers, "CA-1") {
		got = append(got, l.Repo+" "+l.Subject)
	}
	if strings.Join(got, "; ") != "../clone Later; ../code Fix" {
		t.Errorf("links = %q; want each commit once, newest first", got)
	}
	if _, err := Collect([]Repo{{Name: ".", Dir: code}, {Name: "x", Dir: plain, Top: true, Origin: "--repo"}}); err == nil || !strings.HasPrefix(err.Error(), "--repo x: not a git repository") {
		t.Errorf("Collect with a folder that is no clone: %v", err)
	}
}
