// Package evidence finds the commits that name corrective actions with a
// trailer, COE-Action: <coe-id>#CA-<n> (followed by "done" when the commit
// finishes the action), in the COE repository and in local clones of the
// code repositories beside it, and checks the actions against them: coe
// actions --evidence and coe actions verify.
//
// Each repository is read with one git log, streamed: the history of its
// HEAD (what is checked out), restricted to the commits whose message
// mentions the trailer, which git's own trailer parsing then decides. A
// repository may be hostile: git runs with settings that keep its config
// from running anything (see Log).
package evidence

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
)

// TrailerKey is the trailer that links a commit to an action. Git compares
// trailer keys without regard to case.
const TrailerKey = "COE-Action"

// Limits on what one commit may hold, so that a hostile repository costs
// bounded memory: the subject is cut at MaxSubject bytes, the trailers
// read at most MaxTrailerBytes, and at most MaxRefs references count.
const (
	MaxSubject      = 512
	MaxTrailerBytes = 16 << 10
	MaxRefs         = 64
)

// Repo is a git repository whose history is read.
type Repo struct {
	// Name is the repository as the user wrote it: "." for the COE
	// repository, a code_repos entry, a --repo value.
	Name string
	// Dir is its absolute folder.
	Dir string
	// Top says Dir must be the top folder of a clone (a code repository):
	// git does not look above it. The COE repository may be a folder of a
	// larger git repository, whose history is then read.
	Top bool
	// Origin names what gave it, for messages: "code_repos[0]" (File and
	// Pos then say where), "--repo", or "" for the COE repository.
	Origin string
	File   string
	Pos    coe.Position
}

// errorf makes an error about the repository that names where it was
// given: the config's line, or the flag.
func (r Repo) errorf(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	switch {
	case r.File != "":
		return &coe.Error{File: r.File, Line: r.Pos.Line, Col: r.Pos.Col, Rule: coe.RuleConfig, Msg: fmt.Sprintf("%s %q: %s", r.Origin, r.Name, msg)}
	case r.Origin != "":
		return fmt.Errorf("%s %s: %s", r.Origin, r.Name, msg)
	}
	return fmt.Errorf("the COE repository's history: %s", msg)
}

// Repos lists the repositories to read for the COE repository r: r's own
// first, then its config's code_repos (relative to .coe.yaml), then extra
// (--repo values, relative to workDir unless absolute). configName is how
// messages name .coe.yaml.
func Repos(r *coe.Repo, configName string, extra []string, workDir string) []Repo {
	out := []Repo{{Name: ".", Dir: r.Root}}
	for i, p := range r.Config.CodeRepos {
		rp := Repo{Name: p, Dir: filepath.Join(r.Root, filepath.FromSlash(p)), Top: true, Origin: fmt.Sprintf("code_repos[%d]", i), File: configName}
		if i < len(r.Config.CodeRepoPos) {
			rp.Pos = r.Config.CodeRepoPos[i]
		}
		out = append(out, rp)
	}
	for _, p := range extra {
		dir := p
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(workDir, dir)
		}
		out = append(out, Repo{Name: p, Dir: filepath.Clean(dir), Top: true, Origin: "--repo"})
	}
	return out
}

// Ref is one action a commit names.
type Ref struct {
	COE    string
	Action string
	// Done says the trailer ends in "done": the commit finishes the action.
	Done bool
}

// Key is "<coe-id>#<action-id>", the reference as a trailer writes it.
func (r Ref) Key() string { return r.COE + "#" + r.Action }

// Commit is a commit with at least one COE-Action trailer.
type Commit struct {
	// Repo is the name of the repository it was found in (Repo.Name).
	Repo string
	// ID is the full commit id; Short git's abbreviation of it.
	ID    string
	Short string
	// Date is the committer date, in the committer's offset.
	Date time.Time
	// Subject is the first line of the message, as git gives it (cut at
	// MaxSubject bytes): show it with coe.Printable.
	Subject string
	// Refs are the actions its trailers name, in order, each once.
	Refs []Ref
	// Bad are the trailer values that name no action in the expected form,
	// as written (cut to 200 bytes).
	Bad []string
}

var actionIDPattern = regexp.MustCompile(`^CA-[1-9][0-9]{0,8}$`)

// ErrRefForm says what a trailer value must look like.
var ErrRefForm = errors.New("expected " + TrailerKey + ": <coe-id>#CA-<n>, optionally followed by done, like " +
	TrailerKey + ": 2024-01-28-speaker-groups-stopped-playing#CA-2 done")

// ParseRef reads the value of a COE-Action trailer: "<coe-id>#CA-<n>",
// optionally followed by "done" (in any case).
func ParseRef(v string) (Ref, error) {
	f := strings.Fields(v)
	if len(f) == 0 || len(f) > 2 || (len(f) == 2 && !strings.EqualFold(f[1], "done")) {
		return Ref{}, ErrRefForm
	}
	id, action, ok := strings.Cut(f[0], "#")
	if !ok || !coe.ValidID(id) || !actionIDPattern.MatchString(action) {
		return Ref{}, ErrRefForm
	}
	return Ref{COE: id, Action: action, Done: len(f) == 2}, nil
}

// parseTrailers reads the trailer values git gave for one commit into its
// Refs (each action once; done if any of its trailers says so) and Bad.
func (c *Commit) parseTrailers(values []string) {
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			continue
		}
		ref, err := ParseRef(v)
		if err != nil {
			if len(c.Bad) < MaxRefs {
				c.Bad = append(c.Bad, cutBytes(strings.TrimSpace(v), 200))
			}
			continue
		}
		dup := false
		for i := range c.Refs {
			if c.Refs[i].COE == ref.COE && c.Refs[i].Action == ref.Action {
				c.Refs[i].Done = c.Refs[i].Done || ref.Done
				dup = true
			}
		}
		if !dup && len(c.Refs) < MaxRefs {
			c.Refs = append(c.Refs, ref)
		}
	}
}

// cutBytes cuts s to at most n bytes, at a rune boundary, marking the cut
// with "…".
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return markCut(s[:n])
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
