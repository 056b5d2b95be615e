package render

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"html/template"
	"io"
	"slices"
	"strconv"
	"sync"
	"unsafe"

	"github.com/coe-cli/coe/coe"
)

// The rows' HTML of an incremental build (SiteOptions.LoadRows and
// SaveRows). After one COE's title changes, the index, the actions page
// and the COE's tag pages are rendered again, and those list every COE or
// every open action: 27,000 rows of 10,000 COEs, which took most of such a
// rebuild to render. Each row's HTML is kept in the rows file, under a
// hash of everything its template is given (rowKey, actionKey) and the
// templates; a rebuild renders only the rows whose key is not there.
//
// The rows file is raw HTML that goes into the pages as it is, so it is
// trusted only as this build's own: it is used when its stamp (size,
// modification time and inode, as LoadRows reads it) and a CRC of its
// bytes are those the keys file recorded when SaveRows wrote it. A rows
// file committed to the repository, or copied, or written by anything
// else, has another stamp, and one damaged in place another CRC: it is
// not read.
//
// It holds the rows of the index and of the actions page (the tag and
// service pages take theirs, rebased), all made when the first list page
// is rendered, and it is kept only for sites of up to maxCachedRows rows
// and actions (about 40 MB of HTML): a larger site's rows would cost more
// memory than their rendering costs time, and are rendered as each page
// asks for them.

const rowsHead = "coe-site-rows 1\n"

// maxCachedRows is the most rows and actions a site's rows file keeps.
const maxCachedRows = 50_000

type rowKey [32]byte

// rowCache is the rows file of the previous build and the rows' HTML of
// this one: every row's and every action's, made once (resolve) when the
// first list page is rendered, from the previous file or rendered.
type rowCache struct {
	base string
	// load returns the previous rows file when it is trusted, or nil.
	load func() []byte
	// old is that file (its records by key share it); same says this
	// build's rows are its records, in its order.
	old  []byte
	same bool

	once sync.Once
	err  error
	// rows and actions are the HTML of the list pages' rows and actions
	// (by Row.n, SiteAction.n), their keys beside them.
	rows, actions       []string
	rowKeys, actionKeys []rowKey

	// save writes the rows file (SiteOptions.SaveRows): started as soon as
	// every row is resolved, beside the list pages, and waited for
	// (saved) before the keys file, which records its stamp, is written.
	save    func(func(io.Writer) error) (string, error)
	saving  chan struct{} // closed when the save is done
	stamp   string        // the file's stamp and CRC, as the keys file records them
	saveErr error
}

func newRowCache(base string, load func() []byte, save func(func(io.Writer) error) (string, error)) *rowCache {
	return &rowCache{base: base, load: load, save: save}
}

// startSave writes the rows file in the background when this build's rows
// are not the previous file's.
func (c *rowCache) startSave() {
	if c.save == nil || !c.changed() {
		return
	}
	c.saving = make(chan struct{})
	go func() {
		defer close(c.saving)
		crc := crc32.New(castagnoli)
		stamp, err := c.save(func(out io.Writer) error { return c.write(io.MultiWriter(out, crc)) })
		if err == nil && stamp != "" {
			stamp += "." + strconv.FormatUint(uint64(crc.Sum32()), 16)
		}
		c.stamp, c.saveErr = stamp, err
	}()
}

// saved waits for the rows file's save, when one was started: saving says
// whether it was, and stamp is the file's stamp and CRC ("" when it has
// none to record).
func (c *rowCache) saved() (saving bool, stamp string, err error) {
	if c.saving == nil {
		return false, "", nil
	}
	<-c.saving
	return true, c.stamp, c.saveErr
}

// parseRows reads a rows file: its records until the first that does not
// read, and their keys in the file's order. The strings share data, which
// is never written again.
func parseRows(data []byte) (rows map[rowKey]string, order []rowKey) {
	rows = map[rowKey]string{}
	if !bytes.HasPrefix(data, []byte(rowsHead)) {
		return rows, nil
	}
	rest := data[len(rowsHead):]
	for len(rest) > len(rowKey{}) {
		// key, length, HTML
		var k rowKey
		copy(k[:], rest)
		rest = rest[len(k):]
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			break
		}
		html := rest[w : w+int(n)]
		rest = rest[w+int(n):]
		rows[k] = unsafe.String(unsafe.SliceData(html), len(html))
		order = append(order, k)
	}
	return rows, order
}

// resolve makes, once, the HTML of every row and action: the previous
// build's, from its rows file, when their key is there, or rendered.
func (c *rowCache) resolve(t *Templates, rows []Row, actions []SiteAction) error {
	c.once.Do(func() {
		c.old = c.load()
		old, order := parseRows(c.old)
		c.rows, c.rowKeys = make([]string, len(rows)), make([]rowKey, len(rows))
		c.actions, c.actionKeys = make([]string, len(actions)), make([]rowKey, len(actions))
		var mu sync.Mutex
		fail := func(err error) {
			mu.Lock()
			if c.err == nil {
				c.err = err
			}
			mu.Unlock()
		}
		coe.Parallel(len(rows)+len(actions), func(i int) {
			buf := bufPool.Get().(*bytes.Buffer)
			defer bufPool.Put(buf)
			// One row's or action's HTML: the old one of its key, or made.
			var err error
			one := func(k rowKey, key *rowKey, html *string, render func() (template.HTML, error)) {
				*key = k
				s, ok := old[k]
				if !ok {
					var h template.HTML
					h, err = render()
					s = string(h)
				}
				*html = s
			}
			if i < len(rows) {
				one(c.rowKey(&rows[i]), &c.rowKeys[i], &c.rows[i], func() (template.HTML, error) { return t.rowHTML(buf, rows[i]) })
			} else {
				i -= len(rows)
				one(c.actionKey(&actions[i]), &c.actionKeys[i], &c.actions[i], func() (template.HTML, error) { return t.actionHTML(buf, actions[i]) })
			}
			if err != nil {
				fail(err)
			}
		})
		c.same = len(order) == len(rows)+len(actions) && len(old) == len(order) &&
			slices.Equal(order[:len(rows)], c.rowKeys) && slices.Equal(order[len(rows):], c.actionKeys)
		c.startSave()
	})
	return c.err
}

// changed says this build leaves a rows file, and it is not the previous
// one: it rendered a list page, and its rows are not that file's.
func (c *rowCache) changed() bool { return c.rows != nil && c.err == nil && !c.same }

// write writes the rows file of this build to out.
func (c *rowCache) write(out io.Writer) error {
	bw := bufio.NewWriterSize(out, 64<<10)
	bw.WriteString(rowsHead)
	var n [binary.MaxVarintLen64]byte
	for _, part := range []struct {
		keys []rowKey
		html []string
	}{{c.rowKeys, c.rows}, {c.actionKeys, c.actions}} {
		for i, s := range part.html {
			bw.Write(part.keys[i][:])
			bw.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
			bw.WriteString(s)
		}
	}
	return bw.Flush()
}

// rowKey is the key of a COE's row: every field the template "coe-row"
// is given but its HTML (TestRowKeysCoverFields keeps it so), with the
// templates and what else every page depends on (base).
func (c *rowCache) rowKey(r *Row) rowKey {
	k := pooledKeyHash()
	defer k.release()
	k.str("row")
	k.str(c.base)
	k.strs([]string{r.ID, r.File, r.Title, r.Date, r.Severity, r.Status})
	k.ints(r.Time, int64(r.SeverityRank), int64(r.StatusRank), int64(r.Open), int64(r.Overdue), int64(r.Actions))
	for _, links := range [][]Link{r.Tags, r.Services} {
		k.ints(int64(len(links)))
		for _, l := range links {
			k.strs([]string{l.Text, l.Href})
		}
	}
	return k.digest()
}

// actionKey is the key of an action's row: every field the template
// "action-row" is given but its HTML.
func (c *rowCache) actionKey(a *SiteAction) rowKey {
	k := pooledKeyHash()
	defer k.release()
	k.str("action")
	k.str(c.base)
	k.strs([]string{a.ID, a.Action, a.Owner, a.Due, a.Priority, a.Status, a.Tracker, a.TrackerURL, a.TrackerText,
		a.Overdue, a.COEID, a.COETitle, a.File, a.Severity, string(a.ActionHTML)})
	k.ints(int64(a.SeverityRank), int64(len(a.Evidence)))
	for _, p := range a.Evidence {
		k.strs([]string{p.Commit, p.Full, p.URL, p.Text})
	}
	return k.digest()
}

// rowsCRC is a CRC-32C of a rows file's bytes, with its stamp in the keys
// file: a file damaged in place, its size and time kept, is not read.
func rowsCRC(data []byte) string {
	return strconv.FormatUint(uint64(crc32.Checksum(data, castagnoli)), 16)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// RowsStamp says what identifies a rows file as written (SiteOptions
// LoadRows, SaveRows): its size, modification time (nanoseconds) and
// inode.
func RowsStamp(size, mtime int64, inode uint64) string {
	return strconv.FormatInt(size, 10) + "." + strconv.FormatInt(mtime, 10) + "." + strconv.FormatUint(inode, 10)
}
