package coe

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The fixed layout of a new file: two-space indentation, keys in the order of
// the spec, short lists (authors, tags, ...) in flow style, multi-line text as
// literal blocks, a comment with the question before each of the seven
// sections and a blank line before each section. The seven sections are
// always written, empty when unanswered, so a file opened in an editor shows
// what is still to be answered. Optional fields are left out when empty.

// sectionComment maps a top-level key to the question comment above it.
var sectionComment = map[string]string{}

func init() {
	for _, q := range questions {
		sectionComment[q.Key] = fmt.Sprintf("# %d. %s", q.Number, q.Text)
	}
}

// Marshal encodes c as a new file in the fixed layout.
func Marshal(c *COE) ([]byte, error) {
	root := c.Node()
	for i := 0; i+1 < len(root.Content); i += 2 {
		if cm, ok := sectionComment[root.Content[i].Value]; ok {
			root.Content[i].HeadComment = cm
		}
	}
	out, err := encodeNode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}})
	if err != nil {
		return nil, err
	}
	return addSectionBreaks(out), nil
}

// addSectionBreaks puts a blank line before each question comment and before
// the incident, public and related keys at the top level.
func addSectionBreaks(b []byte) []byte {
	lines := strings.SplitAfter(string(b), "\n")
	var out strings.Builder
	out.Grow(len(b) + 200)
	for i, l := range lines {
		if i > 0 && (strings.HasPrefix(l, "# ") && len(l) > 3 && l[2] >= '1' && l[2] <= '7' ||
			strings.HasPrefix(l, "incident:") || strings.HasPrefix(l, "public:") || strings.HasPrefix(l, "related:")) {
			out.WriteByte('\n')
		}
		out.WriteString(l)
	}
	return []byte(out.String())
}

func encodeNode(n *yaml.Node) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot encode YAML: %v", r)
		}
	}()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Node returns c as a YAML mapping node in the fixed layout, without comments.
func (c *COE) Node() *yaml.Node {
	m := newMap()
	m.add("version", intNode(int64(max(c.Version, FormatVersion))))
	m.add("id", strNode(c.ID))
	m.add("title", strNode(c.Title))
	// An empty status or severity is left out rather than written as "",
	// which would not read back (lint reports the missing field).
	m.addStr("status", c.Status)
	m.addStr("severity", c.Severity)
	m.add("authors", flowList(c.Authors))
	if len(c.Reviewers) > 0 {
		m.add("reviewers", flowList(c.Reviewers))
	}
	if !c.SubmittedAt.IsZero() {
		m.add("submitted_at", timeNode(FormatTime(c.SubmittedAt)))
	}
	m.addStr("approved_by", c.ApprovedBy)
	if !c.ApprovedAt.IsZero() {
		m.add("approved_at", timeNode(FormatTime(c.ApprovedAt)))
	}
	if !c.ClosedAt.IsZero() {
		m.add("closed_at", timeNode(FormatTime(c.ClosedAt)))
	}
	if len(c.Reopened) > 0 {
		ro := blockList()
		for _, e := range c.Reopened {
			em := newMap()
			em.add("at", timeOrNull(FormatTime(e.At)))
			em.addStr("by", e.By)
			em.add("reason", textNode(e.Reason))
			ro.Content = append(ro.Content, em.Node)
		}
		m.add("reopened", ro)
	}
	if len(c.Tags) > 0 {
		m.add("tags", flowList(c.Tags))
	}
	if len(c.Services) > 0 {
		m.add("services", flowList(c.Services))
	}
	in := newMap()
	for i, t := range c.Incident.Times() {
		if !t.IsZero() {
			in.add(keysIncident[i], timeNode(FormatTime(t)))
		}
	}
	if len(in.Content) > 0 {
		m.add("incident", in.Node)
	}

	m.add("what_happened", blockText(c.WhatHappened))
	tl := blockList()
	for _, e := range c.Timeline {
		em := newMap()
		em.add("at", timeOrNull(FormatTime(e.At)))
		em.add("event", textNode(e.Event))
		tl.Content = append(tl.Content, em.Node)
	}
	m.add("timeline", tl)

	im := newMap()
	im.add("customers", blockText(c.Impact.Customers))
	im.add("business", blockText(c.Impact.Business))
	if c.Impact.CustomersAffected != nil {
		im.add("customers_affected", intNode(*c.Impact.CustomersAffected))
	}
	if c.Impact.Communication != "" {
		im.add("communication", blockText(c.Impact.Communication))
	}
	m.add("impact", im.Node)

	rc := newMap()
	rc.add("summary", blockText(c.RootCause.Summary))
	rc.add("whys", textList(c.RootCause.Whys))
	m.add("root_cause", rc.Node)
	if len(c.ContributingFactors) > 0 {
		m.add("contributing_factors", flowList(c.ContributingFactors))
	}

	sd := blockList()
	for _, s := range c.SupportingData {
		sm := newMap()
		sm.add("title", textNode(s.Title))
		sm.addStr("link", s.Link)
		if s.Note != "" {
			sm.add("note", blockText(s.Note))
		}
		sd.Content = append(sd.Content, sm.Node)
	}
	m.add("supporting_data", sd)

	ip := newMap()
	ip.add("security", blockText(c.Implications.Security))
	ip.add("other", blockText(c.Implications.Other))
	m.add("implications", ip.Node)

	m.add("lessons", textList(c.Lessons))

	ca := blockList()
	for _, a := range c.CorrectiveActions {
		am := newMap()
		am.add("id", strNode(a.ID))
		am.add("action", textNode(a.Action))
		am.add("owner", strNode(a.Owner))
		am.add("due", dateNode(a.Due))
		am.addStr("priority", a.Priority)
		am.addStr("status", a.Status)
		if !a.DoneAt.IsZero() {
			am.add("done_at", dateNode(a.DoneAt))
		}
		am.addStr("tracker", a.Tracker)
		if a.Note != "" {
			am.add("note", textNode(a.Note))
		}
		if len(a.Evidence) > 0 {
			ev := blockList()
			for _, e := range a.Evidence {
				ev.Content = append(ev.Content, strNode(e))
			}
			am.add("evidence", ev)
		}
		ca.Content = append(ca.Content, am.Node)
	}
	m.add("corrective_actions", ca)

	if !c.Public.IsZero() {
		m.add("public", c.Public.node())
	}
	if len(c.Related) > 0 {
		m.add("related", flowList(c.Related))
	}
	return m.Node
}

// node is the public section in the fixed layout: the title on one line,
// the Markdown answers as literal blocks, empty fields left out.
func (p *Public) node() *yaml.Node {
	pm := newMap()
	if p.Title != "" {
		pm.add("title", strNode(p.Title))
	}
	for _, f := range [...]struct{ key, text string }{
		{"summary", p.Summary}, {"impact", p.Impact}, {"changes", p.Changes}, {"apology", p.Apology},
	} {
		if f.text != "" {
			pm.add(f.key, blockText(f.text))
		}
	}
	if !p.PublishedAt.IsZero() {
		pm.add("published_at", timeNode(FormatTime(p.PublishedAt)))
	}
	return pm.Node
}

type mapNode struct{ *yaml.Node }

func newMap() mapNode { return mapNode{&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}} }

func (m mapNode) add(key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// addStr adds a plain text value, or nothing when it is empty: the fixed
// layout leaves out what is not given.
func (m mapNode) addStr(key, s string) {
	if s != "" {
		m.add(key, strNode(s))
	}
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// textNode is a text that may span lines: multi-line text is written as a
// literal block ending in one line break.
func textNode(s string) *yaml.Node {
	// Leading line breaks mean nothing in Markdown, and yaml.v3 drops them
	// from literal blocks anyway.
	s = strings.TrimLeft(s, "\n")
	n := strNode(s)
	if strings.Contains(strings.TrimRight(s, "\n"), "\n") {
		n.Value = strings.TrimRight(s, "\n") + "\n"
		n.Style = yaml.LiteralStyle
	} else {
		n.Value = strings.TrimRight(s, "\n")
	}
	return n
}

// blockText is a Markdown answer: written as a literal block even when it is
// one line, so colons and quotes need no escaping and more lines can follow.
func blockText(s string) *yaml.Node {
	n := textNode(s)
	if n.Value != "" {
		n.Value = strings.Trim(s, "\n") + "\n"
		n.Style = yaml.LiteralStyle
	}
	return n
}

func intNode(v int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v, 10)}
}

func nullNode() *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

func timeNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: s}
}

func timeOrNull(s string) *yaml.Node {
	if s == "" {
		return nullNode()
	}
	return timeNode(s)
}

func dateNode(d Date) *yaml.Node {
	if d.IsZero() {
		return nullNode()
	}
	return timeNode(d.String())
}

func flowList(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, strNode(s))
	}
	return n
}

func blockList() *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
}

func textList(items []string) *yaml.Node {
	n := blockList()
	for _, s := range items {
		n.Content = append(n.Content, textNode(s))
	}
	if len(items) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n
}

// The schema line: a comment on the first line of a COE file that tells
// editors that use yaml-language-server (VS Code's YAML extension; Neovim,
// Helix and Zed with yamlls) which JSON Schema the file follows, so they
// check it while it is typed. It is a comment: the reader ignores it, and
// in-place editing keeps it like any other comment.
const schemaLinePrefix = "# yaml-language-server: $schema="

// SchemaLine returns the schema line for ref, the path from the COE file
// to the schema (relative, with forward slashes), without a line break.
func SchemaLine(ref string) string { return schemaLinePrefix + ref }

// HasSchemaLine reports whether the comments at the top of data (before
// the first key) hold a yaml-language-server line.
func HasSchemaLine(data []byte) bool {
	for line := range bytes.Lines(bytes.TrimPrefix(data, bom)) {
		l := strings.TrimSpace(string(line))
		switch {
		case l == "" || l == "---" || strings.HasPrefix(l, "%"):
			continue
		case !strings.HasPrefix(l, "#"):
			return false
		}
		l = strings.TrimLeft(l[1:], " \t")
		if rest, ok := strings.CutPrefix(l, "yaml-language-server"); ok && strings.HasPrefix(strings.TrimLeft(rest, " \t"), ":") {
			return true
		}
	}
	return false
}

// WithSchemaLine returns data with the schema line for ref on top, after a
// byte-order mark and with the file's own line ending (LF or CRLF). Data
// that already has a yaml-language-server line, or an empty ref, is
// returned unchanged.
func WithSchemaLine(data []byte, ref string) []byte {
	if ref == "" || HasSchemaLine(data) {
		return data
	}
	body := bytes.TrimPrefix(data, bom)
	eol := "\n"
	if bytes.Contains(body, []byte("\r\n")) {
		eol = "\r\n"
	}
	out := make([]byte, 0, len(data)+len(schemaLinePrefix)+len(ref)+2)
	out = append(out, data[:len(data)-len(body)]...)
	out = append(out, SchemaLine(ref)+eol...)
	return append(out, body...)
}
