package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/remind"
	"github.com/coe-cli/coe/coe/stats"
	"github.com/spf13/cobra"
)

type statsOptions struct {
	f        *Factory
	since    string
	until    string
	severity []string
	service  []string
	tags     []string
	factors  []string
	by       string
	window   string
	asOf     string
	json     bool
	format   string
	sources  sourceFlags
}

var statsFormats = []string{"text", "json", "csv"}

func newStatsCmd(f *Factory) *cobra.Command {
	o := &statsOptions{f: f}
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "What the COEs say together: time to detect and resolve, recurrence, actions",
		Long: `Statistics across the repository's COEs:

  - COEs by month (of the incident's start) and by severity;
  - time to detect (started_at to detected_at), to mitigate (started_at to
    mitigated_at) and to resolve (started_at to resolved_at): n, missing,
    median, p90, min and max, per group with --by;
  - contributing factors: how many COEs name each (contributing_factors:);
  - recurrence: services, tags and contributing factors with two or more
    COEs that started within --window of another, with their ids (keys like
    service:payments, tag:dns, factor:config-change), and chains of COEs
    linked by related:;
  - corrective actions: total, open (open, in progress or no status),
    overdue (open and due before today or --as-of), done, done late (done_at
    after due), wont-do, the median days late of those done late and the
    median age of open actions (from their COE's submitted_at, else the
    incident's start), by priority and by owner;
  - reviews: days from the incident's start to approved_at and to
    closed_at, and the COEs in review for more than 14 days.

Medians, not means: a few long incidents would make a mean say little. For
an even count the median is the mean of the two middle values. p90 is by
nearest rank: the ceil(0.9 n)-th smallest value, a time one of the COEs
really took. A COE without one of the two times, or with the later one
before the earlier, is counted as missing, never as zero; n counts the
others. A COE not yet approved or closed is missing from those figures.

--since and --until keep COEs by the date their incident started (in its
own offset); a COE without a start is then left out and counted. Filters of
one flag mean any of its values; different flags must all match.

In the text, a recurrence shows its first 5 ids and the list of COEs stuck
in review its first 10; --json gives every figure in minutes (days for reviews and actions), null
where there is no value; --format csv gives the time figures, one row per
group of --by (else one row, "all"). A file that does not read is reported
on stderr; the others are still counted, and the exit code is 1.

` + sourcesHelp + ` Severities are those of this repository, then each
source's own that it lacks; ids in recurrence and stuck reviews carry their
source.`,
		Example: `  coe stats
  coe stats --since 2025-01-01 --by severity
  coe stats --service payments --tag dns --window 30d
  coe stats --by factor
  coe stats --factor config-change --factor deploy-process
  coe stats --by month --format csv > times.csv
  coe stats --json | jq '.time_to_resolve.median_minutes'
  coe stats --json | jq -r '.recurrence[] | "\(.key): \(.coes | join(", "))"'
  coe stats --no-sources               # in an organisation's repository: its own COEs only`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runStats(o) },
	}
	fl := cmd.Flags()
	fl.StringVar(&o.since, "since", "", "only COEs whose incident started on or after `DATE` (YYYY-MM-DD)")
	fl.StringVar(&o.until, "until", "", "only COEs whose incident started on or before `DATE` (YYYY-MM-DD)")
	fl.StringSliceVar(&o.severity, "severity", nil, "only COEs with this `SEVERITY`; repeat or comma-separate for several")
	fl.StringArrayVar(&o.service, "service", nil, "only COEs of this `SERVICE`, taken whole (repeat for more: any of them)")
	fl.StringArrayVar(&o.tags, "tag", nil, "only COEs with this `TAG`, taken whole (repeat for more: any of them)")
	fl.StringArrayVar(&o.factors, "factor", nil, "only COEs with this contributing `FACTOR` (repeat for more: any of them)")
	fl.StringVar(&o.by, "by", "", "the time figures per `GROUP`: severity, service, tag, factor or month")
	fl.StringVar(&o.window, "window", "90d", "COEs of a service, tag or factor that start within `DURATION` of each other recur (like 90d, 12w)")
	fl.StringVar(&o.asOf, "as-of", "", "judge overdue actions and stuck reviews as of `DATE` (YYYY-MM-DD) instead of today")
	fl.BoolVar(&o.json, "json", false, "print JSON for scripts (as --format json)")
	fl.StringVar(&o.format, "format", "", "output `FORMAT`: text, json or csv (default text)")
	o.sources.addFlags(fl, false)
	return cmd
}

func (o *statsOptions) options(severities, factors []string) (stats.Options, error) {
	so := stats.Options{By: o.by, Severities: severities}
	var err error
	if so.AsOf, err = asOfDate(o.f, o.asOf); err != nil {
		return so, err
	}
	for _, d := range []struct {
		flag, value string
		to          *coe.Date
	}{{"--since", o.since, &so.Filter.Since}, {"--until", o.until, &so.Filter.Until}} {
		if d.value == "" {
			continue
		}
		if *d.to, err = coe.ParseDate(d.value); err != nil {
			return so, usagef("%s %q: expected a date, YYYY-MM-DD", d.flag, d.value)
		}
	}
	if !so.Filter.Since.IsZero() && !so.Filter.Until.IsZero() && so.Filter.Until.Compare(so.Filter.Since) < 0 {
		return so, usagef("--until %s is before --since %s", so.Filter.Until, so.Filter.Since)
	}
	if o.by != "" && !slices.Contains(stats.Bys(), o.by) {
		return so, usagef("--by %q: expected one of %s", o.by, strings.Join(stats.Bys(), ", "))
	}
	days, err := remind.ParseWithin(o.window)
	if err != nil {
		return so, usagef("--window: %v", err)
	}
	if days <= 0 {
		return so, usagef("--window %q: expected at least a day, like 90d or 12w", o.window)
	}
	so.Window = time.Duration(days) * 24 * time.Hour
	for _, s := range o.severity {
		if !slices.Contains(severities, s) {
			return so, usagef("--severity %q: expected one of %s (from %s)", s, strings.Join(severities, ", "), coe.ConfigName)
		}
	}
	if err := stats.CheckFactors(o.factors, factors); err != nil {
		return so, usageError(err)
	}
	so.Filter.Severities, so.Filter.Services, so.Filter.Tags, so.Filter.Factors = o.severity, o.service, o.tags, o.factors
	switch {
	case o.format == "":
	case !slices.Contains(statsFormats, o.format):
		return so, usagef("--format %q: expected one of %s", o.format, strings.Join(statsFormats, ", "))
	case o.json && o.format != "json":
		return so, usagef("--json and --format %s disagree: --json is --format json; give one", o.format)
	}
	if o.json {
		o.format = "json"
	}
	return so, nil
}

func runStats(o *statsOptions) error {
	set, err := o.f.sourceSet(o.sources)
	if err != nil {
		return err
	}
	so, err := o.options(set.Severities(), stats.Factors(set))
	if err != nil {
		return err
	}
	files, err := set.Files()
	if err != nil {
		return usageError(err)
	}
	defer lean()() // little is kept of each file, as in coe list
	ok, errs := o.f.readStats(set, files)
	for _, err := range errs {
		fmt.Fprintln(o.f.Streams.ErrOut, coe.Printable(err.Error(), true))
	}
	rep := stats.Compute(ok, so)
	out := o.f.Streams.Out
	switch o.format {
	case "json":
		err = stats.JSON(out, &rep)
	case "csv":
		err = stats.CSV(out, &rep)
	default:
		err = stats.Text(out, &rep, o.f.Streams.tableStyle())
	}
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		fmt.Fprintf(o.f.Streams.ErrOut, "coe: %d of %d files did not read and are not counted; `coe lint` lists every problem of every file\n", len(errs), len(files))
		return silentExit(exitFindings)
	}
	return nil
}
