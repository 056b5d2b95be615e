package main

import (
	"crypto/sha256"
	"encoding/hex"
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
		// As the warm index is: under the lock, or not at all when
		// another command holds it (the next build renders more).
		lock, err := r.LockWithin("coe build (saving the pages' keys)", 200*time.Millisecond)
		if err != nil {
			return nil
		}
		defer lock.Unlock()
		if err := r.FS().MkdirAll(filepath.Dir(keys), 0o755); err != nil {
			return err
		}
		return r.FS().WriteFile(keys, data, 0o644)
	}
}
