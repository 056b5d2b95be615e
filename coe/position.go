package coe

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Position is a 1-based line and column in a file.
type Position struct {
	Line int
	Col  int
}

// Lookup finds the node at path in the document's tree (kept with
// ReadOptions.KeepNode). A path is dot-separated keys with [i] for list
// items: "corrective_actions[2].owner", "incident.started_at".
//
// It returns the key node (nil for list items and the root) and the value
// node of the deepest part of the path that exists, and whether the whole
// path was found. So for a missing owner it returns the corrective action's
// own mapping and false.
func (d *Document) Lookup(path string) (key, val *yaml.Node, found bool) {
	if d.Root == nil || len(d.Root.Content) == 0 {
		return nil, nil, false
	}
	val = d.Root.Content[0]
	if path == "" {
		return nil, val, true
	}
	for _, part := range splitPath(path) {
		if part.index >= 0 {
			if val.Kind != yaml.SequenceNode || part.index >= len(val.Content) {
				return key, val, false
			}
			key, val = nil, val.Content[part.index]
			continue
		}
		if val.Kind != yaml.MappingNode {
			return key, val, false
		}
		k, v := mappingValue(val, part.key)
		if v == nil {
			return key, val, false
		}
		key, val = k, v
	}
	return key, val, true
}

// Pos returns the position of the value at path, or of the deepest part of
// the path that exists (see Lookup). Without a kept tree it returns 1:1.
func (d *Document) Pos(path string) Position {
	_, v, _ := d.Lookup(path)
	if v == nil {
		return Position{1, 1}
	}
	return Position{v.Line, v.Column}
}

// KeyPos returns the position of the key of the field at path (the start of
// the list item for items), falling back like Pos.
func (d *Document) KeyPos(path string) Position {
	k, v, _ := d.Lookup(path)
	switch {
	case k != nil:
		return Position{k.Line, k.Column}
	case v != nil:
		return Position{v.Line, v.Column}
	}
	return Position{1, 1}
}

type pathPart struct {
	key   string
	index int
}

func splitPath(path string) []pathPart {
	var parts []pathPart
	for _, seg := range strings.Split(path, ".") {
		name := seg
		var idx []int
		for {
			i := strings.LastIndexByte(name, '[')
			if i < 0 || !strings.HasSuffix(name, "]") {
				break
			}
			n, err := strconv.Atoi(name[i+1 : len(name)-1])
			if err != nil {
				break
			}
			idx = append([]int{n}, idx...)
			name = name[:i]
		}
		if name != "" {
			parts = append(parts, pathPart{key: name, index: -1})
		}
		for _, n := range idx {
			parts = append(parts, pathPart{index: n})
		}
	}
	return parts
}

// mappingValue returns the key and value nodes of key in a mapping node.
func mappingValue(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}
