package form

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

func equalState(a, b State) bool { return reflect.DeepEqual(a, b) }

// diffCOE lists the fields where a and b differ. Times are equal when they
// are the same instant in the same offset.
func diffCOE(a, b *coe.COE) []string {
	var out []string
	diffValue("COE", reflect.ValueOf(*a), reflect.ValueOf(*b), &out)
	return out
}

var timeType = reflect.TypeFor[time.Time]()

func diffValue(path string, a, b reflect.Value, out *[]string) {
	add := func() { *out = append(*out, fmt.Sprintf("%s: %#v != %#v", path, a.Interface(), b.Interface())) }
	if a.Type() == timeType {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		_, oa := ta.Zone()
		_, ob := tb.Zone()
		if !ta.Equal(tb) || oa != ob || ta.IsZero() != tb.IsZero() {
			add()
		}
		return
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			diffValue(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i), out)
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			add()
			return
		}
		for i := range a.Len() {
			diffValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), out)
		}
	case reflect.Pointer:
		if a.IsNil() != b.IsNil() {
			add()
		} else if !a.IsNil() {
			diffValue(path, a.Elem(), b.Elem(), out)
		}
	default:
		if a.Interface() != b.Interface() {
			add()
		}
	}
}

func exampleFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../examples/coes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	return files
}

// FromCOE(c).COE() gives back c exactly, for every example, also through a
// draft.
func TestRoundTripExamples(t *testing.T) {
	for _, file := range exampleFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			doc, err := coe.ReadFile(file, coe.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := &doc.COE
			s := FromCOE(want)
			got, err := s.COE()
			if err != nil {
				t.Fatalf("COE(): %v", err)
			}
			if d := diffCOE(want, got); len(d) > 0 {
				t.Fatalf("round trip changed the COE:\n%s", strings.Join(d, "\n"))
			}
			wb, err1 := coe.Marshal(want)
			gb, err2 := coe.Marshal(got)
			if err1 != nil || err2 != nil || !bytes.Equal(wb, gb) {
				t.Fatalf("encodings differ (%v, %v):\n%s\n---\n%s", err1, err2, wb, gb)
			}

			back, err := ParseDraft(MarshalDraft(s, "coe edit --resume x"))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, s) {
				t.Fatalf("draft round trip changed the state:\n%+v\n%+v", back, s)
			}
		})
	}
}

func validState() State {
	return State{
		Title: "Checkout failed", Severity: "sev2", Status: "draft",
		StartedAt: "2024-01-28T19:05:00-06:00",
		Timeline:  []TimelineEntry{{At: "2024-01-28T19:05:00-06:00", Event: "Release"}},
		Impact:    Impact{CustomersAffected: "120000"},
		SupportingData: []SupportingData{
			{Title: "Error rate", Link: "https://dashboards.example.com/d/x"},
		},
		CorrectiveActions: []Action{
			{ID: "CA-1", Action: "Test old firmware", Owner: "dana", Due: "2024-02-15", Priority: "high", Status: "done", DoneAt: "2024-02-14", Tracker: "SPK-1"},
		},
	}
}

func TestCOEValidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *State)
		want   []string
	}{
		{"valid", func(*State) {}, nil},
		{"short timestamp", func(s *State) { s.StartedAt = "2024-01-2" },
			[]string{`incident started_at: invalid time "2024-01-2"; expected a time like 2026-11-30 14:02`}},
		{"local time", func(s *State) { s.DetectedAt = "2024-01-28T19:40:00" }, nil},
		{"time of day for the start", func(s *State) { s.StartedAt = "19:05" },
			[]string{`incident started_at: time "19:05" has no date`}},
		{"Z is an offset", func(s *State) { s.ResolvedAt = "2024-01-29T13:00:00Z" }, nil},
		{"bad approved_at", func(s *State) { s.ApprovedAt = "yesterday" },
			[]string{`approved_at: invalid time "yesterday"`}},
		{"timeline time of day", func(s *State) { s.Timeline[0].At = "19:05" }, nil},
		{"timeline time of day without a start", func(s *State) { s.Timeline[0].At, s.StartedAt = "19:05", "" },
			[]string{`timeline entry 1 at: time "19:05" has no date`}},
		{"negative count", func(s *State) { s.Impact.CustomersAffected = "-5" },
			[]string{`impact customers_affected: invalid number "-5"; expected a whole number of 0 or more`}},
		{"fraction", func(s *State) { s.Impact.CustomersAffected = "12.5" },
			[]string{`invalid number "12.5"`}},
		{"words", func(s *State) { s.Impact.CustomersAffected = "many" },
			[]string{`invalid number "many"`}},
		{"grouped count", func(s *State) { s.Impact.CustomersAffected = "120,000" }, nil},
		{"javascript link", func(s *State) { s.SupportingData[0].Link = "javascript:alert(1)" },
			[]string{`supporting data 1 link: invalid link "javascript:alert(1)"`}},
		{"ftp link", func(s *State) { s.SupportingData[0].Link = "ftp://files.example.com/x" },
			[]string{`invalid link "ftp://files.example.com/x": scheme "ftp" is not allowed`}},
		{"relative link", func(s *State) { s.SupportingData[0].Link = "/d/x" },
			[]string{`invalid link "/d/x"`}},
		{"no such day", func(s *State) { s.CorrectiveActions[0].Due = "2024-02-30" },
			[]string{`corrective action CA-1 due: invalid date "2024-02-30"; expected YYYY-MM-DD`}},
		{"half-typed date", func(s *State) { s.CorrectiveActions[0].DoneAt = "2024-02-1" },
			[]string{`corrective action CA-1 done_at: invalid date "2024-02-1"`}},
		{"blank owner", func(s *State) { s.CorrectiveActions[0].Owner = "  " },
			[]string{`corrective action CA-1 owner is empty`}},
		{"javascript tracker", func(s *State) { s.CorrectiveActions[0].Tracker = "javascript:alert(1)" },
			[]string{`corrective action CA-1 tracker: invalid tracker "javascript:alert(1)"`}},
		{"tracker with spaces", func(s *State) { s.CorrectiveActions[0].Tracker = "SPK 1" },
			[]string{`invalid tracker "SPK 1"`}},
		{"bad priority", func(s *State) { s.CorrectiveActions[0].Priority = "urgent" },
			[]string{`corrective action CA-1 priority: invalid value "urgent"; expected one of "high", "medium", "low"`}},
		{"bad action status", func(s *State) { s.CorrectiveActions[0].Status = "finished" },
			[]string{`corrective action CA-1 status: invalid value "finished"`}},
		{"bad status", func(s *State) { s.Status = "ready" },
			[]string{`status: invalid value "ready"; expected one of "draft", "review", "approved", "closed"`}},
		{"no title", func(s *State) { s.Title = " " }, []string{"title is empty"}},
		{"bad related", func(s *State) { s.Related = "2024-01-28-ok, Not An Id" },
			[]string{`related: invalid COE id "Not An Id"`}},
		{"every bad field is listed", func(s *State) {
			s.StartedAt, s.CorrectiveActions[0].Due, s.Impact.CustomersAffected = "x", "y", "z"
		}, []string{`incident started_at: invalid time "x"`, `corrective action CA-1 due: invalid date "y"`, `impact customers_affected: invalid number "z"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validState()
			tt.change(&s)
			_, err := s.COE()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if n := len(strings.Split(err.Error(), "\n")); n != len(tt.want) {
				t.Errorf("error has %d lines, want %d: %v", n, len(tt.want), err)
			}
		})
	}
}

func TestCOECleansText(t *testing.T) {
	s := State{
		Title: "  Checkout failed  ", Severity: "sev2", Status: "draft",
		Authors:      " steve,, dana ,",
		Tags:         " , ",
		WhatHappened: "Line one  \r\nLine two\t\r\n\r\n  \n",
		Impact:       Impact{Customers: "one line", Business: "   \n "},
		Timeline: []TimelineEntry{
			{At: " 2024-01-28T19:05:00-06:00 ", Event: "Release  "},
			{}, {At: " ", Event: "\n"},
		},
		RootCause:         RootCause{Whys: []string{"", "Why? Because.", "  "}},
		Lessons:           []string{"", " "},
		SupportingData:    []SupportingData{{}, {Title: "Graph"}},
		CorrectiveActions: []Action{{ID: "CA-1", Priority: "medium", Status: "open"}},
	}
	c, err := s.COE()
	if err != nil {
		t.Fatal(err)
	}
	at, _ := coe.ParseTime("2024-01-28T19:05:00-06:00")
	want := &coe.COE{
		Title: "Checkout failed", Severity: "sev2", Status: "draft",
		Authors:      []string{"steve", "dana"},
		WhatHappened: "Line one\nLine two\n",
		Impact:       coe.Impact{Customers: "one line"},
		Timeline:     []coe.TimelineEntry{{At: at, Event: "Release"}},
		RootCause:    coe.RootCause{Whys: []string{"Why? Because."}},
		SupportingData: []coe.SupportingData{
			{Title: "Graph"},
		},
	}
	if d := diffCOE(want, c); len(d) > 0 {
		t.Fatalf("COE():\n%s", strings.Join(d, "\n"))
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		" \n\t\n":         "",
		"a":               "a",
		"a\n":             "a\n",
		"a\n\n\n":         "a\n",
		"a  \nb\t":        "a\nb",
		"a\r\nb\r\n":      "a\nb\n",
		"  indented\n":    "  indented\n",
		"a\n\n  b\n \n":   "a\n\n  b\n",
		"old mac\rline\r": "old mac\nline\n",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFieldChecks(t *testing.T) {
	started := &State{StartedAt: "2024-01-28T19:05:00-06:00"}
	timeCheck := newBuilder(false).checkTime(newBuilder(false).startDay(started))
	roster := []string{"dana", "li.wei", "steve", "m.bennett@example.com"}
	status := "done"
	tests := []struct {
		name  string
		check func(string) error
		in    string
		want  string // "" for no error
	}{
		{"timestamp", timeCheck, "2024-01-28T19:05:00-06:00", ""},
		{"timestamp Z", timeCheck, "2024-01-29T01:05:00Z", ""},
		{"timestamp fraction", timeCheck, "2024-01-29T01:05:00.5Z", ""},
		{"timestamp blank", timeCheck, " ", ""},
		{"time as people write it", timeCheck, "2024-01-28 19:05", ""},
		{"time with T, no offset", timeCheck, "2024-01-28T19:05:00", ""},
		{"time date only", timeCheck, "2024-01-28", ""},
		{"time of day on the start date", timeCheck, "19:05", ""},
		{"time of day without a start", newBuilder(false).checkTime(noDay), "19:05", `time "19:05" has no date`},
		{"time space and offset", timeCheck, "2024-01-28 19:05:00-06:00", ""},
		{"time bad", timeCheck, "2024-01-28 25:05", `invalid time "2024-01-28 25:05"`},
		{"time words", timeCheck, "yesterday", `invalid time "yesterday"; expected a time like 2026-11-30 14:02`},
		{"date", checkDate, "2024-02-29", ""},
		{"date not leap", checkDate, "2023-02-29", `invalid date "2023-02-29"`},
		{"date 30 feb", checkDate, "2024-02-30", `invalid date "2024-02-30"; expected YYYY-MM-DD`},
		{"date short", checkDate, "2024-2-3", `invalid date "2024-2-3"`},
		{"due blank", checkDue, "", "a due date is required"},
		{"due", checkDue, "2024-02-15", ""},
		{"done_at when done", checkDoneAt(&status), "", "a done action needs the date"},
		{"count", checkCount, "0", ""},
		{"count grouped", checkCount, "1_200", ""},
		{"count negative", checkCount, "-1", `invalid number "-1"`},
		{"count plus", checkCount, "+1", `invalid number "+1"`},
		{"count huge", checkCount, "99999999999999999999", `invalid number`},
		{"link", checkLinkField, "https://example.com/a?b=c", ""},
		{"link blank", checkLinkField, "", ""},
		{"link javascript", checkLinkField, "javascript:alert(1)", `invalid link "javascript:alert(1)"`},
		{"link data", checkLinkField, "data:text/html,hi", `invalid link`},
		{"link no host", checkLinkField, "https://", `invalid link`},
		{"tracker key", checkTracker, "SPK-1234", ""},
		{"tracker url", checkTracker, "https://tracker.example.com/SPK-1", ""},
		{"tracker javascript", checkTracker, "javascript:alert(1)", `invalid tracker`},
		{"owner", checkOwner(roster), "li.wei", ""},
		{"owner e-mail", checkOwner(roster), "m.bennett@example.com", ""},
		{"owner blank", checkOwner(roster), "  ", "an owner is required"},
		{"owner blank no roster", checkOwner(nil), "", "an owner is required"},
		{"owner anyone without roster", checkOwner(nil), "zed", ""},
		{"owner typo", checkOwner(roster), "dnaa", `owner "dnaa" is not in the roster; did you mean "dana"?`},
		{"owner typo two", checkOwner(roster), "stev", `did you mean "steve"?`},
		{"owner unknown", checkOwner(roster), "xxxxxxxxxxxxxxx", `owner "xxxxxxxxxxxxxxx" is not in the roster (owners in .coe.yaml); expected one of "dana", "li.wei"`},
		{"related", checkRelated, "2024-01-28-a, 2023-11-02-b-c", ""},
		{"related bad date", checkRelated, "2024-02-30-a", `invalid COE id "2024-02-30-a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check(tt.in)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("%q: unexpected error %v", tt.in, err)
			case tt.want != "" && err == nil:
				t.Fatalf("%q: no error, want %q", tt.in, tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("%q: error %q does not contain %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestIncidentTimesInOrder(t *testing.T) {
	s := &State{StartedAt: "2024-01-28T19:05:00-06:00", DetectedAt: "bad"}
	b := newBuilder(false)
	detected, mitigated := b.checkIncidentTime(s, 1), b.checkIncidentTime(s, 2)
	if err := detected("2024-01-28T19:05:00-06:00"); err != nil {
		t.Errorf("equal times: %v", err)
	}
	if err := detected("2024-01-29T01:04:00Z"); err == nil || !strings.Contains(err.Error(), "detected_at 2024-01-29T01:04:00Z is before started_at 2024-01-28T19:05:00-06:00") {
		t.Errorf("earlier time in another offset: %v", err)
	}
	// A bad or blank earlier time is skipped; the start still counts.
	if err := mitigated("2024-01-28T19:00:00-06:00"); err == nil || !strings.Contains(err.Error(), "mitigated_at") {
		t.Errorf("mitigated before started: %v", err)
	}
	if err := b.checkIncidentTime(s, 0)("2030-01-01T00:00:00Z"); err != nil {
		t.Errorf("started has nothing before it: %v", err)
	}
}

func TestCheckStatus(t *testing.T) {
	s := validState()
	s.WhatHappened, s.Impact.Customers, s.RootCause.Summary = "x", "x", "x"
	s.Implications.Security, s.Lessons = "None: x", []string{"x"}
	check := checkStatus(&s)
	if err := check("review"); err != nil {
		t.Fatalf("review: %v", err)
	}
	if err := check("approved"); err == nil || !strings.Contains(err.Error(), "approved_by and approved_at") {
		t.Fatalf("approved: %v", err)
	}
	s.ApprovedBy, s.ApprovedAt = "kenji", "2024-02-12T16:30:00-06:00"
	if err := check("closed"); err != nil {
		t.Fatalf("closed: %v", err)
	}
	s.CorrectiveActions = append(s.CorrectiveActions, Action{ID: "CA-2", Action: "y", Owner: "dana", Due: "2024-03-01", Status: "in-progress"})
	if err := check("closed"); err == nil || !strings.Contains(err.Error(), "CA-2 is in-progress") {
		t.Fatalf("closed with an open action: %v", err)
	}
	s.CorrectiveActions[1].Due = ""
	if err := check("review"); err == nil || !strings.Contains(err.Error(), "an owner and a due date for corrective action CA-2") {
		t.Fatalf("review without a due date: %v", err)
	}
}

func TestKeepAccessor(t *testing.T) {
	v := "a\tb\n"
	acc := keep(&v, showLine)
	if got := acc.Get(); got != "a b " {
		t.Fatalf("shown = %q", got)
	}
	acc.Set("a b ")
	if v != "a\tb\n" {
		t.Fatalf("unchanged value became %q", v)
	}
	acc.Set("a bc")
	if v != "a bc" || acc.Get() != "a bc" {
		t.Fatalf("changed value = %q", v)
	}
	acc.Set("a b ") // changed back
	if v != "a\tb\n" {
		t.Fatalf("value changed back = %q", v)
	}
}

func TestNextActionID(t *testing.T) {
	if id := nextActionID(nil); id != "CA-1" {
		t.Errorf("first id = %s", id)
	}
	if id := nextActionID([]Action{{ID: "CA-1"}, {ID: "CA-7"}, {ID: ""}}); id != "CA-8" {
		t.Errorf("next id = %s", id)
	}
}

// The comparator of the round trip sees what reflect.DeepEqual would miss
// or overstate: the same instant in another offset differs.
func TestDiffCOESeesOffsets(t *testing.T) {
	a, _ := coe.ParseTime("2024-01-28T19:05:00-06:00")
	b, _ := coe.ParseTime("2024-01-29T01:05:00Z")
	c, _ := coe.ParseTime("2024-01-28T19:05:00-06:00")
	if d := diffCOE(&coe.COE{ApprovedAt: a}, &coe.COE{ApprovedAt: b}); len(d) != 1 {
		t.Errorf("another offset: %v", d)
	}
	if d := diffCOE(&coe.COE{ApprovedAt: a}, &coe.COE{ApprovedAt: c}); len(d) != 0 {
		t.Errorf("same time parsed twice: %v", d)
	}
	if d := diffCOE(&coe.COE{Tags: []string{}}, &coe.COE{}); len(d) != 1 {
		t.Errorf("empty and nil lists: %v", d)
	}
}
