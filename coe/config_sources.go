package coe

import (
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// SourceRef is one entry of sources: in .coe.yaml: another COE
// repository (a git submodule inside this one, or a clone kept beside it)
// whose COEs coe stats, coe actions and coe build read with this
// repository's.
type SourceRef struct {
	// Path is the source's folder as written, relative to .coe.yaml.
	Path string
	// Name prefixes the source's COE ids (payments/2025-03-11-...): name:
	// as written, else the path's last element.
	Name string
	// Pos is where the entry is in .coe.yaml.
	Pos Position
}

// MaxSources caps sources: in .coe.yaml: a team a source, more than an
// organisation has.
const MaxSources = 1000

// maxSourceName caps a source's name, which prefixes ids and page paths.
const maxSourceName = 40

var keysSource = []string{"path", "name"}

// KeysSource are the keys of a sources: entry written as a mapping.
func KeysSource() []string { return append([]string(nil), keysSource...) }

// ValidSourceName reports whether s may name a source: lower-case ASCII
// letters, digits and -, starting with a letter or digit, at most 40
// bytes. Such a name is safe in an id, a file name and a URL.
func ValidSourceName(s string) bool {
	if s == "" || len(s) > maxSourceName || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

const sourceExample = "like teams/payments or {path: ../payments-coes, name: payments}"

// sources decodes sources: a list whose entries are a path relative to
// .coe.yaml (a submodule, teams/payments; a clone beside this repository,
// ../payments-coes) or a mapping {path: ..., name: ...}. As in code_repos,
// an absolute path is refused: the config is content a pull request can
// change, and must not point CI at any folder of the machine by name.
// Names are unique: they tell the sources' COEs apart.
func (d *decoder) sources(n *yaml.Node) []SourceRef {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleConfig, "sources is %s; expected a list of COE repositories, relative to %s, %s", kindName(n), ConfigName, sourceExample)
		return nil
	}
	if len(n.Content) > MaxSources {
		d.errorf(n, RuleConfig, "sources has %d entries; expected at most %d", len(n.Content), MaxSources)
		return nil
	}
	var out []SourceRef
	paths := map[string]int{} // cleaned path -> line of its first entry
	names := map[string]int{} // name -> line of its first entry
	for i, c := range n.Content {
		what := fmt.Sprintf("sources[%d]", i)
		var pathNode, nameNode *yaml.Node
		ref := SourceRef{Pos: Position{Line: c.Line, Col: c.Column}}
		if c.Kind == yaml.MappingNode {
			d.mapping(c, what, keysSource, func(key string, v *yaml.Node) {
				switch key {
				case "path":
					pathNode, ref.Path = v, d.str(v, what+".path")
				case "name":
					nameNode, ref.Name = v, d.str(v, what+".name")
				}
			})
			if pathNode == nil {
				d.errorf(c, RuleConfig, "%s has no path; expected the folder of a COE repository, %s", what, sourceExample)
				continue
			}
		} else {
			pathNode, ref.Path = c, d.str(c, what)
		}
		if pathNode.Kind != yaml.ScalarNode || nameNode != nil && nameNode.Kind != yaml.ScalarNode {
			continue // reported by str
		}
		p := ref.Path
		clean := filepath.Clean(filepath.FromSlash(p))
		switch {
		case strings.TrimSpace(p) == "":
			d.errorf(pathNode, RuleConfig, "%s is empty; expected the folder of a COE repository, relative to %s, %s", what, ConfigName, sourceExample)
			continue
		case strings.ContainsFunc(p, func(r rune) bool { return IsControl(r, false) }):
			d.errorf(pathNode, RuleConfig, "%s %q holds a control character; expected the folder of a COE repository, %s", what, p, sourceExample)
			continue
		case filepath.IsAbs(p) || strings.HasPrefix(p, "/") || filepath.VolumeName(clean) != "":
			d.errorf(pathNode, RuleConfig, "%s %q is absolute; expected a path relative to %s, %s (a clone's place differs between machines)", what, p, ConfigName, sourceExample)
			continue
		case clean == ".":
			d.errorf(pathNode, RuleConfig, "%s %q is this repository; expected another COE repository, %s", what, p, sourceExample)
			continue
		}
		if line, dup := paths[clean]; dup {
			d.errorf(pathNode, RuleConfig, "%s %q is listed twice (first at line %d)", what, p, line)
			continue
		}
		paths[clean] = c.Line
		at := nameNode
		if nameNode == nil {
			at, ref.Name = pathNode, filepath.Base(clean)
			if !ValidSourceName(ref.Name) {
				d.errorf(at, RuleConfig, "%s %q: its last element %q is no source name (lower-case letters, digits and -, at most %d); give one, like {path: %s, name: %s}",
					what, p, ref.Name, maxSourceName, p, suggestSourceName(ref.Name))
				continue
			}
		} else if !ValidSourceName(ref.Name) {
			d.errorf(at, RuleConfig, "%s.name %q is no source name; expected lower-case letters, digits and -, at most %d, like %s",
				what, ref.Name, maxSourceName, suggestSourceName(ref.Name))
			continue
		}
		if line, dup := names[ref.Name]; dup {
			d.errorf(at, RuleConfig, "source name %q is taken (first at line %d); give each source its own name: {path: %s, name: ...}", ref.Name, line, p)
			continue
		}
		names[ref.Name] = c.Line
		out = append(out, ref)
	}
	return out
}

// suggestSourceName makes a source name of s: lower-cased, other
// characters as -, for an error message to offer.
func suggestSourceName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case b.Len() >= maxSourceName:
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "team-a"
	}
	return out
}
