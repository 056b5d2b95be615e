package render

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// internalMarkers are what a COE says for its team only: addresses,
// people, trackers, hosts, links to internal data, the whys.
var internalMarkers = []string{
	"10.20.30.40", "fe80::1ff:fe23:4567:890a", "oncall-kenji@corp.example.net", "@kenji-handle", "Kenji Tanaka",
	"PAY-123", "db1.corp.example.net", "grafana.corp.example.net", "/etc/payments/secret.conf",
	"WHY-MARKER", "NOTE-MARKER", "REVIEWER-MARKER",
}

// internalText holds every marker, with Markdown around some of them.
var internalText = strings.Join(internalMarkers, " ") + " [dashboard](https://grafana.corp.example.net/d/PAY-123) **10.20.30.40**"

// fillInternal sets every text of v, and of everything it holds, to s:
// each string, each list (given two entries when empty), each pointed-to
// value, but not the public section. New fields of the model are filled
// too, so the leak test keeps up with the format.
func fillInternal(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fillInternal(v.Elem(), s)
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		}
		for i := range v.Len() {
			fillInternal(v.Index(i), s)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && f.Type != reflect.TypeFor[*coe.Public]() {
				fillInternal(v.Field(i), s)
			}
		}
	}
}

// leakyCOE is an approved COE with internal markers in every field but
// its public section, which says nothing internal; every field a reader
// checks holds a valid value with a marker where the format allows one.
func leakyCOE() *coe.COE {
	c := &coe.COE{}
	fillInternal(reflect.ValueOf(c).Elem(), internalText)
	at := cst("2024-01-28T19:05:00-06:00")
	c.Version, c.ID, c.Status, c.Severity = 1, "2024-01-28-db1-corp-example-net-pay-123", coe.StatusApproved, "sev2"
	c.Authors, c.Reviewers, c.ApprovedBy = []string{"kenji-handle", "Kenji Tanaka"}, []string{"REVIEWER-MARKER"}, "REVIEWER-MARKER"
	c.SubmittedAt, c.ApprovedAt = at.Add(48*time.Hour), at.Add(96*time.Hour)
	c.Tags, c.Services = []string{"pay-123", "db1-corp"}, []string{"db1-corp-example-net"}
	c.ContributingFactors = []string{"pay-123-factor"}
	c.Related = []string{"2023-01-01-pay-123-db1-corp"}
	c.Incident = coe.Incident{StartedAt: at, DetectedAt: at.Add(35 * time.Minute), MitigatedAt: at.Add(2 * time.Hour), ResolvedAt: at.Add(155 * time.Minute)}
	for i := range c.Timeline {
		c.Timeline[i].At = at.Add(time.Duration(i) * time.Minute)
	}
	for i := range c.Reopened {
		c.Reopened[i].At = at.Add(time.Duration(i+1) * time.Hour)
	}
	c.Reopened = nil // an approved COE reopened is in review; the text is in the other fields
	for i := range c.SupportingData {
		c.SupportingData[i].Link = "https://grafana.corp.example.net/d/PAY-123?host=db1.corp.example.net"
	}
	c.RootCause.Whys = []string{"WHY-MARKER " + internalText, "WHY-MARKER 2"}
	for i := range c.CorrectiveActions {
		a := &c.CorrectiveActions[i]
		a.ID, a.Status, a.Priority, a.Owner = "CA-"+string(rune('1'+i)), coe.ActionOpen, "high", "kenji-handle"
		a.Due = coe.Date{Year: 2024, Month: 3, Day: 1}
		a.DoneAt = coe.Date{}
		a.Tracker = "PAY-123"
		a.Note = "NOTE-MARKER " + internalText
		a.Evidence = []string{"https://git.corp.example.net/PAY-123/10.20.30.40", "3f9c2a1b7d"}
	}
	c.Public = &coe.Public{
		Title:       "Music stopped on speaker groups",
		Summary:     "On the evening of January 28, music stopped on **speaker groups**. Single speakers kept playing.",
		Impact:      "Customers who play music on groups of speakers could not play it for about two and a half hours.",
		Changes:     "- We now test groups before every release.\n- Our support team can see such an outage at once.",
		Apology:     "We are sorry. You trusted us with your music, and we let you down.",
		PublishedAt: at.Add(5 * 24 * time.Hour),
	}
	return c
}

// leaks names the markers out finds (the id's own words, lower case, too).
func leaks(out string) []string {
	var found []string
	lower := strings.ToLower(out)
	for _, m := range append(internalMarkers, "db1-corp", "pay-123", "kenji", "tanaka", "corp.example") {
		if strings.Contains(out, m) || strings.Contains(lower, strings.ToLower(m)) {
			found = append(found, m)
		}
	}
	return found
}

// Nothing internal reaches a public output: not the Markdown, not the
// page, not a file of the public site, the feed included, though every
// field but the public section holds internal markers.
func TestPublicOutputsLeakNothing(t *testing.T) {
	c := leakyCOE()
	tpl := builtin(t)
	// The test is worth something only if the internal report shows them.
	var internal bytes.Buffer
	if err := tpl.HTML(&internal, c, ReportOptions{Today: today}); err != nil {
		t.Fatal(err)
	}
	if got := leaks(internal.String()); len(got) < len(internalMarkers) {
		t.Fatalf("the internal report shows only %q of the markers", got)
	}
	var md, page bytes.Buffer
	if err := tpl.PublicMarkdown(&md, c); err != nil {
		t.Fatal(err)
	}
	if err := tpl.PublicHTML(&page, c); err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{"render --format md": md.String(), "render --format html": page.String()}
	if !strings.Contains(md.String(), "Music stopped on speaker groups") || !strings.Contains(page.String(), "we let you down") {
		t.Fatal("the public version is not shown")
	}

	// The site reads the COE from its file, as coe build does.
	dir := t.TempDir()
	data, err := coe.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := coe.Parse("leaky.yaml", data, coe.ReadOptions{}); err != nil {
		t.Fatalf("the leaky COE does not read: %v", err)
	}
	if got := leaks(string(data)); len(got) < len(internalMarkers) {
		t.Fatalf("the file holds only %q of the markers", got)
	}
	file := filepath.Join(dir, c.ID+".yaml")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	res := buildPublic(t, out, []string{file}, "https://status.example.com/incidents")
	if res.COEs != 1 {
		t.Fatalf("built %+v", res)
	}
	files := siteFiles(t, out)
	if len(files) != 5 { // .coe-site, index.html, style.css, feed.xml, the page
		t.Errorf("files %q", sortedKeys(files))
	}
	for name, data := range files {
		outputs["build --public: "+name] = data
	}
	for name, out := range outputs {
		if got := leaks(out); len(got) > 0 {
			t.Errorf("%s shows %q", name, got)
		}
	}

	// The one thing of the COE's a public section takes when it leaves it
	// out is the title (documented): the check sees it.
	c.Public.Title = ""
	md.Reset()
	if err := tpl.PublicMarkdown(&md, c); err != nil {
		t.Fatal(err)
	}
	if got := leaks(md.String()); len(got) == 0 {
		t.Error("without a public title the COE's own shows, and the check does not see it")
	}
}
