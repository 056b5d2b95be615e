package coe

import (
	"fmt"
	"strings"
)

// Summary is what the commands that summarise a repository (list,
// actions, stats, lint's repository-wide rules, the site's index pages)
// need of one COE: the COE without its long answers, and the positions
// those commands report. It is small, a few hundred bytes, so a command
// can keep one for each of 100,000 COEs, and the warm index (package
// coe/cache) keeps it between runs instead of parsing every file again.
type Summary struct {
	// COE is the COE with the texts of the seven answers left out:
	// what_happened, the timeline, the impact's texts (customers_affected
	// is kept), the root cause's summary and whys, supporting_data, the
	// implications, the lessons and the public section. Everything else is
	// kept as read: ids, title, statuses, people, times, tags, services,
	// contributing factors, related, the reopenings and every corrective
	// action whole.
	COE COE
	// HasPublic says the COE has a public section.
	HasPublic bool
	// IDPos is the position of the id's value (1:1 when there is none).
	IDPos Position
	// RelatedPos are the positions of the related ids, one an id.
	RelatedPos []Position
	// ActionPos are the positions of the corrective actions' items (the
	// start of each list item), one an action.
	ActionPos []Position
}

// Summarize takes the summary of a document read with ReadOptions.KeepNode
// (without it the positions are all 1:1).
func Summarize(doc *Document) Summary {
	c := &doc.COE
	s := Summary{COE: *c, HasPublic: !c.Public.IsZero(), IDPos: Position{1, 1}}
	if strings.TrimSpace(c.ID) != "" {
		s.IDPos = doc.Pos("id")
	}
	s.COE.WhatHappened, s.COE.Timeline = "", nil
	s.COE.Impact = Impact{CustomersAffected: c.Impact.CustomersAffected}
	s.COE.RootCause = RootCause{}
	s.COE.SupportingData, s.COE.Implications, s.COE.Lessons, s.COE.Public = nil, Implications{}, nil, nil
	if n := len(c.Related); n > 0 {
		s.RelatedPos = make([]Position, n)
		for i := range c.Related {
			s.RelatedPos[i] = doc.Pos(fmt.Sprintf("related[%d]", i))
		}
	}
	if n := len(c.CorrectiveActions); n > 0 {
		s.ActionPos = make([]Position, n)
		for i := range c.CorrectiveActions {
			s.ActionPos[i] = doc.KeyPos(fmt.Sprintf("corrective_actions[%d]", i))
		}
	}
	return s
}
