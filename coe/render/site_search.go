package render

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/search"
)

// SearchName is the site's search index: a script the index page loads
// when its search box is first used (a <script src>, which works from
// file://, where fetch() does not), setting window.coeSearchData.
const SearchName = "search.js"

// siteSearch gathers the search Docs of a site's COEs (coe/search.Terms,
// as coe search reads them) while BuildSite reads them, for search.js.
// add may be called from several goroutines, each for its own i.
// Each Doc is kept encoded (search.AppendDoc), about 600 bytes a COE of
// 5 KB, until write.
type siteSearch struct {
	docs  [][]byte
	hrefs []string
	ids   []string
}

func newSiteSearch(n int) *siteSearch {
	return &siteSearch{docs: make([][]byte, n), hrefs: make([]string, n), ids: make([]string, n)}
}

// add keeps the Doc of the i-th COE, c, whose page is coes/<stem>.html.
func (s *siteSearch) add(i int, stem string, c *coe.COE) {
	d := search.Terms(stem, c)
	s.docs[i] = search.AppendDoc(nil, &d)
	s.hrefs[i] = "coes/" + pagePath(stem) + ".html"
	s.ids[i] = c.ID
	if s.ids[i] == "" {
		s.ids[i] = stem
	}
}

// addDoc keeps the Doc of the i-th COE, encoded, from the warm index:
// id is its id as read.
func (s *siteSearch) addDoc(i int, stem, id string, doc []byte) {
	s.docs[i] = doc
	s.hrefs[i] = "coes/" + pagePath(stem) + ".html"
	s.ids[i] = id
	if id == "" {
		s.ids[i] = stem
	}
}

// searchKey is what search.js holds beside the rows (listKey): each
// COE's Doc, page and id; "" when the build is not incremental.
func (o *SiteOptions) searchKey(s *siteSearch) string {
	if o.base == "" {
		return ""
	}
	k := newKeyHash()
	k.str(strconv.Itoa(len(s.docs)))
	for i := range s.docs {
		if s.docs[i] == nil {
			k.str("-")
			continue
		}
		k.bytes(s.docs[i])
		k.str(s.hrefs[i])
		k.str(s.ids[i])
	}
	return k.sum()
}

// searchData is search.js's data: the ranking's parameters, the word
// lists the script's tokenizer needs, each COE (Docs), the vocabulary
// (Terms, sorted) and each term's postings (Post), encoded by
// appendPostings.
type searchData struct {
	Version        int         `json:"v"`
	Weights        [3]float64  `json:"weights"`
	B              [3]float64  `json:"b"`
	K1             float64     `json:"k1"`
	Avg            [3]float64  `json:"avg"`
	StopWords      []string    `json:"stop"`
	StemExceptions []string    `json:"stem_exceptions"`
	Docs           []searchCOE `json:"docs"`
	Terms          []string    `json:"terms"`
	Post           []string    `json:"post"`
	_              struct{}    `json:"-"`
}

// searchCOE is a COE in search.js: [href, id, title, date, severity,
// status, time, title length, labels length, body length].
type searchCOE [10]any

// The digits of the postings' numbers: each number is written 5 bits at
// a time, lowest first, in contDigits but the last, in endDigits. None
// needs escaping in a JSON string.
const (
	endDigits  = "0123456789abcdefghijklmnopqrstuv"
	contDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-"
)

func appendNumber(b []byte, v uint64) []byte {
	for v >= 32 {
		b = append(b, contDigits[v&31])
		v >>= 5
	}
	return append(b, endDigits[v])
}

// appendPosting encodes a term's posting in a COE: the COE's number less
// the last one's (delta), times two, plus 1 when the term is in its title
// or labels; its count in the body; and when flagged, its counts in the
// title and the labels.
func appendPosting(b []byte, delta int, counts *[search.NumFields]uint32) []byte {
	flag := uint64(0)
	if counts[search.FieldTitle] > 0 || counts[search.FieldLabels] > 0 {
		flag = 1
	}
	b = appendNumber(b, uint64(delta)<<1|flag)
	b = appendNumber(b, uint64(counts[search.FieldBody]))
	if flag == 1 {
		b = appendNumber(b, uint64(counts[search.FieldTitle]))
		b = appendNumber(b, uint64(counts[search.FieldLabels]))
	}
	return b
}

// data builds search.js's data from the Docs of the COEs added.
func (s *siteSearch) data() (searchData, error) {
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

// write writes search.js of the COEs added, a COE and a term at a time
// (it is 35 MB for 100,000 COEs): the bytes of encoding/json's Encoder on
// the whole searchData, with ";" before its last newline.
func (s *siteSearch) write(w *siteWriter) error {
	data, err := s.data()
	if err != nil {
		return err
	}
	out, err := w.stream(SearchName)
	if err != nil {
		return err
	}
	if err := data.encode(out); err != nil {
		out.abort()
		return err
	}
	return out.commit()
}

// encode writes search.js of d to out. encoding/json escapes <, >, & and
// U+2028/U+2029: the data is a JavaScript expression whatever the titles
// hold.
func (d *searchData) encode(out io.Writer) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	var err error
	// put writes v as encoding/json does, without the Encoder's newline.
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
