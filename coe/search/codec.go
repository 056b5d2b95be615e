package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// docVersion is the first byte of an encoded Doc: a Doc encoded another
// way reads as an error, never as wrong terms.
const docVersion = 1

// maxTermBytes is the longest term Tokenize gives, in bytes.
const maxTermBytes = 4*32 + 4

// maxString caps a string of an encoded Doc (key, title, status, ...).
const maxString = 4096

// AppendDoc appends the encoding of d to buf and returns it: a version
// byte; the key, title, status, severity and date, each as a uvarint
// length and its bytes; the time as a varint; then each field: its length
// (uvarint), its number of terms, and each term, in order, as the length
// of the prefix it shares with the one before, the length of the rest
// and the rest's bytes, and its count (uvarints). A COE of 5 KB encodes in
// about 1 KB.
func AppendDoc(buf []byte, d *Doc) []byte {
	buf = append(buf, docVersion)
	for _, s := range [...]string{d.Key, d.Title, d.Status, d.Severity, d.Date} {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	buf = binary.AppendVarint(buf, d.Time)
	for i := range d.Fields {
		f := &d.Fields[i]
		buf = binary.AppendUvarint(buf, uint64(f.Len))
		buf = binary.AppendUvarint(buf, uint64(len(f.ends)))
		prev := ""
		for k := range f.ends {
			t, n := f.Term(k)
			shared := 0
			for shared < len(t) && shared < len(prev) && t[shared] == prev[shared] {
				shared++
			}
			buf = binary.AppendUvarint(buf, uint64(shared))
			buf = binary.AppendUvarint(buf, uint64(len(t)-shared))
			buf = append(buf, t[shared:]...)
			buf = binary.AppendUvarint(buf, uint64(n))
			prev = t
		}
	}
	return buf
}

// errShort is the error of an encoding cut short.
var errShort = errors.New("search doc: cut short")

// decoder reads an encoded Doc, keeping the first error.
type decoder struct {
	b   []byte
	err error
}

func (r *decoder) uvarint(max uint64, what string) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShort
		if n < 0 {
			r.err = fmt.Errorf("search doc: %s: bad varint", what)
		}
		return 0
	}
	r.b = r.b[n:]
	if v > max {
		r.err = fmt.Errorf("search doc: %s %d: expected at most %d", what, v, max)
		return 0
	}
	return v
}

func (r *decoder) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errShort
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// DecodeDoc reads a Doc AppendDoc encoded. Bytes that are not such an
// encoding (cut short, too long, terms out of order, counts of 0, ...) are
// an error, never a panic nor a Doc that searches wrongly.
func DecodeDoc(b []byte) (Doc, error) {
	var d Doc
	if len(b) == 0 {
		return d, errShort
	}
	if b[0] != docVersion {
		return d, fmt.Errorf("search doc: version %d: expected %d", b[0], docVersion)
	}
	r := &decoder{b: b[1:]}
	for _, s := range [...]*string{&d.Key, &d.Title, &d.Status, &d.Severity, &d.Date} {
		*s = string(r.bytes(r.uvarint(maxString, "string length")))
	}
	if r.err != nil {
		return Doc{}, r.err
	}
	t, n := binary.Varint(r.b)
	if n <= 0 {
		return Doc{}, errShort
	}
	d.Time, r.b = t, r.b[n:]
	var words strings.Builder
	var prev, cur []byte
	for i := range d.Fields {
		f := &d.Fields[i]
		f.Len = uint32(r.uvarint(1<<32-1, "field length"))
		// Each term takes at least 3 bytes: no count can ask for more
		// room than the rest of the encoding.
		nt := r.uvarint(MaxFieldTerms, "terms")
		if r.err != nil {
			return Doc{}, r.err
		}
		if nt > uint64(len(r.b))/3 {
			return Doc{}, errShort
		}
		f.ends = make([]uint32, nt)
		f.counts = make([]uint32, nt)
		words.Reset()
		prev = prev[:0]
		for k := range f.ends {
			shared := r.uvarint(uint64(len(prev)), "shared prefix")
			rest := r.bytes(r.uvarint(maxTermBytes, "term length"))
			cnt := r.uvarint(1<<32-1, "count")
			if r.err != nil {
				return Doc{}, r.err
			}
			cur = append(append(cur[:0], prev[:shared]...), rest...)
			switch {
			case len(cur) == 0 || len(cur) > maxTermBytes:
				return Doc{}, fmt.Errorf("search doc: term of %d bytes", len(cur))
			case k > 0 && string(cur) <= string(prev):
				return Doc{}, fmt.Errorf("search doc: term %q after %q: expected sorted terms", cur, prev)
			case cnt == 0:
				return Doc{}, fmt.Errorf("search doc: term %q counted 0 times", cur)
			}
			words.Write(cur)
			f.ends[k] = uint32(words.Len())
			f.counts[k] = uint32(cnt)
			prev, cur = cur, prev
		}
		f.words = words.String()
	}
	if len(r.b) > 0 {
		return Doc{}, fmt.Errorf("search doc: %d bytes after the end", len(r.b))
	}
	return d, nil
}
