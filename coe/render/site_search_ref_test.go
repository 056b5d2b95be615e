package render

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe/search"
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

// refData is (*siteSearch).data as it was before it merged each Doc's
// sorted fields (commit 35e207e): a map of one COE's terms. data must
// build what it built (TestSearchDataSameAsRef).
func refData(s *siteSearch) (searchData, error) {
	weights, b, k1 := search.Params()
	d := searchData{Version: 1, Weights: weights, B: b, K1: k1,
		StopWords: search.StopWords(), StemExceptions: search.StemExceptions(), Docs: []searchCOE{}, Terms: []string{}, Post: []string{}}
	// Each term's postings are encoded as its COEs come, in their order:
	// what is kept is about the size of search.js's postings, not a
	// posting struct for each term of each COE (250 MB at 100,000).
	type postings struct {
		enc  []byte
		last int // the last COE's number
	}
	post := map[string]*postings{}
	// One COE's counts, by term: counts[t] is the place of t's in tc.
	counts := map[string]int{}
	var tc [][search.NumFields]uint32
	for i := range s.docs {
		if s.docs[i] == nil {
			continue // did not read
		}
		dd, err := search.DecodeDoc(s.docs[i])
		if err != nil {
			return searchData{}, err
		}
		doc := &dd
		n := len(d.Docs)
		d.Docs = append(d.Docs, searchCOE{s.hrefs[i], s.ids[i], doc.Title, doc.Date, doc.Severity, doc.Status, doc.Time,
			doc.Fields[0].Len, doc.Fields[1].Len, doc.Fields[2].Len})
		clear(counts)
		tc = tc[:0]
		for f := range doc.Fields {
			d.Avg[f] += float64(doc.Fields[f].Len)
			for k := 0; k < doc.Fields[f].NumTerms(); k++ {
				t, c := doc.Fields[f].Term(k)
				j, ok := counts[t]
				if !ok {
					j = len(tc)
					counts[t] = j
					tc = append(tc, [search.NumFields]uint32{})
				}
				tc[j][f] = c
			}
		}
		for t, j := range counts {
			p := post[t]
			if p == nil {
				p = &postings{}
				post[strings.Clone(t)] = p
			}
			p.enc = appendPosting(p.enc, n-p.last, &tc[j])
			p.last = n
		}
	}
	for f := range d.Avg {
		if len(d.Docs) > 0 {
			d.Avg[f] /= float64(len(d.Docs))
		}
		d.Avg[f] = max(1, d.Avg[f])
	}
	for t := range post {
		d.Terms = append(d.Terms, t)
	}
	slices.Sort(d.Terms)
	d.Post = make([]string, len(d.Terms))
	for i, t := range d.Terms {
		d.Post[i] = string(post[t].enc)
		delete(post, t)
	}
	return d, nil
}
