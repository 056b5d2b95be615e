package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	_ "time/tzdata" // timezone: in .coe.yaml names the same zones on every machine, with or without the system's zone files

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// cacheVersion names this build for the warm index: its version and, for
// a build from a checkout, the commit and whether it was modified, so a
// cache written by another build is rebuilt.
func cacheVersion() string {
	v := buildVersion()
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" || s.Key == "vcs.time" {
				v += " " + s.Value
			}
		}
	}
	// A build of changed code names no commit of its own: the executable's
	// size and time tell one such build from the next.
	if exe, err := os.Executable(); err == nil && (strings.Contains(v, "(devel)") || strings.HasSuffix(v, " true")) {
		if st, err := os.Stat(exe); err == nil {
			v += fmt.Sprintf(" %d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	return v
}

const rootLong = `coe writes, checks and publishes Correction-of-Error (COE) postmortems.

A COE answers seven questions after a failure hurt customers: what happened;
the impact on customers and the business; the root cause; the data that
supports it; the critical implications, especially security; the lessons;
and the corrective actions, each with an owner and a due date. COEs are YAML
files in a git repository, next to a .coe.yaml config.

Exit codes:
  0    success
  1    findings: files that did not read, failed checks
  2    usage, input or I/O problem (no repository, bad flag, bad file)
  130  stopped by the user (ctrl-c or esc in a form; a draft is kept)

Environment:
  COE_ACCESSIBLE=1   forms in screen-reader mode (as --accessible)
  NO_COLOR           no colours or styles
  VISUAL, EDITOR     the editor for long answers and coe edit --editor
  PAGER              the pager of coe show on a terminal (default less -FRX;
                     PAGER= shows it without one)
  XDG_CONFIG_HOME    where your user config is: coe/config.yaml there, else
                     ~/.config/coe/config.yaml; me: dana in it says who you
                     are, the default author and approver
  COE_LOCK_TIMEOUT   how long a command that changes a COE (edit, submit,
                     approve, close, reopen) waits for another holding the
                     repository lock, .coe/lock (default 10s)
  COE_TEMPLATE_ENGINE=std  run the built-in HTML templates with html/template
                     alone, not coe's compiled copy (slower; the same bytes)

A repository's files are untrusted, as a pull request brings them: coe reads
only regular files inside the repository (a link that leads out, a pipe or a
device is an error that shows none of its bytes), at most 1 MiB each, and
never writes through a link out of it. Every write is atomic; .coe/ (drafts,
the lock, temporary files) is ignored by git.`

func newRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:           "coe",
		Short:         "Write, check and publish Correction-of-Error postmortems",
		Long:          rootLong,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Example: `  coe init                       # make this folder a COE repository
  coe new                        # answer the seven questions in a form
  coe list --status review       # what is waiting for review
  coe actions --overdue          # corrective actions past their due date
  coe submit 2025-12-02 --reviewer kenji   # send a draft to review
  coe approve 2024-01-28 --by kenji   # approve a COE in review
  coe close 2024-01-28           # every action done: close it
  coe show 2024-01-28            # read one COE (an id prefix is enough)
  coe lint --format github       # hold every COE to the format, in CI
  coe render 2024-01-28 -o r.html   # one COE as a standalone HTML report
  coe build -o site              # a static site of every COE
  coe -C examples list           # work on another folder, as git -C`,
	}
	root.PersistentFlags().StringVarP(&f.Dir, "chdir", "C", "", "run as if coe was started in `DIR`, as git -C")
	root.PersistentFlags().StringVar(&f.CPUProfile, "cpuprofile", "", "write a CPU profile to `FILE` (for go tool pprof)")
	root.PersistentFlags().BoolVar(&f.NoCache, "no-cache", false, "read every COE file, without the warm index in .coe/cache (COE_NO_CACHE=1 does the same)")
	root.PersistentFlags().StringVar(&f.MemProfile, "memprofile", "", "write a profile of the memory allocated to `FILE` (for go tool pprof)")
	root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentFlags().MarkHidden("memprofile")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if f.MemProfile != "" {
			out, err := os.Create(f.MemProfile)
			if err != nil {
				return usageError(err)
			}
			f.stopProfile = func() { pprof.Lookup("allocs").WriteTo(out, 0); out.Close() }
		}
		if f.CPUProfile == "" {
			return nil
		}
		out, err := os.Create(f.CPUProfile)
		if err != nil {
			return usageError(err)
		}
		stopMem := f.stopProfile
		f.stopProfile = func() {
			pprof.StopCPUProfile()
			out.Close()
			if stopMem != nil {
				stopMem()
			}
		}
		return pprof.StartCPUProfile(out)
	}
	root.SetVersionTemplate("coe {{.Version}}\n")
	root.SetUsageTemplate(usageTemplate(root))
	root.DisableSuggestions = true // coe suggests the nearest itself (see unknownCommand)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return usageError(errors.New(unknownFlag(cmd, err))) })
	root.CompletionOptions.HiddenDefaultCmd = false
	root.AddCommand(
		newInitCmd(f),
		newNewCmd(f),
		newEditCmd(f),
		newSubmitCmd(f),
		newApproveCmd(f),
		newCloseCmd(f),
		newReopenCmd(f),
		newDraftsCmd(f),
		newListCmd(f),
		newActionsCmd(f),
		newStatsCmd(f),
		newRelatedCmd(f),
		newSearchCmd(f),
		newShowCmd(f),
		newLintCmd(f),
		newSchemaCmd(f),
		newRenderCmd(f),
		newBuildCmd(f),
		newDocsCmd(f),
	)
	root.AddCommand(helpTopics()...)
	return root
}

// run runs coe with args and returns the exit code.
func run(args []string, s *Streams) int {
	f := newFactory(s)
	root := newRootCmd(f)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	cmd, err := root.ExecuteC()
	if f.stopProfile != nil {
		f.stopProfile()
	}
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if msg, ok := unknownCommand(cmd, err); ok && !errors.As(err, &ee) {
		err = usageError(errors.New(msg))
	} else if !errors.As(err, &ee) && isCobraUsage(err) {
		err = usageError(errors.New(err.Error() + "\nRun 'coe --help' for usage."))
	}
	return printError(s.ErrOut, err)
}

// isCobraUsage reports whether err is one of cobra's own usage errors
// (unknown command, wrong number of arguments).
func isCobraUsage(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.Contains(msg, "arg(s)") ||
		strings.HasPrefix(msg, "unknown flag") || strings.HasPrefix(msg, "invalid argument")
}

// oneCOE checks the arguments of a command that takes one COE (an id, a
// unique prefix of one, or a path), and up to extra more words that the
// command checks itself.
func oneCOE(name string, extra int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return usagef("coe %s needs a COE: an id, a unique prefix of one, or a path (coe list shows the ids)", name)
		case len(args) > 1+extra:
			q := make([]string, len(args))
			for i, a := range args {
				q[i] = fmt.Sprintf("%q", a)
			}
			return usagef("coe %s takes one COE; got %d: %s", name, len(args), strings.Join(q, ", "))
		}
		return nil
	}
}

// completeIDs completes COE ids for commands that take one.
func completeIDs(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		r, err := f.Repo()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, id := range r.IDs() {
			if strings.HasPrefix(id, prefix) {
				out = append(out, id)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
