package lint

import (
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/coe-cli/coe/coe"
	"gopkg.in/yaml.v3"
)

// Rules of the public section, the customers' version of a COE.
const (
	RulePublicLeak     = "public-leak"
	RulePublicRequired = "public-required"
)

var publicRules = []Rule{
	{
		ID: RulePublicLeak, Default: Error,
		Summary: "the public section names nothing internal: addresses, hosts, people, tracker keys, paths, denied words",
		Explanation: `The public section (public:) is published as written: customers read it on the public site
and in its feed. It must not show what only the team should see. The rule reads public.title
(the COE's title when that is not set, since customers then read it), public.summary,
public.impact, public.changes and public.apology, and reports, at the exact line and column of
each: an IP address (10.20.0.7, fe80::1); an e-mail address; a host under internal_domains: of
.coe.yaml (corp.example.net finds db1.corp.example.net and the domain itself, whole labels
only) or under .internal, .local, .localdomain, .lan, .corp, .intranet or .home.arpa; a person
(an author, reviewer, approver or action owner of the COE, a handle or e-mail name of the
owners roster, a name of quality: names:, as whole words in any case); a tracker key (PAY-123:
capitals, a hyphen, digits) or an action's tracker as written; a file path
(/etc/nginx/nginx.conf, C:\deploy, ./run.sh, ~/notes, src/pay/refund.go); and a word or
phrase of public: deny: in .coe.yaml (code names, team names).

Say it the way a customer would, and name no one:

    public:
      summary: |
        On 28 January, speakers grouped together stopped playing in sync for about ten hours
        after a software update.

A text that looks internal but is public (a support address, a public status host) goes under
public: allow: in .coe.yaml, and is then not reported:

    # .coe.yaml
    internal_domains: [corp.example.net]
    public:
      deny: [project-falcon]
      allow: [support@example.com]

It is an error from status review on; a draft gets it with coe lint --all-rules (the form
shows it as you write).

Not leaks: a version (1.2.3, 10.2.3.4.5, v1.2.3.4: a dotted quad on a letter), a time (14:02,
14:02:33), a date, a URL's path, a host outside internal_domains, a name inside a longer word,
standards shaped like tracker keys (UTF-8, SHA-256, ISO-8601, COVID-19, CVE-...), and words
with slashes that are no path (and/or, 24/7, iOS/Android/web): a relative path needs a file
extension or three slashes. A name that is an everyday word (will, may, page; quality:
everyday_names) counts only written with a capital, so "we will" is fine when a handle is
will.

Known false positives: a four-part version without its v (firmware 14.1.2.0: write v14.1.2.0),
a product name shaped like a tracker key (ABC-1), and a person of the roster who shares a name
with a customer; list those under public: allow:. Known false negatives: a name or a host in
neither the COE, the roster, quality: names nor internal_domains, a handle of fewer than three
letters, a path without slashes (nginx.conf), an internal service or team name not on the deny
list.`,
	},
	{
		ID: RulePublicRequired, Default: Error,
		Summary: "COEs of the severities of public: required: in .coe.yaml have a public section",
		Explanation: `A team that publishes a postmortem for every serious incident lists those severities in
.coe.yaml; by default none is required:

    public:
      required: [sev1, sev2]

Then, from status review on, a COE of one of them needs a public section with at least a
public.summary, so that it cannot be approved without the customers' version; the site and
feed of coe build --public publish it. It is reported at public: (or the top of the file).
Write it with coe edit ID --section public, or by hand:

    public:
      summary: |
        On 28 January, speakers grouped together stopped playing in sync for about ten hours.
      impact: About 120,000 households could not play music on their speaker groups.
      changes: Every update is now tested on the speaker models our customers own.
      apology: We are sorry; we should have told you sooner.

A draft gets it with coe lint --all-rules.`,
	},
}

// publicChecks run the rules of the public section: from status review
// on, or on drafts with Options.AllRules; a rule the config turns off is
// not run.
func (k *checker) publicChecks() {
	if k.stage < stageReview && !k.opts.AllRules {
		return
	}
	if levelOf(RulePublicRequired, k.opts.Config.Rules) != "off" {
		k.publicRequired()
	}
	if levelOf(RulePublicLeak, k.opts.Config.Rules) != "off" {
		k.publicLeak()
	}
}

// public-required

func (k *checker) publicRequired() {
	sev := k.c.Severity
	if !k.opts.Config.Public.IsRequired(sev) {
		return
	}
	if p := k.c.Public; p != nil && strings.TrimSpace(p.Summary) != "" {
		return
	}
	if k.presence("public.summary") == unreadable {
		return // the reader reported it
	}
	id := k.c.ID
	if !coe.ValidID(id) {
		id = "ID"
	}
	what := fmt.Sprintf("a %s COE has no public section", sev)
	if k.presence("public") == present {
		what = fmt.Sprintf("the public section of a %s COE has no summary", sev)
	}
	k.report(k.missingPos("public.summary"), RulePublicRequired, "%s (public: required: in %s lists %q); write the customers' version, at least public.summary: what happened, in their words (coe edit %s --section public)",
		what, coe.ConfigName, sev, id)
}

// public-leak

// leakKinds name each kind of leak in messages.
var leakKinds = map[string]string{
	LeakIP:      "an IP address",
	LeakEmail:   "an e-mail address",
	LeakHost:    "an internal host",
	LeakName:    "a person",
	LeakTracker: "a tracker key",
	LeakPath:    "a file path",
	LeakDenied:  "a denied word",
}

// publicFields are the texts of the public section, by path: what
// customers read.
func publicFields(p *coe.Public) [5][2]string {
	return [5][2]string{
		{"public.title", p.Title}, {"public.summary", p.Summary}, {"public.impact", p.Impact},
		{"public.changes", p.Changes}, {"public.apology", p.Apology},
	}
}

func (k *checker) publicLeak() {
	p := k.c.Public
	if p.IsZero() {
		return
	}
	v := vocabFor(&k.opts.Config)
	f := k.leakFinder(v)
	var starts []int
	var leaks []Leak
	for _, field := range publicFields(p) {
		path, text := field[0], field[1]
		what := path
		if path == "public.title" && strings.TrimSpace(text) == "" {
			// Customers read the COE's own title then.
			path, text, what = "title", k.c.Title, "title (the public title while public.title is not set)"
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if leaks = f.find(text, leaks[:0]); len(leaks) == 0 {
			continue
		}
		offs := make([]int, len(leaks))
		for i, l := range leaks {
			offs[i] = l.Offset
		}
		var pos []coe.Position
		if _, n, ok := k.doc.Lookup(path); ok && n.Kind == yaml.ScalarNode && n.Value == text && k.doc.Source != nil {
			if starts == nil {
				starts = lineStarts(k.doc.Source)
			}
			pos = scalarPositions(k.doc.Source, starts, n, offs)
		} else {
			at := k.valuePos(path)
			for range offs {
				pos = append(pos, at)
			}
		}
		for i, l := range leaks {
			why := l.Why
			switch {
			case l.Kind == LeakName:
				why = k.sourceOf(l.Text, &entry{source: why})
			case l.Kind == LeakDenied:
				why = "in public: deny: of " + coe.ConfigName
			}
			if why != "" {
				why = " (" + why + ")"
			}
			k.report(pos[i], RulePublicLeak, "%s names %s, %q%s; customers read it: reword it, or list it under public: allow: in %s if it is public",
				what, leakKinds[l.Kind], shorten(l.Text, 60), why, coe.ConfigName)
		}
	}
}

// leakFinder is the finder of a COE: the config's (cached) with the
// COE's own people and trackers.
func (k *checker) leakFinder(v *vocab) *LeakFinder {
	base := leakFinderFor(&k.opts.Config, v)
	f := *base
	if people := k.people(v.names); people != nil {
		f.names = []*matcher{v.names, people}
	}
	f.trackers, f.affixes = &matcher{}, nil
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		if strings.TrimSpace(a.Tracker) != "" {
			id := strings.TrimSpace(a.ID)
			if id == "" {
				id = fmt.Sprintf("#%d", i+1)
			}
			f.addTracker(a.Tracker, "the tracker of "+id)
		}
	}
	return &f
}

// leakFinderKey tells configs apart for the cache.
type leakFinderKey struct {
	public  *coe.PublicConfig
	domains *string
	n       int
	v       *vocab
}

type cachedLeakFinder struct {
	key leakFinderKey
	f   *LeakFinder
}

// leakFinderLast is the last finder built, by its config: a lint run
// uses one config for thousands of files.
var leakFinderLast atomic.Pointer[cachedLeakFinder]

// leakFinderFor returns the finder of a config: its internal domains,
// deny and allow lists, the roster's names and the everyday names.
func leakFinderFor(cfg *coe.Config, v *vocab) *LeakFinder {
	key := leakFinderKey{public: cfg.Public, n: len(cfg.InternalDomains), v: v}
	if len(cfg.InternalDomains) > 0 {
		key.domains = &cfg.InternalDomains[0]
	}
	if c := leakFinderLast.Load(); c != nil && c.key == key {
		return c.f
	}
	o := LeakOptions{InternalDomains: cfg.InternalDomains, Everyday: []string{}}
	if cfg.Public != nil {
		o.Deny, o.Allow = cfg.Public.Deny, cfg.Public.Allow
	}
	f := NewLeakFinder(o)
	f.names, f.everyday = []*matcher{v.names}, v.everyday
	leakFinderLast.Store(&cachedLeakFinder{key, f})
	return f
}
