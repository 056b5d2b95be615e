package form

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// lineField is huh's one-line Input, left showing the start of its value:
// huh's shows the end of a long value once it has been typed.
type lineField struct {
	*huh.Input
	acc huh.Accessor[string]
	// norm, when set, gives the value as it is stored (see field.norm):
	// the field shows it once left.
	norm func(string) (string, bool)
}

func (l *lineField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	_, cmd := l.Input.Update(msg)
	return l, cmd
}

// Focus puts the cursor at the end, to go on typing.
func (l *lineField) Focus() tea.Cmd {
	cmd := l.Input.Focus()
	l.Input.Update(tea.KeyPressMsg{Code: tea.KeyEnd})
	return cmd
}

// Blur moves the cursor to the start first, which scrolls the value there,
// and shows the value as it is stored.
func (l *lineField) Blur() tea.Cmd {
	l.Input.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	cmd := l.Input.Blur()
	if l.norm != nil && l.Input.Error() == nil {
		if v, ok := l.norm(l.acc.Get()); ok && v != l.acc.Get() {
			l.acc.Set(v)
			// Accessor shows the accessor's value in the input.
			l.Input.Accessor(l.acc)
		}
	}
	return cmd
}

// showLine is how a one-line input shows s: its own sanitizing (tabs and
// line breaks become spaces, control characters go).
func showLine(s string) string {
	ti := textinput.New()
	ti.CharLimit = 0
	ti.SetValue(s)
	return ti.Value()
}
