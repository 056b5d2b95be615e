package render

import (
	"github.com/coe-cli/coe/coe/remind"
)

// ActionsFeed is the site's iCalendar feed of the open actions' due dates,
// beside actions.html, which links to it.
const ActionsFeed = "actions.ics"

// writeActionsFeed writes ActionsFeed: the open actions of the actions
// page (acts, from feedActions) as a calendar to subscribe to (see
// remind.ICS). Its events link to
// the actions' pages only when o.BaseURL says where the site is published:
// a relative link means nothing in a calendar. Like every page it is the
// same bytes for the same COEs on the same day, and the manifest lists it.
func (o *SiteOptions) writeActionsFeed(w *siteWriter, acts []remind.Action) error {
	s, err := w.stream(ActionsFeed) // 130 MB for 100,000 COEs
	if err != nil {
		return err
	}
	if _, err := remind.ICS(s, acts, remind.Options{AsOf: o.Today, SiteURL: o.BaseURL, Name: o.Title + " · corrective actions"}); err != nil {
		s.abort()
		return err
	}
	return s.commit()
}

// feedActions is what the feed tells of each action, in the order given.
func feedActions(actions []SiteAction) []remind.Action {
	acts := make([]remind.Action, len(actions))
	for i := range actions {
		a := &actions[i]
		acts[i] = remind.Action{COE: a.COEID, COETitle: a.COETitle, File: a.File, ID: a.ID, Action: a.Action,
			Owner: a.Owner, Due: a.due, Priority: a.Priority, Status: a.Status, Tracker: a.Tracker}
	}
	return acts
}
