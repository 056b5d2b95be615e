package coe

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The templates key names a folder of report templates relative to
// .coe.yaml; it is optional, and coe init does not write it.
func TestConfigTemplates(t *testing.T) {
	cfg, err := ParseConfig(".coe.yaml", []byte("dir: coes\ntemplates: report-templates\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Templates != "report-templates" {
		t.Errorf("Templates = %q, want report-templates", cfg.Templates)
	}
	for _, src := range []string{"dir: coes\n", "templates:\n", "templates: null\n"} {
		cfg, err := ParseConfig(".coe.yaml", []byte(src))
		if err != nil || cfg.Templates != "" {
			t.Errorf("ParseConfig(%q) = %q, %v; want no templates folder", src, cfg.Templates, err)
		}
	}
	if strings.Contains(string(MarshalConfig(DefaultConfig())), "templates") {
		t.Error("coe init's config names a templates folder; it is optional")
	}
	bad := []struct{ src, want string }{
		{"templates: \"\"\n", `.coe.yaml:1:12: templates is empty; expected a folder relative to .coe.yaml`},
		{"templates: /srv/tpl\n", `.coe.yaml:1:12: templates "/srv/tpl" is absolute`},
		{"templates: [a]\n", `.coe.yaml:1:12: templates is a list; expected a text`},
		{"templats: x\n", `.coe.yaml:1:1: unexpected key "templats" in .coe.yaml; did you mean "templates"?`},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v, want %q", b.src, err, b.want)
		}
	}
}

// timezone: names the IANA zone typed local times are read in; without it,
// the machine's zone.
func TestConfigTimeZone(t *testing.T) {
	cfg, err := ParseConfig(".coe.yaml", []byte("dir: coes\ntimezone: Europe/Paris\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Location().String() != "Europe/Paris" {
		t.Errorf("Location() = %s, want Europe/Paris", cfg.Location())
	}
	got, err := ParseTimeIn("2026-11-30 14:02", cfg.Location(), Date{})
	if err != nil || FormatTime(got) != "2026-11-30T14:02:00+01:00" {
		t.Errorf("2026-11-30 14:02 in the config's zone = %s, %v", FormatTime(got), err)
	}
	for _, src := range []string{"dir: coes\n", "timezone:\n", "timezone: null\n"} {
		cfg, err := ParseConfig(".coe.yaml", []byte(src))
		if err != nil || cfg.Location() != time.Local {
			t.Errorf("ParseConfig(%q).Location() = %v, %v; want the machine's zone", src, cfg.Location(), err)
		}
	}
	if strings.Contains(string(MarshalConfig(DefaultConfig())), "timezone") {
		t.Error("coe init's config names a time zone; the machine's is the default")
	}
	bad := []struct{ src, want string }{
		{"dir: coes\ntimezone: Europe/Pariss\n", `.coe.yaml:2:11: timezone "Europe/Pariss" is not a known time zone; expected an IANA time zone name like Europe/Paris, America/New_York or UTC`},
		{"timezone: \"\"\n", `.coe.yaml:1:11: timezone is empty; expected an IANA time zone name`},
		{"timezone: Local\n", `.coe.yaml:1:11: timezone "Local" is this machine's zone, which differs between machines`},
		{"timezone: \"+01:00\"\n", `.coe.yaml:1:11: timezone "+01:00" is an offset, not a time zone: it would not follow summer time`},
		{"timezone: UTC+2\n", `timezone "UTC+2" is an offset, not a time zone`},
		{"timezone: ../../etc/passwd\n", `timezone "../../etc/passwd" is not a known time zone`},
		{"timezone: [Europe/Paris]\n", `.coe.yaml:1:11: timezone is a list; expected a text`},
		{"timezon: UTC\n", `.coe.yaml:1:1: unexpected key "timezon" in .coe.yaml; did you mean "timezone"?`},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v\nwant %q", b.src, err, b.want)
		}
	}
	// coe init can write one, and it reads back.
	cfg = DefaultConfig()
	cfg.TimeZone, _ = time.LoadLocation("America/New_York")
	back, err := ParseConfig(".coe.yaml", MarshalConfig(cfg))
	if err != nil || back.Location().String() != "America/New_York" {
		t.Errorf("a written timezone reads back as %v, %v", back.Location(), err)
	}
}

// The owners roster takes plain handles, as before, and entries that map a
// handle to the person's e-mail; Owners is the handles either way.
func TestConfigRoster(t *testing.T) {
	src := "owners:\n  - dana\n  - {handle: kenji, email: kenji@example.com}\n  - handle: li.wei\n    email: Li.Wei@Example.com\n  - {handle: priya}\n"
	cfg, err := ParseConfig(".coe.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.Owners, ","); got != "dana,kenji,li.wei,priya" {
		t.Errorf("Owners = %s; want the handles dana,kenji,li.wei,priya", got)
	}
	want := []Member{{"dana", ""}, {"kenji", "kenji@example.com"}, {"li.wei", "Li.Wei@Example.com"}, {"priya", ""}}
	if !slices.Equal(cfg.Roster, want) {
		t.Errorf("Roster = %v; want %v", cfg.Roster, want)
	}
	for email, handle := range map[string]string{
		"kenji@example.com": "kenji", "li.wei@example.com": "li.wei", " KENJI@example.com ": "kenji",
		"dana@example.com": "", "": "", "kenji": "",
	} {
		if got := cfg.HandleOf(email); got != handle {
			t.Errorf("HandleOf(%q) = %q, want %q", email, got, handle)
		}
	}
	// Today's flow list of handles still reads.
	cfg, err = ParseConfig(".coe.yaml", []byte("owners: [dana, kenji]\n"))
	if err != nil || strings.Join(cfg.Owners, ",") != "dana,kenji" || len(cfg.Roster) != 2 {
		t.Errorf("owners: [dana, kenji] = %v, %v, %v", cfg.Owners, cfg.Roster, err)
	}
	// Written back as it was given.
	back, err := ParseConfig(".coe.yaml", MarshalConfig(Config{Dir: "coes", Severities: DefaultSeverities(), Roster: want, Owners: []string{"dana", "kenji", "li.wei", "priya"}}))
	if err != nil || !slices.Equal(back.Roster, want) {
		t.Errorf("the roster written by MarshalConfig reads back as %v, %v", back.Roster, err)
	}
	bad := []struct{ src, want string }{
		{"owners:\n  - {handle: dana, mail: dana@example.com}\n", `.coe.yaml:2:20: unexpected key "mail" in owners[0]; did you mean "email"?`},
		{"owners:\n  - {email: dana@example.com}\n", `.coe.yaml:2:5: owners[0] has no handle; expected the name COEs use for the person, like {handle: dana, email: dana@example.com}`},
		{"owners:\n  - {handle: \"\", email: dana@example.com}\n", `.coe.yaml:2:14: owners[0] has no handle`},
		{"owners:\n  - dana\n  - {handle: kenji, email: kenji at example}\n", `.coe.yaml:3:28: owners[1].email "kenji at example" is not an e-mail address; expected one like dana@example.com`},
		{"owners:\n  - {handle: kenji, email: kenji}\n", `owners[0].email "kenji" is not an e-mail address`},
		{"owners:\n  - {handle: dana, email: d@example.com}\n  - {handle: dan, email: D@example.com}\n", `.coe.yaml:3:26: e-mail "D@example.com" is in the roster twice (first at line 2); expected one entry a person`},
		{"owners:\n  - {handle: [dana]}\n", `.coe.yaml:2:14: owners[0].handle is a list; expected a text`},
		{"owners: dana\n", `.coe.yaml:1:9: owners is the text "dana"; expected a list of handles, like [dana, kenji], or of {handle: dana, email: dana@example.com}`},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v\nwant %q", b.src, err, b.want)
		}
	}
}

// A config whose top level is not a mapping says what the file should
// hold, not what a COE should.
func TestConfigNotAMapping(t *testing.T) {
	_, err := ParseConfig(".coe.yaml", []byte("- dir\n- coes\n"))
	if err == nil || !strings.Contains(err.Error(), ".coe.yaml:1:1: top level is a list; expected the keys of .coe.yaml, like dir: coes") {
		t.Errorf("got %v", err)
	}
}

// code_repos lists local clones relative to .coe.yaml, sibling clones
// (..) included, with where each is for messages; an absolute path, a
// blank one or one listed twice is refused at its line.
func TestConfigCodeRepos(t *testing.T) {
	cfg, err := ParseConfig(".coe.yaml", []byte("dir: coes\ncode_repos:\n  - ../payments-service\n  - vendored/api\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.CodeRepos, []string{"../payments-service", "vendored/api"}) {
		t.Errorf("CodeRepos = %q", cfg.CodeRepos)
	}
	if !slices.Equal(cfg.CodeRepoPos, []Position{{Line: 3, Col: 5}, {Line: 4, Col: 5}}) {
		t.Errorf("CodeRepoPos = %v, want 3:5 and 4:5", cfg.CodeRepoPos)
	}
	for _, src := range []string{"dir: coes\n", "code_repos:\n", "code_repos: []\n"} {
		cfg, err := ParseConfig(".coe.yaml", []byte(src))
		if err != nil || len(cfg.CodeRepos) != 0 {
			t.Errorf("ParseConfig(%q) = %q, %v; want no code repositories", src, cfg.CodeRepos, err)
		}
	}
	bad := []struct{ src, want string }{
		{"code_repos: [/srv/payments]\n", `.coe.yaml:1:14: code_repos[0] "/srv/payments" is absolute; expected a path relative to .coe.yaml`},
		{"code_repos: [\"\"]\n", `.coe.yaml:1:14: code_repos[0] is empty`},
		{"code_repos: [../a, ../b/../a]\n", `.coe.yaml:1:20: code_repos[1] "../b/../a" is listed twice (first at line 1)`},
		{"code_repos: ../a\n", `.coe.yaml:1:13: code_repos is the text "../a"; expected a list of paths`},
		{"code_repos: [[a]]\n", `.coe.yaml:1:14: code_repos[0] is a list; expected a text`},
		{"code_repos: [\"a\\x1bb\"]\n", `code_repos[0] "a\x1bb" holds a control character`},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v, want %q", b.src, err, b.want)
		}
	}
}

// quality: extends (or with replace: true, replaces) the word lists of the
// quality rules and sets high_priority_days; a mistake in it is an error
// at its place, like the rest of the config.
func TestConfigQuality(t *testing.T) {
	src := "dir: coes\nquality:\n  blame: [menschliches Versagen, vergaß*]\n  names: [Alex]\n  replace: true\n  high_priority_days: 45\n"
	cfg, err := ParseConfig(".coe.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	q := cfg.Quality
	if q == nil {
		t.Fatal("quality: was not read")
	}
	if !slices.Equal(q.Words["blame"], []string{"menschliches Versagen", "vergaß*"}) || !slices.Equal(q.Words["names"], []string{"Alex"}) {
		t.Errorf("Words = %q", q.Words)
	}
	if _, given := q.Words["intentions"]; given {
		t.Error("a list not given must stay unset, so that the built-in one applies")
	}
	if !q.Replace || q.HighPriorityDays != 45 || q.Days() != 45 {
		t.Errorf("Replace = %v, HighPriorityDays = %d, Days() = %d", q.Replace, q.HighPriorityDays, q.Days())
	}
	if q.Pos["names"] != (Position{Line: 4, Col: 10}) {
		t.Errorf("Pos[names] = %v, want 4:10", q.Pos["names"])
	}
	for _, src := range []string{"dir: coes\n", "quality:\n", "quality: null\n"} {
		cfg, err := ParseConfig(".coe.yaml", []byte(src))
		if err != nil || cfg.Quality != nil || cfg.Quality.Days() != DefaultHighPriorityDays {
			t.Errorf("ParseConfig(%q) = %+v, %v; want no quality config, %d days", src, cfg.Quality, err, DefaultHighPriorityDays)
		}
	}
	if strings.Contains(string(MarshalConfig(DefaultConfig())), "quality") {
		t.Error("coe init's config has a quality key; it is optional")
	}
	bad := []struct{ src, want string }{
		{"quality: strict\n", `.coe.yaml:1:10: quality is the text "strict"; expected a mapping with keys "names", "blame", `},
		{"quality:\n  blam: [x]\n", `.coe.yaml:2:3: unexpected key "blam" in quality; did you mean "blame"?`},
		{"quality:\n  blame: human error\n", `.coe.yaml:2:10: quality.blame is the text "human error"; expected a list of words or phrases, like [human error, forgot to]`},
		{"quality:\n  blame: [x, '']\n", `.coe.yaml:2:14: quality.blame[1] is empty; expected a word or a phrase`},
		{"quality:\n  none_answers: ['-']\n", `.coe.yaml:2:18: quality.none_answers[0] "-" has no letter or digit`},
		{"quality:\n  intentions: ['*mind']\n", `.coe.yaml:2:16: quality.intentions[0] "*mind" has a * that does not end a word`},
		{"quality:\n  intentions: ['re*mind']\n", `quality.intentions[0] "re*mind" has a * that does not end a word`},
		{"quality:\n  intentions: ['remind *']\n", `quality.intentions[0] "remind *" has a * that does not end a word`},
		{"quality:\n  mechanisms: [[tool]]\n", `.coe.yaml:2:16: quality.mechanisms[0] is a list; expected a text`},
		{"quality:\n  replace: yes please\n", `.coe.yaml:2:12: quality.replace is the text "yes please"; expected true`},
		{"quality:\n  high_priority_days: 0\n", `.coe.yaml:2:23: quality.high_priority_days is the number 0; expected a whole number of days from 1 to 3650, like 30`},
		{"quality:\n  high_priority_days: 3651\n", `quality.high_priority_days is the number 3651; expected a whole number of days from 1 to 3650`},
		{"quality:\n  high_priority_days: 2.5\n", `quality.high_priority_days is the number 2.5; expected a whole number`},
		{"quality:\n  high_priority_days: a month\n", `quality.high_priority_days is the text "a month"; expected a whole number`},
		{"quality:\n  high_priority_days: 99999999999999999999\n", `quality.high_priority_days is the number 99999999999999999999; expected a whole number`},
		{"quality:\n  names: [" + strings.Repeat("x", 101) + "]\n", `.coe.yaml:2:11: quality.names[0] is 101 bytes long; an entry is a word or a short phrase of at most 100 bytes`},
		{"quality:\n  names: [" + strings.Repeat("x, ", 10000) + "x]\n", `.coe.yaml:2:10: quality.names has 10001 entries; a list may hold at most 10000`},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v\nwant %q", b.src, err, b.want)
		}
	}
}
