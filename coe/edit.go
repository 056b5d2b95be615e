package coe

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Update returns src, the bytes of an existing COE file, changed to hold c.
//
// The file's YAML tree is edited in place: a field whose value did not change
// keeps its node, with its comments, style and position; changed values are
// set on the existing nodes; list items are matched (corrective actions by
// id, other items by content) so that an edited or removed item keeps the
// comments of its neighbours. The edited tree is then encoded and merged
// line by line with the original text, so that lines the change does not
// touch (blank lines, comments, the file's own indentation and quoting) stay
// byte for byte; a result that would not read back as the edit intends falls
// back to the plain encoding of the edited tree, which still keeps comments
// and key order. A byte-order mark is kept, and the line ends: each line
// kept keeps its own (LF, CRLF or a lone CR, as old Mac files have), and
// a line added or changed takes the file's most common one.
func Update(src []byte, c *COE) ([]byte, error) {
	hasBOM := bytes.HasPrefix(src, bom)
	body, ends := toLF(bytes.TrimPrefix(src, bom))
	root, err := parseNode("", body)
	if err != nil {
		return nil, fmt.Errorf("cannot edit a file that does not parse: %w", err)
	}
	safeBlockScalars(root)
	e0, err := encodeNode(root)
	if err != nil {
		return nil, err
	}
	syncNode(root.Content[0], c.Node())
	safeBlockScalars(root)
	e1, err := encodeNode(root)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(e0, e1) {
		return src, nil
	}
	base, ours, theirs := splitLines(string(e0)), splitLines(string(body)), splitLines(string(e1))
	out := e1
	if merged, ok := merge3(base, ours, theirs); ok && sameData([]byte(strings.Join(merged, "")), e1) {
		out = []byte(strings.Join(merged, ""))
	} else if merged := mergeSections(base, ours, theirs); sameData([]byte(strings.Join(merged, "")), e1) {
		out = []byte(strings.Join(merged, ""))
	}
	out = ends.restore(ours, out)
	if hasBOM {
		out = append(append([]byte{}, bom...), out...)
	}
	return out, nil
}

// safeBlockScalars gives every literal or folded scalar under n a style
// that yaml.v3 writes back as the same text. Its emitter can change a
// folded scalar whose lines are indented more than the first (a blank line
// appears between them), so such a scalar is encoded literal instead, or
// double-quoted when that fails too. Only the encoding changes: where the
// value itself is untouched, the line merge keeps the user's own text.
func safeBlockScalars(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && !encodesBack(n) {
		n.Style = n.Style&^yaml.FoldedStyle | yaml.LiteralStyle
		if !encodesBack(n) {
			n.Style = n.Style&^yaml.LiteralStyle | yaml.DoubleQuotedStyle
		}
	}
	for _, c := range n.Content {
		safeBlockScalars(c)
	}
}

// encodesBack reports whether scalar n, encoded as a mapping's value and
// read again, has the same value.
func encodesBack(n *yaml.Node) bool {
	v := *n
	v.HeadComment, v.LineComment, v.FootComment = "", "", ""
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "k"}, &v}}
	out, err := encodeNode(doc)
	if err != nil {
		return false
	}
	var back yaml.Node
	if err := yaml.Unmarshal(out, &back); err != nil || len(back.Content) != 1 || len(back.Content[0].Content) != 2 {
		return false
	}
	return back.Content[0].Content[1].Value == n.Value
}

// mergeSections is the coarse fallback of the line merge: top-level sections
// the edit did not touch are kept as the user wrote them, and the ones it
// touched are taken as encoded. The comments and blank lines at the end of
// a section (which belong to the next key) are kept from the user's text.
func mergeSections(base, ours, theirs []string) []string {
	bSecs, oSecs, tSecs := sections(base), sections(ours), sections(theirs)
	var out []string
	for _, t := range tSecs {
		b, bok := findSection(bSecs, t.key)
		o, ook := findSection(oSecs, t.key)
		switch {
		case bok && ook && equalLines(b.lines, t.lines):
			out = append(out, o.lines...)
		case ook:
			body, _ := splitTrailer(t.lines)
			_, trailer := splitTrailer(o.lines)
			out = append(append(out, body...), trailer...)
		default:
			out = append(out, t.lines...)
		}
	}
	return out
}

type section struct {
	key   string // "" for what comes before the first key
	lines []string
}

// sections splits an encoded document at its top-level keys: lines that
// start with neither a space, a "#" nor a "-" and are not blank.
func sections(lines []string) []section {
	out := []section{{}}
	for _, l := range lines {
		if l != "" && l[0] != ' ' && l[0] != '#' && l[0] != '-' && l[0] != '\n' && l[0] != '\t' {
			key := l
			if i := strings.IndexByte(l, ':'); i >= 0 {
				key = l[:i]
			}
			out = append(out, section{key: key})
		}
		out[len(out)-1].lines = append(out[len(out)-1].lines, l)
	}
	return out
}

func findSection(ss []section, key string) (section, bool) {
	for _, s := range ss {
		if s.key == key {
			return s, true
		}
	}
	return section{}, false
}

// splitTrailer splits the comment and blank lines at column 0 off the end
// of a section.
func splitTrailer(lines []string) (body, trailer []string) {
	i := len(lines)
	for i > 1 && (lines[i-1] == "\n" || strings.HasPrefix(lines[i-1], "#")) {
		i--
	}
	return lines[:i], lines[i:]
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sameData reports whether two YAML texts parse to the same data, ignoring
// comments, styles and positions.
func sameData(a, b []byte) bool {
	na, err := parseNode("", a)
	if err != nil {
		return false
	}
	nb, err := parseNode("", b)
	if err != nil {
		return false
	}
	return equalNodes(na, nb)
}

func equalNodes(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || len(a.Content) != len(b.Content) {
		return false
	}
	if a.Kind == yaml.ScalarNode && (a.ShortTag() != b.ShortTag() || a.Value != b.Value) {
		return false
	}
	for i := range a.Content {
		if !equalNodes(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// syncNode makes old hold the data of want, touching only what differs.
func syncNode(old, want *yaml.Node) {
	switch {
	case old.Kind == yaml.MappingNode && want.Kind == yaml.MappingNode:
		syncMapping(old, want)
	case old.Kind == yaml.SequenceNode && want.Kind == yaml.SequenceNode:
		syncSequence(old, want)
	case old.Kind == yaml.ScalarNode && want.Kind == yaml.ScalarNode:
		if scalarEqual(old, want) {
			return
		}
		style := want.Style
		if (old.Style == yaml.DoubleQuotedStyle || old.Style == yaml.SingleQuotedStyle) && want.Style == 0 && old.Value != "" {
			style = old.Style
		}
		old.Tag, old.Value, old.Style = want.Tag, want.Value, style
	default:
		if isEmptyValue(old) && isEmptyValue(want) {
			return
		}
		// A different kind of value (null becoming a list, say): replace it,
		// keeping the comments around it.
		old.Kind, old.Tag, old.Value, old.Style, old.Content = want.Kind, want.Tag, want.Value, want.Style, want.Content
	}
}

func syncMapping(old, want *yaml.Node) {
	wantKeys := map[string]bool{}
	for i := 0; i+1 < len(want.Content); i += 2 {
		k, v := want.Content[i], want.Content[i+1]
		wantKeys[k.Value] = true
		if _, ov := mappingValue(old, k.Value); ov != nil {
			syncNode(ov, v)
			continue
		}
		if isEmptyValue(v) {
			continue
		}
		// Insert after the nearest preceding key of want that old has.
		at := 0
		for p := i - 2; p >= 0; p -= 2 {
			if idx := keyIndex(old, want.Content[p].Value); idx >= 0 {
				at = idx + 2
				break
			}
		}
		old.Content = append(old.Content[:at], append([]*yaml.Node{k, v}, old.Content[at:]...)...)
	}
	// Keys want does not have were cleared; empty ones are left as written.
	// A cleared key that carries a comment stays, with an empty value, so
	// that the comment is not lost with it.
	for i := 0; i+1 < len(old.Content); {
		k, v := old.Content[i], old.Content[i+1]
		if !wantKeys[k.Value] && !isEmptyValue(v) {
			if hasComment(k) || hasComment(v) {
				clearNode(v)
			} else {
				old.Content = append(old.Content[:i], old.Content[i+2:]...)
				continue
			}
		}
		i += 2
	}
}

func hasComment(n *yaml.Node) bool {
	return n.HeadComment != "" || n.LineComment != "" || n.FootComment != ""
}

// clearNode empties a value in place, keeping its comments: a text becomes
// "", any other scalar null, a list [] and a mapping loses its keys (but
// those with comments, emptied in turn).
func clearNode(n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		syncMapping(n, &yaml.Node{Kind: yaml.MappingNode})
		if len(n.Content) == 0 {
			n.Style = yaml.FlowStyle
		}
	case yaml.SequenceNode:
		n.Content, n.Style = nil, yaml.FlowStyle
	default:
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
			n.Tag, n.Value, n.Style = "!!str", "", yaml.DoubleQuotedStyle
		} else {
			n.Kind, n.Tag, n.Value, n.Style, n.Content = yaml.ScalarNode, "!!null", "null", 0, nil
		}
	}
}

func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// syncSequence aligns the items of old and want (a longest common
// subsequence by identity), edits paired items in place, drops old items
// that were removed and inserts new ones.
func syncSequence(old, want *yaml.Node) {
	ok := make([]string, len(old.Content))
	for i, n := range old.Content {
		ok[i] = itemKey(n)
	}
	wk := make([]string, len(want.Content))
	for i, n := range want.Content {
		wk[i] = itemKey(n)
	}
	pairs := lcsPairs(ok, wk)
	var out []*yaml.Node
	oi, wi := 0, 0
	flush := func(oEnd, wEnd int) {
		// In a gap between matches, old and new items pair up in order:
		// an item edited in place keeps its node and comments.
		for oi < oEnd && wi < wEnd {
			syncNode(old.Content[oi], want.Content[wi])
			out = append(out, old.Content[oi])
			oi, wi = oi+1, wi+1
		}
		for wi < wEnd {
			out = append(out, want.Content[wi])
			wi++
		}
		oi = oEnd
	}
	for _, p := range pairs {
		flush(p[0], p[1])
		syncNode(old.Content[oi], want.Content[wi])
		out = append(out, old.Content[oi])
		oi, wi = oi+1, wi+1
	}
	flush(len(old.Content), len(want.Content))
	if len(old.Content) == 0 && len(out) > 0 && old.Style == yaml.FlowStyle && want.Style != yaml.FlowStyle {
		old.Style = want.Style // "lessons: []" growing its first item becomes a block list
	}
	if len(out) == 0 && want.Style == yaml.FlowStyle {
		old.Style = yaml.FlowStyle // a block list emptied is written "[]"
	}
	old.Content = out
}

// itemKey identifies a list item: corrective actions by id, anything else by
// its data.
func itemKey(n *yaml.Node) string {
	if n.Kind == yaml.MappingNode {
		if _, v := mappingValue(n, "id"); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
			return "id:" + v.Value
		}
	}
	var b strings.Builder
	writeKey(&b, n)
	return b.String()
}

func writeKey(b *strings.Builder, n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		if isEmptyValue(n) {
			b.WriteString("~")
			return
		}
		b.WriteString(strconv.Quote(strings.Trim(n.Value, "\n")))
	default:
		b.WriteByte('(')
		for _, c := range n.Content {
			writeKey(b, c)
			b.WriteByte(' ')
		}
		b.WriteByte(')')
	}
}

// lcsPairs returns the index pairs of a longest common subsequence of a and
// b. Very long lists fall back to no pairs (everything pairs in order).
func lcsPairs(a, b []string) [][2]int {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || n*m > 1<<22 {
		return nil
	}
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var pairs [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			pairs = append(pairs, [2]int{i, j})
			i, j = i+1, j+1
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return pairs
}

// isEmptyValue reports whether n holds no data: null, "", [] or a mapping
// of empty values.
func isEmptyValue(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Tag == "!!null" || (n.Value == "" && n.ShortTag() == "!!str")
	case yaml.SequenceNode:
		return len(n.Content) == 0
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			if !isEmptyValue(n.Content[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// scalarEqual compares two scalars as data: times by instant and offset,
// numbers by value, texts ignoring leading and trailing line breaks, and null
// equal to "".
func scalarEqual(a, b *yaml.Node) bool {
	if isEmptyValue(a) || isEmptyValue(b) {
		return isEmptyValue(a) && isEmptyValue(b)
	}
	if a.Value == b.Value {
		return a.ShortTag() == b.ShortTag() || a.ShortTag() == "!!str" || b.ShortTag() == "!!str"
	}
	if ta, err := ParseTime(a.Value); err == nil {
		if tb, err := ParseTime(b.Value); err == nil {
			_, oa := ta.Zone()
			_, ob := tb.Zone()
			return ta.Equal(tb) && oa == ob
		}
	}
	if a.ShortTag() == "!!int" && b.ShortTag() == "!!int" {
		ia, ea := strconv.ParseInt(strings.ReplaceAll(a.Value, "_", ""), 0, 64)
		ib, eb := strconv.ParseInt(strings.ReplaceAll(b.Value, "_", ""), 0, 64)
		return ea == nil && eb == nil && ia == ib
	}
	return strings.Trim(a.Value, "\n") == strings.Trim(b.Value, "\n")
}
