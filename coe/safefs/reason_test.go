package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Reason leaves out the path an error names: of an *Error, of an
// *fs.PathError; other errors are kept as they are.
func TestReason(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	_, statErr := os.Stat(missing)
	plain := errors.New("plain")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&Error{Path: "coes/x.yaml", Msg: "is a named pipe (FIFO); expected a regular file"}, "is a named pipe (FIFO); expected a regular file"},
		{statErr, statErr.(*fs.PathError).Err.Error()},
		{&fs.PathError{Op: "open", Path: "/x", Err: fs.ErrPermission}, "permission denied"},
		{plain, "plain"},
	} {
		got := Reason(tc.err)
		if got == nil || got.Error() != tc.want || strings.Contains(got.Error(), missing) {
			t.Errorf("Reason(%v) = %v, want %q", tc.err, got, tc.want)
		}
	}
	if Reason(plain) != plain {
		t.Error("Reason wraps an error that names no path")
	}
	if Reason(nil) != nil {
		t.Error("Reason(nil) is not nil")
	}
}
