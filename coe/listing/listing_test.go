package listing

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// docs are the examples and a few generated COEs, parsed.
func docs(t testing.TB) []*coe.Document {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.WriteRepo(dir, 12); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "coes", "*.yaml"))
	ex, _ := filepath.Glob("../../examples/coes/*.yaml")
	var out []*coe.Document
	for _, f := range append(ex, files...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := coe.Parse(f, data, coe.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, doc)
	}
	if len(ex) == 0 {
		t.Fatal("no examples")
	}
	return out
}

// TestRoundTrip: a row read back from its encoding is the row made from
// the COE, its brief agrees with it, and both shared and copied decodes
// give the same.
func TestRoundTrip(t *testing.T) {
	for _, doc := range docs(t) {
		want := Of(&doc.COE, "coes/x.yaml")
		b := Append(nil, &want)
		for _, share := range []bool{false, true} {
			got, err := Decode(bytes.Clone(b), "coes/x.yaml", share)
			if err != nil {
				t.Fatalf("%s: %v", doc.Path, err)
			}
			if !want.Sort.Equal(got.Sort) {
				t.Errorf("%s: sort %v, want %v", doc.Path, got.Sort, want.Sort)
			}
			got.Sort = want.Sort
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: decoded\n%+v\nwant\n%+v", doc.Path, got, want)
			}
		}
		br, err := DecodeBrief(b, []string{"nope", "synthetic"})
		if err != nil {
			t.Fatal(err)
		}
		tagged := false
		for _, tag := range want.Tags {
			tagged = tagged || tag == "synthetic"
		}
		wantBrief := Brief{ID: want.ID, Title: want.Title, Status: want.Status, Severity: want.Severity,
			OpenActions: want.OpenActions, Date: want.Date, Sort: br.Sort, Tagged: tagged}
		if br != wantBrief || !br.Sort.Equal(want.Sort) {
			t.Errorf("%s: brief %+v, want %+v", doc.Path, br, wantBrief)
		}
	}
}

// TestMatch: the filters of coe list, each "any of", all of them at once.
func TestMatch(t *testing.T) {
	c := coe.COE{ID: "2025-01-02-x", Status: "review", Severity: "sev2", Tags: []string{"payments", "EU"}}
	it := Of(&c, "")
	b := Append(nil, &it)
	for _, tc := range []struct {
		status, severity, tags []string
		want                   bool
	}{
		{nil, nil, nil, true},
		{[]string{"draft", "review"}, nil, nil, true},
		{[]string{"draft"}, nil, nil, false},
		{nil, []string{"sev2"}, []string{"EU"}, true},
		{nil, []string{"sev1"}, []string{"EU"}, false},
		{nil, nil, []string{"eu"}, false},
		{nil, nil, []string{"ads", "payments"}, true},
	} {
		br, err := DecodeBrief(b, tc.tags)
		if err != nil {
			t.Fatal(err)
		}
		if got := br.Match(tc.status, tc.severity, tc.tags); got != tc.want {
			t.Errorf("status %q severity %q tags %q: %v, want %v", tc.status, tc.severity, tc.tags, got, tc.want)
		}
	}
	if it.Date != "2025-01-02" || it.Sort.IsZero() {
		t.Errorf("a COE with no start takes its id's date: %q %v", it.Date, it.Sort)
	}
	none := Of(&coe.COE{ID: "no-date"}, "")
	if got, err := Decode(Append(nil, &none), "", false); err != nil || !got.Sort.IsZero() || got.Date != "" || got.Tags == nil {
		t.Errorf("a COE with no date: %+v, %v", got, err)
	}
}

// TestCorruptRow: every cut and every flipped byte of a row is an error
// or another well-formed row, never a panic, and a cut row is always an
// error.
func TestCorruptRow(t *testing.T) {
	doc := docs(t)[0]
	it := Of(&doc.COE, "p")
	b := Append(nil, &it)
	for n := range len(b) {
		if _, err := Decode(b[:n], "p", false); err == nil {
			t.Fatalf("a row cut at %d of %d bytes decoded", n, len(b))
		}
		if _, err := DecodeBrief(b[:n], nil); err == nil {
			t.Fatalf("a row's brief cut at %d of %d bytes decoded", n, len(b))
		}
	}
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0xff
		_, err1 := Decode(c, "p", false)
		_, err2 := DecodeBrief(c, nil)
		if (err1 == nil) != (err2 == nil) {
			t.Errorf("byte %d flipped: Decode %v, DecodeBrief %v", i, err1, err2)
		}
	}
}
