package render

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// A site of an organisation's repository and its sources: a source's COE
// has its page in coes/<name>/, read with its source's severities; lists
// show it as <name>/<id> and link it from their depth; its page links the
// site from two levels down and its related COEs within its source; every
// relative link of every page leads to a page of the site.
func TestBuildSiteSources(t *testing.T) {
	top := t.TempDir()
	write := func(p, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc := func(id, sev, related string) string {
		return "version: 1\nid: " + id + "\ntitle: T " + id + "\nstatus: draft\nseverity: " + sev +
			"\nservices: [api]\nrelated: [" + related + "]\nincident:\n  started_at: " + id[:10] + "T10:00:00Z\n" +
			"corrective_actions:\n  - id: CA-1\n    action: Fix it.\n    owner: o\n    due: 2026-12-01\n"
	}
	org := filepath.Join(top, "org")
	write(filepath.Join(org, ".coe.yaml"), "sources: [teams/pay]\n")
	write(filepath.Join(org, "coes", "2025-01-01-a.yaml"), doc("2025-01-01-a", "sev1", "2025-01-02-b"))
	write(filepath.Join(org, "teams", "pay", ".coe.yaml"), "severities: [P1]\n")
	write(filepath.Join(org, "teams", "pay", "coes", "2025-01-01-a.yaml"), doc("2025-01-01-a", "P1", ""))
	write(filepath.Join(org, "teams", "pay", "coes", "2025-01-02-b.yaml"), doc("2025-01-02-b", "P1", "2025-01-01-a"))
	r, err := coe.OpenRepo(org)
	if err != nil {
		t.Fatal(err)
	}
	set, err := r.Set(true)
	if err != nil {
		t.Fatal(err)
	}
	all, err := set.Files()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	var srcs []*coe.Source
	for _, f := range all {
		files, srcs = append(files, f.Path), append(srcs, f.Source)
	}
	out := filepath.Join(top, "site")
	var problems []error
	res, err := BuildSite(SiteOptions{Out: out, Files: files, Sources: srcs, Read: r.ReadOptions(), Templates: builtin(t), Today: today,
		SourceDir: "coes", Severities: set.Severities(), BaseURL: "https://s.example",
		Problem: func(err error) { problems = append(problems, err) }})
	if err != nil || len(problems) > 0 || res.COEs != 3 || res.Failed != 0 {
		t.Fatalf("build: %+v %v %v", res, err, problems)
	}
	site := tree(t, out)
	var pages []string
	for p := range site {
		if strings.HasPrefix(p, "coes/") {
			pages = append(pages, p)
		}
	}
	slices.Sort(pages)
	if want := []string{"coes/2025-01-01-a.html", "coes/pay/2025-01-01-a.html", "coes/pay/2025-01-02-b.html"}; !slices.Equal(pages, want) {
		t.Fatalf("COE pages = %q, want %q", pages, want)
	}
	page := string(site["coes/pay/2025-01-02-b.html"])
	for _, want := range []string{`href="../../style.css"`, `href="../../index.html"`, `href="../../services/api.html"`,
		`<a href="2025-01-01-a.html">2025-01-01-a</a>`, `From <code>pay: coes/2025-01-02-b.yaml</code>`} {
		if !strings.Contains(page, want) {
			t.Errorf("a source's page has no %s", want)
		}
	}
	// The organisation's COE names a related id that only the source has:
	// no link, since a COE names its own repository's ids.
	if own := string(site["coes/2025-01-01-a.html"]); strings.Contains(own, `href="2025-01-02-b.html"`) || strings.Contains(own, `href="pay/`) {
		t.Errorf("the repository's own COE links a source's COE as its related")
	}
	index := string(site["index.html"])
	for _, want := range []string{`<a href="coes/pay/2025-01-02-b.html">T 2025-01-02-b</a> <span class="id">pay/2025-01-02-b</span>`,
		`<a href="coes/2025-01-01-a.html">T 2025-01-01-a</a> <span class="id">2025-01-01-a</span>`} {
		if !strings.Contains(index, want) {
			t.Errorf("index has no %s", want)
		}
	}
	if !strings.Contains(string(site["services/api.html"]), `href="../coes/pay/2025-01-01-a.html"`) {
		t.Error("the service page does not link a source's COE from its folder")
	}
	if !strings.Contains(string(site["actions.ics"]), "URL:https://s.example/coes/pay/2025-01-01-a.html#CA-1") {
		t.Error("the feed does not link a source's action")
	}
	// A source's severity ranks after the organisation's, in the union.
	if !strings.Contains(index, `<span class="badge sev rank-4">P1</span>`) {
		t.Error("a source's severity is not ranked in the union")
	}
	href := regexp.MustCompile(`(?:href|src)="([^"#?]*)`)
	for p, data := range site {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, m := range href.FindAllStringSubmatch(string(data), -1) {
			u := m[1]
			if u == "" || strings.Contains(u, ":") || strings.HasPrefix(u, "/") {
				continue
			}
			target := filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(p), u)))
			if _, ok := site[target]; !ok {
				t.Errorf("%s links %s, which the site does not have", p, u)
			}
		}
	}
}
