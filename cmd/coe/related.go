package main

import (
	"fmt"
	"path/filepath"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/related"
	"github.com/spf13/cobra"
)

type relatedOptions struct {
	f          *Factory
	ref        string
	limit      int
	minScore   float64
	json       bool
	write      bool
	pick       []string
	commit     bool
	noCommit   bool
	accessible bool
}

const relatedLong = `Suggest COEs likely about the same failure as this one: those that share
its services, tags and contributing factors, and those whose answers read
alike. Nothing leaves the machine: the text similarity is computed here,
from the repository's files.

Each suggestion has a score from 0 to 1 and its reasons:

  score = (0.5 text + 0.2 services + 0.15 tags + 0.15 factors)
          / (the sum of the weights used)

text is the cosine similarity of the two COEs' TF-IDF vectors; services,
tags and factors are the share of the two COEs' labels of that kind they
have in common (Jaccard: shared / all). A kind neither COE has is left out,
weight and all; a kind only one has counts as 0. The text is the seven
answers: the title (counted twice), what happened and the timeline, the
impact, the root cause and its whys, the supporting data, the
implications, the lessons and the corrective actions. It is cut into
words (letters and digits, lowercased; common English words, numbers,
one-letter words and web addresses left out; plural endings taken off), each
weighted by how often the COE uses it (1 + ln n) and how rare it is across
the repository (1 + ln((1+N)/(1+df)) for a word in df of N COEs). A COE's
64 heaviest words make its vector. "similar words:" names the words that
weigh most in the pair's similarity.

Suggestions come best first (equal scores by id), --limit of them (default
5) scoring at least --min-score (default 0.1). COEs the COE's related:
lists already are shown too, marked, beyond the limit; the COE itself
never. A file that does not read is reported on stderr and left out, and
the exit code is then 1.

coe build lists, on each COE's page, its five most similar COEs scoring
0.1 or more, those it relates already left out. To keep a site of
thousands of COEs quick, it looks only among the COEs that weigh most in
each of a COE's 32 heaviest words, and those sharing the most of its
labels (services, tags, factors; a label of more than 512 COEs tells too
little to count here): on a large repository it may miss a suggestion coe
related makes, never by much. The scores it shows are exact.

--write adds the COEs you choose to the COE's related: list, in place:
only that line changes in git diff, and comments stay. --pick ID chooses
them (repeat it, or separate ids with commas; an id prefix is enough), any
COE of the repository, suggested or not; without --pick, on a terminal, a
form lists the suggestions to choose from. The link is written one way:
the other COE's related: is not changed (run coe related on it too). With
--commit (or commit: true in .coe.yaml) the change is committed with your
own git.`

func newRelatedCmd(f *Factory) *cobra.Command {
	o := &relatedOptions{f: f}
	cmd := &cobra.Command{
		Use:   "related ID|PATH",
		Short: "Suggest COEs about the same failure: shared services, tags, factors and words",
		Long:  relatedLong,
		Example: `  coe related 2024-01-28-speaker-groups-stopped-playing
  coe related 2024-01-28 --limit 10 --min-score 0.2
  coe related 2024-01-28 --json     # [{"id", "title", "score", "text_score", "reasons", "services", "tags", "factors", "words", "already_related"}]
  coe related 2024-01-28 --json | jq -r '.[] | "\(.score) \(.id)"'
  coe related 2024-01-28 --write                       # choose in a form
  coe related 2024-01-28 --write --pick 2025-03-11 --commit
  coe related 2024-01-28 --write --pick 2025-03-11,2025-12-02 --json   # {"id", "path", "added", "related", "committed"}`,
		Args:              oneCOE("related", 0),
		ValidArgsFunction: completeIDs(f),
		RunE: func(_ *cobra.Command, args []string) error {
			o.ref = args[0]
			return runRelated(o)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&o.limit, "limit", 5, "suggest at most `N` COEs (beside those related already)")
	fl.Float64Var(&o.minScore, "min-score", 0.1, "suggest only COEs scoring at least `X`, from 0 to 1")
	fl.BoolVar(&o.json, "json", false, "print JSON: the suggestions, or with --write what was added")
	fl.BoolVar(&o.write, "write", false, "add the COEs chosen (--pick, else a form) to related:")
	fl.StringSliceVar(&o.pick, "pick", nil, "with --write, the COE `ID`s to add, without a form")
	fl.BoolVar(&o.commit, "commit", false, "with --write, git add and commit the change")
	fl.BoolVar(&o.noCommit, "no-commit", false, "do not commit, even when .coe.yaml says commit: true")
	fl.BoolVar(&o.accessible, "accessible", false, "the form in screen-reader mode (as COE_ACCESSIBLE=1)")
	return cmd
}

func runRelated(o *relatedOptions) error {
	switch {
	case o.limit < 1:
		return usagef("--limit %d: expected 1 or more", o.limit)
	case o.minScore < 0 || o.minScore > 1:
		return usagef("--min-score %v: expected a score from 0 to 1", o.minScore)
	case len(o.pick) > 0 && !o.write:
		return usagef("--pick chooses what --write adds; give --write too")
	case (o.commit || o.noCommit) && !o.write:
		return usagef("--commit and --no-commit go with --write")
	case o.commit && o.noCommit:
		return usagef("--commit and --no-commit contradict each other")
	case o.write && len(o.pick) == 0:
		if err := needTerminal(o.f.Streams, "coe related --write", "give the COEs to add with --pick ID (coe related ID lists the suggestions)"); err != nil {
			return err
		}
	}
	r, path, err := o.f.resolveCOE(o.ref)
	if err != nil {
		return err
	}
	if o.write && len(o.pick) > 0 {
		ids, err := related.Picks(r, path, o.pick)
		if err != nil {
			return usageError(err)
		}
		return o.writeRelated(r, path, ids)
	}
	sugs, failed, err := o.suggest(r, path)
	if err != nil {
		return err
	}
	if o.write {
		ids, err := o.choose(r, path, sugs)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			fmt.Fprintln(o.f.Streams.ErrOut, "Nothing chosen; related: is unchanged.")
			return nil
		}
		if err := o.writeRelated(r, path, ids); err != nil {
			return err
		}
	} else if err := o.print(sugs); err != nil {
		return err
	}
	if failed > 0 {
		return silentExit(exitFindings)
	}
	return nil
}

// suggest reads every COE of the repository into an index and suggests
// those most like the one at path. Files that do not read are reported on
// stderr and counted; the COE itself not reading is an error.
func (o *relatedOptions) suggest(r *coe.Repo, path string) ([]related.Suggestion, int, error) {
	files, err := r.Files()
	if err != nil {
		return nil, 0, usageError(err)
	}
	key := related.KeyOf(path)
	if filepath.Clean(path) != r.PathOf(key) {
		return nil, 0, usagef("%s is not a COE of this repository's %s folder; coe related compares the COEs in it", r.Rel(path), r.Config.Dir)
	}
	defer lean()() // only the index is kept of each file, as in coe list
	ix, errs := o.f.readRelated(r, files)
	failed := 0
	for i, err := range errs {
		if err == nil {
			continue
		}
		if related.KeyOf(files[i]) == key {
			return nil, 0, &exitError{exitFindings, err}
		}
		fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(err.Error(), true))
		failed++
	}
	if failed > 0 {
		fmt.Fprintf(o.f.Streams.ErrOut, "coe: %d of %d files did not read and are not compared; `coe lint` lists every problem of every file\n", failed, len(files))
	}
	sugs, err := ix.Similar(key, related.Options{Limit: o.limit, MinScore: o.minScore})
	return sugs, failed, err
}

func (o *relatedOptions) print(sugs []related.Suggestion) error {
	ios := o.f.Streams
	if o.json {
		return related.WriteJSON(ios.Out, sugs)
	}
	if len(sugs) == 0 {
		fmt.Fprintf(ios.ErrOut, "No COE scores %g or more against this one (--min-score lowers the bar).\n", o.minScore)
		return nil
	}
	return related.WriteText(ios.Out, ios.tableStyle(), sugs)
}
