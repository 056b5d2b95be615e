package render

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/yuin/goldmark/ast"
)

func cst(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// publicCOE is an approved COE with a public section.
func publicFixture() *coe.COE {
	return &coe.COE{
		Version: 1, ID: "2024-01-28-speaker-groups", Title: "Speaker groups stopped playing", Status: coe.StatusApproved,
		Severity: "sev2", ApprovedBy: "dana", ApprovedAt: cst("2024-02-12T16:30:00-06:00"),
		Incident: coe.Incident{StartedAt: cst("2024-01-28T19:05:00-06:00"), MitigatedAt: cst("2024-01-28T21:10:00-06:00"),
			ResolvedAt: cst("2024-01-28T21:40:00-06:00")},
		Public: &coe.Public{
			Summary: "Speaker groups **stopped playing**.", Impact: "Customers with groups.",
			Changes: "- We test groups.\n- We tell you sooner.", Apology: "We are sorry.",
			PublishedAt: cst("2024-02-13T10:00:00-06:00"),
		},
	}
}

func TestNewPublicReportWithoutPublic(t *testing.T) {
	c := publicFixture()
	for _, p := range []*coe.Public{nil, {}} {
		c.Public = p
		if _, err := NewPublicReport(c); !errors.Is(err, ErrNoPublic) {
			t.Errorf("public %v: err %v, want ErrNoPublic", p, err)
		}
		var b bytes.Buffer
		if err := builtin(t).PublicHTML(&b, c); !errors.Is(err, ErrNoPublic) || b.Len() > 0 {
			t.Errorf("PublicHTML of public %v: err %v, %d bytes", p, err, b.Len())
		}
		if err := builtin(t).PublicMarkdown(&b, c); !errors.Is(err, ErrNoPublic) || b.Len() > 0 {
			t.Errorf("PublicMarkdown of public %v: err %v, %d bytes", p, err, b.Len())
		}
	}
}

func TestPublicReportTimes(t *testing.T) {
	start := cst("2024-01-28T19:05:00-06:00")
	tests := []struct {
		name                                   string
		in                                     coe.Incident
		started, ended, label, duration, endAt string
	}{
		{"mitigated and resolved: customers' end is the mitigation", coe.Incident{StartedAt: start, MitigatedAt: start.Add(time.Hour), ResolvedAt: start.Add(155 * time.Minute)},
			"January 28, 2024, 19:05 UTC-06:00", "January 28, 2024, 20:05 UTC-06:00", "Service restored", "1 hour", "2024-01-28T20:05:00-06:00"},
		{"mitigated only", coe.Incident{StartedAt: start, MitigatedAt: start.Add(45 * time.Minute)},
			"January 28, 2024, 19:05 UTC-06:00", "January 28, 2024, 19:50 UTC-06:00", "Service restored", "45 minutes", "2024-01-28T19:50:00-06:00"},
		{"resolved only", coe.Incident{StartedAt: start, ResolvedAt: start.Add(155 * time.Minute)},
			"January 28, 2024, 19:05 UTC-06:00", "January 28, 2024, 21:40 UTC-06:00", "Resolved", "2 hours 35 minutes", "2024-01-28T21:40:00-06:00"},
		{"end in another offset is shown in the start's", coe.Incident{StartedAt: start, ResolvedAt: cst("2024-01-30T03:05:30Z")},
			"January 28, 2024, 19:05 UTC-06:00", "January 29, 2024, 21:05:30 UTC-06:00", "Resolved", "1 day 2 hours", "2024-01-29T21:05:30-06:00"},
		{"no start", coe.Incident{ResolvedAt: cst("2024-01-28T21:40:00+05:30")},
			"", "January 28, 2024, 21:40 UTC+05:30", "Resolved", "", "2024-01-28T21:40:00+05:30"},
		{"end before start", coe.Incident{StartedAt: start, ResolvedAt: start.Add(-time.Hour)},
			"January 28, 2024, 19:05 UTC-06:00", "January 28, 2024, 18:05 UTC-06:00", "Resolved", "", "2024-01-28T18:05:00-06:00"},
		{"no times", coe.Incident{}, "", "", "", "", ""},
	}
	for _, tt := range tests {
		c := publicFixture()
		c.Incident = tt.in
		p, err := NewPublicReport(c)
		if err != nil {
			t.Fatal(err)
		}
		if p.Started != tt.started || p.Ended != tt.ended || p.EndLabel != tt.label || p.Duration != tt.duration || p.EndedAt != tt.endAt {
			t.Errorf("%s: started %q ended %q (%q, %q) duration %q", tt.name, p.Started, p.Ended, p.EndLabel, p.EndedAt, p.Duration)
		}
	}
}

func TestDurationWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                             "less than a minute",
		59 * time.Second:              "less than a minute",
		90 * time.Second:              "2 minutes",
		time.Minute:                   "1 minute",
		45 * time.Minute:              "45 minutes",
		time.Hour:                     "1 hour",
		61 * time.Minute:              "1 hour 1 minute",
		155 * time.Minute:             "2 hours 35 minutes",
		24 * time.Hour:                "1 day",
		25*time.Hour + 40*time.Minute: "1 day 2 hours",
		2000 * 24 * time.Hour:         "2,000 days",
		23*time.Hour + 59*time.Minute: "23 hours 59 minutes",
		23*time.Hour + 59*time.Minute + 31*time.Second: "1 day",
	} {
		if got := DurationWords(d); got != want {
			t.Errorf("DurationWords(%v) = %q, want %q", d, got, want)
		}
	}
}

// The public date is published_at, else approved_at, else closed_at; the
// title public.title, else the COE's.
func TestPublicReportDateAndTitle(t *testing.T) {
	c := publicFixture()
	p, _ := NewPublicReport(c)
	if p.Published != "February 13, 2024" || p.PublishedOn != "2024-02-13" || p.Title != "Speaker groups stopped playing" {
		t.Errorf("published %q %q, title %q", p.Published, p.PublishedOn, p.Title)
	}
	c.Public.PublishedAt = time.Time{}
	c.Public.Title = "Music\nstopped  on groups"
	p, _ = NewPublicReport(c)
	if p.PublishedOn != "2024-02-12" || p.Title != "Music stopped on groups" {
		t.Errorf("without published_at: %q, title %q", p.PublishedOn, p.Title)
	}
	c.ApprovedAt, c.ClosedAt = time.Time{}, cst("2024-03-01T09:00:00Z")
	if p, _ = NewPublicReport(c); p.PublishedOn != "2024-03-01" {
		t.Errorf("closed only: %q", p.PublishedOn)
	}
	c.ClosedAt = time.Time{}
	if p, _ = NewPublicReport(c); p.Published != "" {
		t.Errorf("no date: %q", p.Published)
	}
}

// The Markdown version: the title, the times, the four answers under
// headings of its own, and raw HTML and unsafe links defused.
func TestPublicMarkdown(t *testing.T) {
	c := publicFixture()
	c.Public.Apology = "We are sorry. <script>alert(1)</script> [x](javascript:alert(1))\n\n# Not a heading of the page"
	var b bytes.Buffer
	if err := builtin(t).PublicMarkdown(&b, c); err != nil {
		t.Fatal(err)
	}
	md := b.Bytes()
	for _, want := range []string{"# Speaker groups stopped playing\n", "- **Started:** January 28, 2024, 19:05 UTC-06:00\n",
		"- **Service restored:** January 28, 2024, 21:10 UTC-06:00\n", "- **Duration:** 2 hours 5 minutes\n", "- **Published:** February 13, 2024\n",
		"## What happened\n\nSpeaker groups **stopped playing**.\n", "## What we are changing\n\n- We test groups.\n- We tell you sooner.\n"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("no %q in\n%s", want, md)
		}
	}
	if !bytes.HasSuffix(md, []byte("\n")) || bytes.HasSuffix(md, []byte("\n\n")) {
		t.Errorf("the report does not end in one line break: %q", md[max(0, len(md)-20):])
	}
	var heads []string
	doc := parseMarkdown(md)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			t.Errorf("raw HTML survives: %q", nodeText(n, md))
		case *ast.Link:
			if entering && !resolvedAllowed(n.Destination) {
				t.Errorf("link to %q", n.Destination)
			}
		case *ast.Heading:
			if entering && n.Level <= 2 {
				heads = append(heads, strings.TrimSpace(nodeText(n, md)))
			}
		}
		return ast.WalkContinue, nil
	})
	want := "Speaker groups stopped playing|What happened|Who was affected|What we are changing|Our message to you"
	if got := strings.Join(heads, "|"); got != want {
		t.Errorf("headings %q, want %q", got, want)
	}
}

// The HTML version: a standalone page of the templates' markup alone,
// with its style allowed by its hash.
func TestPublicHTML(t *testing.T) {
	tpl := builtin(t)
	c := hostileCOE()
	c.Public = &coe.Public{Title: hostileText(" "), Summary: hostileText("\n\n"), Impact: hostileText("\n\n"),
		Changes: hostileText("\n\n"), Apology: hostileText("\n\n"), PublishedAt: cst("2025-05-02T10:00:00Z")}
	var b bytes.Buffer
	if err := tpl.PublicHTML(&b, c); err != nil {
		t.Fatal(err)
	}
	checkHTML(t, "public.html", b.Bytes(), tpl)
	page := b.String()
	for _, want := range []string{`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-`,
		"<h2>What happened</h2>", "<h2>Our message to you</h2>", `<dt>Duration</dt><dd>2 hours</dd>`, "Rendered by coe."} {
		if !strings.Contains(page, want) {
			t.Errorf("no %q in the page", want)
		}
	}
	for _, not := range []string{"<nav", "feed.xml", "<script"} {
		if strings.Contains(page, not) {
			t.Errorf("a standalone public page has %q", not)
		}
	}
	// The internal page shows the same text, marked, a level lower.
	b.Reset()
	if err := tpl.HTML(&b, c, ReportOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	checkHTML(t, "internal.html", b.Bytes(), tpl)
	internal := b.String()
	i := strings.Index(internal, `<section id="public" class="public-version" aria-labelledby="public-h">`)
	if i < 0 || !strings.Contains(internal[i:], "<h2 id=\"public-h\">What customers will read</h2>") {
		t.Fatal("the internal page has no marked public version")
	}
	pub, _ := NewPublicReport(c)
	want := string(MarkdownHTML(pub.Apology))
	if !strings.Contains(internal[i:], "<h4>Our message to you</h4>\n<div class=\"answer\">\n"+want) ||
		!strings.Contains(page, "<h2>Our message to you</h2>\n<div class=\"answer\">\n"+want) {
		t.Error("the internal page does not show the apology as the public page does")
	}
}

// A COE without a public section has no "What customers will read".
func TestInternalPageWithoutPublic(t *testing.T) {
	c := publicFixture()
	c.Public = nil
	var b bytes.Buffer
	if err := builtin(t).HTML(&b, c, ReportOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "What customers will read") {
		t.Error("a COE without a public section shows one")
	}
}

// The public versions of the examples that have one, and the examples'
// public site (its index and feed), reviewed in the diff like code.
func TestPublicGolden(t *testing.T) {
	tpl := builtin(t)
	var files []string
	n := 0
	for _, id := range exampleIDs(t) {
		files = append(files, filepath.Join("..", "..", "examples", "coes", id+".yaml"))
		c := readExample(t, id)
		if c.Public.IsZero() {
			continue
		}
		n++
		var md, page bytes.Buffer
		if err := tpl.PublicMarkdown(&md, c); err != nil {
			t.Fatal(err)
		}
		golden(t, "public/"+id+".md", md.Bytes())
		if err := tpl.PublicHTML(&page, c); err != nil {
			t.Fatal(err)
		}
		checkHTML(t, id+".html", page.Bytes(), tpl)
		golden(t, "public/"+id+".html", withoutStyle(page.Bytes()))
	}
	if n < 2 {
		t.Fatalf("%d examples have a public section, want at least 2", n)
	}
	out := filepath.Join(t.TempDir(), "public")
	res := buildPublic(t, out, files, "https://status.example.com/incidents")
	if res.COEs < 2 || res.Failed != 0 {
		t.Fatalf("the examples' public site: %+v", res)
	}
	for _, name := range []string{"index.html", "feed.xml"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "public/site-"+name, data)
	}
}
