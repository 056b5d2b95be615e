// Package render turns COEs into what people read: plain or styled text
// for a terminal (and, later, Markdown, HTML and a static site).
package render

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
)

// TextOptions tune Text.
type TextOptions struct {
	// Color styles headings and marks with ANSI escapes (for a terminal).
	Color bool
	// Width wraps paragraphs to this many columns; 0 does not wrap.
	Width int
	// Today marks open corrective actions past their due date.
	Today coe.Date
	// ReviewNotes are listed at the end, after a heading of their own;
	// none, nothing.
	ReviewNotes []ReviewNote
}

type textWriter struct {
	w   *bufio.Writer
	o   TextOptions
	err error
	// subs counts the sub-headings of the current question.
	subs int
}

func (t *textWriter) style(code, s string) string {
	if !t.o.Color || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (t *textWriter) bold(s string) string   { return t.style("1", s) }
func (t *textWriter) dim(s string) string    { return t.style("2", s) }
func (t *textWriter) red(s string) string    { return t.style("31", s) }
func (t *textWriter) accent(s string) string { return t.style("1;36", s) }

func (t *textWriter) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// Text writes the whole COE in the seven-question order, as text for a
// terminal: styled when o.Color, plain otherwise.
//
// Control characters in the COE's text are shown, not sent, and so are
// invisible format characters, bidi controls above all (see
// coe.Printable): a COE from elsewhere can neither drive the reader's
// terminal nor make it show text in another order than it is read.
func Text(w io.Writer, c *coe.COE, o TextOptions) error {
	c = mapCOE(c, terminalText)
	t := &textWriter{w: bufio.NewWriter(w), o: o}
	t.header(c)
	for _, q := range coe.Questions() {
		t.printf("\n%s\n", t.accent(t.wrapIndent(fmt.Sprintf("%d. %s", q.Number, q.Text), 3)))
		t.subs = 0
		switch q.Number {
		case 1:
			t.para(c.WhatHappened, 3)
			if len(c.Timeline) > 0 {
				t.printf("\n   %s\n", t.bold("Timeline"))
				for _, e := range c.Timeline {
					t.printf("   %s  %s\n", t.dim(clock(e.At)), t.wrapIndent(oneLine(e.Event), 3+len(clock(e.At))+2))
				}
			}
		case 2:
			t.sub("Customers", c.Impact.Customers)
			t.sub("Business", c.Impact.Business)
			if n := c.Impact.CustomersAffected; n != nil {
				t.printf("\n   %s %s\n", t.bold("Customers affected:"), Thousands(*n))
				t.subs++
			}
			t.sub("What customers were told", c.Impact.Communication)
			if c.Impact.Customers == "" && c.Impact.Business == "" {
				t.missing()
			}
		case 3:
			t.para(c.RootCause.Summary, 3)
			if len(c.RootCause.Whys) > 0 {
				t.printf("\n   %s\n", t.bold("Five whys"))
				for i, y := range c.RootCause.Whys {
					t.printf("   %d. %s\n", i+1, t.wrapIndent(oneLine(y), 6))
				}
			}
			if len(c.ContributingFactors) > 0 {
				t.printf("\n   %s %s\n", t.bold("Contributing factors:"), t.wrapIndent(strings.Join(c.ContributingFactors, ", "), 25))
			}
		case 4:
			if len(c.SupportingData) == 0 {
				t.missing()
			}
			for _, d := range c.SupportingData {
				t.printf("   • %s\n", t.bold(t.wrapIndent(oneLine(d.Title), 5)))
				if d.Link != "" {
					t.printf("     %s\n", t.dim(d.Link))
				}
				if d.Note != "" {
					t.para(d.Note, 5)
				}
			}
		case 5:
			t.sub("Security", c.Implications.Security)
			t.sub("Other", c.Implications.Other)
			if c.Implications.Security == "" {
				t.printf("   %s\n", t.red("Security is not answered yet."))
			}
		case 6:
			if len(c.Lessons) == 0 {
				t.missing()
			}
			for _, l := range c.Lessons {
				t.printf("   • %s\n", t.wrapIndent(strings.TrimSpace(l), 5))
			}
		case 7:
			if len(c.CorrectiveActions) == 0 {
				t.missing()
			}
			for _, a := range c.CorrectiveActions {
				t.action(&a)
			}
		}
	}
	t.public(c)
	if len(c.Related) > 0 {
		t.printf("\n%s %s\n", t.bold("Related:"), strings.Join(c.Related, ", "))
	}
	t.reviewNotes(reviewNotes(o.ReviewNotes, nil, terminalText))
	if t.err == nil {
		t.err = t.w.Flush()
	}
	return t.err
}

// public writes the customers' version, when the COE has one: its title
// (the COE's when it has none of its own), its four answers and when it
// was published.
func (t *textWriter) public(c *coe.COE) {
	p := c.Public
	if p == nil {
		return
	}
	t.printf("\n%s\n", t.accent("Telling customers"))
	t.printf("   %s\n", t.bold(t.wrapIndent(oneLine(c.PublicTitle()), 3)))
	t.subs = 1
	t.sub("What happened", p.Summary)
	t.sub("Who was affected", p.Impact)
	t.sub("What we are changing", p.Changes)
	t.sub("Apology", p.Apology)
	if p.PublishedAt.IsZero() {
		t.printf("\n   %s\n", t.dim("Not published yet."))
	} else {
		t.printf("\n   %s %s\n", t.bold("Published:"), clock(p.PublishedAt))
	}
}

func (t *textWriter) header(c *coe.COE) {
	t.printf("%s\n", t.bold(t.wrapIndent(oneLine(c.Title), 0)))
	t.printf("%s\n\n", t.dim(strings.Join(nonEmpty(c.ID, c.Severity, c.Status), " · ")))
	row := func(name, value string) {
		if value != "" {
			t.printf("%-11s %s\n", name, t.wrapIndent(value, 12))
		}
	}
	row("Authors", strings.Join(c.Authors, ", "))
	row("Reviewers", strings.Join(c.Reviewers, ", "))
	row("Submitted", dateOf(c.SubmittedAt))
	if c.ApprovedBy != "" || !c.ApprovedAt.IsZero() {
		row("Approved", strings.TrimSpace(c.ApprovedBy+" "+onDate(c.ApprovedAt)))
	}
	row("Closed", dateOf(c.ClosedAt))
	for _, e := range c.Reopened {
		on := dateOf(e.At)
		if on == "" {
			on = "date not set"
		}
		if e.By != "" {
			on += " by " + e.By
		}
		row("Reopened", on)
		t.para(e.Reason, 12)
	}
	row("Tags", strings.Join(c.Tags, ", "))
	row("Services", strings.Join(c.Services, ", "))
	in := c.Incident
	row("Started", clock(in.StartedAt))
	for _, m := range []struct {
		name string
		at   time.Time
	}{{"Detected", in.DetectedAt}, {"Mitigated", in.MitigatedAt}, {"Resolved", in.ResolvedAt}} {
		if m.at.IsZero() {
			continue
		}
		v := clock(m.at)
		if !in.StartedAt.IsZero() && !m.at.Before(in.StartedAt) {
			v += fmt.Sprintf("  (%s after the start)", Duration(m.at.Sub(in.StartedAt)))
		}
		row(m.name, v)
	}
}

func (t *textWriter) action(a *coe.CorrectiveAction) {
	state := strings.Join(nonEmpty(a.Status, a.Priority), ", ")
	indent := 3 + len(a.ID) + 2
	t.printf("   %s  %s\n", t.bold(a.ID), t.wrapIndent(oneLine(a.Action)+bracket(state), indent))
	var facts []string
	if strings.TrimSpace(a.Owner) == "" {
		facts = append(facts, noOwnerMark)
	} else {
		facts = append(facts, "owner "+a.Owner)
	}
	if a.Due.IsZero() {
		facts = append(facts, "no due date")
	} else {
		due := "due " + a.Due.String()
		if a.Open() && !t.o.Today.IsZero() && a.Due.Compare(t.o.Today) < 0 {
			due += " " + overdueMark(days(a.Due, t.o.Today))
		}
		facts = append(facts, due)
	}
	if !a.DoneAt.IsZero() {
		facts = append(facts, "done "+a.DoneAt.String())
	}
	if a.Tracker != "" {
		facts = append(facts, a.Tracker)
	}
	line := t.wrapIndent(strings.Join(facts, " · "), indent)
	// Marks are styled after wrapping, so escapes do not count as width.
	line = strings.ReplaceAll(line, noOwnerMark, t.red(noOwnerMark))
	if i := strings.Index(line, "(overdue by "); i >= 0 {
		j := i + strings.IndexByte(line[i:], ')') + 1
		line = line[:i] + t.red(line[i:j]) + line[j:]
	}
	t.printf("%s%s\n", strings.Repeat(" ", indent), line)
	if len(a.Evidence) > 0 {
		var list []string
		for _, p := range proofs(a.Evidence) {
			list = append(list, cmp.Or(p.Commit, p.URL, p.Text))
		}
		t.printf("%s%s\n", strings.Repeat(" ", indent), t.wrapIndent("evidence "+strings.Join(list, ", "), indent))
	}
	t.para(a.Note, indent)
}

// reviewNotes lists the quality rules' notes: the rule and where, then
// the message.
func (t *textWriter) reviewNotes(notes []ReviewNote) {
	if len(notes) == 0 {
		return
	}
	t.printf("\n%s\n", t.accent("Review notes"))
	t.printf("   %s\n", t.dim(t.wrapIndent("What a reviewer would push back on; coe lint --explain RULE says why.", 3)))
	for _, n := range notes {
		head := n.Rule
		if p := n.Place(); p != "" {
			head += " · " + p
		}
		t.printf("\n   %s\n", t.bold(t.wrapIndent(head, 3)))
		t.printf("   %s\n", t.wrapIndent(oneLine(n.Message), 3))
	}
}

func (t *textWriter) sub(name, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	if t.subs > 0 {
		t.printf("\n")
	}
	t.subs++
	t.printf("   %s\n", t.bold(name))
	t.para(text, 3)
}

func (t *textWriter) missing() {
	t.printf("   %s\n", t.dim("(not answered yet)"))
}

// para writes Markdown text indented, wrapping plain paragraph lines.
func (t *textWriter) para(text string, indent int) {
	text = strings.Trim(text, "\n")
	if strings.TrimSpace(text) == "" {
		if indent == 3 {
			t.missing()
		}
		return
	}
	pad := strings.Repeat(" ", indent)
	fence := false
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = !fence
		}
		if line == "" {
			t.printf("\n")
			continue
		}
		if fence || strings.HasPrefix(trimmed, "|") || strings.HasPrefix(line, "    ") {
			t.printf("%s%s\n", pad, line)
			continue
		}
		t.printf("%s%s\n", pad, t.wrapIndent(line, indent))
	}
}

// wrapIndent wraps s to the width, continuing lines at indent columns.
func (t *textWriter) wrapIndent(s string, indent int) string {
	if t.o.Width <= 0 || t.o.Width-indent < 20 || len(s)+indent <= t.o.Width {
		return s
	}
	lead := s[:len(s)-len(strings.TrimLeft(s, " "))]
	words := strings.Fields(s)
	var b strings.Builder
	b.WriteString(lead)
	col := indent + len(lead)
	for i, w := range words {
		if i > 0 {
			if col+1+len([]rune(w)) > t.o.Width {
				b.WriteString("\n" + strings.Repeat(" ", indent+len(lead)))
				col = indent + len(lead)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += len([]rune(w))
	}
	return b.String()
}

// terminalText is user text as the terminal may show it.
func terminalText(s string) string { return coe.Printable(s, true) }

const noOwnerMark = "no owner"

func overdueMark(days string) string { return "(overdue by " + days + ")" }

func bracket(s string) string {
	if s == "" {
		return ""
	}
	return "  [" + s + "]"
}

func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func oneLine(s string) string {
	// Most titles are one line already: ASCII, single spaces between
	// words, none at either end. They are given back as they are.
	plain := len(s) > 0 && s[0] != ' ' && s[len(s)-1] != ' '
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c >= 0x21 && c < 0x80 || c == ' ' && s[i-1] != ' '
	}
	if plain {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// clock formats a time as the incident's people saw it: date, time and
// offset, without seconds unless they matter.
func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05 Z07:00")
	}
	return t.Format("2006-01-02 15:04 Z07:00")
}

func onDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return "on " + dateOf(t)
}

// Duration formats d for people: "35m", "10h 5m", "2d 3h".
func Duration(d time.Duration) string {
	if d < 0 {
		return "-" + Duration(-d)
	}
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	case m < 60:
		return fmt.Sprintf("%dm", m)
	case m < 24*60:
		if m%60 == 0 {
			return fmt.Sprintf("%dh", m/60)
		}
		return fmt.Sprintf("%dh %dm", m/60, m%60)
	default:
		h := (m + 30) / 60
		if h%24 == 0 {
			return fmt.Sprintf("%dd", h/24)
		}
		return fmt.Sprintf("%dd %dh", h/24, h%24)
	}
}

// Thousands formats n with thousands separators: 120000 as "120,000".
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// days says how many days lie between two dates: "1 day", "12 days".
func days(from, to coe.Date) string {
	n := from.DaysTo(to)
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
