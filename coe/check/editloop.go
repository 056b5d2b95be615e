package check

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
	"github.com/coe-cli/coe/coe/safefs"
)

// ErrGaveUp is EditorLoop's answer when the user gave up: emptied the
// file, or saved it again unchanged while it still had errors. The COE is
// untouched and the reason was said on Log.
var ErrGaveUp = errors.New("gave up")

// EditorLoop is `coe edit --editor`: the COE's YAML in the user's editor,
// checked on save as the file it replaces, and opened again with the errors
// on top (EditorHeader) until it is valid or the user gives up.
type EditorLoop struct {
	Repo *coe.Repo
	// Path is the COE file, Orig its bytes as read; Tmp is the working
	// copy the editor opens (see coe.Repo.WorkingCopy).
	Path, Tmp string
	Orig      []byte
	// Run opens the editor on a file and waits for it.
	Run func(file string) error
	// AsOf is the day overdue actions are judged by.
	AsOf coe.Date
	// Log takes the messages for people.
	Log io.Writer
}

// Edit runs the loop. It returns the warnings of the saved file (nil, nil
// when nothing changed), ErrGaveUp, or an error that leaves the COE
// untouched, or names where the user's version is kept.
func (e *EditorLoop) Edit() ([]lint.Diagnostic, error) {
	r, rel := e.Repo, e.Repo.Rel(e.Path)
	content := e.Orig
	var header []byte
	for round := 1; ; round++ {
		if err := os.WriteFile(e.Tmp, append(append([]byte{}, header...), content...), 0o600); err != nil {
			return nil, fmt.Errorf("no working copy for the editor: %v; %s is untouched", safefs.Reason(err), rel)
		}
		if err := e.Run(e.Tmp); err != nil {
			return nil, fmt.Errorf("%v; %s is untouched", err, rel)
		}
		// Over the cap, the check below says so, and the editor opens
		// again: a little more is read so that nothing typed is cut.
		edited, err := safefs.ReadIn(nil, e.Tmp, 4*coe.MaxFileSize)
		if err != nil {
			return nil, fmt.Errorf("%v; %s is untouched", err, rel)
		}
		edited = StripEditorHeader(edited)
		if len(bytes.TrimSpace(edited)) == 0 {
			fmt.Fprintf(e.Log, "The file was emptied: gave up. %s is untouched.\n", rel)
			return nil, ErrGaveUp
		}
		if bytes.Equal(edited, content) {
			if round == 1 {
				fmt.Fprintf(e.Log, "No changes; %s is as it was.\n", rel)
				return nil, nil
			}
			fmt.Fprintf(e.Log, "No change since the last errors: gave up. %s is untouched; the errors were:\n%s", rel, strings.ReplaceAll(string(header), EditorMarker, "  "))
			return nil, ErrGaveUp
		}
		content = edited
		var problems []lint.Diagnostic
		for _, fd := range File(r, e.Path, content, e.AsOf) {
			problems = append(problems, fd.Diagnostic)
		}
		if errs, _ := lint.Count(problems); errs == 0 {
			id := strings.TrimSuffix(filepath.Base(e.Path), ".yaml")
			if err := r.Replace(e.Path, e.Orig, content, "coe edit "+id+" --editor"); err != nil {
				saved, serr := r.SaveDraft(filepath.Base(e.Path), content)
				if serr != nil {
					return nil, fmt.Errorf("%v; and your version could not be kept: %v", err, serr)
				}
				return nil, fmt.Errorf("%v; your version is kept in %s", err, r.Rel(saved))
			}
			fmt.Fprintf(e.Log, "Saved %s.\n", rel)
			return problems, nil
		}
		header = EditorHeader(problems)
		fmt.Fprintf(e.Log, "%s has errors; opening it again with them on top.\n", rel)
	}
}
