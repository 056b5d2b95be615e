package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"
)

// docVersion is the first byte of an encoded Doc: a Doc encoded another
// way reads as an error, never as wrong terms.
const docVersion = 2

// maxTermBytes is the longest term Tokenize gives, in bytes.
const maxTermBytes = 4*32 + 4

// maxString caps a string of an encoded Doc (key, title, status, ...).
const maxString = 4096

// AppendDoc appends the encoding of d to buf and returns it: a version
// byte; the key, title, status, severity and date, each as a uvarint
// length and its bytes; the time as a varint; then each field: its length
// and its number of terms (uvarints), each term's length (uvarints), the
// terms' bytes one after another, and each term's count (uvarints). A COE
// of 5 KB encodes in about 600 bytes. The terms are kept whole and
// together so that DecodeDoc makes one string of the encoding and slices
// every string of the Doc from it: decoding the Docs of 10,000 COEs, what
// every warm coe search does, takes a few milliseconds.
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
		start := uint32(0)
		for _, end := range f.ends {
			buf = binary.AppendUvarint(buf, uint64(end-start))
			start = end
		}
		buf = append(buf, f.words...)
		for _, n := range f.counts {
			buf = binary.AppendUvarint(buf, uint64(n))
		}
	}
	return buf
}

// errShort is the error of an encoding cut short.
var errShort = errors.New("search doc: cut short")

// decoder reads an encoded Doc from b (and s, the same bytes as a
// string), at at, keeping the first error.
type decoder struct {
	b   []byte
	s   string
	at  int
	err error
}

func (r *decoder) uvarint(max uint64, what string) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.at:])
	if n <= 0 {
		r.err = errShort
		if n < 0 {
			r.err = fmt.Errorf("search doc: %s: bad varint", what)
		}
		return 0
	}
	r.at += n
	if v > max {
		r.err = fmt.Errorf("search doc: %s %d: expected at most %d", what, v, max)
		return 0
	}
	return v
}

// str is the next n bytes, as a string sliced from s.
func (r *decoder) str(n uint64) string {
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)-r.at) {
		r.err = errShort
		return ""
	}
	v := r.s[r.at : r.at+int(n)]
	r.at += int(n)
	return v
}

// DecodeDoc reads a Doc AppendDoc encoded. Bytes that are not such an
// encoding (cut short, too long, terms out of order, counts of 0, ...) are
// an error, never a panic nor a Doc that searches wrongly. The Doc's
// strings share one copy of b.
func DecodeDoc(b []byte) (Doc, error) { return decodeDoc(b, false) }

// DocHead reads the key and title of a Doc AppendDoc encoded, sharing
// b's memory, without reading the rest: a caller that needs only them of
// each COE (coe build, until search.js is written) leaves the whole
// decoding, and its checks, to when the Doc is used. ok is false when
// these do not read; a Doc that DecodeDoc reads has the same ones.
func DocHead(b []byte) (key, title string, ok bool) {
	if len(b) == 0 || b[0] != docVersion {
		return "", "", false
	}
	r := &decoder{b: b, at: 1, s: unsafe.String(unsafe.SliceData(b), len(b))}
	key = r.str(r.uvarint(maxString, "string length"))
	title = r.str(r.uvarint(maxString, "string length"))
	if r.err != nil {
		return "", "", false
	}
	return key, title, true
}

// DecodeDocShared is DecodeDoc with the Doc's strings sharing b's memory,
// not a copy of it: b must never be written again (a warm index's entry
// is not).
func DecodeDocShared(b []byte) (Doc, error) { return decodeDoc(b, true) }

func decodeDoc(b []byte, share bool) (Doc, error) {
	var d Doc
	if len(b) == 0 {
		return d, errShort
	}
	if b[0] != docVersion {
		return d, fmt.Errorf("search doc: version %d: expected %d", b[0], docVersion)
	}
	r := &decoder{b: b, at: 1}
	if share {
		r.s = unsafe.String(unsafe.SliceData(b), len(b))
	} else {
		r.s = string(b)
	}
	for _, s := range [...]*string{&d.Key, &d.Title, &d.Status, &d.Severity, &d.Date} {
		*s = r.str(r.uvarint(maxString, "string length"))
	}
	if r.err != nil {
		return Doc{}, r.err
	}
	t, n := binary.Varint(r.b[r.at:])
	if n <= 0 {
		return Doc{}, errShort
	}
	d.Time, r.at = t, r.at+n
	for i := range d.Fields {
		f := &d.Fields[i]
		f.Len = uint32(r.uvarint(1<<32-1, "field length"))
		nt := r.uvarint(MaxFieldTerms, "terms")
		if r.err != nil {
			return Doc{}, r.err
		}
		// Each term takes at least 3 bytes: no count can ask for more
		// room than the rest of the encoding.
		if nt > uint64(len(r.b)-r.at)/3 {
			return Doc{}, errShort
		}
		if nt == 0 {
			continue
		}
		both := make([]uint32, 2*nt)
		f.ends, f.counts = both[:nt:nt], both[nt:]
		end := uint64(0)
		for k := range f.ends {
			l := r.uvarint(maxTermBytes, "term length")
			if l == 0 && r.err == nil {
				r.err = errors.New("search doc: empty term")
			}
			end += l
			f.ends[k] = uint32(end)
		}
		f.words = r.str(end)
		for k := range f.counts {
			f.counts[k] = uint32(r.uvarint(1<<32-1, "count"))
			if f.counts[k] == 0 && r.err == nil {
				r.err = errors.New("search doc: a term counted 0 times")
			}
		}
		if r.err != nil {
			return Doc{}, r.err
		}
		prev := ""
		for k := range f.ends {
			t, _ := f.Term(k)
			if k > 0 && t <= prev {
				return Doc{}, fmt.Errorf("search doc: term %q after %q: expected sorted terms", t, prev)
			}
			prev = t
		}
	}
	if r.at != len(r.b) {
		return Doc{}, fmt.Errorf("search doc: %d bytes after the end", len(r.b)-r.at)
	}
	return d, nil
}
