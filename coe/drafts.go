package coe

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Drafts are what a stopped form keeps, in .coe/drafts (see DraftsDir):
//
//	new-20261123-120000.yaml   a new COE (coe new --resume new-20261123-120000)
//	<id>.edit.yaml             an edit of the COE <id> (coe edit <id> --resume)
//	<id>.yaml                  a whole COE file kept by coe edit --editor when
//	                           the COE changed on disk meanwhile
//
// The form's drafts hold the form's state as YAML, with the step to resume
// at (step:); this package reads only step, id and title from them, so the
// form may add to its drafts without changing what is listed here.

// The kinds of draft.
const (
	DraftNew    = "new"    // a new COE, from coe new
	DraftEdit   = "edit"   // an edit of a COE in the form, from coe edit
	DraftEditor = "editor" // a COE file kept by coe edit --editor
)

// Draft is one saved draft.
type Draft struct {
	// Name is the file name without .yaml: what --resume and coe drafts rm
	// take.
	Name string
	Path string
	Kind string
	// ID is the COE an edit belongs to; "" for a new COE.
	ID    string
	Title string
	// Step is the form step to resume at (see DraftStepName); 0 when the
	// form had not started, or for an editor draft.
	Step  int
	Saved time.Time
	// Err is set when the draft does not read; it is still listed, so that
	// it can be removed.
	Err error
}

// NewDraftName is the name of the draft of a new COE whose form started
// at now.
func NewDraftName(now time.Time) string { return "new-" + now.UTC().Format("20060102-150405") }

// FreshDraftName is NewDraftName(now), or that name with -2, -3, ... when
// a draft has it already (two forms started in one second): a new form
// never writes over another's draft.
func (r *Repo) FreshDraftName(now time.Time) string {
	base := NewDraftName(now)
	name := base
	for n := 2; n < 1000 && r.Exists(r.DraftPath(name)); n++ {
		name = fmt.Sprintf("%s-%d", base, n)
	}
	return name
}

// EditDraftName is the name of the draft of an edit of the COE id.
func EditDraftName(id string) string { return id + ".edit" }

// DraftPath is the file of the draft called name.
func (r *Repo) DraftPath(name string) string {
	return filepath.Join(r.DraftsDir(), name+".yaml")
}

// draftKind tells a draft's kind and COE id from its name.
func draftKind(name string) (kind, id string) {
	switch {
	case strings.HasPrefix(name, "new-"):
		return DraftNew, ""
	case strings.HasSuffix(name, ".edit"):
		return DraftEdit, strings.TrimSuffix(name, ".edit")
	}
	return DraftEditor, name
}

// DraftStepName names a form step for people: how far a draft got. The
// numbers are the form's (coe/form's StepBasics ... StepFinish).
func DraftStepName(step int) string {
	switch {
	case step <= 0:
		return "not started"
	case step == 1:
		return "the basics"
	case step <= 1+len(questions):
		q := questions[step-2]
		return fmt.Sprintf("question %d, %s", q.Number, strings.ReplaceAll(q.Key, "_", " "))
	case step == 2+len(questions):
		return "telling customers"
	case step == 3+len(questions):
		return "the final check"
	}
	return fmt.Sprintf("step %d", step)
}

// HowFar says how far the draft got, in words.
func (d Draft) HowFar() string {
	switch {
	case d.Err != nil:
		return "does not read"
	case d.Kind == DraftEditor:
		return "the whole file (coe edit --editor)"
	}
	return DraftStepName(d.Step)
}

// Resume is the command that continues the draft ("" for an editor draft,
// which no command continues: it is a COE file to compare or copy).
func (d Draft) Resume() []string {
	switch d.Kind {
	case DraftNew:
		return []string{"coe", "new", "--resume", d.Name}
	case DraftEdit:
		return []string{"coe", "edit", d.ID, "--resume"}
	}
	return nil
}

// ListDrafts lists the drafts, newest first, with what they hold. A draft
// that does not read is listed with Err set.
func (r *Repo) ListDrafts() ([]Draft, error) {
	paths, err := r.Drafts()
	if err != nil {
		return nil, err
	}
	out := make([]Draft, 0, len(paths))
	for _, p := range paths {
		out = append(out, r.readDraft(p))
	}
	return out, nil
}

// readDraft reads what the listing shows of the draft at path.
func (r *Repo) readDraft(path string) Draft {
	name := strings.TrimSuffix(filepath.Base(path), ".yaml")
	d := Draft{Name: name, Path: path}
	d.Kind, d.ID = draftKind(name)
	if st, err := r.fs.Stat(path); err == nil {
		d.Saved = st.ModTime()
	}
	data, err := r.ReadFile(path)
	if err != nil {
		d.Err = err
		return d
	}
	var head struct {
		Step  any `yaml:"step"`
		ID    any `yaml:"id"`
		Title any `yaml:"title"`
	}
	if err := unmarshalSafely(data, &head); err != nil {
		d.Err = fmt.Errorf("%s: %v", r.Rel(path), strings.TrimPrefix(err.Error(), "yaml: "))
		return d
	}
	if n, ok := head.Step.(int); ok {
		d.Step = n
	} else if head.Step != nil {
		d.Err = fmt.Errorf("%s: step is %v; expected a whole number", r.Rel(path), head.Step)
	}
	if s, ok := head.Title.(string); ok {
		d.Title = s
	}
	if s, ok := head.ID.(string); ok && d.Kind == DraftEdit && s != "" && s != d.ID {
		d.Err = fmt.Errorf("%s: the draft is of %q, not of %q as its name says", r.Rel(path), s, d.ID)
	}
	return d
}

// FindDraft finds the draft ref names: its name (as coe drafts lists it),
// its file name, or a path to it (relative to WorkDir). A draft that is
// not there is an error naming the drafts there are, the nearest first.
func (r *Repo) FindDraft(ref string) (Draft, error) {
	if strings.TrimSpace(ref) == "" {
		return Draft{}, errors.New("no draft named; expected a name from coe drafts")
	}
	var candidates []string
	if filepath.IsAbs(ref) {
		candidates = append(candidates, ref)
	} else {
		if r.WorkDir != "" && strings.ContainsRune(ref, filepath.Separator) {
			candidates = append(candidates, filepath.Join(r.WorkDir, ref))
		}
		candidates = append(candidates, filepath.Join(r.DraftsDir(), strings.TrimSuffix(ref, ".yaml")+".yaml"))
	}
	for _, p := range candidates {
		st, err := r.fs.Stat(p)
		if err == nil && !st.IsDir() {
			if filepath.Dir(p) != r.DraftsDir() {
				return Draft{}, fmt.Errorf("%s is not in %s; expected a draft that coe drafts lists", ref, r.Rel(r.DraftsDir()))
			}
			return r.readDraft(p), nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return Draft{}, r.fsError(err)
		}
	}
	all, err := r.ListDrafts()
	if err != nil {
		return Draft{}, err
	}
	names := make([]string, len(all))
	for i, d := range all {
		names[i] = d.Name
	}
	msg := fmt.Sprintf("no draft %q in %s", ref, r.Rel(r.DraftsDir()))
	switch near := Nearest(strings.TrimSuffix(filepath.Base(ref), ".yaml"), names, 3); {
	case len(all) == 0:
		msg += " (there are none)"
	case len(near) > 0:
		msg += "; did you mean " + quoteList(near) + "?"
	default:
		msg += "; coe drafts lists them"
	}
	return Draft{}, errors.New(msg)
}

// RemoveDraft removes a draft.
func (r *Repo) RemoveDraft(d Draft) error {
	if filepath.Dir(d.Path) != r.DraftsDir() {
		return fmt.Errorf("%s is not a draft in %s", r.Rel(d.Path), r.Rel(r.DraftsDir()))
	}
	return r.Remove(d.Path)
}

// unmarshalSafely decodes YAML, turning a panic of the decoder on hostile
// input into an error.
func unmarshalSafely(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot parse YAML: %v", r)
		}
	}()
	return yaml.Unmarshal(data, v)
}
