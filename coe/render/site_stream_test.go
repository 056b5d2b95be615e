package render

import (
	"bytes"
	"encoding/json"
	htmltemplate "html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/coe/search"
)

// streamTo writes data to rel through a pageStream, in pieces of n bytes,
// and commits it.
func streamTo(t *testing.T, w *siteWriter, rel string, data []byte, n int) {
	t.Helper()
	s, err := w.stream(rel)
	if err != nil {
		t.Fatal(err)
	}
	for len(data) > 0 {
		k := min(n, len(data))
		if _, err := s.Write(data[:k]); err != nil {
			t.Fatal(err)
		}
		data = data[k:]
	}
	if err := s.commit(); err != nil {
		t.Fatal(err)
	}
}

// A page written as it is rendered is the bytes given; in a rebuild, a
// page that comes out the same is left alone (its time too), and one that
// differs anywhere (the middle, longer, shorter, empty) is written again.
func TestPageStream(t *testing.T) {
	dir := t.TempDir()
	root, err := safefs.OpenStrict(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	big := bytes.Repeat([]byte("0123456789abcdef"), 3*streamBuffer/16+7)
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		old, new  []byte
		unchanged bool
	}{
		{"new file", nil, big, false},
		{"same", big, big, true},
		{"same, empty", []byte{}, []byte{}, true},
		{"differs in the middle", big, append(append(bytes.Clone(big[:len(big)/2]), 'X'), big[len(big)/2+1:]...), false},
		{"differs in the last byte", big, append(bytes.Clone(big[:len(big)-1]), 'X'), false},
		{"longer", big[:len(big)-100], big, false},
		{"shorter", big, big[:len(big)-100], false},
		{"emptied", big, []byte{}, false},
	} {
		for _, piece := range []int{1000, streamBuffer, 3 * streamBuffer} {
			rel := "page.html"
			p := filepath.Join(dir, rel)
			os.Remove(p)
			if tc.old != nil {
				if err := os.WriteFile(p, tc.old, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(p, old, old); err != nil {
					t.Fatal(err)
				}
			}
			w := newSiteWriter(root, tc.old != nil)
			streamTo(t, w, rel, tc.new, piece)
			if err := w.close(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(p)
			if err != nil || !bytes.Equal(got, tc.new) {
				t.Errorf("%s (pieces of %d): the file holds %d bytes (%v), want the %d given", tc.name, piece, len(got), err, len(tc.new))
			}
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if kept := st.ModTime().Equal(old); kept != tc.unchanged || (w.unchanged.Load() == 1) != tc.unchanged {
				t.Errorf("%s (pieces of %d): left alone %v, counted unchanged %d; want %v", tc.name, piece, kept, w.unchanged.Load(), tc.unchanged)
			}
			if !w.written[rel] {
				t.Errorf("%s: not listed as written", tc.name)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("%s: %d files in the folder, want the page alone", tc.name, len(entries))
			}
		}
	}

	// A page started again (reset) holds only what was written after;
	// one aborted leaves the old file and no temporary one.
	p := filepath.Join(dir, "page.html")
	for _, rebuild := range []bool{false, true} {
		if err := os.WriteFile(p, big, 0o644); err != nil {
			t.Fatal(err)
		}
		w := newSiteWriter(root, rebuild)
		s, err := w.stream("page.html")
		if err != nil {
			t.Fatal(err)
		}
		s.Write(big[:2*streamBuffer])
		s.Write([]byte("spoilt"))
		if err := s.reset(); err != nil {
			t.Fatal(err)
		}
		s.Write([]byte("fresh"))
		if err := s.commit(); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(p); string(got) != "fresh" {
			t.Errorf("rebuild %v: after reset the page holds %d bytes, want %q", rebuild, len(got), "fresh")
		}
		s, err = w.stream("other.html")
		if err != nil {
			t.Fatal(err)
		}
		s.Write(big)
		s.abort()
		if _, err := os.Stat(filepath.Join(dir, "other.html")); err == nil {
			t.Errorf("rebuild %v: an aborted page was written", rebuild)
		}
		if _, err := w.stream("page.html"); err == nil || !strings.Contains(err.Error(), "two pages") {
			t.Errorf("rebuild %v: a page streamed twice: %v", rebuild, err)
		}
		w.close()
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("rebuild %v: %d files in the folder, want the page alone", rebuild, len(entries))
		}
	}
}

// When tree execution gives up after it wrote part of a page, the page is
// started again and html/template writes it whole: the bytes are
// html/template's.
func TestExecHTMLToFallback(t *testing.T) {
	set, err := htmltemplate.New("t").Funcs(htmlFuncs).Parse(`{{range .L}}<p>{{.}}</p>{{end}}{{.F}}`)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &Templates{html: set, x: newTreeExec(set, htmlFuncs)}
	data := struct {
		L []string
		F float64 // tree execution leaves floats to html/template
	}{L: strings.Split(strings.Repeat("a<b ", 3*streamBuffer/4), " "), F: 1.5}
	var want bytes.Buffer
	if err := set.Execute(&want, data); err != nil {
		t.Fatal(err)
	}
	tpl.x.markReady("t") // as execHTML does, once html/template has escaped it
	dir := t.TempDir()
	root, err := safefs.OpenStrict(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	w := newSiteWriter(root, false)
	s, err := w.stream("page.html")
	if err != nil {
		t.Fatal(err)
	}
	if err := tpl.execHTMLTo(s, "t", data); err != nil {
		t.Fatal(err)
	}
	if err := s.commit(); err != nil {
		t.Fatal(err)
	}
	if tpl.x.fallbacks.Load() != 1 {
		t.Errorf("%d fallbacks, want the one", tpl.x.fallbacks.Load())
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "page.html")); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("the page differs from html/template's:\n%s", firstDiff(want.String(), string(got)))
	}
}

// A site whose list pages are many times the stream's buffer is the same
// bytes with tree execution (written a piece at a time) and html/template,
// and a rebuild leaves every page of it alone.
func TestStreamedSiteSame(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 400 COEs, twice")
	}
	dir := t.TempDir()
	if err := corpus.WriteRepo(dir, 400); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "coes", "*.yaml"))
	if err != nil || len(files) != 400 {
		t.Fatalf("corpus: %d files, %v", len(files), err)
	}
	build := func(tpl *Templates, out string) (map[string][]byte, SiteResult) {
		res, err := BuildSite(SiteOptions{Out: out, Files: files, Templates: tpl, Today: today, Title: "Many", SourceDir: "coes"})
		if err != nil {
			t.Fatal(err)
		}
		return tree(t, out), res
	}
	fast := builtin(t)
	out := filepath.Join(t.TempDir(), "site")
	want, _ := build(slowTemplates(t), filepath.Join(t.TempDir(), "site"))
	got, _ := build(fast, out)
	if len(want["index.html"]) < 4*streamBuffer || len(want["actions.html"]) < 4*streamBuffer {
		t.Fatalf("index.html %d bytes, actions.html %d: want several times the buffer", len(want["index.html"]), len(want["actions.html"]))
	}
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s: streamed tree execution differs from html/template:\n%s", name, firstDiff(string(w), string(got[name])))
		}
	}
	if n := fast.x.fallbacks.Load(); n != 0 {
		t.Errorf("tree execution left %d pages to html/template", n)
	}
	_, res := build(fast, out)
	if !res.Rebuilt || res.Unchanged != res.Pages {
		t.Errorf("rebuild: %+v, want every page unchanged", res)
	}
}

// search.js, written a COE and a term at a time, is the bytes of
// encoding/json's Encoder on the whole data, titles that need escaping
// and all.
func TestSearchEncodeSame(t *testing.T) {
	const n = 300
	s := newSiteSearch(n + 1)
	for i := range n {
		c := corpus.COE(i)
		s.add(i, c.ID, c)
	}
	h := corpus.COE(n)
	h.Title = hostileText(" ") + " </script><!-- \u2028 & \"q\""
	s.add(n, "hostile", h)
	d, err := s.data()
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	want.WriteString("// coe build: the search index of index.html's search box (site.js reads it).\nwindow.coeSearchData = ")
	if err := json.NewEncoder(&want).Encode(d); err != nil {
		t.Fatal(err)
	}
	wantJS := append(bytes.TrimSuffix(want.Bytes(), []byte("\n")), ";\n"...)
	var got bytes.Buffer
	if err := d.encode(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), wantJS) {
		t.Errorf("search.js differs from encoding/json's:\n%s", firstDiff(string(wantJS), got.String()))
	}
}

// The summaries of a build keep one copy of each word their COEs share
// (tags and their links, severity, dates, owners, action ids), not one a
// COE: a large site keeps 100,000 of them.
func TestSummaryWordsShared(t *testing.T) {
	o := &SiteOptions{Today: today, words: new(coe.Interner)}
	var sums []siteCOE
	for i := range 2 {
		doc, err := coe.Parse("x.yaml", corpus.File(i), coe.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		c := &doc.COE
		if len(c.CorrectiveActions) == 0 || c.CorrectiveActions[0].Due.IsZero() {
			t.Fatal("the corpus's COE has no action with a due date")
		}
		c.Tags, c.Services, c.Severity = []string{strings.Clone("db")}, []string{strings.Clone("api")}, strings.Clone("sev2")
		c.CorrectiveActions[0].Owner, c.CorrectiveActions[0].Status = strings.Clone("alice"), ""
		c.CorrectiveActions[0].ID = strings.Clone("ca-1")
		sums = append(sums, summary(c, c.ID, o))
	}
	a, b := sums[0], sums[1]
	same := func(what, x, y string) {
		t.Helper()
		if x != y || unsafe.StringData(x) != unsafe.StringData(y) {
			t.Errorf("%s: %q and %q are two copies, want one", what, x, y)
		}
	}
	same("tag", a.row.Tags[0].Text, b.row.Tags[0].Text)
	same("tag link", a.row.Tags[0].Href, b.row.Tags[0].Href)
	same("service link", a.row.Services[0].Href, b.row.Services[0].Href)
	same("severity", a.row.Severity, b.row.Severity)
	same("figures' tag", a.entry.Tags[0], b.row.Tags[0].Text)
	same("owner", a.actions[0].Owner, b.actions[0].Owner)
	same("action id", a.actions[0].ID, b.actions[0].ID)
	same("figures' owner", a.entry.Actions[0].Owner, b.actions[0].Owner)
}

// The postings, encoded as the COEs come, are those of each term's list
// of (COE, counts) encoded whole.
func TestSearchPostingsSame(t *testing.T) {
	const n = 300
	s := newSiteSearch(n)
	for i := range n {
		if i%7 == 3 {
			continue // did not read
		}
		c := corpus.COE(i)
		s.add(i, c.ID, c)
	}
	d, err := s.data()
	if err != nil {
		t.Fatal(err)
	}
	type posting struct {
		doc    int
		counts [search.NumFields]uint32
	}
	want := map[string][]posting{}
	docs := 0
	for i := range s.docs {
		if s.docs[i] == nil {
			continue
		}
		doc, err := search.DecodeDoc(s.docs[i])
		if err != nil {
			t.Fatal(err)
		}
		for f := range doc.Fields {
			for k := 0; k < doc.Fields[f].NumTerms(); k++ {
				term, c := doc.Fields[f].Term(k)
				ps := want[term]
				if len(ps) == 0 || ps[len(ps)-1].doc != docs {
					ps = append(ps, posting{doc: docs})
				}
				ps[len(ps)-1].counts[f] = c
				want[term] = ps
			}
		}
		docs++
	}
	if len(d.Terms) != len(want) || len(d.Post) != len(want) {
		t.Fatalf("%d terms, %d postings; want %d", len(d.Terms), len(d.Post), len(want))
	}
	for i, term := range d.Terms {
		var b []byte
		last := 0
		for _, p := range want[term] {
			b = appendPosting(b, p.doc-last, &p.counts)
			last = p.doc
		}
		if d.Post[i] != string(b) {
			t.Fatalf("term %q: postings %q, want %q", term, d.Post[i], b)
		}
	}
}
