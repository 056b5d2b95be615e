package render

import (
	"bytes"
	"strings"
	"testing"
)

const notesExample = "2024-01-28-speaker-groups-stopped-playing"

// testNotes are review notes of the speaker-groups example as coe lint
// words them, with hostile text in one message, where a COE's text goes.
func testNotes() []ReviewNote {
	return []ReviewNote{
		{Rule: "detection-unknown", Severity: "warning", Field: "incident", Line: 12, Col: 1,
			Message: "incident.detected_at is not set, so time to detect cannot be measured"},
		{Rule: "blame", Severity: "warning", Field: "root_cause.summary", Line: 58, Col: 12,
			Message: `the root cause summary blames people: "human error <script>alert(1)</script> [x](javascript:y)"; name the missing mechanism instead`},
		{Rule: "whys-depth", Severity: "error", Field: "root_cause.whys", Line: 60, Col: 3,
			Message: "the root cause has only 2 whys;\nask why at least 3 times"},
		{Rule: "action-intention", Severity: "warning", Field: "corrective_actions[1].action", Line: 120, Col: 13,
			Message: "corrective action CA-2 is an intention (\"remind\"), not a mechanism"},
		{Rule: "lesson-is-action", Severity: "warning", Field: "lessons[0]", Message: "lesson 1 repeats corrective action CA-1"},
		{Rule: "x", Message: "about the whole file \x1b[2J"},
	}
}

// With review notes, a report ends with a section of them for the
// reviewers, marked as not part of the COE, each note with its rule, a
// link to the part of the report it is about and its line; its text is
// escaped as every text of a COE is. Reviewed in the diff.
func TestReportReviewNotesGolden(t *testing.T) {
	tpl := builtin(t)
	c := readExample(t, notesExample)
	o := ReportOptions{Today: today, ReviewNotes: testNotes()}
	var md, page bytes.Buffer
	if err := tpl.Markdown(&md, c, o); err != nil {
		t.Fatal(err)
	}
	// The section alone: the rest is the report's own golden.
	golden(t, "review-notes.md", after(t, md.String(), "\n## Review notes\n", ""))
	checkMarkdown(t, "notes.md", md.Bytes())
	if err := tpl.HTML(&page, c, o); err != nil {
		t.Fatal(err)
	}
	golden(t, "review-notes.html", after(t, page.String(), `<section id="review-notes"`, "</section>\n"))
	checkHTML(t, "notes.html", page.Bytes(), tpl)
	for _, want := range []string{
		`<section id="review-notes" class="review-notes" aria-labelledby="review-notes-h">`,
		`<li><span class="badge rule">blame</span> <a href="#q3">question 3</a> <span class="muted">(line 58)</span><div class="note-text">the root cause summary blames people: &#34;human error &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:y)&#34;; name the missing mechanism instead</div></li>`,
		`<a href="#CA-2">corrective action CA-2</a>`,
		`<a href="#q3">question 3</a> <span class="muted">(line 60)</span><div class="note-text">the root cause has only 2 whys; ask why at least 3 times</div>`,
		`<span class="badge rule">x</span> <div class="note-text">about the whole file ^[[2J</div>`,
	} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("the HTML report lacks %s", want)
		}
	}
	if strings.Contains(md.String(), "<script>") {
		t.Error("the Markdown report keeps raw HTML of a note")
	}
}

// Without review notes (the default), no report has the section, and the
// report is the same as before: a report is the COE as written.
func TestReportWithoutReviewNotes(t *testing.T) {
	tpl := builtin(t)
	c := readExample(t, notesExample)
	var md, page bytes.Buffer
	if err := tpl.Markdown(&md, c, ReportOptions{Today: today, ReviewNotes: []ReviewNote{}}); err != nil {
		t.Fatal(err)
	}
	if err := tpl.HTML(&page, c, ReportOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md.String(), "html": page.String()} {
		if strings.Contains(out, "Review notes") || strings.Contains(out, `id="review-notes"`) {
			t.Errorf("the %s report has review notes nobody asked for", name)
		}
	}
}

// coe show lists the notes at the end, after a heading: the rule and
// where, then the message; control characters shown, not sent. None, no
// heading.
func TestTextReviewNotes(t *testing.T) {
	c := readExample(t, notesExample)
	var b bytes.Buffer
	if err := Text(&b, c, TextOptions{Today: today, ReviewNotes: testNotes()}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	want := "\nReview notes\n   What a reviewer would push back on; coe lint --explain RULE says why.\n\n" +
		"   detection-unknown · incident, line 12\n   incident.detected_at is not set, so time to detect cannot be measured\n"
	if !strings.Contains(out, want) {
		t.Fatalf("the notes do not end the text as\n%s\n---\n%s", want, out[max(0, len(out)-1500):])
	}
	for _, w := range []string{"   whys-depth · root_cause.whys, line 60\n   the root cause has only 2 whys; ask why at least 3 times\n",
		"   lesson-is-action · lessons[0]\n", "   x\n   about the whole file ^[[2J\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("the notes lack %q", w)
		}
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Error("a control character of a note reached the terminal")
	}
	b.Reset()
	if err := Text(&b, c, TextOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Review notes") {
		t.Error("a COE without notes gets the heading")
	}
}

// Tree execution runs the review notes section as html/template does, and
// does not hand the page back.
func TestTreeExecReviewNotes(t *testing.T) {
	fast, slow := builtin(t), slowTemplates(t)
	c := readExample(t, notesExample)
	for range 2 {
		sameHTML(t, "notes", fast, slow, c, ReportOptions{Today: today, ReviewNotes: testNotes()})
		sameHTML(t, "notes in a site", fast, slow, c, ReportOptions{Today: today, ReviewNotes: testNotes(), Site: &SiteLinks{Root: "../"}})
	}
	if n := fast.x.fallbacks.Load(); n != 0 {
		t.Errorf("tree execution left %d pages to html/template", n)
	}
	if fast.x.runs.Load() == 0 {
		t.Error("tree execution never ran")
	}
}

// after is the part of s from start to the end of the first end after it
// (to the end of s for ""), failing the test when there is none.
func after(t *testing.T, s, start, end string) []byte {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", start, s)
	}
	s = s[i:]
	if j := strings.Index(s, end); end != "" && j >= 0 {
		s = s[:j+len(end)]
	}
	return []byte(s)
}
