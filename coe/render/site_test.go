package render

import (
	"bytes"
	"html"
	htmltemplate "html/template"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

func exampleFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "coes", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatal("no examples")
	}
	return files
}

func buildExamples(t *testing.T, out string) SiteResult {
	t.Helper()
	var problems []error
	var progress atomic.Int64
	res, err := BuildSite(SiteOptions{Out: out, Files: exampleFiles(t), Templates: builtin(t), Today: today,
		Title: "Example COEs", SourceDir: "coes",
		Progress: func(done, total int) { progress.Add(1) },
		Problem:  func(err error) { problems = append(problems, err) }})
	if err != nil || len(problems) > 0 {
		t.Fatalf("build: %v %v", err, problems)
	}
	if int(progress.Load()) != len(exampleFiles(t)) {
		t.Errorf("progress called %d times, want once a COE", progress.Load())
	}
	return res
}

// tree reads every file of a folder.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var linkRE = regexp.MustCompile(`\shref="([^"]*)"`)

func TestBuildSite(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b", "deeper")
	res := buildExamples(t, a)
	if res.COEs != 5 || res.Failed != 0 {
		t.Errorf("result %+v", res)
	}
	buildExamples(t, b)
	ta, tb := tree(t, a), tree(t, b)
	pages := 0
	for name, data := range ta {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		// Every page links the one stylesheet (its link is checked below)
		// and inlines none.
		if bytes.Contains(data, []byte("<style")) || !bytes.Contains(data, []byte(`<link rel="stylesheet" href="`)) {
			t.Errorf("%s: the stylesheet is not linked, or inlined", name)
		}
	}
	if res.Pages != pages {
		t.Errorf("%d pages reported, %d written", res.Pages, pages)
	}
	if string(ta[StyleName]) != builtin(t).css {
		t.Errorf("%s is not the stylesheet", StyleName)
	}
	for _, want := range []string{"index.html", "actions.html", "tags/index.html", "services/index.html",
		"coes/2024-01-28-speaker-groups-stopped-playing.html", "tags/speakers.html", "services/status-page.html", SiteMarker, StyleName} {
		if ta[want] == nil {
			t.Errorf("no %s", want)
		}
	}
	// The same COEs give the same bytes, wherever the site is written.
	if len(ta) != len(tb) {
		t.Errorf("%d files, then %d", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	// Every link is relative and leads to a page of the site (and to an
	// element of it), or to the web.
	ids := map[string]bool{}
	idRE := regexp.MustCompile(`\sid="([^"]*)"`)
	for name, data := range ta {
		for _, m := range idRE.FindAllSubmatch(data, -1) {
			ids[name+"#"+string(m[1])] = true
		}
	}
	for name, data := range ta {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range linkRE.FindAllSubmatch(data, -1) {
			href := html.UnescapeString(string(m[1]))
			u, err := url.Parse(href)
			if err != nil {
				t.Errorf("%s: bad link %q", name, href)
				continue
			}
			if u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "mailto" || href == "data:," {
				continue
			}
			if u.Scheme != "" || strings.HasPrefix(href, "/") {
				t.Errorf("%s: link %q is not relative", name, href)
				continue
			}
			target := name
			if u.Path != "" {
				target = filepath.ToSlash(filepath.Join(filepath.Dir(name), u.Path))
			}
			if ta[target] == nil {
				t.Errorf("%s: link %q leads to no page (%s)", name, href, target)
			}
			if u.Fragment != "" && !ids[target+"#"+u.Fragment] {
				t.Errorf("%s: link %q leads to no element", name, href)
			}
		}
	}
	index := string(ta["index.html"])
	// Newest first.
	var order []int
	for _, id := range []string{"2025-12-02", "2025-08-18", "2025-03-11", "2024-06-14", "2024-01-28"} {
		order = append(order, strings.Index(index, `coes/`+id))
	}
	if !sort.IntsAreSorted(order) || order[0] < 0 {
		t.Errorf("index not newest first: %v", order)
	}
	// The filters, hidden until the script shows them, and the script,
	// allowed by the CSP's hash of it.
	for _, want := range []string{`id="filters" role="search" aria-label="Filter the COEs" hidden`, `<option>speakers</option>`,
		`<option>status-page</option>`, "<script>// coe", "script-src &#39;self&#39; file: &#39;sha256-"} {
		if !strings.Contains(index, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if strings.Contains(string(ta["coes/2024-01-28-speaker-groups-stopped-playing.html"]), "<script") {
		t.Error("a COE page has a script")
	}
}

func TestActionsPage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	buildExamples(t, out)
	page, err := os.ReadFile(filepath.Join(out, "actions.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	// Every open or in-progress action of every COE, and no other.
	open, proofs := 0, 0
	for _, f := range exampleFiles(t) {
		doc, err := coe.ReadFile(f, coe.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range doc.COE.CorrectiveActions {
			link := `coes/` + doc.COE.ID + `.html#` + a.ID + `"`
			if a.Open() {
				open++
				if !strings.Contains(s, link) {
					t.Errorf("open action %s of %s is missing", a.ID, doc.COE.ID)
				}
				// With what shows it partly done.
				for _, e := range a.Evidence {
					proofs++
					if want := `<code title="` + e + `">` + e[:min(len(e), ShortCommit)] + `</code>`; coe.IsCommitID(e) && !strings.Contains(s, want) {
						t.Errorf("open action %s of %s: evidence %s is missing", a.ID, doc.COE.ID, e)
					}
				}
			} else if strings.Contains(s, link) {
				t.Errorf("closed action %s of %s is listed", a.ID, doc.COE.ID)
			}
		}
	}
	if got := strings.Count(s, `<td class="due"`); got != open {
		t.Errorf("%d action rows, want %d", got, open)
	}
	if proofs == 0 {
		t.Error("no open action of the examples has evidence to show")
	}
	// Grouped by owner, in order; overdue ones marked.
	var owners []string
	for _, m := range regexp.MustCompile(`<h2 id="owner-[^"]*-h">([^ <]*)`).FindAllStringSubmatch(s, -1) {
		owners = append(owners, m[1])
	}
	if !sort.StringsAreSorted(owners) || len(owners) < 3 {
		t.Errorf("owners %q", owners)
	}
	if !strings.Contains(s, `2024-06-30<span class="sub overdue">overdue by 876 days</span>`) {
		t.Error("the overdue action of 2024-01-28 is not marked")
	}
}

func TestRebuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	// A first build with one more COE, tagged "removed".
	extra := filepath.Join(t.TempDir(), "2020-01-01-removed.yaml")
	if err := os.WriteFile(extra, []byte("version: 1\nid: 2020-01-01-removed\ntitle: Removed\nstatus: draft\nseverity: sev3\ntags: [removed]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildSite(SiteOptions{Out: out, Files: append(exampleFiles(t), extra), Templates: builtin(t), Today: today}); err != nil {
		t.Fatal(err)
	}
	buildExamples(t, out)
	// The pages of the COE and the tag that are gone go; files a user put
	// in the folder stay, pages among them.
	stale := []string{"coes/2020-01-01-removed.html", "tags/removed.html"}
	mine := []string{"CNAME", "coes/mine.html", "tags/notes.html"}
	for _, p := range stale {
		if _, err := os.Stat(filepath.Join(out, p)); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	for _, p := range mine {
		if err := os.WriteFile(filepath.Join(out, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A page that is as it would be is left alone (its time too); one
	// that is not is written again.
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	same, spoilt := filepath.Join(out, "index.html"), filepath.Join(out, "actions.html")
	want, _ := os.ReadFile(spoilt)
	if err := os.WriteFile(spoilt, append(bytes.Clone(want[:len(want)-1]), 'X'), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{same, spoilt} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	res := buildExamples(t, out)
	if !res.Rebuilt || res.Unchanged != res.Pages-1 {
		t.Errorf("rebuild: %+v, want every page but one unchanged", res)
	}
	if st, err := os.Stat(same); err != nil || !st.ModTime().Equal(old) {
		t.Errorf("an unchanged page was written again: %v", err)
	}
	if got, _ := os.ReadFile(spoilt); !bytes.Equal(got, want) {
		t.Error("a changed page was not written again")
	}
	for _, p := range mine {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("a file of the user's is gone: %v", err)
		}
	}
	// A folder coe did not write is not written into.
	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := BuildSite(SiteOptions{Out: foreign, Files: exampleFiles(t), Templates: builtin(t)})
	if err == nil || !strings.Contains(err.Error(), "is not empty and was not written by coe build") {
		t.Errorf("a foreign folder: %v", err)
	}
	if _, err := BuildSite(SiteOptions{Out: filepath.Join(foreign, "notes.txt"), Files: exampleFiles(t), Templates: builtin(t)}); err == nil {
		t.Error("a file as the output folder")
	}
}

// A file that does not read is reported and left out; the rest is built.
func TestBuildSiteProblems(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "2024-02-02-broken.yaml")
	if err := os.WriteFile(broken, []byte("version: 1\nid: 2024-02-02-broken\nstatus: draft\nseverity: sev3\ntitel: Oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var problems []string
	res, err := BuildSite(SiteOptions{Out: filepath.Join(dir, "site"), Files: append(exampleFiles(t), broken),
		Templates: builtin(t), Problem: func(err error) { problems = append(problems, err.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.COEs != 5 || res.Failed != 1 || len(problems) != 1 || !strings.Contains(problems[0], `unexpected key "titel"`) {
		t.Errorf("result %+v, problems %q", res, problems)
	}
	// A template that fails stops the build, naming its file and line.
	tplDir := writeFiles(t, map[string]string{"coe.html.tmpl": "<!DOCTYPE html>\n{{.R.Nope}}\n"})
	tpl, err := LoadTemplates(nil, tplDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = BuildSite(SiteOptions{Out: filepath.Join(dir, "site2"), Files: exampleFiles(t), Templates: tpl})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(tplDir, "coe.html.tmpl")+":2:") {
		t.Errorf("template error: %v", err)
	}
}

func TestPageSlug(t *testing.T) {
	seen := map[string]string{}
	for _, c := range []struct{ in, want string }{
		{"speakers", "speakers"},
		{"status-page", "status-page"},
		{"Outage", "outage_"},
		{"outage ", "outage_"},
		{"../../etc/passwd", "etc-passwd_"},
		{"<script>", "script_"},
		{"", "_"},
		{"日本", "_"},
		{"a--b", "a-b_"},
		{"index", "index_"},
	} {
		got := PageSlug(c.in)
		if !strings.HasPrefix(got, c.want) || (strings.HasSuffix(c.want, "_") && len(got) != len(c.want)+8) {
			t.Errorf("PageSlug(%q) = %q, want %q…", c.in, got, c.want)
		}
		if !regexp.MustCompile(`^[a-z0-9_-]+$`).MatchString(got) {
			t.Errorf("PageSlug(%q) = %q: not a safe file name", c.in, got)
		}
		if other, ok := seen[got]; ok {
			t.Errorf("PageSlug(%q) = PageSlug(%q) = %q", c.in, other, got)
		}
		seen[got] = c.in
	}
	if len(PageSlug(strings.Repeat("long tag ", 40))) > 80 {
		t.Error("a long tag makes a long file name")
	}
}

func TestRebase(t *testing.T) {
	in := `<tr><td><a href="coes/x.html">x</a> <a href="tags/a.html">a</a> <a href="https://e.com">e</a> <a href="#top">t</a> <a href="mailto:d@e.com">d</a></td></tr>`
	want := `<tr><td><a href="../coes/x.html">x</a> <a href="../tags/a.html">a</a> <a href="https://e.com">e</a> <a href="#top">t</a> <a href="mailto:d@e.com">d</a></td></tr>`
	if got := string(rebase(htmltemplate.HTML(in), "../")); got != want {
		t.Errorf("rebase\n got %s\nwant %s", got, want)
	}
}

// A tag or service named index has a page of its own, and the folder's
// list of them all stays the list.
func TestGroupNamedIndex(t *testing.T) {
	c := corpus.COE(1)
	c.Tags, c.Services = []string{"index", "other"}, []string{"index"}
	data, err := coe.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, c.ID+".yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "site")
	if _, err := BuildSite(SiteOptions{Out: out, Files: []string{path}, Templates: builtin(t), Today: today}); err != nil {
		t.Fatal(err)
	}
	site := tree(t, out)
	for _, g := range []struct{ dir, h1 string }{{"tags", "<h1>Tags</h1>"}, {"services", "<h1>Services</h1>"}} {
		list := string(site[g.dir+"/index.html"])
		if !strings.Contains(list, g.h1) {
			t.Errorf("%s/index.html is not the list of them", g.dir)
		}
		page := g.dir + "/" + PageSlug("index") + ".html"
		if !strings.Contains(string(site[page]), ": index</h1>") || !strings.Contains(list, `href="`+PageSlug("index")+`.html"`) {
			t.Errorf("%s: no page of its own for index, or the list does not link it", g.dir)
		}
	}
}
