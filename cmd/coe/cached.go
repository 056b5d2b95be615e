package main

import (
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/related"
	"github.com/coe-cli/coe/coe/remind"
	"github.com/coe-cli/coe/coe/stats"
)

// The commands that read every COE answer from the warm index (package
// cache); with --no-cache they read each file whole, as before it, which
// the equality test (cache_equal_test.go) holds the index to.

// cacheOff says the warm index is off: --no-cache or COE_NO_CACHE=1, as
// Factory.Cache reads them.
func (f *Factory) cacheOff() bool {
	return f.NoCache || f.Streams.Getenv("COE_NO_CACHE") == "1"
}

// setSummaries hands on the summaries of files, the COE files of set,
// from the warm index (cache.Store.SetSummaries), or the error of each file
// that does not read.
func (f *Factory) setSummaries(set *coe.Set, files []coe.SourceFile) func(fn func(i int, path string, sum *coe.Summary, err error)) {
	return func(fn func(i int, path string, sum *coe.Summary, err error)) {
		r, err := f.Repo()
		if err != nil { // the set was opened from it: not reached
			for i, sf := range files {
				fn(i, sf.Source.Repo.Rel(sf.Path), nil, err)
			}
			return
		}
		f.Cache(r).SetSummariesShared(set, files, fn) // remind and stats copy what they keep
	}
}

// collectActions is remind.CollectRefs, from the warm index.
func (f *Factory) collectActions(set *coe.Set, files []coe.SourceFile, filter remind.Filter) ([]*remind.Action, []error) {
	if f.cacheOff() {
		return remind.CollectRefs(set, files, filter)
	}
	return remind.CollectSummariesRefs(files, f.setSummaries(set, files), filter)
}

// readStats is stats.Read, from the warm index.
func (f *Factory) readStats(set *coe.Set, files []coe.SourceFile) ([]stats.Entry, []error) {
	if f.cacheOff() {
		return stats.Read(set, files)
	}
	return stats.ReadSummaries(files, f.setSummaries(set, files))
}

// readRelated is related.Read of r's files, from the warm index.
func (f *Factory) readRelated(r *coe.Repo, files []string) (*related.Index, []error) {
	if f.cacheOff() {
		return related.Read(files, r.ReadOptions(), r.Rel)
	}
	return related.ReadCached(f.Cache(r), files, r.ReadOptions(), r.Rel)
}
