package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe/related"
)

// TestReadSiteKeysDeps reads the related index's digests and each COE
// page's candidates back, and leaves out, never panicking, any line that
// is not as written.
func TestReadSiteKeysDeps(t *testing.T) {
	d := related.Digest{1, 2, 3, 15: 0xff}
	good := "010203000000000000000000000000ff"
	data := siteKeysHead +
		"index\tabc\n" +
		"dep\t\t" + good + "\n" +
		"dep\tdkey\t" + good + "\n" +
		"dep\tshort\t0102\n" +
		"dep\tlong\t" + good + "00\n" +
		"dep\tnothex\t" + strings.Repeat("zz", 16) + "\n" +
		"coes/a.html\tkey\t10\t20\tsim\t1,a,zz\n" +
		"coes/b.html\tkey\t10\t20\tsim\t-\n" +
		"coes/c.html\tkey\t10\t20\tsim\t1,,2\n" +
		"coes/d.html\tkey\tx\t20\tsim\t1\n"
	k := readSiteKeys([]byte(data))
	if k.oldIndex != "abc" {
		t.Errorf("index %q", k.oldIndex)
	}
	want := related.Deps{"": d, "dkey": d}
	if len(k.oldDeps) != len(want) || k.oldDeps[""] != d || k.oldDeps["dkey"] != d {
		t.Errorf("deps %v, want %v", k.oldDeps, want)
	}
	for rel, want := range map[string][]int32{"coes/a.html": {1, 10, 1295}, "coes/b.html": nil} {
		got, ok := decodeCands(k.old[rel].cands)
		if !ok || !slices.Equal(got, want) {
			t.Errorf("%s: cands %v %v, want %v", rel, got, ok, want)
		}
	}
	if _, ok := decodeCands(k.old["coes/c.html"].cands); ok {
		t.Error("c: cands read")
	}
	if _, ok := k.old["coes/d.html"]; ok {
		t.Error("d: read")
	}
	for _, c := range [][]int32{nil, {0}, {5, 36, 9999, 1 << 30}} {
		if got, ok := decodeCands(encodeCands(c)); !ok || !slices.Equal(got, c) {
			t.Errorf("decodeCands(encodeCands(%v)) = %v, %v", c, got, ok)
		}
	}
	for _, s := range []string{"", "-1", "a,", "zzzzzzzzzzzz", ",", "1;2"} {
		if _, ok := decodeCands(s); ok {
			t.Errorf("decodeCands(%q) read", s)
		}
	}
}
