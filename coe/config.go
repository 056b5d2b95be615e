package coe

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ConfigName is the name of the repository config file.
const ConfigName = ".coe.yaml"

// Config is the repository config, .coe.yaml.
type Config struct {
	// Dir is where COE files live, relative to the config file.
	Dir string
	// Severities are the allowed severity names, worst first.
	Severities []string
	// Owners, when non-empty, is the roster every corrective action owner
	// must belong to.
	Owners []string
	// Rules sets lint rules to "error", "warning" or "off".
	Rules map[string]string
	// RulePos is where each key of Rules is in the file, for messages.
	RulePos map[string]Position
	// KeyPos is where the value of each top-level key is in the file.
	KeyPos map[string]Position
	// Commit makes `coe new` commit the new file, as --commit does.
	Commit bool
	// Templates, when set, is a folder of report templates that override
	// the built-in ones (coe render, coe build), relative to the config
	// file.
	Templates string
}

// KeysConfig are the keys of .coe.yaml.
var KeysConfig = []string{"dir", "severities", "owners", "rules", "commit", "templates"}

// RuleLevels are the values a rule may be set to in the config.
var RuleLevels = []string{"error", "warning", "off"}

// DefaultConfig returns the config used for a new repository.
func DefaultConfig() Config {
	return Config{Dir: "coes", Severities: slices.Clone(DefaultSeverities)}
}

// ParseConfig decodes .coe.yaml; path is used in messages. Missing keys take
// their defaults.
func ParseConfig(path string, data []byte) (Config, error) {
	cfg := DefaultConfig()
	if strings.TrimSpace(strings.TrimPrefix(string(data), string(bom))) == "" {
		return cfg, nil // an empty config is all defaults
	}
	root, err := parseNode(path, data)
	if err != nil {
		if l := Errors(err); len(l) == 1 && l[0].Rule == RuleEmptyFile {
			return cfg, nil
		}
		return cfg, err
	}
	d := &decoder{file: path}
	d.checkAliases(root)
	if len(d.errs) > 0 {
		return cfg, d.errs
	}
	cfg.KeyPos = map[string]Position{}
	d.mapping(root.Content[0], ConfigName, KeysConfig, func(key string, v *yaml.Node) {
		cfg.KeyPos[key] = Position{Line: v.Line, Col: v.Column}
		switch key {
		case "dir":
			dir := d.str(v, "dir")
			switch {
			case dir == "":
				d.errorf(v, RuleConfig, "dir is empty; expected a folder relative to %s, like coes", ConfigName)
			case filepath.IsAbs(dir):
				d.errorf(v, RuleConfig, "dir %q is absolute; expected a folder relative to %s, like coes", dir, ConfigName)
			case leadsOut(dir):
				d.errorf(v, RuleConfig, "dir %q leads out of the repository; expected a folder inside it, like coes", dir)
			default:
				cfg.Dir = dir
			}
		case "severities":
			sev := d.strList(v, "severities")
			if len(sev) == 0 && v.Kind == yaml.SequenceNode {
				d.errorf(v, RuleConfig, "severities is empty; expected at least one name, like [sev1, sev2, sev3, sev4]")
				return
			}
			for i, s := range sev {
				if strings.TrimSpace(s) == "" {
					d.errorf(v.Content[i], RuleConfig, "severities[%d] is empty; expected a name like sev1", i)
				} else if slices.Index(sev, s) < i {
					d.errorf(v.Content[i], RuleConfig, "severity %q is listed twice", s)
				}
			}
			if sev != nil {
				cfg.Severities = sev
			}
		case "owners":
			cfg.Owners = d.strList(v, "owners")
		case "rules":
			cfg.Rules, cfg.RulePos = map[string]string{}, map[string]Position{}
			d.ruleLevels(v, cfg.Rules, cfg.RulePos)
		case "commit":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				d.errorf(v, RuleConfig, "commit is %s; expected true or false", kindName(v))
				return
			}
			cfg.Commit = v.Value == "true"
		case "templates":
			if isNull(v) {
				return
			}
			dir := d.str(v, "templates")
			switch {
			case v.Kind != yaml.ScalarNode:
			case strings.TrimSpace(dir) == "":
				d.errorf(v, RuleConfig, "templates is empty; expected a folder relative to %s, like templates, or no templates key", ConfigName)
			case filepath.IsAbs(dir):
				d.errorf(v, RuleConfig, "templates %q is absolute; expected a folder relative to %s, like templates", dir, ConfigName)
			case leadsOut(dir):
				d.errorf(v, RuleConfig, "templates %q leads out of the repository; expected a folder inside it, like templates", dir)
			default:
				cfg.Templates = dir
			}
		}
	})
	d.errs.Sort()
	return cfg, d.errs.Err()
}

// leadsOut reports whether a relative folder of the config climbs above
// the repository root ("../x", "a/../../x").
func leadsOut(dir string) bool {
	clean := filepath.Clean(filepath.FromSlash(dir))
	return clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) || filepath.VolumeName(clean) != ""
}

func (d *decoder) ruleLevels(n *yaml.Node, out map[string]string, pos map[string]Position) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, RuleConfig, "rules is %s; expected a mapping of rule ids to error, warning or off", kindName(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		level := d.str(v, "rules."+k.Value)
		if !slices.Contains(RuleLevels, level) {
			d.errorf(v, RuleConfig, "invalid level %q for rule %q; expected one of %s", level, k.Value, quoteList(RuleLevels))
			continue
		}
		out[k.Value] = level
		pos[k.Value] = Position{Line: k.Line, Col: k.Column}
	}
}

// MarshalConfig encodes a config in the layout `coe init` writes, with a
// comment on each key.
func MarshalConfig(cfg Config) []byte {
	lines := [][2]string{
		{"dir: " + scalar(cfg.Dir), "where COE files live, relative to this file"},
		{"severities: " + flowStrings(cfg.Severities), "worst first"},
		{"owners: " + flowStrings(cfg.Owners), "optional roster; when not empty, every action owner must be in it"},
		{"rules: {}", "per-rule overrides: error | warning | off"},
		{fmt.Sprintf("commit: %t", cfg.Commit), "true: coe new commits the new file, as --commit does"},
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l[0]))
	}
	var b strings.Builder
	b.WriteString("# coe repository config; the format is in coe's README, \"The file format\".\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "%-*s   # %s\n", width, l[0], l[1])
	}
	return []byte(b.String())
}

// scalar writes s as a YAML scalar, quoted when it must be.
func scalar(s string) string {
	out, err := encodeNode(strNode(s))
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

func flowStrings(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = scalar(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
