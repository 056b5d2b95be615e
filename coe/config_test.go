package coe

import (
	"strings"
	"testing"
)

// The templates key names a folder of report templates relative to
// .coe.yaml; it is optional, and coe init does not write it.
func TestConfigTemplates(t *testing.T) {
	cfg, err := ParseConfig(".coe.yaml", []byte("dir: coes\ntemplates: report-templates\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Templates != "report-templates" {
		t.Errorf("Templates = %q, want report-templates", cfg.Templates)
	}
	for _, src := range []string{"dir: coes\n", "templates:\n", "templates: null\n"} {
		cfg, err := ParseConfig(".coe.yaml", []byte(src))
		if err != nil || cfg.Templates != "" {
			t.Errorf("ParseConfig(%q) = %q, %v; want no templates folder", src, cfg.Templates, err)
		}
	}
	if strings.Contains(string(MarshalConfig(DefaultConfig())), "templates") {
		t.Error("coe init's config names a templates folder; it is optional")
	}
	bad := []struct{ src, want string }{
		{"templates: \"\"\n", `.coe.yaml:1:12: templates is empty; expected a folder relative to .coe.yaml`},
		{"templates: /srv/tpl\n", `.coe.yaml:1:12: templates "/srv/tpl" is absolute`},
		{"templates: [a]\n", `.coe.yaml:1:12: templates is a list; expected a text`},
		{"templats: x\n", `.coe.yaml:1:1: unexpected key "templats" in .coe.yaml; did you mean "templates"?`},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v, want %q", b.src, err, b.want)
		}
	}
}
