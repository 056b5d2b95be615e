package form

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/lint"
)

// The form coaches: the review notes of the quality rules (see
// check.ReviewNotes: blame, whys that stop early, impact without numbers,
// actions that are intentions, ...) show under the answer they are about
// once it is given, one line each with the rule's id, and ctrl+r shows
// what each rule asks and why. They never stop the form: an answer with a
// note is kept as it is. Leaving a page by its last answer when that
// answer has just drawn a new note stops once, on the page, to show it;
// enter again goes on. The last page lists every note of the COE.
//
// The notes come from Options.ReviewNotes, run on the COE the form holds
// (on a draft too) when a page opens and each time an answer is left.

// explainKey opens the explanation of the review notes of the page. No
// text field uses ctrl+r (bubbles' text input and text area, huh's keys).
var explainKey = key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "review notes"))

// maxNoteLines is the most notes shown under one field; the rest are
// counted, and ctrl+r shows them all.
const maxNoteLines = 3

// coach holds the review notes of one page.
type coach struct {
	b *builder
	// paths are the values whose notes the page's fields show; all says
	// the page shows every note of the COE. Notes are looked for only on
	// a page that shows some.
	paths []string
	all   bool
	// fields are the page's fields that show notes.
	fields []*coachField
	// notes are the COE's notes as last found, at the paths of the
	// State's fields.
	notes []check.Finding
}

// coach returns the coach of the page being built (nil without
// Options.ReviewNotes).
func (b *builder) coach() *coach {
	if b.opts.ReviewNotes == nil {
		return nil
	}
	if b.cur == nil {
		b.cur = &page{}
	}
	if b.cur.coach == nil {
		b.cur.coach = &coach{b: b}
	}
	return b.cur.coach
}

// coached makes f show the notes about the value at path (and under it)
// on the page being built.
func (b *builder) coached(f huh.Field, path string) huh.Field {
	c := b.coach()
	if c == nil || path == "" {
		return f
	}
	c.paths = append(c.paths, path)
	if b.opts.Accessible {
		// Notes are listed after the page (see runner.accessibleNotes).
		return f
	}
	// An empty answer shows its notes once it has been left (a note that
	// a value is missing is not news before it is asked for).
	v, isText := f.GetValue().(string)
	cf := &coachField{Field: f, c: c, path: path, seen: !isText || strings.TrimSpace(v) != ""}
	c.fields = append(c.fields, cf)
	return cf
}

func (c *coach) refresh() {
	if len(c.paths) > 0 || c.all {
		c.notes = c.b.reviewNotes()
	}
}

// of returns the notes about the value at path or under it.
func (c *coach) of(path string) []check.Finding {
	var out []check.Finding
	for _, n := range c.notes {
		if under(n.Field, path) {
			out = append(out, n)
		}
	}
	return out
}

// under reports whether the value at field is the one at path or inside
// it.
func under(field, path string) bool {
	if !strings.HasPrefix(field, path) {
		return false
	}
	rest := field[len(path):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// reviewNotes are the notes of the COE the State holds now, at the paths
// of the State's fields; nil without Options.ReviewNotes.
func (b *builder) reviewNotes() []check.Finding {
	if b.opts.ReviewNotes == nil || b.state == nil {
		return nil
	}
	s := b.state
	var c *coe.COE
	// A value that does not convert is left out; the rest is coached on.
	if b.opts.Base != nil {
		c, _ = s.Merge(b.opts.Base, b.loc())
	} else {
		c, _ = s.COEIn(b.loc())
	}
	if c == nil {
		return nil
	}
	return b.notesOf(s, c)
}

// notesOf are the review notes of c, the COE s converts to, at the paths
// of the fields of s that hold their values (or would hold a value they
// say is missing).
func (b *builder) notesOf(s *State, c *coe.COE) []check.Finding {
	notes := b.opts.ReviewNotes(c)
	for i := range notes {
		n := &notes[i]
		n.Field = s.statePath(n.Field, c)
		if p, ok := missingAt[n.Rule]; ok && (n.Field == "" || under(p, n.Field)) {
			n.Field = p
		}
	}
	return notes
}

// missingAt is where the form asks for what a note says is missing: a
// note about a value that is not there is at its section, or the top of
// the file.
var missingAt = map[string]string{
	lint.RuleWhysDepth:        "root_cause.whys",
	lint.RuleDetectionUnknown: "incident.detected_at",
}

var listItem = regexp.MustCompile(`^(timeline|root_cause\.whys|supporting_data|lessons|corrective_actions)\[(\d+)\]`)

// statePath turns the path of a value of c, the COE s converts to, into
// the path of the field of s that holds it. The lists of a COE leave out
// the State's empty items: item k of a COE's list is the k-th item of the
// State's that is not empty.
func (s *State) statePath(path string, c *coe.COE) string {
	m := listItem.FindStringSubmatchIndex(path)
	if m == nil {
		return path
	}
	k, err := strconv.Atoi(path[m[4]:m[5]])
	if err != nil {
		return path
	}
	var i int
	switch path[m[2]:m[3]] {
	case "timeline":
		i = stateIndex(s.Timeline, len(c.Timeline), TimelineEntry.empty, k)
	case "root_cause.whys":
		i = stateIndex(s.RootCause.Whys, len(c.RootCause.Whys), blank, k)
	case "supporting_data":
		i = stateIndex(s.SupportingData, len(c.SupportingData), SupportingData.empty, k)
	case "lessons":
		i = stateIndex(s.Lessons, len(c.Lessons), blank, k)
	case "corrective_actions":
		i = stateIndex(s.CorrectiveActions, len(c.CorrectiveActions), Action.empty, k)
	}
	return path[:m[4]] + strconv.Itoa(i) + path[m[5]:]
}

// stateIndex is the index in items of the k-th item that is not empty;
// k itself when the COE's list has as many items as the State's (it is
// then the COE's own list, kept as it was).
func stateIndex[T any](items []T, n int, empty func(T) bool, k int) int {
	if n == len(items) {
		return k
	}
	for i, it := range items {
		if empty(it) {
			continue
		}
		if k == 0 {
			return i
		}
		k--
	}
	return k
}

// coachField is a field of a page with review notes: it shows the notes
// about its value under it, looks for notes again when it is left, and
// stops once on the page when leaving it would leave the page with a
// note just drawn unseen.
type coachField struct {
	huh.Field
	c *coach
	// path is the value whose notes the field shows; "" for a field that
	// shows none (ctrl+r still explains the page's).
	path  string
	last  bool // leaving this field leaves the page
	width int
	// seen is set once the field shows its notes: when it is left, or
	// from the start when it has an answer.
	seen bool
}

func (f *coachField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && f.path != "" && f.last && k.String() == "enter" {
		before := f.shown()
		f.seen = true
		f.c.refresh()
		if news(before, f.shown()) {
			// The page stays, showing the new note (laid out again for
			// it); enter again goes on.
			return f, relayout
		}
	}
	_, cmd := f.Field.Update(msg)
	return f, cmd
}

// news reports whether after has a note that before has not.
func news(before, after []check.Finding) bool {
	seen := map[string]bool{}
	for _, n := range before {
		seen[n.Rule+"\x00"+n.Message] = true
	}
	for _, n := range after {
		if !seen[n.Rule+"\x00"+n.Message] {
			return true
		}
	}
	return false
}

func (f *coachField) Blur() tea.Cmd {
	cmd := f.Field.Blur()
	if f.path == "" {
		return cmd
	}
	f.seen = true
	f.c.refresh()
	// The notes under the fields change the page's height.
	return tea.Batch(cmd, relayout)
}

func (f *coachField) WithPosition(p huh.FieldPosition) huh.Field {
	f.last = p.IsLast()
	f.Field.WithPosition(p)
	return f
}

func (f *coachField) WithWidth(w int) huh.Field {
	f.width = w
	f.Field.WithWidth(w)
	return f
}

func (f *coachField) KeyBinds() []key.Binding {
	keys := f.Field.KeyBinds()
	if len(f.c.pageNotes()) > 0 {
		// First: the help line is cut at the screen's width.
		keys = append([]key.Binding{explainKey}, keys...)
	}
	return keys
}

var noteStyle = lipgloss.NewStyle().Foreground(lipgloss.Yellow)

func (f *coachField) View() string {
	v := f.Field.View()
	if notes := f.shown(); len(notes) > 0 {
		return v + "\n" + noteLines(notes, f.width)
	}
	return v
}

// shown are the notes the field shows.
func (f *coachField) shown() []check.Finding {
	if f.path == "" || !f.seen {
		return nil
	}
	return f.c.of(f.path)
}

// noteLines shows notes one a line, "! rule: message", each cut to width.
func noteLines(notes []check.Finding, width int) string {
	if width <= 0 {
		width = 80
	}
	var lines []string
	for i, n := range notes {
		if i == maxNoteLines && len(notes) > maxNoteLines+1 {
			lines = append(lines, fmt.Sprintf("  … %d more review notes (ctrl+r)", len(notes)-i))
			break
		}
		lines = append(lines, ansi.Truncate(noteLine(n), width, "…"))
	}
	return noteStyle.Render(strings.Join(lines, "\n"))
}

// noteLine is a note on one line, its text shown safe for the terminal.
func noteLine(n check.Finding) string {
	return "  ! " + n.Rule + ": " + oneLineText(n.Message)
}

func oneLineText(s string) string {
	return strings.Join(strings.Fields(coe.Printable(s, true)), " ")
}

// pageNotes are the notes the page's fields show, or every note for a
// page that shows all.
func (c *coach) pageNotes() []check.Finding {
	if c.all {
		return c.notes
	}
	var out []check.Finding
	for _, n := range c.notes {
		for _, f := range c.fields {
			if f.seen && under(n.Field, f.path) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// notesOf are the notes about the values at paths.
func (c *coach) notesOf(paths []string) []check.Finding {
	var out []check.Finding
	for _, n := range c.notes {
		for _, p := range paths {
			if under(n.Field, p) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// explanation is what ctrl+r shows: each note of the page with where it
// is, then what each of their rules asks and why.
func (c *coach) explanation() string {
	notes := c.pageNotes()
	if len(notes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Review notes: what a reviewer would push back on. They do not stop you saving.\n")
	seen := map[string]bool{}
	var rules []string
	for _, n := range notes {
		_, where := c.b.locate(n.Field)
		fmt.Fprintf(&b, "\n! %s", n.Rule)
		if where != "" {
			fmt.Fprintf(&b, " · %s", where)
		}
		// Indented: kept as a block, and wrapped under itself.
		fmt.Fprintf(&b, "\n  %s\n", oneLineText(n.Message))
		if !seen[n.Rule] {
			seen[n.Rule] = true
			rules = append(rules, n.Rule)
		}
	}
	for _, id := range rules {
		r, ok := lint.LookupRule(id)
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "\n%s: %s\n\n%s\n", r.ID, r.Summary, strings.TrimSpace(r.Explanation))
	}
	return b.String()
}

// coachOf returns the coach of the page a field is on, or nil.
func coachOf(f huh.Field) *coach {
	if p, ok := f.(*posField); ok {
		f = p.Field
	}
	if c, ok := f.(*coachField); ok {
		return c.c
	}
	return nil
}

// explainer shows the explanation of a page's notes over the form, from
// line top; any key but those that scroll it closes it.
type explainer struct {
	lines []string
	top   int
	width int // the width lines were wrapped to
	text  string
}

var explainScroll = struct{ up, down, pgUp, pgDown key.Binding }{
	up:     key.NewBinding(key.WithKeys("up", "k")),
	down:   key.NewBinding(key.WithKeys("down", "j")),
	pgUp:   key.NewBinding(key.WithKeys("pgup", "b")),
	pgDown: key.NewBinding(key.WithKeys("pgdown", "space", "f")),
}

// key handles a key; false when the explanation closes.
func (e *explainer) key(k tea.KeyPressMsg, h int) bool {
	page := max(h-2, 1)
	switch {
	case key.Matches(k, explainScroll.up):
		e.top--
	case key.Matches(k, explainScroll.down):
		e.top++
	case key.Matches(k, explainScroll.pgUp):
		e.top -= page
	case key.Matches(k, explainScroll.pgDown):
		e.top += page
	default:
		return false
	}
	e.top = max(min(e.top, len(e.lines)-page), 0)
	return true
}

// view shows the lines that fit a screen of w by h, and the keys.
func (e *explainer) view(w, h int) string {
	if w <= 0 {
		w = 80
	}
	if h <= 0 {
		h = 24
	}
	if e.width != w || e.lines == nil {
		e.width = w
		e.lines = reflow(e.text, max(w-1, 20))
	}
	page := max(h-2, 1)
	e.top = max(min(e.top, len(e.lines)-page), 0)
	end := min(e.top+page, len(e.lines))
	keys := "any key goes back"
	if len(e.lines) > page {
		keys = fmt.Sprintf("↑/↓ pgup/pgdown scroll (%d–%d of %d) · any other key goes back", e.top+1, end, len(e.lines))
	}
	return strings.Join(e.lines[e.top:end], "\n") + "\n\n" + noteStyle.Render(ansi.Truncate(keys, w, "…"))
}

// accessibleNotes lists the review notes of the page of f once it is
// done, in accessible mode, which shows nothing under an answer: each note
// and what its rule asks, one a line.
func (r *runner) accessibleNotes(f *huh.Form) {
	pg := r.b.pages[f]
	if pg == nil || pg.coach == nil || pg.coach.all {
		return
	}
	pg.coach.refresh()
	notes := pg.coach.notesOf(pg.coach.paths)
	if len(notes) == 0 {
		return
	}
	out := cmp.Or[io.Writer](r.b.out, r.b.opts.Out, os.Stderr)
	fmt.Fprintf(out, "Review notes on these answers; they do not stop you (coe lint --explain RULE says more):\n")
	for _, n := range notes {
		fmt.Fprintf(out, "%s\n", noteLine(n))
		if rule, ok := lint.LookupRule(n.Rule); ok {
			fmt.Fprintf(out, "    %s\n", rule.Summary)
		}
	}
}

// reflow lays text out in lines of at most width runes: the lines of a
// paragraph are joined and wrapped at spaces; a line that starts with
// spaces (an example, a note's text) is wrapped under its own indent.
func reflow(text string, width int) []string {
	var out, para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, strings.Split(wrapWords(strings.Join(para, " "), width), "\n")...)
			para = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case trimmed == "":
			flush()
			out = append(out, "")
		case len(trimmed) < len(line):
			flush()
			pad := line[:len(line)-len(trimmed)]
			for _, l := range strings.Split(wrapWords(trimmed, max(width-len(pad), 10)), "\n") {
				out = append(out, pad+l)
			}
		default:
			para = append(para, trimmed)
		}
	}
	flush()
	return out
}
