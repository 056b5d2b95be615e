package lint

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/coe-cli/coe/coe"
	"gopkg.in/yaml.v3"
)

// Rule ids of the quality group (GroupQuality): the bar raiser's checks of
// a COE's substance.
const (
	RuleBlame               = "blame"
	RuleWhysDepth           = "whys-depth"
	RuleImpactUnquantified  = "impact-unquantified"
	RuleActionIntention     = "action-intention"
	RuleSecurityUnexplained = "security-unexplained"
	RuleDetectionUnknown    = "detection-unknown"
	RuleLessonIsAction      = "lesson-is-action"
	RuleHighPriorityLate    = "high-priority-late"
)

// minWhys is how many whys whys-depth asks for.
const minWhys = 3

// builtIn shows a built-in word list in an explanation, wrapped and
// indented.
func builtIn(name string) string {
	list := builtinWords[name]
	items := make([]string, len(list))
	for i, w := range list {
		items[i] = w
		if i < len(list)-1 {
			items[i] += ","
		}
	}
	return "    " + wrap(items, 88, "\n    ")
}

// wrap joins words with spaces into lines of at most width bytes (a longer
// word gets a line of its own), joined by brk.
func wrap(words []string, width int, brk string) string {
	var b strings.Builder
	line := 0
	for _, w := range words {
		if line > 0 && line+1+len(w) > width {
			b.WriteString(brk)
			line = 0
		} else if line > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

const listsHow = `Entries match whole words, without regard to case; a * at the end matches any ending.
Each list can be extended, or with replace: true replaced, under quality: in .coe.yaml
(coe help format).`

var qualityRules = []Rule{
	{
		ID: RuleBlame, Default: Warning, Group: GroupQuality,
		Summary: "the root cause names no person and does not blame people (\"human error\")",
		Explanation: `A COE is blameless: people make mistakes every day, and the question is what let this
one reach customers. A root cause that names a person or stops at "human error" teaches the
team to be careful, which does not last, instead of building the check, limit or alarm
that would have caught it; and people who fear being named stop reporting. The rule reads
root_cause.summary and each why. It fires when one names a person (an author, reviewer,
approver or action owner of the COE, a handle or e-mail name of the owners roster, or a name
of quality: names:) or blames people generically. Name the role and the missing mechanism:

    whys:
      - Why was the wrong region deployed? Because the deploy tool takes the region as free
        text and nothing checks it against the change's ticket.

Built-in phrases (quality: blame):

` + builtIn("blame") + `

A phrase just after "not", "rather than", ... (quality: negations) or just before "budget",
"rate", "message", ... (quality: compounds: the operator error budget) does not fire. A name
that is also an everyday word or a role (will, page, max, ops; quality: everyday_names)
fires only written with a capital inside a sentence.

` + listsHow + `

Known false negatives: blame in other words ("the engineer was rushed", "a typo by the
on-call"), names of people in neither the COE, the roster nor quality: names:, names of
fewer than three letters, an everyday-word name at the start of a sentence, and names in
other answers than the root cause.`,
	},
	{
		ID: RuleWhysDepth, Default: Warning, Group: GroupQuality,
		Summary: "the root cause asks why at least three times",
		Explanation: `A root cause found with one "why" is usually a symptom: the bad config, the expired
certificate. Asking why again (why could the bad config ship? why did nothing expire-check
the certificate?) leads to the process or system cause that a corrective action can fix
for good; five whys is the usual practice, three the least. The rule fires when
root_cause.whys has fewer than three items once a root cause is written (a missing root
cause is question-unanswered's), at the whys key, or the root_cause key without one:

    root_cause:
      summary: The certificate of the payments gateway expired.
      whys:
        - Why did it expire? Nobody renewed it.
        - Why did nobody renew it? Renewal was a manual task in one person's calendar.
        - Why was it manual? The gateway predates our certificate automation and was never moved to it.

Known false negatives: it counts whys and cannot judge them: three whys that restate the
same symptom pass, and so does a chain written in the summary alone with whys padded.`,
	},
	{
		ID: RuleImpactUnquantified, Default: Warning, Group: GroupQuality,
		Summary: "the impact has a number: how many, how long, what share or what it cost",
		Explanation: `"Some customers saw errors" cannot be weighed against other work; "3,400 customers could
not pay for 47 minutes, about $18,000 in lost orders" can, and it is what the severity, the
priority of the actions and the next review are argued from. The rule fires when neither
impact.customers nor impact.business holds a number and customers_affected is not set, at
impact.customers (or impact.business). Digits count, with their units ("12%", "47 minutes",
"$18,000", "3,400"), and so do spelled-out numbers (quality: numbers):

` + builtIn("numbers") + `

` + listsHow + `

When no customer was affected, say so with customers_affected: 0:

    impact:
      customers: |
        3,400 customers (12% of those active) could not pay for 47 minutes.
      customers_affected: 3400

Known false negatives: any number passes, even one that measures nothing (a date, a
firmware version, "sev2" does not count but "HTTP 500" does), and so does an estimate
nobody checked.`,
	},
	{
		ID: RuleActionIntention, Default: Warning, Group: GroupQuality,
		Summary: "corrective actions are mechanisms, not intentions (\"remind the team\")",
		Explanation: `"Good intentions never work; you need good mechanisms to make anything happen." An action
that asks people to remember, take care or be retrained depends on the same attention that
already failed once, and cannot be checked as done. A mechanism can: a tool, a check, an
alert, a test, automation, a limit, a changed process. The rule fires at an action whose
text has a word of intention (quality: intentions) and none of mechanism (quality:
mechanisms); actions marked wont-do are left alone:

    corrective_actions:
      - id: CA-2
        action: Make the deploy tool refuse a region that differs from the change ticket's.

Intentions (quality: intentions):

` + builtIn("intentions") + `

Mechanisms (quality: mechanisms):

` + builtIn("mechanisms") + `

` + listsHow + `

Known false negatives: an intention with a mechanism word in it passes ("remind people to
check the dashboard"), and so does a vague action without an intention word ("improve
reliability").`,
	},
	{
		ID: RuleSecurityUnexplained, Default: Warning, Group: GroupQuality,
		Summary: "a security answer of \"None\" or \"N/A\" says why",
		Explanation: `A bare "None" cannot be told from "nobody looked": the security question is the one part of
question 5 a review must be able to trust, so "none" comes with the reason there is none:
what data the failure could reach, whether anything failed open, whether access or
credentials were involved. The rule fires when the whole answer, words only, is one of
quality: none_answers, at implications.security:

    implications:
      security: |
        None: the gateway holds no customer data, and the failure was a timeout; nothing
        failed open and no credentials were involved.

Built-in answers (quality: none_answers):

` + builtIn("none_answers") + `

` + listsHow + `
"N/A" inside a longer answer does not fire.

Known false negatives: any longer answer passes, even one that explains nothing ("None
that we know of", "None, see above").`,
	},
	{
		ID: RuleDetectionUnknown, Default: Warning, Group: GroupQuality,
		Summary: "out of draft, incident.detected_at is set, so time to detect can be measured",
		Explanation: `Time to detect (from incident.started_at to incident.detected_at) says whether the alarms
work; a COE without detected_at cannot be counted in it, and a long detection is often the
real lesson. The rule fires when detected_at is not set, at the incident key (or the top of
the file). Give the time the team learned of the problem, from an alarm, a customer or a
person, and say how in the timeline:

    incident:
      started_at: 2024-01-28T19:05:00-06:00
      detected_at: 2024-01-28T19:40:00-06:00

Known false negatives: a detected_at that is a guess, or the time someone was paged
rather than the time the signal first showed, passes.`,
	},
	{
		ID: RuleLessonIsAction, Default: Warning, Group: GroupQuality,
		Summary: "a lesson does not repeat a corrective action",
		Explanation: `A lesson says what the team learned (what it would do differently, what it did not know);
an action says what it will do about it. A lesson that repeats an action's text is usually
a lesson not yet written, and the review misses what was learned. The rule fires at a lesson
whose words (without regard to case and punctuation) equal an action's, or when most runs
of four words of the shorter of the two are in the other:

    lessons:
      - A customer-visible incident is also a support incident.
    corrective_actions:
      - id: CA-3
        action: Page the support duty lead for every sev1 and sev2.

Known false negatives: a lesson that rewords an action passes, and so does a lesson that
is an action for nothing in corrective_actions.`,
	},
	{
		ID: RuleHighPriorityLate, Default: Warning, Group: GroupQuality,
		Summary: "high-priority actions are due within 30 days (quality: high_priority_days) of submission",
		Explanation: `A high-priority action is the one that stops a recurrence; due months out, it says the
opposite. The rule fires at the due date of an open or in-progress action of priority high
due more than 30 days after the COE was submitted (submitted_at, set by coe submit), or,
before that is set, after the incident started. Set an earlier date, split the action
(a quick mitigation now, the full fix later at medium), or lower its priority:

    corrective_actions:
      - id: CA-1
        action: Add a region check to the deploy tool.
        priority: high
        due: 2024-02-20          # submitted 2024-02-05

The number of days is quality: high_priority_days in .coe.yaml (1 to 3650):

    quality:
      high_priority_days: 45

Known false negatives: a done or wont-do action is not judged, and neither is an action
without a due date (action-due reports that).`,
	},
}

// qualityChecks run after the other checks, in this order.
var qualityChecks = []struct {
	rule string
	run  func(*checker, *quality)
}{
	{RuleDetectionUnknown, (*checker).detectionUnknown},
	{RuleImpactUnquantified, (*checker).impactUnquantified},
	{RuleBlame, (*checker).blame},
	{RuleWhysDepth, (*checker).whysDepth},
	{RuleSecurityUnexplained, (*checker).securityUnexplained},
	{RuleLessonIsAction, (*checker).lessonIsAction},
	{RuleActionIntention, (*checker).actionIntention},
	{RuleHighPriorityLate, (*checker).highPriorityLate},
}

// quality is what the quality checks of one file share.
type quality struct {
	v    *vocab
	toks []token // a buffer for the words of one text
	// next is the line of the node after each scalar, in the order of the
	// file, built when a finding needs a position inside a value.
	next map[*yaml.Node]int
	// Buffers of lesson-is-action.
	whole  map[uint64]int
	runs   map[uint64]holders
	hashes []uint64
}

// holders are the actions that hold a run of words: at most four.
type holders struct {
	n   int
	ids [4]int32
}

// qualityPool keeps the buffers of the quality checks from one file to
// the next: linting thousands of files, they would otherwise be most of
// what the checks allocate.
var qualityPool = sync.Pool{New: func() any {
	return &quality{whole: map[uint64]int{}, runs: map[uint64]holders{}}
}}

// qualityGroup runs the quality group: from status review on, or on
// drafts with Options.AllRules; a rule the config turns off is not run.
func (k *checker) qualityGroup() {
	if k.stage < stageReview && !k.opts.AllRules {
		return
	}
	var q *quality
	for _, c := range qualityChecks {
		if levelOf(c.rule, k.opts.Config.Rules) == "off" {
			continue
		}
		if q == nil {
			q = qualityPool.Get().(*quality)
			q.v, q.next = vocabFor(&k.opts.Config), nil
			defer qualityPool.Put(q)
		}
		c.run(k, q)
	}
}

// inValue is the position of the byte offset at of the value at path: the
// exact place for a plain scalar on one line (its value is its text), else
// the value's start.
func (k *checker) inValue(q *quality, path, text string, at int) coe.Position {
	_, n, ok := k.doc.Lookup(path)
	if !ok || n == nil {
		return k.valuePos(path)
	}
	pos := posOf(n)
	if n.Kind != yaml.ScalarNode || n.Style != 0 || n.Value != text || strings.ContainsAny(text, "\n\r") || at > len(text) {
		return pos
	}
	if q.next == nil {
		q.next = nextLines(k.doc.Root)
	}
	// A plain scalar may go on over the next lines, folded into one: it
	// is on one line when it cannot end on a later one.
	if last, ok := q.next[n]; !ok || last > n.Line {
		return pos
	}
	pos.Col += len([]rune(text[:at]))
	return pos
}

// nextLines maps each scalar of the tree to the last line it can end on:
// the line before the node that follows it in the file, or in a flow
// collection (where a plain scalar may go on over lines too), that node's
// line. A scalar last in the file has none.
func nextLines(root *yaml.Node) map[*yaml.Node]int {
	out := map[*yaml.Node]int{}
	var prev *yaml.Node
	prevFlow := false
	var walk func(n *yaml.Node, flow bool)
	walk = func(n *yaml.Node, flow bool) {
		if prev != nil {
			out[prev] = n.Line - 1
			if prevFlow {
				out[prev] = n.Line
			}
			prev = nil
		}
		if n.Kind == yaml.ScalarNode {
			prev, prevFlow = n, flow
		}
		flow = flow || n.Style&yaml.FlowStyle != 0
		for _, c := range n.Content {
			walk(c, flow)
		}
	}
	if root != nil {
		walk(root, false)
	}
	return out
}

// detection-unknown

func (k *checker) detectionUnknown(*quality) {
	if k.missingValue(k.c.Incident.DetectedAt.IsZero(), "incident.detected_at") {
		k.report(k.missingPos("incident.detected_at"), RuleDetectionUnknown, "incident.detected_at is not set, so time to detect cannot be measured; add when the team learned of the incident, like %q under incident", "detected_at: 2024-01-28T19:40:00-06:00")
	}
}

// impact-unquantified

func (k *checker) impactUnquantified(q *quality) {
	im := &k.c.Impact
	if im.CustomersAffected != nil {
		return
	}
	path := "impact.customers"
	if strings.TrimSpace(im.Customers) == "" {
		if strings.TrimSpace(im.Business) == "" {
			return // unanswered: question-unanswered's
		}
		path = "impact.business"
	}
	if hasNumber(q.v, im.Customers) || hasNumber(q.v, im.Business) {
		return
	}
	k.report(k.valuePos(path), RuleImpactUnquantified, "the impact has no number; say how many customers, for how long, what share or what it cost, like %q, or set customers_affected (0 when none)", "3,400 customers could not pay for 47 minutes")
}

// hasNumber reports whether a text holds a number: a digit that does not
// end a name (sev2, IPv6, CA-2), or a spelled-out number.
func hasNumber(v *vocab, text string) bool {
	prev, prev2 := ' ', ' '
	for _, r := range text {
		if r >= '0' && r <= '9' || r > 0x7f && unicode.IsDigit(r) {
			if !unicode.IsLetter(prev) && !(isHyphen(prev) && unicode.IsLetter(prev2)) {
				return true
			}
		}
		prev, prev2 = r, prev
	}
	return v.numbers.any(text, tokenize(text)) // rare: most impacts have a digit
}

// blame

func (k *checker) blame(q *quality) {
	rc := &k.c.RootCause
	if strings.TrimSpace(rc.Summary) == "" && len(rc.Whys) == 0 {
		return
	}
	people := k.people(q.v.names)
	if strings.TrimSpace(rc.Summary) != "" {
		k.blameIn(q, people, "root_cause.summary", "the root cause summary", rc.Summary)
	}
	for i, why := range rc.Whys {
		k.blameIn(q, people, fmt.Sprintf("root_cause.whys[%d]", i), fmt.Sprintf("why %d", i+1), why)
	}
}

// eachPerson calls f with each of the COE's own people and what they are
// to it: authors, reviewers, its approver, who reopened it, its actions'
// owners, in this order, until f returns false.
func (k *checker) eachPerson(f func(name, source string) bool) {
	for _, a := range k.c.Authors {
		if !f(a, "an author of this COE") {
			return
		}
	}
	for _, r := range k.c.Reviewers {
		if !f(r, "a reviewer of this COE") {
			return
		}
	}
	if !f(k.c.ApprovedBy, "its approver") {
		return
	}
	for _, r := range k.c.Reopened {
		if !f(r.By, "who reopened it") {
			return
		}
	}
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		if a.Owner == "" {
			continue
		}
		id := strings.TrimSpace(a.ID)
		if id == "" {
			id = fmt.Sprintf("#%d", i+1)
		}
		if !f(a.Owner, "the owner of "+id) {
			return
		}
	}
}

// people are the names of the COE's own people that known (the roster and
// quality: names) does not hold already, or nil: with a roster, usually
// none.
func (k *checker) people(known *matcher) *matcher {
	var m *matcher
	k.eachPerson(func(name, source string) bool {
		if name != "" && !known.has(name) {
			if m == nil {
				m = &matcher{}
			}
			m.addName(name, source)
		}
		return true
	})
	return m
}

// sourceOf says who the name found is to the COE (an author, ...), or
// else where it was known from.
func (k *checker) sourceOf(found string, e *entry) string {
	source := e.source
	want := normalize(found)
	k.eachPerson(func(name, s string) bool {
		if local, _, ok := strings.Cut(name, "@"); ok {
			name = local
		}
		if normalize(name) == want {
			source = s
			return false
		}
		return true
	})
	return source
}

// blameIn reports the first name or blaming phrase of one text.
func (k *checker) blameIn(q *quality, people *matcher, path, what, text string) {
	q.toks = appendTokens(q.toks[:0], text)
	toks := q.toks
	for i := range toks {
		for _, names := range []*matcher{people, q.v.names} {
			e, end := names.at(text, toks, i)
			if e == nil || (e.single != "" && q.v.everyday[e.single] && (!toks[i].upper || sentenceStart(text, toks[i].start))) {
				continue
			}
			found := text[toks[i].start:toks[end-1].end]
			k.report(k.inValue(q, path, text, toks[i].start), RuleBlame, "%s names a person, %q (%s); a COE is blameless: name the role and the mechanism that let the mistake through, like %q",
				what, found, k.sourceOf(found, e), "the deploy tool does not check the region")
			return
		}
		e, end := q.v.blame.at(text, toks, i)
		if e == nil || q.v.negations.before(text, toks, i) {
			continue
		}
		if end < len(toks) && gapKey(text[toks[end-1].end:toks[end].start]) == "" {
			if c, _ := q.v.compounds.at(text, toks, end); c != nil {
				continue // the operator error budget
			}
		}
		k.report(k.inValue(q, path, text, toks[i].start), RuleBlame, "%s blames people: %q; name the missing mechanism instead (what let the mistake reach customers?), like %q",
			what, text[toks[i].start:toks[end-1].end], "nothing checks the region before a deploy")
		return
	}
}

// whys-depth

func (k *checker) whysDepth(*quality) {
	rc := &k.c.RootCause
	whys := 0
	for _, w := range rc.Whys {
		if strings.TrimSpace(w) != "" {
			whys++
		}
	}
	if whys >= minWhys || (whys == 0 && strings.TrimSpace(rc.Summary) == "") {
		return
	}
	if k.presence("root_cause.whys") == unreadable {
		return // the reader reported it
	}
	if _, v, ok := k.doc.Lookup("root_cause.whys"); ok && v.Kind != yaml.SequenceNode && !isNull(v) {
		return // not a list: the reader reported it
	}
	n := fmt.Sprintf("only %d whys", whys)
	switch whys {
	case 0:
		n = "no whys"
	case 1:
		n = "only 1 why"
	}
	k.report(k.missingPos("root_cause.whys"), RuleWhysDepth, "the root cause has %s; ask why at least %d times, down to a process or system cause a corrective action can fix", n, minWhys)
}

// security-unexplained

func (k *checker) securityUnexplained(q *quality) {
	s := k.c.Implications.Security
	if q.toks = appendTokens(q.toks[:0], s); len(q.toks) == 0 || len(q.toks) > q.v.noneWords {
		return // an answer of more words than any of none_answers says more
	}
	if !q.v.none[normalize(s)] {
		return
	}
	k.report(k.valuePos("implications.security"), RuleSecurityUnexplained, "implications.security says only %q; say why there is no security implication, like %q",
		shorten(s, 40), "None: the gateway holds no customer data, and nothing failed open")
}

// lesson-is-action

// shingle is how many words in a row lesson-is-action compares.
const shingle = 4

// textHashes is a text's words as hashes: all of them, and each run of
// shingle words in a row.
type textHashes struct {
	whole uint64 // 0 for a text without words
	runs  []uint64
}

// hashWords hashes the words of a text (FNV-1a over the lower-cased
// words) and appends the hash of each run of shingle words to runs.
func hashWords(text string, runs []uint64) textHashes {
	const offset, prime = 14695981039346656037, 1099511628211
	whole := uint64(offset)
	var last [shingle]uint64
	n := 0
	eachWord(text, func(start, end int) {
		h := uint64(offset)
		for i := start; i < end; {
			if c := text[i]; c < utf8.RuneSelf {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				h = (h ^ uint64(c)) * prime
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			h = (h ^ uint64(unicode.ToLower(r))) * prime
			i += size
		}
		whole = (whole ^ h) * prime
		last[n%shingle] = h
		n++
		if n >= shingle {
			r := uint64(offset)
			for k := n - shingle; k < n; k++ {
				r = (r ^ last[k%shingle]) * prime
			}
			runs = append(runs, r)
		}
	})
	if n == 0 {
		return textHashes{runs: runs}
	}
	return textHashes{whole: whole | 1, runs: runs}
}

// lessonIsAction reports lessons whose words equal an action's, or share
// most runs of four words with one (of the shorter of the two), in time
// linear in the text: each run of an action is kept for at most four
// actions.
func (k *checker) lessonIsAction(q *quality) {
	acts := k.c.CorrectiveActions
	if len(acts) == 0 || len(k.c.Lessons) == 0 {
		return
	}
	whole, runs := q.whole, q.runs // an action's words -> its index; a run of words -> the actions that hold it
	clear(whole)
	clear(runs)
	counts := make([]int, len(acts)) // the runs of each action
	buf := q.hashes
	defer func() { q.hashes = buf }()
	for i := range acts {
		h := hashWords(acts[i].Action, buf[:0])
		buf = h.runs
		if h.whole == 0 {
			continue
		}
		if _, dup := whole[h.whole]; !dup {
			whole[h.whole] = i
		}
		counts[i] = len(h.runs)
		for _, r := range h.runs {
			if hs := runs[r]; hs.n < len(hs.ids) && (hs.n == 0 || hs.ids[hs.n-1] != int32(i)) {
				hs.ids[hs.n] = int32(i)
				hs.n++
				runs[r] = hs
			}
		}
	}
	hits := make([]int, len(acts))
	var touched []int32
	for li, lesson := range k.c.Lessons {
		h := hashWords(lesson, buf[:0])
		buf = h.runs
		if h.whole == 0 {
			continue
		}
		a, same := whole[h.whole]
		if !same {
			a = -1
			touched = touched[:0]
			for _, r := range h.runs {
				if hs, ok := runs[r]; ok {
					for _, ai := range hs.ids[:hs.n] {
						if hits[ai] == 0 {
							touched = append(touched, ai)
						}
						hits[ai]++
					}
				}
			}
			for _, ai := range touched {
				if fewer := min(len(h.runs), counts[ai]); hits[ai]*5 >= fewer*4 && (a < 0 || int(ai) < a) {
					a = int(ai)
				}
				hits[ai] = 0
			}
		}
		if a < 0 {
			continue
		}
		k.report(k.valuePos(fmt.Sprintf("lessons[%d]", li)), RuleLessonIsAction, "lesson %d repeats %s; a lesson says what the team learned (what it would do differently, what it did not know), the action what it will do about it",
			li+1, actionLabel(a, &acts[a]))
	}
}

// action-intention

func (k *checker) actionIntention(q *quality) {
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		if a.Status == coe.ActionWontDo || strings.TrimSpace(a.Action) == "" {
			continue
		}
		q.toks = appendTokens(q.toks[:0], a.Action)
		toks := q.toks
		for j := range toks {
			e, end := q.v.intentions.at(a.Action, toks, j)
			if e == nil {
				continue
			}
			if q.v.mechanisms.any(a.Action, toks) {
				break
			}
			path := actionPath(i) + ".action"
			k.report(k.inValue(q, path, a.Action, toks[j].start), RuleActionIntention, "%s is an intention (%q), not a mechanism; name the tool, check, alert, test, automation or limit that makes it happen without anyone having to remember",
				actionLabel(i, a), a.Action[toks[j].start:toks[end-1].end])
			break
		}
	}
}

// high-priority-late

func (k *checker) highPriorityLate(q *quality) {
	from, since := k.c.SubmittedAt, "the COE was submitted"
	if from.IsZero() {
		from, since = k.c.Incident.StartedAt, "the incident started"
	}
	if from.IsZero() {
		return
	}
	day := coe.DateOf(from)
	for i := range k.c.CorrectiveActions {
		a := &k.c.CorrectiveActions[i]
		if a.Priority != "high" || a.Due.IsZero() || !a.Open() {
			continue
		}
		if n := day.DaysTo(a.Due); n > q.v.days {
			k.report(k.valuePos(actionPath(i)+".due"), RuleHighPriorityLate, "%s is high priority but due %s, %d days after %s (%s); high-priority actions are due within %d days: set an earlier date, split it, or lower its priority",
				actionLabel(i, a), a.Due, n, since, day, q.v.days)
		}
	}
}
