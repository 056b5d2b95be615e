package remind

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func TestDigestGolden(t *testing.T) {
	var b bytes.Buffer
	n, err := Digest(&b, sample(t), Options{AsOf: date(t, "2026-11-23"), Within: 7})
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("Digest listed %d actions; want 5", n)
	}
	golden(t, "digest.md.golden", b.Bytes())

	b.Reset()
	if _, err := Digest(&b, sample(t), Options{AsOf: date(t, "2026-11-23"), Within: 0, SiteURL: "https://coes.example/site"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "digest-site.md.golden", b.Bytes())
}

// TestDigestOrder: owners with overdue actions first, then the others; in
// an owner, most late first, then soonest due; owners are one whatever
// their case.
func TestDigestOrder(t *testing.T) {
	var b bytes.Buffer
	if _, err := Digest(&b, sample(t), Options{AsOf: date(t, "2026-11-23"), Within: 7}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	var headings []string
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "### ") {
			headings = append(headings, strings.TrimSpace(line))
		}
	}
	want := []string{"### dana (1 overdue, 1 due soon)", "### kenji (1 overdue)", "### No owner (1 due soon)", "### 李 (1 due soon)"}
	if strings.Join(headings, "\n") != strings.Join(want, "\n") {
		t.Errorf("headings:\n%s\nwant:\n%s", strings.Join(headings, "\n"), strings.Join(want, "\n"))
	}
	if i, j := strings.Index(out, "**CA-1** **22 days late**"), strings.Index(out, "**CA-5** due in 2 days"); i < 0 || j < 0 || i > j {
		t.Errorf("dana's overdue action should come before the one due soon:\n%s", out)
	}
	if strings.Contains(out, "Done already") || strings.Contains(out, "No due date") || strings.Contains(out, "Far away") {
		t.Errorf("the digest holds a done action, one without a due date or one due later:\n%s", out)
	}
}

func TestDigestEmpty(t *testing.T) {
	var b bytes.Buffer
	n, err := Digest(&b, sample(t)[3:4], Options{AsOf: date(t, "2026-11-23"), Within: 7})
	if err != nil || n != 0 || b.Len() != 0 {
		t.Errorf("Digest of nothing due = %d, %v, %q; want 0, nil, nothing", n, err, b.String())
	}
}

// TestDigestRendersSafely renders the digest of the hostile sample as
// GitHub would (GFM: autolinks, tables, strikethrough) and checks that the
// only links are the tracker's and the site's, and no HTML got through.
func TestDigestRendersSafely(t *testing.T) {
	var b bytes.Buffer
	if _, err := Digest(&b, sample(t), Options{AsOf: date(t, "2026-11-23"), Within: 7, SiteURL: "https://coes.example"}); err != nil {
		t.Fatal(err)
	}
	h := gfmHTML(t, b.String())
	for _, bad := range []string{"<b>", `href="javascript`, `href="http://evil`, `href="https://evil`, "<code>", "<em>", "<del>", "<table"} {
		if strings.Contains(h, bad) {
			t.Errorf("the digest's HTML has %q:\n%s", bad, h)
		}
	}
	links := strings.Count(h, "<a href=")
	if want := 1 + 5; links != want { // the tracker URL, one link a COE
		t.Errorf("%d links; want %d:\n%s", links, want, h)
	}
}

func gfmHTML(t testing.TB, src string) string {
	t.Helper()
	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(src), &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestMarkdownText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, v1.2 (ok)", "plain text, v1.2 (ok)"},
		{"snake_case _em_ a_ _b", `snake_case \_em\_ a\_ \_b`},
		{"[click](javascript:alert(1))", `\[click\](javascript:alert(1))`},
		{"<img src=x onerror=alert(1)>", `\<img src=x onerror=alert(1)\>`},
		{"*bold* `code` ~~del~~ $x$ a|b", `\*bold\* \` + "`" + `code\` + "`" + ` \~\~del\~\~ \$x\$ a\|b`},
		{"&amp; &#60;", `\&amp; \&#60;`},
		{"see https://evil.example and WWW.evil.example", `see https\://evil.example and WWW\.evil.example`},
		{"mail bob@example.com", `mail bob\@example.com`},
		{"# not a heading", `\# not a heading`},
		{"- not a list", `\- not a list`},
		{"+ not a list", `\+ not a list`},
		{"1. not a list", `1\. not a list`},
		{"12) not a list", `12\) not a list`},
		{"1.5 stays", `1\.5 stays`},
		{"== x", `\== x`},
		{"line\nbreak\r\n  and\ttab", "line break and tab"},
		{"esc \x1b[31m", `esc ^\[\[31m`},
		{`back\slash`, `back\\slash`},
		{"ends with \\", `ends with \\`},
		{"日本_語", `日本\_語`},
	} {
		if got := MarkdownText(tc.in); got != tc.want {
			t.Errorf("MarkdownText(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// checkPlain renders MarkdownText(s) in each place the digest puts text
// and fails unless it shows as exactly the text it is: no tag at all in
// the rendered text, and the text, unescaped, equal to s on one line with
// its controls shown.
func checkPlain(t testing.TB, s string) {
	t.Helper()
	want := coe.ShowControls(oneLine(s), false)
	want = strings.ReplaceAll(want, "\x00", "\uFFFD")
	esc := MarkdownText(s)
	if want == "" {
		if esc != "" {
			t.Fatalf("MarkdownText(%q) = %q; want nothing", s, esc)
		}
		return
	}
	for _, place := range []struct{ before, after, open, close string }{
		{"", "", "<p>", "</p>\n"},
		{"- x ", " y", "<ul>\n<li>x ", " y</li>\n</ul>\n"},
		{"- **CA-1** ", "\n  COE a: b", "<ul>\n<li><strong>CA-1</strong> ", "\nCOE a: b</li>\n</ul>\n"},
		{"### ", " (1 overdue)", "<h3>", " (1 overdue)</h3>\n"},
		{"[", "](https://s.example/x)", `<p><a href="https://s.example/x">`, "</a></p>\n"},
	} {
		src := place.before + esc + place.after
		h := gfmHTML(t, src)
		if !strings.HasPrefix(h, place.open) || !strings.HasSuffix(h, place.close) {
			t.Fatalf("MarkdownText(%q) = %q renders as %q; want it inside %q...%q", s, esc, h, place.open, place.close)
		}
		inner := h[len(place.open) : len(h)-len(place.close)]
		if strings.ContainsAny(inner, "<>") {
			t.Fatalf("MarkdownText(%q) = %q makes markup: %q", s, esc, h)
		}
		if got := html.UnescapeString(inner); got != want {
			t.Fatalf("MarkdownText(%q) = %q shows as %q; want %q", s, esc, got, want)
		}
	}
}

func TestMarkdownTextRendersAsText(t *testing.T) {
	for _, s := range []string{
		"plain", "[a](http://x) ![i](y) <b>x</b> <!-- c --> &lt; &#x3C;",
		"*a* **b** _c_ __d__ ~e~ ~~f~~ `g` ``h``", "www.example.com http://x.example https://y.example/ ftp://z",
		"a@b.example mailto:a@b.example xmpp:a@b.example", "# h", "- l", "+ l", "* l", "1. l", "1) l", "> q", "    code",
		"```go", "~~~", "---", "===", "***", "___", "| a | b |", "a | b", "[x]: http://x", "[^1]", "\\", "\\*",
		"<http://x>", "<a@b.c>", "a  \nb", "$x$ $$y$$", "<script>alert(1)</script>", "x_y_z", "_x_", "é_é", "foo__bar__",
		"[ ] task", "- [x] task", "\x00 nul", "tab\there", "\u202Eevil", strings.Repeat("[", 50) + strings.Repeat("]", 50),
		"www.x", ":// a", "a://b", "WwW.x.org", "1.", "123456789. x", "1234567890. x",
	} {
		checkPlain(t, s)
	}
}

func TestCut(t *testing.T) {
	if got := cut("a  b\nc", 10); got != "a b c" {
		t.Errorf("cut = %q", got)
	}
	long := strings.Repeat("é", 200)
	got := cut(long, 120)
	if n := len([]rune(got)); n != 120 || !strings.HasSuffix(got, "…") {
		t.Errorf("cut to %d runes: %q", n, got)
	}
}
