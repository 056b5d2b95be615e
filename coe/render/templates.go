package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	texttemplate "text/template"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/templates"
)

// Names of the built-in templates (see package templates).
const (
	TemplateCOEMarkdown = "coe.md.tmpl"
	TemplateCOEHTML     = "coe.html.tmpl"
	TemplateIndex       = "index.html.tmpl"
	TemplateGroup       = "group.html.tmpl"
	TemplateGroups      = "groups.html.tmpl"
	TemplateActions     = "actions.html.tmpl"
	TemplateInsights    = "insights.html.tmpl"
	StyleName           = "style.css"
	ScriptName          = "site.js"
)

// Templates are the parsed report templates: the built-in ones, with any
// a repository overrides or adds.
type Templates struct {
	html *htmltemplate.Template
	md   *texttemplate.Template
	css  string
	js   string
	// files maps a template's file name to the path errors name it by.
	files map[string]string

	// The Content-Security-Policy of a standalone report (its inline
	// style by hash), of a site's pages (the site's stylesheet) and of the
	// site's pages with the script (by hash).
	cspReport, cspSite, cspSiteScript string

	// x runs the HTML templates once html/template has escaped them; nil
	// leaves them all to html/template (see loadOptions.engine).
	x *treeExec
}

// A LoadOption changes how LoadTemplates loads the templates.
type LoadOption func(*loadOptions) error

type loadOptions struct {
	// std runs every HTML template with html/template alone.
	std bool
}

// Template engines, as WithEngine names them.
const (
	// EngineCompiled runs the built-in HTML templates compiled (exec.go),
	// to the same bytes as html/template in half the time; a repository's
	// own HTML templates are always run by html/template. The default.
	EngineCompiled = "compiled"
	// EngineStd runs every HTML template with html/template alone.
	EngineStd = "std"
)

// WithEngine chooses what runs the built-in HTML templates: EngineCompiled
// (also when name is ""), or EngineStd, the kill switch of the compiled
// path. coe takes it from COE_TEMPLATE_ENGINE; another name is an error
// that says so.
func WithEngine(name string) LoadOption {
	return func(o *loadOptions) error {
		switch name {
		case "", EngineCompiled:
			o.std = false
		case EngineStd:
			o.std = true
		default:
			return fmt.Errorf("COE_TEMPLATE_ENGINE=%q: expected %q (html/template alone) or %q (the default)", name, EngineStd, EngineCompiled)
		}
		return nil
	}
}

// LoadTemplates parses the built-in templates, overridden by the files of
// dir when dir is not "": a file with a built-in's name replaces it, and
// other *.html.tmpl and *.md.tmpl files are added (to define templates the
// others use). Other files in dir are ignored, except that a .css, .js or
// .tmpl file with a name coe does not know is an error (a misspelt
// override would otherwise be silently unused). display maps a path to
// the name shown in messages (nil keeps it).
//
// Files are read through fsys, the guarded file system of the repository
// that holds dir: a template that is a link out of it, or not a regular
// file, is an error that shows none of its target. With fsys nil, dir is
// taken as the root (a folder named outside any repository).
//
// The built-in HTML templates run compiled unless opts say otherwise
// (WithEngine); once dir holds an HTML template of its own (one that
// replaces a built-in, or one that is added and may redefine a part the
// built-ins call), they all run with html/template.
//
// Errors name the template's file and line: dir/coe.html.tmpl:12: ...
func LoadTemplates(fsys *safefs.Root, dir string, display func(string) string, opts ...LoadOption) (*Templates, error) {
	var lo loadOptions
	for _, o := range opts {
		if err := o(&lo); err != nil {
			return nil, err
		}
	}
	if display == nil {
		display = func(s string) string { return s }
	}
	src := map[string]string{}
	t := &Templates{files: map[string]string{}}
	builtin, err := fs.ReadDir(templates.FS, ".")
	if err != nil {
		return nil, err
	}
	var known []string
	for _, e := range builtin {
		data, err := templates.FS.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		src[e.Name()] = string(data)
		t.files[e.Name()] = "templates/" + e.Name() + " (built in)"
		known = append(known, e.Name())
	}
	if dir != "" {
		if fsys == nil {
			root, err := safefs.Open(dir)
			if err != nil {
				return nil, fmt.Errorf("templates folder %s: %w", display(dir), safefs.Reason(err))
			}
			defer root.Close()
			fsys = root
		}
		entries, err := fsys.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("templates folder %s: %w", display(dir), safefs.Reason(err))
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") {
				continue
			}
			_, isBuiltin := src[name]
			added := strings.HasSuffix(name, ".html.tmpl") || strings.HasSuffix(name, ".md.tmpl")
			if !isBuiltin && !added {
				if strings.HasSuffix(name, ".css") || strings.HasSuffix(name, ".js") || strings.HasSuffix(name, ".tmpl") {
					msg := fmt.Sprintf("%s: unknown template file %q; expected one of %s, or a new *.html.tmpl or *.md.tmpl",
						display(filepath.Join(dir, name)), name, quoted(known))
					if near := coe.Nearest(name, known, 1); len(near) > 0 {
						msg = fmt.Sprintf("%s: unknown template file %q; did you mean %q? expected one of %s, or a new *.html.tmpl or *.md.tmpl",
							display(filepath.Join(dir, name)), name, near[0], quoted(known))
					}
					return nil, errors.New(msg)
				}
				continue
			}
			p := filepath.Join(dir, name)
			data, err := fsys.ReadFile(p, coe.MaxFileSize)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", display(p), safefs.Reason(err))
			}
			src[name] = string(data)
			t.files[name] = display(p)
			if strings.HasSuffix(name, ".html.tmpl") {
				lo.std = true // the repository's own: html/template's alone
			}
		}
	}
	t.css, t.js = minifyCSS(src[StyleName]), src[ScriptName]
	const rest = "; img-src data:; base-uri 'none'; form-action 'none'"
	t.cspReport = "default-src 'none'; style-src " + hashSource(t.css) + rest
	// A site's pages link one stylesheet (inlined, it was two fifths of
	// every page's bytes). 'self' allows it over HTTP; file: allows it
	// when the site is opened from disk, where not every browser lets
	// 'self' match (only the site's own pages link a stylesheet at all,
	// and a page served over HTTP cannot load a file: one).
	t.cspSite = "default-src 'none'; style-src 'self' file:" + rest
	// The script's pages may load the site's search index (search.js), a
	// script of the site, as the stylesheet is.
	t.cspSiteScript = "default-src 'none'; style-src 'self' file:; script-src 'self' file: " + hashSource(t.js) + rest

	names := make([]string, 0, len(src))
	for name := range src {
		names = append(names, name)
	}
	// Built-in files first, in name order, then added ones: a file added
	// by the repository may redefine a template the built-ins define.
	sort.Slice(names, func(i, j int) bool {
		bi, bj := slices.Contains(known, names[i]), slices.Contains(known, names[j])
		if bi != bj {
			return bi
		}
		return names[i] < names[j]
	})
	t.html = htmltemplate.New("").Funcs(htmlFuncs)
	t.md = texttemplate.New("").Funcs(mdFuncs)
	for _, name := range names {
		switch {
		case strings.HasSuffix(name, ".html.tmpl"):
			if _, err := t.html.New(name).Parse(src[name]); err != nil {
				return nil, t.fileErr(err)
			}
		case strings.HasSuffix(name, ".md.tmpl"):
			if _, err := t.md.New(name).Parse(src[name]); err != nil {
				return nil, t.fileErr(err)
			}
		}
	}
	if !lo.std {
		t.x = newTreeExec(t.html, htmlFuncs)
	}
	return t, nil
}

func quoted(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// hashSource is the CSP source that allows exactly the inline block s.
func hashSource(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// TemplateError is an error in a template, at its file and line.
type TemplateError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *TemplateError) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// The template packages name a template as "template: NAME:LINE:COL: ..."
// or "html/template:NAME:LINE:COL: ...".
var templateErrRE = regexp.MustCompile(`^(?:html/)?template: ?([^:\s]+):(\d+)(?::(\d+))?: (.*)$`)

// fileErr turns a template package's error into a TemplateError naming the
// template's file.
func (t *Templates) fileErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	m := templateErrRE.FindStringSubmatch(strings.TrimSpace(msg))
	if m == nil {
		return fmt.Errorf("template: %s", msg)
	}
	file, ok := t.files[m[1]]
	if !ok {
		file = m[1]
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return &TemplateError{File: file, Line: line, Col: col, Msg: m[4]}
}

// execHTML runs an HTML template into buf: with treeExec once
// html/template has run it (and escaped it), else, or when treeExec leaves
// it, with html/template.
func (t *Templates) execHTML(buf *bytes.Buffer, name string, data any) error {
	if t.x != nil && t.x.execute(buf, name, data) == nil {
		return nil
	}
	if err := t.html.ExecuteTemplate(buf, name, data); err != nil {
		return t.fileErr(err)
	}
	if t.x != nil {
		t.x.markReady(name)
	}
	return nil
}

// execHTMLTo is execHTML into a page written as it is rendered: the same
// bytes. When treeExec gives up after it wrote part of the page, the page
// is started again for html/template.
func (t *Templates) execHTMLTo(s *pageStream, name string, data any) error {
	if t.x != nil {
		t.prime(name)
		switch err := t.x.executeTo(s, name, data); err {
		case nil:
			return nil
		case errStreamed:
			if err := s.reset(); err != nil {
				return err
			}
		case errFallback:
		default:
			return err // the file's
		}
	}
	if err := t.html.ExecuteTemplate(s, name, data); err != nil {
		if s.err != nil {
			return s.err
		}
		return t.fileErr(err)
	}
	if t.x != nil {
		t.x.markReady(name)
	}
	return nil
}

// prime has html/template escape the template name without running it on
// a page's data, so that treeExec runs even the first page of it. An
// escaped tree is all treeExec compiles (markReady), and html/template
// escapes a template, and every one it calls, in every branch, before it
// runs it: run on nil data, it escapes, then stops at the first field.
// Without this, the first list page of 10,000 rows went through
// html/template, a third of the CPU of a rebuild after one title changed.
// An error of the escaping leaves the template to html/template, which
// reports it on the page's data.
func (t *Templates) prime(name string) {
	if _, ok := t.x.ready.Load(name); ok {
		return
	}
	var escape *htmltemplate.Error
	if err := t.html.ExecuteTemplate(io.Discard, name, nil); errors.As(err, &escape) {
		return
	}
	t.x.markReady(name)
}

// PageData is what every HTML template is given about its page, as .Page.
type PageData struct {
	// Title is the page's <title>.
	Title string
	// Root is the way from the page to the site's root: "", or "../" for a
	// page in a folder. A standalone report has "".
	Root string
	// Site is true for a page of a site (which has the site bar).
	Site bool
	// SiteTitle names the site.
	SiteTitle string
	// Nav names the page for the site bar: index, actions, tags, services
	// or coe.
	Nav string
	// CSS and Script are the stylesheet and script, to inline; CSP is the
	// Content-Security-Policy that allows exactly them. A site's pages
	// link Stylesheet, the site's style.css relative to the page, instead
	// of inlining CSS (which is then "").
	CSS        htmltemplate.CSS
	Stylesheet string
	Script     htmltemplate.JS
	CSP        string
	// Today is the date overdue actions are judged by (YYYY-MM-DD), or "".
	Today string
	// Source is the COE's file, for a report's footer, or "".
	Source string
	// Feed is the way to the public site's Atom feed (feed.xml), for the
	// head's link to it, or "".
	Feed string
}

// ReportData is what coe.html.tmpl and coe.md.tmpl are given.
type ReportData struct {
	Page *PageData
	R    *Report
}

func (t *Templates) page(title, root string, site, script bool) *PageData {
	p := &PageData{Title: title, Root: root, Site: site, CSS: htmltemplate.CSS(t.css), CSP: t.cspReport}
	if site {
		p.CSS, p.Stylesheet, p.CSP = "", root+StyleName, t.cspSite
	}
	if script {
		p.Script = htmltemplate.JS(t.js)
		p.CSP = t.cspSiteScript
	}
	return p
}

// Markdown writes c as a Markdown report.
func (t *Templates) Markdown(w io.Writer, c *coe.COE, o ReportOptions) error {
	var buf bytes.Buffer
	data := &ReportData{Page: &PageData{Title: c.Title, Today: o.Today.String()}, R: NewReport(c, o)}
	if err := t.md.ExecuteTemplate(&buf, TemplateCOEMarkdown, data); err != nil {
		return t.fileErr(err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// HTML writes c as a standalone HTML report: one file with its style
// inline, no script and no requests, that opens offline and from file://.
func (t *Templates) HTML(w io.Writer, c *coe.COE, o ReportOptions) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.reportHTML(buf, c, o, nil); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// reportHTML renders c's page; page, when not nil, is the site's.
func (t *Templates) reportHTML(w *bytes.Buffer, c *coe.COE, o ReportOptions, page *PageData) error {
	o.html = true
	if page == nil {
		page = t.page(pageTitle(c), "", false, false)
		page.Today, page.Source = o.Today.String(), o.Source
	}
	return t.execHTML(w, TemplateCOEHTML, &ReportData{Page: page, R: NewReport(c, o)})
}

// pageTitle is a COE page's <title>: its title, cut at a word to keep the
// whole under 70 characters (a browser tab shows less; the page's heading
// has it all).
func pageTitle(c *coe.COE) string {
	title := oneLine(c.Title)
	if title == "" {
		title = c.ID
	}
	return shorten(title+" · COE", 70, " · COE")
}

// shorten cuts s (which ends in suffix) at a space so that, as escaped in
// HTML, it is at most n characters, with an ellipsis before the suffix.
// (Validators count a title's characters as written, entities and all.)
// It reads at most about n runes of s past the width check: a title of a
// million characters costs no more than a short one.
func shorten(s string, n int, suffix string) string {
	if escapedWidth(s) <= n {
		return s
	}
	// The longest prefix of runes that leaves room for "…" and the suffix;
	// the width of escaped text is the sum of its runes' widths.
	room := n - escapedWidth("…"+suffix)
	var r []rune
	for _, c := range strings.TrimSuffix(s, suffix) {
		room -= runeWidth(c)
		if room < 0 {
			break
		}
		r = append(r, c)
	}
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-·") + "…" + suffix
}

// escapedWidth is the number of characters of s once escaped by
// html/template.
func escapedWidth(s string) int {
	w := 0
	for _, c := range s {
		w += runeWidth(c)
	}
	return w
}

// runeWidth is the number of characters c takes once escaped by
// html/template: "&amp;" for &, "&#34;" for ", U+FFFD for NUL.
func runeWidth(c rune) int {
	switch c {
	case '&', '\'', '"':
		return 5
	case '<', '>':
		return 4
	}
	return 1
}

var htmlFuncs = htmltemplate.FuncMap{
	"markdown":    MarkdownHTML,
	"inline":      InlineHTML,
	"question":    question,
	"join":        strings.Join,
	"lower":       strings.ToLower,
	"add":         func(a, b int) int { return a + b },
	"sub":         func(a, b int) int { return a - b },
	"plural":      plural,
	"trackerText": trackerText,
}

var mdFuncs = texttemplate.FuncMap{
	"text":        mdText,
	"texts":       func(list []string) string { return joinMap(list, mdText) },
	"linkTexts":   func(list []Link) string { return joinLinks(list) },
	"md":          mdBlock,
	"mdi":         mdInline,
	"cell":        mdCell,
	"url":         mdURL,
	"code":        mdCode,
	"indent":      indent,
	"indentRest":  indentRest,
	"question":    question,
	"join":        strings.Join,
	"lower":       strings.ToLower,
	"add":         func(a, b int) int { return a + b },
	"plural":      plural,
	"trackerText": trackerText,
}

func question(n int) (string, error) {
	if n < 1 || n > len(coe.Questions()) {
		return "", fmt.Errorf("question %d: there are questions 1 to %d", n, len(coe.Questions()))
	}
	return coe.Questions()[n-1].Text, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(int64(n)) + " " + many
}

// trackerText is how a tracker shows: a URL by its last path segment
// (https://tracker.example.com/GW-1502 as GW-1502), a ticket key as it is.
func trackerText(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	rest := strings.TrimRight(s[strings.Index(s, "://")+3:], "/")
	if i := strings.LastIndexByte(rest, '/'); i >= 0 && i+1 < len(rest) {
		return rest[i+1:]
	}
	return rest
}

func joinMap(list []string, f func(string) string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = f(s)
	}
	return strings.Join(out, ", ")
}

func joinLinks(list []Link) string {
	out := make([]string, len(list))
	for i, l := range list {
		out[i] = mdText(l.Text)
	}
	return strings.Join(out, ", ")
}

// indentRest indents every line of s but the first (a list item's
// continuation).
func indentRest(n int, s string) string {
	first, rest, ok := strings.Cut(s, "\n")
	if !ok {
		return s
	}
	return first + "\n" + indent(n, rest)
}
