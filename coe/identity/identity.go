// Package identity finds who the user is, for the default author of a new
// COE and the default approver: me: in the user config, else the owners
// roster entry whose e-mail is git's user.email, else git's user, else
// $USER (see coe.WhoAmI).
package identity

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/coe/vcs"
)

// MaxUserConfigSize caps the user config read: it holds a few keys.
const MaxUserConfigSize = 64 << 10

// LoadUser reads the user config (see coe.UserConfigPath) and returns it
// with its name for messages (~/.config/coe/config.yaml under $HOME). A
// missing file is the zero config and no error; one that is not a regular
// file, is over the cap or does not read as the user config's YAML is an
// error naming the file (and the line and column).
func LoadUser(getenv func(string) string) (coe.UserConfig, string, error) {
	file := coe.UserConfigPath(getenv)
	if file == "" {
		return coe.UserConfig{}, "", nil
	}
	path := file
	if home := getenv("HOME"); home != "" {
		if rel, err := filepath.Rel(filepath.Clean(home), file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			path = filepath.Join("~", rel) // the name people know it by
		}
	}
	// The user's own file: a link (a dotfiles folder) is followed.
	st, err := os.Stat(file)
	if errors.Is(err, fs.ErrNotExist) {
		return coe.UserConfig{}, path, nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return coe.UserConfig{}, path, fmt.Errorf("%s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return coe.UserConfig{}, path, fmt.Errorf("%s: not a regular file; expected the user config, a YAML file like \"me: dana\"", path)
	}
	data, err := safefs.ReadStream(file, MaxUserConfigSize)
	if err != nil {
		var se *safefs.Error
		if errors.As(err, &se) {
			se.Path = path
		}
		return coe.UserConfig{}, path, err
	}
	cfg, err := coe.ParseUserConfig(path, data)
	return cfg, path, err
}

// Default is the user's identity in the repository r (nil: no repository
// roster, and git asked in the working folder). A user config that does
// not read is an error: the user meant to say who they are.
func Default(r *coe.Repo, getenv func(string) string) (coe.Identity, error) {
	user, path, err := LoadUser(getenv)
	if err != nil {
		return coe.Identity{}, err
	}
	var cfg coe.Config
	dir := "."
	if r != nil {
		cfg, dir = r.Config, r.Root
	}
	git := ""
	if user.Me == "" {
		git = vcs.Identity(dir)
	}
	return coe.WhoAmI(cfg, user, path, git, getenv("USER")), nil
}
