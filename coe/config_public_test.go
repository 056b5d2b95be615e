package coe

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// internal_domains: and public: read into the config; mistakes are
// errors at their line and column.
func TestConfigPublic(t *testing.T) {
	src := `severities: [sev1, sev2, sev3]
internal_domains: [corp.example.net, Ops.Example.ORG.]
public:
  deny: [project-falcon, blue*]
  allow: [support@example.com]
  required: [sev1]
`
	cfg, err := ParseConfig(".coe.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.InternalDomains, []string{"corp.example.net", "Ops.Example.ORG."}) {
		t.Errorf("InternalDomains = %q", cfg.InternalDomains)
	}
	p := cfg.Public
	if p == nil || !slices.Equal(p.Deny, []string{"project-falcon", "blue*"}) || !slices.Equal(p.Allow, []string{"support@example.com"}) || !slices.Equal(p.Required, []string{"sev1"}) {
		t.Fatalf("Public = %+v", p)
	}
	if !p.IsRequired("sev1") || p.IsRequired("sev2") || (*PublicConfig)(nil).IsRequired("sev1") {
		t.Error("IsRequired: sev1 only")
	}
	// Without them: nothing required, no domain.
	cfg, err = ParseConfig(".coe.yaml", []byte("dir: coes\npublic:\n"))
	if err != nil || cfg.Public != nil || cfg.InternalDomains != nil {
		t.Errorf("no public config: %+v, %v, %v", cfg.Public, cfg.InternalDomains, err)
	}
	// required is checked against the severities, wherever they are in
	// the file.
	if _, err := ParseConfig(".coe.yaml", []byte("public: {required: [sev1]}\nseverities: [p1, p2]\n")); err == nil ||
		!strings.Contains(err.Error(), `.coe.yaml:1:21: public.required[0] "sev1" is not a severity of this repository; expected one of "p1", "p2"`) {
		t.Errorf("required not a severity: %v", err)
	}
	bad := []struct{ src, want string }{
		{"internal_domains: corp.example.net\n", `.coe.yaml:1:19: internal_domains is the text "corp.example.net"; expected a list of domain names, like [corp.example.net]`},
		{"internal_domains: [corp]\n", `.coe.yaml:1:20: internal_domains[0] "corp" is not a domain name of two labels or more`},
		{"internal_domains: [\"*.corp.example.net\"]\n", `.coe.yaml:1:20: internal_domains[0] "*.corp.example.net" starts with "*."; expected the domain alone, like corp.example.net`},
		{"internal_domains: [.corp.example.net]\n", `starts with "."; expected the domain alone, like corp.example.net`},
		{"internal_domains: [https://corp.example.net]\n", `internal_domains[0] "https://corp.example.net" is not a domain name; expected the name alone`},
		{"internal_domains: [dana@corp.example.net]\n", `is not a domain name; expected the name alone`},
		{"internal_domains: [a..b]\n", `internal_domains[0] "a..b" is not a domain name of two labels`},
		{"internal_domains: [x.net, X.NET]\n", `.coe.yaml:1:27: internal_domains[1] "X.NET" is listed twice (first at line 1)`},
		{"internal_domains: [\"\"]\n", `internal_domains[0] is empty`},
		{"internal_domains: [[a.b]]\n", `internal_domains[0] is a list; expected a text`},
		{"internal_domains: [" + strings.Repeat("a.", 130) + "net]\n", `is 263 bytes long; a domain name is at most 253`},
		{"public: [deny]\n", `.coe.yaml:1:9: public is a list; expected a mapping with keys "deny", "allow", "required"`},
		{"public: {deni: [x]}\n", `.coe.yaml:1:10: unexpected key "deni" in public; did you mean "deny"?`},
		{"public: {deny: x}\n", `.coe.yaml:1:16: public.deny is the text "x"; expected a list of words or phrases public text must not hold`},
		{"public: {deny: [\"*\"]}\n", `public.deny[0] "*" has no letter or digit`},
		{"public: {allow: support@example.com}\n", `.coe.yaml:1:17: public.allow is the text "support@example.com"; expected a list of texts public text may hold`},
		{"public: {allow: [\" \"]}\n", `public.allow[0] is empty`},
		{"public: {allow: [" + strings.Repeat("x", 101) + "]}\n", `public.allow[0] is 101 bytes long; an entry is a word or a short phrase of at most 100 bytes`},
		{"public: {required: sev1}\n", `public.required is the text "sev1"; expected a list of severities, like [sev1, sev2]`},
		{"public: {required: [sev1, sev1]}\n", `.coe.yaml:1:27: public.required[1]: severity "sev1" is listed twice`},
		{"public: {required: [sev11]}\n", `public.required[0] "sev11" is not a severity of this repository; did you mean "sev1"?`},
	}
	for _, b := range bad {
		_, err := ParseConfig(".coe.yaml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseConfig(%q) = %v\nwant %q", b.src, err, b.want)
		}
	}
	// The lists are capped, so a config cannot make linting slow.
	many := fmt.Sprintf("internal_domains: [%s]\n", strings.Repeat("a.b, ", MaxInternalDomains)+"a.b")
	if _, err := ParseConfig(".coe.yaml", []byte(many)); err == nil || !strings.Contains(err.Error(), "it may hold at most 1000") {
		t.Errorf("too many domains: %v", err)
	}
	many = fmt.Sprintf("public: {allow: [%s]}\n", strings.Repeat("a, ", MaxQualityEntries)+"a")
	if _, err := ParseConfig(".coe.yaml", []byte(many)); err == nil || !strings.Contains(err.Error(), "a list may hold at most 10000") {
		t.Errorf("too many allowed: %v", err)
	}
}
