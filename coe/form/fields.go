package form

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// builder makes the forms of one run: the fields, bound to a State, with
// the run's options (theme, keys, accessible mode) applied.
type builder struct {
	opts Options
	edit bool
	// in is the input of accessible mode (nil: opts.In as it is).
	in io.Reader
	// out is the output of accessible mode (nil: opts.Out as it is).
	out io.Writer
	// tty is the terminal the forms run on, for the editor (nil: the
	// editor gets the process's stdin).
	tty *os.File
	// exec runs the editor; nil is tea.ExecProcess.
	exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd

	// width is the terminal's width, when known (0 or nil: not known).
	width func() int

	// state is what the forms fill, for the review notes (see coach).
	state *State

	// start is the field the next form opens at (see page); cur is the
	// page of the form being built, and pages the pages of the forms
	// built.
	start int
	cur   *page
	pages map[*huh.Form]*page
}

// form makes a form of the groups with the keys, theme, input and output
// of the run.
func (b *builder) form(groups ...*huh.Group) *huh.Form {
	theme := b.opts.Theme
	if theme == nil {
		theme = huh.ThemeFunc(huh.ThemeCharm)
	}
	f := huh.NewForm(groups...).
		WithKeyMap(keyMap()).
		WithTheme(theme).
		WithOutput(cmp.Or[io.Writer](b.out, b.opts.Out, os.Stderr)).
		WithAccessible(b.opts.Accessible)
	if in := cmp.Or[io.Reader](b.in, b.opts.In); in != nil {
		f = f.WithInput(in)
	}
	pg := b.cur
	if pg == nil {
		pg = &page{}
	}
	if pg.pos != nil {
		pg.pos.f = f
	}
	if pg.coach != nil {
		pg.coach.refresh()
	}
	if b.pages == nil {
		b.pages = map[*huh.Form]*page{}
	}
	b.pages[f] = pg
	b.cur, b.start = nil, 0
	return f
}

// focused returns the index of the field of f that has the focus.
func (b *builder) focused(f *huh.Form) int {
	pg := b.pages[f]
	if pg == nil || f.GetFocusedField() == nil {
		return 0
	}
	return pg.index(f.GetFocusedField())
}

// keyMap is huh's default keymap with esc quitting as ctrl+c does.
func keyMap() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp("esc", "stop and keep a draft"))
	// The form sees esc before a select does, so esc could not leave a
	// select's filter: no filters (the lists are short).
	k.Select.Filter.SetEnabled(false)
	return k
}

// group makes a group with a title and a description. Accessible mode does
// not print group headers, so there they come first as a note.
func (b *builder) group(title, description string, fields ...huh.Field) *huh.Group {
	if b.cur == nil {
		b.cur = &page{}
	}
	if b.opts.Accessible {
		// Accessible mode asks every field in turn: it opens at the first.
		b.cur.fields = append(b.cur.fields, fields...)
		fields = append([]huh.Field{huh.NewNote().Title(title).Description(description)}, fields...)
		return huh.NewGroup(fields...).Title(title).Description(description)
	}
	if c := b.coach(); c != nil {
		// Every field of the page opens the explanation of its notes.
		fields = slices.Clone(fields)
		for i, f := range fields {
			if _, ok := f.(*coachField); !ok {
				fields[i] = &coachField{Field: f, c: c}
			}
		}
	}
	fields, hide := b.cur.addGroup(fields, b.start)
	g := huh.NewGroup(fields...).Title(title).Description(description)
	if hide != nil {
		g = g.WithHideFunc(hide)
	}
	return g
}

// field holds what every text field needs.
type field struct {
	title, desc string
	p           *string
	check       func(string) error
	// norm, when set, gives the value as it is stored once the field is
	// left (a time typed 14:02 becomes RFC 3339); ok is false when the
	// value does not read.
	norm func(string) (v string, ok bool)
	// path is the value of the COE the field holds ("root_cause.summary",
	// "lessons[2]"), for its review notes; "" shows none.
	path string
}

// input makes a one-line field bound to f.p. A value that already spans
// lines gets a multi-line Text instead, which keeps its line breaks.
func (b *builder) input(f field) huh.Field {
	if strings.Contains(strings.TrimRight(*f.p, "\n"), "\n") {
		return b.text(f)
	}
	acc := keep(f.p, showLine)
	title, desc := b.label(f, acc)
	in := huh.NewInput().Title(title).Description(desc).Accessor(acc).
		Validate(b.validator(acc, f.check))
	if b.opts.Accessible {
		return b.coached(in, f.path)
	}
	return b.coached(&lineField{Input: in, acc: acc, norm: f.norm}, f.path)
}

// text makes a multi-line Markdown field bound to f.p.
func (b *builder) text(f field) huh.Field {
	if b.opts.Accessible {
		f.desc = strings.TrimSpace(f.desc + " Markdown, on one line here (accessible mode reads a line).")
		acc := keep(f.p, func(s string) string { return s })
		title, desc := b.label(f, acc)
		return b.coached(huh.NewText().Title(title).Description(desc).Accessor(acc).
			Validate(b.validator(acc, f.check)), f.path)
	}
	t := newTextField(f.p, f.title, strings.TrimSpace(f.desc+" Markdown."), f.check)
	t.editor, t.stdin, t.exec = b.editor(), b.tty, b.exec
	return b.coached(t, f.path)
}

// editor is the command line of the editor for long answers.
func (b *builder) editor() string {
	return cmp.Or(b.opts.Editor, os.Getenv("VISUAL"), os.Getenv("EDITOR"), "vi")
}

// label returns a field's title and description. Accessible mode prints
// only titles, so there the description and the current value join it.
func (b *builder) label(f field, acc huh.Accessor[string]) (title, desc string) {
	if !b.opts.Accessible {
		return f.title, f.desc
	}
	title = f.title
	if f.desc != "" {
		title += " (" + strings.ReplaceAll(f.desc, "\n", " ") + ")"
	}
	if v := acc.Get(); v != "" {
		title += fmt.Sprintf(" Now %q; enter keeps it.", short(v, 60))
	}
	return title + ":", ""
}

// validator adapts check to the field. In accessible mode an empty answer
// keeps the current value, but huh validates the empty answer: check the
// value that will be kept instead.
func (b *builder) validator(acc huh.Accessor[string], check func(string) error) func(string) error {
	if check == nil {
		return func(string) error { return nil }
	}
	if !b.opts.Accessible {
		return check
	}
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return check(acc.Get())
		}
		return check(s)
	}
}

// confirm makes a yes/no field.
func (b *builder) confirm(title, desc string, p *bool) *huh.Confirm {
	return huh.NewConfirm().Title(title).Description(desc).Value(p)
}

// choices returns options for values, keeping current as an option when it
// is not one of them (so that showing an old value does not change it).
func choices(current string, values []string, labels map[string]string) []huh.Option[string] {
	var opts []huh.Option[string]
	found := false
	for _, v := range values {
		found = found || v == current
	}
	if !found {
		opts = append(opts, huh.NewOption(cmp.Or(current, "(not set)"), current))
	}
	for _, v := range values {
		opts = append(opts, huh.NewOption(cmp.Or(labels[v], v), v))
	}
	return opts
}

// keepAccessor binds a field to a string, keeping its exact text while the
// field shows it as bubbles does: tabs become spaces, control characters
// go, a one-line input flattens line breaks and a text area shows no final
// line break. As long as what the field holds is what it was shown, the
// original stays; only a real change replaces it.
type keepAccessor struct {
	p           *string
	orig, shown string
}

func keep(p *string, show func(string) string) *keepAccessor {
	return &keepAccessor{p: p, orig: *p, shown: show(*p)}
}

func (a *keepAccessor) Get() string {
	if *a.p == a.orig {
		return a.shown
	}
	return *a.p
}

func (a *keepAccessor) Set(v string) {
	if v == a.shown {
		*a.p = a.orig
		return
	}
	*a.p = v
}

// short returns the first line of s, cut to n runes.
func short(s string, n int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i]) + " …"
	}
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}
