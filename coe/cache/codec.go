package cache

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
	"unsafe"

	"github.com/coe-cli/coe/coe"
)

// errCorrupt is the error of every decode of bytes that are not what the
// encoder wrote: the cache is then rebuilt, never trusted.
var errCorrupt = errors.New("corrupt cache entry")

// Enc appends the cache's encoding of values to a byte slice: unsigned
// varints, zig-zag signed varints, length-prefixed strings.
type Enc struct{ B []byte }

// Uint appends u.
func (e *Enc) Uint(u uint64) { e.B = binary.AppendUvarint(e.B, u) }

// Int appends i.
func (e *Enc) Int(i int64) { e.B = binary.AppendVarint(e.B, i) }

// Bool appends b.
func (e *Enc) Bool(b bool) {
	if b {
		e.B = append(e.B, 1)
	} else {
		e.B = append(e.B, 0)
	}
}

// String appends s, length first.
func (e *Enc) String(s string) {
	e.Uint(uint64(len(s)))
	e.B = append(e.B, s...)
}

// Bytes appends b, length first.
func (e *Enc) Bytes(b []byte) {
	e.Uint(uint64(len(b)))
	e.B = append(e.B, b...)
}

// Count appends the length of a list, telling nil (0) from empty (1):
// a list reads back as it was, so JSON output is the same from the cache.
func (e *Enc) Count(n int, isNil bool) {
	if isNil {
		e.Uint(0)
	} else {
		e.Uint(uint64(n) + 1)
	}
}

// Strings appends a list of strings.
func (e *Enc) Strings(ss []string) {
	e.Count(len(ss), ss == nil)
	for _, s := range ss {
		e.String(s)
	}
}

// Time appends t with its offset, so that it formats as it was read.
func (e *Enc) Time(t time.Time) {
	if t.IsZero() {
		e.B = append(e.B, 0)
		return
	}
	_, off := t.Zone()
	e.B = append(e.B, 1)
	e.Int(t.Unix())
	e.Uint(uint64(t.Nanosecond()))
	e.Int(int64(off))
}

// Date appends d.
func (e *Enc) Date(d coe.Date) {
	e.Int(int64(d.Year))
	e.Uint(uint64(d.Month))
	e.Uint(uint64(d.Day))
}

// Pos appends p.
func (e *Enc) Pos(p coe.Position) {
	e.Uint(uint64(p.Line))
	e.Uint(uint64(p.Col))
}

// Dec reads what Enc wrote. A read past the end or of a value out of
// range sets Err and returns zero values from then on: a decoder checks
// Err once, at the end.
type Dec struct {
	B   []byte
	Err error
	// Share makes String return strings that share B's memory instead of
	// copies: no allocation a string, for a caller that keeps few of them
	// (and copies those) while B is never written again.
	Share bool
}

func (d *Dec) fail() {
	if d.Err == nil {
		d.Err = errCorrupt
	}
	d.B = nil
}

// Uint reads an unsigned varint.
func (d *Dec) Uint() uint64 {
	u, n := binary.Uvarint(d.B)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.B = d.B[n:]
	return u
}

// Int reads a signed varint.
func (d *Dec) Int() int64 {
	i, n := binary.Varint(d.B)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.B = d.B[n:]
	return i
}

// Len reads a length or count, which must fit in what is left (each
// counted thing takes at least a byte) and in max.
func (d *Dec) Len(max int) int {
	u := d.Uint()
	if u > uint64(len(d.B)) || u > uint64(max) {
		d.fail()
		return 0
	}
	return int(u)
}

// Int32 reads a signed varint that must fit an int32, as line numbers
// and counts do.
func (d *Dec) Int32() int {
	i := d.Int()
	if i < math.MinInt32 || i > math.MaxInt32 {
		d.fail()
		return 0
	}
	return int(i)
}

// Bool reads a bool.
func (d *Dec) Bool() bool {
	if len(d.B) == 0 || d.B[0] > 1 {
		d.fail()
		return false
	}
	b := d.B[0] == 1
	d.B = d.B[1:]
	return b
}

// Bytes reads a length-prefixed byte string, sharing d's memory.
func (d *Dec) Bytes() []byte {
	n := d.Len(math.MaxInt)
	b := d.B[:n:n]
	d.B = d.B[n:]
	return b
}

// String reads a length-prefixed string.
func (d *Dec) String() string {
	b := d.Bytes()
	if d.Share && len(b) > 0 {
		return unsafe.String(&b[0], len(b))
	}
	return string(b)
}

// Count reads what Enc.Count wrote: the length and whether the list is
// nil. Each item takes at least a byte, so n is at most what is left.
func (d *Dec) Count() (n int, isNil bool) {
	u := d.Uint()
	if u == 0 {
		return 0, true
	}
	if u-1 > uint64(len(d.B)) || u-1 > maxList {
		d.fail()
		return 0, true
	}
	return int(u - 1), false
}

// Strings reads a list of strings.
func (d *Dec) Strings() []string {
	n, isNil := d.Count()
	if isNil {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.String()
	}
	return ss
}

// Time reads a time with its offset.
func (d *Dec) Time() time.Time {
	if len(d.B) == 0 || d.B[0] > 1 {
		d.fail()
		return time.Time{}
	}
	set := d.B[0] == 1
	d.B = d.B[1:]
	if !set {
		return time.Time{}
	}
	sec, nsec, off := d.Int(), d.Uint(), d.Int()
	if nsec >= 1e9 || off <= -24*3600 || off >= 24*3600 {
		d.fail()
		return time.Time{}
	}
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", int(off))
	}
	return time.Unix(sec, int64(nsec)).In(loc)
}

// Date reads a date.
func (d *Dec) Date() coe.Date {
	y, m, day := d.Int32(), d.Uint(), d.Uint()
	if m > 12 || day > 31 {
		d.fail()
		return coe.Date{}
	}
	return coe.Date{Year: y, Month: time.Month(m), Day: int(day)}
}

// Pos reads a position.
func (d *Dec) Pos() coe.Position {
	l, c := d.Uint(), d.Uint()
	if l > math.MaxInt32 || c > math.MaxInt32 {
		d.fail()
		return coe.Position{}
	}
	return coe.Position{Line: int(l), Col: int(c)}
}
