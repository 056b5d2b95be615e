package render

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/mmcdole/gofeed"
)

// writeCOEs writes each COE to dir/coes/<id>.yaml and returns the files.
func writeCOEs(t *testing.T, dir string, coes ...*coe.COE) []string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "coes"), 0o755); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, c := range coes {
		data, err := coe.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "coes", c.ID+".yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return files
}

// publicSiteCOEs are COEs of every kind the public site sorts: published
// ones in an order that is not their files', and those it leaves out.
func publicSiteCOEs() []*coe.COE {
	a := publicFixture() // approved, published 2024-02-13
	b := publicFixture()
	b.ID, b.Status, b.ClosedAt = "2024-06-14-packages", coe.StatusClosed, cst("2024-10-07T09:15:00+02:00")
	b.ApprovedAt = cst("2024-07-19T15:45:00+02:00")
	b.Incident = coe.Incident{StartedAt: cst("2024-06-14T08:00:00+02:00"), MitigatedAt: cst("2024-06-15T10:00:00+02:00")}
	b.Public = &coe.Public{Title: "Packages shown as delivered", Summary: "Some packages were shown as delivered."} // no published_at: approved_at
	c := publicFixture()
	c.ID, c.Public.Title, c.Public.PublishedAt = "2023-03-01-older", "An older one", cst("2023-03-02T12:00:00Z")
	c.Incident = coe.Incident{StartedAt: cst("2023-03-01T10:00:00Z"), ResolvedAt: cst("2023-03-01T10:20:00Z")}
	draft := publicFixture()
	draft.ID, draft.Status, draft.Public.Title = "2025-01-01-draft", coe.StatusDraft, "A draft"
	review := publicFixture()
	review.ID, review.Status, review.Public.Title = "2025-02-01-review", coe.StatusReview, "In review"
	none := publicFixture()
	none.ID, none.Public = "2025-03-01-no-public", nil
	return []*coe.COE{c, a, draft, b, review, none}
}

func buildPublic(t *testing.T, out string, files []string, base string) PublicSiteResult {
	t.Helper()
	res, err := BuildPublicSite(PublicSiteOptions{Out: out, Files: files, Templates: builtin(t), BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// siteFiles reads every file of a built site.
func siteFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBuildPublicSite(t *testing.T) {
	dir := t.TempDir()
	files := writeCOEs(t, dir, publicSiteCOEs()...)
	out := filepath.Join(dir, "public")
	res := buildPublic(t, out, files, "https://status.example.com/incidents")
	if res.COEs != 3 || res.Pages != 4 || res.Failed != 0 || res.Feed != "feed.xml" || res.Rebuilt {
		t.Fatalf("result %+v", res)
	}
	got := siteFiles(t, out)
	want := []string{".coe-site", "coes/2023-03-01-an-older-one.html", "coes/2024-01-28-speaker-groups-stopped-playing.html",
		"coes/2024-06-14-packages-shown-as-delivered.html", "feed.xml", "index.html", "style.css"}
	if strings.Join(sortedKeys(got), " ") != strings.Join(want, " ") {
		t.Fatalf("files %q, want %q", sortedKeys(got), want)
	}
	index := got["index.html"]
	// Newest published first: packages (approved 2024-07-19), speakers
	// (published 2024-02-13), the older one.
	i1 := strings.Index(index, `href="coes/2024-06-14-packages-shown-as-delivered.html"`)
	i2 := strings.Index(index, `href="coes/2024-01-28-speaker-groups-stopped-playing.html"`)
	i3 := strings.Index(index, `href="coes/2023-03-01-an-older-one.html"`)
	if i1 < 0 || i2 < i1 || i3 < i2 {
		t.Errorf("index order: %d %d %d", i1, i2, i3)
	}
	for _, not := range []string{"A draft", "In review", "no-public", "2025-03-01", "href=\"/", "<script"} {
		for name, data := range got {
			if strings.Contains(data, not) {
				t.Errorf("%s has %q", name, not)
			}
		}
	}
	for name, data := range got {
		if strings.HasSuffix(name, ".html") {
			checkHTML(t, name, []byte(data), builtin(t))
			if !strings.Contains(data, `content="default-src &#39;none&#39;; style-src &#39;self&#39; file:; img-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;"`) {
				t.Errorf("%s: not the site's Content-Security-Policy", name)
			}
		}
	}
	page := got["coes/2024-06-14-packages-shown-as-delivered.html"]
	for _, want := range []string{`<link rel="stylesheet" href="../style.css">`, `<link rel="alternate" type="application/atom+xml" href="../feed.xml">`,
		`<a class="home" href="../index.html">Incident reports</a>`, "<dt>Service restored</dt>", "<dd>1 day 2 hours</dd>",
		`<time datetime="2024-07-19">July 19, 2024</time>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %q", want)
		}
	}
	if !strings.HasPrefix(got[".coe-site"], publicMarkerText) {
		t.Errorf("the manifest is not a public site's: %q", got[".coe-site"])
	}

	// The same COEs give the same bytes; a rebuild leaves them as they
	// are, and removes the page of a COE no longer published.
	again := filepath.Join(dir, "again")
	buildPublic(t, again, files, "https://status.example.com/incidents")
	for name, data := range siteFiles(t, again) {
		if got[name] != data {
			t.Errorf("%s differs between two builds", name)
		}
	}
	res = buildPublic(t, out, files[:2], "https://status.example.com/incidents")
	if !res.Rebuilt || res.COEs != 2 || res.Unchanged != 2 { // both pages; the index changed
		t.Errorf("rebuild: %+v", res)
	}
	if _, err := os.Stat(filepath.Join(out, "coes/2024-06-14-packages-shown-as-delivered.html")); !os.IsNotExist(err) {
		t.Errorf("the page of a COE no longer given is still there: %v", err)
	}

	// Without a base URL there is no feed, and no link to one.
	res = buildPublic(t, out, files, "")
	if res.Feed != "" {
		t.Errorf("feed %q without a base URL", res.Feed)
	}
	for name, data := range siteFiles(t, out) {
		if name == "feed.xml" || strings.Contains(data, "feed.xml") {
			t.Errorf("without a base URL, %s names the feed", name)
		}
	}
}

// A public build refuses an internal site's folder and an internal build a
// public site's: neither may publish into the other's.
func TestPublicAndInternalSitesKeepApart(t *testing.T) {
	dir := t.TempDir()
	files := writeCOEs(t, dir, publicSiteCOEs()...)
	internal, public := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	if _, err := BuildSite(SiteOptions{Out: internal, Files: files, Templates: builtin(t), Today: today}); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildPublicSite(PublicSiteOptions{Out: internal, Files: files, Templates: builtin(t)}); err == nil || !strings.Contains(err.Error(), "holds an internal site") {
		t.Errorf("public build into an internal site: %v", err)
	}
	buildPublic(t, public, files, "")
	if _, err := BuildSite(SiteOptions{Out: public, Files: files, Templates: builtin(t), Today: today}); err == nil || !strings.Contains(err.Error(), "holds a public site") {
		t.Errorf("internal build into a public site: %v", err)
	}
	if _, err := os.Stat(filepath.Join(public, "actions.html")); !os.IsNotExist(err) {
		t.Error("the internal build wrote into the public site")
	}
}

// Two published COEs whose public titles give one page name: the one
// published first keeps it, the other's gets a part of a hash (not its id).
func TestPublicPageNames(t *testing.T) {
	dir := t.TempDir()
	a, b := publicFixture(), publicFixture()
	b.ID, b.Public.PublishedAt = "2024-01-28-speaker-groups-again", b.Public.PublishedAt.Add(time.Hour)
	c := publicFixture()
	c.ID, c.Public.Title, c.Incident.StartedAt = "2024-01-29-a", "Ünïcode — “only” ☃", time.Time{}
	long := publicFixture()
	long.ID, long.Public.Title = "2024-01-30-long", strings.Repeat("very long title words ", 20)
	files := writeCOEs(t, dir, b, a, c, long)
	out := filepath.Join(dir, "out")
	buildPublic(t, out, files, "")
	got := siteFiles(t, out)
	first := "coes/2024-01-28-speaker-groups-stopped-playing.html"
	second := "coes/2024-01-28-speaker-groups-stopped-playing-" + idHash(b.ID)[:8] + ".html"
	for _, want := range []string{first, second, "coes/2024-01-29-unicode-only.html"} {
		if _, ok := got[want]; !ok {
			t.Errorf("no %s in %q", want, sortedKeys(got))
		}
	}
	for name := range got {
		if strings.Contains(name, "again") || len(name) > len("coes/")+maxPageName+len(".html") {
			t.Errorf("page name %q", name)
		}
	}
	if !strings.Contains(got[first], "2024-02-13") {
		t.Error("the first published did not keep the name")
	}
}

// The feed, read by a real feed parser: the site's title and links, each
// entry's id, title, dates, link and text, and nothing of the COEs left
// out.
func TestPublicFeedParses(t *testing.T) {
	dir := t.TempDir()
	coes := publicSiteCOEs()
	coes[1].Public.Summary = "Speaker groups **stopped** <script>alert(1)</script> & more \x01"
	files := writeCOEs(t, dir, coes...)
	out := filepath.Join(dir, "public")
	buildPublic(t, out, files, "https://status.example.com/incidents")
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(data))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, data)
	}
	if feed.FeedType != "atom" || feed.Title != "Incident reports" || feed.Link != "https://status.example.com/incidents/" ||
		feed.FeedLink != "https://status.example.com/incidents/feed.xml" {
		t.Errorf("feed %q %q link %q self %q", feed.FeedType, feed.Title, feed.Link, feed.FeedLink)
	}
	if feed.UpdatedParsed == nil || !feed.UpdatedParsed.Equal(cst("2024-07-19T15:45:00+02:00")) {
		t.Errorf("feed updated %v, want the newest entry's", feed.Updated)
	}
	type entry struct{ id, title, link, published string }
	want := []entry{
		{"tag:status.example.com,2024-06-14:coe-" + idHash("2024-06-14-packages")[:16], "Packages shown as delivered",
			"https://status.example.com/incidents/coes/2024-06-14-packages-shown-as-delivered.html", "2024-07-19T15:45:00+02:00"},
		{"tag:status.example.com,2024-01-28:coe-" + idHash("2024-01-28-speaker-groups")[:16], "Speaker groups stopped playing",
			"https://status.example.com/incidents/coes/2024-01-28-speaker-groups-stopped-playing.html", "2024-02-13T10:00:00-06:00"},
		{"tag:status.example.com,2023-03-01:coe-" + idHash("2023-03-01-older")[:16], "An older one",
			"https://status.example.com/incidents/coes/2023-03-01-an-older-one.html", "2023-03-02T12:00:00Z"},
	}
	if len(feed.Items) != len(want) {
		t.Fatalf("%d entries, want %d", len(feed.Items), len(want))
	}
	for i, it := range feed.Items {
		w := want[i]
		if it.GUID != w.id || it.Title != w.title || it.Link != w.link {
			t.Errorf("entry %d: id %q title %q link %q, want %+v", i, it.GUID, it.Title, it.Link, w)
		}
		p := cst(w.published)
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(p) || it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(p) {
			t.Errorf("entry %d: published %q updated %q, want %s", i, it.Published, it.Updated, w.published)
		}
		if !strings.Contains(it.Content, "<h2>What happened</h2>") {
			t.Errorf("entry %d: content %q", i, it.Content)
		}
	}
	sp := feed.Items[1]
	if !strings.Contains(sp.Description, "<strong>stopped</strong> &lt;script&gt;alert(1)&lt;/script&gt; &amp; more") ||
		strings.Contains(sp.Content, "<script") || !strings.Contains(sp.Content, "<dt>Duration</dt><dd>2 hours 5 minutes</dd>") {
		t.Errorf("entry text: summary %q content %q", sp.Description, sp.Content)
	}
	for _, not := range []string{"2024-01-28-speaker-groups<", "A draft", "In review"} {
		if strings.Contains(string(data), not) {
			t.Errorf("the feed has %q", not)
		}
	}
}

// An empty public site still has a valid feed, dated the same whatever
// the day.
func TestPublicFeedEmpty(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	buildPublic(t, out, nil, "https://status.example.com")
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(data))
	if err != nil || len(feed.Items) != 0 || feed.Updated != "1970-01-01T00:00:00Z" || feed.Link != "https://status.example.com/" {
		t.Errorf("empty feed: %v %+v", err, feed)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(index, []byte("No incident reports are published yet.")) {
		t.Error("the empty index does not say so")
	}
}

func TestEntryID(t *testing.T) {
	when := cst("2024-02-13T10:00:00-06:00")
	h := idHash("2024-01-28-x")[:16]
	for _, tt := range []struct{ site, host, id, want string }{
		{"https://status.example.com", "status.example.com", "2024-01-28-x", "tag:status.example.com,2024-01-28:coe-" + h},
		{"https://status.example.com", "status.example.com", "not-an-id", "tag:status.example.com,2024-02-13:coe-" + idHash("not-an-id")[:16]},
		{"http://127.0.0.1:8080/x", "127.0.0.1", "2024-01-28-x", "http://127.0.0.1:8080/x/#coe-" + h},
		{"http://[::1]/x", "::1", "2024-01-28-x", "http://[::1]/x/#coe-" + h},
	} {
		if got := entryID(tt.site, tt.host, tt.id, when); got != tt.want {
			t.Errorf("entryID(%q, %q) = %q, want %q", tt.site, tt.id, got, tt.want)
		}
	}
}

func TestXMLText(t *testing.T) {
	for in, want := range map[string]string{
		`a & b < c > "d" 'e'`: `a &amp; b &lt; c &gt; &quot;d&quot; 'e'`,
		"tab\tline\nret\r":    "tab\tline\nret&#xD;",
		"\x00\x01\x1b\x7f":    "\ufffd\ufffd\ufffd\x7f",
		"\xff\ufffe\uffff😀":   "\ufffd\ufffd\ufffd😀",
	} {
		if got := xmlText(in); got != want {
			t.Errorf("xmlText(%q) = %q, want %q", in, got, want)
		}
	}
}
