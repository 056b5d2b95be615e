package check

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The editor loop as a user meets it: each round is what the "editor"
// (a function here) leaves in the working copy.
func TestEditorLoop(t *testing.T) {
	const id = "2024-01-28-speaker-groups-stopped-playing"
	broken := func(b []byte) []byte {
		return bytes.Replace(b, []byte("severity: sev2"), []byte("severity: [sev2]"), 1)
	}
	retitled := func(b []byte) []byte {
		return bytes.Replace(b, []byte("title: "), []byte("title: Retitled, "), 1)
	}
	for _, c := range []struct {
		name    string
		rounds  []func(seen []byte) []byte // what each round saves, from what it was shown
		wantErr error
		saved   bool
		log     []string
	}{
		{"unchanged", []func([]byte) []byte{func(b []byte) []byte { return b }}, nil, false,
			[]string{"No changes;"}},
		{"emptied", []func([]byte) []byte{func([]byte) []byte { return []byte("\n  \n") }}, ErrGaveUp, false,
			[]string{"The file was emptied: gave up."}},
		{"fixed on the second round", []func([]byte) []byte{
			func(b []byte) []byte { return broken(b) },
			func(b []byte) []byte {
				if !bytes.HasPrefix(b, []byte(EditorMarker)) {
					t.Errorf("the second round does not show the errors on top:\n%.200s", b)
				}
				return retitled(bytes.Replace(b, []byte("severity: [sev2]"), []byte("severity: sev2"), 1))
			}}, nil, true,
			[]string{"has errors; opening it again with them on top.", "Saved "}},
		{"saved again with the same errors", []func([]byte) []byte{
			func(b []byte) []byte { return broken(b) },
			func(b []byte) []byte { return b }}, ErrGaveUp, false,
			[]string{"No change since the last errors: gave up.", "  line "}},
		{"editor fails", []func([]byte) []byte{nil}, errors.New("x"), false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := examples(t)
			path, orig, _ := read(t, r, id)
			tmp := filepath.Join(t.TempDir(), "edit.yaml")
			var log strings.Builder
			round := 0
			loop := EditorLoop{Repo: r, Path: path, Tmp: tmp, Orig: orig, AsOf: today, Log: &log,
				Run: func(file string) error {
					if round >= len(c.rounds) {
						t.Fatalf("round %d: the loop opened the editor again", round+1)
					}
					f := c.rounds[round]
					round++
					if f == nil {
						return errors.New("the editor exited with status 3")
					}
					seen, err := os.ReadFile(file)
					if err != nil {
						t.Fatal(err)
					}
					return os.WriteFile(file, f(seen), 0o600)
				}}
			_, err := loop.Edit()
			switch {
			case c.wantErr == ErrGaveUp && !errors.Is(err, ErrGaveUp),
				c.wantErr == nil && err != nil,
				c.wantErr != nil && err == nil:
				t.Fatalf("Edit() = %v, want %v", err, c.wantErr)
			}
			if c.wantErr != nil && c.wantErr != ErrGaveUp && !strings.Contains(err.Error(), "is untouched") {
				t.Errorf("error %q does not say the file is untouched", err)
			}
			now, _ := os.ReadFile(path)
			if changed := !bytes.Equal(now, orig); changed != c.saved {
				t.Errorf("file changed = %v, want %v", changed, c.saved)
			}
			if c.saved && !bytes.Contains(now, []byte("title: Retitled, ")) || bytes.Contains(now, []byte(EditorMarker)) {
				t.Errorf("saved file:\n%.300s", now)
			}
			for _, w := range c.log {
				if !strings.Contains(log.String(), w) {
					t.Errorf("log %q lacks %q", log.String(), w)
				}
			}
		})
	}
}
