package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The site has actions.ics beside actions.html, which links to it: one
// event an open action with a due date, links only with a base URL, listed
// in the manifest, the same bytes from one build to the next.
func TestSiteActionsFeed(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	buildExamples(t, out)
	files := tree(t, out)
	feed := files[ActionsFeed]
	if feed == nil {
		t.Fatalf("no %s", ActionsFeed)
	}
	if !bytes.HasPrefix(feed, []byte("BEGIN:VCALENDAR\r\n")) || !bytes.HasSuffix(feed, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("%s is not an iCalendar file:\n%s", ActionsFeed, feed)
	}
	// The examples' open actions with a due date, as coe actions lists them.
	if n := bytes.Count(feed, []byte("BEGIN:VEVENT\r\n")); n != 6 {
		t.Errorf("%d events; want 6", n)
	}
	if !bytes.Contains(feed, []byte("UID:2024-01-28-speaker-groups-stopped-playing.CA-4@coe\r\n")) ||
		!bytes.Contains(feed, []byte("DTSTART;VALUE=DATE:20240630\r\n")) {
		t.Errorf("no event for CA-4 of the speaker groups COE:\n%s", feed)
	}
	if bytes.Contains(feed, []byte("\r\nURL:")) || bytes.Contains(feed, []byte("Page: ")) {
		t.Errorf("without a base URL, the feed links somewhere:\n%s", feed)
	}
	if !bytes.Contains(files["actions.html"], []byte(`<a href="actions.ics" type="text/calendar">Subscribe to due dates (iCalendar)</a>`)) {
		t.Errorf("actions.html does not link the feed")
	}
	if !strings.Contains(string(files[SiteMarker]), "\n"+ActionsFeed+"\n") {
		t.Errorf("the manifest does not list %s:\n%s", ActionsFeed, files[SiteMarker])
	}

	// A rebuild with a base URL: the events link to the actions' pages.
	_, err := BuildSite(SiteOptions{Out: out, Files: exampleFiles(t), Templates: builtin(t), Today: today,
		Title: "Example COEs", BaseURL: "https://coes.example/site"})
	if err != nil {
		t.Fatal(err)
	}
	linked, err := os.ReadFile(filepath.Join(out, ActionsFeed))
	if err != nil {
		t.Fatal(err)
	}
	unfolded := bytes.ReplaceAll(linked, []byte("\r\n "), nil)
	if !bytes.Contains(unfolded, []byte("\r\nURL:https://coes.example/site/coes/2024-01-28-speaker-groups-stopped-playing.html#CA-4\r\n")) {
		t.Errorf("with a base URL, no link to the action's page:\n%s", linked)
	}
	if bytes.Contains(files["actions.html"], []byte("coes.example")) {
		t.Errorf("the base URL reached a page")
	}
}
