package lint

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
	"gopkg.in/yaml.v3"
)

// leakOpts are the options of the detector's tests: a roster with an
// everyday-word handle, a COE tracker with a # and a deny list.
var leakOpts = LeakOptions{
	InternalDomains: []string{"corp.example.net", "Ops.Example.ORG."},
	Names:           []string{"dana", "will", "li.wei@example.com", "Alex Moreno", "al"},
	Trackers:        []string{"#412", "OPS-77"},
	Deny:            []string{"project-falcon", "blue*", "night shift"},
	Allow:           []string{"support@example.com", "status.corp.example.net"},
}

func leakList(ls []Leak) string {
	var b strings.Builder
	for _, l := range ls {
		fmt.Fprintf(&b, "%s %q @%d\n", l.Kind, l.Text, l.Offset)
	}
	return b.String()
}

// Each kind of leak is found where it is, and its look-alikes are not.
func TestLeaks(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // kind "text" @offset
	}{
		{"ipv4", "The load balancer 10.20.0.7 failed; 192.168.1.254:8080 too; range 10.0.0.0/8.",
			[]string{`ip-address "10.20.0.7" @18`, `ip-address "192.168.1.254" @36`, `ip-address "10.0.0.0" @66`}},
		{"ipv4 at the end of a sentence", "It was 10.0.0.1.", []string{`ip-address "10.0.0.1" @7`}},
		{"versions are not addresses", "Firmware 14.1 and 2.3.4, v1.2.3.4, 10.2.3.4.5, 256.1.1.1, 1.2.3.4a, 1.2.3.04.5 and 3.14.", nil},
		{"dates and decimals", "On 28.01.2024 at 19.05 we shipped 1.0.", nil},
		{"ipv6", "Hosts fe80::1ff:fe23:4567:890a and [2001:db8::1]:443 and ::ffff:10.0.0.1, and ::1.",
			[]string{`ip-address "fe80::1ff:fe23:4567:890a" @6`, `ip-address "2001:db8::1" @36`, `ip-address "::ffff:10.0.0.1" @57`, `ip-address "::1" @78`}},
		{"times are not ipv6", "From 14:02 to 14:02:33, then 19:05:00.123 and 2024-01-28T19:05:00-06:00; std::vector; a::b::c.", nil},
		{"e-mail", "Write to dana.smith+coe@corp.example.net or ops@example.com.",
			[]string{`e-mail "dana.smith+coe@corp.example.net" @9`, `e-mail "ops@example.com" @44`}},
		{"not e-mail", "Mention @dana-team, user@localhost, a@b.c, and @ alone.", nil},
		{"allowed e-mail", "Write to support@example.com.", nil},
		{"internal hosts", "db1.corp.example.net, DB1.CORP.EXAMPLE.NET, corp.example.net, x.ops.example.org and printer.local failed.",
			[]string{`internal-host "db1.corp.example.net" @0`, `internal-host "DB1.CORP.EXAMPLE.NET" @22`, `internal-host "corp.example.net" @44`,
				`internal-host "x.ops.example.org" @62`, `internal-host "printer.local" @84`}},
		{"internal host in a URL", "See https://grafana.corp.example.net/d/abc for the graph.",
			[]string{`internal-host "grafana.corp.example.net" @12`}},
		{"not internal hosts", "notcorp.example.net, corp.example.network, example.net, status.corp.example.net, the .local resolver, Node.js.", nil},
		{"names", "Dana restarted it; dana's fix; Li.Wei and li.wei; Alex   Moreno; Will said; @dana.",
			[]string{`name "Dana" @0`, `name "dana" @19`, `name "Li.Wei" @31`, `name "li.wei" @42`, `name "Alex   Moreno" @50`, `name "Will" @65`, `name "dana" @77`}},
		{"not names", "We will publish; the danaher fund; al and AL; li wei; Alex alone; dana-style.", nil},
		{"tracker keys", "Fixed in PAY-123, PAY-123-hotfix and ABC-1; OPS-77 and ops-77; issue #412.",
			[]string{`tracker-key "PAY-123" @9`, `tracker-key "PAY-123" @18`, `tracker-key "ABC-1" @37`, `tracker-key "OPS-77" @44`, `tracker-key "ops-77" @55`, `tracker-key "#412" @69`}},
		{"not tracker keys", "UTF-8, SHA-256, ISO-8601, COVID-19, CVE-2024-1234, Pay-123, A-1, PAY-x, 412 customers.", nil},
		{"paths", "Read /etc/nginx/nginx.conf, C:\\deploy\\run.ps1, \\\\files\\share, ./run.sh, ../x, ~/notes, src/pay/refund.go, a/b/c/d and `/var/log/app`.",
			[]string{`file-path "/etc/nginx/nginx.conf" @5`, `file-path "C:\\deploy\\run.ps1" @28`, `file-path "\\\\files\\share" @47`,
				`file-path "./run.sh" @62`, `file-path "../x" @72`, `file-path "~/notes" @78`, `file-path "src/pay/refund.go" @87`,
				`file-path "a/b/c/d" @106`, `file-path "/var/log/app" @119`}},
		{"not paths", "24/7 and/or 01/28/2024 iOS/Android/web TCP/IP e.g./i.e. /checkout https://status.example.com/incidents/2024/01/28.html status.example.com/a/b.html //cdn.example.com/x.js", nil},
		{"deny", "Project-Falcon, project falcon, bluebird, blue-green, the Night  Shift.",
			[]string{`denied-word "Project-Falcon" @0`, `denied-word "bluebird" @32`, `denied-word "blue-green" @42`, `denied-word "Night  Shift" @58`}},
		{"overlaps keep the first", "dana@db1.corp.example.net and /home/dana/x.txt",
			[]string{`e-mail "dana@db1.corp.example.net" @0`, `file-path "/home/dana/x.txt" @30`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Leaks(c.text, leakOpts)
			want := ""
			for _, w := range c.want {
				want += w + "\n"
			}
			if leakList(got) != want {
				t.Errorf("Leaks(%q):\ngot:\n%swant:\n%s", c.text, leakList(got), want)
			}
			for _, l := range got {
				if c.text[l.Offset:l.Offset+len(l.Text)] != l.Text {
					t.Errorf("%s %q is not at %d", l.Kind, l.Text, l.Offset)
				}
			}
		})
	}
}

// Who a name is and which domain a host is under come with the leak.
func TestLeaksWhy(t *testing.T) {
	f := NewLeakFinder(LeakOptions{InternalDomains: []string{"corp.example.net"}})
	got := f.Find("db1.corp.example.net, cache.internal")
	if len(got) != 2 || got[0].Why != "under corp.example.net of internal_domains" || !strings.Contains(got[1].Why, "reserved") {
		t.Errorf("Find = %+v", got)
	}
	// A handle that is an everyday word leaks written with a capital only;
	// with an empty everyday list, in any case.
	if got := Leaks("we will, Will", LeakOptions{Names: []string{"will"}}); leakList(got) != "name \"Will\" @9\n" {
		t.Errorf("everyday handle: %s", leakList(got))
	}
	if got := Leaks("we will", LeakOptions{Names: []string{"will"}, Everyday: []string{}}); len(got) != 1 {
		t.Errorf("everyday list emptied: %s", leakList(got))
	}
}

// Leaks costs time linear in the text, whatever it holds: texts of the
// shapes each finder looks at, 16 times longer, cost about 16 times more
// CPU time (a quadratic finder would cost 256 times more; CPU time and
// the best of five runs keep a busy machine's noise out).
func TestLeaksLinear(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's costs are not the code's")
	}
	shapes := []string{
		"1.", "1.2.3.4.", "a:", "f::", "a@", "a@b.", "x.", "a.b.corp.example.net.", "/a", "a/b/", "PAY-1-", "dana ", "blue ",
		"#412 ", "Alex Moreno ", "\\\\a\\", "é.", "x ",
	}
	for _, s := range shapes {
		small, large := strings.Repeat(s, 1000), strings.Repeat(s, 16000)
		cost := func(text string) time.Duration {
			best := time.Duration(1 << 62)
			for range 3 {
				start := cpuTime(t)
				Leaks(text, leakOpts)
				best = min(best, cpuTime(t)-start)
			}
			return best
		}
		runtime.GC()
		a, b := cost(small), cost(large)
		if b > 100*a+5*time.Millisecond {
			t.Errorf("%q: %v for %d bytes, %v for %d: not linear", s, a, len(small), b, len(large))
		}
	}
}

// scalarPositions finds a word of a value where the file has it, in every
// style of scalar.
func TestScalarPositions(t *testing.T) {
	docs := []string{
		"a: one MARK two\n",
		"a:   MARK\n",
		"a: é ü MARK\n",
		"a: one\n  two\n    MARK three\n",
		"a: 'it''s ''MARK'''\n",
		"a: \"q\\t\\u00e9\\\" MARK\"\n",
		"a: \"one \\\n    two\\x41 MARK\"\n",
		"a: \"one\n\n  two MARK\"\n",
		"a: |\n  one\n\n    two\n  é MARK\n",
		"a: |2-\n   one\n  MARK\n",
		"a: >\n  one\n  two\n\n  three MARK\n  four\n",
		"a: >-  # a comment\n  one\n    more\n  MARK\n",
		"x:\n  - a: [one, \"MARK\"]\n",
		"x: {a: b, c: one\n  MARK}\n",
		"\ufeffa: one MARK\n",
		"a: |\r\n  one\r\n  two MARK\r\n",
		"a: >\r  one\r  MARK\r",
		"a: one\ttwo\t MARK\n",
	}
	for _, doc := range docs {
		var root yaml.Node
		src := []byte(doc)
		if err := yaml.Unmarshal([]byte(strings.ReplaceAll(strings.TrimPrefix(doc, "\ufeff"), "\r\n", "\n")), &root); err != nil {
			if err := yaml.Unmarshal([]byte(strings.ReplaceAll(doc, "\r", "\n")), &root); err != nil {
				t.Fatalf("%q: %v", doc, err)
			}
		}
		var n *yaml.Node
		var find func(*yaml.Node)
		find = func(x *yaml.Node) {
			if x.Kind == yaml.ScalarNode && strings.Contains(x.Value, "MARK") {
				n = x
			}
			for _, c := range x.Content {
				find(c)
			}
		}
		find(&root)
		if n == nil {
			t.Fatalf("%q: no MARK", doc)
		}
		starts := lineStarts(src)
		at := strings.Index(n.Value, "MARK")
		pos := scalarPositions(src, starts, n, []int{0, at})[1]
		if pos.Line < 1 || pos.Line > len(starts) {
			t.Errorf("%q: MARK at %d:%d, outside the file", doc, pos.Line, pos.Col)
			continue
		}
		line := string(src[starts[pos.Line-1]:])
		col := pos.Col
		for col > 1 && line != "" {
			_, size := utf8.DecodeRuneInString(line)
			line = line[size:]
			col--
		}
		if !strings.HasPrefix(line, "MARK") {
			t.Errorf("%q: MARK at %d:%d, where the file has %q", doc, pos.Line, pos.Col, line)
		}
	}
	// A value the source does not hold gets the value's position.
	var root yaml.Node
	if err := yaml.Unmarshal([]byte("a: one two\n"), &root); err != nil {
		t.Fatal(err)
	}
	n := root.Content[0].Content[1]
	if got := scalarPositions([]byte("a: one xyz\n"), lineStarts([]byte("a: one xyz\n")), n, []int{4}); got[0].Line != 1 || got[0].Col != 4 {
		t.Errorf("a source that differs: %v, want the value's 1:4", got)
	}
}

// FuzzLeaks: the detector never panics, every leak is a piece of the text
// at its offset, in the order of the text, and no two overlap.
func FuzzLeaks(f *testing.F) {
	for _, s := range []string{
		"db1.corp.example.net 10.0.0.1 fe80::1 dana@corp.example.net /etc/hosts C:\\x\\y PAY-123 #412 Will project-falcon",
		"v1.2.3.4 14:02:33 std::vector 24/7 and/or https://status.example.com/a/b/c.html we will",
		"::ffff:10.0.0.1. [2001:db8::1]:443 a@b@c.de ..corp.example.net. \\\\h\\s ~/x ../y ./z",
		"Alex\u00a0Moreno li.wei@example.com Li.Wei \u00e9dana danaé PAY-1-2-3 UTF-8",
	} {
		f.Add(s)
	}
	finder := NewLeakFinder(leakOpts)
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, l := range finder.Find(text) {
			if l.Offset < end || l.Offset+len(l.Text) > len(text) || l.Text == "" {
				t.Fatalf("%s %q at %d: out of order, overlapping or outside the text (%d bytes)", l.Kind, l.Text, l.Offset, len(text))
			}
			if text[l.Offset:l.Offset+len(l.Text)] != l.Text {
				t.Fatalf("%s %q is not at %d", l.Kind, l.Text, l.Offset)
			}
			end = l.Offset + len(l.Text)
		}
	})
}

// FuzzScalarPositions: in any file, the position scalarPositions gives a
// character of a value is where the file has that character (or, in a
// double-quoted text, its escape; in a single-quoted one, the first of
// its two quotes).
func FuzzScalarPositions(f *testing.F) {
	for _, s := range []string{
		"a: one two\n", "a: |\n  one\n\n   two\n", "a: >-\n  one\n  two\n\n  three\n", "a: \"x\\ty\\u00e9 \\\n  z\"\n",
		"a: 'it''s\n  here'\n", "\ufeffa: [b, \"c d\", {e: f g}]\r\n", "a: b\r  c\r", "a: |2\n   x\n  y\n", "- a\n- b:\n    c d\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _ := coe.Parse("f.yaml", data, coe.ReadOptions{KeepNode: true}) // a COE that does not decode still has its tree
		if doc == nil || doc.Root == nil {
			return
		}
		src, starts := doc.Source, lineStarts(doc.Source)
		var walk func(n *yaml.Node, depth int)
		walk = func(n *yaml.Node, depth int) {
			if depth > 50 {
				return
			}
			for _, c := range n.Content {
				walk(c, depth+1)
			}
			if n.Kind != yaml.ScalarNode {
				return
			}
			var offs []int
			for i, r := range n.Value {
				if !isSpace(r) && len(offs) < 200 {
					offs = append(offs, i)
				}
			}
			// A source that is not the tree's (cut short, or another
			// file) gives no position outside it, and no panic.
			for _, other := range [][]byte{src[:len(src)/2], src[len(src)/3:]} {
				for _, p := range scalarPositions(other, lineStarts(other), n, offs) {
					if p != posOf(n) && (p.Line < 1 || p.Line > len(lineStarts(other))) {
						t.Fatalf("%q: a position %d:%d outside another source", data, p.Line, p.Col)
					}
				}
			}
			for k, p := range scalarPositions(src, starts, n, offs) {
				if p == posOf(n) {
					continue // the value's own place: unmatched, or the first character
				}
				if p.Line < 1 || p.Line > len(starts) || p.Col < 1 {
					t.Fatalf("%q: offset %d of %q at %d:%d, outside the file", data, offs[k], n.Value, p.Line, p.Col)
				}
				at := starts[p.Line-1]
				for c := 1; c < p.Col && at < len(src); c++ {
					_, size := utf8.DecodeRune(src[at:])
					at += size
				}
				want, _ := utf8.DecodeRuneInString(n.Value[offs[k]:])
				got, _ := utf8.DecodeRune(src[min(at, len(src)):])
				if got != want && !(got == '\\' && n.Style&yaml.DoubleQuotedStyle != 0) {
					t.Fatalf("%q: %q (offset %d of %q) at %d:%d, where the file has %q", data, want, offs[k], n.Value, p.Line, p.Col, got)
				}
			}
		}
		walk(doc.Root, 0)
	})
}
