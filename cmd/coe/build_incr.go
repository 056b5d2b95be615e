package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/render"
	"github.com/coe-cli/coe/coe/safefs"
)

// incremental makes coe build incremental (render.SiteOptions Scan, Salt,
// LoadKeys and SaveKeys): the warm index of the set's files, what else
// every page depends on (coe's version, each repository's .coe.yaml, the
// time zone, the template engine), and the pages' keys, kept in
// .coe/cache/site-HASH (HASH of the output folder's path). With
// --no-cache, or --review-notes (whose notes depend on more than a page's
// COE), it sets nothing: every page is rendered.
func (o *buildOptions) incremental(so *render.SiteOptions, r *coe.Repo, set *coe.Set, files []coe.SourceFile) {
	if o.f.cacheOff() || o.notes {
		return
	}
	h := sha256.New()
	add := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	add(cacheVersion())
	// This repository's folder, as the warm index's tables name it: keys
	// copied or committed from elsewhere never match.
	if info, err := os.Stat(r.Root); err == nil {
		add(strconv.FormatUint(safefs.Inode(info), 10))
	}
	add(time.Local.String())
	add(o.f.Streams.Getenv("COE_TEMPLATE_ENGINE"))
	for _, s := range set.Sources {
		data, err := s.Repo.FS().ReadFile(filepath.Join(s.Repo.Root, coe.ConfigName), coe.MaxFileSize)
		if err != nil {
			return // not read now, so not known to be the same
		}
		add(s.Name)
		add(string(data))
	}
	st := o.f.Cache(r)
	so.Scan = func(k cache.Kind, fn func(int, cache.Result)) { st.SetScan(set, files, k, fn) }
	so.Salt = hex.EncodeToString(h.Sum(nil))
	out := sha256.Sum256([]byte(so.Out))
	keys := filepath.Join(r.Root, coe.PrivateName, cache.Dir, "site-"+hex.EncodeToString(out[:8]))
	so.LoadKeys = func() []byte {
		data, _ := r.FS().ReadFile(keys, 64<<20)
		return data
	}
	so.SaveKeys = func(data []byte) error {
		_, err := save(r, keys, data)
		return err
	}
	// The rows' HTML of the list pages, beside the keys that vouch for it.
	rows := keys + ".rows"
	so.LoadRows = func() ([]byte, string) {
		data, st, err := r.FS().ReadFileStat(rows, maxRowsFile)
		if err != nil {
			return nil, ""
		}
		return data, render.RowsStamp(st.Size(), st.ModTime().UnixNano(), safefs.Inode(st))
	}
	so.SaveRows = func(write func(io.Writer) error) (string, error) {
		saved, err := saveStream(r, rows, write)
		if err != nil || !saved {
			return "", err
		}
		st, err := r.FS().Lstat(rows)
		if err != nil || !st.Mode().IsRegular() {
			return "", nil // not vouched for: not read
		}
		return render.RowsStamp(st.Size(), st.ModTime().UnixNano(), safefs.Inode(st)), nil
	}
}

// maxRowsFile caps the read of a site's rows file: render keeps the rows
// of sites of up to 50,000 rows and actions, about 40 MB.
const maxRowsFile = 128 << 20

// save writes a file of the pages' keys as the warm index is written:
// under the repository's lock, or not at all (saved false) when another
// command holds it (the next build renders more).
func save(r *coe.Repo, path string, data []byte) (saved bool, err error) {
	return saveStream(r, path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// saveStream is save of what write writes, atomically.
func saveStream(r *coe.Repo, path string, write func(io.Writer) error) (saved bool, err error) {
	lock, err := r.LockWithin("coe build (saving the pages' keys)", 200*time.Millisecond)
	if err != nil {
		return false, nil
	}
	defer lock.Unlock()
	if err := r.FS().MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	a, err := r.FS().CreateAtomic(path, 0o644)
	if err != nil {
		return false, err
	}
	// The keys and rows are checked before they are trusted (keys against
	// the pages' stamps, rows against the stamp and CRC the keys hold):
	// what a crash leaves of them is not trusted, and they need no flush.
	a.Volatile()
	if err := write(a); err != nil {
		a.Abort()
		return false, err
	}
	return true, a.Commit()
}
