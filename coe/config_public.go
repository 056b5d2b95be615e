package coe

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// PublicConfig tunes the rules of the public section of COEs (public: in
// .coe.yaml): what public text must never say, what it may say though it
// looks internal, and which COEs must have one.
type PublicConfig struct {
	// Deny are words and phrases public text must not hold, like code
	// names and internal team names (rule public-leak): whole words,
	// without regard to case; a * at the end matches any ending.
	Deny []string
	// Allow are texts that look internal but are public, like a support
	// address or a public status host: public-leak does not report them.
	Allow []string
	// Required are the severities whose COEs must have a public section
	// (a public summary) from review on (rule public-required); none by
	// default. RequiredPos is where each is in the file.
	Required    []string
	RequiredPos []Position
	// Pos is where the value of each key of public: is in the file.
	Pos map[string]Position
}

// Bounds on internal_domains: at most MaxInternalDomains, each a domain
// name of at most 253 bytes.
const (
	MaxInternalDomains = 1000
	maxDomainName      = 253
)

var keysPublicConfig = []string{"deny", "allow", "required"}

// publicListHint says what each list of public: holds, for messages.
var publicListHint = map[string]string{
	"deny":  "a list of words or phrases public text must not hold, like [project-falcon, night shift]",
	"allow": "a list of texts public text may hold, like [support@example.com]",
}

// KeysPublicConfig are the keys of public: in .coe.yaml.
func KeysPublicConfig() []string { return slices.Clone(keysPublicConfig) }

// IsRequired reports whether COEs of a severity must have a public
// section.
func (p *PublicConfig) IsRequired(severity string) bool {
	return p != nil && slices.Contains(p.Required, severity)
}

// internalDomains decodes internal_domains:, a list of domain names whose
// hosts never appear in public text (corp.example.net).
func (d *decoder) internalDomains(n *yaml.Node) []string {
	if isNull(n) {
		return nil
	}
	const expected = "expected a list of domain names, like [corp.example.net]"
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleConfig, "internal_domains is %s; %s", kindName(n), expected)
		return nil
	}
	if len(n.Content) > MaxInternalDomains {
		d.errorf(n, RuleConfig, "internal_domains has %d entries; it may hold at most %d", len(n.Content), MaxInternalDomains)
		return nil
	}
	var out []string
	seen := map[string]int{}
	for i, c := range n.Content {
		what := fmt.Sprintf("internal_domains[%d]", i)
		s := strings.TrimSpace(d.str(c, what))
		if c.Kind != yaml.ScalarNode {
			continue
		}
		lower := strings.ToLower(strings.TrimSuffix(s, "."))
		switch {
		case s == "":
			d.errorf(c, RuleConfig, "%s is empty; expected a domain name, like corp.example.net", what)
		case len(s) > maxDomainName:
			d.errorf(c, RuleConfig, "%s is %d bytes long; a domain name is at most %d", what, len(s), maxDomainName)
		case strings.Contains(s, "://") || strings.ContainsAny(s, "/@:"):
			d.errorf(c, RuleConfig, "%s %q is not a domain name; expected the name alone, like corp.example.net", what, s)
		case strings.HasPrefix(s, "*.") || strings.HasPrefix(s, "."):
			d.errorf(c, RuleConfig, "%s %q starts with %q; expected the domain alone, like %s: the hosts under it are found too", what, s, s[:strings.IndexByte(s, '.')+1], strings.TrimLeft(s, "*."))
		case !validDomain(lower):
			d.errorf(c, RuleConfig, "%s %q is not a domain name of two labels or more (letters, digits, - and _ between dots); expected one like corp.example.net", what, s)
		default:
			if line, dup := seen[lower]; dup {
				d.errorf(c, RuleConfig, "%s %q is listed twice (first at line %d)", what, s, line)
				continue
			}
			seen[lower] = c.Line
			out = append(out, s)
		}
	}
	return out
}

// validDomain reports whether s is two labels or more of letters,
// digits, - and _, joined by dots. A single label (corp) is refused: it
// would match the word itself.
func validDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// publicConfig decodes public: of .coe.yaml, the deny and allow lists and the severities
// that require a public section.
func (d *decoder) publicConfig(n *yaml.Node) *PublicConfig {
	if isNull(n) {
		return nil
	}
	p := &PublicConfig{Pos: map[string]Position{}}
	d.mapping(n, "public", keysPublicConfig, func(key string, v *yaml.Node) {
		p.Pos[key] = Position{Line: v.Line, Col: v.Column}
		what := "public." + key
		switch key {
		case "deny", "allow":
			if !isNull(v) && v.Kind != yaml.SequenceNode {
				d.errorf(v, RuleConfig, "%s is %s; expected %s", what, kindName(v), publicListHint[key])
				return
			}
			list := d.wordList(v, what)
			if key == "deny" {
				p.Deny = list
			} else {
				p.Allow = list
			}
		case "required":
			p.Required, p.RequiredPos = d.requiredSeverities(v, what)
		}
	})
	return p
}

// requiredSeverities decodes public.required: severity names, each once;
// checkPublic holds them to severities: once the whole file is read.
func (d *decoder) requiredSeverities(n *yaml.Node, what string) ([]string, []Position) {
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleConfig, "%s is %s; expected a list of severities, like [sev1, sev2]", what, kindName(n))
		return nil, nil
	}
	var out []string
	var pos []Position
	for i, c := range n.Content {
		item := fmt.Sprintf("%s[%d]", what, i)
		s := strings.TrimSpace(d.str(c, item))
		switch {
		case c.Kind != yaml.ScalarNode:
		case s == "":
			d.errorf(c, RuleConfig, "%s is empty; expected a severity, like sev1", item)
		case slices.Contains(out, s):
			d.errorf(c, RuleConfig, "%s: severity %q is listed twice", item, s)
		default:
			out = append(out, s)
			pos = append(pos, Position{Line: c.Line, Col: c.Column})
		}
	}
	return out, pos
}

// checkPublic holds public.required to the config's severities.
func (d *decoder) checkPublic(cfg *Config) {
	if cfg.Public == nil {
		return
	}
	for i, s := range cfg.Public.Required {
		if slices.Contains(cfg.Severities, s) {
			continue
		}
		msg := fmt.Sprintf("public.required[%d] %q is not a severity of this repository; expected one of %s", i, s, quoteList(cfg.Severities))
		if near := Nearest(s, cfg.Severities, 2); len(near) > 0 {
			msg = fmt.Sprintf("public.required[%d] %q is not a severity of this repository; did you mean %q?", i, s, near[0])
		}
		p := cfg.Public.RequiredPos[i]
		d.errs = append(d.errs, &Error{File: d.file, Line: p.Line, Col: p.Col, Rule: RuleConfig, Msg: msg})
	}
}
