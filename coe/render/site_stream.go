package render

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe/safefs"
)

// A list page of a large site is tens of megabytes (the index of 100,000
// COEs, 70 MB; the actions page, 120 MB): it is written as it is rendered,
// through a pageStream, instead of being rendered whole in memory first.
// The bytes are those siteWriter.write would write; what differs is only
// when they reach the disk.

// pageStream writes one page as it is rendered: into a safefs.Atomic, so
// that the page is whole or absent whatever happens to the build. In a
// rebuild it first compares what it is given with the file already there,
// and starts the new file only at the first byte that differs (copying the
// same bytes before it): a page that comes out the same is left alone,
// with its time, as siteWriter.write leaves it.
type pageStream struct {
	w    *siteWriter
	path string // absolute, as siteWriter.writeOwned queues it
	// old is the file there while every byte so far matches it (a
	// rebuild); same counts those bytes.
	old     *os.File
	oldRead *bufio.Reader
	same    int64
	scratch []byte
	a       *safefs.Atomic
	bw      *bufio.Writer
	err     error
}

// streamBuffer is how much of a page is kept before it is written.
const streamBuffer = 64 << 10

// stream starts writing the page rel; the caller writes it, then calls
// commit, or abort. Like writeOwned it counts the page as written, once.
func (w *siteWriter) stream(rel string) (*pageStream, error) {
	if err := w.claim(rel); err != nil {
		return nil, err
	}
	s := &pageStream{w: w, path: w.root.Abs(filepath.FromSlash(rel))}
	if err := s.start(); err != nil {
		return nil, err
	}
	return s, nil
}

// start opens the file there (a rebuild) or the new one.
func (s *pageStream) start() error {
	if s.w.rebuild {
		if f, err := s.w.root.Open(s.path); err == nil {
			s.old, s.same = f, 0
			if s.oldRead == nil {
				s.oldRead = bufio.NewReaderSize(f, streamBuffer)
			} else {
				s.oldRead.Reset(f)
			}
			return nil
		}
	}
	return s.create()
}

// create starts the new file, with the bytes of the old one that matched.
func (s *pageStream) create() error {
	a, err := s.w.root.CreateAtomic(s.path, 0o644)
	if err != nil {
		return err
	}
	s.a = a
	if s.bw == nil {
		s.bw = bufio.NewWriterSize(a, streamBuffer)
	} else {
		s.bw.Reset(a)
	}
	if s.old != nil {
		old := s.old
		s.old = nil
		defer old.Close()
		if _, err := old.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.CopyN(s.bw, old, s.same); err != nil {
			return err
		}
	}
	return nil
}

// Write writes the page's next bytes.
func (s *pageStream) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.old != nil {
		if s.matches(p) {
			s.same += int64(len(p))
			return len(p), nil
		}
		if s.err = s.create(); s.err != nil {
			return 0, s.err
		}
	}
	n, err := s.bw.Write(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

// WriteString is Write of a string, without a copy.
func (s *pageStream) WriteString(p string) (int, error) {
	if s.old == nil && s.err == nil {
		n, err := s.bw.WriteString(p)
		if err != nil {
			s.err = err
		}
		return n, err
	}
	return s.Write([]byte(p))
}

// matches reads len(p) bytes more of the old file and says whether they
// are p.
func (s *pageStream) matches(p []byte) bool {
	for len(p) > 0 {
		n := min(len(p), streamBuffer)
		if cap(s.scratch) < n {
			s.scratch = make([]byte, streamBuffer)
		}
		b := s.scratch[:n]
		if _, err := io.ReadFull(s.oldRead, b); err != nil || !bytes.Equal(b, p[:n]) {
			return false
		}
		p = p[n:]
	}
	return true
}

// reset drops what was written, to write the page again from its start.
func (s *pageStream) reset() error {
	s.abort()
	s.err = nil
	return s.start()
}

// commit finishes the page: the new file replaces the old, or, when every
// byte was the old file's and it has no more, the old file stays.
func (s *pageStream) commit() error {
	if s.err != nil {
		s.abort()
		return s.err
	}
	if s.old != nil {
		if _, err := s.oldRead.ReadByte(); err == io.EOF {
			s.old.Close()
			s.old = nil
			if strings.HasSuffix(s.path, ".html") {
				s.w.unchanged.Add(1)
			}
			return nil
		}
		if err := s.create(); err != nil {
			s.abort()
			return err
		}
	}
	err := s.bw.Flush()
	if err != nil {
		s.abort()
		return err
	}
	s.w.wrote.Store(true)
	err = s.a.Commit()
	s.a = nil
	return err
}

// abort drops the new file; the old one stays as it was.
func (s *pageStream) abort() {
	if s.old != nil {
		s.old.Close()
		s.old = nil
	}
	if s.a != nil {
		s.a.Abort()
		s.a = nil
	}
}

// errStreamed is what an engine returns when it gave up on a page after
// part of it was written (see execHTMLTo).
var errStreamed = errors.New("render: page partly written")
