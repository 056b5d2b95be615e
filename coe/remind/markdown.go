package remind

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
)

// actionRunes is how much of an action's text the digest shows, in
// characters: about one line of a chat window.
const actionRunes = 120

// Digest writes the open actions that are overdue or due within o.Within
// days of o.AsOf as GitHub-flavoured Markdown, grouped by owner, to paste
// into chat, an issue or an e-mail. Owners with overdue actions come first
// (each group by name, case aside; actions without an owner first); within
// an owner, the overdue actions come first, most late first, then those
// due soon, soonest first. Actions without a due date are left out. Each
// shows its id, its text cut to one line, its due date and how late or
// how soon, and under it its COE's id and title, priority, status and
// tracker. Every text from a COE is escaped (see MarkdownText).
//
// It returns how many actions it listed, and writes nothing when none
// is due.
func Digest(w io.Writer, acts []Action, o Options) (int, error) {
	return DigestOf(w, Refs(acts), o)
}

// DigestOf is Digest of actions held by pointer (CollectRefs).
func DigestOf(w io.Writer, acts []*Action, o Options) (int, error) {
	due := pick(acts, func(a *Action) bool { return DueWithin(a, o.AsOf, o.Within) })
	if len(due) == 0 {
		return 0, nil
	}

	type group struct {
		key, owner string
		acts       []*Action
		late, soon int
	}
	var groups []*group
	byKey := map[string]*group{}
	late := 0
	for _, a := range due {
		key := strings.ToLower(a.Owner)
		g := byKey[key]
		if g == nil {
			g = &group{key: key, owner: a.Owner}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.acts = append(g.acts, a)
		if a.Late(o.AsOf) > 0 {
			g.late++
			late++
		} else {
			g.soon++
		}
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		switch {
		case (a.late > 0) != (b.late > 0):
			if a.late > 0 {
				return -1
			}
			return 1
		case a.key != b.key:
			return strings.Compare(a.key, b.key)
		}
		return strings.Compare(a.owner, b.owner)
	})

	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "**Corrective actions as of %s:** %s, %s, for %s.\n",
		o.AsOf, counted(late, "overdue", "nothing overdue"), counted(len(due)-late, soonPhrase(o.Within), "nothing else "+soonPhrase(o.Within)), plural(len(groups), "owner"))
	for _, g := range groups {
		owner := "No owner"
		if g.owner != "" {
			owner = MarkdownText(g.owner)
		}
		var counts []string
		if g.late > 0 {
			counts = append(counts, fmt.Sprintf("%d overdue", g.late))
		}
		if g.soon > 0 {
			counts = append(counts, fmt.Sprintf("%d due soon", g.soon))
		}
		fmt.Fprintf(bw, "\n### %s (%s)\n\n", owner, strings.Join(counts, ", "))
		for _, a := range g.acts {
			digestItem(bw, a, o)
		}
	}
	return len(due), bw.Flush()
}

// digestItem writes one action as a list item of two lines.
func digestItem(w *bufio.Writer, a *Action, o Options) {
	id := a.ID
	if id == "" {
		id = "action"
	}
	var when string
	if n := a.Late(o.AsOf); n > 0 {
		when = fmt.Sprintf("**%s late** (due %s)", plural(n, "day"), a.Due)
	} else {
		switch n := o.AsOf.DaysTo(a.Due); n {
		case 0:
			when = "due today"
		case 1:
			when = "due tomorrow"
		default:
			when = "due in " + plural(n, "day")
		}
		when += " (" + a.Due.String() + ")"
	}
	fmt.Fprintf(w, "- **%s** %s: %s\n", MarkdownText(id), when, MarkdownText(cut(a.Action, actionRunes)))

	ref := a.COE
	if ref == "" {
		ref = a.File // a COE without an id: its file's name
	}
	ref = MarkdownText(ref)
	if u := PageURL(o.SiteURL, a.File, a.ID); u != "" && ref != "" {
		ref = "[" + ref + "](" + u + ")"
	}
	line := []string{"COE " + ref}
	if t := MarkdownText(a.COETitle); t != "" {
		line[0] += ": " + t
	}
	if a.Priority != "" {
		line = append(line, MarkdownText(a.Priority)+" priority")
	}
	if a.Status == coe.ActionInProgress {
		line = append(line, "in progress")
	}
	if a.Tracker != "" {
		line = append(line, "tracker "+trackerMarkdown(a.Tracker))
	}
	fmt.Fprintf(w, "  %s\n", strings.Join(line, " · "))
}

// soonPhrase says what "due soon" means for a look-ahead of n days.
func soonPhrase(n int) string {
	if n == 0 {
		return "due today"
	}
	return "due within " + plural(n, "day")
}

func counted(n int, what, none string) string {
	if n == 0 {
		return none
	}
	return fmt.Sprintf("%d %s", n, what)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// cut returns s on one line, cut to at most n characters with an ellipsis.
func cut(s string, n int) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return strings.TrimRight(s[:i], " ") + "…"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// trackerMarkdown shows a tracker: a link when it is a plain http(s) URL
// (written as an autolink, so the address is what the reader sees), else
// the text it is.
func trackerMarkdown(s string) string {
	if u := plainURL(s); u != "" {
		return "<" + u + ">"
	}
	return MarkdownText(s)
}

// plainURL returns s when it is an absolute http(s) URL with a host, made
// of printable ASCII without spaces, quotes, angle brackets or
// backslashes (what an autolink and an iCalendar URI can carry as they
// are), and "" otherwise.
func plainURL(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("<>\"\\`", c) >= 0 {
			return ""
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") {
		return ""
	}
	return s
}

// MarkdownText makes a text from a COE (a title, an owner, an action) show
// in GitHub-flavoured Markdown as the text it is, on one line: runs of
// white space (line breaks too) become one space, control characters show
// as ^X (as coe.ShowControls shows them), and a backslash goes before
// every character that could start markup: emphasis, code, links and
// images, raw HTML and autolinks (\ ` * _ [ ] < > | ~ & $ @), the ":" of
// "://" and the "." of "www." (GitHub links bare URLs), and what would
// open a block at the start of a line (# + - = and "1." or "1)"). An
// underscore between two ASCII letters or digits stays as it is
// (snake_case), since it cannot make emphasis there.
//
// The result is plain text in any inline place: a paragraph, a list item,
// a heading, a table cell or a link's text. Escaping is per character, so
// the result is at most twice as long as its input (plus the caret forms).
func MarkdownText(s string) string {
	s = coe.ShowControls(oneLine(s), false)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '[', ']', '<', '>', '|', '~', '&', '$', '@':
			b.WriteByte('\\')
		case '_':
			if i == 0 || i == len(s)-1 || !asciiAlnum(s[i-1]) || !asciiAlnum(s[i+1]) {
				b.WriteByte('\\')
			}
		case ':':
			if strings.HasPrefix(s[i+1:], "//") {
				b.WriteByte('\\')
			}
		case '.':
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteByte('\\')
			}
		case '#', '+', '-', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case ')':
			if isOrderedMarker(s, i) {
				b.WriteByte('\\')
			}
		}
		if c == '.' && isOrderedMarker(s, i) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isOrderedMarker reports whether s[i] ('.' or ')') ends an ordered list
// marker at the start of s: one to nine digits before it.
func isOrderedMarker(s string, i int) bool {
	if i == 0 || i > 9 {
		return false
	}
	for j := 0; j < i; j++ {
		if s[j] < '0' || s[j] > '9' {
			return false
		}
	}
	return true
}

func asciiAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
