package coe

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// actionCOE is a COE with one action of each state SetAction cares about.
func actionCOE() *COE {
	d := func(s string) Date { x, _ := ParseDate(s); return x }
	return &COE{ID: "2026-11-01-x", Status: StatusApproved, CorrectiveActions: []CorrectiveAction{
		{ID: "CA-1", Action: "Open one.", Owner: "dana", Due: d("2026-12-01"), Priority: "high", Status: ActionOpen, Tracker: "SPK-1"},
		{ID: "CA-2", Action: "Done one.", Owner: "kenji", Due: d("2026-10-01"), Status: ActionDone, DoneAt: d("2026-09-30")},
		{ID: "CA-3", Action: "No status.", Owner: "dana", Due: d("2026-12-15")},
		{ID: "CA-4", Action: "Dropped.", Owner: "dana", Due: d("2026-12-15"), Status: ActionWontDo, Note: "Superseded."},
	}}
}

func str(s string) *string { return &s }

func TestSetAction(t *testing.T) {
	cfg := Config{Owners: []string{"dana", "kenji", "li.wei"}, Roster: []Member{{Handle: "dana", Email: "dana@example.com"}, {Handle: "kenji"}, {Handle: "li.wei"}}}
	today, _ := ParseDate("2026-11-23")
	for _, tc := range []struct {
		name    string
		ref     string
		edit    ActionEdit
		changed []string
		check   func(a CorrectiveAction) bool
		summary string
		note    string
	}{
		{"done sets done_at today", "CA-1", ActionEdit{Status: str("done")}, []string{"status", "done_at"},
			func(a CorrectiveAction) bool { return a.Status == ActionDone && a.DoneAt == today },
			"status open -> done, done_at 2026-11-23", ""},
		{"done with --done-at", "1", ActionEdit{Status: str("Done"), DoneAt: str(" 2026-11-20 ")}, []string{"status", "done_at"},
			func(a CorrectiveAction) bool { return a.DoneAt.String() == "2026-11-20" }, "status open -> done, done_at 2026-11-20", ""},
		{"done_at of a done action", "ca-2", ActionEdit{DoneAt: str("2026-10-02")}, []string{"done_at"},
			func(a CorrectiveAction) bool { return a.DoneAt.String() == "2026-10-02" && a.Status == ActionDone }, "done_at 2026-09-30 -> 2026-10-02", ""},
		{"done again keeps done_at", "CA-2", ActionEdit{Status: str("done")}, []string{},
			func(a CorrectiveAction) bool { return a.DoneAt.String() == "2026-09-30" }, "nothing changed", ""},
		{"away from done clears done_at", "CA-2", ActionEdit{Status: str("in-progress")}, []string{"status", "done_at"},
			func(a CorrectiveAction) bool { return a.DoneAt.IsZero() }, "status done -> in-progress, done_at 2026-09-30 removed", ""},
		{"open on an action without status is no change", "CA-3", ActionEdit{Status: str("open")}, []string{},
			func(a CorrectiveAction) bool { return a.Status == "" }, "nothing changed", ""},
		{"wont-do with a note", "CA-1", ActionEdit{Status: str("wont-do"), Note: str("Not worth it.\n")}, []string{"status", "note"},
			func(a CorrectiveAction) bool { return a.Note == "Not worth it." }, "status open -> wont-do, note added", ""},
		{"note changed on wont-do", "CA-4", ActionEdit{Note: str("Superseded by CA-1.")}, []string{"note"},
			func(a CorrectiveAction) bool { return a.Note == "Superseded by CA-1." }, "note changed", ""},
		{"owner by e-mail is the handle", "CA-1", ActionEdit{Owner: str("DANA@example.com")}, []string{},
			func(a CorrectiveAction) bool { return a.Owner == "dana" }, "nothing changed", "DANA@example.com is dana in the owners roster"},
		{"owner", "CA-1", ActionEdit{Owner: str(" li.wei ")}, []string{"owner"},
			func(a CorrectiveAction) bool { return a.Owner == "li.wei" }, "owner dana -> li.wei", ""},
		{"due in the past is noted", "CA-1", ActionEdit{Due: str("2026-11-01")}, []string{"due"},
			func(a CorrectiveAction) bool { return a.Due.String() == "2026-11-01" }, "due 2026-12-01 -> 2026-11-01", "due 2026-11-01 is in the past (22 days ago); CA-1 is overdue already"},
		{"priority removed", "CA-1", ActionEdit{Priority: str("")}, []string{"priority"},
			func(a CorrectiveAction) bool { return a.Priority == "" }, "priority high removed", ""},
		{"priority", "CA-3", ActionEdit{Priority: str("LOW")}, []string{"priority"},
			func(a CorrectiveAction) bool { return a.Priority == "low" }, "priority low", ""},
		{"tracker", "CA-1", ActionEdit{Tracker: str("https://t.example.com/SPK-2")}, []string{"tracker"},
			func(a CorrectiveAction) bool { return a.Tracker == "https://t.example.com/SPK-2" }, "tracker SPK-1 -> https://t.example.com/SPK-2", ""},
		{"note removed", "CA-1", ActionEdit{Note: str("")}, []string{},
			func(a CorrectiveAction) bool { return a.Note == "" }, "nothing changed", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := actionCOE()
			before := actionCOE()
			s, err := SetAction(c, tc.ref, tc.edit, cfg, today)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Changed, tc.changed) {
				t.Errorf("changed %q, want %q", s.Changed, tc.changed)
			}
			if !tc.check(s.After) {
				t.Errorf("after: %+v", s.After)
			}
			if got := s.Summary(); got != tc.summary {
				t.Errorf("summary %q, want %q", got, tc.summary)
			}
			if tc.note == "" && len(s.Notes) > 0 || tc.note != "" && (len(s.Notes) != 1 || !strings.HasPrefix(s.Notes[0], tc.note)) {
				t.Errorf("notes %q, want %q", s.Notes, tc.note)
			}
			i, _ := FindAction(c, tc.ref)
			if len(tc.changed) > 0 && !reflect.DeepEqual(c.CorrectiveActions[i], s.After) {
				t.Errorf("the COE holds %+v, want %+v", c.CorrectiveActions[i], s.After)
			}
			for j := range c.CorrectiveActions {
				if j != i && !reflect.DeepEqual(c.CorrectiveActions[j], before.CorrectiveActions[j]) {
					t.Errorf("action %d changed too: %+v", j, c.CorrectiveActions[j])
				}
			}
		})
	}
}

func TestSetActionRefused(t *testing.T) {
	cfg := Config{Owners: []string{"dana", "kenji"}, Roster: []Member{{Handle: "dana"}, {Handle: "kenji"}}}
	today, _ := ParseDate("2026-11-23")
	closed := actionCOE()
	closed.Status = StatusClosed
	for _, tc := range []struct {
		name, ref string
		edit      ActionEdit
		c         *COE
		field     string
		msg       string
	}{
		{"unknown action", "CA-9", ActionEdit{Status: str("done")}, nil, "", `no corrective action "CA-9" in 2026-11-01-x; it has CA-1, CA-2, CA-3, CA-4`},
		{"zero", "0", ActionEdit{Status: str("done")}, nil, "", `no corrective action "0" in`},
		{"bad status", "CA-1", ActionEdit{Status: str("dne")}, nil, "status", `"dne" is not an action status; did you mean "done"? Expected one of open, in-progress, done, wont-do`},
		{"wont-do without note", "CA-1", ActionEdit{Status: str("wont-do")}, nil, "note", "CA-1 is wont-do and needs a note saying why it will not be done"},
		{"wont-do with a blank note", "CA-1", ActionEdit{Status: str("wont-do"), Note: str("  ")}, nil, "note", "needs a note"},
		{"note removed from wont-do", "CA-4", ActionEdit{Note: str("")}, nil, "note", "needs a note"},
		{"done_at of an open action", "CA-1", ActionEdit{DoneAt: str("2026-11-20")}, nil, "done_at", "CA-1 is open; done_at is the date an action was done, set with status done"},
		{"done_at with another status", "CA-2", ActionEdit{Status: str("open"), DoneAt: str("2026-11-20")}, nil, "done_at", "CA-2 is open; "},
		{"done_at in the future", "CA-1", ActionEdit{Status: str("done"), DoneAt: str("2026-11-24")}, nil, "done_at", "2026-11-24 is after today (2026-11-23)"},
		{"bad done_at", "CA-1", ActionEdit{Status: str("done"), DoneAt: str("yesterday")}, nil, "done_at", `invalid date "yesterday"`},
		{"unknown owner", "CA-1", ActionEdit{Owner: str("dnaa")}, nil, "owner", `"dnaa" is not in the owners roster of .coe.yaml (dana, kenji); did you mean "dana"?`},
		{"blank owner", "CA-1", ActionEdit{Owner: str(" ")}, nil, "owner", "an owner is blank"},
		{"owner with an escape", "CA-1", ActionEdit{Owner: str("dana\x1b[2J")}, nil, "owner", "control character"},
		{"bad due", "CA-1", ActionEdit{Due: str("2026-02-30")}, nil, "due", `invalid date "2026-02-30"; expected YYYY-MM-DD`},
		{"bad priority", "CA-1", ActionEdit{Priority: str("urgent")}, nil, "priority", `"urgent" is not a priority; expected one of high, medium, low`},
		{"bad tracker", "CA-1", ActionEdit{Tracker: str("SPK 1")}, nil, "tracker", `"SPK 1": expected an http(s) URL or a ticket key`},
		{"javascript tracker", "CA-1", ActionEdit{Tracker: str("javascript:alert(1)")}, nil, "tracker", `"javascript:alert(1)": `},
		{"bidi in a note", "CA-1", ActionEdit{Note: str("a\u202eb")}, nil, "note", "bidi control"},
		{"long note", "CA-1", ActionEdit{Note: str(strings.Repeat("x", MaxAnswerLength+1))}, nil, "note", "at most 65536"},
		{"closed COE", "CA-2", ActionEdit{Status: str("open")}, closed, "", "2026-11-01-x is closed, so every corrective action is done or wont-do; to take up CA-2 again, reopen the COE first"},
		{"two actions with one id", "CA-1", ActionEdit{Status: str("done")}, &COE{ID: "d", CorrectiveActions: []CorrectiveAction{{ID: "CA-1"}, {ID: "CA-1"}}}, "", `d has two corrective actions with the id "CA-1" (the 1st and the 2nd)`},
		{"no ids", "CA-1", ActionEdit{Status: str("done")}, &COE{ID: "d"}, "", "it has no corrective action with an id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			if c == nil {
				c = actionCOE()
			}
			before, _ := json.Marshal(c)
			_, err := SetAction(c, tc.ref, tc.edit, cfg, today)
			var e *ActionEditError
			if !errors.As(err, &e) {
				t.Fatalf("err %v, want an *ActionEditError", err)
			}
			if e.Field != tc.field || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("field %q, msg %q; want %q, %q", e.Field, e.Msg, tc.field, tc.msg)
			}
			if after, _ := json.Marshal(c); string(after) != string(before) {
				t.Errorf("a refused edit changed the COE")
			}
		})
	}
	// A closed COE still takes a note or a tracker.
	if s, err := SetAction(closed, "CA-4", ActionEdit{Note: str("Superseded by CA-1."), Tracker: str("X-1")}, cfg, today); err != nil || len(s.Changed) != 2 {
		t.Errorf("note on a closed COE: %v %v", s.Changed, err)
	}
	// Without a roster, anyone owns.
	if s, err := SetAction(actionCOE(), "CA-1", ActionEdit{Owner: str("someone@else.example")}, Config{}, today); err != nil || s.After.Owner != "someone@else.example" {
		t.Errorf("no roster: %v %v", s.After.Owner, err)
	}
}

func TestFindActionLists(t *testing.T) {
	c := &COE{ID: "big"}
	for i := range 40 {
		c.CorrectiveActions = append(c.CorrectiveActions, CorrectiveAction{ID: "CA-" + strconv.Itoa(i+1)})
	}
	if i, err := FindAction(c, "040"); err != nil || i != 39 {
		t.Errorf("040: %d %v", i, err)
	}
	_, err := FindAction(c, "CA-41")
	if err == nil || !strings.HasSuffix(err.Error(), "CA-30, and 10 more") {
		t.Errorf("41: %v", err)
	}
}

func TestActionJSON(t *testing.T) {
	c := actionCOE()
	a := c.CorrectiveActions[3]
	a.Evidence = []string{"3f9c2a1"}
	b, err := ActionJSON(&a)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"CA-4","action":"Dropped.","owner":"dana","due":"2026-12-15","status":"wont-do","note":"Superseded.","evidence":["3f9c2a1"]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// The same object as in the COE's JSON.
	whole, _ := json.Marshal(c)
	var v struct {
		CorrectiveActions []json.RawMessage `json:"corrective_actions"`
	}
	if err := json.Unmarshal(whole, &v); err != nil {
		t.Fatal(err)
	}
	one, _ := ActionJSON(&c.CorrectiveActions[0])
	if string(v.CorrectiveActions[0]) != string(one) {
		t.Errorf("ActionJSON %s\nCOE's JSON %s", one, v.CorrectiveActions[0])
	}
}
