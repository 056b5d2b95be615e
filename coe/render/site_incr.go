package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"github.com/coe-cli/coe/coe/safefs"
	"hash"
	"math"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/related"
	"github.com/coe-cli/coe/coe/search"
)

// An incremental build (SiteOptions.Scan set): the first pass takes each
// COE's summary, related terms and search Doc from the warm index instead
// of parsing it, and each page has a key, a hash of everything its bytes
// depend on. The keys of the pages a build wrote are kept (SaveKeys: coe
// build keeps them in the warm index's folder, not in the site, so that
// the site is what a fresh build writes), with each page's size and
// modification time as written; the next build renders a page only when
// its key changed or its file is not the one written, and leaves every
// other page untouched. Keys that are stale, or lost, cost only time: a
// page whose file is not as its key's build wrote it is rendered again,
// and one left as it is holds what its inputs render.

const siteKeysHead = "coe-site-keys 2\n"

// keyVersion changes with what a page's key holds.
const keyVersion = "1"

// pageStamp is a page's key and its file as written; for a COE's page,
// the digest of its Similar COEs too (similarDigest), and the COEs their
// search scored (encodeCands).
type pageStamp struct {
	key         string
	size, mtime int64
	sim, cands  string
}

// siteKeys are the keys of a build: those read from the previous one
// (old), and this one's (now), each page's stamp filled in once written.
type siteKeys struct {
	// dirs are the output's folders as listed the first time one of their
	// pages was checked (pageStat).
	dirsMu sync.Mutex
	dirs   map[string][]safefs.DirStat

	mu sync.Mutex
	// data is the keys file as read: one the same is not written again.
	data []byte
	old  map[string]pageStamp
	now  map[string]pageStamp
	// oldIndex and index are the keys of the related index (Similar
	// COEs) of the previous build and of this one: when they are the
	// same, each COE page's Similar COEs are as they were, and their
	// digest is taken from the previous build's stamp.
	oldIndex, index string
	// kept are the pages left as they were.
	kept map[string]bool
	// oldDeps are the digests of the previous build's related index
	// (related.Deps), ix this build's once built (onIndex), deps its
	// digests and stale what tells the COEs whose Similar COEs may
	// differ from the previous build's (related.Index.Stale).
	oldDeps related.Deps
	ix      *related.Index
	deps    func() related.Deps
	stale   func() func(string, related.Scored) bool
	// rowsStamp is the stamp of the rows file (site_rows.go) as the
	// previous build saved it, or as this one did.
	rowsStamp string
}

// trustedRows returns what reads the rows file, when it is the one the
// previous build saved (load's stamp is the keys'), and nil otherwise.
func (k *siteKeys) trustedRows(load func() ([]byte, string)) func() []byte {
	want := k.rowsStamp
	return func() []byte {
		if want == "" {
			return nil
		}
		data, stamp := load()
		if stamp == "" || stamp+"."+rowsCRC(data) != want {
			return nil
		}
		return data
	}
}

// onIndex returns build once: the related index, kept for the digests
// of its Similar COEs.
func (k *siteKeys) onIndex(build func() *related.Index) func() *related.Index {
	ix := sync.OnceValue(func() *related.Index {
		r := build()
		k.mu.Lock()
		k.ix = r
		k.mu.Unlock()
		return r
	})
	k.deps = sync.OnceValue(func() related.Deps { return ix().Deps(related.SiteOptions()) })
	k.stale = sync.OnceValue(func() func(string, related.Scored) bool {
		return ix().Stale(k.oldDeps, k.deps(), related.SiteOptions())
	})
	return ix
}

// encodeScored is what a page's Similar COEs search scored: the worst
// score kept (its bits in base 36, "-" when the search kept all it met), a
// slash, and the numbers of the COEs scored, in base 36, with commas ("-"
// for none).
func encodeScored(sc related.Scored) string {
	var b []byte
	if sc.Full {
		b = strconv.AppendUint(b, math.Float64bits(sc.Worst), 36)
	} else {
		b = append(b, '-')
	}
	b = append(b, '/')
	if len(sc.Cands) == 0 {
		b = append(b, '-')
	}
	for i, c := range sc.Cands {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(c), 36)
	}
	return string(b)
}

// decodeScored reads what encodeScored wrote; ok is false for anything
// else.
func decodeScored(s string) (sc related.Scored, ok bool) {
	worst, cands, ok := strings.Cut(s, "/")
	if !ok || worst == "" || cands == "" {
		return sc, false
	}
	if worst != "-" {
		bits, err := strconv.ParseUint(worst, 36, 64)
		if f := math.Float64frombits(bits); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return sc, false
		}
		sc.Worst, sc.Full = math.Float64frombits(bits), true
	}
	if cands == "-" {
		return sc, true
	}
	sc.Cands = make([]int32, 0, strings.Count(cands, ",")+1)
	for more := true; more; {
		var f string
		f, cands, more = strings.Cut(cands, ",")
		n, ok := base36(f)
		if !ok {
			v, err := strconv.ParseInt(f, 36, 32)
			n, ok = v, err == nil
		}
		if !ok || n < 0 || len(sc.Cands) > 0 && int32(n) <= sc.Cands[len(sc.Cands)-1] {
			return related.Scored{}, false // Stale searches them: ascending, as written
		}
		sc.Cands = append(sc.Cands, int32(n))
	}
	return sc, true
}

// base36 is strconv.ParseInt(s, 36, 32) of what encodeScored writes: one
// to five digits and lowercase letters (at most 36^5-1, well inside an
// int32). Anything else is not ok, and left to ParseInt. A rebuild reads
// 40 numbers a page.
func base36(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 5 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			n = n*36 + int64(c-'0')
		case 'a' <= c && c <= 'z':
			n = n*36 + int64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return n, true
}

// readSiteKeys reads the keys of the previous build (data, as SaveKeys
// saved them); any line that does not parse is left out (its page is
// rendered again).
func readSiteKeys(data []byte) *siteKeys {
	if !bytes.HasPrefix(data, []byte(siteKeysHead)) {
		return &siteKeys{old: map[string]pageStamp{}, now: map[string]pageStamp{}, kept: map[string]bool{}, data: data}
	}
	// Its pages' lines: all but the related index's digests, about half.
	n := bytes.Count(data, []byte{'\n'}) - bytes.Count(data, []byte("\ndep\t"))
	k := &siteKeys{old: make(map[string]pageStamp, n), now: make(map[string]pageStamp, n), kept: make(map[string]bool, n), data: data}
	var fields [6]string
	for line := range strings.Lines(string(data[len(siteKeysHead):])) {
		f := splitTabs(strings.TrimSuffix(line, "\n"), fields[:0])
		if len(f) == 2 && f[0] == "index" {
			k.oldIndex = f[1]
			continue
		}
		if len(f) == 2 && f[0] == "rows" {
			k.rowsStamp = f[1]
			continue
		}
		if len(f) == 3 && f[0] == "dep" {
			var v related.Digest
			if len(f[2]) != 2*len(v) {
				continue
			}
			if _, err := hex.Decode(v[:], []byte(f[2])); err == nil {
				if k.oldDeps == nil {
					k.oldDeps = related.Deps{}
				}
				k.oldDeps[f[1]] = v
			}
			continue
		}
		if len(f) < 4 || len(f) > 6 {
			continue
		}
		size, err1 := strconv.ParseInt(f[2], 10, 64)
		mtime, err2 := strconv.ParseInt(f[3], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		st := pageStamp{key: f[1], size: size, mtime: mtime}
		if len(f) >= 5 {
			st.sim = f[4]
		}
		if len(f) == 6 {
			st.cands = f[5]
		}
		k.old[f[0]] = st
	}
	return k
}

// splitTabs appends the tab-separated fields of line to f, up to one more
// than its capacity (a line of too many fields): strings.Split without
// allocating a slice a line.
func splitTabs(line string, f []string) []string {
	for len(f) < cap(f) {
		field, rest, more := strings.Cut(line, "\t")
		f = append(f, field)
		if !more {
			return f
		}
		line = rest
	}
	return append(f, line) // more than cap(f): refused by its length
}

// fresh records key as rel's and reports whether the page is already
// written with it: the previous build's key is the same and the file is
// as that build wrote it (same size and modification time). A page that
// is fresh is then counted as written, and left alone.
func (w *siteWriter) fresh(rel, key string) bool { return w.freshSim(rel, key, "", "") }

// pageStat is what the output holds at rel (slash-separated), from one
// listing of its folder (safefs.ReadDirStat: one lstat a file from the
// folder) taken when a page of that folder is first checked, instead of
// a walk from the output's root for each page. A page is checked before
// it is written, so its entry is as the previous build left it.
func (w *siteWriter) pageStat(rel string) (safefs.DirStat, bool) {
	k := w.keys
	dir, name := path.Split(rel)
	k.dirsMu.Lock()
	list, ok := k.dirs[dir]
	if !ok {
		list, _ = w.root.ReadDirStat(w.root.Abs(filepath.FromSlash(dir)), func(_ string, isDir bool) bool { return !isDir })
		if k.dirs == nil {
			k.dirs = map[string][]safefs.DirStat{}
		}
		k.dirs[dir] = list
	}
	k.dirsMu.Unlock()
	i, found := slices.BinarySearchFunc(list, name, func(e safefs.DirStat, n string) int { return strings.Compare(e.Name, n) })
	if !found {
		return safefs.DirStat{}, false
	}
	return list[i], true
}

// freshSim is fresh for a COE page, whose Similar COEs' digest is sim,
// their search having scored cands (encodeCands).
func (w *siteWriter) freshSim(rel, key, sim, cands string) bool {
	k := w.keys
	if k == nil || key == "" {
		return false
	}
	k.mu.Lock()
	k.now[rel] = pageStamp{key: key, sim: sim, cands: cands}
	old, ok := k.old[rel]
	k.mu.Unlock()
	if !ok || old.key != key {
		return false
	}
	if st, ok := w.pageStat(rel); !ok || !st.Regular || st.Size != old.size || st.ModTime != old.mtime {
		return false
	}
	w.mu.Lock()
	dup := w.written[rel]
	w.written[rel] = true
	w.mu.Unlock()
	if dup {
		w.fail(errors.New("two pages would be written to " + rel))
		return false
	}
	k.mu.Lock()
	old.sim, old.cands = sim, cands
	k.now[rel] = old
	k.kept[rel] = true
	k.mu.Unlock()
	if strings.HasSuffix(rel, ".html") {
		w.unchanged.Add(1)
	}
	return true
}

// writeKeys saves the keys of this build's pages, once they are all on
// disk: the stamp of each page written is taken from its file.
func (w *siteWriter) writeKeys() error {
	k := w.keys
	names := make([]string, 0, len(k.now))
	for rel := range k.now {
		if w.written[rel] {
			names = append(names, rel)
		}
	}
	sort.Strings(names)
	stamps := make([]pageStamp, len(names))
	coe.Parallel(len(names), func(i int) {
		s := k.now[names[i]]
		if !k.kept[names[i]] {
			st, err := w.root.Lstat(w.root.Abs(filepath.FromSlash(names[i])))
			if err != nil || !st.Mode().IsRegular() {
				s.key = "" // never fresh: rendered again next time
			} else {
				s.size, s.mtime = st.Size(), st.ModTime().UnixNano()
			}
		}
		stamps[i] = s
	})
	// Made as one buffer, of about the size of the previous file: 4.6 MB
	// at 10,000 COEs.
	b := make([]byte, 0, len(k.data)+64<<10)
	b = append(b, siteKeysHead...)
	if k.index != "" {
		b = append(append(append(b, "index\t"...), k.index...), '\n')
	}
	if k.rowsStamp != "" && !strings.ContainsAny(k.rowsStamp, "\t\n") {
		b = append(append(append(b, "rows\t"...), k.rowsStamp...), '\n')
	}
	// The digests of the related index: this build's, or the previous
	// one's when the index is the same and was not built.
	deps := k.oldDeps
	if k.ix != nil {
		deps = k.deps()
	} else if k.index == "" || k.index != k.oldIndex {
		deps = nil
	}
	depKeys := make([]string, 0, len(deps))
	for d := range deps {
		if !strings.ContainsAny(d, "\t\n") {
			depKeys = append(depKeys, d)
		}
	}
	sort.Strings(depKeys)
	for _, d := range depKeys {
		v := deps[d]
		b = append(append(append(b, "dep\t"...), d...), '\t')
		b = append(hex.AppendEncode(b, v[:]), '\n')
	}
	for i, rel := range names {
		if stamps[i].key == "" || strings.ContainsAny(rel, "\t\n") {
			continue
		}
		b = append(append(append(append(b, rel...), '\t'), stamps[i].key...), '\t')
		b = append(strconv.AppendInt(b, stamps[i].size, 10), '\t')
		b = strconv.AppendInt(b, stamps[i].mtime, 10)
		if stamps[i].sim != "" {
			b = append(append(b, '\t'), stamps[i].sim...)
			if stamps[i].cands != "" {
				b = append(append(b, '\t'), stamps[i].cands...)
			}
		}
		b = append(b, '\n')
	}
	data := b
	if bytes.Equal(data, k.data) {
		return nil // as saved: a build that changed nothing writes nothing
	}
	return w.saveKeys(data)
}

// keyHash writes the parts of a key, each with its length, so that no two
// lists of parts hash alike. A key is a SHA-256 of them: of the parts
// gathered in b (a small key is summed at once, for 27,000 row keys a
// rebuild), written to h a few KB at a time when they are many.
type keyHash struct {
	b   []byte
	h   hash.Hash
	arr [256]byte
	// streamed: parts went to h (flush), which the digest then ends.
	streamed bool
}

// keyFlush is how many bytes of parts b gathers before they are hashed;
// a part longer than keyDirect is hashed from where it is, not copied.
const (
	keyFlush  = 4 << 10
	keyDirect = 256
)

func newKeyHash() *keyHash {
	k := &keyHash{}
	k.b = k.arr[:0]
	return k
}

// keyHashes keep key hashes for the keys made by the ten thousand (each
// row's, action's and COE page's): their buffers and hashes are used
// again (pooledKeyHash, then release).
var keyHashes = sync.Pool{New: func() any { return &keyHash{b: make([]byte, 0, keyFlush+1<<10)} }}

func pooledKeyHash() *keyHash {
	k := keyHashes.Get().(*keyHash)
	k.b, k.streamed = k.b[:0], false
	return k
}

func (k *keyHash) release() { keyHashes.Put(k) }

func (k *keyHash) flush() {
	if k.h == nil {
		k.h = sha256.New()
	}
	if !k.streamed {
		k.h.Reset()
		k.streamed = true
	}
	k.h.Write(k.b)
	k.b = k.b[:0]
}

func (k *keyHash) str(s string) {
	k.b = binary.AppendUvarint(k.b, uint64(len(s)))
	if len(s) <= keyDirect && len(k.b)+len(s) <= keyFlush {
		k.b = append(k.b, s...)
		return
	}
	k.flush()
	k.h.Write(unsafe.Slice(unsafe.StringData(s), len(s))) // read, never kept nor written: no copy of 10,000 summaries a build
}

func (k *keyHash) bytes(b []byte) {
	k.str(unsafe.String(unsafe.SliceData(b), len(b)))
}

func (k *keyHash) strs(ss []string) {
	k.str(strconv.Itoa(len(ss)))
	for _, s := range ss {
		k.str(s)
	}
}

// ints hashes numbers: how many, then each as a varint.
func (k *keyHash) ints(v ...int64) {
	k.b = binary.AppendUvarint(k.b, uint64(len(v)))
	for _, x := range v {
		k.b = binary.AppendVarint(k.b, x)
	}
	if len(k.b) > keyFlush {
		k.flush()
	}
}

// digest is the key's SHA-256.
func (k *keyHash) digest() (d [32]byte) {
	if !k.streamed {
		return sha256.Sum256(k.b)
	}
	k.flush()
	k.h.Sum(d[:0])
	return d
}

func (k *keyHash) sum() string {
	d := k.digest()
	return hex.EncodeToString(d[:])
}

// baseKey is what every page depends on: the caller's salt (coe's
// version, the configs), the templates, and the options the pages show.
// The day is not: a COE's page depends on it only when it marks overdue
// actions (siteCOE.dated), and the list pages always (listKey).
func (o *SiteOptions) baseKey() string {
	k := newKeyHash()
	k.str(keyVersion)
	k.str(o.Salt)
	k.str(o.Templates.fingerprint())
	k.strs([]string{o.Title, o.BaseURL, o.SourceDir})
	k.strs(o.Severities)
	return k.sum()
}

// fingerprint is a hash of the templates as parsed, the stylesheet and
// the script: another template gives another fingerprint.
func (t *Templates) fingerprint() string {
	k := newKeyHash()
	k.str(t.css)
	k.str(t.js)
	k.strs([]string{t.cspReport, t.cspSite, t.cspSiteScript})
	var names []string
	bodies := map[string]string{}
	for _, x := range t.html.Templates() {
		if x.Tree != nil && x.Tree.Root != nil {
			names = append(names, x.Name())
			bodies[x.Name()] = x.Tree.Root.String()
		}
	}
	sort.Strings(names)
	for _, n := range names {
		k.str(n)
		k.str(bodies[n])
	}
	return k.sum()
}

// coeKey is the key of the i-th COE's page: the file's content, its
// page's place, which of its related ids have pages, and its Similar COEs
// as shown (their digest, sim).
func (o *SiteOptions) coeKey(i int, stem string, sc *siteCOE, sim string) string {
	k := pooledKeyHash()
	defer k.release()
	k.str(o.base)
	k.str(string(sc.hash[:]))
	k.strs([]string{stem, o.pageRoot(i), o.pageSource(i), sc.links, sim})
	if sc.dated {
		k.str(o.Today.String())
	}
	return k.sum()
}

// similarDigest is a digest of a page's Similar COEs as shown.
func similarDigest(similar []SimilarCOE) string {
	k := newKeyHash()
	k.str(strconv.Itoa(len(similar)))
	for _, s := range similar {
		k.strs([]string{s.Text, s.Href, s.Title, s.Score})
		k.strs(s.Reasons)
	}
	return k.sum()
}

// oldSimilar is the digest of the Similar COEs of the page rel, of the
// COE key, as the previous build showed them, and the COEs their search
// scored, when they are known to be the same: the related index is the
// same, or what their search reads did not change (related.Index.Stale).
func (w *siteWriter) oldSimilar(rel, key string) (sim, cands string, ok bool) {
	k := w.keys
	if k == nil || k.index == "" {
		return "", "", false
	}
	k.mu.Lock()
	st, ok := k.old[rel]
	k.mu.Unlock()
	if !ok || st.sim == "" {
		return "", "", false
	}
	if k.index == k.oldIndex {
		return st.sim, st.cands, true
	}
	if k.oldDeps == nil || k.stale == nil {
		return "", "", false
	}
	scored, ok := decodeScored(st.cands)
	if !ok || k.stale()(key, scored) {
		return "", "", false
	}
	return st.sim, st.cands, true
}

// listHash starts the key of the page rel that lists COEs (listKey,
// groupsKey, insightsKey): nil when the build is not incremental. The
// lists mark overdue actions and say as of when: the day is in the key.
func (o *SiteOptions) listHash(rel string) *keyHash {
	if o.base == "" {
		return nil
	}
	k := newKeyHash()
	k.str(o.base)
	k.str(o.Today.String())
	k.str(rel)
	return k
}

// listKey is the key of a page that lists COEs (the index, a tag's page,
// the actions, search.js): the page and the COEs it shows, rows[members]
// (nil: all of them), each by its page's name and its file's hash, of
// which its row, actions and figures are made, and what else the page
// shows (extra). "" when the build is not incremental.
func (o *SiteOptions) listKey(rel string, rows []Row, members []int, extra ...string) string {
	k := o.listHash(rel)
	if k == nil {
		return ""
	}
	k.strs(extra)
	add := func(r *Row) {
		k.str(r.File)
		k.str(r.key)
	}
	if members == nil {
		k.str(strconv.Itoa(len(rows)))
		for i := range rows {
			add(&rows[i])
		}
	} else {
		k.str(strconv.Itoa(len(members)))
		for _, i := range members {
			add(&rows[i])
		}
	}
	return k.sum()
}

// groupsKey is the key of the list of tags or services.
func (o *SiteOptions) groupsKey(rel string, groups []Group) string {
	k := o.listHash(rel)
	if k == nil {
		return ""
	}
	k.str(strconv.Itoa(len(groups)))
	for _, g := range groups {
		k.strs([]string{g.Name, g.Href, strconv.Itoa(g.COEs), strconv.Itoa(g.OpenActions)})
	}
	return k.sum()
}

// readCached is the first pass from the warm index: each COE's summary,
// its related terms and its search Doc from their tables (o.Scan), the
// files that changed parsed by the cache. It fills coes (with each file's
// hash and which of its related ids have pages) and sx as the first pass
// of BuildSite does from the files, and returns the key of the related
// index and what builds it.
func (o *SiteOptions) readCached(coes []siteCOE, stems []string, links func(int) *SiteLinks, sx *siteSearch, progress func()) (index string, build func() *related.Index) {
	rawIDs := make([]string, len(coes))
	load := o.loader(true)
	o.Scan(cache.SummaryKind, func(i int, r cache.Result) {
		defer progress()
		if r.Err != nil {
			coes[i].err = r.Err
			return
		}
		// The lists show what the summary holds but where in its file
		// each part is: an edit of a COE's text alone leaves them as
		// they are.
		sum, rowKey, err := cache.DecodeSummaryKey(r.Payload)
		if err != nil {
			lr := load(i)
			if lr.Err != nil {
				coes[i].err = lr.Err
				return
			}
			sum = coe.Summarize(lr.Doc)
			rowKey = cache.ShownKey(&sum)
		}
		c := &sum.COE
		rawIDs[i] = c.ID
		var lb strings.Builder
		for _, id := range c.Related {
			l := links(i)
			if coe.ValidID(id) && (l.Exists == nil || l.Exists(id)) {
				lb.WriteByte('1')
			} else {
				lb.WriteByte('0')
			}
		}
		o.prefix(i, c)
		coes[i] = summary(c, stems[i], o)
		coes[i].hash, coes[i].links = r.Hash, lb.String()
		coes[i].row.key = string(rowKey[:])
		coes[i].untitled = strings.TrimSpace(c.Title) == ""
		coes[i].dated = dated(c)
	})
	// The terms are kept encoded, and the index built from them only when
	// a page needs its Similar COEs (build).
	terms := make([][32]byte, len(coes))
	payloads := make([][]byte, len(coes))
	o.Scan(related.Kind, func(i int, r cache.Result) {
		if !coes[i].ok {
			return
		}
		terms[i], payloads[i] = sha256.Sum256(r.Payload), r.Payload
	})
	build = func() *related.Index {
		ib := related.NewBuilder()
		coe.Parallel(len(coes), func(i int) {
			if !coes[i].ok {
				return
			}
			var ids func([]string) []string
			if s := o.source(i); s != own {
				ids = s.IDs
			}
			// From the terms as the warm index holds them, or, for a
			// payload this version did not write, from the file.
			if payloads[i] != nil && ib.AddEncoded(stems[i], payloads[i], ids) == nil {
				return
			}
			lr := load(i)
			if lr.Err != nil {
				return
			}
			t := related.TermsOf(&lr.Doc.COE)
			if ids != nil {
				t.Related = ids(t.Related)
			}
			ib.AddTerms(stems[i], &t)
		})
		payloads = nil
		return ib.Build()
	}
	// The index is made of each COE's terms, under its page's name, and of
	// the sources' names (the prefix of related ids).
	k := newKeyHash()
	k.str(o.base)
	for i := range coes {
		if coes[i].ok {
			k.strs([]string{stems[i], o.source(i).Name, string(terms[i][:])})
		}
	}
	index = k.sum()
	// Each COE's Doc for search.js is its entry in the warm index (never
	// written again), of which only the key and title are read here: the
	// whole Doc is read when search.js is written, which a rebuild of an
	// unchanged site does not do. A Doc that then does not read is made
	// from the file (sx.reload).
	sx.reload = func(i int) []byte {
		lr := load(i)
		if lr.Err != nil {
			return nil
		}
		d := search.Terms(stems[i], &lr.Doc.COE)
		return search.AppendDoc(nil, &d)
	}
	o.Scan(search.Kind, func(i int, r cache.Result) {
		if !coes[i].ok {
			return
		}
		key, title, ok := search.DocHead(r.Payload)
		if r.Err != nil || !ok || key != search.KeyOf(o.Files[i]) {
			lr := load(i)
			if lr.Err != nil {
				return
			}
			sx.add(i, stems[i], &lr.Doc.COE)
			return
		}
		payload := r.Payload
		if coes[i].untitled && title != stems[i] {
			// The title search shows for a COE without one is its key:
			// the site's is its page's name.
			d, err := search.DecodeDocShared(r.Payload)
			if err != nil {
				if payload = sx.reload(i); payload == nil {
					return
				}
			} else {
				d.Title = stems[i]
				payload = search.AppendDoc(nil, &d)
			}
		}
		sx.addDoc(i, stems[i], rawIDs[i], payload)
	})
	return index, build
}
