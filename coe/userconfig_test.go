package coe

import (
	"strings"
	"testing"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

// The user config is under $XDG_CONFIG_HOME when that is an absolute path,
// else under ~/.config.
func TestUserConfigPath(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/dana"}, "/x/cfg/coe/config.yaml"},
		{map[string]string{"HOME": "/home/dana"}, "/home/dana/.config/coe/config.yaml"},
		{map[string]string{"XDG_CONFIG_HOME": "relative", "HOME": "/home/dana"}, "/home/dana/.config/coe/config.yaml"},
		{map[string]string{}, ""},
	}
	for _, tc := range cases {
		if got := UserConfigPath(env(tc.env)); got != tc.want {
			t.Errorf("UserConfigPath(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestParseUserConfig(t *testing.T) {
	good := []struct{ src, me string }{
		{"me: dana\n", "dana"},
		{"# who I am\nme: \"li.wei\"   # as in the roster\n", "li.wei"},
		{"me: dana@example.com\n", "dana@example.com"},
		{"me:\n", ""},
		{"", ""},
		{"# nothing yet\n", ""},
		{"\ufeffme: dana\r\n", "dana"},
	}
	for _, g := range good {
		cfg, err := ParseUserConfig("config.yaml", []byte(g.src))
		if err != nil || cfg.Me != g.me {
			t.Errorf("ParseUserConfig(%q) = %q, %v; want %q", g.src, cfg.Me, err, g.me)
		}
	}
	bad := []struct{ src, want string }{
		{"mee: dana\n", `config.yaml:1:1: unexpected key "mee" in the user config; did you mean "me"?`},
		{"me: [dana, kenji]\n", `config.yaml:1:5: me is a list; expected a text`},
		{"me: \"\"\n", `config.yaml:1:5: me is empty; expected the handle you go by in COEs, like me: dana, or no me key`},
		{"me: \"dana\\nkenji\"\n", `config.yaml:1:5: me "dana\nkenji" holds a line break or control character`},
		{"me: dana, kenji\n", `config.yaml:1:5: me "dana, kenji" holds a comma; expected one handle`},
		{"me: dana\nme: kenji\n", `config.yaml:2:1: duplicate key "me" in the user config (first at line 1)`},
		{"- me: dana\n", `config.yaml:1:1: top level is a list; expected the user config's keys, like me: dana`},
		{"me: 'dana\n", `config.yaml:2:1: invalid YAML`},
		{"me: &x dana\n", `config.yaml:1:5: anchor &x`},
	}
	for _, b := range bad {
		_, err := ParseUserConfig("config.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseUserConfig(%q) = %v\nwant %q", b.src, err, b.want)
		}
	}
}

// Who the user is: me: first, then the roster entry with git's e-mail,
// then git's user, then $USER.
func TestWhoAmI(t *testing.T) {
	roster, err := ParseConfig(".coe.yaml", []byte("owners: [kenji, {handle: dana, email: dana@example.com}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name          string
		cfg           Config
		me, git, user string
		want          string
		from          string
	}{
		{"me: wins", roster, "li.wei", "dana@example.com", "u", "li.wei", "me: in /h/config.yaml"},
		{"the roster maps git's e-mail", roster, "", "dana@example.com", "u", "dana", "the owners roster of .coe.yaml, by git's user.email dana@example.com"},
		{"e-mails match whatever their case", roster, "", "Dana@Example.COM", "u", "dana", "the owners roster"},
		{"an e-mail not in the roster", roster, "", "kenji@example.com", "u", "kenji@example.com", "your git user"},
		{"no roster", Config{}, "", "dana@example.com", "u", "dana@example.com", "your git user"},
		{"git's name", roster, "", "Dana Reviewer", "u", "Dana Reviewer", "your git user"},
		{"$USER", roster, "", "", "dana", "dana", "$USER"},
		{"nobody", roster, "", "  ", "", "", ""},
	}
	for _, tc := range cases {
		got := WhoAmI(tc.cfg, UserConfig{Me: tc.me}, "/h/config.yaml", tc.git, tc.user)
		if got.Name != tc.want || !strings.HasPrefix(got.From, tc.from) {
			t.Errorf("%s: WhoAmI = %+v; want %q from %q", tc.name, got, tc.want, tc.from)
		}
	}
}
