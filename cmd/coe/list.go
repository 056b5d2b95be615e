package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/cache"
	"github.com/coe-cli/coe/coe/listing"
	"github.com/coe-cli/coe/coe/table"
	"github.com/spf13/cobra"
)

type listOptions struct {
	f        *Factory
	status   []string
	severity []string
	tags     []string
	json     bool
}

func newListCmd(f *Factory) *cobra.Command {
	o := &listOptions{f: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List COEs, newest first",
		Long: `List the repository's COEs, newest incident first: id, incident date,
severity, status, open corrective actions and title. On a terminal a long
title is cut to the terminal's width; a pipe or --json gives it whole.

A file that does not read is reported on stderr with its position; the
others are still listed, and the exit code is 1.`,
		Example: `  coe list
  coe list --status review --status approved
  coe list --severity sev1 --tag payments
  coe list --tag payments --tag "on-call, EU"   # either tag
  coe list --json | jq -r '.[] | select(.open_actions > 0) | .id'`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runList(o) },
	}
	// Statuses and severities are names from a fixed list and may be
	// comma-separated; a tag is free text, one a flag.
	cmd.Flags().StringSliceVar(&o.status, "status", nil, "only COEs with this `STATUS` (draft, review, approved, closed); repeat or comma-separate for several")
	cmd.Flags().StringSliceVar(&o.severity, "severity", nil, "only COEs with this `SEVERITY`; repeat or comma-separate for several")
	cmd.Flags().StringArrayVar(&o.tags, "tag", nil, "only COEs with this `TAG`, taken whole (repeat for more: any of them)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array for scripts")
	return cmd
}

func runList(o *listOptions) error {
	r, err := o.f.Repo()
	if err != nil {
		return err
	}
	for _, s := range o.status {
		if !slices.Contains(coe.Statuses(), s) {
			return usagef("--status %q: expected one of %s", s, strings.Join(coe.Statuses(), ", "))
		}
	}
	for _, s := range o.severity {
		if !slices.Contains(r.Config.Severities, s) {
			return usagef("--severity %q: expected one of %s (from %s)", s, strings.Join(r.Config.Severities, ", "), coe.ConfigName)
		}
	}
	files, err := r.Files()
	if err != nil {
		return usageError(err)
	}
	// Keep each row as its entry of the warm index (a few hundred bytes),
	// decoded again as it is printed, not as a Row (see lean).
	defer lean()()
	rows, failed := o.rows(r, files)
	if o.json {
		err = writeJSONEach(o.f.Streams.Out, len(rows), func(i int) listing.Row { return rows[i].row() })
	} else {
		err = printList(o.f.Streams.Out, rows, o.f.Streams.tableStyle())
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(o.f.Streams.ErrOut, "coe: %d of %d files did not read; `coe lint` lists every problem of every file\n", failed, len(files))
		return silentExit(exitFindings)
	}
	if len(rows) == 0 && !o.json {
		if len(files) == 0 {
			fmt.Fprintf(o.f.Streams.ErrOut, "No COEs in %s yet. Write one with `coe new`.\n", r.Rel(r.Dir()))
		} else {
			fmt.Fprintf(o.f.Streams.ErrOut, "No COE matches (%d in all).\n", len(files))
		}
	}
	return nil
}

// listRow is a row kept for printing: its encoding (listing.Append), and
// when it is sorted by, in Unix seconds and nanoseconds (56 bytes and no
// time.Location: what 100,000 rows keep is a fifth of a Row each).
type listRow struct {
	payload []byte
	path    string
	sec     int64
	nsec    int32
}

// compare orders rows newest first, then by id from the last.
func (k *listRow) compare(o *listRow) int {
	if c := cmp.Compare(o.sec, k.sec); c != 0 {
		return c
	}
	if c := cmp.Compare(o.nsec, k.nsec); c != 0 {
		return c
	}
	return strings.Compare(listing.ID(o.payload), listing.ID(k.payload))
}

// arena holds the rows' encodings back to back, in blocks of 1 MiB with
// no pointers for the collector to follow, instead of each in the table
// entry it was read with (its path and hash too).
type arena struct {
	mu  sync.Mutex
	buf []byte
}

func (a *arena) copy(b []byte) []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, max(1<<20, len(b)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return a.buf[start:len(a.buf):len(a.buf)]
}

func (k *listRow) row() listing.Row {
	it, _ := listing.Decode(k.payload, k.path, true) // decoded once already
	return it
}

// rows reads the row of each of files that matches the filters, from the
// warm index, sorted newest first; each file that does not read is
// reported on stderr, in the order of files, and counted in failed.
func (o *listOptions) rows(r *coe.Repo, files []string) ([]listRow, int) {
	kept := make([]listRow, len(files))
	match := make([]bool, len(files))
	errs := make([]error, len(files))
	opts := r.ReadOptions()
	var rows arena
	o.f.Cache(r).Scan(files, listing.Kind, r.Rel, func(i int, res cache.Result) {
		if res.Err != nil {
			errs[i] = res.Err
			return
		}
		payload := res.Payload
		br, err := listing.DecodeBrief(payload, o.tags)
		if err != nil {
			// Not what this version wrote, though its CRC held: read the
			// file itself.
			lr := coe.LoadFile(files[i], res.Path, opts)
			if lr.Err != nil {
				errs[i] = lr.Err
				return
			}
			it := listing.Of(&lr.Doc.COE, res.Path)
			payload = listing.Append(nil, &it)
			br, _ = listing.DecodeBrief(payload, o.tags)
		}
		if br.Match(o.status, o.severity, o.tags) {
			kept[i] = listRow{payload: rows.copy(payload), path: res.Path, sec: br.Sort.Unix(), nsec: int32(br.Sort.Nanosecond())}
			match[i] = true
		}
	})
	out := kept[:0]
	failed := 0
	for i := range kept {
		switch {
		case errs[i] != nil:
			fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(errs[i].Error(), true))
			failed++
		case match[i]:
			out = append(out, kept[i])
		}
	}
	clear(kept[len(out):])
	// Rows of one time and id stay in the order of files.
	slices.SortStableFunc(out, func(a, b listRow) int { return a.compare(&b) })
	return out, failed
}

func printList(w io.Writer, rows []listRow, st table.Style) error {
	if len(rows) == 0 {
		return nil
	}
	cells := func(k *listRow) []string {
		it, _ := listing.DecodeBrief(k.payload, nil) // decoded once already
		return []string{table.Cell(it.ID), table.OrDash(it.Date), table.Cell(it.Severity), table.Cell(it.Status), strconv.Itoa(it.OpenActions), table.Cell(it.Title)}
	}
	t := table.NewWriter(w, st, []string{"ID", "DATE", "SEV", "STATUS", "OPEN", "TITLE"})
	for i := range rows {
		t.Measure(cells(&rows[i]))
	}
	t.Header()
	for i := range rows {
		t.Row(cells(&rows[i]))
	}
	return t.Flush()
}

// tableStyle is the style of a table on stdout: bold and cut to the
// terminal's width when stdout is a terminal, plain text otherwise.
func (s *Streams) tableStyle() table.Style {
	st := table.Style{Color: s.Color(s.OutTTY)}
	if s.OutTTY && s.Width != nil {
		st.Width = s.Width()
	}
	return st
}
