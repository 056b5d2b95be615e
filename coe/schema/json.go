package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// obj is a JSON object that keeps its keys in the order given, so that the
// schema reads in the order of the spec and is the same byte for byte on
// every run.
type obj []member

type member struct {
	key string
	val any
}

// set returns o with key set to val, replacing an earlier value of key.
func (o obj) set(key string, val any) obj {
	for i := range o {
		if o[i].key == key {
			o[i].val = val
			return o
		}
	}
	return append(o, member{key, val})
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(m.val)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal encodes v without escaping <, > and & (the descriptions say
// CA-<n>), and without the encoder's trailing line break.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// FromYAML converts a parsed YAML node to the JSON value an editor's YAML
// language server validates against the schema: mappings become
// map[string]any, sequences []any, and scalars what their YAML tag says,
// except that timestamps and dates stay the text they were written as (the
// format keeps them as text; yaml.v3 would make them time.Time). Integers
// are json.Number, so that large ones keep every digit. A document node
// converts its content; an empty document is nil. Aliases are refused, as
// the reader refuses them.
func FromYAML(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return FromYAML(n.Content[0])
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a key that is not a scalar has no JSON form", k.Line)
			}
			val, err := FromYAML(v)
			if err != nil {
				return nil, err
			}
			m[k.Value] = val
		}
		return m, nil
	case yaml.SequenceNode:
		a := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			val, err := FromYAML(c)
			if err != nil {
				return nil, err
			}
			a = append(a, val)
		}
		return a, nil
	case yaml.AliasNode:
		return nil, fmt.Errorf("line %d: alias *%s: COE files may not use YAML anchors and aliases", n.Line, n.Value)
	case yaml.ScalarNode:
		return scalarJSON(n), nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}

// scalarJSON converts a scalar by its (resolved) tag.
func scalarJSON(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			return n.Value
		}
		switch v := v.(type) {
		case bool:
			return v
		case int:
			return json.Number(strconv.Itoa(v))
		case int64:
			return json.Number(strconv.FormatInt(v, 10))
		case uint64:
			return json.Number(strconv.FormatUint(v, 10))
		case float64:
			if math.IsInf(v, 0) || math.IsNaN(v) {
				return n.Value // JSON has no infinity; keep the text
			}
			return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
		}
		return n.Value
	}
	// !!str, !!timestamp, !!binary and local tags: the text as written.
	return n.Value
}

// indent lays out compact JSON with two-space indentation and a final
// line break, keeping a short list of plain values on one line
// ("type": ["string", "null"]).
func indent(b []byte) []byte {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return append(b, '\n')
	}
	lines := strings.Split(out.String(), "\n")
	var res []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasSuffix(l, "[") {
			if j, joined, ok := flatList(lines, i); ok {
				res = append(res, joined)
				i = j
				continue
			}
		}
		res = append(res, l)
	}
	return []byte(strings.Join(res, "\n") + "\n")
}

// flatList joins the list that opens on lines[i] into one line when its
// items are all plain values and the line stays short; it returns the
// index of the closing line.
func flatList(lines []string, i int) (int, string, bool) {
	var items []string
	for j := i + 1; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j])
		if t == "]" || t == "]," {
			joined := lines[i] + strings.Join(items, ", ") + t
			return j, joined, len(joined) <= 100
		}
		if t == "" || strings.ContainsAny(t[:1], "[{") || strings.HasSuffix(t, "{") || strings.HasSuffix(t, "[") {
			return 0, "", false
		}
		items = append(items, strings.TrimSuffix(t, ","))
	}
	return 0, "", false
}
