package lint

import (
	"slices"
	"sort"

	"github.com/coe-cli/coe/coe"
)

// Rule ids of the checks this package adds to the reader's own (the read
// ids are coe.RuleSyntax, coe.RuleUnknownField, ...). They are stable:
// configs refer to them and CI logs grep for them.
const (
	RuleRequiredField      = "required-field"
	RuleActionOwner        = "action-owner"
	RuleOwnerRoster        = "owner-roster"
	RuleActionID           = "action-id"
	RuleTimesOrder         = "times-order"
	RuleTimelineOrder      = "timeline-order"
	RuleIDFilename         = "id-filename"
	RuleIDUnique           = "id-unique"
	RuleRelatedExists      = "related-exists"
	RuleQuestionUnanswered = "question-unanswered"
	RuleSecurityUnanswered = "security-unanswered"
	RuleActionDue          = "action-due"
	RuleIncidentStart      = "incident-start"
	RuleApproval           = "approval"
	RuleActionClosed       = "action-closed"
	RuleActionDoneAt       = "action-done-at"
	RuleActionOverdue      = "action-overdue"
	RuleBidiControl        = "bidi-control"
	RuleActionEvidence     = "action-evidence"
)

// readRules are the rules of the reader. They are the file format's
// contract: every other command refuses a file with one of these problems,
// so lint must not let a config hide or soften them.
var readRules = map[string]bool{
	coe.RuleSyntax: true, coe.RuleEncoding: true, coe.RuleEmptyFile: true,
	coe.RuleMultipleDocs: true, coe.RuleFileTooLarge: true, coe.RuleAlias: true,
	coe.RuleUnknownField: true, coe.RuleDuplicateKey: true, coe.RuleWrongType: true,
	coe.RuleInvalidValue: true, coe.RuleVersion: true, coe.RuleReadFile: true,
	coe.RuleConflict: true, coe.RuleAnswerLength: true, coe.RuleTooManyLabels: true,
}

var rules = []Rule{
	// The reader's rules.
	{
		ID: coe.RuleSyntax, Default: Error,
		Summary: "the file must be valid YAML",
		Explanation: `The file could not be parsed as YAML, so nothing else in it could be checked. The message
gives the line the parser stopped at; the mistake is often on the line before it: a missing
colon, a tab used for indentation, a quote that is never closed, or a Markdown text that
starts with a character YAML treats specially (*, &, !, |, >, @, a backtick). Put long or
special texts in a block scalar:

    what_happened: |
      *All* group playback failed at 19:05.

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleEncoding, Default: Error,
		Summary: "the file must be UTF-8 text",
		Explanation: `COE files are UTF-8, with or without a byte-order mark. The position given is the first
byte that is not UTF-8, usually an accented letter or a typographic quote saved by an editor
in Latin-1 or Windows-1252. Re-save the file as UTF-8 (in most editors "Save with encoding"),
or convert it:

    iconv -f WINDOWS-1252 -t UTF-8 old.yaml > coes/2024-01-28-speaker-groups.yaml

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleEmptyFile, Default: Error,
		Summary: "the file must hold a COE",
		Explanation: `The file is empty, or holds only comments or a null document. An empty file in the COE
folder is usually a left-over of an interrupted editor or script; delete it, or fill it in
(` + "`coe new`" + ` writes a complete skeleton):

    version: 1
    id: 2024-01-28-speaker-groups-stopped-playing
    title: Speaker groups stopped playing together
    status: draft
    severity: sev2

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleMultipleDocs, Default: Error,
		Summary: "a file holds exactly one YAML document",
		Explanation: `A "---" line (or "...") starts a second YAML document, and a COE file holds exactly one
COE. Two COEs pasted into one file must be split into two files, each named after its id;
a stray "---" at the top is fine, one further down is not:

    ---                 # fine: marks the start of the only document
    version: 1
    id: 2024-01-28-speaker-groups-stopped-playing

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleFileTooLarge, Default: Error,
		Summary: "a COE file may be at most 1 MiB",
		Explanation: `A real COE is a few kilobytes; a file over 1 MiB is refused before it is read, so that a
stray log dump or a hostile file cannot cost memory. Keep graphs, logs and transcripts out of
the COE and link to them from supporting_data:

    supporting_data:
      - title: Full incident transcript
        link: https://incidents.example.com/INC-2024-0128

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleAlias, Default: Error,
		Summary: "YAML anchors and aliases are not allowed",
		Explanation: `COE files may not use YAML anchors (&name) and aliases (*name). A COE has no use for them,
they make a file hard to read and edit, and refusing them makes "billion laughs" files cost
nothing. Write the value out each time it is needed:

    authors: [steve]
    reviewers: [dana]     # not: reviewers: *people

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleUnknownField, Default: Error,
		Summary: "every key must be a field of the format",
		Explanation: `A key the format does not have is an error rather than ignored, because a typo would
otherwise silently drop data: an "ownr" key would leave the action without an owner. The
message suggests the nearest field and lists the expected ones. Fix the spelling:

    corrective_actions:
      - id: CA-1
        owner: dana       # not: ownr: dana

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleDuplicateKey, Default: Error,
		Summary: "a key may appear only once in a mapping",
		Explanation: `A key given twice in the same mapping is ambiguous: YAML tools disagree on which value
wins, and one of the two is silently lost. The message names the line of the first; merge
the two values into one:

    impact:
      customers: |
        120,000 households could not play on a group.
        3,412 contacted support.

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleWrongType, Default: Error,
		Summary: "every field must have the expected kind of value",
		Explanation: `A field holds the wrong kind of value: a list where a text was expected, a text where a
list or mapping was expected, a number where a date belongs. The message says what was found
and what was expected. Lists are written with "- " items or [a, b]; texts with several lines
are block scalars:

    lessons:
      - Support must hear of an incident from us, not from its queue.
    whys: [Why did groups fail? Because ...]

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleInvalidValue, Default: Error,
		Summary: "values must be valid: enums, dates, timestamps, URLs and ids",
		Explanation: `A value has the right kind but is not valid: a status, severity, priority or action status
outside its list (severities come from .coe.yaml), a date that is not YYYY-MM-DD or does not
exist, a timestamp without an offset, a link that is not an http(s) URL, or an id not of
the form YYYY-MM-DD-slug (COEs) or CA-<n> (actions). The message lists what is expected:

    status: review                            # draft | review | approved | closed
    due: 2024-02-15                           # YYYY-MM-DD
    started_at: 2024-01-28T19:05:00-06:00     # RFC 3339 with an offset

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleVersion, Default: Error,
		Summary: "the file must be format version 1",
		Explanation: `This coe reads version 1 of the COE format. A file with another version was written for a
newer (or older) coe; upgrade coe rather than changing the number, since the fields may
differ. A version 1 file starts:

    version: 1

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleReadFile, Default: Error,
		Summary: "the file must be readable",
		Explanation: `The file could not be read at all: it does not exist, permissions forbid reading it, or the
path is a directory. Check the path and the permissions (ls -l); a folder named like a COE
file inside the COE folder must be renamed or moved:

    coes/2024-01-28-speaker-groups-stopped-playing.yaml   # a regular, readable file

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleConflict, Default: Error,
		Summary: "the file must not hold git's merge conflict markers",
		Explanation: `Git could not merge two changes to the file and left both in it, between marker lines:
"<<<<<<< ours", "=======" and ">>>>>>> theirs" (with "||||||| base" in diff3 style). The
position is the first marker. Keep the lines you want, delete the markers, then check the
file with coe lint and finish the merge (git add, git commit):

    lessons:
      - Support must hear of an incident from us.   # both sides kept, markers gone
      - Status notes go out within 15 minutes.

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleAnswerLength, Default: Error,
		Summary: "a Markdown answer may be at most 65536 characters",
		Explanation: `A Markdown answer (what happened, impact, root cause, a why, a note, implications, a
lesson, a timeline event, an action) may be at most 65,536 characters: about 10,000 words,
twenty-five printed pages. A real answer is a few paragraphs; a longer one is a pasted log,
transcript or data dump, which belongs in a document of its own. Link to it instead:

    supporting_data:
      - title: Full incident transcript
        link: https://incidents.example.com/INC-2024-0128

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},
	{
		ID: coe.RuleTooManyLabels, Default: Error,
		Summary: "a COE may name at most 64 tags, 64 services and 64 contributing factors",
		Explanation: `Tags and services are how readers find COEs: each gets a page of the site that lists
its COEs. A COE names the few that find it, not every word that might: at most 64 tags
and 64 services. Contributing factors are what mattered most, a few: at most 64.

    tags: [speakers, grouping, firmware]
    services: [speaker-groups]
    contributing_factors: [deploy-process]

Read errors are always errors; the rules section of .coe.yaml cannot change them.`,
	},

	// Rules at every status.
	{
		ID: RuleRequiredField, Default: Error,
		Summary: "version, id, title, status and severity are present and not blank",
		Explanation: `Every COE, even a first draft, names its format version, its id, a title, its status and
its severity: lists, reports and the review workflow cannot place a COE without them. A
missing field is reported at the top of the file, a blank one at its key. The id equals the
file name without .yaml:

    version: 1
    id: 2024-01-28-speaker-groups-stopped-playing
    title: Speaker groups stopped playing together
    status: draft
    severity: sev2`,
	},
	{
		ID: RuleActionOwner, Default: Error,
		Summary: "every corrective action has an owner, at every status",
		Explanation: `An action nobody owns does not get done, so an owner is required from the first draft on:
a person's handle or e-mail, not a team. The problem is reported at the line where the
action starts. Name the person who will drive it to done:

    corrective_actions:
      - id: CA-1
        action: Publish a status note within 15 minutes of a confirmed regression.
        owner: dana`,
	},
	{
		ID: RuleOwnerRoster, Default: Error,
		Summary: "owners belong to the owners roster of .coe.yaml, when it has one",
		Explanation: `When .coe.yaml lists owners, every corrective action owner must be one of them, so that
reports can group actions by person and a typo ("dnaa") does not create an owner nobody
is. The message suggests the nearest names. Fix the spelling, or add the person to the
roster:

    # .coe.yaml
    owners: [dana, kenji, li.wei, priya, steve]

An entry may also give the person's e-mail, {handle: dana, email: dana@example.com}: coe
then takes dana as the default author and approver for whoever has that e-mail as git's
user.email. The roster's names are its handles: an owner written as an entry's e-mail is
reported too, with the handle to write instead.`,
	},
	{
		ID: RuleActionID, Default: Error,
		Summary: "every corrective action has a unique id, CA-<n>",
		Explanation: `Corrective actions are referred to by id in reviews, trackers and commands, so each needs
one and no two may share it. A duplicate is reported at its id, naming the
line of the first. Number actions CA-1, CA-2, ... and never reuse a number, even after an
action is removed:

    corrective_actions:
      - id: CA-1
        action: ...
      - id: CA-2
        action: ...`,
	},
	{
		ID: RuleTimesOrder, Default: Error,
		Summary: "incident times are in order: started <= detected <= mitigated <= resolved",
		Explanation: `An incident starts before it is detected, is detected before it is mitigated and mitigated
before it is resolved; time to detect and time to mitigate are read from these. A time
out of order is usually a wrong date or offset, and is reported on the later field, naming
the earlier one. Times with different offsets are compared as instants:

    incident:
      started_at: 2024-01-28T19:05:00-06:00
      detected_at: 2024-01-28T19:40:00-06:00
      mitigated_at: 2024-01-29T05:10:00-06:00
      resolved_at: 2024-01-29T07:00:00-06:00`,
	},
	{
		ID: RuleTimelineOrder, Default: Error,
		Summary: "timeline entries are in time order",
		Explanation: `The timeline is read top to bottom as the story of the incident, so its entries must be
in time order (equal times are fine). An entry earlier than the one before it is reported
at its time, naming the entry it should follow. Move the entry, or fix its date or offset:

    timeline:
      - at: 2024-01-28T19:05:00-06:00
        event: Release reaches all hosts.
      - at: 2024-01-28T19:40:00-06:00
        event: Alarm pages on-call.`,
	},
	{
		ID: RuleIDFilename, Default: Error,
		Summary: "the id equals the file name without .yaml",
		Explanation: `coe finds a COE by its id through its file name, so the two must agree: the COE
2024-01-28-speaker-groups-stopped-playing lives in
coes/2024-01-28-speaker-groups-stopped-playing.yaml. A mismatch usually comes from copying a
file or renaming one without the other. Rename the file or change the id:

    # coes/2024-01-28-speaker-groups-stopped-playing.yaml
    id: 2024-01-28-speaker-groups-stopped-playing`,
	},
	{
		ID: RuleIDUnique, Default: Error,
		Summary: "no two COEs in the repository share an id",
		Explanation: `Ids name COEs in links, related lists and commands, so each must be unique in the
repository. Two files with the same id (one of them is then also misnamed) usually come
from copying a COE as a starting point. Give the copy its own id and file name; ` + "`coe new`" + `
picks a free id by adding -2, -3, ...:

    id: 2024-01-28-speaker-groups-stopped-playing-2`,
	},
	{
		ID: RuleRelatedExists, Default: Error,
		Summary: "related ids name COEs in this repository",
		Explanation: `related links a COE to others in the same repository, and reports turn each id into a
link; an id that matches no COE would be a dead link. The message suggests near ids. Fix
the id, or remove the entry if that COE was deleted or lives elsewhere:

    related: [2023-11-02-speaker-sync-drift]`,
	},

	// What each status demands.
	{
		ID: RuleQuestionUnanswered, Default: Error,
		Summary: "out of draft, the COE answers the seven questions",
		Explanation: `From review on, a COE answers all seven questions; a draft may leave any of them open.
The message quotes the question and says which field answers it: what_happened (1),
impact.customers or impact.business (2), root_cause.summary (3), at least one
supporting_data item (4), implications.security (5, reported as security-unanswered), at
least one lesson (6) and at least one corrective action (7). Answer it, or set the status
back to draft:

    supporting_data:
      - title: Group-join error rate by firmware version, 28-29 Jan
        link: https://dashboards.example.com/d/speaker-groups`,
	},
	{
		ID: RuleSecurityUnanswered, Default: Error,
		Summary: "out of draft, implications.security is answered explicitly",
		Explanation: `The security implications are the part of question 5 that matters most, and a blank is
ambiguous: nobody can tell "no impact" from "nobody looked". So from review on the answer is
required and must be explicit; "None" with the reason is an answer:

    implications:
      security: |
        None: firmware 14.1 fails closed; fuzzing confirmed oversized tokens are rejected
        cleanly. No account data or credentials were affected.`,
	},
	{
		ID: RuleActionDue, Default: Error,
		Summary: "out of draft, every corrective action has a due date",
		Explanation: `A draft may list actions without dates, but a COE going to review commits to when each
action will be done; without a date nothing can be overdue and nobody can plan the work.
Reported at the line where the action starts:

    corrective_actions:
      - id: CA-1
        action: Build the compatibility test matrix from fleet telemetry.
        owner: li.wei
        due: 2024-03-15`,
	},
	{
		ID: RuleIncidentStart, Default: Error,
		Summary: "out of draft, incident.started_at is set",
		Explanation: `Impact is measured from the moment the incident started, and time to detect and time to
mitigate are measured from it too, so from review on incident.started_at is required (an
estimate is fine; say so in the timeline). Use RFC 3339 with the offset of where it
happened:

    incident:
      started_at: 2024-01-28T19:05:00-06:00`,
	},
	{
		ID: RuleApproval, Default: Error,
		Summary: "approved and closed COEs say who approved them and when",
		Explanation: `An approved or closed COE records its approval: approved_by (the approver's handle) and
approved_at (a timestamp). The review workflow, coe approve ID, sets both with the status
(and coe approve ID --revoke empties them); when setting the status by hand, set them too:

    status: approved
    approved_by: kenji
    approved_at: 2024-02-12T16:30:00-06:00`,
	},
	{
		ID: RuleActionClosed, Default: Error,
		Summary: "a closed COE has every action done or wont-do",
		Explanation: `Closing a COE says its work is finished, so every corrective action must be done (with
done_at, checked by action-done-at) or explicitly wont-do (say why in the action text or the
tracker). An open or in-progress action is reported at its status. Finish the action, mark
it wont-do, or set the COE back to approved:

    - id: CA-5
      action: Replace the carrier integration.
      owner: felix
      due: 2024-12-31
      status: wont-do     # superseded by CA-2`,
	},
	{
		ID: RuleActionDoneAt, Default: Error,
		Summary: "done actions have done_at, and only done actions have it",
		Explanation: `done_at records when an action was finished; reports use it to show whether actions were
done on time. An action with status done and no done_at is an error (a warning in a draft),
reported where the action starts; a done_at on an action that is not done is a warning,
reported at the date (finish the action, or remove the date). Set both together:

    - id: CA-1
      status: done
      done_at: 2024-03-12`,
	},
	{
		ID: RuleBidiControl, Default: Warning,
		Summary: "no invisible bidi controls that show text in another order than it is read",
		Explanation: `Unicode's bidirectional controls (U+202A to U+202E, U+2066 to U+2069) are invisible and
change the order in which editors, diff views, browsers and terminals show the characters
after them. A COE is reviewed as text: one of them in a value or a comment makes a reviewer
see something other than what the file says ("trojan source", CVE-2021-42574). A
RIGHT-TO-LEFT OVERRIDE shows "txt.exe" as "exe.txt". coe itself shows them as <U+202E> in a
terminal, but reports, editors and code review may not.

The position is the value (or the key a comment belongs to) that holds one; a control written
as an escape in a double-quoted text is found too, as reports show it all the same:

    title: "Refund sent to \u202Etxt.exe"      # shows as "Refund sent to exe.txt"

Remove it. Text in Arabic, Hebrew or Persian does not need one: the reader lays it out by
itself, and where a mixed line needs a hint, U+200F RIGHT-TO-LEFT MARK or U+200E
LEFT-TO-RIGHT MARK reorders nothing.`,
	},
	{
		ID: RuleActionEvidence, Default: Off,
		Summary: "done actions list evidence: a commit id or URL that shows the work",
		Explanation: `A team that wants every finished action proven turns this rule on in .coe.yaml (rules:
action-evidence: error, or warning); it is off by default. Then an action with status done
needs at least one entry in its evidence list: the id of a commit that did the work, or an
http(s) URL of a merged pull request, a release, a dashboard. It is reported at the action's
status. The rule reads the file only; it runs no git.

Commits can say which action they finish with a trailer, COE-Action: <coe-id>#CA-<n> done,
in the COE repository or in the code repositories of code_repos: in .coe.yaml. coe actions
verify --write then records their ids (and marks the action done); coe actions --evidence
shows them:

    - id: CA-2
      status: done
      done_at: 2024-02-14
      evidence:
        - 3f9c2a1b7d
        - https://github.com/example/speakers/pull/412`,
	},
	{
		ID: RuleActionOverdue, Default: Warning,
		Summary: "open and in-progress actions are not past their due date",
		Explanation: `An open or in-progress action whose due date has passed is reported with the number of days
it is late, at its due date. It is a warning, not an error: the COE is still valid, but the
action needs attention. Finish it (status: done with done_at), agree a new date and change
due, or mark it wont-do:

    - id: CA-4
      due: 2024-06-30
      status: done
      done_at: 2024-07-02`,
	},
}

var ruleIndex = func() map[string]Rule {
	rules = append(append(append(rules, qualityRules...), factorRules...), publicRules...)
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	m := make(map[string]Rule, len(rules))
	for _, r := range rules {
		m[r.ID] = r
	}
	return m
}()

// Rules returns every rule, the reader's included, sorted by id.
func Rules() []Rule {
	out := make([]Rule, len(rules))
	copy(out, rules)
	return out
}

// LookupRule returns the rule with the given id.
func LookupRule(id string) (Rule, bool) {
	r, ok := ruleIndex[id]
	return r, ok
}

// Configurable reports whether .coe.yaml may change the rule's severity.
// The reader's rules are fixed at error: every other command refuses a file
// with one of those problems, so lint must not pass it.
func Configurable(id string) bool {
	_, ok := ruleIndex[id]
	return ok && !readRules[id]
}

// Group is a family of rules that .coe.yaml may set at once (rules:
// {quality: off}); a rule's own entry wins over its group's.
type Group struct {
	// ID names the group in configs and listings.
	ID string
	// Summary is one line.
	Summary string
	// Explanation says what the rules of the group have in common, when
	// they apply and how to tune them, with a small YAML example.
	Explanation string
}

var groups = []Group{
	{
		ID:      GroupQuality,
		Summary: "the bar raiser: blame, shallow whys, impact without numbers, intentions for actions",
		Explanation: `The quality rules judge a COE's substance, not its shape: the weaknesses a bar raiser
pushes back on in a COE review. A root cause that names a person or stops at "human error",
a chain of whys that stops after one step, an impact without a number, corrective actions
that are good intentions ("remind the team") instead of mechanisms, a security question
waved away with "N/A". They help the author before the meeting; they never replace it.

They are warnings, and they apply from status review on: a draft gets them only with
coe lint --all-rules (the form shows them as you write). They prefer silence to a false
alarm, so each one's explanation lists what it cannot catch. The rules of .coe.yaml set the
whole group, or one rule (which wins over the group):

    rules:
      quality: error          # every quality rule fails CI
      whys-depth: warning     # but this one only warns

The word lists they use can be extended or replaced under quality: in .coe.yaml (coe help
format), so that a team writing in another language can use them:

    quality:
      blame: [menschliches Versagen]
      names: [Alex]
      high_priority_days: 45`,
	},
}

// Groups returns the rule groups, sorted by id.
func Groups() []Group { return slices.Clone(groups) }

// LookupGroup returns the group with the given id.
func LookupGroup(id string) (Group, bool) {
	for _, g := range groups {
		if g.ID == id {
			return g, true
		}
	}
	return Group{}, false
}

func isGroup(id string) bool {
	_, ok := LookupGroup(id)
	return ok
}

// RuleGroup returns the group of the rule with the given id (GroupQuality),
// or "" when it has none or there is no such rule.
func RuleGroup(id string) string { return ruleIndex[id].Group }

// InGroup returns the diagnostics of ds whose rule belongs to group, in
// their order: InGroup(ds, GroupQuality) are a COE's quality findings.
func InGroup(ds []Diagnostic, group string) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if group != "" && RuleGroup(d.Rule) == group {
			out = append(out, d)
		}
	}
	return out
}
