package related

import (
	"encoding/binary"
	"errors"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
)

// Terms is what a Builder keeps of one COE (see Add), so that the warm
// index can hold it between runs: the title as one line, the related ids
// and the labels as sets, and the terms its vector may take with how often
// the COE uses each.
type Terms struct {
	Title                            string
	Related, Services, Tags, Factors []string
	Words                            []string
	Counts                           []int32
}

// TermsOf is the Terms of c, as Add counts them.
func TermsOf(c *coe.COE) Terms {
	ct, _ := counters.Get().(*counter)
	if ct == nil {
		ct = &counter{idx: map[string]int32{}}
	}
	defer ct.reset()
	Text(c, func(s string) { tokenize(s, ct.buf[:0], ct.add) })
	local := ct.top()
	t := Terms{Title: cleanTitle(c.Title), Related: labelSet(c.Related), Services: labelSet(c.Services),
		Tags: labelSet(c.Tags), Factors: labelSet(c.ContributingFactors),
		Words: make([]string, len(local)), Counts: make([]int32, len(local))}
	for i, l := range local {
		t.Words[i], t.Counts[i] = ct.terms[l], ct.n[l]
	}
	return t
}

// AddTerms adds a COE under key from its Terms, as Add adds it from the
// COE: the index built is the same. Terms from elsewhere than TermsOf are
// taken as they are, but for their labels (made sets) and words beyond
// maxDocTerms, or counted less than once (left out).
func (b *Builder) AddTerms(key string, t *Terms) {
	n := min(len(t.Words), len(t.Counts), maxDocTerms)
	words, counts := t.Words[:n], t.Counts[:n]
	for i := range n {
		if counts[i] < 1 {
			// Not what TermsOf makes: keep the words counted.
			words, counts = nil, nil
			for j := range n {
				if t.Counts[j] >= 1 {
					words, counts = append(words, t.Words[j]), append(counts, t.Counts[j])
				}
			}
			break
		}
	}
	b.add(key, t.Title, labelSet(t.Related), [kinds][]string{labelSet(t.Services), labelSet(t.Tags), labelSet(t.Factors)},
		len(words), func(i int) (string, int32) { return words[i], counts[i] })
}

// AddEncoded adds a COE under key from payload, its Terms as AppendTerms
// encodes them: what DecodeTerms then AddTerms add, the same index, but
// with no string made of the words the Builder holds already. ids, if not
// nil, rewrites the related ids first (coe.Source.IDs, for a source's
// COEs). Bytes that DecodeTerms refuses give its error, and nothing is
// added; never a panic.
func (b *Builder) AddEncoded(key string, payload []byte, ids func([]string) []string) error {
	d := cache.Dec{B: payload}
	title := d.String()
	related := d.Strings()
	var labels [kinds][]string
	for k := range labels {
		labels[k] = d.Strings() // services, tags, factors
	}
	n := d.Len(maxDocTerms)
	if d.Err != nil {
		return errTerms
	}
	words, rest := d.B, d.B
	tf := make([]termCount, n)
	missing := false
	b.mu.RLock()
	for i := range tf {
		w, c, ok := nextWord(&rest)
		if !ok || c < 1 || c > 1<<30 || len(w) == 0 {
			b.mu.RUnlock()
			return errTerms
		}
		id, ok := b.ids[string(w)]
		if !ok {
			id, missing = noTerm, true
		}
		tf[i] = termCount{id, int32(c)}
	}
	b.mu.RUnlock()
	if len(rest) != 0 {
		return errTerms
	}
	if missing {
		// Number the new words; another goroutine may have meanwhile.
		rest = words
		b.mu.Lock()
		for i := range tf {
			w, _, _ := nextWord(&rest)
			if tf[i].term == noTerm {
				tf[i].term = b.numberBytes(w)
			}
		}
		b.mu.Unlock()
	}
	if ids != nil {
		related = ids(related)
	}
	for k := range labels {
		labels[k] = labelSet(labels[k])
	}
	b.push(key, title, labelSet(related), labels, tf)
	return nil
}

// nextWord reads a word and its count from *p, as cache.Dec's Bytes then
// Int, the word sharing *p's memory; ok is false where they fail. Most
// words and counts take a byte each (shorter than 128 bytes, counted less
// than 64 times): read here without a call.
func nextWord(p *[]byte) (w []byte, c int64, ok bool) {
	b := *p
	var n uint64
	if len(b) > 0 && b[0] < 0x80 {
		n, b = uint64(b[0]), b[1:]
	} else {
		var k int
		if n, k = binary.Uvarint(b); k <= 0 {
			return nil, 0, false
		}
		b = b[k:]
	}
	if n > uint64(len(b)) {
		return nil, 0, false
	}
	w, b = b[:n:n], b[n:]
	if len(b) > 0 && b[0] < 0x80 {
		u := b[0]
		c, b = int64(u>>1), b[1:]
		if u&1 != 0 { // zigzag, as binary.Varint
			c = ^c
		}
	} else {
		var k int
		if c, k = binary.Varint(b); k <= 0 {
			return nil, 0, false
		}
		b = b[k:]
	}
	*p = b
	return w, c, true
}

// termsVersion changes with the encoding of Terms, and of what TermsOf
// counts (the tokenizer, the stop words, maxDocTerms).
const termsVersion = 1

// Kind is the warm index's table of each COE's Terms (package cache).
var Kind = cache.Kind{Name: "related", Version: termsVersion, Make: func(doc *coe.Document) []byte {
	t := TermsOf(&doc.COE)
	return AppendTerms(nil, &t)
}}

// AppendTerms appends the encoding of t to b.
func AppendTerms(b []byte, t *Terms) []byte {
	e := cache.Enc{B: b}
	e.String(t.Title)
	e.Strings(t.Related)
	e.Strings(t.Services)
	e.Strings(t.Tags)
	e.Strings(t.Factors)
	n := min(len(t.Words), len(t.Counts))
	e.Uint(uint64(n))
	for i := range n {
		e.String(t.Words[i])
		e.Int(int64(t.Counts[i]))
	}
	return e.B
}

var errTerms = errors.New("related: corrupt terms")

// DecodeTerms decodes what AppendTerms wrote. Any other bytes give an
// error, never a panic: no more words than maxDocTerms, each counted at
// least once, none empty.
func DecodeTerms(b []byte) (Terms, error) {
	d := cache.Dec{B: b}
	var t Terms
	t.Title = d.String()
	t.Related = d.Strings()
	t.Services = d.Strings()
	t.Tags = d.Strings()
	t.Factors = d.Strings()
	n := d.Len(maxDocTerms)
	if d.Err == nil && n > 0 {
		t.Words, t.Counts = make([]string, n), make([]int32, n)
		for i := range n {
			t.Words[i] = d.String()
			c := d.Int()
			if c < 1 || c > 1<<30 || t.Words[i] == "" {
				return Terms{}, errTerms
			}
			t.Counts[i] = int32(c)
		}
	}
	if d.Err != nil || len(d.B) != 0 {
		return Terms{}, errTerms
	}
	return t, nil
}

// ReadCached is Read from the warm index st (its Kind table): each file
// that has not changed since the last run is indexed from its Terms, the
// others are read (through opts.FS) and parsed. The index and errors are
// those Read gives.
func ReadCached(st *cache.Store, files []string, opts coe.ReadOptions, display func(string) string) (*Index, []error) {
	if display == nil {
		display = func(p string) string { return p }
	}
	b := NewBuilder()
	errs := make([]error, len(files))
	st.Scan(files, Kind, display, func(i int, r cache.Result) {
		if r.Err != nil {
			errs[i] = r.Err
			return
		}
		t, err := DecodeTerms(r.Payload)
		if err != nil {
			// Not what this version wrote, though its checksum held: read
			// the file itself.
			res := coe.LoadFile(files[i], display(files[i]), opts)
			if res.Err != nil {
				errs[i] = res.Err
				return
			}
			t = TermsOf(&res.Doc.COE)
		}
		b.AddTerms(KeyOf(files[i]), &t)
	})
	return b.Build(), errs
}
