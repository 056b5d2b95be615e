package cache

import (
	"crypto/sha256"

	"github.com/coe-cli/coe/coe"
)

// summaryVersion changes whenever the encoding of a summary does, and with
// it the name of the table: an old cache is then rebuilt.
const summaryVersion = 1

// maxList caps every list a decoded summary holds, far above what a COE
// file of 1 MiB can hold, so that corrupt counts cannot ask for much.
const maxList = 1 << 20

// AppendSummary appends the encoding of s.
func AppendSummary(b []byte, s *coe.Summary) []byte {
	e := Enc{B: b}
	c := &s.COE
	e.Int(int64(c.Version))
	e.String(c.ID)
	e.String(c.Title)
	e.String(c.Status)
	e.String(c.Severity)
	e.Strings(c.Authors)
	e.Strings(c.Reviewers)
	e.Time(c.SubmittedAt)
	e.String(c.ApprovedBy)
	e.Time(c.ApprovedAt)
	e.Time(c.ClosedAt)
	e.Count(len(c.Reopened), c.Reopened == nil)
	for _, r := range c.Reopened {
		e.Time(r.At)
		e.String(r.By)
		e.String(r.Reason)
	}
	e.Strings(c.Tags)
	e.Strings(c.Services)
	for _, t := range c.Incident.Times() {
		e.Time(t)
	}
	e.Bool(c.Impact.CustomersAffected != nil)
	if c.Impact.CustomersAffected != nil {
		e.Int(*c.Impact.CustomersAffected)
	}
	e.Strings(c.ContributingFactors)
	e.Count(len(c.CorrectiveActions), c.CorrectiveActions == nil)
	for i := range c.CorrectiveActions {
		a := &c.CorrectiveActions[i]
		e.String(a.ID)
		e.String(a.Action)
		e.String(a.Owner)
		e.Date(a.Due)
		e.String(a.Priority)
		e.String(a.Status)
		e.Date(a.DoneAt)
		e.String(a.Tracker)
		e.String(a.Note)
		e.Strings(a.Evidence)
	}
	e.Strings(c.Related)
	e.Bool(s.HasPublic)
	e.Pos(s.IDPos)
	e.Count(len(s.RelatedPos), s.RelatedPos == nil)
	for _, p := range s.RelatedPos {
		e.Pos(p)
	}
	e.Count(len(s.ActionPos), s.ActionPos == nil)
	for _, p := range s.ActionPos {
		e.Pos(p)
	}
	return e.B
}

// DecodeSummary decodes what AppendSummary wrote; any other bytes give an
// error, never a panic.
func DecodeSummary(b []byte) (coe.Summary, error) {
	s, _, err := decodeSummary(b, false)
	return s, err
}

// ShownKey is the SHA-256 of the encoding of s without where in its file
// each part is (IDPos, RelatedPos and ActionPos left out): it changes
// with what a COE's summary tells, and not with an edit of its text alone.
func ShownKey(s *coe.Summary) [32]byte {
	shown := *s
	shown.IDPos, shown.RelatedPos, shown.ActionPos = coe.Position{}, nil, nil
	return sha256.Sum256(AppendSummary(nil, &shown))
}

// noPositions is how AppendSummary ends a summary without positions.
var noPositions = func() []byte {
	e := Enc{}
	e.Pos(coe.Position{})
	e.Count(0, true)
	e.Count(0, true)
	return e.B
}()

// DecodeSummaryKey is DecodeSummary and a key of what the summary tells,
// hashed from b as it is: its bytes up to the positions, then
// noPositions. For a summary as AppendSummary writes it, it is ShownKey
// of the summary, without encoding it again. Other bytes that decode (a
// number written in more bytes than it needs) give another key, never the
// key of another summary: the key is of the bytes that make the summary.
func DecodeSummaryKey(b []byte) (coe.Summary, [32]byte, error) {
	s, at, err := decodeSummary(b, false)
	if err != nil {
		return s, [32]byte{}, err
	}
	h := sha256.New()
	h.Write(b[:at])
	h.Write(noPositions)
	var key [32]byte
	h.Sum(key[:0])
	return s, key, nil
}

// DecodeSummaryShared is DecodeSummary with every string sharing b's
// memory (see Dec.Share): far less for the collector, but the strings keep
// all of b alive, and b must never be written again. For a caller that
// keeps a copy of the little it needs of each summary (coe list).
func DecodeSummaryShared(b []byte) (coe.Summary, error) {
	s, _, err := decodeSummary(b, true)
	return s, err
}

// decodeSummary decodes b, and tells where in b its positions start.
func decodeSummary(b []byte, share bool) (coe.Summary, int, error) {
	d := Dec{B: b, Share: share}
	var s coe.Summary
	c := &s.COE
	c.Version = d.Int32()
	c.ID = d.String()
	c.Title = d.String()
	c.Status = d.String()
	c.Severity = d.String()
	c.Authors = d.Strings()
	c.Reviewers = d.Strings()
	c.SubmittedAt = d.Time()
	c.ApprovedBy = d.String()
	c.ApprovedAt = d.Time()
	c.ClosedAt = d.Time()
	if n, isNil := d.Count(); !isNil {
		c.Reopened = make([]coe.Reopening, n)
		for i := range c.Reopened {
			c.Reopened[i] = coe.Reopening{At: d.Time(), By: d.String(), Reason: d.String()}
		}
	}
	c.Tags = d.Strings()
	c.Services = d.Strings()
	in := &c.Incident
	in.StartedAt, in.DetectedAt, in.MitigatedAt, in.ResolvedAt = d.Time(), d.Time(), d.Time(), d.Time()
	if d.Bool() {
		n := d.Int()
		c.Impact.CustomersAffected = &n
	}
	c.ContributingFactors = d.Strings()
	if n, isNil := d.Count(); !isNil {
		c.CorrectiveActions = make([]coe.CorrectiveAction, n)
		for i := range c.CorrectiveActions {
			a := &c.CorrectiveActions[i]
			a.ID, a.Action, a.Owner = d.String(), d.String(), d.String()
			a.Due = d.Date()
			a.Priority, a.Status = d.String(), d.String()
			a.DoneAt = d.Date()
			a.Tracker, a.Note = d.String(), d.String()
			a.Evidence = d.Strings()
		}
	}
	c.Related = d.Strings()
	s.HasPublic = d.Bool()
	at := len(b) - len(d.B)
	s.IDPos = d.Pos()
	s.RelatedPos = positions(&d)
	s.ActionPos = positions(&d)
	if d.Err == nil && (len(d.B) != 0 || len(s.RelatedPos) != len(c.Related) || len(s.ActionPos) != len(c.CorrectiveActions)) {
		d.fail()
	}
	if d.Err != nil {
		return coe.Summary{}, 0, d.Err
	}
	return s, at, nil
}

func positions(d *Dec) []coe.Position {
	n, isNil := d.Count()
	if isNil {
		return nil
	}
	ps := make([]coe.Position, n)
	for i := range ps {
		ps[i] = d.Pos()
	}
	return ps
}

// SummaryKind is the table of coe.Summary payloads.
var SummaryKind = Kind{Name: "summaries", Version: summaryVersion, Make: func(doc *coe.Document) []byte {
	s := coe.Summarize(doc)
	return AppendSummary(nil, &s)
}}

// Summaries hands fn the summary of each of files, or the file's error,
// as Scan does (from several goroutines at once, i the index in files).
func (s *Store) Summaries(files []string, display func(string) string, fn func(i int, path string, sum *coe.Summary, err error)) Stats {
	return s.summaries(files, display, false, fn)
}

// SummariesShared is Summaries with each summary's strings sharing the
// table's memory (DecodeSummaryShared): fn must copy what it keeps
// (strings.Clone), or every kept string holds its entry's bytes alive.
func (s *Store) SummariesShared(files []string, display func(string) string, fn func(i int, path string, sum *coe.Summary, err error)) Stats {
	return s.summaries(files, display, true, fn)
}

func (s *Store) summaries(files []string, display func(string) string, share bool, fn func(i int, path string, sum *coe.Summary, err error)) Stats {
	return s.Scan(files, SummaryKind, display, func(i int, r Result) {
		if r.Err != nil {
			fn(i, r.Path, nil, r.Err)
			return
		}
		sum, _, err := decodeSummary(r.Payload, share)
		if err != nil {
			// Not what this version wrote, though its CRC held: read the
			// file itself.
			opts := s.of.ReadOptions()
			opts.KeepNode = true
			res := coe.LoadFile(files[i], r.Path, opts)
			if res.Err != nil {
				fn(i, r.Path, nil, res.Err)
				return
			}
			sum = coe.Summarize(res.Doc)
		}
		fn(i, r.Path, &sum, nil)
	})
}
