package render

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
	"github.com/coe-cli/coe/coe/search"
)

// decodePostings reads a term's postings as search.js does: COE number
// and its counts in title, labels and body.
func decodePostings(t *testing.T, s string) [][4]int {
	var nums []int
	v, shift := 0, 1
	for i := 0; i < len(s); i++ {
		if d := strings.IndexByte(endDigits, s[i]); d >= 0 {
			nums = append(nums, v+d*shift)
			v, shift = 0, 1
			continue
		}
		d := strings.IndexByte(contDigits, s[i])
		if d < 0 {
			t.Fatalf("postings %q: %q is no digit", s, s[i])
		}
		v += d * shift
		shift *= 32
	}
	var out [][4]int
	doc := 0
	for k := 0; k < len(nums); {
		head := nums[k]
		doc += head / 2
		p := [4]int{doc, 0, 0, nums[k+1]}
		k += 2
		if head%2 == 1 {
			p[1], p[2] = nums[k], nums[k+1]
			k += 2
		}
		out = append(out, p)
	}
	return out
}

// The site's search index holds every word of every COE, with its counts
// by field, as coe search's Docs do; the index page has the box, and its
// CSP lets it load the index.
func TestSiteSearch(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	buildExamples(t, out)
	files := tree(t, out)
	js := files[SearchName]
	const prefix = "window.coeSearchData = "
	at := bytes.Index(js, []byte(prefix))
	if at < 0 || !bytes.HasSuffix(js, []byte(";\n")) {
		t.Fatalf("search.js: %.200q", js)
	}
	var data searchData
	if err := json.Unmarshal(js[at+len(prefix):len(js)-2], &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Docs) != len(exampleFiles(t)) || len(data.Terms) != len(data.Post) || len(data.Terms) < 100 {
		t.Fatalf("%d COEs, %d terms, %d postings", len(data.Docs), len(data.Terms), len(data.Post))
	}
	// Every COE's terms and counts, read back from the postings, are its
	// Doc's.
	got := map[string]map[string][4]int{}
	for ti, term := range data.Terms {
		for _, p := range decodePostings(t, data.Post[ti]) {
			href := data.Docs[p[0]][0].(string)
			if got[href] == nil {
				got[href] = map[string][4]int{}
			}
			got[href][term] = p
		}
	}
	for _, f := range exampleFiles(t) {
		doc, err := coe.ReadFile(f, coe.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		key := strings.TrimSuffix(filepath.Base(f), ".yaml")
		d := search.Terms(key, &doc.COE)
		href := "coes/" + key + ".html"
		want := map[string][4]int{}
		for fi := range d.Fields {
			for k := 0; k < d.Fields[fi].NumTerms(); k++ {
				term, n := d.Fields[fi].Term(k)
				p := want[term]
				p[[3]int{1, 2, 3}[fi]] = int(n)
				want[term] = p
			}
		}
		for term, p := range want {
			g := got[href][term]
			if g[1] != p[1] || g[2] != p[2] || g[3] != p[3] {
				t.Errorf("%s: %q counted %v in search.js, want %v", key, term, g[1:], p[1:])
			}
		}
		if len(got[href]) != len(want) {
			t.Errorf("%s: %d terms in search.js, want %d", key, len(got[href]), len(want))
		}
	}
	index := string(files["index.html"])
	for _, s := range []string{`id="site-search"`, `id="site-search-results"`, "script-src &#39;self&#39; file: &#39;sha256-"} {
		if !strings.Contains(index, s) {
			t.Errorf("index.html has no %s", s)
		}
	}
}

// BenchmarkSiteSearch is search.js of 10,000 generated COEs: gathering
// their Docs (as BuildSite reads them) and writing the index; it reports
// its size a COE.
func BenchmarkSiteSearch(b *testing.B) {
	const n = 10000
	cs := make([]*coe.COE, n)
	coe.Parallel(n, func(i int) { cs[i] = corpus.COE(i) })
	for b.Loop() {
		s := newSiteSearch(n)
		coe.Parallel(n, func(i int) { s.add(i, cs[i].ID, cs[i]) })
		data, err := s.data()
		if err != nil {
			b.Fatal(err)
		}
		js, err := json.Marshal(data)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(js))/n, "bytes/COE")
	}
}
