package render

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

func exampleIDs(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "coes", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	ids := make([]string, len(files))
	for i, f := range files {
		ids[i] = strings.TrimSuffix(filepath.Base(f), ".yaml")
	}
	return ids
}

func builtin(t testing.TB) *Templates {
	t.Helper()
	tpl, err := LoadTemplates(nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// The Markdown and HTML reports of every example, reviewed in the diff.
func TestReportGolden(t *testing.T) {
	tpl := builtin(t)
	for _, id := range exampleIDs(t) {
		c := readExample(t, id)
		var md, html bytes.Buffer
		if err := tpl.Markdown(&md, c, ReportOptions{Today: today}); err != nil {
			t.Fatal(err)
		}
		golden(t, id+".md", md.Bytes())
		checkMarkdown(t, id+".md", md.Bytes())
		if err := tpl.HTML(&html, c, ReportOptions{Today: today}); err != nil {
			t.Fatal(err)
		}
		golden(t, id+".html", withoutStyle(html.Bytes()))
		checkHTML(t, id+".html", html.Bytes(), tpl)
	}
}

func example(t testing.TB, id string) *coe.COE {
	t.Helper()
	doc, err := coe.ReadFile(filepath.Join("..", "..", "examples", "coes", id+".yaml"), coe.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return &doc.COE
}

var (
	styleRE = regexp.MustCompile(`(?s)<style>.*?</style>`)
	hashRE  = regexp.MustCompile(`sha256-.*?&#39;`)
)

// withoutStyle leaves the stylesheet and its hash out of a page, for golden
// files that show the markup: style.css is reviewed as the file it is.
func withoutStyle(page []byte) []byte {
	page = styleRE.ReplaceAll(page, []byte("<style>/* templates/style.css */</style>"))
	return hashRE.ReplaceAll(page, []byte("sha256-(hash)&#39;"))
}

// unsafeText finds what isUnsafe finds, in any text.
func TestUnsafeText(t *testing.T) {
	texts := []string{"", "plain text\nand\ttabs", "\x1b[2J", "\x7f", "caf\u00e9", "\u0085next line", "\xff\xfe", "\ufffd", "ok \u200b"}
	for r := rune(0); r < 0x3000; r++ {
		texts = append(texts, "a"+string(r)+"b")
	}
	for _, s := range texts {
		if got, want := unsafeText(s), strings.IndexFunc(s, isUnsafe) >= 0; got != want {
			t.Errorf("unsafeText(%q) = %v, want %v", s, got, want)
		}
	}
}

// An action's evidence shows as commits (short id, the full one kept) and
// links to the web; anything else is text, never a link.
func TestProofs(t *testing.T) {
	full := "0f5a8b3c6d1e94720b8c5d3e6f1a2b4c7d9e0f13"
	for _, tc := range []struct {
		in   string
		want Proof
	}{
		{"3f9c2a1", Proof{Commit: "3f9c2a1", Full: "3f9c2a1"}},
		{full, Proof{Commit: "0f5a8b3c6d", Full: full}},
		{"https://git.example.com/shop/web/-/merge_requests/88", Proof{URL: "https://git.example.com/shop/web/-/merge_requests/88", Text: "git.example.com/shop/web/-/merge_requests/88"}},
		{"HTTP://Example.com/", Proof{URL: "HTTP://Example.com/", Text: "Example.com"}},
		{" https://example.com/x ", Proof{URL: "https://example.com/x", Text: "example.com/x"}},
		{"3F9C2A1", Proof{Text: "3F9C2A1"}}, // git writes ids in lower case
		{"3f9c2a", Proof{Text: "3f9c2a"}},   // too short to name a commit
		{"javascript:alert(1)", Proof{Text: "javascript:alert(1)"}},
		{"mailto:a@example.com", Proof{Text: "mailto:a@example.com"}},
		{"/relative/page.html", Proof{Text: "/relative/page.html"}},
		{"//evil.example.com/x", Proof{Text: "//evil.example.com/x"}},
		{"ftp://example.com/x", Proof{Text: "ftp://example.com/x"}},
		{"http:example.com", Proof{Text: "http:example.com"}},
		{"https://x.example/\x1b[2J", Proof{URL: "https://x.example/\x1b[2J", Text: Safe("x.example/\x1b[2J")}},
	} {
		if got := proofs([]string{tc.in}); len(got) != 1 || got[0] != tc.want {
			t.Errorf("proofs(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if proofs(nil) != nil {
		t.Error("no evidence shows as none")
	}
}

// Every report says when the COE was submitted, approved and closed, and
// each time it was reopened, by whom and why (Markdown, made safe).
func TestReportLifecycle(t *testing.T) {
	c := readExample(t, "2024-06-14-packages-shown-delivered-never-arrived")
	c.Reopened = []coe.Reopening{
		{At: time.Date(2024, 11, 2, 9, 0, 0, 0, time.FixedZone("", 2*3600)), By: "rosa", Reason: "Parcels shown **delivered** again: <b>not bold</b>."},
		{By: "tomas"},
	}
	tpl := builtin(t)
	var page, md, text bytes.Buffer
	if err := tpl.HTML(&page, c, ReportOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	checkHTML(t, "html", page.Bytes(), tpl)
	if err := tpl.Markdown(&md, c, ReportOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	checkMarkdown(t, "markdown", md.Bytes())
	if err := Text(&text, c, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, got string
		want      []string
	}{
		{"html", page.String(), []string{
			"<dt>Submitted</dt><dd>2024-07-16</dd>\n<dt>Approval</dt><dd>rosa on 2024-07-19</dd>\n<dt>Closed</dt><dd>2024-10-07</dd>\n",
			`<dt>Reopened</dt><dd>2024-11-02 by rosa<div class="answer reason"><p>Parcels shown <strong>delivered</strong> again: &lt;b&gt;not bold&lt;/b&gt;.</p>`,
			`<dt>Reopened</dt><dd>date not set by tomas</dd>`,
		}},
		{"markdown", md.String(), []string{
			"| **Submitted** | 2024-07-16 |\n| **Approval** | rosa on 2024-07-19 |\n| **Closed** | 2024-10-07 |\n",
			"| **Reopened** | 2024-11-02 by rosa: Parcels shown **delivered** again: \\<b>not bold\\</b>. |\n| **Reopened** | date not set by tomas |\n",
		}},
		{"text", text.String(), []string{
			"Submitted   2024-07-16\nApproved    rosa on 2024-07-19\nClosed      2024-10-07\n",
			"Reopened    2024-11-02 by rosa\n            Parcels shown **delivered** again: <b>not bold</b>.\nReopened    date not set by tomas\n",
		}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.got, w) {
				t.Errorf("%s: missing %q\n%s", tc.name, w, tc.got)
			}
		}
	}
}
