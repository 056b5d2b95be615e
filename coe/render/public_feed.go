package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// noEntries is the feed's updated when it has no entry: a fixed time, as
// the feed must not depend on the day it is built.
var noEntries = time.Unix(0, 0).UTC()

// writeFeed writes the Atom feed of the published COEs in list (newest
// first), with absolute links from o.BaseURL:
//
//   - the feed's id is the site's address (BaseURL/), its title the
//     site's, its author the site (no person is named), its updated the
//     newest entry's (1970-01-01T00:00:00Z without one), so the same COEs
//     give the same bytes;
//   - an entry's id is a tag: URI of the site's host, the day in the COE's
//     id and a hash of that id (tag:status.example.com,2024-01-28:coe-
//     9f86d081884c7d65): it stays when the public title, and so the page's
//     address, changes, and does not show the id, which is made from the
//     internal title;
//   - its updated and published are when the public version came out
//     (published_at, else approved_at, else closed_at; see entryTime);
//   - its link is the page's address, its summary the public summary and
//     its content the page's text, both as HTML (escaped in the XML).
func (o *PublicSiteOptions) writeFeed(w io.Writer, list []*publicCOE) error {
	site := o.BaseURL + "/"
	host := ""
	if u, err := url.Parse(o.BaseURL); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	newest := noEntries
	for i, pc := range list {
		if i == 0 || pc.when.After(newest) {
			newest = pc.when
		}
	}
	var b strings.Builder
	title := xmlText(oneLine(o.Title))
	b.WriteString(xml.Header)
	b.WriteString("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
	fmt.Fprintf(&b, "  <title type=\"text\">%s</title>\n", title)
	fmt.Fprintf(&b, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"%s\"/>\n", xmlText(site+PublicFeed))
	fmt.Fprintf(&b, "  <link rel=\"alternate\" type=\"text/html\" href=\"%s\"/>\n", xmlText(site))
	fmt.Fprintf(&b, "  <id>%s</id>\n", xmlText(site))
	fmt.Fprintf(&b, "  <updated>%s</updated>\n", atomTime(newest))
	fmt.Fprintf(&b, "  <author><name>%s</name></author>\n", title)
	b.WriteString("  <generator>coe</generator>\n")
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	for _, pc := range list {
		page := xmlText(site + pc.p.Href)
		when := atomTime(pc.when)
		content, err := o.Templates.fragment(buf, "public-entry", pc.p)
		if err != nil {
			return err
		}
		b.WriteString("  <entry>\n")
		fmt.Fprintf(&b, "    <title type=\"text\">%s</title>\n", xmlText(pc.p.Title))
		fmt.Fprintf(&b, "    <link rel=\"alternate\" type=\"text/html\" href=\"%s\"/>\n", page)
		fmt.Fprintf(&b, "    <id>%s</id>\n", xmlText(entryID(o.BaseURL, host, pc.id, pc.when)))
		fmt.Fprintf(&b, "    <published>%s</published>\n", when)
		fmt.Fprintf(&b, "    <updated>%s</updated>\n", when)
		if pc.p.Summary != "" {
			fmt.Fprintf(&b, "    <summary type=\"html\" xml:base=\"%s\">%s</summary>\n", page, xmlText(strings.TrimSpace(string(MarkdownHTML(pc.p.Summary)))))
		}
		fmt.Fprintf(&b, "    <content type=\"html\" xml:base=\"%s\">%s</content>\n", page, xmlText(strings.TrimSpace(string(content))))
		b.WriteString("  </entry>\n")
	}
	b.WriteString("</feed>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// xmlText escapes s for XML text and attribute values in double quotes:
// &, <, > and " as entities, and what XML 1.0 cannot carry (control
// characters other than tab and line breaks, U+FFFE, U+FFFF, invalid
// UTF-8) as U+FFFD. A carriage return is kept as &#xD; (a parser would
// make a line break of it).
func xmlText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == utf8.RuneError && n == 1, !xmlChar(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r (its Char production).
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// atomTime is t as an Atom date (RFC 3339, to the second, in its own
// offset).
func atomTime(t time.Time) string { return t.Format(time.RFC3339) }

// entryID is the Atom id of a published COE's entry (see writeFeed). A
// host that is an IP address is no tag: authority; the entry's id is then
// the site's address with the hash as its fragment.
func entryID(site, host, id string, when time.Time) string {
	h := idHash(id)[:16]
	if host == "" || net.ParseIP(host) != nil {
		return site + "/#coe-" + h
	}
	day := when.Format("2006-01-02")
	if len(id) >= 10 {
		if _, err := time.Parse("2006-01-02", id[:10]); err == nil {
			day = id[:10]
		}
	}
	return "tag:" + host + "," + day + ":coe-" + h
}

// idHash is the hex SHA-256 of a COE's id, for what must stay the same
// for a COE without showing its id: its entry's id in the feed, and its
// page's name when its title is taken.
func idHash(id string) string {
	sum := sha256.Sum256([]byte("coe public\x00" + id))
	return hex.EncodeToString(sum[:])
}
