package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// FuzzPublic renders the public version of a COE whose public section is
// the fuzzer's and whose every other field holds a marker the fuzzer
// shapes: the Markdown, the page and a feed entry must come out without
// a panic or an error, the page made of the templates' markup alone, the
// feed well-formed XML, and none of them may show the marker (unless the
// public section itself says it).
func FuzzPublic(f *testing.F) {
	f.Add("Music stopped", "On **Sunday** music stopped.", "Customers with groups.", "- We test groups.", "We are sorry.", "db1", int64(1706490300), int64(9300))
	f.Add("", "<script>alert(1)</script>", "[x](javascript:alert(1))", "# heading\n```\nfence", "\x00\x1b[2J\r\n\ufffe", "PAY 123", int64(-1), int64(-60))
	f.Add(hostileText(" "), hostileText("\n\n"), "", "", "", "", int64(0), int64(0))
	f.Add("t", "a & b < c ]]> \"q\"", "\xff\xfe", "", "", "kenji", int64(4102444800), int64(86400*400))
	tpl := builtin(f)
	f.Fuzz(func(t *testing.T, title, summary, impact, changes, apology, internal string, start, dur int64) {
		marker := "zqx" + strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return -1
		}, internal) + "xqz"
		c := &coe.COE{}
		fillInternal(reflect.ValueOf(c).Elem(), marker)
		c.Status = coe.StatusApproved
		c.Title = "The title" // a public section without one shows the COE's (documented)
		if start != 0 && start > -1e11 && start < 1e11 {
			c.Incident.StartedAt = time.Unix(start, 0).In(time.FixedZone("", int(start%50400)))
			if dur != 0 && dur > -1e10 && dur < 1e10 {
				c.Incident.ResolvedAt = c.Incident.StartedAt.Add(time.Duration(dur) * time.Second)
			}
		}
		c.Public = &coe.Public{Title: title, Summary: summary, Impact: impact, Changes: changes, Apology: apology, PublishedAt: c.Incident.StartedAt}
		var md, page bytes.Buffer
		err := tpl.PublicMarkdown(&md, c)
		if c.Public.IsZero() {
			if !errors.Is(err, ErrNoPublic) {
				t.Fatalf("an empty public section: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := tpl.PublicHTML(&page, c); err != nil {
			t.Fatal(err)
		}
		checkHTML(t, "public.html", page.Bytes(), tpl)
		p, err := NewPublicReport(c)
		if err != nil {
			t.Fatal(err)
		}
		p.Href = "coes/x.html"
		o := PublicSiteOptions{Templates: tpl, Title: "Incidents", BaseURL: "https://status.example.com"}
		var feed bytes.Buffer
		if err := o.writeFeed(&feed, []*publicCOE{{id: c.ID, when: entryTime(c), p: p}}); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&feed)
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the feed is not well-formed XML: %v\n%s", err, feed.String())
			}
		}
		said := strings.ToLower(title + summary + impact + changes + apology)
		if strings.Contains(said, marker) || len(marker) < 8 {
			return
		}
		for name, out := range map[string]string{"md": md.String(), "html": page.String(), "feed": feed.String()} {
			if strings.Contains(strings.ToLower(out), marker) {
				t.Fatalf("the %s shows the internal %q", name, marker)
			}
		}
	})
}
