package lint

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/coe-cli/coe/coe"
	"gopkg.in/yaml.v3"
)

// presence says what the tree holds at a path. Rules look at the decoded
// COE for values and at the tree for two things the decoded value cannot
// tell: positions, and whether an empty value is really missing or was
// refused by the reader (a list where a text belongs decodes as "", and the
// reader has already reported it: reporting it again as missing would be
// noise).
type presence int

const (
	absent     presence = iota // not there (or no tree was kept)
	blank                      // null, empty or only white space
	present                    // a value
	unreadable                 // the value or a parent has a kind the reader refused
)

// presence walks path ("a.b", "list[2].key") from the top mapping.
func (k *checker) presence(path string) presence {
	if k.doc.Root == nil || len(k.doc.Root.Content) == 0 {
		return absent
	}
	n := k.doc.Root.Content[0]
	parts := parsePath(path)
	for pi, part := range parts {
		if isNull(n) {
			return absent
		}
		if part.index < 0 {
			if n.Kind != yaml.MappingNode {
				return unreadable
			}
			var v *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part.key {
					v = n.Content[i+1]
					break
				}
			}
			if v == nil {
				if misspelt(n, part.key, keysAt(parts[:pi])) {
					// The reader reported "ownr" with "did you mean
					// owner?": a missing owner would say it twice.
					return unreadable
				}
				return absent
			}
			n = v
			continue
		}
		if n.Kind != yaml.SequenceNode {
			return unreadable
		}
		if part.index >= len(n.Content) {
			return absent
		}
		n = n.Content[part.index]
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) || strings.TrimSpace(n.Value) == "" {
			return blank
		}
		return present
	case yaml.SequenceNode, yaml.MappingNode:
		if len(n.Content) == 0 {
			return blank
		}
		return present
	}
	return unreadable
}

// keysAt returns the keys of the format's mapping at a path, or nil.
func keysAt(parts []pathPart) []string {
	switch len(parts) {
	case 0:
		return coe.KeysCOE()
	case 1:
		switch parts[0].key {
		case "incident":
			return coe.KeysIncident()
		case "impact":
			return coe.KeysImpact()
		case "root_cause":
			return coe.KeysRootCause()
		case "implications":
			return coe.KeysImplications()
		}
	case 2:
		if parts[1].index >= 0 {
			switch parts[0].key {
			case "timeline":
				return coe.KeysTimeline()
			case "supporting_data":
				return coe.KeysSupportingData()
			case "corrective_actions":
				return coe.KeysAction()
			}
		}
	}
	return nil
}

// misspelt reports whether mapping m has a key the format does not know
// for which the reader suggested key: "ownr" when key is "owner".
func misspelt(m *yaml.Node, key string, keys []string) bool {
	if keys == nil {
		return false
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i].Value
		if !slices.Contains(keys, k) {
			if near := coe.Nearest(k, keys, 1); len(near) > 0 && near[0] == key {
				return true
			}
		}
	}
	return false
}

// missingText reports whether a text field is missing: its decoded value
// is blank and the tree has nothing there the reader refused.
func (k *checker) missingText(value, path string) bool {
	if strings.TrimSpace(value) != "" {
		return false
	}
	p := k.presence(path)
	return p == absent || p == blank
}

// missingValue is missingText for a decoded value that is unset (a date,
// a time): unset with nothing in the tree.
func (k *checker) missingValue(unset bool, path string) bool {
	if !unset {
		return false
	}
	p := k.presence(path)
	return p == absent || p == blank
}

// missingList reports whether a list has no usable item: count is the
// number of non-blank decoded items and the tree holds no list, an empty
// one, or one of blank items (not a value of another kind).
func (k *checker) missingList(count int, path string) bool {
	if count > 0 {
		return false
	}
	switch k.presence(path) {
	case absent, blank:
		return true
	case present:
		_, v, _ := k.doc.Lookup(path)
		return v != nil && v.Kind == yaml.SequenceNode
	}
	return false
}

// valuePos is the position of the value at path, falling back to the
// deepest part that exists.
func (k *checker) valuePos(path string) coe.Position {
	return k.doc.Pos(path)
}

// missingPos is where a missing or blank field is reported: its key when
// present but blank; otherwise the key of the deepest parent section that
// exists, the list item that should hold it, or the top of the file.
func (k *checker) missingPos(path string) coe.Position {
	key, v, _ := k.doc.Lookup(path)
	switch {
	case key != nil:
		return coe.Position{Line: key.Line, Col: key.Column}
	case v != nil:
		return coe.Position{Line: v.Line, Col: v.Column}
	}
	return coe.Position{Line: 1, Col: 1}
}

// raw returns the text of the scalar at path as written, or "".
func (k *checker) raw(path string) string {
	_, v, ok := k.doc.Lookup(path)
	if !ok || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}

type pathPart struct {
	key   string
	index int // -1 for a key
}

func parsePath(path string) []pathPart {
	var parts []pathPart
	for _, seg := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(seg, "[")
		if name != "" {
			parts = append(parts, pathPart{key: name, index: -1})
		}
		for rest != "" {
			num, after, _ := strings.Cut(rest, "]")
			n, err := strconv.Atoi(num)
			if err != nil {
				break
			}
			parts = append(parts, pathPart{index: n})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return parts
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// stem is the file name of path without its extension.
func stem(path string) string {
	if path == "" || path == "-" {
		return ""
	}
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
