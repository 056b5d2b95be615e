package render

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// hostile are attempts to get markup, script or a dangerous link through
// a COE: script tags, event handlers, javascript: and entity-encoded links,
// raw HTML that would hide the rest, and ways out of the template's
// contexts.
var hostile = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`"><svg onload=alert(1)>`,
	`'><iframe src=javascript:alert(1)></iframe>`,
	`<a href="javascript:alert(1)" onclick="alert(1)">raw link</a>`,
	`javascript:alert(1)`,
	`jav&#x61;script:alert(1)`,
	`&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)`,
	"[tab](jav\tascript:alert(1))",
	`[ent](java&#09;script:alert(1))`,
	`[md link](javascript:alert(1))`,
	`[encoded](jav&#x61;script:alert(1))`,
	`[mixed case](  JaVaScRiPt:alert(1) "title")`,
	`[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[vb](vbscript:msgbox(1))`,
	`[escaped colon](javascript\:alert(1))`,
	"[escaped ref]\n\n[escaped ref]: javascript\\:alert(1)",
	`[proto-relative](//evil.example.com/x)`,
	`[backslashes](\\evil.example.com\x)`,
	`![image](javascript:alert(1))`,
	`![tracking pixel](https://evil.example.com/pixel.png)`,
	`<javascript:alert(1)>`,
	"[ref]\n\n[ref]: javascript:alert(1)",
	`<style>body{display:none}</style>`,
	`</title><script>alert(1)</script>`,
	`</style><script>alert(1)</script>`,
	`</textarea><script>alert(1)</script>`,
	`<!-- an unclosed comment would hide the rest`,
	"```\nan unclosed fence would swallow the rest",
	`{{.Page.CSP}} {{template "head" .}}`,
	"| a | b |\n|---|---|\n| c | d |",
	"# A heading that would sit among the questions",
	"\x1b[2J\x07 control characters",
}

// resolvedAllowed is the tests' own view of a Markdown destination: as
// written and as a Markdown reader resolves it (backslash escapes and
// character references), both must be allowed, since the resolved one is
// what a browser gets.
func resolvedAllowed(dest []byte) bool {
	return AllowedURL(string(dest)) && AllowedURL(string(util.URLEscape(dest, true)))
}

func hostileText(sep string) string { return strings.Join(hostile, sep) }

// hostileCOE has hostile text in every field, links and trackers included
// (the reader refuses those; a report must not rely on it).
func hostileCOE() *coe.COE {
	block := hostileText("\n\n")
	line := hostileText(" ")
	n := int64(12)
	at := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
	c := &coe.COE{
		Version: 1, ID: "2025-05-01-" + line, Title: line, Status: line, Severity: line,
		Authors: hostile, Reviewers: hostile, ApprovedBy: line, ApprovedAt: at,
		SubmittedAt: at, ClosedAt: at.Add(time.Hour),
		Tags: hostile, Services: hostile,
		Incident:     coe.Incident{StartedAt: at, DetectedAt: at.Add(time.Hour), MitigatedAt: at.Add(2 * time.Hour), ResolvedAt: at.Add(3 * time.Hour)},
		WhatHappened: block,
		Impact:       coe.Impact{Customers: block, Business: block, CustomersAffected: &n, Communication: block},
		RootCause:    coe.RootCause{Summary: block, Whys: hostile},
		Implications: coe.Implications{Security: block, Other: block},
		Lessons:      hostile,
		Related:      append([]string{"2024-01-28-speaker-groups-stopped-playing"}, hostile...),
	}
	for i, h := range hostile {
		c.Timeline = append(c.Timeline, coe.TimelineEntry{At: at.Add(time.Duration(i) * time.Minute), Event: h})
		c.SupportingData = append(c.SupportingData, coe.SupportingData{Title: h, Link: h, Note: block})
		c.CorrectiveActions = append(c.CorrectiveActions, coe.CorrectiveAction{
			ID: h, Action: h, Owner: h, Priority: h, Status: h, Tracker: h, Due: coe.Date{Year: 2025, Month: 6, Day: 1},
			Note: h, Evidence: []string{"3f9c2a1b7d", h, "https://git.example.com/" + h}})
		c.Reopened = append(c.Reopened, coe.Reopening{At: at.Add(time.Duration(i) * time.Hour), By: h, Reason: h})
	}
	c.CorrectiveActions[0].Note, c.CorrectiveActions[0].Evidence = block, append(c.CorrectiveActions[0].Evidence, hostile...)
	c.Reopened[0].Reason = block
	c.SupportingData = append(c.SupportingData, coe.SupportingData{Title: "a good link", Link: "https://dashboards.example.com/d/1"})
	return c
}

var (
	// The elements and attributes the templates and the Markdown renderer
	// write; anything else in a page came from a COE.
	allowedElements = setOf("html head meta title link style body a nav div main article header p span " +
		"h1 h2 h3 h4 h5 h6 dl dt dd figure figcaption svg rect line text g circle section table thead " +
		"tbody tr th td time ol ul li strong em del code pre br hr blockquote input footer script label select option output " +
		"details summary caption desc")
	allowedAttrs = setOf("class id href title lang charset http-equiv content name rel datetime role viewbox " +
		"width height xmlns x y x1 y1 x2 y2 cx cy r text-anchor type checked disabled scope hidden start placeholder value")
	tagRE    = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*/?>`)
	attrRE   = regexp.MustCompile(`\s+([^\s=>]+)(?:="([^"]*)")?`)
	styleEl  = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	scriptEl = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// checkHTML fails unless page is made only of the templates' own markup:
// known elements and attributes, no event handler, every link allowed, our
// own stylesheet and script and no other, and no "<" in text.
func checkHTML(t *testing.T, name string, page []byte, tpl *Templates) {
	t.Helper()
	s := string(page)
	for _, m := range styleEl.FindAllStringSubmatch(s, -1) {
		if m[1] != tpl.css {
			t.Errorf("%s: a <style> that is not the stylesheet: %.200q", name, m[1])
		}
	}
	for _, m := range scriptEl.FindAllStringSubmatch(s, -1) {
		if m[1] != tpl.js {
			t.Errorf("%s: a <script> that is not the site's script: %.200q", name, m[1])
		}
	}
	s = strings.Replace(s, "<!DOCTYPE html>", "", 1)
	s = styleEl.ReplaceAllString(s, "<style></style>")
	s = scriptEl.ReplaceAllString(s, "<script></script>")
	tags := tagRE.FindAllStringSubmatch(s, -1)
	if n := strings.Count(s, "<"); n != len(tags) {
		rest := tagRE.ReplaceAllString(s, "")
		i := strings.IndexByte(rest, '<')
		t.Errorf("%s: %d '<' but %d tags: markup from the COE near %q", name, n, len(tags), rest[max(0, i-80):min(len(rest), i+80)])
	}
	for _, tag := range tags {
		el := strings.ToLower(tag[2])
		if !allowedElements[el] {
			t.Errorf("%s: element <%s> came from the COE: %.200s", name, el, tag[0])
		}
		for _, a := range attrRE.FindAllStringSubmatch(tag[3], -1) {
			attr, val := strings.ToLower(a[1]), html.UnescapeString(a[2])
			switch {
			case strings.HasPrefix(attr, "on"):
				t.Errorf("%s: event handler %s=%q", name, attr, val)
			case strings.HasPrefix(attr, "data-") || strings.HasPrefix(attr, "aria-"):
			case !allowedAttrs[attr]:
				t.Errorf("%s: attribute %s=%q on <%s> came from the COE", name, attr, val, el)
			}
			if attr == "href" || attr == "src" {
				if !AllowedURL(val) && !(el == "link" && val == "data:,") {
					t.Errorf("%s: <%s %s=%q>: a link that is not allowed", name, el, attr, val)
				}
			}
			if attr == "style" {
				t.Errorf("%s: a style attribute (the CSP blocks it): %q", name, val)
			}
		}
	}
	for _, bad := range []string{"<script>alert", "<img", "<iframe", "onerror=\"", "href=\"javascript:", "<svg onload"} {
		if strings.Contains(strings.ToLower(s), strings.ToLower(bad)) {
			i := strings.Index(strings.ToLower(s), strings.ToLower(bad))
			t.Errorf("%s: %q survives: %q", name, bad, s[max(0, i-60):min(len(s), i+60)])
		}
	}
}

// checkMarkdown fails unless the Markdown report, read by a CommonMark
// renderer, has no raw HTML, no link that is not allowed, and the seven
// questions as its own headings in order: nothing of the COE's ended a
// section or hid the ones after it.
func checkMarkdown(t *testing.T, name string, md []byte) {
	t.Helper()
	doc := parseMarkdown(md)
	var h2 []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			t.Errorf("%s: raw HTML survives: %q", name, nodeText(n, md))
		case *ast.Link:
			if !resolvedAllowed(n.Destination) {
				t.Errorf("%s: link to %q", name, n.Destination)
			}
		case *ast.Image:
			if !resolvedAllowed(n.Destination) {
				t.Errorf("%s: image from %q", name, n.Destination)
			}
		case *ast.AutoLink:
			if u := string(n.URL(md)); !AllowedURL(u) && n.AutoLinkType != ast.AutoLinkEmail {
				t.Errorf("%s: autolink to %q", name, u)
			}
		case *ast.Heading:
			if n.Level <= 2 {
				h2 = append(h2, strings.TrimSpace(nodeText(n, md)))
			}
		}
		return ast.WalkContinue, nil
	})
	want := []string{}
	for _, q := range coe.Questions() {
		want = append(want, fmt.Sprintf("%d. %s", q.Number, q.Text))
	}
	if len(h2) < 1+len(want) {
		t.Fatalf("%s: headings %q, want the title and the seven questions", name, h2)
	}
	if got := h2[1 : 1+len(want)]; !reflect.DeepEqual(got, want) {
		t.Errorf("%s: question headings\n%q\nwant\n%q", name, got, want)
	}
	for _, h := range h2[1+len(want):] {
		if h != "Related COEs" && h != "Review notes" {
			t.Errorf("%s: a heading from the COE among the report's own: %q", name, h)
		}
	}
}

// nodeText is the source text of a block node, or of its first text.
func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	if n.Type() == ast.TypeBlock {
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		if b.Len() > 0 {
			return b.String()
		}
	}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// A report of a COE full of hostile markup shows it as harmless text, in
// HTML and in Markdown.
func TestHostileCOE(t *testing.T) {
	tpl := builtin(t)
	c := hostileCOE()
	var page, md bytes.Buffer
	if err := tpl.HTML(&page, c, ReportOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	checkHTML(t, "html report", page.Bytes(), tpl)
	// The text is all there, as text.
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "[md link](javascript:alert(1))"} {
		if !strings.Contains(page.String(), html.EscapeString(html.UnescapeString(want))) && !strings.Contains(page.String(), want) {
			t.Errorf("html report: %q is not shown as text", want)
		}
	}
	if strings.Contains(page.String(), "\x1b") || strings.ContainsRune(page.String(), 0x1b) {
		t.Error("html report: an escape character reaches the page")
	}
	if err := tpl.Markdown(&md, c, ReportOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	checkMarkdown(t, "markdown report", md.Bytes())
	// What the Markdown shows, rendered as the HTML report renders
	// Markdown, is harmless too.
	checkHTML(t, "markdown report as HTML", []byte(MarkdownHTML(md.String())), tpl)
}

// hostileFile is the hostile COE as the reader accepts it (links and
// trackers are checked there; the rest is free text), kept in
// testdata/hostile as a repository of one COE: .ci/run opens its site in a
// real browser and fails on any dialog.
func hostileFile(t *testing.T) string {
	t.Helper()
	c := hostileCOE()
	c.ID, c.Status, c.Severity = "2025-05-01-hostile", "review", "sev2"
	for i := range c.SupportingData {
		c.SupportingData[i].Link = "https://example.com/?q=%3Cscript%3E"
	}
	for i := range c.CorrectiveActions {
		c.CorrectiveActions[i].ID = fmt.Sprintf("CA-%d", i+1)
		c.CorrectiveActions[i].Tracker = "https://tracker.example.com/%22onmouseover=alert(1)"
		c.CorrectiveActions[i].Status, c.CorrectiveActions[i].Priority = "open", "high"
		c.CorrectiveActions[i].Evidence = []string{"3f9c2a1b7d", "https://git.example.com/%22onmouseover=alert(1)", "https://example.com/?q=%3Cscript%3E"}
	}
	c.Related = nil
	data, err := coe.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "hostile/coes/2025-05-01-hostile.yaml", data)
	path := filepath.Join("testdata", "hostile", "coes", c.ID+".yaml")
	if _, err := coe.ReadFile(path, coe.ReadOptions{}); err != nil {
		t.Fatalf("the hostile COE does not read: %v", err)
	}
	return path
}

// A site of hostile COEs: every page is made of the templates' markup.
func TestHostileSite(t *testing.T) {
	tpl := builtin(t)
	dir := t.TempDir()
	path := hostileFile(t)
	out := filepath.Join(dir, "site")
	var problems []error
	res, err := BuildSite(SiteOptions{Out: out, Files: []string{path}, Templates: tpl, Today: today,
		Title: hostileText(" "), Problem: func(err error) { problems = append(problems, err) }})
	if err != nil || res.COEs != 1 || len(problems) > 0 {
		t.Fatalf("build: %v %+v %v", err, res, problems)
	}
	pages := 0
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if strings.ContainsAny(filepath.Base(rel), "<>\"'&:;| \t") || strings.Contains(rel, "..") {
			t.Errorf("page %q: a file name from the COE's text", rel)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		checkHTML(t, rel, data, tpl)
		pages++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + 1 + 1 + 2*(1+len(hostile)); pages < want {
		t.Errorf("%d pages, want at least %d", pages, want)
	}
}
