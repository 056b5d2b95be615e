package render

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
