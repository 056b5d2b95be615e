package coe

import (
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// codeRepos decodes code_repos: a list of paths of local clones, relative
// to .coe.yaml. ".." is allowed (a sibling clone is the usual layout); an
// absolute path is refused, since it names a folder of one machine, and a
// config that a pull request changes must not point CI at any folder it
// likes by name. It returns the paths as written and where each is.
func (d *decoder) codeRepos(n *yaml.Node) ([]string, []Position) {
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleConfig, "code_repos is %s; expected a list of paths of local clones, relative to %s, like [../payments-service]", kindName(n), ConfigName)
		return nil, nil
	}
	var paths []string
	var pos []Position
	seen := map[string]int{} // cleaned path -> line of its first entry
	for i, c := range n.Content {
		what := fmt.Sprintf("code_repos[%d]", i)
		p := d.str(c, what)
		if c.Kind != yaml.ScalarNode {
			continue
		}
		clean := filepath.Clean(filepath.FromSlash(p))
		switch {
		case strings.TrimSpace(p) == "":
			d.errorf(c, RuleConfig, "%s is empty; expected the path of a local clone, relative to %s, like ../payments-service", what, ConfigName)
		case strings.ContainsFunc(p, func(r rune) bool { return IsControl(r, false) }):
			d.errorf(c, RuleConfig, "%s %q holds a control character; expected the path of a local clone, like ../payments-service", what, p)
		case filepath.IsAbs(p) || strings.HasPrefix(p, "/") || filepath.VolumeName(clean) != "":
			d.errorf(c, RuleConfig, "%s %q is absolute; expected a path relative to %s, like ../payments-service (a clone's place differs between machines; --repo PATH reads one for a single run)", what, p, ConfigName)
		default:
			if line, dup := seen[clean]; dup {
				d.errorf(c, RuleConfig, "%s %q is listed twice (first at line %d)", what, p, line)
				continue
			}
			seen[clean] = c.Line
			paths = append(paths, p)
			pos = append(pos, Position{Line: c.Line, Col: c.Column})
		}
	}
	return paths, pos
}
