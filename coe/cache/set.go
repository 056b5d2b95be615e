package cache

import "github.com/coe-cli/coe/coe"

// SetSummaries hands fn the summary of each of files (COE files of the
// sources of set, as set.Files lists them), or the file's error, as
// Summaries does: each source's from its own table (Source), named in
// messages as its source's Rel names it. fn is called from several
// goroutines at once, i the index in files.
func (s *Store) SetSummaries(set *coe.Set, files []coe.SourceFile, fn func(i int, path string, sum *coe.Summary, err error)) {
	s.setSummaries(set, files, false, fn)
}

// SetSummariesShared is SetSummaries with each summary's strings sharing
// the table's memory, as SummariesShared: fn copies what it keeps.
func (s *Store) SetSummariesShared(set *coe.Set, files []coe.SourceFile, fn func(i int, path string, sum *coe.Summary, err error)) {
	s.setSummaries(set, files, true, fn)
}

func (s *Store) setSummaries(set *coe.Set, files []coe.SourceFile, share bool, fn func(i int, path string, sum *coe.Summary, err error)) {
	s.eachSource(set, files, func(src *coe.Source, st *Store, paths []string, index []int) {
		st.summaries(paths, src.Repo.Rel, share, func(j int, path string, sum *coe.Summary, err error) {
			fn(index[j], path, sum, err)
		})
	})
}

// SetScan is Scan over the sources of a set, as SetSummaries is
// Summaries.
func (s *Store) SetScan(set *coe.Set, files []coe.SourceFile, k Kind, fn func(i int, r Result)) {
	s.eachSource(set, files, func(src *coe.Source, st *Store, paths []string, index []int) {
		st.Scan(paths, k, src.Repo.Rel, func(j int, r Result) { fn(index[j], r) })
	})
}

// eachSource calls fn with each source of set that has files, its store,
// its files and their indexes in files.
func (s *Store) eachSource(set *coe.Set, files []coe.SourceFile, fn func(src *coe.Source, st *Store, paths []string, index []int)) {
	for _, src := range set.Sources {
		var paths []string
		var index []int
		for i, f := range files {
			if f.Source == src {
				paths = append(paths, f.Path)
				index = append(index, i)
			}
		}
		if len(paths) > 0 {
			fn(src, s.Source(src), paths, index)
		}
	}
}
