package coe

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Factor is one entry of the contributing factors taxonomy (factors: in
// .coe.yaml): a name COEs give in contributing_factors, and what it means.
type Factor struct {
	// Name is lower-case words joined by hyphens, like config-change.
	Name string
	// Description says when the factor applies; "" when not given.
	Description string
	// Pos is where the entry is in the config file.
	Pos Position
}

// Bounds on factors: so that a repository's config cannot make linting,
// the form or the schema slow: at most MaxTaxonomy entries, each name at
// most MaxFactorName bytes and each description at most
// MaxFactorDescription characters.
const (
	MaxTaxonomy          = 1000
	MaxFactorName        = 64
	MaxFactorDescription = 500
)

var (
	keysFactor    = []string{"name", "description"}
	factorPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// KeysFactor are the keys of a factors entry written as a mapping.
func KeysFactor() []string { return slices.Clone(keysFactor) }

// ValidFactorName reports whether s has the form of a factor name:
// lower-case letters and digits in words joined by single hyphens, at
// most MaxFactorName bytes.
func ValidFactorName(s string) bool {
	return len(s) <= MaxFactorName && factorPattern.MatchString(s)
}

// FactorNames are the names of the taxonomy, in its order; nil when the
// config has none (any factor is then accepted).
func (c Config) FactorNames() []string {
	if len(c.Factors) == 0 {
		return nil
	}
	out := make([]string, len(c.Factors))
	for i, f := range c.Factors {
		out[i] = f.Name
	}
	return out
}

const factorExample = "like [config-change, {name: missing-alerting, description: No alert fired before customers noticed.}]"

// factors decodes factors:, the taxonomy of contributing factors: a list
// whose entries are a name (config-change) or a mapping with a name and a
// description. Names are unique; every mistake is an error at its place.
func (d *decoder) factors(n *yaml.Node) []Factor {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleConfig, "factors is %s; expected a list of factor names, %s", kindName(n), factorExample)
		return nil
	}
	if len(n.Content) > MaxTaxonomy {
		d.errorf(n, RuleConfig, "factors has %d entries; expected at most %d", len(n.Content), MaxTaxonomy)
		return nil
	}
	var out []Factor
	seen := make(map[string]int, len(n.Content)) // name -> line of its first entry
	for i, c := range n.Content {
		what := fmt.Sprintf("factors[%d]", i)
		f := Factor{Pos: Position{Line: c.Line, Col: c.Column}}
		nameNode := c
		if c.Kind == yaml.MappingNode {
			nameNode = nil
			d.mapping(c, what, keysFactor, func(key string, v *yaml.Node) {
				switch key {
				case "name":
					nameNode = v
				case "description":
					f.Description = d.factorDescription(v, what+".description")
				}
			})
			if nameNode == nil {
				d.errorf(c, RuleConfig, "%s has no name; expected {name: config-change, description: ...}", what)
				continue
			}
		}
		if nameNode.Kind != yaml.ScalarNode || isNull(nameNode) {
			d.errorf(nameNode, RuleConfig, "%s is %s; expected a factor name like config-change, or {name: config-change, description: ...}", what, kindName(nameNode))
			continue
		}
		f.Name = d.str(nameNode, what)
		f.Pos = Position{Line: nameNode.Line, Col: nameNode.Column}
		switch {
		case !ValidFactorName(f.Name):
			d.errorf(nameNode, RuleConfig, "invalid factor name %q at %s; expected lower-case words joined by hyphens, at most %d characters, like config-change",
				truncate(f.Name, MaxFactorName), what, MaxFactorName)
		case seen[f.Name] > 0:
			d.errorf(nameNode, RuleConfig, "factor %q is listed twice (first at line %d)", f.Name, seen[f.Name])
		default:
			seen[f.Name] = nameNode.Line
			out = append(out, f)
		}
	}
	return out
}

// factorDescription decodes a factor's description: one line of printable
// text, at most MaxFactorDescription characters.
func (d *decoder) factorDescription(v *yaml.Node, what string) string {
	s := strings.TrimSpace(d.str(v, what))
	switch {
	case v.Kind != yaml.ScalarNode:
		return ""
	case utf8.RuneCountInString(s) > MaxFactorDescription:
		d.errorf(v, RuleConfig, "%s is %d characters long; expected at most %d: a sentence that says when the factor applies", what, utf8.RuneCountInString(s), MaxFactorDescription)
		return ""
	case strings.ContainsFunc(s, func(r rune) bool { return IsControl(r, false) || IsFormat(r) }):
		d.errorf(v, RuleConfig, "%s holds a control or invisible character; expected one line of plain text", what)
		return ""
	}
	return s
}

// truncate shortens s to at most n bytes on a character boundary, with
// "..." when cut, for quoting a long value in a message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
