package form

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"charm.land/huh/v2"
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/muesli/cancelreader"
	"golang.org/x/term"
)

// ErrAborted is returned when the user stops a form: esc or ctrl+c, the end
// of input in accessible mode, or a cancelled context (then wrapped with
// the context's error). errors.Is(err, huh.ErrUserAborted) holds for it too.
// The State then holds everything typed so far, and State.Step the step to
// resume at: save it as a draft.
var ErrAborted error = abortedError{}

type abortedError struct{}

func (abortedError) Error() string { return "aborted by the user" }

func (abortedError) Is(target error) bool { return target == huh.ErrUserAborted }

// Options configure a run of the forms.
type Options struct {
	// In and Out are the terminal; the forms draw on Out (normally stderr).
	// Nil means stdin and stderr.
	In  io.Reader
	Out io.Writer
	// Accessible switches huh to its screen-reader mode: plain prompts, one
	// line at a time. TERM=dumb switches it on too.
	Accessible bool
	// Severities are the severities to choose from; nil means
	// coe.DefaultSeverities.
	Severities []string
	// Owners is the roster; when not empty, every owner must be in it.
	Owners []string
	// Factors is the taxonomy of contributing factors (factors: in
	// .coe.yaml): when not empty, the root cause step offers its names as
	// a multi-select; else contributing factors are a comma-separated list.
	Factors []coe.Factor
	// Now is the clock, for examples and defaults; nil means time.Now.
	Now func() time.Time
	// DefaultAuthor fills the authors of a new COE.
	DefaultAuthor string
	// Theme is the huh theme; nil means huh.ThemeCharm.
	Theme huh.Theme
	// Editor is the command line that ctrl+e runs on a long answer, which
	// may hold arguments ("code --wait"); empty means $VISUAL, then
	// $EDITOR, then vi.
	Editor string
	// Location is where times typed without an offset are read (14:02,
	// 2026-11-30 14:02); nil is the machine's time zone.
	Location *time.Location
	// Base is the COE being edited (RunEdit): what the form saves is Base
	// with what the user changed (State.Merge), and that is what Check
	// checks.
	Base *coe.COE
	// Check is the final check of what the form would save, run before
	// it is saved: what coe lint says of the file as it would be written,
	// in its repository (see coe/check). Its errors are listed with a way
	// to the field that holds each; a status other than draft cannot be
	// saved until they are fixed. Nil checks nothing beyond the form's own
	// checks.
	Check func(c *coe.COE) []check.Finding
	// ReviewNotes returns the review notes of a COE: the findings of the
	// quality rules, on a draft too (check.ReviewNotesOf with the
	// repository's config). The form shows each under the answer it is
	// about once it is given, and lists them all on its last page; they
	// never stop a save. It runs after every answer, so it must not read
	// the repository. Nil coaches nothing.
	ReviewNotes func(c *coe.COE) []check.Finding
	// Run runs one form; nil runs it on the terminal. Tests inject a runner
	// that answers the form.
	Run func(*huh.Form) error
}

// The steps of the forms, in order. State.Step holds the one to resume at.
const (
	StepBasics = 1 + iota
	StepWhatHappened
	StepImpact
	StepRootCause
	StepSupportingData
	StepImplications
	StepLessons
	StepCorrectiveActions
	// StepPublic is the optional step of the customers' version (public:).
	StepPublic
	StepFinish
)

// RunNew walks a team lead through a new COE, one small form at a time:
// the basics, the seven questions, then the status and the final check.
// Each form fills s as the user types, so s holds everything even when the
// user stops; the error is then ErrAborted, and s says where to resume
// (Step, Item, Field). A State with a Step resumes there, with everything
// already typed prefilled.
func RunNew(ctx context.Context, s *State, opts Options) error {
	if s.Step == 0 {
		if s.Version == 0 {
			s.Version = coe.FormatVersion
		}
		if s.Status == "" {
			s.Status = coe.StatusDraft
		}
		if s.Authors == "" {
			s.Authors = opts.DefaultAuthor
		}
	}
	r := newRunner(ctx, s, opts, false)
	if p := s.Part; p != "" && p != partMenu && p != partFinish {
		// Stopped while fixing what the final check found: that field,
		// then the last page.
		if err := r.openPart(p, true); err != nil {
			return err
		}
		s.Step = StepFinish
	}
	s.Part = ""
	return r.steps()
}

// RunEdit edits an existing COE (see FromCOE; Options.Base is the COE):
// it opens on a menu of the COE's parts, each with what it holds, where
// each part opens on its own; each list is a menu of its items, any status
// can be chosen, and corrective actions have their status and done date.
// A State with a Part (see OpenSection) opens that part, and resumes at
// its item and field; after a part opened by OpenSection the form goes to
// its last page.
func RunEdit(ctx context.Context, s *State, opts Options) error {
	return newRunner(ctx, s, opts, true).edit()
}

// runner runs the steps of one form session.
type runner struct {
	ctx context.Context
	s   *State
	b   *builder
	// in watches the input in accessible mode, where huh reports neither
	// end of input nor interrupts.
	in *endReader
	// term runs the forms on the terminal (nil in accessible mode).
	term *terminal
	// resume is where the first page opens, when the form resumes inside
	// a page (or goes to a field the final check found).
	resume *spot
}

func newRunner(ctx context.Context, s *State, opts Options, edit bool) *runner {
	if os.Getenv("TERM") == "dumb" {
		opts.Accessible = true
	}
	r := &runner{ctx: ctx, s: s, b: &builder{opts: opts, edit: edit, state: s}}
	if (s.Item > 0 || s.Field > 0) && !opts.Accessible {
		r.resume = &spot{part: s.Part, item: s.Item, field: s.Field}
	}
	if !opts.Accessible && opts.Run == nil {
		r.term = newTerminal(opts.In, cmp.Or[io.Writer](opts.Out, os.Stderr))
		if t, ok := r.term.in.(*ttyInput); ok {
			r.b.tty = t.File
		}
		if f, ok := r.term.out.(*os.File); ok {
			// The size, as the kernel knows it: nothing is asked of the
			// terminal.
			r.b.width = func() int {
				w, _, err := term.GetSize(int(f.Fd()))
				if err != nil {
					return 0
				}
				return w
			}
		}
	}
	if opts.Accessible && opts.Run == nil {
		in := cmp.Or[io.Reader](opts.In, os.Stdin)
		// A prompt blocks in a read of the terminal; ctrl-c (a signal
		// outside raw mode) cancels ctx, and the read must end then, not
		// at the next enter.
		if f, ok := in.(*os.File); ok {
			if cr, err := cancelreader.NewReader(f); err == nil {
				in = cr
				go func() {
					<-ctx.Done()
					cr.Cancel()
				}()
			}
		}
		r.in = &endReader{ctx: ctx, r: in}
		r.b.in = r.in
		r.b.out = &untilEnd{w: cmp.Or[io.Writer](opts.Out, os.Stderr), e: r.in}
	}
	return r
}

func (r *runner) steps() error {
	steps := map[int]func() error{
		StepBasics:            r.basics,
		StepWhatHappened:      r.whatHappened,
		StepImpact:            r.impact,
		StepRootCause:         r.rootCause,
		StepSupportingData:    r.supportingDataStep,
		StepImplications:      r.implications,
		StepLessons:           r.lessonsStep,
		StepCorrectiveActions: r.actionsStep,
		StepPublic:            r.publicStep,
	}
	step := min(max(r.s.Step, StepBasics), StepFinish)
	for {
		r.s.Step = step
		if step < StepFinish {
			if err := steps[step](); err != nil {
				return err
			}
			step++
			continue
		}
		back, err := r.finish()
		if err != nil || back == 0 {
			return err
		}
		step = back
	}
}

// edit runs an edit: the menu of parts, the parts chosen, the last page.
func (r *runner) edit() error {
	next := r.s.Part
	if next == "" {
		// A draft of an older version: the part of its step.
		next = partOfStep(r.s.Step)
	}
	cursor := "basics"
	for {
		switch next {
		case partMenu:
			choice, err := r.menu(cursor)
			if err != nil {
				return err
			}
			next = choice
		case partFinish:
			back, err := r.finish()
			if err != nil || back == 0 {
				return err
			}
			// Back to the menu: from there on, parts go back to it.
			r.s.Section = ""
			next, cursor = partMenu, partFinish
		default:
			if err := r.openPart(next, false); err != nil {
				return err
			}
			cursor = partFinish
			next = partMenu
			if r.s.Section != "" {
				next = partFinish
			}
		}
	}
}

// page runs the form build makes: the page of item (from 1) of the
// current step or part, or its own page (0). It opens at the field to
// resume at, when there is one, and notes in the State where the user
// stopped.
func (r *runner) page(item int, build func() *huh.Form) error {
	r.s.Item = item
	r.b.start = r.takeField(item)
	f := build()
	err := r.run(f)
	r.s.Field = 0
	if errors.Is(err, ErrAborted) {
		r.s.Field = r.b.focused(f)
	}
	if err == nil && r.b.opts.Accessible {
		r.accessibleNotes(f)
	}
	return err
}

// takeField returns the field the page of item opens at: the one to resume
// at when the form resumes in that page, else 0. Only the first page may
// resume.
func (r *runner) takeField(item int) int {
	sp := r.resume
	r.resume = nil
	if sp == nil || sp.part != r.s.Part || sp.item != item {
		return 0
	}
	return sp.field
}

// resumeItem returns the item (from 1) of a list of n items in the current
// step or part that the form resumes in, or 0.
func (r *runner) resumeItem(n int) int {
	if sp := r.resume; sp != nil && sp.part == r.s.Part && sp.item > 0 && sp.item <= n {
		return sp.item
	}
	return 0
}

// run runs one form and maps the ways of stopping to ErrAborted.
func (r *runner) run(f *huh.Form) error {
	if err := r.ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrAborted, err)
	}
	run := r.b.opts.Run
	switch {
	case run != nil:
	case r.term != nil:
		run = func(f *huh.Form) error { return r.term.run(r.ctx, f) }
	default:
		run = func(f *huh.Form) error { return f.RunWithContext(r.ctx) }
	}
	err := run(f)
	switch {
	case r.ctx.Err() != nil:
		// huh reports a cancelled context as a timeout.
		return fmt.Errorf("%w: %w", ErrAborted, r.ctx.Err())
	case r.in != nil && r.in.ended.Load():
		return fmt.Errorf("%w: end of input", ErrAborted)
	case errors.Is(err, huh.ErrUserAborted), err == nil && f.State == huh.StateAborted:
		return ErrAborted
	case err != nil:
		return fmt.Errorf("form: %w", err)
	}
	return nil
}

// endReader is the input of accessible mode. huh's accessible prompts take
// end of input as an empty answer and go on; once input has ended (ctrl+d)
// or the context is cancelled, every later read ends too, so the remaining
// prompts of the form pass and the run stops.
type endReader struct {
	ctx   context.Context
	r     io.Reader
	ended atomic.Bool
}

func (e *endReader) Read(p []byte) (int, error) {
	if e.ended.Load() || e.ctx.Err() != nil {
		e.ended.Store(true)
		return 0, io.EOF
	}
	n, err := e.r.Read(p)
	if errors.Is(err, cancelreader.ErrCanceled) {
		err = io.EOF
	}
	if errors.Is(err, io.EOF) {
		e.ended.Store(true)
	}
	return n, err
}

// untilEnd writes to w until the input has ended: the prompts huh still
// runs through after ctrl-c or ctrl+d are not shown.
type untilEnd struct {
	w io.Writer
	e *endReader
}

func (u *untilEnd) Write(p []byte) (int, error) {
	if u.e.ended.Load() {
		return len(p), nil
	}
	return u.w.Write(p)
}

func (b *builder) now() time.Time {
	if b.opts.Now != nil {
		return b.opts.Now()
	}
	return time.Now()
}

// loc is where times without an offset are read.
func (b *builder) loc() *time.Location {
	if b.opts.Location != nil {
		return b.opts.Location
	}
	return time.Local
}

func (b *builder) today() coe.Date { return coe.DateOf(b.now().In(b.loc())) }

func (b *builder) severities() []string {
	if len(b.opts.Severities) > 0 {
		return b.opts.Severities
	}
	return coe.DefaultSeverities()
}
