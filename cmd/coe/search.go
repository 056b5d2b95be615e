package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/search"
	"github.com/spf13/cobra"
)

type searchOptions struct {
	f        *Factory
	query    string
	limit    int
	status   []string
	severity []string
	json     bool
}

const searchLong = `Search the answers of every COE and list those that match, best first,
each with the text around its best match, the words found marked (bold
on a terminal, else between « and »).

The query is words, "quoted phrases" and words to leave out, -word:

  coe search firmware rollout       COEs with both words, anywhere
  coe search '"clock sync"' speaker  the two words in that order, and speaker
  coe search 'payments -refund'     with payments, without refund

A word to leave out begins with -, as a flag does: quote the query, as
above, or end the flags before it with -- (coe search -- payments -refund).

A COE matches when it has every word (a phrase's too) in its title, its
labels (tags, services, contributing factors) or its answers (the seven
questions, as coe related reads them), and none of the words left out.
Words are read as coe related reads them: lowercased, plural endings taken
off (alerts finds alert), common words (the, was, ...), numbers and
one-letter words left out. A phrase's words must follow one another in
one text, with only such left-out words between them.

Matches are ranked by BM25F: each word counts more the more often a COE
uses it (with diminishing returns), the shorter the text it is in, and
the rarer it is across the repository; a word of the title counts 3
times, of a label 2 times, one of the answers. Equal scores go newest
incident first, then by id.

--json prints an array of {"id", "title", "status", "severity", "date",
"path", "score", "field", "snippet", "marks"}: field is where the snippet
is from (the format's key: what_happened, root_cause, tags, ...), marks
the byte ranges [start, end) of the words found in snippet.

Exit codes, as grep's: 0 when a COE matches, 1 when none does (or a file
did not read: it is reported on stderr and not searched), 2 for a bad
query or flag.`

func newSearchCmd(f *Factory) *cobra.Command {
	o := &searchOptions{f: f}
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Search the COEs' answers, best match first",
		Long:  searchLong,
		Example: `  coe search firmware rollout
  coe search '"status page" -draft' --limit 3
  coe search payments --status approved,closed --severity sev1
  coe search token refresh --json | jq -r '.[] | "\(.score) \(.id)"'
  coe search outage >/dev/null && echo "we have seen this before"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			o.query = strings.Join(args, " ")
			return runSearch(o)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&o.limit, "limit", 10, "show at most `N` COEs")
	fl.StringSliceVar(&o.status, "status", nil, "only COEs with this `STATUS` (draft, review, approved, closed); repeat or comma-separate for several")
	fl.StringSliceVar(&o.severity, "severity", nil, "only COEs with this `SEVERITY`; repeat or comma-separate for several")
	fl.BoolVar(&o.json, "json", false, "print a JSON array for scripts")
	return cmd
}

func runSearch(o *searchOptions) error {
	if o.limit < 1 {
		return usagef("--limit %d: expected 1 or more", o.limit)
	}
	for _, s := range o.status {
		if !slices.Contains(coe.Statuses(), s) {
			return usagef("--status %q: expected one of %s", s, strings.Join(coe.Statuses(), ", "))
		}
	}
	q, err := search.ParseQuery(o.query)
	if err != nil {
		return usagef("query: %v", err)
	}
	r, err := o.f.Repo()
	if err != nil {
		return err
	}
	for _, s := range o.severity {
		if !slices.Contains(r.Config.Severities, s) {
			return usagef("--severity %q: expected one of %s (from %s)", s, strings.Join(r.Config.Severities, ", "), coe.ConfigName)
		}
	}
	sc := search.NewScorer(q, search.Options{
		Limit: o.limit, Status: o.status, Severity: o.severity,
		Load: func(key string) (*coe.COE, error) {
			d, err := r.Read(r.PathOf(key), false)
			if err != nil {
				return nil, err
			}
			return &d.COE, nil
		},
	})
	failed, err := o.score(r, sc)
	if err != nil {
		return err
	}
	res := sc.Results()
	ios := o.f.Streams
	for _, err := range res.Problems {
		fmt.Fprintln(ios.ErrOut, coe.Printable(err.Error(), true))
	}
	if o.json {
		err = search.WriteJSON(ios.Out, res.Hits, func(key string) string { return r.Rel(r.PathOf(key)) })
	} else {
		err = search.WriteText(ios.Out, res.Hits, ios.Color(ios.OutTTY))
	}
	if err != nil {
		return err
	}
	switch n := len(res.Hits); {
	case n == 0:
		fmt.Fprintf(ios.ErrOut, "No COE matches (%d searched).\n", sc.Len())
	case !res.Exact:
		fmt.Fprintf(ios.ErrOut, "%s shown; more may match (--limit shows more).\n", plural(n, "COE"))
	case res.Total > n:
		fmt.Fprintf(ios.ErrOut, "%d of %d matching COEs shown (--limit shows more).\n", n, res.Total)
	}
	if len(res.Hits) == 0 || failed > 0 || len(res.Problems) > 0 {
		return silentExit(exitFindings)
	}
	return nil
}

// score hands sc the Doc of every COE of the repository, from the warm
// index, and says how many files did not read, each reported on stderr.
func (o *searchOptions) score(r *coe.Repo, sc *search.Scorer) (int, error) {
	files, err := r.Files()
	if err != nil {
		return 0, usageError(err)
	}
	defer lean()() // only what a match shows is kept of each file, as in coe list
	errs := search.ScanCached(o.f.Cache(r), files, r.ReadOptions(), r.Rel, func(i int, d search.Doc) { sc.Add(i, &d) })
	failed := 0
	for _, err := range errs {
		if err != nil {
			fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(err.Error(), true))
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(o.f.Streams.ErrOut, "coe: %d of %d files did not read and are not searched; `coe lint` lists every problem of every file\n", failed, len(files))
	}
	return failed, nil
}
