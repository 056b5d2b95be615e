package coe

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The user config is the person's own, beside the repositories they work
// in: $XDG_CONFIG_HOME/coe/config.yaml, else ~/.config/coe/config.yaml.
//
//	me: dana     # who I am in COEs: the default author and approver
//
// It is optional; an empty or missing file is all defaults.

// UserConfig is the user config.
type UserConfig struct {
	// Me is the handle the user goes by in COEs, or "".
	Me string
}

var keysUserConfig = []string{"me"}

// KeysUserConfig are the keys of the user config.
func KeysUserConfig() []string { return slices.Clone(keysUserConfig) }

// UserConfigPath is where the user config is: $XDG_CONFIG_HOME/coe/config.yaml
// when XDG_CONFIG_HOME is an absolute path (the XDG rule), else
// $HOME/.config/coe/config.yaml; "" when neither is known.
func UserConfigPath(getenv func(string) string) string {
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "coe", "config.yaml")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".config", "coe", "config.yaml")
	}
	return ""
}

// ParseUserConfig decodes the user config; path names it in messages,
// which give the line and column of each problem.
func ParseUserConfig(path string, data []byte) (UserConfig, error) {
	var cfg UserConfig
	if strings.TrimSpace(strings.TrimPrefix(string(data), string(bom))) == "" {
		return cfg, nil
	}
	root, err := parseNode(path, data)
	if err != nil {
		if l := Errors(err); len(l) == 1 && l[0].Rule == RuleEmptyFile {
			return cfg, nil // comments only
		}
		if l := Errors(err); len(l) == 1 && l[0].Rule == RuleWrongType {
			what, _, _ := strings.Cut(l[0].Msg, ";")
			l[0].Msg = what + "; expected the user config's keys, like me: dana"
		}
		return cfg, err
	}
	d := &decoder{file: path}
	d.checkAliases(root)
	if len(d.errs) > 0 {
		return cfg, d.errs
	}
	d.mapping(root.Content[0], "the user config", keysUserConfig, func(key string, v *yaml.Node) {
		switch key {
		case "me":
			me := d.str(v, "me")
			switch {
			case v.Kind != yaml.ScalarNode:
			case isNull(v):
			case strings.TrimSpace(me) == "":
				d.errorf(v, RuleConfig, "me is empty; expected the handle you go by in COEs, like me: dana, or no me key")
			case strings.ContainsFunc(me, isControlRune):
				d.errorf(v, RuleConfig, "me %q holds a line break or control character; expected one handle, like me: dana", me)
			case strings.Contains(me, ","):
				d.errorf(v, RuleConfig, "me %q holds a comma; expected one handle, like me: dana", me)
			default:
				cfg.Me = strings.TrimSpace(me)
			}
		}
	})
	d.errs.Sort()
	return cfg, d.errs.Err()
}

func isControlRune(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// Identity is who the user is, for the default author of a new COE and the
// default approver: the name, and where it came from (for messages).
type Identity struct {
	Name string
	From string
}

// WhoAmI picks the user's identity: me: of the user config, else the
// handle of the roster entry whose e-mail is git's user.email, else git's
// user (user.email, else user.name), else $USER. gitUser is what git
// gives (an e-mail or a name); userConfig names the user config in From.
// The zero Identity means none of them is known.
func WhoAmI(cfg Config, user UserConfig, userConfig, gitUser, envUser string) Identity {
	gitUser, envUser = strings.TrimSpace(gitUser), strings.TrimSpace(envUser)
	switch {
	case user.Me != "":
		return Identity{user.Me, "me: in " + userConfig}
	case cfg.HandleOf(gitUser) != "":
		return Identity{cfg.HandleOf(gitUser), fmt.Sprintf("the owners roster of %s, by git's user.email %s", ConfigName, gitUser)}
	case gitUser != "":
		return Identity{gitUser, "your git user"}
	case envUser != "":
		return Identity{envUser, "$USER"}
	}
	return Identity{}
}
