package form

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/coe-cli/coe/coe"
)

// textField is a multi-line Markdown answer. It takes the place of huh's
// Text, which it resembles, for what an answer needs:
//
//   - ctrl+e opens the editor on this field and puts the result in this
//     field only (huh's Text gives it to every Text of the page: huh#686).
//   - The text as typed or edited is stored as it is: what the editor
//     returns, tabs included, stays byte for byte until it is changed in
//     the text area; a value the field shows differently (tabs as spaces)
//     is not changed by passing through it.
//   - The text area grows with its content up to most of the screen; a
//     field opens at its start, and one left shows its first lines, with
//     the number of lines below them.
//   - A pasted CRLF is one line break (the text area would make it two),
//     and text pasted or typed at the end of the answer is kept as it
//     came (see typed).
type textField struct {
	p *string
	// exact is the last value set from outside the text area (the initial
	// value, the editor's result) and shown is how the text area shows
	// it: while the text area holds shown, the value stays exact.
	exact, shown string
	// hiddenBreak is set while exact ends in a line break the text area
	// does not show.
	hiddenBreak bool
	// frozen is set when the text area cannot hold the value (more lines
	// than it takes): typing is refused, the editor still works.
	frozen bool

	title, desc string
	validate    func(string) error
	err         error

	ta      textarea.Model
	focused bool
	width   int // the field's width, frame included
	// laidOut is the text area's height when the page was last laid out.
	laidOut int
	taWidth int // the text area's
	lines   int // the lines the text takes, wrapped (see measure)
	screen  int // the terminal's height; 0 until known

	theme  huh.Theme
	dark   bool
	keymap huh.TextKeyMap
	// editor is the command line of the editor (it may hold arguments);
	// stdin is the terminal it runs on (nil: the form's input).
	editor string
	stdin  *os.File
	// exec runs the editor (tea.ExecProcess; tests run it at once).
	exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd
}

// Heights of the text area, in lines.
const (
	textMinLines     = 3 // a focused text area, even empty
	textBlurredLines = 3 // at most, for a field not focused
	// textReserve is what the screen keeps besides a focused text area:
	// the page's title and hint, the field's title and help, the keys.
	textReserve = 12
	// textMaxRows is the most lines the text area holds (bubbles'
	// textarea drops what is over 10000 rows). A longer answer is
	// frozen: it shows its first textFrozenLines lines, and only the
	// editor changes it.
	textMaxRows     = 10000
	textFrozenLines = 100
)

func newTextField(p *string, title, desc string, check func(string) error) *textField {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.CharLimit = 0
	ta.DynamicHeight = true
	// Without a content limit the text area stops new lines at MaxHeight.
	ta.MaxContentHeight = 1 << 30
	st := ta.Styles()
	st.Focused.CursorLine = lipgloss.NewStyle()
	ta.SetStyles(st)
	if check == nil {
		check = func(string) error { return nil }
	}
	t := &textField{p: p, title: title, desc: desc, validate: check, ta: ta, width: 80, taWidth: 78}
	t.set(*p)
	return t
}

// set puts v in the field as it is.
func (t *textField) set(v string) {
	*t.p = v
	t.exact = v
	t.frozen = strings.Count(v, "\n")+strings.Count(v, "\r") >= textMaxRows
	if t.frozen {
		// Only its start is shown (the text area draws every line on each
		// key): the editor is the way to change it.
		head := v
		for i, n := 0, 0; i < len(v); i++ {
			if v[i] == '\n' || v[i] == '\r' {
				if n++; n == textFrozenLines {
					head = v[:i]
					break
				}
			}
		}
		t.ta.SetValue(head)
		t.shown = ""
		if !t.focused {
			t.ta.MoveToBegin()
			t.measure()
		}
		return
	}
	// A YAML block ends in a line break; the text area does not show it.
	t.hiddenBreak = strings.HasSuffix(v, "\n")
	t.ta.SetValue(strings.TrimSuffix(v, "\n"))
	t.shown = t.ta.Value()
	if !t.focused {
		t.ta.MoveToBegin()
		t.measure()
	}
}

// changed stores what the text area holds, unless it is what it was given.
func (t *textField) changed() {
	if t.frozen {
		return
	}
	if v := t.ta.Value(); v != t.shown {
		*t.p = v
	} else {
		*t.p = t.exact
	}
}

// layout sets the text area's height for its content and state.
func (t *textField) layout() {
	t.limits()
	// Setting the width recomputes the height for the content.
	t.ta.SetWidth(t.taWidth)
}

func (t *textField) limits() {
	if t.focused {
		t.ta.MinHeight = textMinLines
		t.ta.MaxHeight = textMinLines
		if t.screen > 0 {
			t.ta.MaxHeight = max(textMinLines, t.screen-textReserve)
		}
	} else {
		t.ta.MinHeight = 1
		t.ta.MaxHeight = textBlurredLines
	}
}

// measure counts the lines the text takes on screen, wrapped, into
// t.lines. It scrolls the text area to its top: call it only before
// moving the cursor.
func (t *textField) measure() {
	t.ta.MinHeight, t.ta.MaxHeight = 1, 0
	t.ta.SetWidth(t.taWidth)
	t.lines = t.ta.Height()
	t.limits()
	t.ta.SetWidth(t.taWidth)
}

// Focus opens the field at the end of its text when all of it fits, or
// else at its start.
func (t *textField) Focus() tea.Cmd {
	t.focused = true
	cmd := t.ta.Focus()
	t.measure()
	if t.lines <= t.ta.MaxHeight {
		t.ta.MoveToEnd()
	} else {
		t.ta.MoveToBegin()
	}
	t.laidOut = t.ta.Height()
	return tea.Batch(cmd, relayout)
}

// Blur leaves the field showing the start of its text.
func (t *textField) Blur() tea.Cmd {
	t.focused = false
	t.changed()
	t.ta.Blur()
	t.ta.MoveToBegin()
	t.measure()
	t.err = t.validate(*t.p)
	t.laidOut = t.ta.Height()
	return relayout
}

func (t *textField) Error() error { return t.err }

func (t *textField) Init() tea.Cmd {
	t.ta.Blur()
	return nil
}

// editorDoneMsg brings the editor's text back to the field that opened it.
type editorDoneMsg struct {
	field *textField
	text  string
	err   error
}

func (t *textField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	_, cmd := t.update(msg)
	if t.ta.Height() != t.laidOut {
		// The page is laid out again for the text area's new height.
		t.laidOut = t.ta.Height()
		cmd = tea.Batch(cmd, relayout)
	}
	return t, cmd
}

func (t *textField) update(msg tea.Msg) (huh.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		t.dark = msg.IsDark()
	case tea.WindowSizeMsg:
		t.screen = msg.Height
		t.layout()
		return t, nil
	case editorDoneMsg:
		if msg.field != t {
			return t, nil
		}
		if msg.err != nil {
			t.err = msg.err
			return t, nil
		}
		if msg.text != *t.p {
			t.set(msg.text)
			t.measure()
			if t.lines > t.ta.MaxHeight {
				t.ta.MoveToBegin()
			} else {
				t.ta.MoveToEnd()
			}
		}
		return t, nil
	case tea.PasteMsg:
		if !t.focused || t.frozen {
			return t, nil
		}
		text := pasteText(msg.Content)
		cmds = append(cmds, t.typed(tea.PasteMsg{Content: text}, text))
	case tea.KeyPressMsg:
		t.err = nil
		switch {
		case key.Matches(msg, t.keymap.Editor):
			return t, t.openEditor()
		case key.Matches(msg, t.keymap.Next, t.keymap.Submit):
			t.changed()
			if t.err = t.validate(*t.p); t.err != nil {
				return t, nil
			}
			return t, huh.NextField
		case key.Matches(msg, t.keymap.Prev):
			t.changed()
			if t.err = t.validate(*t.p); t.err != nil {
				return t, nil
			}
			return t, huh.PrevField
		}
		if t.frozen {
			return t, nil
		}
		cmds = append(cmds, t.typed(msg, ""))
	default:
		var cmd tea.Cmd
		t.ta, cmd = t.ta.Update(msg)
		cmds = append(cmds, cmd)
	}
	t.changed()
	t.layout()
	return t, tea.Batch(cmds...)
}

// typed gives the text area a key or a paste. Text added at the end of a
// value kept exact is added to it as it came, so that a pasted answer is
// stored as it was pasted (tabs included, which the text area shows as
// spaces); paste is the text of a paste, empty for a key.
func (t *textField) typed(msg tea.Msg, paste string) tea.Cmd {
	before := t.ta.Value()
	exact := before == t.shown && t.atEnd()
	var cmd tea.Cmd
	t.ta, cmd = t.ta.Update(msg)
	after := t.ta.Value()
	if !exact || after == before || !strings.HasPrefix(after, before) {
		return cmd
	}
	added := after[len(before):]
	if paste != "" && strings.ReplaceAll(paste, "\t", "    ") == added {
		added = paste
	}
	if t.hiddenBreak {
		t.exact = strings.TrimSuffix(t.exact, "\n")
		t.hiddenBreak = false
	}
	t.exact += added
	t.shown = after
	return cmd
}

// atEnd reports whether the cursor is at the end of the text.
func (t *textField) atEnd() bool {
	v := t.ta.Value()
	last := v[strings.LastIndexByte(v, '\n')+1:]
	return t.ta.Line() == t.ta.LineCount()-1 && t.ta.Column() == utf8.RuneCountInString(last)
}

// pasteText is the text of a paste as an answer holds it: each CRLF and
// lone CR a line feed, and no control characters but tabs and line feeds.
func pasteText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// openEditor runs the editor on a temporary file holding the field's
// text; the text it leaves comes back to this field.
func (t *textField) openEditor() tea.Cmd {
	f, err := os.CreateTemp("", "coe-answer-*.md")
	if err != nil {
		t.err = fmt.Errorf("cannot open the editor: %v", err)
		return nil
	}
	name := f.Name()
	_, err = io.WriteString(f, *t.p)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		t.err = fmt.Errorf("cannot open the editor: %v", err)
		return nil
	}
	// EDITOR may hold arguments ("code --wait"), as for coe edit --editor.
	cmd := exec.Command("sh", "-c", t.editor+` "$1"`, "coe-editor", name)
	if t.stdin != nil {
		cmd.Stdin = t.stdin
	}
	editor := t.editor
	run := t.exec
	if run == nil {
		run = tea.ExecProcess
	}
	return run(cmd, func(err error) tea.Msg {
		defer os.Remove(name)
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return editorDoneMsg{field: t, err: fmt.Errorf("%s exited with status %d; the answer is unchanged", editor, ee.ExitCode())}
		}
		if err != nil {
			return editorDoneMsg{field: t, err: fmt.Errorf("%s: %v; the answer is unchanged", editor, err)}
		}
		text, err := readEdited(name)
		return editorDoneMsg{field: t, text: text, err: err}
	})
}

// readEdited reads the editor's file, at most as much as a COE file holds.
func readEdited(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("cannot read the editor's text: %v; the answer is unchanged", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, coe.MaxFileSize+1))
	if err != nil {
		return "", fmt.Errorf("cannot read the editor's text: %v; the answer is unchanged", err)
	}
	if len(data) > coe.MaxFileSize {
		return "", fmt.Errorf("the editor's text is over %d bytes, more than a COE file holds; the answer is unchanged", coe.MaxFileSize)
	}
	return string(data), nil
}

func (t *textField) styles() *huh.FieldStyles {
	theme := t.theme
	if theme == nil {
		theme = huh.ThemeFunc(huh.ThemeCharm)
	}
	if t.focused {
		return &theme.Theme(t.dark).Focused
	}
	return &theme.Theme(t.dark).Blurred
}

func (t *textField) View() string {
	styles := t.styles()
	st := t.ta.Styles()
	for _, s := range []*textarea.StyleState{&st.Focused, &st.Blurred} {
		s.Placeholder = styles.TextInput.Placeholder
		s.Text = styles.TextInput.Text
		s.Prompt = styles.TextInput.Prompt
		s.CursorLine = styles.TextInput.Text
	}
	st.Cursor.Color = styles.TextInput.Cursor.GetBackground()
	t.ta.SetStyles(st)

	maxWidth := max(t.width-styles.Base.GetHorizontalFrameSize(), 1)
	var parts []string
	header := styles.Title.Render(wrapText(t.title, maxWidth))
	if t.err != nil {
		header += styles.ErrorIndicator.String()
	}
	parts = append(parts, header)
	if t.focused && t.desc != "" {
		parts = append(parts, styles.Description.Render(wrapText(t.desc, maxWidth)))
	}
	if t.frozen {
		parts = append(parts, styles.ErrorMessage.Render(wrapText(fmt.Sprintf(
			"This answer has more lines than the form holds (%d); its start is shown. ctrl+e edits all of it.",
			strings.Count(*t.p, "\n")+1), maxWidth)))
	}
	parts = append(parts, t.ta.View())
	if !t.focused && !t.frozen {
		if more := t.lines - t.ta.Height(); more > 0 {
			parts = append(parts, styles.Description.Render(fmt.Sprintf("… %d more %s", more, plural2(more, "line", "lines"))))
		}
	}
	return styles.Base.Render(strings.Join(parts, "\n"))
}

func plural2(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// wrapText wraps s at limit columns, preferring breaks after spaces and
// punctuation, as huh does.
func wrapText(s string, limit int) string {
	return lipgloss.Wrap(s, limit, ",.-; ")
}

func (t *textField) Run() error { return huh.Run(t) }

// RunAccessible is not used: accessible mode builds huh's own fields.
func (t *textField) RunAccessible(w io.Writer, r io.Reader) error {
	return huh.NewText().Title(t.title).Value(t.p).Validate(t.validate).RunAccessible(w, r)
}

func (t *textField) Skip() bool { return false }
func (t *textField) Zoom() bool { return false }

func (t *textField) KeyBinds() []key.Binding {
	return []key.Binding{t.keymap.NewLine, t.keymap.Editor, t.keymap.Prev, t.keymap.Submit, t.keymap.Next}
}

func (t *textField) WithTheme(theme huh.Theme) huh.Field {
	if t.theme == nil {
		t.theme = theme
	}
	return t
}

func (t *textField) WithKeyMap(k *huh.KeyMap) huh.Field {
	t.keymap = k.Text
	t.ta.KeyMap.InsertNewline.SetKeys(t.keymap.NewLine.Keys()...)
	return t
}

func (t *textField) WithWidth(width int) huh.Field {
	t.width = width
	t.taWidth = max(width-t.styles().Base.GetHorizontalFrameSize(), 1)
	if t.focused {
		t.ta.SetWidth(t.taWidth)
	} else {
		t.measure()
	}
	return t
}

// WithHeight is the group's height for the field; the text area's height
// follows the screen and the content instead (see layout).
func (t *textField) WithHeight(int) huh.Field { return t }

func (t *textField) WithPosition(p huh.FieldPosition) huh.Field {
	t.keymap.Prev.SetEnabled(!p.IsFirst())
	t.keymap.Next.SetEnabled(!p.IsLast())
	t.keymap.Submit.SetEnabled(p.IsLast())
	return t
}

func (t *textField) GetKey() string { return "" }
func (t *textField) GetValue() any  { return *t.p }
