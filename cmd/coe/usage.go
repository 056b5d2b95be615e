package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Help's flag lines are written here rather than by pflag, so that they
// read the same way everywhere: a flag that takes a value shows it as a
// capitalised placeholder (--title TITLE), never a Go type (--at string),
// and a flag whose value is optional shows it in brackets (--resume[=DRAFT])
// instead of pflag's [="latest"] after the placeholder.

func init() {
	cobra.AddTemplateFunc("flagUsages", flagUsages)
}

// usageTemplate is cobra's usage template with the flag lines of
// flagUsages.
func usageTemplate(root *cobra.Command) string {
	t := root.UsageTemplate()
	t = strings.ReplaceAll(t, "{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}", "{{flagUsages .LocalFlags | trimTrailingWhitespaces}}")
	return strings.ReplaceAll(t, "{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}", "{{flagUsages .InheritedFlags | trimTrailingWhitespaces}}")
}

// flagUsages writes one line a visible flag: the flag and its placeholder,
// then its usage aligned, and its default when it has one.
func flagUsages(fs *pflag.FlagSet) string {
	type line struct{ flag, usage string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		l := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			l = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		switch {
		case f.NoOptDefVal != "" && strings.Contains(f.Usage, "`"):
			l += "[=" + name + "]" // the value may be left out
		case isBoolFlag(f):
		case f.NoOptDefVal != "":
			l += "[=" + name + "]"
		case name != "":
			l += " " + name
		}
		if !zeroDefault(f) {
			if f.Value.Type() == "string" {
				usage += fmt.Sprintf(" (default %q)", f.DefValue)
			} else {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
		}
		if f.Deprecated != "" {
			usage += fmt.Sprintf(" (DEPRECATED: %s)", f.Deprecated)
		}
		width = max(width, len(l))
		lines = append(lines, line{l, usage})
	})
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%-*s   %s\n", width, l.flag, l.usage)
	}
	return b.String()
}

func isBoolFlag(f *pflag.Flag) bool {
	t := f.Value.Type()
	return (t == "bool" || t == "boolfunc") && f.NoOptDefVal == "true"
}

// zeroDefault reports whether a flag's default is its type's zero value,
// which help does not show.
func zeroDefault(f *pflag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "[]", "<nil>":
		return true
	}
	return false
}

// The suggestions of an unknown command or flag. cobra's own list every
// command within two edits ("lsit": init, edit, list, lint); coe's name the
// nearest, as its other messages do.

var (
	reUnknownCommand = regexp.MustCompile(`^unknown command "([^"]*)" for "([^"]*)"`)
	reUnknownFlag    = regexp.MustCompile(`^unknown flag: --(\S+)`)
	reUnknownShort   = regexp.MustCompile(`^unknown shorthand flag: '(.)' in (-\S+)`)
)

// unknownCommand rewrites cobra's unknown command error with the nearest
// command names; ok is false for other errors.
func unknownCommand(cmd *cobra.Command, err error) (string, bool) {
	m := reUnknownCommand.FindStringSubmatch(err.Error())
	if m == nil {
		return "", false
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() || c.Name() == "help" {
			names = append(names, c.Name())
			names = append(names, c.Aliases...)
		}
	}
	msg := fmt.Sprintf("unknown command %q for %q", m[1], m[2])
	if near := nearestNames(m[1], names); len(near) > 0 {
		msg += "; did you mean " + orQuoted(near) + "?"
	}
	return msg + "\nRun '" + cmd.CommandPath() + " --help' for usage.", true
}

// unknownFlag rewrites pflag's unknown flag error with the nearest flag
// names of cmd.
func unknownFlag(cmd *cobra.Command, err error) string {
	msg := err.Error()
	var names []string
	visit := func(f *pflag.Flag) {
		if !f.Hidden && !slices.Contains(names, f.Name) {
			names = append(names, f.Name)
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	var typed string
	if m := reUnknownFlag.FindStringSubmatch(msg); m != nil {
		typed, _, _ = strings.Cut(m[1], "=")
		msg = fmt.Sprintf("unknown flag --%s", typed)
	} else if m := reUnknownShort.FindStringSubmatch(msg); m != nil {
		// -json for --json: a single dash reads as short flags.
		typed, _, _ = strings.Cut(strings.TrimPrefix(m[2], "-"), "=")
		msg = fmt.Sprintf("unknown flag -%s", m[1])
		if len(typed) == 1 {
			typed = ""
		} else {
			msg += " in " + m[2]
		}
	} else {
		return msg
	}
	near := nearestNames(typed, names)
	if slices.Contains(names, typed) {
		near = []string{typed} // -json for --json
	}
	if len(near) > 0 {
		for i := range near {
			near[i] = "--" + near[i]
		}
		msg += "; did you mean " + strings.Join(near, " or ") + "?"
	}
	return msg + "\nRun '" + cmd.CommandPath() + " --help' for usage."
}

// nearestNames are the names typed is plausibly a typo or the start of:
// coe.Nearest's, then those it begins.
func nearestNames(typed string, names []string) []string {
	if typed == "" {
		return nil
	}
	near := coe.Nearest(typed, names, 3)
	for _, n := range names {
		if len(near) < 3 && len(typed) >= 2 && strings.HasPrefix(n, typed) && n != typed && !slices.Contains(near, n) {
			near = append(near, n)
		}
	}
	return near
}

func orQuoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " or ")
}
