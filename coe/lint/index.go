package lint

import (
	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/safefs"
)

// IDKind is the warm index's table of what the repository-wide rules
// need of a COE that is not linted (Input.Others): its id, as IndexFile
// finds it. It is a few dozen bytes a COE, so that coe lint FILE in a
// repository of 100,000 COEs reads a table of a few megabytes, not their
// summaries.
var IDKind = cache.Kind{Name: "lint-ids", Version: 2,
	Make: func(doc *coe.Document) []byte { return appendID(nil, doc.COE.ID, coe.Position{}) },
	// The id as IndexFile finds it, from a plain id: line or by parsing:
	// filling the table costs what indexing the files without it does.
	FromData: func(name string, data []byte) []byte { return appendID(nil, FileID(name, data), coe.Position{}) },
}

func appendID(b []byte, id string, pos coe.Position) []byte {
	e := cache.Enc{B: b}
	e.String(id)
	e.Pos(pos)
	return e.B
}

// decodeID decodes what appendID wrote; ok is false for any other bytes.
func decodeID(b []byte) (id string, pos coe.Position, ok bool) {
	d := cache.Dec{B: b}
	id = d.String()
	pos = d.Pos()
	if d.Err != nil || len(d.B) != 0 {
		return "", coe.Position{}, false
	}
	return id, pos, true
}

// IndexCached is the Records of others (Input.OtherRecords), COE files of
// the repository, from the warm index st (its IDKind table). It scans all,
// every COE file of the repository, not only others, so that the table
// stays whole for the next run. A file that does not read is not in the
// table: it is indexed by IndexFile, as Run would do it, so that related
// ids naming a broken file are not reported missing. display names a file
// in diagnostics; fsys is the repository's guarded file system.
func IndexCached(st *cache.Store, fsys *safefs.Root, all, others []string, display func(string) string) []Record {
	if display == nil {
		display = func(p string) string { return p }
	}
	at := positionsIn(all, others)
	recs := make([]Record, len(others))
	have := make([]bool, len(others))
	st.Scan(all, IDKind, display, func(i int, r cache.Result) {
		j := at[i]
		if j < 0 || r.Err != nil {
			return
		}
		id, pos, ok := decodeID(r.Payload)
		if !ok {
			return
		}
		recs[j] = Record{Path: display(others[j]), ID: id, IDPos: pos}
		have[j] = true
	})
	var missing []int
	for j := range others {
		if !have[j] {
			missing = append(missing, j)
		}
	}
	coe.Parallel(len(missing), func(k int) {
		j := missing[k]
		recs[j] = IndexFile(fsys, others[j], display(others[j]))
	})
	return recs
}

// positionsIn is, for each of all, its index in others (-1 when it is not
// there): others is all with some left out (coe.Except), so one walk finds
// them, and a map only when it is not.
func positionsIn(all, others []string) []int32 {
	at := make([]int32, len(all))
	j := 0
	for i, p := range all {
		at[i] = -1
		if j < len(others) && others[j] == p {
			at[i] = int32(j)
			j++
		}
	}
	if j == len(others) {
		return at
	}
	idx := make(map[string]int, len(others))
	for j, p := range others {
		idx[p] = j
	}
	for i, p := range all {
		at[i] = -1
		if j, ok := idx[p]; ok {
			at[i] = int32(j)
		}
	}
	return at
}
