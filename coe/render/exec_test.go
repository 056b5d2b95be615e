package render

import (
	"bytes"
	htmltemplate "html/template"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// slowTemplates are the built-in templates run by html/template alone, as
// COE_TEMPLATE_ENGINE=std runs them.
func slowTemplates(t testing.TB) *Templates {
	t.Helper()
	tpl, err := LoadTemplates(nil, "", nil, WithEngine(EngineStd))
	if err != nil {
		t.Fatal(err)
	}
	if tpl.x != nil {
		t.Fatal("WithEngine(EngineStd) keeps tree execution")
	}
	return tpl
}

// Tree execution runs the built-in HTML templates only: a repository's own
// HTML template (a replacement or an addition, which may redefine a part
// the built-ins call) leaves them all to html/template, and so does the
// kill switch; a stylesheet, a script or a Markdown template of its own is
// not an HTML template and keeps it. An unknown engine is an error that
// names the variable and what it takes.
func TestTemplateEngineFence(t *testing.T) {
	c := example(t, "2024-01-28-speaker-groups-stopped-playing")
	for _, tc := range []struct {
		name     string
		files    map[string]string
		engine   string
		compiled bool
	}{
		{name: "built-in", compiled: true},
		{name: "built-in, compiled by name", engine: EngineCompiled, compiled: true},
		{name: "kill switch", engine: EngineStd},
		{name: "own stylesheet, script and Markdown", compiled: true, files: map[string]string{
			"style.css": "body { color: teal; }\n", "site.js": "// ours\n", "coe.md.tmpl": "# {{text .R.Title}}\n"}},
		{name: "report replaced", files: map[string]string{
			"coe.html.tmpl": "<!DOCTYPE html>\n<title>{{.Page.Title}}</title><h1>{{.R.Title}}</h1>\n"}},
		{name: "part redefined", files: map[string]string{
			"ours.html.tmpl": `{{define "foot"}}<footer>Our footer</footer>{{end}}`}},
		{name: "own stylesheet, kill switch", engine: EngineStd, files: map[string]string{"style.css": "p { margin: 0; }\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := ""
			if tc.files != nil {
				dir = writeFiles(t, tc.files)
			}
			tpl, err := LoadTemplates(nil, dir, nil, WithEngine(tc.engine))
			if err != nil {
				t.Fatal(err)
			}
			if (tpl.x != nil) != tc.compiled {
				t.Fatalf("compiled: %v, want %v", tpl.x != nil, tc.compiled)
			}
			// Twice: html/template runs a template first, tree execution
			// after.
			var first, second bytes.Buffer
			if err := tpl.HTML(&first, c, ReportOptions{Today: today}); err != nil {
				t.Fatal(err)
			}
			if err := tpl.HTML(&second, c, ReportOptions{Today: today}); err != nil {
				t.Fatal(err)
			}
			if first.String() != second.String() {
				t.Errorf("the second page differs:\n%s", firstDiff(first.String(), second.String()))
			}
			if tpl.x != nil && tpl.x.runs.Load() != 1 {
				t.Errorf("tree execution wrote %d pages, want the second", tpl.x.runs.Load())
			}
		})
	}
	_, err := LoadTemplates(nil, "", nil, WithEngine("standard"))
	want := `COE_TEMPLATE_ENGINE="standard": expected "std" (html/template alone) or "compiled" (the default)`
	if err == nil || err.Error() != want {
		t.Errorf("an unknown engine: %v, want %q", err, want)
	}
}

// sameHTML renders c with tree execution and with html/template alone, and
// fails unless the bytes are equal.
func sameHTML(t *testing.T, name string, fast, slow *Templates, c *coe.COE, o ReportOptions) {
	t.Helper()
	var want, got bytes.Buffer
	errSlow := slow.HTML(&want, c, o)
	errFast := fast.HTML(&got, c, o)
	if (errSlow == nil) != (errFast == nil) {
		t.Fatalf("%s: html/template says %v, tree execution %v", name, errSlow, errFast)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("%s: tree execution differs from html/template:\n%s", name, firstDiff(want.String(), got.String()))
	}
}

func firstDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-80)
	return "html/template: ..." + want[from:min(len(want), i+80)] + "\ntree exec:     ..." + got[from:min(len(got), i+80)]
}

// The built-in report template gives the same bytes either way, for the
// examples, the hostile COE, an empty one and generated ones, and tree
// execution does the work itself: it never hands a page back.
func TestTreeExecReports(t *testing.T) {
	fast, slow := builtin(t), slowTemplates(t)
	var inputs []*coe.COE
	for _, id := range exampleIDs(t) {
		inputs = append(inputs, readExample(t, id))
	}
	inputs = append(inputs, hostileCOE(), &coe.COE{})
	for i := range 40 {
		inputs = append(inputs, corpus.COE(i))
	}
	site := &SiteLinks{Root: "../", Exists: func(id string) bool { return strings.HasSuffix(id, "1") }}
	for i, c := range inputs {
		sameHTML(t, c.ID, fast, slow, c, ReportOptions{Today: today})
		if i == 0 && fast.x.runs.Load() != 0 {
			t.Fatal("tree execution ran before html/template had escaped the template")
		}
		sameHTML(t, c.ID+" in a site", fast, slow, c, ReportOptions{Today: today, Site: site, Source: "coes/x.yaml"})
		sameRows(t, fast, slow, c)
	}
	if n := fast.x.fallbacks.Load(); n != 0 {
		t.Errorf("tree execution left %d pages to html/template", n)
	}
	if fast.x.runs.Load() < int64(2*len(inputs)-1) {
		t.Errorf("tree execution wrote %d pages, want at least %d", fast.x.runs.Load(), 2*len(inputs)-1)
	}
}

// A whole site, hostile COE and all, is byte for byte the same.
func TestTreeExecSite(t *testing.T) {
	files := append(exampleFiles(t), hostileFile(t))
	build := func(tpl *Templates) map[string][]byte {
		out := filepath.Join(t.TempDir(), "site")
		if _, err := BuildSite(SiteOptions{Out: out, Files: files, Templates: tpl, Today: today,
			Title: hostileText(" "), SourceDir: "coes"}); err != nil {
			t.Fatal(err)
		}
		return tree(t, out)
	}
	fast := builtin(t)
	want, got := build(slowTemplates(t)), build(fast)
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s: tree execution differs from html/template:\n%s", name, firstDiff(string(w), string(got[name])))
		}
	}
	if n := fast.x.fallbacks.Load(); n != 0 {
		t.Errorf("tree execution left %d pages to html/template", n)
	}
	if fast.x.runs.Load() == 0 {
		t.Error("tree execution never ran")
	}
}

// Each construct and context, on values that need escaping, gives what
// html/template gives; what tree execution does not know (printf, a map,
// a method with arguments) goes back to html/template, with the same
// result.
func TestTreeExecConstructs(t *testing.T) {
	type item struct {
		S    string
		N    int
		H    htmltemplate.HTML
		U    htmltemplate.URL
		P    *item
		L    []string
		M    map[string]string
		Any  any
		Bool bool
		JS   htmltemplate.JS
		N64  int64
		U8   uint8
		F    float64
	}
	values := []string{"", "plain", `<script>alert("x")</script>`, "a&b+c'd", "javascript:alert(1)", "JavaScript:x", "/rel/path?q=a b&c=%zz%41",
		"https://example.com/ü?x=<y>#z", "mailto:a@b.c", "\x00nul", "data:text/html,x", "100%", "a/b:c", "#frag"}
	cases := []struct {
		src      string
		fallback bool
	}{
		{src: `<p title="{{.S}}" class="x {{.S}}">{{.S}}</p><title>{{.S}}</title>`},
		{src: `<a href="{{.S}}">{{.S}}</a><a href="/x/{{.S}}?q={{.S}}#{{.S}}">x</a><a href="{{.U}}">u</a>`},
		{src: `<a href="{{.S}}{{.S}}">x</a><img src="{{.S}}" alt="{{.S}}">`},
		{src: `{{.H}}<i data-x="{{.N}}">{{.N}}</i>{{if .Bool}}yes{{else}}no{{end}}{{.Bool}}`},
		{src: `{{with .P}}{{.S}}{{else}}none{{end}}{{with .P}}{{with .P}}deep{{end}}{{end}}`},
		{src: `{{range $i, $s := .L}}{{if $i}}, {{end}}{{$i}}={{$s}} {{$.S}}{{else}}empty{{end}}`},
		{src: `{{$x := .S}}{{range .L}}{{$x}}{{$x = .}}{{end}}{{$x}}`},
		{src: `{{if and .S .L}}a{{end}}{{or .S "default"}}{{if not .L}}none{{end}}{{len .L}}{{if eq .S "plain"}}=plain{{end}}{{if ne .N 3}}!3{{end}}`},
		{src: `{{define "sub"}}<b>{{.}}</b>{{end}}{{template "sub" .S}}{{template "sub" .N}}`},
		{src: `{{markdown .S}}{{inline .S}}{{lower .S}}{{plural .N "x" "xs"}}`},
		{src: `{{.Any}}{{.N64}}{{.U8}}`},
		{src: `{{.F}}`, fallback: true},
		{src: `<script>{{.JS}}</script>`},
		{src: `<style>p{color:{{.S}}}</style>`, fallback: true},
		{src: `{{printf "%q" .S}}`, fallback: true},
		{src: `{{index .M "k"}}`, fallback: true},
		{src: `<script>var x = {{.S}};</script>`, fallback: true},
	}
	for _, tc := range cases {
		set, err := htmltemplate.New("t").Funcs(htmlFuncs).Parse(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		x := newTreeExec(set, htmlFuncs)
		for i, v := range values {
			data := item{S: v, N: i - 3, H: htmltemplate.HTML("<em>" + v + "</em>"), U: htmltemplate.URL(v),
				N64: int64(i) << 40, U8: uint8(i), F: float64(i) / 3, L: values[:i%4], JS: htmltemplate.JS("var s = 1;"), M: map[string]string{"k": v}, Bool: i%2 == 0}
			if i%3 == 0 {
				data.P = &item{S: v + "!", P: &item{}}
			}
			if i%2 == 0 {
				data.Any = v
			} else {
				data.Any = i
			}
			var want bytes.Buffer
			if err := set.Execute(&want, data); err != nil {
				t.Fatalf("%s: %v", tc.src, err)
			}
			x.markReady("t")
			got := bytes.NewBufferString("kept|")
			err := x.execute(got, "t", data)
			switch {
			case tc.fallback && err != errFallback:
				t.Errorf("%s: want a fallback, got %v", tc.src, err)
			case tc.fallback:
				if got.String() != "kept|" {
					t.Errorf("%s: a fallback leaves %q in the buffer", tc.src, got.String())
				}
			case err != nil:
				t.Errorf("%s on %q: %v", tc.src, v, err)
			case got.String() != "kept|"+want.String():
				t.Errorf("%s on %q:\n got %q\nwant %q", tc.src, v, strings.TrimPrefix(got.String(), "kept|"), want.String())
			}
		}
	}
}

// TestPrimeListPage: the first index page a build writes is run by tree
// execution (prime has html/template escape its template on nil data),
// to html/template's bytes.
func TestPrimeListPage(t *testing.T) {
	fast, slow := builtin(t), slowTemplates(t)
	fast.prime(TemplateIndex)
	if p, _ := fast.x.ready.Load(TemplateIndex); p == nil || p.(*program) == nil {
		t.Fatal("the index template is not compiled after prime")
	}
	rows := []Row{{ID: "a<b", Title: "<script>", HTML: "<tr><td>a</td></tr>"}, {ID: "c", Title: "C & D", HTML: "<tr></tr>"}}
	data := func(tpl *Templates) *IndexData {
		d := &IndexData{Page: (&SiteOptions{Templates: tpl, Title: "T & <U>"}).pageData("T", "", "index", true),
			Statuses: []string{"draft"}, Tags: []string{"x\"y"}, OpenActions: 3, OverdueActions: 1}
		for i := range rows {
			d.COEs = append(d.COEs, ListRow{Row: &rows[i]})
		}
		return d
	}
	var got, want bytes.Buffer
	if err := fast.x.execute(&got, TemplateIndex, data(fast)); err != nil {
		t.Fatal(err)
	}
	if err := slow.html.ExecuteTemplate(&want, TemplateIndex, data(slow)); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("the primed index page differs:\n%s", firstDiff(want.String(), got.String()))
	}
}
