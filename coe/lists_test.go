package coe

import (
	"slices"
	"testing"
)

// The lists of the format are copies: a caller that changes one changes
// neither the next caller's nor what the reader accepts.
func TestListsAreCopies(t *testing.T) {
	for name, list := range map[string]func() []string{
		"Statuses": Statuses, "ActionStatuses": ActionStatuses, "Priorities": Priorities,
		"DefaultSeverities": DefaultSeverities, "RuleLevels": RuleLevels,
		"KeysCOE": KeysCOE, "KeysIncident": KeysIncident, "KeysTimeline": KeysTimeline,
		"KeysImpact": KeysImpact, "KeysRootCause": KeysRootCause, "KeysSupportingData": KeysSupportingData,
		"KeysImplications": KeysImplications, "KeysAction": KeysAction,
		"KeysConfig": KeysConfig, "KeysMember": KeysMember, "KeysUserConfig": KeysUserConfig,
	} {
		want := list()
		if len(want) == 0 {
			t.Errorf("%s is empty", name)
			continue
		}
		got := list()
		got[0] = "changed"
		if !slices.Equal(list(), want) {
			t.Errorf("changing what %s returned changed the list: %q", name, list())
		}
	}
	q := Questions()
	q[0].Text = "changed"
	if Questions()[0].Text != "What happened?" {
		t.Errorf("changing what Questions returned changed the questions: %q", Questions()[0].Text)
	}
	s := Statuses()
	s[1] = "reviewed"
	if _, err := Parse("c.yaml", []byte("version: 1\nstatus: review\n"), ReadOptions{}); err != nil {
		t.Errorf("the reader refuses a status once a caller changed its copy of the statuses: %v", err)
	}
}
