package identity

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

func envOf(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestLoadUser(t *testing.T) {
	home := t.TempDir()
	env := envOf(map[string]string{"HOME": home})
	path := filepath.Join(home, ".config", "coe", "config.yaml")
	shown := "~/.config/coe/config.yaml" // as messages name it

	// Outside $HOME, the path is named whole.
	if _, got, _ := LoadUser(envOf(map[string]string{"HOME": home, "XDG_CONFIG_HOME": "/elsewhere"})); got != "/elsewhere/coe/config.yaml" {
		t.Errorf("a user config outside $HOME is named %q", got)
	}
	// No file: no identity, no error.
	cfg, got, err := LoadUser(env)
	if err != nil || cfg.Me != "" || got != shown {
		t.Fatalf("LoadUser without a file = %+v, %q, %v", cfg, got, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	// A link (a dotfiles folder) is followed.
	dotfiles := filepath.Join(home, "dotfiles.yaml")
	os.WriteFile(dotfiles, []byte("me: dana\n"), 0o644)
	if err := os.Symlink(dotfiles, path); err != nil {
		t.Fatal(err)
	}
	if cfg, _, err := LoadUser(env); err != nil || cfg.Me != "dana" {
		t.Errorf("LoadUser through a link = %+v, %v; want me: dana", cfg, err)
	}
	os.Remove(path)

	bad := []struct {
		setup func()
		want  string
	}{
		{func() { os.WriteFile(path, []byte("mee: dana\n"), 0o644) }, shown + `:1:1: unexpected key "mee" in the user config; did you mean "me"?`},
		{func() { os.WriteFile(path, []byte("me: "+strings.Repeat("x", MaxUserConfigSize)+"\n"), 0o644) }, shown + ": is 65541 bytes; at most 65536 bytes (64 KiB) are read"},
		{func() { os.Mkdir(path, 0o755) }, shown + ": not a regular file; expected the user config"},
	}
	for _, b := range bad {
		os.RemoveAll(path)
		b.setup()
		_, _, err := LoadUser(env)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("LoadUser = %v; want %q", err, b.want)
		}
	}
}

// The default identity in a repository: me:, else the roster's handle for
// git's user.email, else git's user.
func TestDefault(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home, root := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, "gitconfig"))
	for _, args := range [][]string{{"init", "-q"}, {"config", "user.email", "Dana@Example.com"}} {
		if out, err := exec.Command("git", append([]string{"-C", root}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	os.WriteFile(filepath.Join(root, coe.ConfigName), []byte("owners:\n  - kenji\n  - {handle: dana, email: dana@example.com}\n"), 0o644)
	r, err := coe.OpenRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	env := envOf(map[string]string{"HOME": home, "USER": "unix-dana"})
	if who, err := Default(r, env); err != nil || who.Name != "dana" {
		t.Errorf("Default by the roster = %+v, %v; want dana", who, err)
	}
	userCfg := filepath.Join(home, ".config", "coe", "config.yaml")
	os.MkdirAll(filepath.Dir(userCfg), 0o755)
	os.WriteFile(userCfg, []byte("me: dee\n"), 0o644)
	if who, err := Default(r, env); err != nil || who.Name != "dee" || who.From != "me: in ~/.config/coe/config.yaml" {
		t.Errorf("Default with me: = %+v, %v; want dee from the user config", who, err)
	}
	os.WriteFile(userCfg, []byte("me: [dee]\n"), 0o644)
	if _, err := Default(r, env); err == nil || !strings.Contains(err.Error(), "~/.config/coe/config.yaml:1:5: me is a list") {
		t.Errorf("Default with a bad user config = %v; want its position", err)
	}
	os.Remove(userCfg)
	os.WriteFile(filepath.Join(root, coe.ConfigName), []byte("owners: [kenji]\n"), 0o644)
	r, _ = coe.OpenRepo(root)
	if who, _ := Default(r, env); who.Name != "Dana@Example.com" {
		t.Errorf("Default without a roster e-mail = %+v; want git's user.email", who)
	}
}
