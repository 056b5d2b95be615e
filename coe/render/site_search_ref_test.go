package render

import (
	"bytes"
	"encoding/json"
	"io"
)

// refEncode is (*searchData).encode as it was before its hand-written
// JSON (commit 35e207e): encoding/json's Encoder a value at a time. The
// new encode must write its bytes (TestSearchEncodeSameAsRef).
func refEncode(d *searchData, out io.Writer) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	var err error
	put := func(v any) {
		if err != nil {
			return
		}
		b.Reset()
		if err = enc.Encode(v); err == nil {
			_, err = out.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
		}
	}
	raw := func(s string) {
		if err == nil {
			_, err = io.WriteString(out, s)
		}
	}
	list := func(n int, item func(i int) any) {
		raw("[")
		for i := range n {
			if i > 0 {
				raw(",")
			}
			put(item(i))
		}
		raw("]")
	}
	raw("// coe build: the search index of index.html's search box (site.js reads it).\nwindow.coeSearchData = ")
	raw(`{"v":`)
	put(d.Version)
	raw(`,"weights":`)
	put(d.Weights)
	raw(`,"b":`)
	put(d.B)
	raw(`,"k1":`)
	put(d.K1)
	raw(`,"avg":`)
	put(d.Avg)
	raw(`,"stop":`)
	put(d.StopWords)
	raw(`,"stem_exceptions":`)
	put(d.StemExceptions)
	raw(`,"docs":`)
	list(len(d.Docs), func(i int) any { return &d.Docs[i] })
	raw(`,"terms":`)
	list(len(d.Terms), func(i int) any { return d.Terms[i] })
	raw(`,"post":`)
	list(len(d.Post), func(i int) any { return d.Post[i] })
	raw("};\n")
	return err
}
