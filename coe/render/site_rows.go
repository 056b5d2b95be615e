package render

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"html/template"
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
	// old is that file (its records by key share it).
	old []byte

	once sync.Once
	err  error
	// rows and actions are the HTML of the list pages' rows and actions
	// (by Row.n, SiteAction.n), their keys beside them.
	rows, actions       []string
	rowKeys, actionKeys []rowKey
}

func newRowCache(base string, load func() []byte) *rowCache {
	return &rowCache{base: base, load: load}
}

// parseRows reads a rows file: its records until the first that does not
// read. The strings share data, which is never written again.
func parseRows(data []byte) map[rowKey]string {
	rows := map[rowKey]string{}
	if !bytes.HasPrefix(data, []byte(rowsHead)) {
		return rows
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
	}
	return rows
}

func appendRowRecord(b []byte, k rowKey, html string) []byte {
	b = append(b, k[:]...)
	b = binary.AppendUvarint(b, uint64(len(html)))
	return append(b, html...)
}

// resolve makes, once, the HTML of every row and action: the previous
// build's, from its rows file, when their key is there, or rendered.
func (c *rowCache) resolve(t *Templates, rows []Row, actions []SiteAction) error {
	c.once.Do(func() {
		c.old = c.load()
		old := parseRows(c.old)
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
	})
	return c.err
}

// data is the rows file this build leaves, nil when it rendered no list
// page (the previous file stays) or when that file is the same.
func (c *rowCache) data() []byte {
	if c.rows == nil || c.err != nil {
		return nil
	}
	n := len(rowsHead)
	for _, list := range [][]string{c.rows, c.actions} {
		for _, s := range list {
			n += len(rowKey{}) + binary.MaxVarintLen64 + len(s)
		}
	}
	b := make([]byte, 0, n)
	b = append(b, rowsHead...)
	for i, s := range c.rows {
		b = appendRowRecord(b, c.rowKeys[i], s)
	}
	for i, s := range c.actions {
		b = appendRowRecord(b, c.actionKeys[i], s)
	}
	if bytes.Equal(b, c.old) {
		return nil
	}
	return b
}

// rowKey is the key of a COE's row: every field the template "coe-row"
// is given but its HTML (TestRowKeysCoverFields keeps it so), with the
// templates and what else every page depends on (base).
func (c *rowCache) rowKey(r *Row) rowKey {
	k := newKeyHash()
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
	k := newKeyHash()
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
	return strconv.FormatUint(uint64(crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli))), 16)
}

// RowsStamp says what identifies a rows file as written (SiteOptions
// LoadRows, SaveRows): its size, modification time (nanoseconds) and
// inode.
func RowsStamp(size, mtime int64, inode uint64) string {
	return strconv.FormatInt(size, 10) + "." + strconv.FormatInt(mtime, 10) + "." + strconv.FormatUint(inode, 10)
}
