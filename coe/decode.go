package coe

// The strict decoder: YAML nodes into a COE, every problem at its line and
// column with what was expected, and every problem of a file at once.

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null"
		case "!!int", "!!float":
			return fmt.Sprintf("the number %s", n.Value)
		case "!!bool":
			return fmt.Sprintf("the boolean %s", n.Value)
		}
		return fmt.Sprintf("the text %q", n.Value)
	}
	return "nothing"
}

type decoder struct {
	file       string
	severities []string
	errs       ErrorList
}

func (d *decoder) errorf(n *yaml.Node, rule, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Col: n.Column, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

// checkAliases refuses anchors and aliases anywhere in the tree. A COE has
// no use for them, and refusing them makes alias bombs cost nothing.
func (d *decoder) checkAliases(n *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		d.errorf(n, RuleAlias, "alias *%s: COE files may not use YAML anchors and aliases; write the value out", n.Value)
		return
	}
	if n.Anchor != "" {
		d.errorf(n, RuleAlias, "anchor &%s: COE files may not use YAML anchors and aliases; write the value out", n.Anchor)
	}
	for _, c := range n.Content {
		d.checkAliases(c)
	}
}

// mapping walks the pairs of a mapping node whose allowed keys are keys,
// reporting unknown and duplicate keys, and calls set for each known key.
// A null node is an empty mapping.
func (d *decoder) mapping(n *yaml.Node, what string, keys []string, set func(key string, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, RuleWrongType, "%s is %s; expected a mapping with keys %s", what, kindName(n), quoteList(keys))
		return
	}
	seen := make([]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, RuleWrongType, "a key in %s is %s; expected one of %s", what, kindName(k), quoteList(keys))
			continue
		}
		if dup := findKey(seen, k.Value); dup != nil {
			d.errorf(k, RuleDuplicateKey, "duplicate key %q in %s (first at line %d); give each key once", k.Value, what, dup.Line)
			continue
		}
		seen = append(seen, k)
		if !slices.Contains(keys, k.Value) {
			msg := fmt.Sprintf("unexpected key %q in %s; expected one of %s", k.Value, what, quoteList(keys))
			if s := suggest(k.Value, keys); s != "" {
				msg = fmt.Sprintf("unexpected key %q in %s; did you mean %q? expected one of %s", k.Value, what, s, quoteList(keys))
			}
			d.errs = append(d.errs, &Error{File: d.file, Line: k.Line, Col: k.Column, Rule: RuleUnknownField, Msg: msg})
			continue
		}
		set(k.Value, v)
	}
}

func findKey(keys []*yaml.Node, name string) *yaml.Node {
	for _, k := range keys {
		if k.Value == name {
			return k
		}
	}
	return nil
}

// str decodes a text. Any scalar is accepted as written (a title may be a
// number); null is the empty text.
func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, RuleWrongType, "%s is %s; expected a text", what, kindName(n))
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	if n.Tag == "!!binary" || (strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!")) {
		d.errorf(n, RuleWrongType, "%s has the tag %s; expected a plain text", what, n.Tag)
		return ""
	}
	return n.Value
}

// labels decodes tags or services: a list of at most MaxLabels texts.
func (d *decoder) labels(n *yaml.Node, what string) []string {
	list := d.strList(n, what)
	if len(list) > MaxLabels {
		d.errorf(n, RuleTooManyLabels, "%s has %d items; a COE may name at most %d %s: each is a page of the site; name the few that find it",
			what, len(list), MaxLabels, what)
		list = list[:MaxLabels]
	}
	return list
}

// markdown decodes a Markdown answer: a text of at most MaxAnswerLength
// characters.
func (d *decoder) markdown(n *yaml.Node, what string) string {
	s := d.str(n, what)
	if len(s) <= MaxAnswerLength {
		return s
	}
	if l := utf8.RuneCountInString(s); l > MaxAnswerLength {
		start := []rune(s[:min(len(s), 4*24)])
		d.errorf(n, RuleAnswerLength, "%s is %d characters long (it starts %q); a Markdown answer may be at most %d characters (about 10,000 words): "+
			"keep logs and transcripts out of the COE and link to them from supporting_data", what, l, string(start[:min(len(start), 24)]), MaxAnswerLength)
	}
	return s
}

// markdownList decodes a list of Markdown answers.
func (d *decoder) markdownList(n *yaml.Node, what string) []string {
	out := d.strList(n, what)
	for i, s := range out {
		if len(s) > MaxAnswerLength {
			out[i] = d.markdown(n.Content[i], fmt.Sprintf("%s[%d]", what, i))
		}
	}
	return out
}

func (d *decoder) strList(n *yaml.Node, what string) []string {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleWrongType, "%s is %s; expected a list, like [a, b]", what, kindName(n))
		return nil
	}
	var out []string
	for i, c := range n.Content {
		out = append(out, d.str(c, fmt.Sprintf("%s[%d]", what, i)))
	}
	return out
}

func (d *decoder) enum(n *yaml.Node, what string, allowed []string) string {
	s := d.str(n, what)
	if n.Kind == yaml.ScalarNode && !slices.Contains(allowed, s) {
		switch near := suggest(s, allowed); {
		case s == "":
			d.errorf(n, RuleInvalidValue, "%s is empty; expected one of %s", what, quoteList(allowed))
		case near != "":
			d.errorf(n, RuleInvalidValue, "invalid %s %q; did you mean %q? expected one of %s", what, s, near, quoteList(allowed))
		default:
			d.errorf(n, RuleInvalidValue, "invalid %s %q; expected one of %s", what, s, quoteList(allowed))
		}
		return s
	}
	return s
}

func (d *decoder) timestamp(n *yaml.Node, what string) time.Time {
	s := d.str(n, what)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		d.errorf(n, RuleInvalidValue, "%s: %v", what, err)
	}
	return t
}

func (d *decoder) date(n *yaml.Node, what string) Date {
	s := d.str(n, what)
	if s == "" {
		return Date{}
	}
	t, err := ParseDate(s)
	if err != nil {
		d.errorf(n, RuleInvalidValue, "%s: %v", what, err)
	}
	return t
}

func (d *decoder) count(n *yaml.Node, what string) *int64 {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		d.errorf(n, RuleWrongType, "%s is %s; expected a whole number, like 120000", what, kindName(n))
		return nil
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
	if err != nil || v < 0 {
		d.errorf(n, RuleInvalidValue, "invalid %s %q; expected a whole number of 0 or more", what, n.Value)
		return nil
	}
	return &v
}

// link decodes an optional URL limited to the given schemes.
func (d *decoder) link(n *yaml.Node, what string, schemes ...string) string {
	s := d.str(n, what)
	if s == "" {
		return ""
	}
	if err := CheckURL(s, schemes...); err != nil {
		d.errorf(n, RuleInvalidValue, "invalid %s %q: %v", what, s, err)
	}
	return s
}

// CheckURL reports whether s is an absolute URL with a host and one of the
// schemes (http and https when none are given).
func CheckURL(s string, schemes ...string) error {
	if len(schemes) == 0 {
		schemes = []string{"http", "https"}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || strings.ContainsAny(s, " \t\n") {
		return fmt.Errorf("expected an absolute URL like https://example.com/path")
	}
	if !slices.Contains(schemes, strings.ToLower(u.Scheme)) {
		return fmt.Errorf("scheme %q is not allowed; expected %s", u.Scheme, strings.Join(schemes, " or "))
	}
	return nil
}

// coe decodes the top-level mapping.
func (d *decoder) coe(n *yaml.Node, c *COE) {
	d.mapping(n, "the COE", keysCOE, func(key string, v *yaml.Node) {
		switch key {
		case "version":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
				d.errorf(v, RuleWrongType, "version is %s; expected 1", kindName(v))
				return
			}
			ver, err := strconv.Atoi(v.Value)
			if err != nil || ver != FormatVersion {
				d.errorf(v, RuleVersion, "unsupported version %q; this coe reads version 1 files (a newer coe may read this one)", v.Value)
				return
			}
			c.Version = ver
		case "id":
			c.ID = d.str(v, "id")
			if c.ID != "" && !ValidID(c.ID) {
				d.errorf(v, RuleInvalidValue, "invalid id %q; expected YYYY-MM-DD-slug in lower case, like 2024-01-28-speaker-groups-stopped-playing", c.ID)
			}
		case "title":
			c.Title = d.str(v, "title")
		case "status":
			c.Status = d.enum(v, "status", statuses)
		case "severity":
			c.Severity = d.enum(v, "severity", d.severities)
		case "authors":
			c.Authors = d.strList(v, "authors")
		case "reviewers":
			c.Reviewers = d.strList(v, "reviewers")
		case "submitted_at":
			c.SubmittedAt = d.timestamp(v, "submitted_at")
		case "approved_by":
			c.ApprovedBy = d.str(v, "approved_by")
		case "approved_at":
			c.ApprovedAt = d.timestamp(v, "approved_at")
		case "closed_at":
			c.ClosedAt = d.timestamp(v, "closed_at")
		case "reopened":
			c.Reopened = d.reopened(v)
		case "tags":
			c.Tags = d.labels(v, "tags")
		case "services":
			c.Services = d.labels(v, "services")
		case "incident":
			d.incident(v, &c.Incident)
		case "what_happened":
			c.WhatHappened = d.markdown(v, "what_happened")
		case "timeline":
			c.Timeline = d.timeline(v)
		case "impact":
			d.impact(v, &c.Impact)
		case "root_cause":
			d.mapping(v, "root_cause", keysRootCause, func(key string, v *yaml.Node) {
				switch key {
				case "summary":
					c.RootCause.Summary = d.markdown(v, "root_cause.summary")
				case "whys":
					c.RootCause.Whys = d.markdownList(v, "root_cause.whys")
				}
			})
		case "contributing_factors":
			c.ContributingFactors = d.strList(v, "contributing_factors")
			if len(c.ContributingFactors) > MaxFactors {
				d.errorf(v, RuleTooManyLabels, "contributing_factors has %d items; a COE may name at most %d contributing factors: name the few that mattered most",
					len(c.ContributingFactors), MaxFactors)
				c.ContributingFactors = c.ContributingFactors[:MaxFactors]
			}
		case "supporting_data":
			c.SupportingData = d.supportingData(v)
		case "implications":
			d.mapping(v, "implications", keysImplications, func(key string, v *yaml.Node) {
				switch key {
				case "security":
					c.Implications.Security = d.markdown(v, "implications.security")
				case "other":
					c.Implications.Other = d.markdown(v, "implications.other")
				}
			})
		case "lessons":
			c.Lessons = d.markdownList(v, "lessons")
		case "corrective_actions":
			c.CorrectiveActions = d.actions(v)
		case "public":
			c.Public = d.public(v)
		case "related":
			c.Related = d.strList(v, "related")
			for i, r := range c.Related {
				if r != "" && !ValidID(r) {
					d.errorf(v.Content[i], RuleInvalidValue, "invalid related id %q; expected a COE id, YYYY-MM-DD-slug", r)
				}
			}
		}
	})
}

func (d *decoder) incident(n *yaml.Node, in *Incident) {
	d.mapping(n, "incident", keysIncident, func(key string, v *yaml.Node) {
		what := "incident." + key
		switch key {
		case "started_at":
			in.StartedAt = d.timestamp(v, what)
		case "detected_at":
			in.DetectedAt = d.timestamp(v, what)
		case "mitigated_at":
			in.MitigatedAt = d.timestamp(v, what)
		case "resolved_at":
			in.ResolvedAt = d.timestamp(v, what)
		}
	})
}

func (d *decoder) impact(n *yaml.Node, im *Impact) {
	d.mapping(n, "impact", keysImpact, func(key string, v *yaml.Node) {
		what := "impact." + key
		switch key {
		case "customers":
			im.Customers = d.markdown(v, what)
		case "business":
			im.Business = d.markdown(v, what)
		case "customers_affected":
			im.CustomersAffected = d.count(v, what)
		case "communication":
			im.Communication = d.markdown(v, what)
		}
	})
}

// public decodes the customers' version. A section that holds nothing
// (null, {} or only empty values) is no section: nil.
func (d *decoder) public(n *yaml.Node) *Public {
	var p Public
	d.mapping(n, "public", keysPublic, func(key string, v *yaml.Node) {
		what := "public." + key
		switch key {
		case "title":
			p.Title = d.str(v, what)
		case "summary":
			p.Summary = d.markdown(v, what)
		case "impact":
			p.Impact = d.markdown(v, what)
		case "changes":
			p.Changes = d.markdown(v, what)
		case "apology":
			p.Apology = d.markdown(v, what)
		case "published_at":
			p.PublishedAt = d.timestamp(v, what)
		}
	})
	if p.IsZero() {
		return nil
	}
	return &p
}

// list walks a sequence, calling item for each element.
func (d *decoder) list(n *yaml.Node, what, example string, item func(i int, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleWrongType, "%s is %s; expected a list of items, each like %s", what, kindName(n), example)
		return
	}
	for i, v := range n.Content {
		item(i, v)
	}
}

// items decodes a list of mappings, one T an item: field sets the value of
// one key, what naming it in messages ("timeline[2].at").
func items[T any](d *decoder, n *yaml.Node, name, example string, keys []string, field func(it *T, key string, v *yaml.Node, what string)) []T {
	var out []T
	d.list(n, name, example, func(i int, v *yaml.Node) {
		var it T
		what := fmt.Sprintf("%s[%d]", name, i)
		d.mapping(v, what, keys, func(key string, v *yaml.Node) { field(&it, key, v, what+"."+key) })
		out = append(out, it)
	})
	return out
}

func (d *decoder) timeline(n *yaml.Node) []TimelineEntry {
	return items(d, n, "timeline", "\"- at: 2024-01-28T19:05:00-06:00\"", keysTimeline, func(e *TimelineEntry, key string, v *yaml.Node, w string) {
		switch key {
		case "at":
			e.At = d.timestamp(v, w)
		case "event":
			e.Event = d.markdown(v, w)
		}
	})
}

func (d *decoder) supportingData(n *yaml.Node) []SupportingData {
	return items(d, n, "supporting_data", "\"- title: Error rate graph\"", keysSupportingData, func(s *SupportingData, key string, v *yaml.Node, w string) {
		switch key {
		case "title":
			s.Title = d.str(v, w)
		case "link":
			s.Link = d.link(v, w)
		case "note":
			s.Note = d.markdown(v, w)
		}
	})
}

func (d *decoder) reopened(n *yaml.Node) []Reopening {
	return items(d, n, "reopened", "\"- at: 2024-03-02T10:00:00-06:00\"", keysReopening, func(e *Reopening, key string, v *yaml.Node, w string) {
		switch key {
		case "at":
			e.At = d.timestamp(v, w)
		case "by":
			e.By = d.str(v, w)
		case "reason":
			e.Reason = d.markdown(v, w)
		}
	})
}

func (d *decoder) actions(n *yaml.Node) []CorrectiveAction {
	return items(d, n, "corrective_actions", "\"- id: CA-1\"", keysAction, func(a *CorrectiveAction, key string, v *yaml.Node, w string) {
		switch key {
		case "id":
			a.ID = d.str(v, w)
			if a.ID != "" && !actionIDPattern.MatchString(a.ID) {
				d.errorf(v, RuleInvalidValue, "invalid %s %q; expected CA-<n>, like CA-1", w, a.ID)
			}
		case "action":
			a.Action = d.markdown(v, w)
		case "owner":
			a.Owner = d.str(v, w)
		case "due":
			a.Due = d.date(v, w)
		case "priority":
			if !isNull(v) {
				a.Priority = d.enum(v, w, priorities)
			}
		case "status":
			if !isNull(v) {
				a.Status = d.enum(v, w, actionStatuses)
			}
		case "done_at":
			a.DoneAt = d.date(v, w)
		case "tracker":
			a.Tracker = d.str(v, w)
			if err := CheckTracker(a.Tracker); err != nil {
				d.errorf(v, RuleInvalidValue, "invalid %s %q: %v", w, a.Tracker, err)
			}
		case "note":
			a.Note = d.markdown(v, w)
		case "evidence":
			a.Evidence = d.strList(v, w)
			for i, e := range a.Evidence {
				if err := CheckEvidence(e); err != nil {
					d.errorf(v.Content[i], RuleInvalidValue, "invalid %s[%d] %q: %v", w, i, e, err)
				}
			}
		}
	})
}

// CheckEvidence accepts what an action's evidence entry may be: a git
// commit id (7 to 64 hexadecimal digits) or an http(s) URL.
func CheckEvidence(s string) error {
	if IsCommitID(s) {
		return nil
	}
	if strings.Contains(s, "://") || strings.Contains(s, ":") {
		return CheckURL(s)
	}
	return fmt.Errorf("expected a commit id (7 to 64 hexadecimal digits, like 3f9c2a1) or an http(s) URL")
}

// IsCommitID reports whether s looks like a git commit id: 7 to 64
// hexadecimal digits in lower case.
func IsCommitID(s string) bool {
	if len(s) < 7 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// CheckTracker accepts an empty tracker, an http(s) URL or a ticket key
// (one word without spaces, like SPK-1234).
func CheckTracker(s string) error {
	if s == "" {
		return nil
	}
	if strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "javascript:") || strings.HasPrefix(strings.ToLower(s), "data:") {
		return CheckURL(s)
	}
	if strings.ContainsAny(s, " \t\n\r<>\"'") {
		return fmt.Errorf("expected an http(s) URL or a ticket key without spaces, like SPK-1234")
	}
	return nil
}
