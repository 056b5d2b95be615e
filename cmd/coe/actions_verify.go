package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/evidence"
	"github.com/coe-cli/coe/coe/vcs"
	"github.com/spf13/cobra"
)

type actionsVerifyOptions struct {
	f        *Factory
	repos    []string
	write    bool
	commit   bool
	noCommit bool
	json     bool
}

const actionsVerifyLong = `Check the corrective actions against the commits that name them.

coe actions verify reports, one a line on stdout, as
file:line:col: message [kind] (or repository@commit: message [kind]):

  unsupported      a done action that no commit names and whose evidence:
                   list is empty (exit code 1)
  done-by-commit   an open or in-progress action that a commit says is done
                   (exit code 1)
  unknown-ref      a trailer naming a COE or an action that does not exist
                   (a warning)
  bad-trailer      a COE-Action trailer not of the form <coe-id>#CA-<n>
                   [done] (a warning)

The exit code is 1 for an unsupported or done-by-commit finding, or a COE
file that does not read; 2 for a clone that is missing or no git
repository (named at its line of .coe.yaml, or by --repo), or a usage
problem; 0 otherwise, warnings included.

--write records what the commits show, in place, each COE under the
repository lock, so that git diff shows only the changed lines: an open or
in-progress action that a commit says is done gets status done and done_at,
the date of the first such commit in the repository's time zone (timezone:
of .coe.yaml, else this machine's); every done action gets the full ids of
the commits that name it in its evidence: list (at most 50; ids already
there, in full or abbreviated, are not added again). Nothing moves
backwards: a done or wont-do action keeps its status, no entry is removed.
The findings printed are those left after writing. --commit (or commit:
true in .coe.yaml, unless --no-commit) then commits the changed files with
your own git.

` + evidenceHelp + `

The lint rule action-evidence (off by default; turn it on in rules: of
.coe.yaml) asks every done action for an evidence entry, without running git.`

func newActionsVerifyCmd(f *Factory) *cobra.Command {
	o := &actionsVerifyOptions{f: f}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check actions against the commits that name them (COE-Action trailers); --write records them",
		Long:  actionsVerifyLong,
		Example: `  coe actions verify                            # exit 1 when a done action is unsupported or an open one is done
  coe actions verify --repo ../payments-service # read another clone too
  coe actions verify --write --commit           # record the commits, mark done, commit
  coe actions verify --json | jq -r '.findings[] | select(.fails) | .message'`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runActionsVerify(o) },
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&o.repos, "repo", nil, "also read the commits of the clone at `PATH` (repeat for more)")
	fl.BoolVar(&o.write, "write", false, "record the commits in the actions' evidence, and mark done what a commit says is done")
	fl.BoolVar(&o.commit, "commit", false, "with --write: git add and commit the changed COEs (commit: true in .coe.yaml does it too)")
	fl.BoolVar(&o.noCommit, "no-commit", false, "with --write: do not commit, even when .coe.yaml says commit: true")
	fl.BoolVar(&o.json, "json", false, `print {"findings", "written", "committed"} as JSON on stdout`)
	return cmd
}

// verifyFinding is a finding for --json.
type verifyFinding struct {
	Kind    string              `json:"kind"`
	Fails   bool                `json:"fails"`
	Path    string              `json:"path,omitempty"`
	Line    int                 `json:"line,omitempty"`
	Col     int                 `json:"col,omitempty"`
	COE     string              `json:"coe,omitempty"`
	Action  string              `json:"action,omitempty"`
	Status  string              `json:"status,omitempty"`
	Trailer string              `json:"trailer,omitempty"`
	Commits []evidence.JSONLink `json:"commits"`
	Message string              `json:"message"`
}

func runActionsVerify(o *actionsVerifyOptions) error {
	switch {
	case o.commit && o.noCommit:
		return usagef("--commit and --no-commit contradict each other")
	case o.commit && !o.write:
		return usagef("--commit commits what --write changes; add --write")
	}
	r, err := o.f.Repo()
	if err != nil {
		return err
	}
	files, err := r.Files()
	if err != nil {
		return usageError(err)
	}
	x, err := collectEvidence(o.f, r, o.repos)
	if err != nil {
		return err
	}
	ios := o.f.Streams
	var written []evidence.Written
	var paths []string
	writeFailed := false
	if o.write {
		for _, path := range files {
			stem := strings.TrimSuffix(filepath.Base(path), ".yaml")
			if !x.Mentions(stem) {
				continue // no commit names an action of it (a COE whose id is not its file name is lint's to report)
			}
			id, changes, err := evidence.Record(r, path, x)
			if len(coe.Errors(err)) > 0 {
				continue // it does not read: reported below, with the others
			}
			if err != nil {
				fmt.Fprintln(ios.ErrOut, "coe:", coe.Printable(err.Error(), true))
				writeFailed = true
				continue
			}
			if len(changes) > 0 {
				written = append(written, evidence.WrittenOf(r.Rel(path), id, changes))
				paths = append(paths, path)
			}
		}
	}
	checked, ids, failed := o.load(r, files)
	findings := evidence.Verify(checked, ids, x, r.Config.Location())

	committed := ""
	var commitErr error
	if (o.commit || r.Config.Commit) && !o.noCommit && len(paths) > 0 {
		committed, commitErr = vcs.Commit(r.Root, evidence.CommitMessage(written), paths...)
	}
	if err := o.report(findings, written, committed != ""); err != nil {
		return err
	}
	for _, w := range written {
		fmt.Fprintf(ios.ErrOut, "Wrote %s: %s.\n", w.Path, w.Describe())
	}
	fmt.Fprintln(ios.ErrOut, evidence.Summary(findings, len(checked), o.write))
	if commitErr != nil {
		return usageError(fmt.Errorf("--commit: %w; the changes were written but not committed", commitErr))
	}
	if committed != "" {
		fmt.Fprintf(ios.ErrOut, "Committed: %s\n", committed)
	}
	fails := 0
	for _, fd := range findings {
		if fd.Fails() {
			fails++
		}
	}
	if failed > 0 {
		fmt.Fprintf(ios.ErrOut, "coe: %d of %d files did not read; their actions are not checked; `coe lint` lists every problem\n", failed, len(files))
	}
	switch {
	case writeFailed:
		return silentExit(exitUsage)
	case fails > 0 || failed > 0:
		return silentExit(exitFindings)
	}
	return nil
}

// load reads every COE file, keeping positions: those that read, every
// id (of the files that did not read too, by file name), and how many did
// not read (reported on stderr).
func (o *actionsVerifyOptions) load(r *coe.Repo, files []string) ([]evidence.File, map[string]bool, int) {
	results := make([]coe.LoadResult, len(files))
	ro := r.ReadOptions()
	ro.KeepNode = true
	coe.EachFile(files, ro, r.Rel, func(i int, res coe.LoadResult) { results[i] = res })
	var out []evidence.File
	ids := map[string]bool{}
	failed := 0
	for i, res := range results {
		ids[strings.TrimSuffix(filepath.Base(files[i]), ".yaml")] = true
		if res.Err != nil {
			fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(res.Err.Error(), true))
			failed++
			continue
		}
		ids[res.Doc.COE.ID] = true
		out = append(out, evidence.File{Path: res.Path, Doc: res.Doc})
	}
	return out, ids, failed
}

// report prints the findings on stdout: one a line, or JSON.
func (o *actionsVerifyOptions) report(findings []evidence.Finding, written []evidence.Written, committed bool) error {
	out := o.f.Streams.Out
	if !o.json {
		var b strings.Builder
		for _, fd := range findings {
			b.WriteString(coe.Printable(fd.String(), false))
			b.WriteByte('\n')
		}
		_, err := fmt.Fprint(out, b.String())
		return err
	}
	v := struct {
		Findings  []verifyFinding    `json:"findings"`
		Written   []evidence.Written `json:"written"`
		Committed bool               `json:"committed"`
	}{Findings: []verifyFinding{}, Written: written, Committed: committed}
	if v.Written == nil {
		v.Written = []evidence.Written{}
	}
	for _, fd := range findings {
		j := verifyFinding{Kind: fd.Kind, Fails: fd.Fails(), Path: fd.Path, Line: fd.Line, Col: fd.Col, COE: fd.COE, Action: fd.Action,
			Status: fd.Status, Trailer: coe.Printable(fd.Trailer, false), Commits: []evidence.JSONLink{}, Message: coe.Printable(fd.Message, false)}
		for _, l := range fd.Commits {
			j.Commits = append(j.Commits, l.JSON())
		}
		v.Findings = append(v.Findings, j)
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
