package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Every flag of every command shows its value the same way in --help: a
// capitalised placeholder, in brackets when it may be left out, never a Go
// type name or pflag's [="..."].
func TestFlagLines(t *testing.T) {
	root := newRootCmd(newFactory(&Streams{Getenv: func(string) string { return "" }}))
	line := regexp.MustCompile(`^  (?:-[a-zA-Z], |    )--[a-z][a-z-]*(?:\[=[A-Z]+\]| [A-Z]+)?   +\S`)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.InheritedFlags()} {
			for _, l := range strings.Split(strings.TrimRight(flagUsages(fs), "\n"), "\n") {
				if l == "" {
					continue
				}
				if !line.MatchString(l) {
					t.Errorf("coe %s: flag line %q; want --name, --name PLACEHOLDER or --name[=PLACEHOLDER]", c.Name(), l)
				}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	// The help shows these lines.
	var out strings.Builder
	root.SetOut(&out)
	root.SetArgs([]string{"new", "--help"})
	root.Execute()
	for _, want := range []string{"--resume[=DRAFT]   ", "--started TIME   ", "--title TITLE   "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("coe new --help has no %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), `[="`) {
		t.Errorf("coe new --help shows pflag's optional value:\n%s", out.String())
	}
}

// Unknown commands and flags name the nearest ones, and the help to read.
func TestSuggestions(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".coe.yaml"), []byte("dir: coes\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"lsit"}, "coe: unknown command \"lsit\" for \"coe\"; did you mean \"list\"?\nRun 'coe --help' for usage.\n"},
		{[]string{"aprove", "x"}, `did you mean "approve"?`},
		{[]string{"dr"}, `did you mean "drafts"?`},
		{[]string{"frobnicate"}, "coe: unknown command \"frobnicate\" for \"coe\"\nRun 'coe --help' for usage.\n"},
		{[]string{"list", "--jsn"}, "coe: unknown flag --jsn; did you mean --json?\nRun 'coe list --help' for usage.\n"},
		{[]string{"list", "-json"}, "coe: unknown flag -j in -json; did you mean --json?\n"},
		{[]string{"new", "--resum"}, "did you mean --resume?"},
		{[]string{"new", "--titel=x"}, "coe: unknown flag --titel; did you mean --title?"},
		{[]string{"approve", "x", "--chdr", "y"}, "did you mean --chdir?"},
		{[]string{"drafts", "rm", "--al"}, "did you mean --all?\nRun 'coe drafts rm --help' for usage."},
		{[]string{"list", "-x"}, "coe: unknown flag -x\nRun 'coe list --help' for usage.\n"},
		{[]string{"show"}, "coe: coe show needs a COE: an id, a unique prefix of one, or a path (coe list shows the ids)\n"},
		{[]string{"approve", "a", "b"}, "coe: coe approve takes one COE; got 2: \"a\", \"b\"\n"},
	}
	for _, tc := range cases {
		var out, errOut strings.Builder
		s := &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }}
		code := run(append([]string{"-C", dir}, tc.args...), s)
		if code != exitUsage || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("coe %v: exit %d\n%s\nwant %q", tc.args, code, errOut.String(), tc.want)
		}
	}
}
