package render

import (
	"html/template"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// hostileShape is Markdown built to cost goldmark time: unit repeated to a
// length, on one line or cut into lines.
type hostileShape struct {
	name string
	unit string
	// width cuts the text into lines of width bytes; 0 keeps one line.
	width int
	// slow: goldmark's time on the shape grows faster than its length, so
	// slowMarkdown must keep it from goldmark. The others goldmark reads
	// in linear time; they must render so too.
	slow bool
}

var hostileShapes = []hostileShape{
	{"unclosed links", "[a](", 0, true},
	{"unclosed link destinations", "[a](<", 0, true},
	{"unclosed images", "![a](", 0, true},
	{"nested quotes", "> ", 0, true},
	{"nested lists", "1. ", 0, true},
	{"nested quotes and lists", "> - ", 0, true},
	{"emphasis closers", "a_", 80, true},
	{"reference definitions", "[a]:\n", 0, true},
	{"labels on short lines", "[]", 2, true},
	{"labels on lines", "[a]", 6, true},
	{"unclosed links on lines", "[a](", 80, false},
	{"unclosed comments", "<!--", 0, false},
	{"unclosed comments on lines", "<!--", 80, false},
	{"emphasis runs", "*_", 0, false},
	{"emphasis words", "*a", 80, false},
	{"open brackets", "[", 0, false},
	{"nested brackets", "[[]", 0, false},
	{"linkify www", "www.", 0, false},
	{"linkify e-mail", "a@", 0, false},
	{"linkify e-mail words", "a_b@", 80, false},
	{"linkify URLs", "http://a", 0, false},
	{"linkify in parentheses", "(www.a.b/", 0, false},
	{"long word", "a", 0, false},
	{"code spans", "``a", 80, false},
	{"raw HTML", "<a b='", 0, false},
	{"refused autolinks", "<ab:c> ", 0, false},
	{"refused links", "[a](javascript:x) ", 0, false},
	{"empty headings", "\n#\n", 0, false},
	{"tables", "|", 80, false},
	// At slowMarkdown's limit: the most work an answer that reaches
	// goldmark can ask of it.
	{"links at the limit", strings.Repeat("[a](", 15) + " ", 0, false},
	{"emphasis at the limit", strings.Repeat(strings.Repeat("a_", 40)+"\n", 32) + "\n", 0, false},
	{"nesting at the limit", strings.Repeat("> ", 32) + "a\n", 0, false},
}

func (h hostileShape) text(n int) string {
	s := strings.Repeat(h.unit, n/len(h.unit)+1)[:n]
	if h.width == 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i += h.width {
		b.WriteString(s[i:min(i+h.width, len(s))])
		b.WriteByte('\n')
	}
	return b.String()
}

// answers returns every Markdown answer of c.
func answers(c *coe.COE) []string {
	out := []string{c.WhatHappened, c.Impact.Customers, c.Impact.Business, c.Impact.Communication,
		c.RootCause.Summary, c.Implications.Security, c.Implications.Other}
	out = append(out, c.Lessons...)
	out = append(out, c.RootCause.Whys...)
	for _, e := range c.Timeline {
		out = append(out, e.Event)
	}
	for _, a := range c.CorrectiveActions {
		out = append(out, a.Action)
	}
	for _, d := range c.SupportingData {
		out = append(out, d.Note)
	}
	return out
}

// TestSlowMarkdownSparesRealAnswers: the answers of the examples and of
// the generated corpus go to goldmark, and use under an eighth of the
// work slowMarkdown allows them.
func TestSlowMarkdownSparesRealAnswers(t *testing.T) {
	files, _ := filepath.Glob("../../examples/coes/*.yaml")
	var cs []*coe.COE
	for _, p := range files {
		doc, err := coe.ReadFile(p, coe.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, &doc.COE)
	}
	for i := range 300 {
		doc, err := coe.Parse("c.yaml", corpus.File(i), coe.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, &doc.COE)
	}
	if len(cs) < 300 {
		t.Fatalf("only %d COEs", len(cs))
	}
	for _, c := range cs {
		for _, s := range answers(c) {
			if s == "" {
				continue
			}
			if slowMarkdown(s) {
				t.Errorf("%s: a real answer is kept from goldmark: %.200q", c.ID, s)
			}
			if w := markdownWork(s, 1<<30); w > len(s) {
				t.Errorf("%s: work %d for %d bytes: %.200q", c.ID, w, len(s), s)
			}
		}
	}
	// Markdown people write: lists of links, reference links, emphasis,
	// quotes in lists, code.
	var b strings.Builder
	for i := range 200 {
		b.WriteString("- See [the dashboard](https://dashboards.example.com/d/groups?from=now-24h&to=now) and *why* it `matters`, [ref][r] and **more**.\n")
		if i%20 == 0 {
			b.WriteString("\n> - quoted _item_ with a [link](https://example.com/a_b_c) and snake_case_names\n\n[r]: https://example.com/ref\n\n")
		}
	}
	if s := b.String(); slowMarkdown(s) || markdownWork(s, 1<<30) > len(s) {
		t.Errorf("a long answer of ordinary Markdown: work %d for %d bytes", markdownWork(s, 1<<30), len(s))
	}
}

// TestSlowMarkdownFindsHostileShapes: each shape goldmark takes more than
// linear time on is kept from it at 64 KiB (the longest answer the reader
// takes), and small pieces of it are not.
func TestSlowMarkdownFindsHostileShapes(t *testing.T) {
	for _, h := range hostileShapes {
		if !h.slow {
			continue
		}
		if s := h.text(coe.MaxAnswerLength); !slowMarkdown(s) {
			t.Errorf("%s: %d bytes go to goldmark", h.name, len(s))
		}
		if s := h.text(64); slowMarkdown(s) {
			t.Errorf("%s: 64 bytes kept from goldmark: %q", h.name, s)
		}
	}
}

// TestHostileFallback: an answer kept from goldmark still shows every word
// of it, as text: in a raw block or as inline text in HTML, as a code
// block or code span in Markdown.
func TestHostileFallback(t *testing.T) {
	s := "<script>alert(1)</script> Group \"playback\" & sync failed " + strings.Repeat("[a](", 20000)
	if !slowMarkdown(s) {
		t.Fatal("the case is not slow")
	}
	esc := template.HTMLEscapeString(s)
	if got, want := string(MarkdownHTML(s)), `<pre class="raw"><code>`+esc+"</code></pre>\n"; got != want {
		t.Errorf("MarkdownHTML = %.200q..., want %.200q...", got, want)
	}
	if got := string(InlineHTML(s)); got != esc {
		t.Errorf("InlineHTML = %.200q..., want %.200q...", got, esc)
	}
	if got := mdBlock(s); got != fenced(s) {
		t.Errorf("mdBlock = %.200q..., want the text as a code block", got)
	}
	if got := mdInline(s); got != mdCode(s) {
		t.Errorf("mdInline = %.200q..., want the text as a code span", got)
	}
	tpl := builtin(t)
	checkHTML(t, "markdown", []byte(MarkdownHTML(s)), tpl)
	checkHTML(t, "inline", []byte(InlineHTML(s)), tpl)
}

// TestMdEditsByPosition: what mdBlock escapes it finds by the parser's
// positions, every one of many: refused autolinks, link definitions and
// empty headings (each was once looked for from the start of the text,
// which was quadratic).
func TestMdEditsByPosition(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		b.WriteString("text <ab:c> and <Ab:d>\n\n#\n\n> ##\n\n[r" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "]: javascript:alert(1)\n\n")
	}
	b.WriteString("[rxa] [ra]\n")
	s := b.String()
	out := mdBlock(s)
	if strings.HasPrefix(out, "```") {
		t.Fatalf("mdBlock gave up: %.300q", out)
	}
	for _, bad := range []string{"\n#\n", "> ##\n", "\n[r", " <ab:c>", " <Ab:d>"} {
		if strings.Contains(out, bad) {
			t.Errorf("mdBlock left %q unescaped", bad)
		}
	}
	if n := strings.Count(out, `\<ab:c>`); n != 300 {
		t.Errorf("%d of 300 autolinks escaped", n)
	}
	checkMdBlock(t, s, out)
}

// TestHostileRenderLinear: every hostile shape renders (HTML and the
// Markdown report's embedding) in time that grows with its length, not
// faster: four times the text takes well under sixteen times as long.
func TestHostileRenderLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("times renders")
	}
	best := func(s string) time.Duration {
		d := time.Hour
		for range 3 {
			start := time.Now()
			MarkdownHTML(s)
			InlineHTML(s)
			mdBlock(s)
			d = min(d, time.Since(start))
		}
		return d
	}
	for _, h := range hostileShapes {
		// Linear is 4 times as long, quadratic 16. A busy machine (go
		// test runs packages side by side) can stretch one measurement:
		// only a shape that is slow in three tries fails.
		var small, large time.Duration
		for range 3 {
			small, large = best(h.text(16<<10)), best(h.text(64<<10))
			if large <= 10*small+20*time.Millisecond {
				break
			}
		}
		if large > 10*small+20*time.Millisecond {
			t.Errorf("%s: 16 KiB in %v, 64 KiB in %v", h.name, small, large)
		}
	}
}

// TestHostileReport: a COE of a quarter of the size cap whose every
// answer is hostile renders as HTML and as Markdown within one second, the
// best of two runs: a command may take two seconds on a whole file. A
// machine busy with other work slows every render alike, so the second
// is stretched by as much as it slows a COE of plain prose of the same
// size (8 ms alone; the slowest hostile shapes take 400 ms): the test
// finds renders that grow out of shape, not a busy machine.
func TestHostileReport(t *testing.T) {
	if testing.Short() {
		t.Skip("times renders")
	}
	tpl := builtin(t)
	report := func(text func(n int) string) time.Duration {
		c := &coe.COE{Version: 1, ID: "2025-01-01-hostile", Title: "Hostile", Status: coe.StatusDraft, Severity: "sev2"}
		c.WhatHappened = text(coe.MaxAnswerLength / 4)
		for len(c.Lessons) < 15 {
			c.Lessons = append(c.Lessons, text(coe.MaxAnswerLength/4))
		}
		best := time.Hour
		for range 2 {
			start := time.Now()
			if err := tpl.HTML(io.Discard, c, ReportOptions{Today: today}); err != nil {
				t.Fatal(err)
			}
			if err := tpl.Markdown(io.Discard, c, ReportOptions{Today: today}); err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	plain := func(n int) string { return strings.Repeat("Plain words of an answer, ", n/26+1)[:n] }
	for _, h := range hostileShapes {
		took := report(h.text)
		if took <= slowRace(time.Second) {
			continue
		}
		// Slow: as slow as the machine is now?
		if calm := report(plain); took > slowRace(time.Second)*max(1, calm/(10*time.Millisecond)) {
			t.Errorf("%s: 16 answers of 16 KiB rendered in %v (plain prose in %v)", h.name, took, calm)
		}
	}
}

// slowRace is d, or ten times d under the race detector.
func slowRace(d time.Duration) time.Duration {
	if raceEnabled {
		return 10 * d
	}
	return d
}
