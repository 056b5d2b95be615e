package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/coe-cli/coe/coe"
	"gopkg.in/yaml.v3"
)

// bidiNames are the bidirectional controls bidi-control finds: the
// embeddings, overrides and isolates, which reorder the text after them.
// The marks (U+200E, U+200F, U+061C) reorder nothing and are left alone.
var bidiNames = map[rune]string{
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
}

// maxBidiReports bounds the diagnostics of one file: a hostile file full
// of controls says so in a screenful, and the look stops there.
const maxBidiReports = 20

// firstBidi finds the first bidi control of s: the control, and its place
// as the n-th character (from 1), or 0 when there is none.
func firstBidi(s string) (rune, int) {
	// The controls are all three bytes long, starting 0xE2 0x80 or 0xE2 0x81:
	// most texts have no 0xE2 at all.
	if strings.IndexByte(s, 0xE2) < 0 {
		return 0, 0
	}
	n := 0
	for _, r := range s {
		n++
		if _, ok := bidiNames[r]; ok {
			return r, n
		}
	}
	return 0, 0
}

// bidi-control

// bidiControls reports values, keys and comments that hold a bidi control,
// each at the value (or the key a comment belongs to), naming where. The
// names are made only for what is reported: a deep file costs no more than
// its depth.
func (k *checker) bidiControls() {
	if k.doc.Root == nil {
		return
	}
	var segs []string // the path to the node being looked at
	name := func() string {
		var b strings.Builder
		for i, s := range segs {
			if i > 0 && s[0] != '[' {
				b.WriteByte('.')
			}
			b.WriteString(s)
		}
		if b.Len() == 0 {
			return "the top of the file"
		}
		return b.String()
	}
	reported := 0
	report := func(n *yaml.Node, what string, r rune, at int) {
		reported++
		where := ""
		if at > 0 {
			where = fmt.Sprintf(" (its character %d)", at)
		}
		k.report(posOf(n), RuleBidiControl, "%s holds %U %s%s, an invisible bidi control: editors, diffs and reports show the text after it in another order than it is read; remove it (right-to-left text needs none)",
			what, r, bidiNames[r], where)
	}
	comments := func(n *yaml.Node) {
		for _, c := range []struct{ text, where string }{
			{n.HeadComment, "the comment above "}, {n.LineComment, "the comment after "}, {n.FootComment, "the comment below "},
		} {
			if r, _ := firstBidi(c.text); r != 0 {
				report(n, c.where+name(), r, 0)
			}
		}
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if reported >= maxBidiReports {
			return
		}
		comments(n)
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key, val := n.Content[i], n.Content[i+1]
				if r, at := firstBidi(key.Value); r != 0 {
					report(key, fmt.Sprintf("the key %q", key.Value), r, at)
				}
				seg := key.Value
				if seg == "" || seg[0] == '[' || len(seg) > 100 {
					seg = "(a key)"
				}
				segs = append(segs, seg)
				comments(key)
				walk(val)
				segs = segs[:len(segs)-1]
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				segs = append(segs, "["+strconv.Itoa(i)+"]")
				walk(c)
				segs = segs[:len(segs)-1]
			}
		case yaml.ScalarNode:
			if r, at := firstBidi(n.Value); r != 0 {
				report(n, name(), r, at)
			}
		}
	}
	walk(k.doc.Root)
}

func posOf(n *yaml.Node) coe.Position { return coe.Position{Line: n.Line, Col: n.Column} }
