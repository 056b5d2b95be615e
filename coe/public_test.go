package coe

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The public: section, the customers' version of a COE.

const withPublic = minimal + `corrective_actions:
  - id: CA-1
    action: Test every firmware.
    owner: dana
# Telling customers.
public:
  title: Speaker groups stopped playing   # the page's title
  summary: |
    Groups stopped playing for ten hours.
  # Who, how, how long.
  impact: |
    About 120,000 households.
  changes: |
    We test every software version our speakers run.
  apology: |
    We are sorry.
  published_at: 2024-02-13T10:00:00-06:00
related: [2024-01-01-older]
`

func TestPublicReads(t *testing.T) {
	c := mustParse(t, []byte(withPublic))
	want := Public{
		Title:       "Speaker groups stopped playing",
		Summary:     "Groups stopped playing for ten hours.\n",
		Impact:      "About 120,000 households.\n",
		Changes:     "We test every software version our speakers run.\n",
		Apology:     "We are sorry.\n",
		PublishedAt: time.Date(2024, 2, 13, 10, 0, 0, 0, time.FixedZone("", -6*3600)),
	}
	if c.Public == nil {
		t.Fatal("public = nil")
	}
	got := *c.Public
	if !got.PublishedAt.Equal(want.PublishedAt) || FormatTime(got.PublishedAt) != "2024-02-13T10:00:00-06:00" {
		t.Errorf("published_at = %v", got.PublishedAt)
	}
	got.PublishedAt = want.PublishedAt
	if got != want {
		t.Errorf("public = %+v\nwant %+v", got, want)
	}
	if c.PublicTitle() != want.Title {
		t.Errorf("public title = %q", c.PublicTitle())
	}
	c.Public.Title = ""
	if c.PublicTitle() != c.Title {
		t.Errorf("public title without one = %q, want the COE's %q", c.PublicTitle(), c.Title)
	}
}

// A section with nothing in it is no section: the reader gives nil, the
// writer leaves it out, and so the two agree.
func TestPublicEmptyIsNone(t *testing.T) {
	for _, src := range []string{"public:\n", "public: {}\n", "public: {title: \"\", summary: null}\n", "public:\n  summary: \"\"\n"} {
		c := mustParse(t, []byte(minimal+src))
		if c.Public != nil {
			t.Errorf("%q: public = %+v, want nil", src, c.Public)
		}
	}
	c := mustParse(t, []byte(minimal))
	c.Public = &Public{}
	out, err := Marshal(c)
	if err != nil || strings.Contains(string(out), "public") {
		t.Errorf("an empty section was written: %v\n%s", err, out)
	}
}

// Every problem under public: at its line and column, with what was
// expected.
func TestPublicErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"public: [a, b]\n", `t.yaml:6:9: public is a list; expected a mapping with keys "title", "summary", "impact", "changes", "apology", "published_at"`},
		{"public: We are sorry.\n", `t.yaml:6:9: public is the text "We are sorry."; expected a mapping`},
		{"public:\n  summery: x\n", `t.yaml:7:3: unexpected key "summery" in public; did you mean "summary"? expected one of "title", "summary", "impact", "changes", "apology", "published_at"`},
		{"public:\n  author: dana\n", `t.yaml:7:3: unexpected key "author" in public; expected one of "title"`},
		{"public:\n  summary: [a]\n", `t.yaml:7:12: public.summary is a list; expected a text`},
		{"public:\n  apology: {a: b}\n", `t.yaml:7:12: public.apology is a mapping; expected a text`},
		{"public:\n  published_at: yesterday\n", `t.yaml:7:17: public.published_at: invalid timestamp "yesterday"; expected RFC 3339`},
		{"public:\n  published_at: 2024-02-13\n", `t.yaml:7:17: public.published_at: invalid timestamp "2024-02-13"`},
		{"public:\n  title: a\n  title: b\n", `t.yaml:8:3: duplicate key "title" in public (first at line 7)`},
		{"public:\n  changes: " + strings.Repeat("x", MaxAnswerLength+1) + "\n", `t.yaml:7:12: public.changes is 65537 characters long`},
	}
	for _, tt := range tests {
		_, err := Parse("t.yaml", []byte(minimal+tt.src), ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%.40q:\n got %v\nwant %s", tt.src, err, tt.want)
		}
		if l := Errors(err); len(l) != 1 {
			t.Errorf("%.40q: %d errors, want 1: %v", tt.src, len(l), err)
		}
	}
}

// A new file has the section after the corrective actions and before
// related, set apart by a blank line, each answer a literal block; it
// reads back the same.
func TestPublicWrites(t *testing.T) {
	c := mustParse(t, []byte(withPublic))
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	want := `
public:
  title: Speaker groups stopped playing
  summary: |
    Groups stopped playing for ten hours.
  impact: |
    About 120,000 households.
  changes: |
    We test every software version our speakers run.
  apology: |
    We are sorry.
  published_at: 2024-02-13T10:00:00-06:00

related: [2024-01-01-older]
`
	if !strings.HasSuffix(s, want) || !strings.Contains(s, "    due: null\n\npublic:") {
		t.Errorf("written:\n%s\nwant it to end with:\n%s", s, want)
	}
	if !sameCOE(t, c, mustParse(t, out)) {
		t.Errorf("does not read back the same:\n%s", out)
	}

	// Empty answers are left out; a title with a line break stays one value.
	c.Public = &Public{Title: "Two\nlines", Apology: "Sorry.\n"}
	out, err = Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	back := mustParse(t, out)
	_, section, _ := strings.Cut(string(out), "\npublic:\n")
	if back.Public == nil || *back.Public != *c.Public || strings.Contains(section, "summary:") {
		t.Errorf("written:\n%s\nreads back %+v", out, back.Public)
	}
}

// coe.Update edits the section in place: comments and untouched lines
// stay; a section added goes after the corrective actions; a section
// removed goes, or stays empty where it carries a comment.
func TestPublicUpdate(t *testing.T) {
	src := []byte(withPublic)
	c := mustParse(t, src)
	c.Public.Changes = "We test every software version our speakers run.\nWe post on the status page within 15 minutes.\n"
	out, err := Update(src, c)
	if err != nil {
		t.Fatal(err)
	}
	wantOut := strings.Replace(withPublic, "run.\n", "run.\n    We post on the status page within 15 minutes.\n", 1)
	if string(out) != wantOut {
		t.Errorf("updated:\n%s\nwant:\n%s", out, wantOut)
	}
	if !sameCOE(t, c, mustParse(t, out)) {
		t.Error("the update does not read back as the edit")
	}

	// Added to a file without one: after the corrective actions.
	noPublic := minimal + "corrective_actions:\n  - id: CA-1\n    owner: dana # the owner\nrelated: [2024-01-01-older]\n"
	c = mustParse(t, []byte(noPublic))
	c.Public = &Public{Summary: "Groups stopped.\n", PublishedAt: time.Date(2024, 2, 13, 10, 0, 0, 0, time.UTC)}
	out, err = Update([]byte(noPublic), c)
	if err != nil {
		t.Fatal(err)
	}
	if want := "    owner: dana # the owner\npublic:\n  summary: |\n    Groups stopped.\n  published_at: 2024-02-13T10:00:00Z\nrelated:"; !strings.Contains(string(out), want) {
		t.Errorf("added:\n%s\nwant it to hold:\n%s", out, want)
	}
	if !sameCOE(t, c, mustParse(t, out)) {
		t.Error("the added section does not read back")
	}

	// Removed: the key goes; with a comment on it, it stays, empty, and
	// reads as none.
	c = mustParse(t, src)
	c.Public = nil
	out, err = Update(src, c)
	if err != nil {
		t.Fatal(err)
	}
	back := mustParse(t, out)
	if back.Public != nil || !strings.Contains(string(out), "# Telling customers.") || strings.Contains(string(out), "sorry") {
		t.Errorf("removed:\n%s", out)
	}
	plain := strings.Replace(withPublic, "# Telling customers.\n", "", 1)
	plain = strings.Replace(plain, "   # the page's title", "", 1)
	plain = strings.Replace(plain, "  # Who, how, how long.\n", "", 1)
	out, err = Update([]byte(plain), c)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "public") || mustParse(t, out).Public != nil {
		t.Errorf("removed without comments:\n%s", out)
	}
}

// The JSON view has the section with the file's field names, and none
// when there is none.
func TestPublicJSON(t *testing.T) {
	c := mustParse(t, []byte(withPublic))
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Public map[string]string `json:"public"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if v.Public["title"] != "Speaker groups stopped playing" || v.Public["apology"] != "We are sorry.\n" ||
		v.Public["published_at"] != "2024-02-13T10:00:00-06:00" || len(v.Public) != 6 {
		t.Errorf("public = %q", v.Public)
	}
	data, err = json.Marshal(mustParse(t, []byte(minimal)))
	if err != nil || strings.Contains(string(data), `"public"`) {
		t.Errorf("a COE without a public section: %v %s", err, data)
	}
}
