package render

import (
	"math"
	"reflect"
	"strconv"
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
		"coes/a.html\tkey\t10\t20\tsim\t-/1,a,zz\n" +
		"coes/b.html\tkey\t10\t20\tsim\t" + encodeScored(related.Scored{Worst: 0.25, Full: true}) + "\n" +
		"coes/c.html\tkey\t10\t20\tsim\t-/1,,2\n" +
		"coes/d.html\tkey\tx\t20\tsim\t-/1\n" +
		"coes/e.html\tkey\t10\t20\tsim\t1,2\n"
	k := readSiteKeys([]byte(data))
	if k.oldIndex != "abc" {
		t.Errorf("index %q", k.oldIndex)
	}
	want := related.Deps{"": d, "dkey": d}
	if len(k.oldDeps) != len(want) || k.oldDeps[""] != d || k.oldDeps["dkey"] != d {
		t.Errorf("deps %v, want %v", k.oldDeps, want)
	}
	for rel, want := range map[string]related.Scored{"coes/a.html": {Cands: []int32{1, 10, 1295}}, "coes/b.html": {Worst: 0.25, Full: true}} {
		got, ok := decodeScored(k.old[rel].cands)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: scored %v %v, want %v", rel, got, ok, want)
		}
	}
	for _, rel := range []string{"coes/c.html", "coes/e.html"} {
		if _, ok := decodeScored(k.old[rel].cands); ok {
			t.Errorf("%s: scored read", rel)
		}
	}
	if _, ok := k.old["coes/d.html"]; ok {
		t.Error("d: read")
	}
	for _, sc := range []related.Scored{{}, {Cands: []int32{0}}, {Cands: []int32{5, 36, 9999, 1 << 30}, Worst: -0.125, Full: true}, {Worst: 0, Full: true}} {
		if got, ok := decodeScored(encodeScored(sc)); !ok || !reflect.DeepEqual(got, sc) {
			t.Errorf("decodeScored(encodeScored(%v)) = %v, %v", sc, got, ok)
		}
	}
	nan := strconv.FormatUint(math.Float64bits(math.NaN()), 36)
	for _, s := range []string{"", "-", "/", "-/", "/-", "-/-1", "-/a,", "-/zzzzzzzzzzzz", "-/,", "-/1;2", "-/2,1", "-/1,1", "x!/1", nan + "/1"} {
		if _, ok := decodeScored(s); ok {
			t.Errorf("decodeScored(%q) read", s)
		}
	}
}

// TestBase36: what base36 reads, it reads as strconv.ParseInt(s, 36, 32)
// does, for every string of up to two characters of digits, letters of
// both cases and signs, and for the numbers encodeScored writes.
func TestBase36(t *testing.T) {
	alphabet := "0189azAZ+-_ ,"
	check := func(s string) {
		n, ok := base36(s)
		if !ok {
			return
		}
		want, err := strconv.ParseInt(s, 36, 32)
		if err != nil || n != want {
			t.Fatalf("base36(%q) = %d; ParseInt gives %d, %v", s, n, want, err)
		}
	}
	check("")
	for _, a := range alphabet {
		check(string(a))
		for _, b := range alphabet {
			check(string(a) + string(b))
		}
	}
	for _, n := range []int64{0, 1, 35, 36, 1295, 1296, 60466175, 60466176, math.MaxInt32} {
		s := strconv.FormatInt(n, 36)
		got, ok := base36(s)
		if len(s) <= 5 && (!ok || got != n) {
			t.Fatalf("base36(%q) = %d, %v; want %d", s, got, ok, n)
		}
		check(s)
	}
	if _, ok := base36("zzzzzz"); ok {
		t.Fatal("base36 read six digits, which may not fit an int32")
	}
}
