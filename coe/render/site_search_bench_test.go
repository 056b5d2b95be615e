package render

import (
	"bytes"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/corpus"
)

// BenchmarkSearchJS is search.js of 10,000 generated COEs once their
// Docs are gathered: building its data (data) and writing it (encode),
// each beside the way it replaced (ref, site_search_ref_test.go). Run it
// with
//
//	go test ./coe/render -run '^$' -bench SearchJS
func BenchmarkSearchJS(b *testing.B) {
	const n = 10000
	cs := make([]*coe.COE, n)
	coe.Parallel(n, func(i int) { cs[i] = corpus.COE(i) })
	s := newSiteSearch(n)
	coe.Parallel(n, func(i int) { s.add(i, cs[i].ID, cs[i]) })
	cs = nil
	d, err := s.data()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.encode(&buf); err != nil {
		b.Fatal(err)
	}
	size := int64(buf.Len())
	for _, bc := range []struct {
		name string
		data func(*siteSearch) (searchData, error)
	}{{"data", (*siteSearch).data}, {"data/ref", refData}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if _, err := bc.data(s); err != nil {
					b.Fatal(err)
				}
			}
			if cpu >= 0 {
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
	for _, bc := range []struct {
		name   string
		encode func(*bytes.Buffer) error
	}{
		{"encode", func(w *bytes.Buffer) error { return d.encode(w) }},
		{"encode/ref", func(w *bytes.Buffer) error { return refEncode(&d, w) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				buf.Reset()
				if err := bc.encode(&buf); err != nil {
					b.Fatal(err)
				}
			}
			if cpu >= 0 {
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
