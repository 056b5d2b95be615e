package render

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
	// reload, when set, makes the i-th COE's Doc again from its file, for
	// a Doc of the warm index that does not read (nil: the file does not
	// read either, and the COE is left out).
	reload func(i int) []byte
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
		StopWords: search.StopWords(), StemExceptions: search.StemExceptions(),
		Docs: make([]searchCOE, 0, len(s.docs)), Terms: []string{}, Post: []string{}}
	// Each term's postings are encoded as its COEs come, in their order:
	// what is kept is about the size of search.js's postings, not a
	// posting struct for each term of each COE (250 MB at 100,000).
	type postings struct {
		enc  []byte
		last int // the last COE's number
	}
	post := map[string]*postings{}
	for i := range s.docs {
		if s.docs[i] == nil {
			continue // did not read
		}
		// The Doc's strings are s.docs[i]'s bytes, not a copy: nothing
		// writes them again (add and addDoc keep a Doc they are given),
		// and s keeps them while the data is.
		dd, err := search.DecodeDocShared(s.docs[i])
		if err != nil && s.reload != nil {
			doc := s.reload(i)
			if doc == nil {
				continue
			}
			dd, err = search.DecodeDoc(doc)
		}
		if err != nil {
			return searchData{}, err
		}
		doc := &dd
		n := len(d.Docs)
		d.Docs = append(d.Docs, searchCOE{s.hrefs[i], s.ids[i], doc.Title, doc.Date, doc.Severity, doc.Status, doc.Time,
			doc.Fields[0].Len, doc.Fields[1].Len, doc.Fields[2].Len})
		for f := range doc.Fields {
			d.Avg[f] += float64(doc.Fields[f].Len)
		}
		// Each field's terms are sorted (DecodeDoc checks it): merged,
		// they give each term of the COE once, with its count in each.
		// term[f] and count[f] are field f's next (left[f] > 0).
		var (
			left, at [search.NumFields]int
			term     [search.NumFields]string
			count    [search.NumFields]uint32
		)
		next := func(f int) {
			if left[f] > 0 {
				term[f], count[f] = doc.Fields[f].Term(at[f])
				at[f]++
			}
		}
		for f := range doc.Fields {
			left[f] = doc.Fields[f].NumTerms()
			next(f)
		}
		for {
			f0 := -1 // the field of the least next term
			for f := range doc.Fields {
				if left[f] > 0 && (f0 < 0 || term[f] < term[f0]) {
					f0 = f
				}
			}
			if f0 < 0 {
				break
			}
			t := term[f0]
			var counts [search.NumFields]uint32
			for f := range doc.Fields {
				if left[f] > 0 && term[f] == t {
					counts[f] = count[f]
					left[f]--
					next(f)
				}
			}
			p := post[t]
			if p == nil {
				p = &postings{}
				post[t] = p // t is s.docs[i]'s, which s keeps
			}
			p.enc = appendPosting(p.enc, n-p.last, &counts)
			p.last = n
		}
	}
	for f := range d.Avg {
		if len(d.Docs) > 0 {
			d.Avg[f] /= float64(len(d.Docs))
		}
		d.Avg[f] = max(1, d.Avg[f])
	}
	d.Terms = slices.Grow(d.Terms, len(post))
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

// encode writes search.js of d to out: the bytes of encoding/json's
// Encoder on the whole searchData, with ";" before its last newline
// (TestSearchEncodeSame), written by hand a COE and a term at a time into
// a buffer written 64 KB at a time (encoding/json's Encoder a string took
// ten times as long). Strings are escaped as encoding/json escapes them
// (appendJSString), <, >, & and U+2028/U+2029 included: the data is a
// JavaScript expression whatever the titles hold.
func (d *searchData) encode(out io.Writer) error {
	w := &jsWriter{out: out, b: make([]byte, 0, jsFlushAt+8<<10)}
	w.b = append(w.b, "// coe build: the search index of index.html's search box (site.js reads it).\nwindow.coeSearchData = "...)
	w.b = strconv.AppendInt(append(w.b, `{"v":`...), int64(d.Version), 10)
	// The numbers of the ranking are few: encoding/json writes them.
	w.value(`,"weights":`, d.Weights)
	w.value(`,"b":`, d.B)
	w.value(`,"k1":`, d.K1)
	w.value(`,"avg":`, d.Avg)
	w.b = appendJSStrings(append(w.b, `,"stop":`...), d.StopWords)
	w.b = appendJSStrings(append(w.b, `,"stem_exceptions":`...), d.StemExceptions)
	// The lists are written [] when empty, nil or not (data makes none
	// nil, so that encoding/json writes them alike).
	w.b = append(w.b, `,"docs":[`...)
	for i := range d.Docs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.searchCOE(&d.Docs[i])
		w.flush()
	}
	w.b = append(w.b, ']')
	for _, l := range [...]struct {
		key  string
		list []string
	}{{`,"terms":`, d.Terms}, {`,"post":`, d.Post}} {
		w.b = append(w.b, l.key...)
		w.b = append(w.b, '[')
		for i, t := range l.list {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = appendJSString(w.b, t)
			w.flush()
		}
		w.b = append(w.b, ']')
	}
	w.b = append(w.b, "};\n"...)
	if w.err == nil {
		_, w.err = out.Write(w.b)
	}
	return w.err
}

// jsWriter gathers search.js in b and writes it to out jsFlushAt bytes
// at a time; err is the first error.
type jsWriter struct {
	out io.Writer
	b   []byte
	err error
}

const jsFlushAt = 64 << 10

// flush writes what b holds once it is jsFlushAt bytes or more.
func (w *jsWriter) flush() {
	if len(w.b) < jsFlushAt {
		return
	}
	if w.err == nil {
		_, w.err = w.out.Write(w.b)
	}
	w.b = w.b[:0]
}

// value appends key and v as encoding/json writes it.
func (w *jsWriter) value(key string, v any) {
	js, err := json.Marshal(v)
	if err != nil && w.err == nil {
		w.err = err
	}
	w.b = append(append(w.b, key...), js...)
}

// searchCOE appends c as encoding/json writes it: an array of its
// strings and numbers (anything else, which searchCOE does not hold
// today, through encoding/json).
func (w *jsWriter) searchCOE(c *searchCOE) {
	w.b = append(w.b, '[')
	for i, v := range c {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		switch v := v.(type) {
		case string:
			w.b = appendJSString(w.b, v)
		case int64:
			w.b = strconv.AppendInt(w.b, v, 10)
		case uint32:
			w.b = strconv.AppendUint(w.b, uint64(v), 10)
		case int:
			w.b = strconv.AppendInt(w.b, int64(v), 10)
		default:
			w.value("", v)
		}
	}
	w.b = append(w.b, ']')
}

// appendJSStrings appends list as encoding/json writes a []string: null
// when it is nil.
func appendJSStrings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSString(b, s)
	}
	return append(b, ']')
}

// appendJSString appends s as a JSON string, as encoding/json writes it
// (escaping HTML, as its Encoder and Marshal do): a backslash before " and
// \, \b \f \n \r \t for those controls and \u00XX for the others, \u003c
// \u003e \u0026 for < > &, \u2028 and \u2029 for the line and paragraph
// separators, \ufffd for each byte that is not UTF-8; anything else as it
// is. Runs of 8 bytes of printable ASCII that need none are passed over
// at once. TestJSStringAsEncodingJSON and FuzzSearchJSString hold it to
// encoding/json's.
func appendJSString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // s[start:i] is to be appended as it is
	for i := 0; i < len(s); {
		if i+8 <= len(s) && jsPlain8(jsLoad64(s, i)) {
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if jsPlain[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default: // the other controls, <, > and &
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

// jsPlain marks the ASCII bytes a JSON string holds as they are when
// HTML is escaped: printable, but for " \ < > &.
var jsPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return t
}()

// jsLo and jsHi are the low and high bit of each byte of a uint64.
const (
	jsLo = 0x0101010101010101
	jsHi = 0x8080808080808080
)

// jsLoad64 is s[i:i+8], little-endian.
func jsLoad64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// jsPlain8 reports whether each of the 8 bytes in x is jsPlain: none
// below 0x20 or beyond ASCII, and none of " \ < > &.
func jsPlain8(x uint64) bool {
	// (v-jsLo)&^v has the high bit of a byte set if v's is 0 (and
	// perhaps of the bytes above it, which does not matter here).
	q, bs, lt, gt, amp := x^(jsLo*'"'), x^(jsLo*'\\'), x^(jsLo*'<'), x^(jsLo*'>'), x^(jsLo*'&')
	return ((x-jsLo*0x20)|x|(q-jsLo)&^q|(bs-jsLo)&^bs|(lt-jsLo)&^lt|(gt-jsLo)&^gt|(amp-jsLo)&^amp)&jsHi == 0
}
