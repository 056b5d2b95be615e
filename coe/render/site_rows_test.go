package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestRowKeysCoverFields changes each field the templates "coe-row" and
// "action-row" are given, one at a time, and wants another key: a field
// added to Row or SiteAction and left out of rowKey or actionKey would
// let a rebuild reuse a row's old HTML.
func TestRowKeysCoverFields(t *testing.T) {
	c := newRowCache("base", func() []byte { return nil }, nil)
	row := Row{ID: "id", File: "f", Title: "t", Date: "d", Time: 1, Severity: "s", Status: "st", SeverityRank: 1, StatusRank: 1,
		Open: 1, Overdue: 1, Actions: 1, Tags: []Link{{"a", "b"}}, Services: []Link{{"c", "d"}}}
	act := SiteAction{ID: "id", Action: "a", Owner: "o", Due: "d", Priority: "p", Status: "s", Tracker: "t", TrackerURL: "u",
		TrackerText: "tt", Overdue: "od", COEID: "c", COETitle: "ct", File: "f", Severity: "sv", SeverityRank: 1,
		ActionHTML: "h", Evidence: []Proof{{"c", "f", "u", "t"}}}
	check := func(name string, v any, key func() rowKey) {
		t.Helper()
		base := key()
		rv := reflect.ValueOf(v).Elem()
		for i := range rv.NumField() {
			f := rv.Type().Field(i)
			if !f.IsExported() || f.Name == "HTML" {
				continue // the templates see neither; HTML is what is cached
			}
			saved := reflect.New(f.Type).Elem()
			saved.Set(rv.Field(i))
			mutate(t, rv.Field(i))
			if key() == base {
				t.Errorf("%s.%s changed, its key did not", name, f.Name)
			}
			rv.Field(i).Set(saved)
			if key() != base {
				t.Fatalf("%s.%s put back, its key is not the same", name, f.Name)
			}
		}
	}
	check("Row", &row, func() rowKey { return c.rowKey(&row) })
	check("SiteAction", &act, func() rowKey { return c.actionKey(&act) })

	// The templates and the salt are in every key.
	other := newRowCache("other", nil, nil)
	if c.rowKey(&row) == other.rowKey(&row) || c.actionKey(&act) == other.actionKey(&act) {
		t.Error("the keys of two bases are the same")
	}
}

// mutate changes v, a field of Row or SiteAction, to another value.
func mutate(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Int, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Slice:
		// A slice of structs of strings: change its first element's
		// fields one after another would be finer; each is in the key as
		// a list of strings, so one change of each is enough here.
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(n, v)
		e := n.Index(0)
		for j := range e.NumField() {
			e.Field(j).SetString(e.Field(j).String() + "x")
		}
		v.Set(n)
	default:
		t.Fatalf("a field of kind %s: teach mutate and the keys", v.Kind())
	}
}

// TestRowsFile reads back the rows a build writes, and reads a damaged
// file as far as it holds, without failing.
func TestRowsFile(t *testing.T) {
	c := newRowCache("b", func() []byte { return nil }, nil)
	rows := []Row{{ID: "a", Title: "A"}, {ID: "b", Title: "B"}}
	acts := []SiteAction{{ID: "CA-1", COEID: "a"}}
	tpl, err := LoadTemplates(nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.resolve(tpl, rows, acts); err != nil {
		t.Fatal(err)
	}
	if !c.changed() {
		t.Fatal("a build without a rows file leaves none")
	}
	var buf bytes.Buffer
	if err := c.write(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	got, _ := parseRows(data)
	if len(got) != 3 || got[c.rowKeys[1]] != c.rows[1] || got[c.actionKeys[0]] != c.actions[0] || !bytes.Contains([]byte(c.rows[1]), []byte(">B<")) {
		t.Fatalf("rows read back: %d, want 3 (%q)", len(got), c.rows)
	}

	// The next build takes them from the file, and leaves it as it is.
	next := newRowCache("b", func() []byte { return data }, nil)
	if err := next.resolve(nil, rows, acts); err != nil { // nil templates: nothing is rendered
		t.Fatal(err)
	}
	if next.rows[0] != c.rows[0] || next.actions[0] != c.actions[0] {
		t.Error("the rows of the file are not the ones rendered")
	}
	if next.changed() {
		t.Error("a rows file the same is written again")
	}
	// Another row, or the same rows in another order: another file.
	for _, rows := range [][]Row{{rows[0], rows[1], {ID: "c"}}, {rows[1], rows[0]}} {
		again := newRowCache("b", func() []byte { return data }, nil)
		if err := again.resolve(tpl, rows, acts); err != nil {
			t.Fatal(err)
		}
		if !again.changed() {
			t.Errorf("rows %v: the rows file is not written again", rows)
		}
	}

	for n := range data {
		parseRows(data[:n]) // no panic, at any cut
	}
	if rows, _ := parseRows([]byte("coe-site-rows 0\n" + string(data[len(rowsHead):]))); len(rows) != 0 {
		t.Error("a rows file of another version is read")
	}
}

// TestRowsSave: resolving the rows starts the rows file's save (beside the
// list pages), once, when they are not the previous file's; saved waits
// for it and gives the stamp save returned with the CRC of the bytes
// written, which is what the keys file vouches for; a failed save is an
// error of the build; rows as they were are not saved.
func TestRowsSave(t *testing.T) {
	tpl, err := LoadTemplates(nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := []Row{{ID: "a", Title: "A"}, {ID: "b", Title: "B"}}
	acts := []SiteAction{{ID: "CA-1", COEID: "a"}}
	var written bytes.Buffer
	saves := 0
	save := func(write func(io.Writer) error) (string, error) {
		saves++
		written.Reset()
		return "12.34.56", write(&written)
	}
	c := newRowCache("b", func() []byte { return nil }, save)
	if saving, _, _ := c.saved(); saving {
		t.Fatal("saved before the rows were resolved")
	}
	for range 2 {
		if err := c.resolve(tpl, rows, acts); err != nil {
			t.Fatal(err)
		}
	}
	saving, stamp, err := c.saved()
	if !saving || err != nil || saves != 1 {
		t.Fatalf("saved: %v, %v after %d saves; want one save, no error", saving, err, saves)
	}
	if want := "12.34.56." + rowsCRC(written.Bytes()); stamp != want {
		t.Errorf("stamp %q, want %q", stamp, want)
	}
	if got, _ := parseRows(written.Bytes()); len(got) != 3 {
		t.Errorf("the rows file saved holds %d rows, want 3", len(got))
	}

	// The next build, its rows those of the file: nothing saved.
	data := bytes.Clone(written.Bytes())
	next := newRowCache("b", func() []byte { return data }, save)
	if err := next.resolve(tpl, rows, acts); err != nil {
		t.Fatal(err)
	}
	if saving, _, _ := next.saved(); saving || saves != 1 {
		t.Errorf("rows as they were: saving %v, %d saves", saving, saves)
	}

	// A failed save fails the build.
	failing := newRowCache("b", func() []byte { return nil }, func(func(io.Writer) error) (string, error) {
		return "", errors.New("disk full")
	})
	if err := failing.resolve(tpl, rows, acts); err != nil {
		t.Fatal(err)
	}
	if _, _, err := failing.saved(); err == nil || err.Error() != "disk full" {
		t.Errorf("failed save: %v, want disk full", err)
	}
}

// FuzzParseRows reads any bytes as a rows file without failing, and what
// it reads, written again, reads the same.
func FuzzParseRows(f *testing.F) {
	f.Add([]byte(rowsHead))
	f.Add(appendRowRecord([]byte(rowsHead), rowKey{1}, "<tr></tr>"))
	f.Add(appendRowRecord(appendRowRecord([]byte(rowsHead), rowKey{1}, "a"), rowKey{1}, "b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, order := parseRows(data)
		b := []byte(rowsHead)
		for _, k := range order {
			b = appendRowRecord(b, k, got[k])
		}
		again, _ := parseRows(b)
		if !reflect.DeepEqual(got, again) {
			t.Fatalf("read %d rows, written and read again %d", len(got), len(again))
		}
	})
}

// TestKeyHashStream: a key is the SHA-256 of its parts, each after its
// length, however they are gathered or hashed where they are (small and
// large parts, past the buffer's size).
func TestKeyHashStream(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 400 {
		// Pooled ones are used again: after a key streamed, or not.
		k := newKeyHash()
		if round%2 == 1 {
			k = pooledKeyHash()
		}
		var want []byte
		for range r.IntN(40) {
			n := []int{0, 1, 100, keyDirect, keyDirect + 1, keyFlush - 3, keyFlush + 10, 3 * keyFlush}[r.IntN(8)]
			part := make([]byte, n)
			for i := range part {
				part[i] = byte(r.IntN(256))
			}
			if r.IntN(2) == 0 {
				k.str(string(part))
			} else {
				k.bytes(part)
			}
			want = binary.AppendUvarint(want, uint64(n))
			want = append(want, part...)
			if r.IntN(4) == 0 {
				k.ints(int64(n), -1)
				want = binary.AppendUvarint(want, 2)
				want = binary.AppendVarint(want, int64(n))
				want = binary.AppendVarint(want, -1)
			}
		}
		if got := k.digest(); got != sha256.Sum256(want) {
			t.Fatalf("a key of %d bytes of parts is not their SHA-256", len(want))
		}
		k.release()
	}
}

// appendRowRecord is a record of a rows file, as rowCache.write writes it.
func appendRowRecord(b []byte, k rowKey, html string) []byte {
	b = append(b, k[:]...)
	b = binary.AppendUvarint(b, uint64(len(html)))
	return append(b, html...)
}
