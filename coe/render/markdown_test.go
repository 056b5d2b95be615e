package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe/corpus"
)

func TestAllowedURL(t *testing.T) {
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"https://dashboards.example.com/d/1?x=1#y", true},
		{"http://example.com", true},
		{"HTTPS://EXAMPLE.COM", true},
		{"mailto:dana@example.com", true},
		{"coes/2024-01-28-x.html", true},
		{"../index.html", true},
		{"/absolute/path", true},
		{"#CA-1", true},
		{"?q=1", true},
		{"page.html?x=javascript:alert(1)", true}, // a query, not a scheme
		{"", false},
		{"   ", false},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"  javascript:alert(1)", false},
		{"\x01javascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"jav&#x61;script:alert(1)", false},
		{"jav&#97;script:alert(1)", false},
		{"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)", false},
		{"javascript&colon;alert(1)", false},
		{"java&#09;script:alert(1)", false},
		{"vbscript:msgbox(1)", false},
		{"data:text/html;base64,PHNjcmlwdD4=", false},
		{"data:image/png;base64,iVBORw0KGgo=", false},
		{"file:///etc/passwd", false},
		{"ftp://example.com/x", false},
		{"//evil.example.com/x", false},
		{`\\evil.example.com\x`, false},
		{`/\evil.example.com`, false},
	} {
		if got := AllowedURL(c.url); got != c.ok {
			t.Errorf("AllowedURL(%q) = %v, want %v", c.url, got, c.ok)
		}
	}
}

func TestMarkdownHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Plain text.", "<p>Plain text.</p>\n"},
		{"One\ntwo\n\nThree \"q\".", "<p>One\ntwo</p>\n<p>Three &quot;q&quot;.</p>\n"},
		{"a <b>bold</b> c", "<p>a &lt;b&gt;bold&lt;/b&gt; c</p>\n"},
		{"<script>alert(1)</script>", `<pre class="raw"><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>` + "\n"},
		{"[x](javascript:alert(1))", "<p>x</p>\n"},
		{"[x](jav&#x61;script:alert(1))", "<p>x</p>\n"},
		// A backslash escape hides the scheme until it is resolved: the
		// href would read "javascript:alert(1)" (found by FuzzMarkdownHTML).
		{"[x](javascript\\:alert(1))", "<p>x</p>\n"},
		{"[x][r]\n\n[r]: javascript\\:alert(1)", "<p>x</p>\n"},
		{"![x](javascript\\:alert(1))", "<p>x</p>\n"},
		{"[x](page\\:1.html)", "<p>x</p>\n"}, // "page:" is a scheme once resolved
		{"[x](a\\_b.html)", `<p><a href="a_b.html">x</a></p>` + "\n"},
		{"[x](https://example.com/a \"t\")", `<p><a href="https://example.com/a" title="t">x</a></p>` + "\n"},
		{"<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"},
		{"<https://example.com>", `<p><a href="https://example.com">https://example.com</a></p>` + "\n"},
		{"see www.example.com", `<p>see <a href="http://www.example.com">www.example.com</a></p>` + "\n"},
		{"dana@example.com", `<p><a href="mailto:dana@example.com">dana@example.com</a></p>` + "\n"},
		{"![graph](https://example.com/g.png)", `<p><a href="https://example.com/g.png" class="image">graph</a></p>` + "\n"},
		{"![x](javascript:alert(1))", "<p>x</p>\n"},
		{"[![badge](https://e.com/b.png)](https://e.com)", `<p><a href="https://e.com">badge</a></p>` + "\n"},
		{"# Title\n\n### Small", "<h4>Title</h4>\n<h6>Small</h6>\n"},
		{"- [x] done\n- [ ] to do", "<ul>\n<li><input type=\"checkbox\" checked disabled aria-label=\"done\"> done</li>\n<li><input type=\"checkbox\" disabled aria-label=\"to do\"> to do</li>\n</ul>\n"},
		{"| a | b |\n|--:|:-:|\n| 1 | 2 |", "<table>\n<thead>\n<tr>\n<th class=\"align-right\">a</th>\n<th class=\"align-center\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td class=\"align-right\">1</td>\n<td class=\"align-center\">2</td>\n</tr>\n</tbody>\n</table>\n"},
		{"~~gone~~", "<p><del>gone</del></p>\n"},
	} {
		if got := string(MarkdownHTML(c.in)); got != c.want {
			t.Errorf("MarkdownHTML(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestInlineHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Rolled back.", "Rolled back."},
		{"Rolled back `v2`.", "Rolled back <code>v2</code>."},
		{"<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"},
		{"a\n\nb", "<p>a</p>\n<p>b</p>\n"},
		{"  ", ""},
	} {
		if got := string(InlineHTML(c.in)); got != c.want {
			t.Errorf("InlineHTML(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The fast path for plain paragraphs gives what goldmark gives.
func TestPlainParagraphsAsGoldmark(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var inputs []string
	for i := range 200 {
		c := corpus.COE(i)
		inputs = append(inputs, c.WhatHappened, c.Impact.Customers, c.RootCause.Summary, c.Lessons[0], c.Timeline[0].Event)
	}
	pieces := []string{"Word", "two words", "\n", "\n\n", "\n\n\n", " ", "\"quoted\"", "it's", "50%", "(x)", "a.b", "1,530", "$15", "é ü 漢字", "tail "}
	for range 2000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	checked := 0
	for _, in := range inputs {
		fast, ok := plainParagraphs(in)
		if !ok {
			continue
		}
		checked++
		var buf bytes.Buffer
		if err := gm.Convert([]byte(in), &buf); err != nil {
			t.Fatal(err)
		}
		if fast != buf.String() {
			t.Errorf("plainParagraphs(%q)\n  = %q\ngoldmark %q", in, fast, buf.String())
		}
		if p := strings.TrimSpace(in); !strings.Contains(p, "\n") && plainText(p) && escapeGoldmark(p)+"\n" != strings.TrimSuffix(strings.TrimPrefix(buf.String(), "<p>"), "</p>\n")+"\n" {
			t.Errorf("plainText(%q) but goldmark gives %q", p, buf.String())
		}
	}
	if checked < 500 {
		t.Errorf("only %d inputs took the fast path", checked)
	}
}

func TestMdBlock(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Plain.\n\nTwo.", "Plain.\n\nTwo."},
		{"a <b>x</b>", `a \<b>x\</b>`},
		{"<div>\nx\n</div>", "\\<div>\nx\n\\</div>"},
		{"[x](javascript:alert(1))", `\[x](javascript:alert(1))`},
		{"[x](https://example.com)", "[x](https://example.com)"},
		// A heading at the very end, read as one once a line break follows
		// (found by FuzzMdBlock).
		{"> \t#", "> \t\\#"},
		{"[x](javascript\\:alert(1))", `\[x](javascript\:alert(1))`},
		{"[r]\n\n[r]: javascript\\:alert(1)", "\\[r]\n\n\\[r]: javascript\\:alert(1)"},
		{"<javascript:alert(1)>", `\<javascript:alert(1)>`},
		{"[r]\n\n[r]: javascript:alert(1)", "\\[r]\n\n\\[r]: javascript:alert(1)"},
		{"# H1\n## H2\n#### H4", "#### H1\n##### H2\n#### H4"},
		{"Setext\n===", "Setext\n\\==="},
		{"```go\nx := 1", "```go\nx := 1\n```"},
		{"~~~~\nx", "~~~~\nx\n~~~~"},
		{"```\nclosed\n```", "```\nclosed\n```"},
	} {
		if got := mdBlock(c.in); got != c.want {
			t.Errorf("mdBlock(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestMdInlineAndCells(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Rolled back.", "Rolled back."},
		{"line one\nline two", "line one line two"},
		{"# not a heading", `\# not a heading`},
		{"- not a list", `\- not a list`},
		{"1. not a list", `1\. not a list`},
		{"> not a quote", `\> not a quote`},
		{"```not a fence", "\\```not a fence"},
		{"<b>x</b>", `\<b>x\</b>`},
	} {
		if got := mdInline(c.in); got != c.want {
			t.Errorf("mdInline(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"a | b", `a \| b`},
		{`a \| b`, `a \| b`},
		{`a \\| b`, `a \\\| b`},
		{"a\nb", "a b"},
	} {
		if got := mdCell(c.in); got != c.want {
			t.Errorf("mdCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"li.wei", "li.wei"},
		{"snake_case", "snake_case"},
		{"_x_ *y* [z] <w> `v` a|b ~s~", `\_x\_ \*y\* \[z\] \<w\> \` + "`" + `v\` + "`" + ` a\|b \~s\~`},
		{"AT&T &amp;", `AT&T \&amp;`},
		{"# tag", `\# tag`},
	} {
		if got := mdText(c.in); got != c.want {
			t.Errorf("mdText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"https://example.com/a(b)|c d", "https://example.com/a%28b%29%7Cc%20d"},
		{"javascript:alert(1)", ""},
	} {
		if got := mdURL(c.in); got != c.want {
			t.Errorf("mdURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := mdCode("a `b` c"); got != "``a `b` c``" {
		t.Errorf("mdCode = %q", got)
	}
}

func TestMinifyCSS(t *testing.T) {
	in := "/* c */\na  ,  b {\n  color : red ;\n  content: \" a  /* b */ \";\n}\n@media (max-width: 40rem) {\n  .x :hover { margin: 0 auto; }\n}\n"
	want := `a,b{color :red;content:" a  /* b */ ";}@media (max-width:40rem){.x :hover{margin:0 auto;}}`
	if got := minifyCSS(in); got != want {
		t.Errorf("minifyCSS\n got %q\nwant %q", got, want)
	}
}
