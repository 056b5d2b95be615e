package form

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// draftHeader starts every draft file.
const draftHeader = "# coe form draft: an unfinished COE, kept as typed (it may hold values that are not valid yet)."

// MarshalDraft encodes s as a draft file: YAML, after a comment saying what
// the file is and, when resume is not empty, the command that resumes it
// (the caller knows it, like "coe new --resume .coe/drafts/x.yaml").
func MarshalDraft(s State, resume string) []byte {
	var b bytes.Buffer
	b.WriteString(draftHeader + "\n")
	if resume != "" {
		fmt.Fprintf(&b, "# Resume it with: %s\n", strings.ReplaceAll(resume, "\n", " "))
	}
	n := toNode(reflect.ValueOf(s))
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	// State holds only strings, ints and lists of them, which always encode.
	if err := enc.Encode(n); err != nil {
		panic(fmt.Sprintf("form: cannot encode a draft: %v", err))
	}
	if err := enc.Close(); err != nil {
		panic(fmt.Sprintf("form: cannot encode a draft: %v", err))
	}
	return b.Bytes()
}

// toNode encodes a State (or a part of one) as a YAML node, by the yaml
// tags of its fields; empty values with omitempty are left out. It does not
// go through yaml.v3's own encoding of values, which loses the leading line
// break of a text (the encoder writes it as a literal block that drops it;
// Node.Encode loses it too).
func toNode(v reflect.Value) *yaml.Node {
	switch v.Kind() {
	case reflect.Struct:
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i := range v.NumField() {
			name, opts, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
			if opts == "omitempty" && v.Field(i).IsZero() || v.Field(i).Kind() == reflect.Slice && v.Field(i).Len() == 0 {
				continue
			}
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, toNode(v.Field(i)))
		}
		return m
	case reflect.Slice:
		l := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i := range v.Len() {
			l.Content = append(l.Content, toNode(v.Index(i)))
		}
		return l
	case reflect.Int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v.Int(), 10)}
	case reflect.String:
		return textScalar(v.String())
	}
	panic(fmt.Sprintf("form: cannot encode a %s in a draft", v.Type()))
}

// textScalar is a text node in the most readable style that yaml.v3 reads
// back as the same text: its own choice (plain, quoted or a literal block)
// when that works, else double quotes.
func textScalar(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	var back struct{ V string }
	out, err := yaml.Marshal(map[string]*yaml.Node{"v": n})
	if err != nil || yaml.Unmarshal(out, &back) != nil || back.V != s {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// ParseDraft decodes a draft written by MarshalDraft. Unknown keys are an
// error, so a hand-edited typo does not silently drop what it holds.
func ParseDraft(data []byte) (State, error) {
	var s State
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); errors.Is(err, io.EOF) {
		return State{}, errors.New("the draft is empty")
	} else if err != nil {
		return State{}, fmt.Errorf("cannot read the draft: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if s.Step < 0 {
		return State{}, fmt.Errorf("cannot read the draft: invalid step %d; expected 0 or more", s.Step)
	}
	// Where to resume is only a place: one that makes no sense (a field or
	// item past the end) resumes at the start of the step instead.
	if s.Item < 0 || s.Field < 0 {
		s.Item, s.Field = 0, 0
	}
	return s, nil
}
