package coe

import (
	"errors"
	"fmt"

	"github.com/coe-cli/coe/coe/safefs"
)

// readError makes an error of the guarded file system an *Error of the
// read-file rule (or file-too-large), naming path: a COE that cannot be
// read is a finding of lint like any other.
func readError(path string, err error) error {
	if err == nil {
		return nil
	}
	var e *safefs.Error
	if !errors.As(err, &e) {
		return &Error{File: path, Rule: RuleReadFile, Msg: pathErrMsg(err)}
	}
	if errors.Is(err, safefs.ErrTooLarge) {
		if e.Size < 0 {
			return &Error{File: path, Rule: RuleFileTooLarge,
				Msg: fmt.Sprintf("file is more than %d bytes; a COE file may be at most %d bytes (1 MiB)", MaxFileSize, MaxFileSize)}
		}
		return tooLarge(path, e.Size)
	}
	return &Error{File: path, Rule: RuleReadFile, Msg: e.Msg}
}
