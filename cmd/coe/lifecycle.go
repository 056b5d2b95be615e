package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/identity"
	"github.com/coe-cli/coe/coe/vcs"
	"github.com/spf13/pflag"
)

// The lifecycle commands (submit, approve, close, reopen) share their
// plumbing here: the flags --at, --commit, --no-commit and --json, the
// read-check-write under the repository lock, the refusals and their exit
// codes, the report on stdout and the message on stderr. Each command
// names its step (a function of coe/review.go) and what it says.

// lifecycleOptions are the flags every lifecycle command has.
type lifecycleOptions struct {
	f        *Factory
	ref      string
	at       string
	commit   bool
	noCommit bool
	json     bool
}

// addFlags binds --at (when the step records a time), --commit,
// --no-commit and --json.
func (o *lifecycleOptions) addFlags(fl *pflag.FlagSet, withAt bool) {
	if withAt {
		fl.StringVar(&o.at, "at", "", "when: a `TIME` like 2025-09-01 10:00, 10:00 (today) or RFC 3339 (default: now)")
	}
	fl.BoolVar(&o.commit, "commit", false, "git add and commit the change")
	fl.BoolVar(&o.noCommit, "no-commit", false, "do not commit, even when .coe.yaml says commit: true")
	fl.BoolVar(&o.json, "json", false, "print the outcome as JSON on stdout")
}

// open checks the flags and finds the repository and the COE o.ref names
// (an id, a unique prefix of one, or a path), and with withAt the time
// the step records (--at, else now).
func (o *lifecycleOptions) open(withAt bool) (r *coe.Repo, path string, at time.Time, err error) {
	if o.commit && o.noCommit {
		return nil, "", at, usagef("--commit and --no-commit contradict each other")
	}
	if r, path, err = o.f.resolveCOE(o.ref); err != nil || !withAt {
		return r, path, at, err
	}
	at, err = o.time(r)
	return r, path, at, err
}

// lifecycleStep is what one lifecycle command does to a COE.
type lifecycleStep struct {
	// name is the command: "approve".
	name string
	// apply is the step (coe.Approve, ...).
	apply func(*coe.COE) (coe.Review, error)
	// at is the time the step records, for a refusal that it is too early.
	at time.Time
	// done says what the step did, after "<Verb> <id>" on stderr, like
	// " as kenji at 2025-09-01T10:00:00Z"; nil says nothing more.
	done func(*coe.COE, coe.Review) string
	// notes are said on stderr once the step is done; nil says nothing.
	notes func(*coe.COE)
	// commitMessage is the commit's message.
	commitMessage func(*coe.COE) string
	// fields are the command's own keys of --json, beside id, path,
	// status, changed and committed.
	fields func(*coe.COE) map[string]any
}

// change runs s on the COE at path: reads, checks and writes it under
// the repository lock, so that two commands at once take turns and the
// second sees what the first wrote; then commits it when asked and reports.
func (o *lifecycleOptions) change(r *coe.Repo, path string, s lifecycleStep) error {
	var a check.Reviewed
	_, err := r.Change(path, "coe "+s.name+" "+strings.TrimSuffix(filepath.Base(path), ".yaml"), func(orig []byte) ([]byte, error) {
		var err error
		a, err = check.Review(r, path, orig, true, s.apply, coe.DateOf(o.f.Now()))
		return a.Out, err
	})
	if err != nil {
		return o.refused(err, s.at)
	}
	c := &a.COE
	w := o.f.Streams.ErrOut
	if a.Unchanged != "" {
		if err := o.report(r, path, c, s, false, ""); err != nil {
			return err
		}
		fmt.Fprintln(w, coe.Printable(a.Unchanged, false))
		return nil
	}
	if s.notes != nil {
		s.notes(c)
	}
	var committed string
	var commitErr error
	if (o.commit || r.Config.Commit) && !o.noCommit {
		committed, commitErr = vcs.Commit(r.Root, s.commitMessage(c), path)
	}
	if err := o.report(r, path, c, s, true, committed); err != nil {
		return err
	}
	done := ""
	if s.done != nil {
		done = s.done(c, a.Review)
	}
	fmt.Fprintf(w, "%s (%s).\n", coe.Printable(a.Verb+" "+c.ID+done, false), r.Rel(path))
	if commitErr != nil {
		return notCommitted(r, path, commitErr)
	}
	if committed != "" {
		fmt.Fprintf(w, "Committed: %s\n", committed)
	}
	return nil
}

// refused says why a step was not taken, with the exit code: the time
// given is too early (usage), the status does not allow it or the COE is
// not ready (findings).
func (o *lifecycleOptions) refused(err error, at time.Time) error {
	var early *coe.TooEarlyError
	var status *coe.ReviewError
	var notReady *check.NotReviewed
	switch {
	case errors.As(err, &early):
		what := "--at " + coe.FormatTime(at)
		if o.at == "" {
			what = "now (" + coe.FormatTime(at) + ")"
		}
		return usagef("%s is before %s (%s); %s", what, early.Since, coe.FormatTime(early.Bound), early.Why)
	case errors.As(err, &status):
		return &exitError{exitFindings, err}
	case errors.As(err, &notReady):
		w, indent := o.f.Streams.ErrOut, ""
		if notReady.Header != "" {
			fmt.Fprintln(w, coe.Printable(notReady.Header, false))
			indent = "  "
		}
		for _, p := range notReady.Problems {
			fmt.Fprintf(w, "%s%s\n", indent, coe.Printable(p, true))
		}
		return &exitError{exitFindings, err}
	}
	return usageError(err)
}

// report prints the outcome on stdout: the file's path, or JSON.
func (o *lifecycleOptions) report(r *coe.Repo, path string, c *coe.COE, s lifecycleStep, changed bool, committed string) error {
	out := o.f.Streams.Out
	if !o.json {
		_, err := fmt.Fprintln(out, r.Rel(path))
		return err
	}
	v := map[string]any{
		"id":        c.ID,
		"path":      r.Rel(path),
		"status":    c.Status,
		"changed":   changed,
		"committed": committed != "",
	}
	if s.fields != nil {
		for k, x := range s.fields(c) {
			v[k] = x
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n", b)
	return err
}

// jsonTime is t for --json: RFC 3339, or null when it is not set.
func jsonTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return coe.FormatTime(t)
}

// person is who takes a step: by (--by) when given, else the user (see
// identity.Default). who asks for them in the error when there is nobody:
// "who approves".
func (o *lifecycleOptions) person(r *coe.Repo, by, who string) (string, error) {
	name := strings.TrimSpace(by)
	if by != "" && name == "" {
		return "", usagef("--by is blank; expected a person's handle or e-mail")
	}
	if name == "" {
		me, err := identity.Default(r, o.f.Streams.Getenv)
		if err != nil {
			return "", usageError(err)
		}
		name = me.Name
	}
	if name == "" {
		return "", usagef("%s? Name them with --by, or say who you are with me: in %s (no git user.email or user.name, and no $USER)", who, coe.UserConfigPath(o.f.Streams.Getenv))
	}
	if strings.ContainsFunc(name, isControl) {
		return "", usagef("--by %q holds a control character; expected a person's handle or e-mail", name)
	}
	return name, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// time is --at, else now, to the second. A time of day alone is today's,
// in the repository's time zone; now is in that zone too when .coe.yaml
// names one.
func (o *lifecycleOptions) time(r *coe.Repo) (time.Time, error) {
	loc := r.Config.Location()
	if o.at == "" {
		now := o.f.Now().Truncate(time.Second)
		if r.Config.TimeZone != nil {
			now = now.In(loc) // the team's zone, as the times people type
		}
		return now, nil
	}
	t, err := coe.ParseTimeIn(o.at, loc, coe.DateOf(o.f.Now().In(loc)))
	if err != nil {
		return time.Time{}, usagef("--at: %v", err)
	}
	if t.After(o.f.Now().Add(24 * time.Hour)) {
		return time.Time{}, usagef("--at %s is in the future; the COE records when it happened", o.at)
	}
	return t, nil
}
