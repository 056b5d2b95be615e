package coe

import (
	"bytes"
	"encoding/json"
	"strconv"

	"gopkg.in/yaml.v3"
)

// MarshalJSON encodes the COE as a JSON object with the file format's field
// names, in the spec's order: timestamps and dates as strings, counts as
// numbers. Unset optional fields are left out, as in a new file.
func (c *COE) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := nodeJSON(&b, c.Node()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func nodeJSON(b *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			b.Write(k)
			b.WriteByte(':')
			if err := nodeJSON(b, n.Content[i+1]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := nodeJSON(b, c); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		switch n.ShortTag() {
		case "!!null":
			b.WriteString("null")
		case "!!int":
			v, err := strconv.ParseInt(n.Value, 10, 64)
			if err != nil {
				return err
			}
			b.WriteString(strconv.FormatInt(v, 10))
		default:
			s, _ := json.Marshal(n.Value)
			b.Write(s)
		}
	}
	return nil
}
