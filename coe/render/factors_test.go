package render

import (
	"bytes"
	"strings"
	"testing"
)

// The reports list the contributing factors under the root cause, the
// text of each made safe: HTML escaped, Markdown escaped, terminal
// controls shown rather than sent.
func TestReportFactors(t *testing.T) {
	c := readExample(t, "2024-06-14-packages-shown-delivered-never-arrived")
	c.ContributingFactors = []string{"unclear-ownership", "<b>x</b>", "bell\a"}
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
			"</ol>\n<h3>Contributing factors</h3>\n<ul class=\"factors\">\n<li>unclear-ownership</li>\n<li>&lt;b&gt;x&lt;/b&gt;</li>\n<li>bell^G</li>\n</ul>\n</section>\n<section id=\"q4\"",
		}},
		{"markdown", md.String(), []string{
			"\n\n**Contributing factors:** unclear-ownership, \\<b\\>x\\</b\\>, bell^G\n\n## 4. What data",
		}},
		{"text", text.String(), []string{
			"\n   Contributing factors: unclear-ownership, <b>x</b>, bell^G\n\n4. What data",
		}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.got, w) {
				t.Errorf("%s: missing %q\n%s", tc.name, w, tc.got)
			}
		}
	}
	// Without factors, no heading.
	c.ContributingFactors = nil
	page.Reset()
	if err := tpl.HTML(&page, c, ReportOptions{Today: today}); err != nil || strings.Contains(page.String(), "Contributing factors") {
		t.Errorf("html without factors (%v) has the heading", err)
	}
}
