package coe_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/form"
	"github.com/coe-cli/coe/coe/schema"
	"gopkg.in/yaml.v3"
)

// yamlBlocks returns the ```yaml blocks of a Markdown text, in order.
func yamlBlocks(md string) []string {
	var blocks []string
	for _, part := range strings.Split(md, "```yaml\n")[1:] {
		block, _, _ := strings.Cut(part, "```")
		blocks = append(blocks, block)
	}
	return blocks
}

// mappingKeys returns the keys of every mapping in the tree, by path: ""
// for the top, "incident", "timeline[]" for the entries of a list.
func mappingKeys(n *yaml.Node, path string, out map[string][]string) {
	switch n.Kind {
	case yaml.DocumentNode:
		mappingKeys(n.Content[0], path, out)
	case yaml.MappingNode:
		var keys []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			keys = append(keys, k)
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			mappingKeys(n.Content[i+1], sub, out)
		}
		if prev, ok := out[path]; !ok || len(keys) > len(prev) {
			out[path] = keys
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			mappingKeys(c, path+"[]", out)
		}
	}
}

// formatKeys are the reader's key lists, by the path of their mapping.
func formatKeys() map[string][]string {
	return map[string][]string{
		"":                     coe.KeysCOE(),
		"incident":             coe.KeysIncident(),
		"timeline[]":           coe.KeysTimeline(),
		"impact":               coe.KeysImpact(),
		"root_cause":           coe.KeysRootCause(),
		"supporting_data[]":    coe.KeysSupportingData(),
		"implications":         coe.KeysImplications(),
		"corrective_actions[]": coe.KeysAction(),
		"reopened[]":           coe.KeysReopening(),
		"public":               coe.KeysPublic(),
	}
}

// TestFormatOneTable holds the places that spell out the format to its
// contract, format.md: the spec's example COE reads; its keys are the
// reader's, in the reader's order; the writer writes them in that order
// and reads back the same COE; the JSON Schema has exactly those
// properties; the form carries every field there and back; the config
// examples are the config's keys. A field added in one place and not the
// others fails here.
func TestFormatOneTable(t *testing.T) {
	blocks := yamlBlocks(coe.FormatSpec)
	if len(blocks) != 3 {
		t.Fatalf("format.md has %d yaml blocks; want the COE, .coe.yaml and the user config", len(blocks))
	}
	doc, err := coe.Parse("format.md", []byte(blocks[0]), coe.ReadOptions{KeepNode: true})
	if err != nil {
		t.Fatalf("the spec's example does not read:\n%v", err)
	}

	// The spec's example shows every key, in the reader's order.
	got := map[string][]string{}
	mappingKeys(doc.Root, "", got)
	for path, want := range formatKeys() {
		if !slices.Equal(got[path], want) {
			t.Errorf("keys of %q:\nthe spec shows %q\nthe reader takes %q", path, got[path], want)
		}
	}

	// The writer writes them in that order, and what it writes reads back
	// as the same COE. (It leaves out what is empty: the example's
	// submission, approval, closing and done date are filled for it.)
	full := doc.COE
	full.CorrectiveActions = slices.Clone(full.CorrectiveActions)
	full.ApprovedBy, full.ApprovedAt = "kenji", doc.COE.Incident.ResolvedAt
	full.SubmittedAt, full.ClosedAt = doc.COE.Incident.ResolvedAt, doc.COE.Incident.ResolvedAt
	full.CorrectiveActions[0].DoneAt = coe.DateOf(doc.COE.Incident.ResolvedAt)
	out, err := coe.Marshal(&full)
	if err != nil {
		t.Fatal(err)
	}
	again, err := coe.Parse("written", out, coe.ReadOptions{KeepNode: true})
	if err != nil {
		t.Fatalf("what the writer wrote does not read:\n%v\n%s", err, out)
	}
	written := map[string][]string{}
	mappingKeys(again.Root, "", written)
	for path, want := range formatKeys() {
		if !slices.Equal(written[path], want) {
			t.Errorf("keys of %q:\nthe writer writes %q\nthe reader takes %q", path, written[path], want)
		}
	}
	if !reflect.DeepEqual(again.COE, full) {
		t.Errorf("the written COE reads back different:\n%+v\nwant\n%+v", again.COE, full)
	}

	// The schema has exactly the reader's properties.
	var s map[string]any
	if err := json.Unmarshal(schema.Generate(coe.DefaultConfig()), &s); err != nil {
		t.Fatal(err)
	}
	for path, want := range formatKeys() {
		props := schemaProps(t, s, path)
		w := slices.Clone(want)
		sort.Strings(w)
		if !slices.Equal(props, w) {
			t.Errorf("properties of %q:\nthe schema has %q\nthe reader takes %q", path, props, w)
		}
	}

	// The form takes every field and gives it back.
	st := form.FromCOE(&doc.COE)
	back, err := st.COE()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*back, doc.COE) {
		t.Errorf("the form gives back a different COE:\n%+v\nwant\n%+v", *back, doc.COE)
	}

	// The config examples hold every key of the config and the user
	// config, and read.
	cfg := map[string][]string{}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(blocks[1]), &n); err != nil {
		t.Fatal(err)
	}
	mappingKeys(&n, "", cfg)
	if !slices.Equal(cfg[""], coe.KeysConfig()) {
		t.Errorf(".coe.yaml keys: the spec shows %q, the reader takes %q", cfg[""], coe.KeysConfig())
	}
	if !slices.Equal(cfg["owners[]"], coe.KeysMember()) {
		t.Errorf("roster entry keys: the spec shows %q, the reader takes %q", cfg["owners[]"], coe.KeysMember())
	}
	if _, err := coe.ParseConfig(".coe.yaml", []byte(blocks[1])); err != nil {
		t.Errorf("the spec's .coe.yaml does not read: %v", err)
	}
	user := map[string][]string{}
	if err := yaml.Unmarshal([]byte(blocks[2]), &n); err != nil {
		t.Fatal(err)
	}
	mappingKeys(&n, "", user)
	if !slices.Equal(user[""], coe.KeysUserConfig()) {
		t.Errorf("user config keys: the spec shows %q, the reader takes %q", user[""], coe.KeysUserConfig())
	}
}

// schemaProps returns the sorted property names of the object at path in
// the schema, following $ref into $defs.
func schemaProps(t *testing.T, s map[string]any, path string) []string {
	t.Helper()
	node := s
	resolve := func(m map[string]any) map[string]any {
		if ref, ok := m["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/$defs/")
			return s["$defs"].(map[string]any)[name].(map[string]any)
		}
		return m
	}
	if path != "" {
		for _, part := range strings.Split(path, ".") {
			name, list := strings.CutSuffix(part, "[]")
			node = resolve(node["properties"].(map[string]any)[name].(map[string]any))
			if list {
				node = resolve(node["items"].(map[string]any))
			}
		}
	}
	var names []string
	for k := range node["properties"].(map[string]any) {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
