// Package cache is coe's warm index: for each COE file of a repository it
// keeps, in .coe/cache/ (which git ignores), what the commands that read
// every COE need of it (its summary, its terms for coe related and coe
// search), so that a command parses only the files that changed since the
// last one ran.
//
// A table of the cache is one file per kind of payload. Each entry names a
// COE file by its path inside the repository and holds its size,
// modification time and inode, a SHA-256 of its content and the payload
// made from it. A file whose size, time or inode differ is read again and
// hashed: when its hash is the entry's, the payload is used and the entry
// refreshed; otherwise the file is parsed. A file that does not read is
// never cached: it is read, and reported, every time.
//
// The cache is never trusted further than it can be checked. A table is
// used only when its header names this version of coe and of the file
// format, the same reading options, and the same repository folder (its
// device and inode: a cache copied or committed from elsewhere does not
// match, so it cannot pass off payloads for content it was never made
// from). Each entry carries a CRC-32C; a damaged entry, a truncated file or
// any bytes that do not decode are read as a missing cache, and the files
// are parsed. A table is rewritten as a whole, atomically (a temporary file
// renamed over it), and only under the repository lock, and only when it
// is still the table this process read: two commands filling the cache at
// once each answer from what they read, and the last write wins whole.
package cache

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
)

// Dir is the cache's folder inside the repository's private folder.
const Dir = "cache"

// tableFormat is the version of the framing of a table (header and
// entries); a payload's own version is its Kind's.
const tableFormat = 1

const magic = "coe-cache\n"

// maxEntry caps the length of one entry: a COE file is at most 1 MiB, and
// no payload is larger than the file it is made from by much.
const maxEntry = 4 * coe.MaxFileSize

// racy is how close to the table's writing a file's modification time
// may be before the entry is not trusted by its time: a file changed again
// within the same tick of the clock would keep its size and time.
const racy = 2 * time.Second

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Kind is one kind of payload the cache keeps for each COE.
type Kind struct {
	// Name names the table's file; Version changes with the payload's
	// encoding, and with it the file.
	Name    string
	Version int
	// Make makes the payload of a COE file that read without errors,
	// parsed with its positions (ReadOptions.KeepNode).
	Make func(doc *coe.Document) []byte
	// FromData, when set, makes the payload from the file's bytes instead
	// of Make, without parsing: for a payload that a glance at the bytes
	// gives (an id), so that filling the cache costs no more than reading
	// the files. Every file that can be read then has an entry, whether
	// or not it would parse.
	FromData func(name string, data []byte) []byte
}

// Options says how a Store reads and writes.
type Options struct {
	// Off reads every file and neither reads nor writes the cache
	// (--no-cache).
	Off bool
	// Version is coe's version: a cache written by another is rebuilt.
	Version string
}

// Store is the cache of one repository's COEs, kept in a repository's
// private folder: its own (New), or, for a source (another team's
// repository read with sources:), the reading repository's (Source).
type Store struct {
	// home is the repository whose .coe/cache holds the tables and whose
	// lock guards writing them.
	home *coe.Repo
	// of is the repository whose COE files the tables describe.
	of   *coe.Repo
	dir  string
	opts Options
}

// New is the store of r's own COEs, in r's .coe/cache.
func New(r *coe.Repo, o Options) *Store {
	return &Store{home: r, of: r, dir: filepath.Join(r.Root, coe.PrivateName, Dir), opts: o}
}

// Source is the store of src's COEs, kept in s's repository under
// sources/NAME: coe never writes into another team's repository.
func (s *Store) Source(src *coe.Source) *Store {
	if src.Name == "" {
		return s
	}
	return &Store{home: s.home, of: src.Repo, dir: filepath.Join(s.dir, "sources", src.Name), opts: s.opts}
}

// Result is one file of a Scan: its payload, or why it did not read.
type Result struct {
	// Path is the file as named in messages.
	Path    string
	Payload []byte
	// Err is the file's reading error (an *coe.Error or coe.ErrorList);
	// Payload is then nil.
	Err error
	// Hash is the SHA-256 of the file's content the payload was made
	// from (zero with Err), for what depends on the whole file (coe
	// build's page keys).
	Hash [32]byte
}

// Stats says what a Scan did, for tests and for coebench.
type Stats struct {
	// Files is the number of files scanned; Cached were answered from the
	// table by their size, time and inode, Verified by their content's
	// hash, Parsed by parsing them (failed ones included).
	Files, Cached, Verified, Parsed int
	// Wrote says the table was written again.
	Wrote bool
}

// key is what tells that a file has not changed since its entry was made.
type key struct {
	size, mtime int64
	ino         uint64
}

// Scan hands fn the payload of kind k for each of files (COE files of the
// store's repository), or the file's error, with i its index in files: from
// the table where the file has not changed, from parsing it where it has.
// fn is called once for every file, from several goroutines at once. When
// anything changed, the table is written again before Scan returns.
// display names a file in messages (nil: as given).
func (s *Store) Scan(files []string, k Kind, display func(string) string, fn func(i int, r Result)) Stats {
	if display == nil {
		display = func(p string) string { return p }
	}
	st := Stats{Files: len(files)}
	if s.opts.Off {
		s.parseAll(files, k, display, allIndexes(len(files)), nil, nil, fn, &st)
		return st
	}
	sc := &scan{s: s, k: k, files: files, start: time.Now()}
	sc.stat()
	sc.readTable(display, fn, &st)
	var pending []int
	for i := range files {
		if !sc.done[i] {
			pending = append(pending, i)
		}
	}
	// The new table starts when an entry of the old one must go, or a
	// file's new entry comes (not for a file that does not read: it is
	// never cached).
	if sc.dropped {
		sc.openWriter(sc.at)
	}
	s.parseAll(files, k, display, pending, sc.old, sc.put, fn, &st)
	st.Wrote = sc.commit()
	return st
}

func allIndexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// oldEntry is a table entry of a file that changed: its hash and payload,
// used when the content turns out the same.
type oldEntry struct {
	hash    [32]byte
	payload []byte
}

// parseAll reads each file of which, hashes it, and hands fn the payload
// of old when the hash matches, or of the parsed file; put (when not nil)
// records each new entry in the table being written, under the key the
// file had before it was read (sc.keys: taken before reading, a change
// made meanwhile only makes the next run check the content again).
func (s *Store) parseAll(files []string, k Kind, display func(string) string, which []int, old map[int]oldEntry,
	put func(i int, hash [32]byte, payload []byte), fn func(i int, r Result), st *Stats) {
	var mu sync.Mutex
	opts := s.of.ReadOptions()
	opts.KeepNode = true
	coe.Parallel(len(which), func(j int) {
		i := which[j]
		path, name := files[i], display(files[i])
		data, err := coe.ReadData(path, name, s.of.FS())
		if err != nil {
			mu.Lock()
			st.Parsed++
			mu.Unlock()
			fn(i, Result{Path: name, Err: err})
			return
		}
		sum := sha256.Sum256(data)
		var payload []byte
		verified := false
		if o, ok := old[i]; ok && o.hash == sum {
			payload, verified = o.payload, true
		} else if k.FromData != nil {
			payload = k.FromData(name, data)
		} else {
			doc, err := coe.Parse(name, data, opts)
			if err != nil {
				mu.Lock()
				st.Parsed++
				mu.Unlock()
				fn(i, Result{Path: name, Err: err})
				return
			}
			payload = k.Make(doc)
		}
		mu.Lock()
		if verified {
			st.Verified++
		} else {
			st.Parsed++
		}
		mu.Unlock()
		if put != nil {
			put(i, sum, payload)
		}
		fn(i, Result{Path: name, Payload: payload, Hash: sum})
	})
}

// scan is one Scan with the cache on.
type scan struct {
	s     *Store
	k     Kind
	files []string
	start time.Time

	keys []key // each file's key; size -1 when it is not a regular file
	// index finds a file by its name in the table when files are not
	// sorted (nil when they are: see find); next is where find looks
	// first.
	index map[string]int
	next  int
	done  []bool
	old   map[int]oldEntry
	// dropped says the table holds entries the new one will not: files
	// gone, changed or damaged.
	dropped bool

	table   string
	tinfo   fs.FileInfo // the table as read, nil when there was none
	told    *os.File    // the table as read, for copying its entries
	headEnd int64       // where told's first entry starts
	at      int64       // where told's next entry starts
	failed  bool        // copying from told failed: the new table is not written
	opened  bool        // the new table was started (or could not be)

	mu sync.Mutex
	w  *safefs.Atomic
	bw *bufio.Writer
}

// stat takes each file's key, on several goroutines.
func (sc *scan) stat() {
	sc.keys = make([]key, len(sc.files))
	sc.done = make([]bool, len(sc.files))
	// A table's entries are found in files by their names: by a binary
	// search when files are sorted, as a repository's listing is (and
	// mostly in order, as the table is written), or else by a map.
	for i := 1; i < len(sc.files); i++ {
		if sc.rel(sc.files[i-1]) >= sc.rel(sc.files[i]) {
			sc.index = make(map[string]int, len(sc.files))
			for i, f := range sc.files {
				sc.index[sc.rel(f)] = i
			}
			break
		}
	}
	if listed := sc.s.of.ListedKeys(sc.files); listed != nil {
		for i, lk := range listed {
			if sc.keys[i] = (key{size: -1}); lk.Regular {
				sc.keys[i] = key{size: lk.Size, mtime: lk.ModTime, ino: lk.Ino}
			}
		}
		return
	}
	statAll(sc.files, sc.keys)
}

// rel is a file's name in the table: its path inside the repository, with
// slashes.
func (sc *scan) rel(path string) string {
	root := sc.s.of.Root
	if len(path) > len(root) && path[len(root)] == filepath.Separator && path[:len(root)] == root {
		return filepath.ToSlash(path[len(root)+1:])
	}
	if r, err := filepath.Rel(root, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

// salt is what a table's header must hold for its entries to be used.
func (s *Store) salt(k Kind) string {
	var dev, ino uint64
	if info, err := os.Stat(s.of.Root); err == nil {
		dev, ino = devIno(info)
	}
	sev := s.of.ReadOptions().Severities
	return fmt.Sprintf("table %d\nkind %s %d\ncoe %s\nformat %d\nsummary %d\nseverities %s\nroot %d %d\n",
		tableFormat, k.Name, k.Version, s.opts.Version, coe.FormatVersion, summaryVersion, strings.Join(sev, ","), dev, ino)
}

func (s *Store) tablePath(k Kind) string {
	return filepath.Join(s.dir, fmt.Sprintf("%s-v%d", k.Name, k.Version))
}

// readTable streams the table, handing fn the payload of every file whose
// entry still holds, and keeping the entries of files that changed.
func (sc *scan) readTable(display func(string) string, fn func(i int, r Result), st *Stats) {
	sc.table = sc.s.tablePath(sc.k)
	f, err := sc.s.home.FS().Open(sc.table)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			sc.dropped = true
		}
		return
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		sc.dropped = true
		return
	}
	sc.told, sc.tinfo = f, info
	// The entries that hold are handed to fn by workers while this
	// goroutine reads on: decoding a payload costs as much as reading it.
	// Entries go to the workers in batches: a channel send an entry
	// costs a warm command of 100,000 COEs tens of milliseconds.
	const batch = 128
	jobs := make(chan []job, 2*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for js := range jobs {
				for _, j := range js {
					fn(j.i, Result{Path: display(sc.files[j.i]), Payload: j.payload, Hash: j.hash})
				}
			}
		}()
	}
	defer wg.Wait()
	defer close(jobs)
	var pending []job
	defer func() {
		if len(pending) > 0 {
			jobs <- pending
		}
	}()
	give := func(i int, hash [32]byte, payload []byte) {
		if pending == nil {
			pending = make([]job, 0, batch)
		}
		if pending = append(pending, job{i, hash, payload}); len(pending) == batch {
			jobs <- pending
			pending = nil
		}
	}
	br := bufio.NewReaderSize(f, 256<<10)
	if !sc.header(br) {
		sc.dropped = true
		return
	}
	sc.at = sc.headEnd
	entries := 0
	for {
		start := sc.at
		body, end, ok := sc.entry(br)
		if !ok {
			sc.dropped = true
			return
		}
		if end {
			return
		}
		if entries++; entries > len(sc.files)+1 {
			sc.dropped = true // a table of more entries than files: not ours
			return
		}
		// While every entry holds, the new table would copy them all: it is
		// started, with the ones so far, at the first that does not.
		if !sc.use(body, give, st) {
			sc.dropped = true
			sc.openWriter(start)
		} else if sc.w != nil {
			sc.copyRange(start, sc.at)
		}
	}
}

type job struct {
	i       int
	hash    [32]byte
	payload []byte
}

// header reads and checks the table's header.
func (sc *scan) header(br *bufio.Reader) bool {
	want := sc.s.salt(sc.k)
	head := make([]byte, len(magic)+binary.MaxVarintLen64)
	if _, err := io.ReadFull(br, head[:len(magic)]); err != nil || string(head[:len(magic)]) != magic {
		return false
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n != uint64(len(want)) {
		return false
	}
	got := make([]byte, n)
	if _, err := io.ReadFull(br, got); err != nil || string(got) != want {
		return false
	}
	sc.headEnd = int64(len(magic) + uvarintLen(n) + int(n))
	return true
}

func uvarintLen(u uint64) int { return len(binary.AppendUvarint(nil, u)) }

// entry reads the next entry's body; end is the end mark. sc.at is then
// where the entry after it starts.
func (sc *scan) entry(br *bufio.Reader) (body []byte, end, ok bool) {
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, false, false // truncated: no end mark
	}
	if n == 0 {
		return nil, true, true
	}
	if n > maxEntry {
		return nil, false, false
	}
	buf := make([]byte, n+4)
	if _, err := io.ReadFull(br, buf); err != nil {
		return nil, false, false
	}
	body = buf[:n]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(buf[n:]) {
		return nil, false, false
	}
	sc.at += int64(uvarintLen(n)) + int64(n) + 4
	return body, false, true
}

// use takes one entry: it answers its file when the file's key matches,
// keeps it as the old entry of a file that changed, and reports whether
// the entry goes on to the new table unchanged.
func (sc *scan) use(body []byte, give func(i int, hash [32]byte, payload []byte), st *Stats) bool {
	d := Dec{B: body}
	rel := d.String()
	k := key{size: d.Int(), mtime: d.Int(), ino: d.Uint()}
	h := d.Bytes()
	payload := d.Bytes()
	if d.Err != nil || len(h) != sha256.Size || len(d.B) != 0 {
		return false
	}
	i, ok := sc.find(rel)
	if !ok || sc.done[i] {
		return false // a file gone, or a second entry for one
	}
	if k.size >= 0 && k == sc.keys[i] {
		sc.done[i] = true
		st.Cached++
		give(i, [32]byte(h), payload)
		return true
	}
	if sc.old == nil {
		sc.old = map[int]oldEntry{}
	}
	sc.old[i] = oldEntry{hash: [32]byte(h), payload: payload}
	return false
}

// find is the index in files of the file named rel in the table.
func (sc *scan) find(rel string) (int, bool) {
	if sc.index != nil {
		i, ok := sc.index[rel]
		return i, ok
	}
	if i := sc.next; i < len(sc.files) && sc.rel(sc.files[i]) == rel {
		sc.next++
		return i, true
	}
	i := sort.Search(len(sc.files), func(i int) bool { return sc.rel(sc.files[i]) >= rel })
	if i < len(sc.files) && sc.rel(sc.files[i]) == rel {
		sc.next = i + 1
		return i, true
	}
	return 0, false
}

// openWriter starts the new table (once) with the old table's entries
// before upTo, which all still hold.
func (sc *scan) openWriter(upTo int64) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.openWriterLocked(upTo)
}

func (sc *scan) openWriterLocked(upTo int64) {
	if sc.w != nil || sc.opened {
		return
	}
	sc.opened = true
	if err := sc.s.home.FS().MkdirAll(filepath.Dir(sc.table), 0o755); err != nil {
		return
	}
	if _, err := sc.s.home.PrivateDir(); err != nil { // its .gitignore
		return
	}
	w, err := sc.s.home.FS().CreateAtomic(sc.table, 0o644)
	if err != nil {
		return
	}
	// Every entry has its CRC and the table its header, checked when read:
	// a table a crash left damaged is rebuilt, and need not be flushed.
	w.Volatile()
	sc.w, sc.bw = w, bufio.NewWriterSize(w, 256<<10)
	salt := sc.s.salt(sc.k)
	sc.bw.WriteString(magic)
	sc.bw.Write(binary.AppendUvarint(nil, uint64(len(salt))))
	sc.bw.WriteString(salt)
	if sc.told != nil {
		sc.copyLocked(sc.headEnd, upTo)
	}
}

// copyRange copies bytes [from, to) of the old table whole, entries and
// their CRCs.
func (sc *scan) copyRange(from, to int64) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.copyLocked(from, to)
}

func (sc *scan) copyLocked(from, to int64) {
	if sc.w == nil || from >= to {
		return
	}
	if _, err := io.Copy(sc.bw, io.NewSectionReader(sc.told, from, to-from)); err != nil {
		sc.failed = true
	}
}

// put writes one new entry to the new table. An entry for a file changed
// within racy of now is written with no key, so its content is checked
// the next time.
func (sc *scan) put(i int, hash [32]byte, payload []byte) {
	k := sc.keys[i]
	if k.size < 0 {
		return // not a regular file when listed: never cached
	}
	if time.Unix(0, k.mtime).After(sc.start.Add(-racy)) {
		k = key{size: -1}
	}
	e := Enc{B: make([]byte, 0, len(payload)+len(sc.files[i])+64)}
	e.String(sc.rel(sc.files[i]))
	e.Int(k.size)
	e.Int(k.mtime)
	e.Uint(k.ino)
	e.Bytes(hash[:])
	e.Bytes(payload)
	if len(e.B) > maxEntry {
		return
	}
	var crc [4]byte
	binary.LittleEndian.PutUint32(crc[:], crc32.Checksum(e.B, castagnoli))
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.openWriterLocked(sc.at) // the reading is over: every entry so far holds
	if sc.w == nil {
		return
	}
	sc.bw.Write(binary.AppendUvarint(nil, uint64(len(e.B))))
	sc.bw.Write(e.B)
	sc.bw.Write(crc[:])
}

// commit ends the new table and renames it over the old one, under the
// repository lock and only if the old one is still the table read. It
// reports whether the table was written.
func (sc *scan) commit() bool {
	if sc.told != nil {
		defer sc.told.Close()
	}
	if sc.w == nil {
		return false
	}
	defer sc.w.Abort()
	sc.bw.WriteByte(0) // the end mark
	if err := sc.bw.Flush(); err != nil || sc.failed {
		return false
	}
	lock, err := sc.s.home.LockWithin("coe (refreshing the cache)", 200*time.Millisecond)
	if err != nil {
		return false // another command holds it; the next run writes the cache
	}
	defer lock.Unlock()
	now, err := sc.s.home.FS().Lstat(sc.table)
	switch {
	case sc.tinfo == nil && err == nil:
		return false // another command wrote a table meanwhile
	case sc.tinfo != nil && (err != nil || !os.SameFile(now, sc.tinfo) || !now.ModTime().Equal(sc.tinfo.ModTime()) || now.Size() != sc.tinfo.Size()):
		return false
	}
	if sc.w.Commit() != nil {
		return false
	}
	sc.s.dropOld(sc.k)
	return true
}

// dropOld removes the tables of k's other versions, written by an older or
// newer coe: each is rebuilt by the version that reads it.
func (s *Store) dropOld(k Kind) {
	fsys := s.home.FS()
	entries, err := fsys.ReadDir(s.dir)
	if err != nil {
		return
	}
	keep := filepath.Base(s.tablePath(k))
	for _, e := range entries {
		name := e.Name()
		if name != keep && strings.HasPrefix(name, k.Name+"-v") && !e.IsDir() {
			fsys.Remove(filepath.Join(s.dir, name))
		}
	}
}
