package form

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// FuzzDraft: a draft is a file a user may edit by hand. Whatever it holds,
// reading it, converting it (as a new COE and as an edit of the example),
// the menu's lines and --section never panic; a draft that reads is written
// back as the same state; an edit that changes nothing gives the COE back.
func FuzzDraft(f *testing.F) {
	ex, err := coe.ReadFile("../../examples/coes/2024-01-28-speaker-groups-stopped-playing.yaml", coe.ReadOptions{})
	if err != nil {
		f.Fatal(err)
	}
	base := &ex.COE
	f.Add(string(MarshalDraft(FromCOE(base), "coe edit x --resume")))
	s := validState()
	s.Step, s.Part, s.Item, s.Field, s.Section = StepLessons, "lessons", 2, 1, "lessons"
	f.Add(string(MarshalDraft(s, "")))
	f.Add("step: 3\nstarted_at: 14:02\ntimeline:\n  - at: '25:61'\n    event: x\n")
	f.Add("step: 9\npart: CA-9\nitem: 99\nfield: -3\nrelated: 2024-02-30-x, ,\n")
	f.Add("started_at: 2026-03-29 02:30\ncorrective_actions:\n  - id: CA-1\n    due: 2024-13-01\n")
	f.Add("step: [1]\n")
	f.Add("lessons: {a: b}\n")
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.UTC
	}
	f.Fuzz(func(t *testing.T, data string) {
		s, err := ParseDraft([]byte(data))
		if err != nil {
			return
		}
		// Read back as written (an empty list and none are one).
		written := MarshalDraft(s, "coe new --resume x")
		back, err := ParseDraft(written)
		if err != nil || !bytes.Equal(MarshalDraft(back, "coe new --resume x"), written) {
			t.Fatalf("the draft does not read back as written: %v\n%#v\n%#v", err, back, s)
		}
		for _, loc := range []*time.Location{time.UTC, paris} {
			if c, err := s.COEIn(loc); err == nil {
				if _, err := coe.Marshal(c); err != nil {
					t.Fatalf("a COE the form converts does not write: %v", err)
				}
			}
			s.Merge(base, loc)
		}
		for _, sec := range s.SectionNames() {
			partHolds(&s, sec)
			st := s
			if err := st.OpenSection(sec); err != nil {
				t.Fatalf("OpenSection(%q) of its own names: %v", sec, err)
			}
		}
		changedParts(&s, base)
	})
}

// An edit that changes nothing gives the COE back as it is, for every
// example.
func TestMergeUntouchedEveryExample(t *testing.T) {
	files, err := filepath.Glob("../../examples/coes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	for _, file := range files {
		doc, err := coe.ReadFile(file, coe.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s := FromCOE(&doc.COE)
		got, err := s.Merge(&doc.COE, time.UTC)
		if err != nil || !reflect.DeepEqual(got, &doc.COE) {
			t.Errorf("%s: %v\n%s", file, err, strings.Join(diffCOE(&doc.COE, got), "\n"))
		}
	}
}
