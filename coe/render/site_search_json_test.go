package render

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe/corpus"
)

// sameJSString fails unless appendJSString writes s as encoding/json
// does.
func sameJSString(t testing.TB, s string) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendJSString([]byte("x"), s); !bytes.Equal(got[1:], want) || got[0] != 'x' {
		t.Fatalf("appendJSString(%q) = %s; encoding/json writes %s", s, got[1:], want)
	}
}

// jsStringCases are the strings of every class of character, alone and
// at each place of the 8 bytes appendJSString looks at at once.
func jsStringCases() []string {
	var cases []string
	add := func(piece string) {
		cases = append(cases, piece)
		for at := range 17 {
			cases = append(cases, strings.Repeat("a", at)+piece+strings.Repeat("b", 17-at))
		}
	}
	for c := range 256 {
		add(string([]byte{byte(c)})) // every byte: ASCII, controls, DEL, and alone bytes beyond ASCII
	}
	// Every character up to U+3000, and those around the surrogates, the
	// separators, U+FFFD and the end of Unicode.
	for r := rune(0); r < 0x3000; r++ {
		cases = append(cases, "ab"+string(r)+"cdefghij")
	}
	for _, r := range []rune{0x2027, 0x2028, 0x2029, 0x202a, 0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x1f600, 0x10fffe, 0x10ffff} {
		add(string(r))
	}
	for _, bad := range []string{
		"\xed\xa0\x80", "\xed\xbf\xbf", // surrogate halves
		"\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xf0\x80\x80\x80", // overlong
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff", "\xfe", // beyond U+10FFFF
		"\xe2\x80", "\xe2\x80\xa8"[:2], "\xf0\x9f\x98", "\xc3", // cut short
		"\x80\x80\x80", "\xe2\x80\xa8\xe2\x80\xa9", "</script>", "<!--", "]]>", "&amp;", "\\u2028", `\"`,
	} {
		add(bad)
	}
	return cases
}

// TestJSStringAsEncodingJSON: appendJSString writes every class of
// character, and random bytes, as encoding/json does.
func TestJSStringAsEncodingJSON(t *testing.T) {
	for _, s := range jsStringCases() {
		sameJSString(t, s)
	}
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", "é", "€", "😀", "\u2028", "\u2029", "<", ">", "&", "\"", "\\", "\x00", "\x1f", "\x7f", "\n", "\t", "\xff", "\xe2\x80", " ", "abcdefgh"}
	for range 20000 {
		var b []byte
		for range r.IntN(40) {
			if r.IntN(3) == 0 {
				b = append(b, byte(r.IntN(256)))
			} else {
				b = append(b, pieces[r.IntN(len(pieces))]...)
			}
		}
		sameJSString(t, string(b))
	}
}

// FuzzSearchJSString: whatever the bytes, appendJSString writes them as
// encoding/json does, and the result is one JSON string, which reads back
// as the text when it is UTF-8.
func FuzzSearchJSString(f *testing.F) {
	for i, s := range jsStringCases() {
		if i%16 == 0 {
			f.Add(s)
		}
	}
	f.Add(hostileText(" "))
	f.Fuzz(func(t *testing.T, s string) {
		sameJSString(t, s)
		var back string
		if err := json.Unmarshal(appendJSString(nil, s), &back); err != nil {
			t.Fatalf("appendJSString(%q) does not read back: %v", s, err)
		}
		if utf8.ValidString(s) && back != s {
			t.Fatalf("appendJSString(%q) reads back as %q", s, back)
		}
	})
}

// TestSearchEncodeSameAsRef: encode writes the bytes of the way it
// replaced (refEncode), for a corpus, a hostile COE, empty and nil lists.
func TestSearchEncodeSameAsRef(t *testing.T) {
	const n = 200
	s := newSiteSearch(n + 2)
	for i := range n {
		c := corpus.COE(i)
		s.add(i, c.ID, c)
	}
	h := corpus.COE(n)
	h.Title = hostileText(" ") + " </script><!-- \u2028\u2029 & \"q\" \xff\xe2\x80 \x00\x7f"
	h.ID = "hostile\u2028<id>"
	s.add(n, "hostile<&>", h)
	full, err := s.data()
	if err != nil {
		t.Fatal(err)
	}
	empty, err := newSiteSearch(0).data()
	if err != nil {
		t.Fatal(err)
	}
	odd := full
	odd.Docs = append(odd.Docs[:1:1], searchCOE{"a", "b", "c", "d", "e", "f", int64(-7), uint32(0), 3, 4.5})
	odd.Terms, odd.Post, odd.StopWords = nil, nil, nil
	for name, d := range map[string]searchData{"corpus": full, "empty": empty, "zero": {}, "odd": odd} {
		var got, want bytes.Buffer
		if err := d.encode(&got); err != nil {
			t.Fatal(err)
		}
		if err := refEncode(&d, &want); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: search.js differs from the old way's:\n%s", name, firstDiff(want.String(), got.String()))
		}
	}
}

// TestSearchDataSameAsRef: data, merging each Doc's sorted fields, builds
// what the way it replaced (a map of each COE's terms) built: the same
// COEs, terms, postings and averages, COEs that did not read left out.
func TestSearchDataSameAsRef(t *testing.T) {
	const n = 400
	s := newSiteSearch(n + 2)
	for i := range n {
		if i%9 == 4 {
			continue // did not read
		}
		c := corpus.COE(i)
		if i%5 == 0 {
			c.Title = hostileText(" ") // terms beyond ASCII, in title and body
			c.Tags = append(c.Tags, "über", "zz-last", "a")
		}
		s.add(i, c.ID, c)
	}
	h := hostileCOE()
	s.add(n, "hostile", h)
	var buf bytes.Buffer
	d := corpus.COE(n + 1)
	d.Title, d.Tags, d.Services = "", nil, nil // a field without terms
	s.add(n+1, "", d)
	got, err := s.data()
	if err != nil {
		t.Fatal(err)
	}
	want, err := refData(s)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got.Terms), len(want.Terms)) {
			if got.Terms[i] != want.Terms[i] || got.Post[i] != want.Post[i] {
				t.Fatalf("term %d: %q %q; want %q %q", i, got.Terms[i], got.Post[i], want.Terms[i], want.Post[i])
			}
		}
		t.Fatalf("data differs from the old way's: %d COEs, %d terms, avg %v; want %d, %d, %v",
			len(got.Docs), len(got.Terms), got.Avg, len(want.Docs), len(want.Terms), want.Avg)
	}
	if err := got.encode(&buf); err != nil || buf.Len() == 0 {
		t.Fatal(err)
	}
	empty, err := newSiteSearch(3).data()
	if err != nil {
		t.Fatal(err)
	}
	wantEmpty, _ := refData(newSiteSearch(3))
	if !reflect.DeepEqual(empty, wantEmpty) {
		t.Fatalf("data of no COEs %+v; want %+v", empty, wantEmpty)
	}
}
