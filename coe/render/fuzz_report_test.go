package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

func addMarkdownSeeds(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	for _, s := range []string{"", "plain", "# h\n\ntext", "- [x] a\n- b", "| a |\n|---|\n| b |", "<div>\n\n</div>", "[a]: <javascript:x>\n[a]",
		"> ```\n> x", "- ```\n  y", "`` ` ``", "***bold** text*", "\\<b>", "x\n===\n", "[]( javascript:x)", "[x][]\n\n[x]: javascript:y"} {
		f.Add(s)
	}
	// Hostile text: long runs and unclosed constructs, some past what
	// goldmark is given, with markup the fallback must escape.
	for _, h := range hostileShapes {
		f.Add(h.text(2 << 10))
		f.Add("<script>alert(1)</script> [x](javascript:y)\n\n" + h.text(6<<10))
	}
}

// FuzzMarkdownTime: an answer made of any short piece of text repeated
// renders, in HTML and for the Markdown report, in time that grows with
// its length, not faster: 64 KiB of it (the longest answer the reader
// takes) takes less than 48 times what 4 KiB does, where a linear shape
// takes 16 times and a quadratic one 256. The fuzzer looks for the pieces
// and line widths that goldmark, or coe's own handling of Markdown, is
// slow on.
func FuzzMarkdownTime(f *testing.F) {
	for _, h := range hostileShapes {
		f.Add(h.unit, uint8(h.width))
	}
	f.Add("[a]: javascript:x\n", uint8(0))
	f.Add("<ab:c> ", uint8(40))
	f.Add("\n#\n", uint8(0))
	f.Add("- [ ] a\n", uint8(0))
	f.Add("<<<<<<< HEAD\n=======\n>>>>>>> b\n", uint8(0))
	f.Fuzz(func(t *testing.T, unit string, width uint8) {
		if unit == "" || len(unit) > 64 {
			return
		}
		h := hostileShape{unit: unit, width: int(width % 128)}
		small, large := h.text(4<<10), h.text(64<<10)
		render := func(s string) time.Duration {
			start := time.Now()
			MarkdownHTML(s)
			InlineHTML(s)
			mdBlock(s)
			mdInline(s)
			return time.Since(start)
		}
		ts, tl := render(small), render(large)
		if tl < 100*time.Millisecond || tl < 48*ts {
			return
		}
		// Perhaps the machine was busy: the best of three, each way.
		for range 3 {
			ts, tl = min(ts, render(small)), min(tl, render(large))
		}
		if tl >= 100*time.Millisecond && tl >= 48*ts {
			t.Errorf("%q repeated (lines of %d): 4 KiB in %v, 64 KiB in %v", unit, h.width, ts, tl)
		}
	})
}

// FuzzMarkdownHTML: whatever Markdown an answer holds, its HTML is only
// the renderer's own markup, with allowed links.
func FuzzMarkdownHTML(f *testing.F) {
	addMarkdownSeeds(f)
	tpl, err := LoadTemplates(nil, "", nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkHTML(t, "markdown", []byte(MarkdownHTML(s)), tpl)
		checkHTML(t, "inline", []byte(InlineHTML(s)), tpl)
	})
}

// FuzzMdBlock: an answer embedded in the Markdown report has no raw HTML,
// no refused link and no open code fence; a one-line text stays one cell.
func FuzzMdBlock(f *testing.F) {
	addMarkdownSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkMdBlock(t, s, mdBlock(s))
		for _, cell := range []string{mdCell(mdInline(s)), mdCell(mdText(s))} {
			if strings.ContainsAny(cell, "\n\r") {
				t.Fatalf("a cell of several lines: %q", cell)
			}
			table := "| h | i |\n|---|---|\n| " + cell + " | x |\n"
			doc := parseMarkdown([]byte(table))
			tbl, ok := doc.FirstChild().(*extast.Table)
			if !ok {
				t.Fatalf("no table: %q", table)
			}
			for row := tbl.FirstChild(); row != nil; row = row.NextSibling() {
				if row.ChildCount() != 2 {
					t.Errorf("cell %q breaks the table: %d cells", cell, row.ChildCount())
				}
			}
		}
	})
}

// checkMdBlock fails unless out, mdBlock's embedding of s, followed by
// more of the report, keeps that apart and has no raw HTML, refused link
// or high heading.
func checkMdBlock(t *testing.T, s, out string) {
	t.Helper()
	doc := parseMarkdown([]byte(out + "\n\n" + endProbe))
	last, ok := doc.LastChild().(*ast.Paragraph)
	if !ok || strings.TrimSpace(nodeText(last, []byte(out+"\n\n"+endProbe))) != endProbe {
		t.Errorf("mdBlock(%.200q) = %.200q swallows what follows", s, out)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			t.Errorf("mdBlock(%.200q) = %.200q keeps raw HTML", s, out)
		case *ast.Link:
			if !resolvedAllowed(n.Destination) {
				t.Errorf("mdBlock(%.200q) = %.200q links to %q", s, out, n.Destination)
			}
		case *ast.Image:
			if !resolvedAllowed(n.Destination) {
				t.Errorf("mdBlock(%.200q) = %.200q shows %q", s, out, n.Destination)
			}
		case *ast.AutoLink:
			if u := string(n.URL([]byte(out))); !AllowedURL(u) && n.AutoLinkType != ast.AutoLinkEmail {
				t.Errorf("mdBlock(%.200q) = %.200q links to %q", s, out, u)
			}
		case *ast.Heading:
			if n.Level < 4 {
				t.Errorf("mdBlock(%.200q) = %.200q has a level %d heading", s, out, n.Level)
			}
		}
		return ast.WalkContinue, nil
	})
}

// sameRows renders a COE's rows of the site's tables (the index's and the
// actions page's) both ways, and fails unless the bytes are equal.
func sameRows(t *testing.T, fast, slow *Templates, c *coe.COE) {
	t.Helper()
	var bf, bs bytes.Buffer
	for range 2 { // html/template runs first, then tree execution
		f, fActs, errF := summarize(c, "f", SiteOptions{Templates: fast, Today: today}, &bf)
		s, sActs, errS := summarize(c, "f", SiteOptions{Templates: slow, Today: today}, &bs)
		if (errF == nil) != (errS == nil) {
			t.Fatalf("rows: html/template says %v, tree execution %v", errS, errF)
		}
		if f.row.HTML != s.row.HTML {
			t.Errorf("the index's row differs:\n%s", firstDiff(string(s.row.HTML), string(f.row.HTML)))
		}
		for i := range fActs {
			if fActs[i].HTML != sActs[i].HTML {
				t.Errorf("action row %d differs:\n%s", i, firstDiff(string(sActs[i].HTML), string(fActs[i].HTML)))
			}
		}
	}
}

// FuzzReport: whatever reads as a COE renders as HTML and as Markdown, and
// both are safe; the HTML is the same bytes run by tree execution or by
// html/template alone, standalone and in a site.
func FuzzReport(f *testing.F) {
	files, _ := filepath.Glob("../../examples/coes/*.yaml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	if data, err := coe.Marshal(hostileCOE()); err == nil {
		f.Add(data)
	}
	// The hostile COE as the reader accepts it, and the lifecycle and an
	// action's note and evidence in a few lines.
	if data, err := os.ReadFile("testdata/hostile/coes/2025-05-01-hostile.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("version: 1\nsubmitted_at: 2024-01-01T00:00:00Z\nclosed_at: 2024-02-01T00:00:00+05:00\n" +
		"reopened: [{at: 2024-01-15T00:00:00Z, by: \"<b>x</b>\", reason: \"[x](javascript:y)\\n\\n# h\"}]\n" +
		"corrective_actions: [{id: CA-1, action: a, owner: o, note: \"<i>n</i>\", evidence: [3f9c2a1, \"https://x.example/%22%3E<b>\", 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef]}]\n"))
	// Answers of hostile text, a long title, a file git left mid-merge.
	long := &coe.COE{Version: 1, ID: "2025-01-01-long", Title: strings.Repeat("a long title ", 400), Status: coe.StatusDraft, Severity: "sev2"}
	for _, h := range hostileShapes {
		long.Lessons = append(long.Lessons, h.text(1<<10))
	}
	long.WhatHappened = hostileShapes[0].text(8 << 10)
	if data, err := coe.Marshal(long); err == nil {
		f.Add(data)
	}
	f.Add([]byte("version: 1\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> other\n"))
	f.Add([]byte("version: 1\ntitle: \"<b>x</b>\"\ntags: [\"../x\", \"\"]\nincident: {started_at: 2024-01-01T00:00:00Z}\ntimeline: [{at: 2023-12-31T23:00:00+05:00, event: \"| x\"}]\n"))
	tpl, err := LoadTemplates(nil, "", nil)
	if err != nil {
		f.Fatal(err)
	}
	slow := slowTemplates(f)
	site := &SiteLinks{Root: "../", Exists: func(id string) bool { return len(id)%2 == 0 }}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := coe.Parse("f.yaml", data, coe.ReadOptions{KeepNode: true})
		if err != nil {
			return
		}
		var page, md bytes.Buffer
		if err := tpl.HTML(&page, &doc.COE, ReportOptions{Today: today}); err != nil {
			t.Fatal(err)
		}
		checkHTML(t, "report", page.Bytes(), tpl)
		// With review notes (--review-notes): the quality rules' own, and
		// notes made of the COE's text, where they could be anything.
		notes := fuzzNotes(doc)
		page.Reset()
		if err := tpl.HTML(&page, &doc.COE, ReportOptions{Today: today, ReviewNotes: notes}); err != nil {
			t.Fatal(err)
		}
		checkHTML(t, "report with review notes", page.Bytes(), tpl)
		sameHTML(t, "report with review notes", tpl, slow, &doc.COE, ReportOptions{Today: today, ReviewNotes: notes})
		if err := tpl.Markdown(&md, &doc.COE, ReportOptions{Today: today, ReviewNotes: notes}); err != nil {
			t.Fatal(err)
		}
		checkMarkdown(t, "markdown with review notes", md.Bytes())
		md.Reset()
		sameHTML(t, "report", tpl, slow, &doc.COE, ReportOptions{Today: today})
		sameHTML(t, "site page", tpl, slow, &doc.COE, ReportOptions{Today: today, Site: site, Source: "coes/f.yaml"})
		sameRows(t, tpl, slow, &doc.COE)
		if err := tpl.Markdown(&md, &doc.COE, ReportOptions{Today: today}); err != nil {
			t.Fatal(err)
		}
		checkMarkdown(t, "markdown", md.Bytes())
	})
}

// fuzzNotes are the review notes the quality rules find in doc, and notes
// whose rule, field and message are the COE's own text.
func fuzzNotes(doc *coe.Document) []ReviewNote {
	var notes []ReviewNote
	for _, n := range check.ReviewNotes(doc, coe.Config{}, today) {
		notes = append(notes, ReviewNote{Rule: n.Rule, Severity: string(n.Severity), Field: n.Field, Line: n.Line, Col: n.Col, Message: n.Message})
	}
	c := &doc.COE
	field := c.ID
	if len(c.Tags) > 0 {
		field = c.Tags[0]
	}
	notes = append(notes,
		ReviewNote{Rule: c.Title, Field: field, Line: len(c.Lessons), Message: c.WhatHappened},
		ReviewNote{Rule: c.Severity, Field: "corrective_actions[0]." + c.Status, Message: c.RootCause.Summary})
	return notes
}
