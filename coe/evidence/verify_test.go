package evidence

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// doc reads a small COE whose actions are given as YAML list items.
func doc(t *testing.T, id, actions string) File {
	t.Helper()
	src := fmt.Sprintf("version: 1\nid: %s\ntitle: T\nstatus: draft\nseverity: sev2\ncorrective_actions:\n%s", id, actions)
	d, err := coe.Parse("coes/"+id+".yaml", []byte(src), coe.ReadOptions{Severities: coe.DefaultSeverities(), KeepNode: true})
	if err != nil {
		t.Fatal(err)
	}
	return File{Path: "coes/" + id + ".yaml", Doc: d}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func hexID(n int) string { return strings.Repeat(fmt.Sprintf("%02x", n%256), 20) }

// mk is a commit found in repo naming refs ("coe#CA-n" or "coe#CA-n done").
func mk(repo string, n int, date string, refs ...string) *Commit {
	c := &Commit{Repo: repo, ID: hexID(n), Short: hexID(n)[:7], Date: at(date), Subject: fmt.Sprintf("change %d", n)}
	c.parseTrailers(refs)
	return c
}

const other = "2024-06-14-packages-shown-delivered-never-arrived"

// Commits are indexed by the actions they name, newest first across
// repositories; a commit found in two repositories counts once.
func TestIndex(t *testing.T) {
	a := mk(".", 1, "2024-02-01T10:00:00Z", speakers+"#CA-1")
	b := mk("../svc", 2, "2024-02-03T10:00:00Z", speakers+"#CA-1 done", other+"#CA-1")
	b2 := *b
	b2.Repo = "../fork"
	c := mk("../fork", 3, "2024-02-02T10:00:00Z", speakers+"#CA-1")
	x := newIndex([][]*Commit{{a}, {b}, {&b2, c}})
	var got []string
	for _, l := range x.Links(speakers, "CA-1") {
		got = append(got, fmt.Sprintf("%s@%d:%t", l.Repo, l.Date.Day(), l.Done))
	}
	if want := []string{"../svc@3:true", "../fork@2:false", ".@1:false"}; !slices.Equal(got, want) {
		t.Errorf("links = %q, want %q", got, want)
	}
	if len(x.Commits) != 3 || len(x.Links(other, "CA-1")) != 1 || len(x.Links(other, "CA-2")) != 0 || !x.Mentions(other) || x.Mentions("2024-01-01-none") {
		t.Errorf("index: %d commits; %v", len(x.Commits), x.Links(other, "CA-1"))
	}
	j := x.Links(other, "CA-1")[0].JSON()
	if j.Commit != hexID(2) || j.Date != "2024-02-03T10:00:00Z" || j.Repo != "../svc" || j.Done {
		t.Errorf("JSON = %+v", j)
	}
	x.Commits[0].Subject = "evil \x1b]0;title\x07"
	if s := x.Links(speakers, "CA-1")[2].JSON().Subject; strings.ContainsAny(s, "\x1b\x07") {
		t.Errorf("JSON subject %q carries control characters", s)
	}
}

func TestVerify(t *testing.T) {
	files := []File{doc(t, speakers, `  - id: CA-1
    action: Done with a commit.
    owner: dana
    status: done
    done_at: 2024-02-05
  - id: CA-2
    action: Done with a recorded URL.
    owner: dana
    status: done
    done_at: 2024-02-05
    evidence: [https://tracker.example.com/SPK-1]
  - id: CA-3
    action: Done with nothing.
    owner: dana
    status: done
    done_at: 2024-02-05
  - id: CA-4
    action: Open, but a commit says done.
    owner: dana
  - id: CA-5
    action: In progress, a commit names it.
    owner: dana
    status: in-progress
  - id: CA-6
    action: Wont do.
    owner: dana
    status: wont-do
`)}
	x := newIndex([][]*Commit{{
		mk(".", 1, "2024-02-01T10:00:00Z", speakers+"#CA-1", speakers+"#CA-5", speakers+"#CA-6 done"),
		mk(".", 2, "2024-02-02T23:30:00-06:00", speakers+"#CA-4 done", speakers+"#CA-9", "2024-03-03-nowhere#CA-1", "2024-05-05-broken#CA-1"),
		mk(".", 3, "2024-02-04T10:00:00Z", "fixes CA-1"),
	}})
	ids := map[string]bool{speakers: true, "2024-05-05-broken": true}
	fs := Verify(files, ids, x, time.UTC)
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %s %d:%d %t", f.Kind, f.Action, f.Trailer, f.Line, f.Col, f.Fails()))
	}
	want := []string{
		"unsupported CA-3  21:13 true",
		"done-by-commit CA-4  23:5 true", // no status key: the action's line
		"unknown-ref CA-9 " + speakers + "#CA-9 0:0 false",
		"unknown-ref CA-1 2024-03-03-nowhere#CA-1 0:0 false",
		"bad-trailer  fixes CA-1 0:0 false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	msgs := map[string]string{}
	for _, f := range fs {
		msgs[f.Kind+f.Action] += f.String()
	}
	for key, want := range map[string]string{
		"unsupportedCA-3":    "coes/" + speakers + ".yaml:21:13: corrective action CA-3 is done, but no commit names it and it lists no evidence; expected a commit with the trailer COE-Action: " + speakers + "#CA-3, or an evidence entry (a commit id or URL) [unsupported]",
		"done-by-commitCA-4": "is open, but commit 0202020 (., 2024-02-03) says it is done; coe actions verify --write marks it done [done-by-commit]",
		"unknown-refCA-9":    `.@0202020: commit "change 2" names ` + speakers + "#CA-9, but " + speakers + " has no action CA-9 [unknown-ref]",
		"unknown-refCA-1":    "names 2024-03-03-nowhere#CA-1, but there is no COE 2024-03-03-nowhere [unknown-ref]",
		"bad-trailer":        `.@0303030: commit "change 3" has the trailer COE-Action: fixes CA-1, which names no action; expected COE-Action: <coe-id>#CA-<n>`,
	} {
		if !strings.Contains(msgs[key], want) {
			t.Errorf("%s:\n got %s\nwant %s", key, msgs[key], want)
		}
	}
}

// Apply moves open actions a commit says are done to done, with the date
// of the first such commit in the repository's zone, and records the
// commits of done actions, without duplicates, oldest first; nothing
// moves backwards.
func TestApply(t *testing.T) {
	f := doc(t, speakers, `  - id: CA-1
    action: Open; two commits say done.
    owner: dana
  - id: CA-2
    action: Done; one commit recorded by its short id already.
    owner: dana
    status: done
    done_at: 2024-01-30
    evidence: [0101010]
  - id: CA-3
    action: Wont do stays wont do.
    owner: dana
    status: wont-do
  - id: CA-4
    action: Open, named but not done.
    owner: dana
  - id: CA-5
    action: In progress with a done_at already.
    owner: dana
    status: in-progress
    done_at: 2024-01-15
`)
	x := newIndex([][]*Commit{{
		mk("../svc", 4, "2024-02-04T01:00:00+00:00", speakers+"#CA-1 done", speakers+"#CA-5 done"),
		mk(".", 2, "2024-02-02T23:30:00-06:00", speakers+"#CA-1 done", speakers+"#CA-2", speakers+"#CA-3 done", speakers+"#CA-4"),
		mk(".", 1, "2024-02-01T10:00:00Z", speakers+"#CA-2"),
	}})
	paris, _ := time.LoadLocation("Europe/Paris")
	c := f.Doc.COE
	changes := Apply(&c, x, paris)
	var got []string
	for _, ch := range changes {
		got = append(got, fmt.Sprintf("%s done=%t %s +%d", ch.Action, ch.Done, ch.DoneAt, len(ch.Added)))
	}
	want := []string{"CA-1 done=true 2024-02-03 +2", "CA-2 done=false  +1", "CA-5 done=true 2024-01-15 +1"}
	if !slices.Equal(got, want) {
		t.Errorf("changes = %q, want %q", got, want)
	}
	a := c.CorrectiveActions
	if a[0].Status != coe.ActionDone || a[0].DoneAt.String() != "2024-02-03" || !slices.Equal(a[0].Evidence, []string{hexID(2), hexID(4)}) {
		t.Errorf("CA-1 = %s %s %q; want done 2024-02-03 (the first done commit, 23:30 in Chicago, is the 3rd in Paris), both commits oldest first", a[0].Status, a[0].DoneAt, a[0].Evidence)
	}
	if !slices.Equal(a[1].Evidence, []string{"0101010", hexID(2)}) {
		t.Errorf("CA-2 evidence = %q; the commit recorded by a short id is not added again", a[1].Evidence)
	}
	if a[2].Status != coe.ActionWontDo || len(a[2].Evidence) != 0 {
		t.Errorf("CA-3 = %s %q; wont-do stays as it is", a[2].Status, a[2].Evidence)
	}
	if a[3].Status != "" || len(a[3].Evidence) != 0 {
		t.Errorf("CA-4 = %q %q; an open action no commit says is done is left alone", a[3].Status, a[3].Evidence)
	}
	if again := Apply(&c, x, paris); len(again) != 0 {
		t.Errorf("a second Apply changed %+v; want nothing", again)
	}

	// At most MaxRecorded ids an action.
	var many []*Commit
	for i := range MaxRecorded + 10 {
		many = append(many, mk(".", 100+i, "2024-02-01T10:00:00Z", speakers+"#CA-2"))
	}
	c = f.Doc.COE
	c.CorrectiveActions = slices.Clone(c.CorrectiveActions)
	Apply(&c, newIndex([][]*Commit{many}), time.UTC)
	if n := len(c.CorrectiveActions[1].Evidence); n != MaxRecorded {
		t.Errorf("evidence of an action named by %d commits: %d entries, want %d", MaxRecorded+10, n, MaxRecorded)
	}
}
