package form

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
)

// driver drives a real huh form without a terminal, as huh's own tests do:
// messages go to the model coe runs the form with (see model), and the
// commands it returns are run at once and their messages fed back, except
// timers (cursor blinks), which would only wait. A request for the window
// size is answered with the driver's size; the editor runs at once.
type driver struct {
	t     testing.TB
	f     *huh.Form
	m     *model
	w, h  int
	depth int
}

func drive(t testing.TB, f *huh.Form) *driver {
	t.Helper()
	return driveSized(t, f, 120, 200)
}

// driveSized drives f on a screen of w columns and h lines.
func driveSized(t testing.TB, f *huh.Form, w, h int) *driver {
	t.Helper()
	d := &driver{t: t, f: f, m: &model{f: f}, w: w, h: h}
	d.exec(d.m.Init())
	d.deliver(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

// resize changes the screen's size.
func (d *driver) resize(w, h int) *driver {
	d.w, d.h = w, h
	d.deliver(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

// exec runs a command and delivers its message.
func (d *driver) exec(cmd tea.Cmd) {
	if cmd == nil || isTimer(cmd) {
		return
	}
	d.deliver(cmd())
}

var (
	cmdType        = reflect.TypeFor[tea.Cmd]()
	windowSizeType = reflect.TypeOf(tea.RequestWindowSize())
)

func (d *driver) deliver(msg tea.Msg) {
	if msg == nil {
		return
	}
	// tea.BatchMsg and tea's unexported sequenceMsg are lists of commands.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := range v.Len() {
			d.exec(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	if reflect.TypeOf(msg) == windowSizeType {
		msg = tea.WindowSizeMsg{Width: d.w, Height: d.h}
	}
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > 100 {
		d.t.Fatalf("form commands loop on %T", msg)
	}
	_, cmd := d.m.Update(msg)
	d.exec(cmd)
}

// isTimer reports commands that wait before they answer: cursor blinks,
// spinners and ticks.
func isTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	for _, s := range []string{"/bubbles/v2/cursor.", "/bubbles/v2/spinner.", "bubbletea/v2.Tick", "bubbletea/v2.Every"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// Keys.
var (
	escKey    = tea.KeyPressMsg{Code: tea.KeyEscape}
	ctrlC     = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	ctrlE     = tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl}
	ctrlJ     = tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}
	ctrlU     = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	ctrlR     = tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
	endKey    = tea.KeyPressMsg{Code: tea.KeyEnd}
	homeKey   = tea.KeyPressMsg{Code: tea.KeyHome}
	enterKey  = tea.KeyPressMsg{Code: tea.KeyEnter}
	backTab   = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	backspace = tea.KeyPressMsg{Code: tea.KeyBackspace}
)

func (d *driver) key(k tea.KeyPressMsg) *driver {
	d.deliver(k)
	return d
}

// typ types s a key at a time, as Bubble Tea reads keys; "\n" in s is
// ctrl+j, a line break inside a text area.
func (d *driver) typ(s string) *driver {
	for _, r := range s {
		if r == '\n' {
			d.key(ctrlJ)
			continue
		}
		k := tea.KeyPressMsg{Code: r, Text: string(r)}
		if r == ' ' {
			k.Code = tea.KeySpace
		}
		d.deliver(k)
	}
	return d
}

// paste pastes s, as a terminal with bracketed paste does.
func (d *driver) paste(s string) *driver {
	d.deliver(tea.PasteMsg{Content: s})
	return d
}

func (d *driver) enter() *driver { return d.key(enterKey) }

// pick moves the cursor of the focused select to the option that starts
// with label: from the top, down until the screen shows it chosen.
func (d *driver) pick(label string) *driver {
	d.t.Helper()
	d.press("g")
	for range 60 {
		for _, l := range strings.Split(d.view(), "\n") {
			if strings.Contains(l, "> "+label) {
				return d
			}
		}
		d.press("j")
	}
	d.t.Fatalf("no option %q to pick:\n%s", label, d.view())
	return d
}

// press sends single-key presses, like "j" to move down a select.
func (d *driver) press(keys ...string) *driver {
	for _, k := range keys {
		d.typ(k)
	}
	return d
}

// clear empties the focused input line.
func (d *driver) clear() *driver {
	d.key(endKey)
	return d.key(ctrlU)
}

// submit presses enter until the form completes (or stops moving).
func (d *driver) submit() *driver {
	d.t.Helper()
	for range 60 {
		if d.f.State != huh.StateNormal {
			return d
		}
		d.enter()
	}
	d.t.Fatalf("the form does not complete:\n%s", d.view())
	return d
}

// view is the form's screen without colours.
func (d *driver) view() string { return ansi.Strip(d.f.View()) }

// sees checks that the screen shows each text.
func (d *driver) sees(texts ...string) *driver {
	d.t.Helper()
	v := d.view()
	// The screen wraps long lines; compare with the line breaks removed.
	flat := strings.Join(strings.Fields(v), " ")
	for _, s := range texts {
		if !strings.Contains(flat, strings.Join(strings.Fields(s), " ")) {
			d.t.Fatalf("the form does not show %q:\n%s", s, v)
		}
	}
	return d
}

func (d *driver) state(want huh.FormState) *driver {
	d.t.Helper()
	if d.f.State != want {
		d.t.Fatalf("form state = %v, want %v:\n%s", d.f.State, want, d.view())
	}
	return d
}

// script is an Options.Run that answers the forms of a run in turn, each
// with one function, and returns what huh's Run would.
type script struct {
	t     testing.TB
	steps []func(d *driver)
	n     int
}

func newScript(t testing.TB, steps ...func(d *driver)) *script {
	return &script{t: t, steps: steps}
}

func (s *script) run(f *huh.Form) error {
	s.t.Helper()
	d := drive(s.t, f)
	if s.n >= len(s.steps) {
		s.t.Fatalf("unexpected form %d:\n%s", s.n+1, d.view())
	}
	s.steps[s.n](d)
	s.n++
	switch f.State {
	case huh.StateAborted:
		return huh.ErrUserAborted
	case huh.StateCompleted:
		return nil
	}
	s.t.Fatalf("form %d was left unfinished:\n%s", s.n, d.view())
	return nil
}

// done checks that every scripted form ran.
func (s *script) done() {
	s.t.Helper()
	if s.n != len(s.steps) {
		s.t.Fatalf("%d forms ran, want %d", s.n, len(s.steps))
	}
}
