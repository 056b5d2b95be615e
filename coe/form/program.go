package form

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// model runs a huh form as a Bubble Tea program, as huh's Run does, with
// what coe adds:
//
//   - The form fits the screen. huh's page is one line taller than the
//     height it is given when it is as tall as the screen (the blank line
//     before the keys is not counted) and the terminal then scrolls its
//     first line, the page's title, away; an error under the page makes
//     it taller again. The form is given one line less than the screen,
//     and laid out again whenever it is taller than the screen.
//   - The terminal's background colour is asked once for all the forms of
//     a run, not by each.
type model struct {
	f  *huh.Form
	bg *tea.BackgroundColorMsg // the terminal's background, once known
	// ask is set when the background colour should be asked for.
	ask bool
	// w and h are the screen's size, once known.
	w, h int
	// explain, while set, shows the explanation of the page's review
	// notes over the form (ctrl+r; see coach).
	explain *explainer
}

func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.f.Init()}
	switch {
	case m.bg != nil:
		bg := *m.bg
		cmds = append(cmds, func() tea.Msg { return bg })
	case m.ask:
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		m.bg = &msg
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		return m, m.fit()
	case relayoutMsg:
		if m.h == 0 {
			return m, nil
		}
		return m, m.fit()
	case tea.KeyPressMsg:
		if m.explain != nil {
			if m.explain.key(msg, m.h) {
				return m, nil
			}
			// Any other key goes back to the form, and is used up
			// doing so, but for an interrupt.
			m.explain = nil
			if msg.String() != "ctrl+c" {
				return m, nil
			}
		} else if key.Matches(msg, explainKey) && m.f.State == huh.StateNormal {
			if c := coachOf(m.f.GetFocusedField()); c != nil {
				if text := c.explanation(); text != "" {
					m.explain = &explainer{text: text}
					return m, nil
				}
			}
		}
	}
	_, cmd := m.f.Update(msg)
	if m.h > 0 && m.f.State == huh.StateNormal && lipgloss.Height(m.f.View()) > m.h {
		cmd = tea.Batch(cmd, m.fit())
	}
	return m, cmd
}

// relayoutMsg asks for the form to be laid out again, as a field's height
// changed. (tea.RequestWindowSize would ask the terminal, from a goroutine
// of its own each time: Bubble Tea v2.1.1 races on the size it keeps when
// two such questions overlap.)
type relayoutMsg struct{}

func relayout() tea.Msg { return relayoutMsg{} }

// fit lays the form out for the screen.
func (m *model) fit() tea.Cmd {
	_, cmd := m.f.Update(tea.WindowSizeMsg{Width: m.w, Height: max(m.h-1, 1)})
	return cmd
}

func (m *model) View() tea.View {
	if m.explain != nil {
		return tea.NewView(m.explain.view(m.w, m.h))
	}
	return tea.NewView(m.f.View())
}

// terminal runs the forms of one session on the terminal.
type terminal struct {
	in  io.Reader
	out io.Writer
	bg  *tea.BackgroundColorMsg
	// ask says to ask the terminal for its background colour (not with
	// NO_COLOR, where there are no colours to choose).
	ask bool
}

func newTerminal(in io.Reader, out io.Writer) *terminal {
	if in == nil {
		in = os.Stdin
	}
	if f, ok := in.(*os.File); ok {
		in = newTTYInput(f)
	}
	return &terminal{in: in, out: out, ask: os.Getenv("NO_COLOR") == ""}
}

// run runs f until it is completed or aborted.
func (t *terminal) run(ctx context.Context, f *huh.Form) error {
	f.SubmitCmd = tea.Quit
	// Quit, not Interrupt: the final render clears the form from the screen.
	f.CancelCmd = tea.Quit
	m := &model{f: f, bg: t.bg, ask: t.ask}
	_, err := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(t.in), tea.WithOutput(t.out)).Run()
	t.bg = m.bg
	switch {
	case f.State == huh.StateAborted, errors.Is(err, tea.ErrInterrupted):
		return huh.ErrUserAborted
	case err != nil:
		return fmt.Errorf("the form stopped: %w", err)
	}
	return nil
}
