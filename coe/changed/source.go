package changed

import (
	"os"
	"path/filepath"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/coe/vcs"
)

// RevFromPaths reads "coe lint --changed main" as git does an argument
// that is not a file: --changed takes its REV after "=", so a bare
// --changed leaves "main" among the PATH arguments. When the first PATH is
// no file under workDir but names a commit, it is the REV.
func RevFromPaths(workDir string, paths []string) (rev string, rest []string) {
	if len(paths) == 0 {
		return "", paths
	}
	p := paths[0]
	if !filepath.IsAbs(p) {
		p = filepath.Join(workDir, p)
	}
	if _, err := os.Stat(p); err == nil {
		return "", paths
	}
	if _, err := vcs.ResolveCommit(workDir, paths[0]); err != nil {
		return "", paths
	}
	return paths[0], paths[1:]
}

// Source gives the lines of a linted file by the name a diagnostic gives
// it (display of its path), for the text format's source lines: as staged
// when sel is git's index, else as the file is (read through the guarded
// file system, capped). sel may be nil.
func Source(r *coe.Repo, files []string, display func(string) string, sel *Selection) func(string) []byte {
	where := make(map[string]string, len(files))
	for _, p := range files {
		where[display(p)] = p
	}
	return func(name string) []byte {
		if sel != nil && sel.Staged != nil {
			return sel.Staged.Data[where[name]]
		}
		data, _ := safefs.ReadIn(r.FS(), where[name], coe.MaxFileSize)
		return data
	}
}
