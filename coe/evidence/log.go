package evidence

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe/vcs"
)

// gitConfig pins the settings through which a repository's own config
// could run a program or change what git log prints: a pull request may
// carry a bare repository of its own, config included, and a code
// repository is not necessarily trusted.
var gitConfig = []string{
	"core.fsmonitor=false",         // no file system monitor hook
	"log.showSignature=false",      // no gpg.program
	"safe.bareRepository=explicit", // no bare repository found by looking (one may be committed in a checkout)
	"protocol.allow=never",         // no lazy fetch from a promisor remote
	"trailer.separators=:",         // trailers as git writes them by default
	"i18n.logOutputEncoding=UTF-8", // text as UTF-8
	"core.abbrev=auto",             // short ids as git's default
	"log.mailmap=false",            // nothing read from the work tree
	"color.ui=never",               // no escape sequences of git's own
}

// The log format: full id, short id, committer date (Unix time, and
// strict ISO 8601 with the committer's offset), subject, and the
// COE-Action trailers' values, each field ended by NUL; with -z git ends
// each commit with one more NUL. Git stops a message at a NUL byte, so
// none can be inside a field.
const logFormat = "tformat:%H%x00%h%x00%ct%x00%cI%x00%s%x00%(trailers:key=" + TrailerKey + ",valueonly,unfold,separator=%x1f)%x00"

// gitEnv is the environment git runs in: the caller's, without what would
// send git to another repository or program, with no optional locks
// (reading must not write .git/index), no prompt, and messages in English
// (they are matched).
func gitEnv(r Repo, dir string) []string {
	drop := map[string]bool{
		"GIT_DIR": true, "GIT_WORK_TREE": true, "GIT_INDEX_FILE": true, "GIT_OBJECT_DIRECTORY": true,
		"GIT_ALTERNATE_OBJECT_DIRECTORIES": true, "GIT_COMMON_DIR": true, "GIT_NAMESPACE": true,
		"GIT_CEILING_DIRECTORIES": true, "GIT_DISCOVERY_ACROSS_FILESYSTEM": true, "GIT_EXTERNAL_DIFF": true,
		"GIT_PAGER": true, "PAGER": true, "GIT_CONFIG_COUNT": true, "GIT_CONFIG_PARAMETERS": true,
		"GIT_REPLACE_REF_BASE": true, "GIT_GRAFT_FILE": true, "GIT_SHALLOW_FILE": true, "LC_ALL": true, "LANGUAGE": true,
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] && !strings.HasPrefix(k, "GIT_CONFIG_KEY_") && !strings.HasPrefix(k, "GIT_CONFIG_VALUE_") && !strings.HasPrefix(k, "GIT_TRACE") {
			env = append(env, kv)
		}
	}
	env = append(env, "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0", "GIT_NO_LAZY_FETCH=1", "LC_ALL=C", "LANGUAGE=C")
	if r.Top {
		// Only dir itself: a folder inside another clone is not that clone.
		env = append(env, "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	}
	return env
}

// ErrNotGit says the COE repository is in no git repository: it has no
// history to read.
var ErrNotGit = errors.New("not in a git repository")

// Log reads the history of r's HEAD with one git log and calls fn with
// each commit that has a COE-Action trailer, newest first, as git prints
// it: the output is read one commit at a time, never whole. A repository
// without commits has none. An error names r as its origin does (the
// config's line, or --repo); for the COE repository outside git it is
// ErrNotGit. fn's error stops the log and is returned.
func Log(r Repo, fn func(*Commit) error) error {
	dir := r.Dir
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return r.errorf("no such folder (%s); expected the path of a local clone%s", dir, r.relativeTo())
	case err != nil:
		return r.errorf("%v", err)
	case !st.IsDir():
		return r.errorf("not a folder (%s); expected the path of a local clone%s", dir, r.relativeTo())
	}
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		dir = resolved // git compares the ceiling with the real path
	}
	if _, err := exec.LookPath("git"); err != nil {
		return vcs.ErrNoGit
	}
	args := []string{"--no-pager"}
	for _, c := range gitConfig {
		args = append(args, "-c", c)
	}
	args = append(args, "-C", dir, "log", "-z", "--format="+logFormat,
		"--no-color", "--no-ext-diff", "--no-textconv", "--no-notes", "--no-mailmap", "--no-decorate",
		"--regexp-ignore-case", "--fixed-strings", "--grep="+TrailerKey, "HEAD", "--")
	cmd := exec.Command("git", args...)
	cmd.Env = gitEnv(r, dir)
	cmd.Stdin = nil
	var errOut capped
	cmd.Stderr = &errOut
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git log: %v", err)
	}
	readErr := parseLog(bufio.NewReaderSize(out, 64<<10), r.Name, fn)
	if readErr != nil {
		_ = cmd.Process.Kill()
		_, _ = io.Copy(io.Discard, out)
	}
	waitErr := cmd.Wait()
	if readErr != nil {
		return readErr
	}
	if waitErr != nil {
		return r.gitError(strings.TrimSpace(errOut.String()), waitErr)
	}
	return nil
}

// relativeTo says what a configured path is relative to.
func (r Repo) relativeTo() string {
	if r.File != "" {
		return ", relative to " + filepath.Base(r.File)
	}
	return ""
}

// gitError turns git's failure into a message about r.
func (r Repo) gitError(msg string, err error) error {
	switch {
	case strings.Contains(msg, "does not have any commits yet"), strings.Contains(msg, "ambiguous argument 'HEAD'"), strings.Contains(msg, "bad revision 'HEAD'"):
		return nil // an empty repository: no history, no evidence
	case strings.Contains(msg, "not a git repository"):
		if !r.Top {
			return ErrNotGit
		}
		return r.errorf("not a git repository; expected the top folder of a clone (the one holding .git)")
	case strings.Contains(msg, "cannot use bare repository"):
		return r.errorf("is a bare repository, which coe does not read (a checkout may carry one, config and all); expected a clone with a work tree")
	case msg == "":
		msg = err.Error()
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return r.errorf("git log: %s", strings.TrimPrefix(msg, "fatal: "))
}

// parseLog reads git log's output: seven NUL-ended fields a commit (see
// logFormat), each capped.
func parseLog(br *bufio.Reader, repo string, fn func(*Commit) error) error {
	caps := [7]int{64, 64, 32, 64, MaxSubject, MaxTrailerBytes, 0}
	var f [7]string
	for {
		for i := range f {
			s, cut, err := readField(br, caps[i])
			if err == io.EOF && i == 0 && s == "" && !cut {
				return nil
			}
			if err != nil {
				return fmt.Errorf("git log in %s: output ends inside a commit", repo)
			}
			if cut && i != 4 && i != 5 {
				return fmt.Errorf("git log in %s: unexpected output %q", repo, cutBytes(f[0], 100))
			}
			if cut && i == 4 {
				s = markCut(s)
			}
			f[i] = s
		}
		if !isHex(f[0]) || !isHex(f[1]) {
			return fmt.Errorf("git log in %s: unexpected output %q", repo, cutBytes(f[0], 100))
		}
		c := &Commit{Repo: repo, ID: f[0], Short: f[1], Date: commitDate(f[2], f[3]), Subject: f[4]}
		c.parseTrailers(strings.FieldsFunc(f[5], func(r rune) bool { return r == 0x1f || r == '\n' }))
		if len(c.Refs) == 0 && len(c.Bad) == 0 {
			continue // "COE-Action" in the message, but not as a trailer
		}
		if err := fn(c); err != nil {
			return err
		}
	}
}

// commitDate is the committer date in the committer's offset, or in UTC
// when the offset is one Go cannot hold (a commit object may say +9999);
// the zero time when git gave neither.
func commitDate(unix, iso string) time.Time {
	if t, err := time.Parse(time.RFC3339, iso); err == nil {
		return t
	}
	if n, err := strconv.ParseInt(unix, 10, 64); err == nil {
		return time.Unix(n, 0).UTC()
	}
	return time.Time{}
}

// readField reads up to the next NUL. It keeps at most max bytes, says
// whether there were more, and skips them.
func readField(br *bufio.Reader, max int) (string, bool, error) {
	var buf []byte
	cut := false
	for {
		chunk, err := br.ReadSlice(0)
		if n := len(chunk); err == nil {
			chunk = chunk[:n-1] // the NUL
		}
		if room := max - len(buf); len(chunk) > room {
			buf = append(buf, chunk[:room]...)
			cut = true
		} else {
			buf = append(buf, chunk...)
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return string(buf), cut, err
		}
	}
}

// markCut ends a text that was cut with "…", at a rune boundary.
func markCut(s string) string {
	i := max(len(s)-len("…"), 0)
	for i > 0 && !isRuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func isHex(s string) bool {
	if len(s) < 4 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// capped keeps the first 4 KiB written to it: git's message.
type capped struct{ bytes.Buffer }

func (c *capped) Write(p []byte) (int, error) {
	if room := 4096 - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
