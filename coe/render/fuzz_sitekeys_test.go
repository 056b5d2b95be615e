package render

import (
	"reflect"
	"testing"

	"github.com/coe-cli/coe/coe/related"
)

// FuzzSiteKeys: the keys file of a previous build (in .coe/cache, which a
// repository can hold) reads as some keys or none, never a panic, and a
// page's candidates read back as written.
func FuzzSiteKeys(f *testing.F) {
	f.Add([]byte(siteKeysHead + "index\tabc\nrows\t10.20.30\ndep\tk\t010203000000000000000000000000ff\ncoes/a.html\tkey\t10\t20\tsim\t-/1,a,zz\n"))
	f.Add([]byte(siteKeysHead + "coes/b.html\tkey\t10\t20\tsim\t" + encodeScored(related.Scored{Worst: 0.25, Full: true, Cands: []int32{3, 7}}) + "\n"))
	f.Add([]byte("garbage\n\t\t\t"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k := readSiteKeys(data)
		for _, st := range k.old {
			sc, ok := decodeScored(st.cands)
			if !ok {
				continue
			}
			again, ok := decodeScored(encodeScored(sc))
			if !ok || !reflect.DeepEqual(again, sc) {
				t.Fatalf("%q: read back as %v, %v, not %v", st.cands, again, ok, sc)
			}
		}
	})
}
