package render

import (
	"bytes"
	htmltemplate "html/template"
	"io"
	"testing"
)

// escaperTemplates put a value in each context whose escapers tree
// execution copies (text, quoted attributes, RCDATA, URLs and their parts,
// typed script and style), and in some it leaves to html/template.
var escaperTemplates = []string{
	// Every context at once: the built-in templates' mix.
	`<p title="{{.S}}" class='x {{.S}}' data-n="{{.N}}">{{.S}}</p><title>{{.S}}</title><textarea>{{.S}}</textarea>` +
		`<a href="{{.S}}">{{.S}}</a><a href='/p/{{.S}}?q={{.S}}&amp;r={{.S}}#{{.S}}'>x</a><a href="{{.S}}{{.S}}">y</a>` +
		`<img src="{{.S}}" alt="{{.S}}"><a href="mailto:{{.S}}">m</a><a href="?{{.S}}">q</a><a href="#{{.S}}">f</a>` +
		`<script>{{.JS}}</script><style>{{.CSS}}</style>{{.V}}<i title="{{.V}}">{{.V}}</i>`,
	`{{.V}}`,
	`<p title="{{.V}}" class='{{.V}}'>`,
	`<title>{{.V}}</title><textarea>{{.V}}</textarea>`,
	`<a href="{{.V}}">`,
	`<a href="/x/{{.V}}">`,
	`<a href="/x?q={{.V}}">`,
	`<a href="/x#{{.V}}">`,
	`<a href="{{.V}}/{{.V}}?{{.V}}">`,
	`<img srcset="{{.V}}">`,
	`<p title={{.V}}>`,
	`<script>var v = {{.V}};</script>`,
	`<style>p { color: {{.V}} }</style>`,
	`<p style="color: {{.V}}">`,
	`<a onclick="f({{.V}})">`,
	`<!-- {{.V}} -->`,
}

type escaperData struct {
	S   string // the text, as a plain string
	V   any    // the text as the type the fuzzer picked
	N   int
	JS  htmltemplate.JS
	CSS htmltemplate.CSS
}

// FuzzTreeExecEscapers: tree execution writes what html/template writes
// for any text, in every context it handles and as every type a template
// is given (a string, typed HTML, URL, CSS, JS, an attribute, a number, a
// bool, nil); where it does not know a context or a type it hands the page
// back untouched, and html/template writes it. A plain string in a
// context the built-in templates use is never handed back.
//
// Seeds: testdata/fuzz/FuzzTreeExecEscapers.
func FuzzTreeExecEscapers(f *testing.F) {
	// Each template is escaped by a first run, and compiled, once: as a
	// site's build does, every page after the first runs compiled.
	sets := make([]*htmltemplate.Template, len(escaperTemplates))
	xs := make([]*treeExec, len(escaperTemplates))
	for i, src := range escaperTemplates {
		sets[i] = htmltemplate.Must(htmltemplate.New("t").Funcs(htmlFuncs).Parse(src))
		if err := sets[i].Execute(io.Discard, escaperData{S: "s", V: "v"}); err != nil {
			f.Fatalf("template %d: %v", i, err)
		}
		xs[i] = newTreeExec(sets[i], htmlFuncs)
		xs[i].markReady("t")
	}
	if p, _ := xs[0].ready.Load("t"); p.(*program) == nil {
		f.Fatal("tree execution does not compile the template of every context")
	}
	f.Fuzz(func(t *testing.T, s string, kind, which uint8) {
		i := int(which) % len(sets)
		data := escaperData{S: s, V: typed(s, kind), N: len(s) - 3, JS: htmltemplate.JS(s), CSS: htmltemplate.CSS(s)}
		var want bytes.Buffer
		errStd := sets[i].Execute(&want, data)
		got := bytes.NewBufferString("kept|")
		switch err := xs[i].execute(got, "t", data); {
		case errStd != nil && err != errFallback:
			// html/template has the last word, and the error message.
			t.Fatalf("template %d, %T %q: html/template fails (%v), tree execution says %v", i, data.V, s, errStd, err)
		case err == errFallback:
			if got.String() != "kept|" {
				t.Fatalf("template %d, %T %q: handed back with %q written", i, data.V, s, got.String())
			}
			if i == 0 && int(kind)%len(typedKinds) == 0 {
				t.Fatalf("template %d: a plain string %q is handed back to html/template", i, s)
			}
		case err != nil:
			t.Fatalf("template %d, %T %q: %v", i, data.V, s, err)
		case got.String() != "kept|"+want.String():
			t.Fatalf("template %d, %T %q:\ntree exec:     %q\nhtml/template: %q", i, data.V, s, got.String()[len("kept|"):], want.String())
		}
	})
}

// typedKinds are the types FuzzTreeExecEscapers gives a template its text
// as; the first is a plain string.
var typedKinds = []func(string) any{
	func(s string) any { return s },
	func(s string) any { return htmltemplate.HTML(s) },
	func(s string) any { return htmltemplate.URL(s) },
	func(s string) any { return htmltemplate.CSS(s) },
	func(s string) any { return htmltemplate.JS(s) },
	func(s string) any { return htmltemplate.HTMLAttr(s) },
	func(s string) any { return htmltemplate.Srcset(s) },
	func(s string) any { return len(s) - 5 },
	func(s string) any { return uint8(len(s)) },
	func(s string) any { return int64(len(s)) << 40 },
	func(s string) any { return len(s)%2 == 0 },
	func(s string) any { return float64(len(s)) / 3 },
	func(s string) any { return []byte(s) },
	func(s string) any { return &s },
	func(string) any { return nil },
}

func typed(s string, kind uint8) any {
	return typedKinds[int(kind)%len(typedKinds)](s)
}
