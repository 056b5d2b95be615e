package coe

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

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
	// must belong to: the handles of Roster, in its order.
	Owners []string
	// Roster is the owners roster as written: each entry a handle, and
	// when written as a mapping ({handle: dana, email: dana@example.com}),
	// the person's e-mail, which maps git's user.email to the handle
	// (see Member).
	Roster []Member
	// TimeZone is where local times people type (2026-11-30 14:02) are
	// read (see ParseTimeIn): timezone: in the config, an IANA name. Nil
	// means the machine's time zone; see Location.
	TimeZone *time.Location
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
	// CodeRepos are local clones of the code repositories whose commits
	// prove corrective actions done with a COE-Action trailer (coe
	// actions --evidence, coe actions verify): paths relative to the
	// config file, like ../payments-service; never absolute. CodeRepoPos
	// is where each is in the file.
	CodeRepos   []string
	CodeRepoPos []Position
	// Quality tunes the quality rules of coe lint (quality:): their word
	// lists and high_priority_days; nil is all defaults.
	Quality *QualityConfig
	// Sources are other COE repositories read with this one by coe stats,
	// coe actions and coe build (sources:; see SourceRef and Repo.Sources).
	Sources []SourceRef
	// Factors is the taxonomy of contributing factors (factors:): when
	// not empty, every contributing factor of a COE must be one of its
	// names (see FactorNames).
	Factors []Factor
	// InternalDomains are the domains whose hosts public text must not
	// name (internal_domains:; rule public-leak).
	InternalDomains []string
	// Public tunes the rules of the public section (public:): its deny
	// and allow lists and the severities that require one; nil is all
	// defaults.
	Public *PublicConfig
}

var (
	keysConfig = []string{"dir", "severities", "owners", "rules", "commit", "templates", "timezone", "code_repos", "quality", "sources", "factors", "internal_domains", "public"}
	keysMember = []string{"handle", "email"}
)

// KeysConfig are the keys of .coe.yaml.
func KeysConfig() []string { return slices.Clone(keysConfig) }

// KeysMember are the keys of an owners roster entry written as a mapping.
func KeysMember() []string { return slices.Clone(keysMember) }

// Member is one entry of the owners roster.
type Member struct {
	// Handle is the name COEs use for the person: an action's owner, an
	// author.
	Handle string
	// Email, when set, is the person's e-mail, as git's user.email gives
	// it: coe takes the handle of the entry whose e-mail is the git
	// user's as the default author and approver.
	Email string
}

// Location is the time zone local times are read in: timezone: of the
// config, else the machine's.
func (c Config) Location() *time.Location {
	if c.TimeZone != nil {
		return c.TimeZone
	}
	return time.Local
}

// HandleOf is the handle of the roster entry whose e-mail is email
// (compared without regard to case), or "".
func (c Config) HandleOf(email string) string {
	email = strings.TrimSpace(email)
	if email == "" {
		return ""
	}
	for _, m := range c.Roster {
		if m.Email != "" && strings.EqualFold(m.Email, email) {
			return m.Handle
		}
	}
	return ""
}

var ruleLevels = []string{"error", "warning", "off"}

// RuleLevels are the values a rule may be set to in the config.
func RuleLevels() []string { return slices.Clone(ruleLevels) }

// DefaultConfig returns the config used for a new repository.
func DefaultConfig() Config {
	return Config{Dir: "coes", Severities: slices.Clone(defaultSeverities)}
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
		if l := Errors(err); len(l) == 1 && l[0].Rule == RuleWrongType {
			what, _, _ := strings.Cut(l[0].Msg, ";")
			l[0].Msg = what + "; expected the keys of " + ConfigName + ", like dir: coes"
		}
		return cfg, err
	}
	d := &decoder{file: path}
	d.checkAliases(root)
	if len(d.errs) > 0 {
		return cfg, d.errs
	}
	cfg.KeyPos = map[string]Position{}
	d.mapping(root.Content[0], ConfigName, keysConfig, func(key string, v *yaml.Node) {
		cfg.KeyPos[key] = Position{Line: v.Line, Col: v.Column}
		switch key {
		case "dir":
			if dir := d.folder(v, "dir", "coes", ""); dir != "" {
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
			cfg.Roster = d.roster(v)
			cfg.Owners = nil
			for _, m := range cfg.Roster {
				cfg.Owners = append(cfg.Owners, m.Handle)
			}
		case "timezone":
			cfg.TimeZone = d.timeZone(v)
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
			cfg.Templates = d.folder(v, "templates", "templates", ", or no templates key")
		case "code_repos":
			cfg.CodeRepos, cfg.CodeRepoPos = d.codeRepos(v)
		case "quality":
			cfg.Quality = d.quality(v)
		case "sources":
			cfg.Sources = d.sources(v)
		case "factors":
			cfg.Factors = d.factors(v)
		case "internal_domains":
			cfg.InternalDomains = d.internalDomains(v)
		case "public":
			cfg.Public = d.publicConfig(v)
		}
	})
	d.checkPublic(&cfg)
	d.errs.Sort()
	return cfg, d.errs.Err()
}

// roster decodes the owners roster: a list whose entries are a handle
// (dana) or a mapping with a handle and an e-mail ({handle: dana, email:
// dana@example.com}).
func (d *decoder) roster(n *yaml.Node) []Member {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleConfig, "owners is %s; expected a list of handles, like [dana, kenji], or of {handle: dana, email: dana@example.com}", kindName(n))
		return nil
	}
	out := []Member{}
	emails := map[string]*yaml.Node{}
	for i, c := range n.Content {
		what := fmt.Sprintf("owners[%d]", i)
		if c.Kind != yaml.MappingNode {
			out = append(out, Member{Handle: d.str(c, what)})
			continue
		}
		var m Member
		var handleNode *yaml.Node
		d.mapping(c, what, keysMember, func(key string, v *yaml.Node) {
			switch key {
			case "handle":
				handleNode = v
				m.Handle = d.str(v, what+".handle")
			case "email":
				m.Email = strings.TrimSpace(d.str(v, what+".email"))
				if v.Kind != yaml.ScalarNode || m.Email == "" {
					return
				}
				if !looksLikeEmail(m.Email) {
					d.errorf(v, RuleConfig, "%s.email %q is not an e-mail address; expected one like dana@example.com", what, m.Email)
					return
				}
				key := strings.ToLower(m.Email)
				if first, dup := emails[key]; dup {
					d.errorf(v, RuleConfig, "e-mail %q is in the roster twice (first at line %d); expected one entry a person", m.Email, first.Line)
					return
				}
				emails[key] = v
			}
		})
		if handleNode == nil || (handleNode.Kind == yaml.ScalarNode && strings.TrimSpace(m.Handle) == "") {
			at := c
			if handleNode != nil {
				at = handleNode
			}
			d.errorf(at, RuleConfig, "%s has no handle; expected the name COEs use for the person, like {handle: dana, email: dana@example.com}", what)
		}
		out = append(out, m)
	}
	return out
}

// looksLikeEmail reports whether s has the shape of an e-mail address:
// one @ between a local part and a domain, no space.
func looksLikeEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t\n\r<>,;") && !strings.Contains(domain, "@")
}

// timeZone decodes timezone:, an IANA time zone name.
func (d *decoder) timeZone(n *yaml.Node) *time.Location {
	if isNull(n) {
		return nil
	}
	name := d.str(n, "timezone")
	if n.Kind != yaml.ScalarNode {
		return nil
	}
	const expected = "expected an IANA time zone name like Europe/Paris, America/New_York or UTC, or no timezone key for this machine's zone"
	switch {
	case strings.TrimSpace(name) == "":
		d.errorf(n, RuleConfig, "timezone is empty; %s", expected)
		return nil
	case name == "Local":
		d.errorf(n, RuleConfig, "timezone %q is this machine's zone, which differs between machines; %s", name, expected)
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		msg := fmt.Sprintf("timezone %q is not a known time zone; %s", name, expected)
		if len(name) > 1 && (name[0] == '+' || name[0] == '-' || strings.HasPrefix(name, "UTC+") || strings.HasPrefix(name, "UTC-")) {
			msg = fmt.Sprintf("timezone %q is an offset, not a time zone: it would not follow summer time; %s", name, expected)
		}
		d.errorf(n, RuleConfig, "%s", msg)
		return nil
	}
	return loc
}

// folder decodes dir: or templates:, a folder relative to .coe.yaml that
// stays inside the repository; "" when the value is not one (the error is
// then reported). orNone ends the message for a blank value.
func (d *decoder) folder(v *yaml.Node, key, example, orNone string) string {
	dir := d.str(v, key)
	switch {
	case v.Kind != yaml.ScalarNode:
	case strings.TrimSpace(dir) == "":
		d.errorf(v, RuleConfig, "%s is empty; expected a folder relative to %s, like %s%s", key, ConfigName, example, orNone)
	case filepath.IsAbs(dir):
		d.errorf(v, RuleConfig, "%s %q is absolute; expected a folder relative to %s, like %s", key, dir, ConfigName, example)
	case leadsOut(dir):
		d.errorf(v, RuleConfig, "%s %q leads out of the repository; expected a folder inside it, like %s", key, dir, example)
	default:
		return dir
	}
	return ""
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
		if !slices.Contains(ruleLevels, level) {
			d.errorf(v, RuleConfig, "invalid level %q for rule %q; expected one of %s", level, k.Value, quoteList(ruleLevels))
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
		{"owners: " + flowRoster(cfg), "optional roster; when not empty, every action owner must be in it"},
		{"rules: {}", "per-rule overrides: error | warning | off"},
		{fmt.Sprintf("commit: %t", cfg.Commit), "true: coe new commits the new file, as --commit does"},
	}
	if cfg.TimeZone != nil {
		lines = append(lines, [2]string{"timezone: " + scalar(cfg.TimeZone.String()), "where typed local times (2026-11-30 14:02) are read"})
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l[0]))
	}
	var b strings.Builder
	b.WriteString("# coe repository config; coe help format describes every key.\n")
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

// flowRoster writes the roster: plain handles, and a mapping for an entry
// with an e-mail.
func flowRoster(cfg Config) string {
	if len(cfg.Roster) == 0 {
		return flowStrings(cfg.Owners)
	}
	q := make([]string, len(cfg.Roster))
	for i, m := range cfg.Roster {
		q[i] = scalar(m.Handle)
		if m.Email != "" {
			q[i] = "{handle: " + q[i] + ", email: " + scalar(m.Email) + "}"
		}
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func flowStrings(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = scalar(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
