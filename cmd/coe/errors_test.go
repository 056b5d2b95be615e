package main

import (
	"bytes"
	"errors"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// An error may name a file or quote a COE's text: what reaches the
// terminal shows its control and bidi characters instead of sending them.
func TestPrintErrorShowsUnprintable(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{errors.New("coes/invoice\u202Etxt.exe: no such file"), "coe: coes/invoice<U+202E>txt.exe: no such file\n"},
		{usageError(errors.New("bad \x1b[31mred")), "coe: bad ^[[31mred\n"},
		{coe.ErrorList{{File: "coes/a\u200B.yaml", Line: 1, Col: 1, Msg: "one"}, {File: "coes/b.yaml", Line: 2, Col: 3, Msg: "two"}},
			"coes/a<U+200B>.yaml:1:1: one\ncoes/b.yaml:2:3: two\n"},
	} {
		var b bytes.Buffer
		printError(&b, tt.err)
		if b.String() != tt.want {
			t.Errorf("printError(%q) wrote %q, want %q", tt.err, b.String(), tt.want)
		}
	}
}
