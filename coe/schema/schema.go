// Package schema makes the JSON Schema (draft 2020-12) of the COE file
// format for a repository's config, so that editors check a COE while it
// is typed (through yaml-language-server and the schema line coe writes on
// top of new COE files) and other tools can validate COEs without coe.
//
// The schema says what the reader accepts and what each status demands,
// as far as JSON Schema can: every field with its type, the enums (the
// severities and the owners roster come from the config), the patterns of
// ids, dates, timestamps and URLs, no unknown keys anywhere, and the
// demands of review, approved and closed as if/then. A lint rule that the
// config turns off or down to a warning is left out, so that the schema
// never flags what coe lint accepts in the repository. What JSON Schema
// cannot say (file names, uniqueness, order in time, other files) is listed
// in the schema's own description; coe lint checks it.
//
// Only keywords that mean the same in draft-07 are used ($defs is reached by
// JSON pointer), because the YAML language server behind most editors
// implements draft-07; patternErrorMessage, an annotation in 2020-12, gives
// those editors a readable message.
package schema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"gopkg.in/yaml.v3"
)

// Dialect is the JSON Schema draft of the schema.
const Dialect = "https://json-schema.org/draft/2020-12/schema"

// ID identifies the schema of format version 1. It names the format, not a
// file to download: each repository has its own coe.schema.json, made from
// its .coe.yaml.
const ID = "https://github.com/coe-cli/coe/schema/coe-v1.schema.json"

// Patterns. JSON Schema patterns are ECMA-262 regular expressions; these
// use only what RE2 (Go) shares with it, and anchor themselves.
const (
	// datePat is YYYY-MM-DD with a month of 01-12 and a day the month can
	// have (29 February in any year).
	datePat = `[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))`
	// timePat is RFC 3339's date-time with the offset required.
	timePat   = datePat + `T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])`
	idPat     = datePat + `-[a-z0-9]+(?:-[a-z0-9]+)*`
	actionPat = `CA-[1-9][0-9]*`
	// urlPat is an absolute http or https URL with a host and no spaces.
	urlPat = `[hH][tT][tT][pP][sS]?://[^\s/?#]+(?:[/?#]\S*)?`
	// keyPat is a ticket key: one word without spaces, quotes or <>.
	keyPat = `[^\s<>"']*`
	// urlLikePat is what makes a tracker a URL rather than a key.
	urlLikePat = `://|^[jJ][aA][vV][aA][sS][cC][rR][iI][pP][tT]:|^[dD][aA][tT][aA]:`
)

// The lint rules whose demands the schema holds. The config may turn each
// off or down to a warning; the schema then leaves it out.
const (
	ruleRequiredField      = "required-field"
	ruleActionOwner        = "action-owner"
	ruleOwnerRoster        = "owner-roster"
	ruleActionID           = "action-id"
	ruleQuestionUnanswered = "question-unanswered"
	ruleSecurityUnanswered = "security-unanswered"
	ruleActionDue          = "action-due"
	ruleIncidentStart      = "incident-start"
	ruleApproval           = "approval"
	ruleActionClosed       = "action-closed"
	ruleActionDoneAt       = "action-done-at"
	ruleFactorUnknown      = "factor-unknown"
	ruleFactorDuplicate    = "factor-duplicate"
)

// Rules lists the lint rules the schema holds, each an error by default.
func Rules() []string { return slices.Clone(rules) }

var rules = []string{ruleRequiredField, ruleActionOwner, ruleOwnerRoster, ruleActionID,
	ruleQuestionUnanswered, ruleSecurityUnanswered, ruleActionDue, ruleIncidentStart,
	ruleApproval, ruleActionClosed, ruleActionDoneAt, ruleFactorUnknown, ruleFactorDuplicate}

// Limits is what the schema cannot check, as its description says it.
const Limits = `Not checked by this schema, because JSON Schema cannot say it (coe lint checks it): ` +
	`the id equals the file name without .yaml and is unique in the repository; related ids name COEs that exist; ` +
	`incident times are in order (started_at <= detected_at <= mitigated_at <= resolved_at) and timeline entries in time order; ` +
	`corrective action ids are unique within the COE; 29 February exists only in leap years; ` +
	`the YAML itself (one document, no anchors or aliases, no duplicate keys, no merge conflict markers, UTF-8, at most 1 MiB); ` +
	`and warnings, such as overdue actions. ` +
	`Stricter than coe: a timestamp with a comma before its fraction of a second, or an offset beyond 23:59, is refused here.`

// Generate returns the schema for a repository with config cfg, as indented
// JSON ending in a line break. The same config gives the same bytes.
// Severities default to coe.DefaultSeverities; an empty owners roster lets
// anyone own an action.
func Generate(cfg coe.Config) []byte {
	g := &gen{cfg: cfg}
	if len(g.cfg.Severities) == 0 {
		g.cfg.Severities = coe.DefaultSeverities()
	}
	out, err := marshalIndent(g.root())
	if err != nil {
		panic(fmt.Sprintf("schema: %v", err)) // the values are all known types
	}
	return out
}

func marshalIndent(v any) ([]byte, error) {
	b, err := marshal(v)
	if err != nil {
		return nil, err
	}
	return indent(b), nil
}

type gen struct {
	cfg coe.Config
}

// on reports whether a lint rule is an error in the repository: not set
// to "warning" or "off" in .coe.yaml.
func (g *gen) on(rule string) bool {
	level := g.cfg.Rules[rule]
	return level != "warning" && level != "off"
}

func ref(name string) obj { return obj{{"$ref", "#/$defs/" + name}} }

func types(ts ...string) any {
	if len(ts) == 1 {
		return ts[0]
	}
	return ts
}

// textTypes are what a text field holds: YAML reads title: 404 as a
// number and true as a boolean, and coe takes each as the text written.
var textTypes = []string{"string", "number", "boolean"}

func (g *gen) root() obj {
	sev := strings.Join(g.cfg.Severities, ", ")
	o := obj{
		{"$schema", Dialect},
		{"$id", ID},
		{"$comment", "Made by `coe schema` from the repository's .coe.yaml (outside a repository, from coe's defaults). " +
			"After a change to .coe.yaml, `coe schema --write` makes coe.schema.json again."},
		{"title", "COE (Correction of Error) postmortem, format version 1"},
		{"description", "One Correction-of-Error postmortem: the incident, the seven COE questions and their answers, " +
			"and what each status demands (review: every question answered; approved: approved_by and approved_at; " +
			"closed: every corrective action done or wont-do). Severities: " + sev + ". " + Limits},
		{"type", "object"},
	}
	if g.on(ruleRequiredField) {
		o = append(o, member{"required", []string{"version", "id", "title", "status", "severity"}})
	}
	o = append(o,
		member{"additionalProperties", false},
		member{"properties", g.properties()},
	)
	if demands := g.statusDemands(); len(demands) > 0 {
		o = append(o, member{"allOf", demands})
	}
	return append(o, member{"$defs", g.defs()})
}

func (g *gen) properties() obj {
	q := coe.Questions()
	section := func(n int, body obj, more string) obj {
		head := obj{
			{"title", fmt.Sprintf("%d. %s", q[n-1].Number, q[n-1].Text)},
			{"description", fmt.Sprintf("Question %d of 7. %s%s", n, q[n-1].Hint, more)},
		}
		return append(head, body...)
	}
	idSchema := obj{{"type", "string"}, {"pattern", "^" + idPat + "$"}}
	titleSchema := obj{{"type", textTypes}, {"pattern", `\S`}, {"patternErrorMessage", "title must not be blank"}}
	if !g.on(ruleRequiredField) {
		idSchema = obj{{"type", types("string", "null")}, {"pattern", "^(?:" + idPat + ")?$"}}
		titleSchema = ref("text")
	}
	return obj{
		{"version", obj{
			{"title", "Format version"},
			{"description", "The version of the COE file format: 1."},
			{"const", 1},
		}},
		{"id", append(obj{
			{"title", "Id"},
			{"description", "YYYY-MM-DD-slug in lower case: the day the incident started and a slug of the title, like 2024-01-28-speaker-groups-stopped-playing. Equals the file name without .yaml."},
		}, append(idSchema,
			member{"patternErrorMessage", "expected YYYY-MM-DD-slug in lower case, like 2024-01-28-speaker-groups-stopped-playing"},
			member{"examples", []string{"2024-01-28-speaker-groups-stopped-playing"}})...)},
		{"title", append(obj{
			{"title", "Title"},
			{"description", "One line that says what customers saw, like: Speaker groups stopped playing together."},
		}, titleSchema...)},
		{"status", obj{
			{"title", "Status"},
			{"description", "draft; review (every question answered, every action with an owner and a due date, incident.started_at set); " +
				"approved (also approved_by and approved_at); closed (also every corrective action done, with done_at, or wont-do)."},
			{"enum", coe.Statuses()},
		}},
		{"severity", obj{
			{"title", "Severity"},
			{"description", "How bad it was, worst first: " + strings.Join(g.cfg.Severities, ", ") + " (the severities of .coe.yaml)."},
			{"enum", enumValues(g.cfg.Severities)},
		}},
		{"authors", g.list("Authors", "Who wrote the COE: handles or e-mail addresses, like [steve].")},
		{"reviewers", g.list("Reviewers", "Who reviews the COE, like [dana].")},
		{"submitted_at", g.time("Submitted at", "When the COE went from draft to review; set by coe submit.")},
		{"approved_by", append(obj{
			{"title", "Approved by"},
			{"description", "Who approved the COE; set by the review workflow, with approved_at. Required once approved."},
		}, ref("text")...)},
		{"approved_at", append(obj{
			{"title", "Approved at"},
			{"description", "When the COE was approved: RFC 3339 with an offset, like 2024-02-12T16:30:00-06:00. Required once approved."},
		}, ref("optionalTimestamp")...)},
		{"closed_at", g.time("Closed at", "When the COE was closed, every corrective action done or wont-do; set by coe close.")},
		{"reopened", obj{
			{"title", "Reopened"},
			{"description", "Each return of an approved or closed COE to review, oldest first; coe reopen adds one."},
			{"type", types("array", "null")},
			{"items", obj{
				{"type", types("object", "null")},
				{"additionalProperties", false},
				{"properties", obj{
					{"at", g.time("At", "When it was reopened.")},
					{"by", append(obj{{"title", "By"}, {"description", "Who reopened it."}}, ref("text")...)},
					{"reason", g.markdown("Reason", "Why: the failure came back, a fix did not hold. Markdown.")},
				}},
			}},
		}},
		{"tags", append(g.list("Tags", fmt.Sprintf("Labels to find COEs by, like [speakers, grouping]; at most %d.", coe.MaxLabels)), member{"maxItems", coe.MaxLabels})},
		{"services", append(g.list("Services", fmt.Sprintf("The services involved, like [speaker-groups]; at most %d.", coe.MaxLabels)), member{"maxItems", coe.MaxLabels})},
		{"incident", obj{
			{"title", "Incident times"},
			{"description", "When the incident started, was detected, mitigated and resolved, in that order: RFC 3339 timestamps with an offset. " +
				"All optional in a draft; started_at is required from review on."},
			{"type", types("object", "null")},
			{"additionalProperties", false},
			{"properties", obj{
				{"started_at", g.time("Started at", "When customers were first affected.")},
				{"detected_at", g.time("Detected at", "When the team knew.")},
				{"mitigated_at", g.time("Mitigated at", "When customers stopped being affected.")},
				{"resolved_at", g.time("Resolved at", "When the cause was fixed.")},
			}},
		}},
		{"what_happened", section(1, ref("markdown"), " Markdown (CommonMark with GFM tables, lists, links, strikethrough and task lists).")},
		{"timeline", obj{
			{"title", "Timeline"},
			{"description", "The moments of the incident, in time order (part of question 1)."},
			{"type", types("array", "null")},
			{"items", obj{
				{"type", types("object", "null")},
				{"additionalProperties", false},
				{"properties", obj{
					{"at", g.time("At", "When it happened.")},
					{"event", g.markdown("Event", "What happened then. Markdown.")},
				}},
			}},
		}},
		{"impact", section(2, obj{
			{"type", types("object", "null")},
			{"additionalProperties", false},
			{"properties", obj{
				{"customers", g.markdown("Impact on customers", "Who was affected, how many, for how long, and how. Markdown.")},
				{"business", g.markdown("Impact on the business", "What it cost: revenue, support load, trust. Markdown.")},
				{"customers_affected", obj{
					{"title", "Customers affected"},
					{"description", "How many customers were affected: a whole number."},
					{"type", types("integer", "null")},
					{"minimum", 0},
				}},
				{"communication", g.markdown("Communication", "What customers were told, when and where. Markdown.")},
			}},
		}, " From review on, customers or business must be answered.")},
		{"root_cause", section(3, obj{
			{"type", types("object", "null")},
			{"additionalProperties", false},
			{"properties", obj{
				{"summary", g.markdown("Root cause", "The cause, in a few sentences. Markdown.")},
				{"whys", obj{
					{"title", "Five whys"},
					{"description", "The chain of whys, in order, each a sentence. Markdown."},
					{"type", types("array", "null")},
					{"items", ref("markdown")},
				}},
			}},
		}, "")},
		{"contributing_factors", g.factors()},
		{"supporting_data", section(4, obj{
			{"type", types("array", "null")},
			{"items", obj{
				{"type", types("object", "null")},
				{"additionalProperties", false},
				{"properties", obj{
					{"title", g.text("Title", "What the data is, like: Group playback error rate, 28-29 Jan.")},
					{"link", append(obj{
						{"title", "Link"},
						{"description", "Where to see it: an http or https URL."},
					}, ref("link")...)},
					{"note", g.markdown("Note", "What it shows. Markdown.")},
				}},
			}},
		}, " From review on, at least one item.")},
		{"implications", section(5, obj{
			{"type", types("object", "null")},
			{"additionalProperties", false},
			{"properties", obj{
				{"security", g.markdown("Security implications", "Must be answered explicitly once out of draft; \"None: <why>\" is an answer. Markdown.")},
				{"other", g.markdown("Other implications", "Data, privacy, legal, trust. Markdown.")},
			}},
		}, "")},
		{"lessons", section(6, obj{
			{"type", types("array", "null")},
			{"items", ref("markdown")},
		}, " Markdown; from review on, at least one lesson.")},
		{"corrective_actions", section(7, obj{
			{"type", types("array", "null")},
			{"items", ref("correctiveAction")},
		}, " From review on, at least one.")},
		{"public", obj{
			{"title", "Telling customers"},
			{"description", "Optional: the customers' version of the COE, for a public postmortem or a status page, published as written: " +
				"nothing internal (no names or handles, hostnames, addresses, ticket keys or file paths)."},
			{"type", types("object", "null")},
			{"additionalProperties", false},
			{"properties", obj{
				{"title", g.text("Public title", "The public page's title; the COE's title when left out.")},
				{"summary", g.markdown("What happened", "What happened, in the customer's words. Markdown.")},
				{"impact", g.markdown("Who was affected", "Who was affected, how, and for how long. Markdown.")},
				{"changes", g.markdown("What we are changing", "What we are changing so it does not happen again. Markdown.")},
				{"apology", g.markdown("Apology", "The apology, or another message to customers. Markdown.")},
				{"published_at", g.time("Published at", "When the public version was published.")},
			}},
		}},
		{"related", obj{
			{"title", "Related COEs"},
			{"description", "Ids of other COEs in this repository."},
			{"type", types("array", "null")},
			{"items", obj{
				{"type", types("string", "null")},
				{"pattern", "^(?:" + idPat + ")?$"},
				{"patternErrorMessage", "expected a COE id, YYYY-MM-DD-slug"},
			}},
		}},
	}
}

// factors is the schema of contributing_factors: at most coe.MaxFactors
// names, each once (factor-duplicate); with a taxonomy in the config, each
// one of its names (factor-unknown), the descriptions given to editors
// beside them (enumDescriptions, which VS Code and yaml-language-server
// show); without one, any name that is not blank.
func (g *gen) factors() obj {
	desc := fmt.Sprintf("What beyond the root cause let the failure happen or made it worse, like [deploy-process, insufficient-testing]; at most %d.", coe.MaxFactors)
	item := ref("text")
	if g.on(ruleFactorUnknown) {
		item = obj{{"type", textTypes}, {"pattern", `\S`}, {"patternErrorMessage", "a contributing factor must not be blank"}}
	}
	if len(g.cfg.Factors) > 0 && g.on(ruleFactorUnknown) {
		desc += " One of the factors of .coe.yaml."
		var names, descs []string
		described := false
		for _, f := range g.cfg.Factors {
			names = append(names, f.Name)
			descs = append(descs, f.Description)
			described = described || f.Description != ""
		}
		item = obj{{"enum", enumValues(names)}}
		if described && len(enumValues(names)) == len(names) {
			item = append(item, member{"enumDescriptions", descs})
		}
	}
	o := obj{{"title", "Contributing factors"}, {"description", desc}, {"type", types("array", "null")}, {"items", item}, {"maxItems", coe.MaxFactors}}
	if g.on(ruleFactorDuplicate) {
		o = append(o, member{"uniqueItems", true})
	}
	return o
}

func (g *gen) text(title, desc string) obj {
	return append(obj{{"title", title}, {"description", desc}}, ref("text")...)
}

func (g *gen) markdown(title, desc string) obj {
	return append(obj{{"title", title}, {"description", desc}}, ref("markdown")...)
}

func (g *gen) time(title, desc string) obj {
	return append(obj{{"title", title}, {"description", desc + " RFC 3339 with an offset, like 2024-01-28T19:05:00-06:00."}}, ref("optionalTimestamp")...)
}

func (g *gen) list(title, desc string) obj {
	return obj{{"title", title}, {"description", desc}, {"type", types("array", "null")}, {"items", ref("text")}}
}

// statusDemands are the if/then of review, approved and closed.
func (g *gen) statusDemands() []obj {
	var out []obj
	when := func(statuses []string, desc string, then obj) {
		if len(then) == 0 {
			return
		}
		cond := any(obj{{"enum", statuses}})
		if len(statuses) == 1 {
			cond = obj{{"const", statuses[0]}}
		}
		out = append(out, obj{
			{"description", desc},
			{"if", obj{{"required", []string{"status"}}, {"properties", obj{{"status", cond}}}}},
			{"then", then},
		})
	}
	when([]string{coe.StatusReview, coe.StatusApproved, coe.StatusClosed},
		"From review on: every question answered, incident.started_at set, every corrective action with a due date (and done_at when done).",
		g.reviewDemands())
	if g.on(ruleApproval) {
		when([]string{coe.StatusApproved, coe.StatusClosed}, "Approved and closed: approved_by and approved_at set.", obj{
			{"required", []string{"approved_by", "approved_at"}},
			{"properties", obj{{"approved_by", ref("answer")}, {"approved_at", ref("timestamp")}}},
		})
	}
	if g.on(ruleActionClosed) {
		when([]string{coe.StatusClosed}, "Closed: every corrective action done (with done_at) or wont-do.", obj{
			{"properties", obj{{"corrective_actions", obj{{"items", obj{
				{"type", "object"},
				{"required", []string{"status"}},
				{"properties", obj{{"status", obj{
					{"enum", []string{coe.ActionDone, coe.ActionWontDo}},
					{"description", "A closed COE has every action done or wont-do."},
				}}}},
			}}}}}},
		})
	}
	return out
}

func (g *gen) reviewDemands() obj {
	var required []string
	var props obj
	if g.on(ruleQuestionUnanswered) {
		required = append(required, "what_happened", "impact", "root_cause", "supporting_data", "lessons", "corrective_actions")
		props = append(props,
			member{"what_happened", ref("answer")},
			member{"impact", obj{
				{"type", "object"},
				{"anyOf", []obj{
					{{"required", []string{"customers"}}, {"properties", obj{{"customers", ref("answer")}}}},
					{{"required", []string{"business"}}, {"properties", obj{{"business", ref("answer")}}}},
				}},
			}},
			member{"root_cause", obj{
				{"type", "object"},
				{"required", []string{"summary"}},
				{"properties", obj{{"summary", ref("answer")}}},
			}},
			member{"supporting_data", obj{
				{"type", "array"},
				{"contains", obj{
					{"type", "object"},
					{"anyOf", []obj{
						{{"required", []string{"title"}}, {"properties", obj{{"title", ref("answer")}}}},
						{{"required", []string{"link"}}, {"properties", obj{{"link", ref("answer")}}}},
						{{"required", []string{"note"}}, {"properties", obj{{"note", ref("answer")}}}},
					}},
				}},
			}},
			member{"lessons", obj{{"type", "array"}, {"contains", ref("answer")}}},
			member{"corrective_actions", obj{{"type", "array"}, {"minItems", 1}}},
		)
	}
	if g.on(ruleSecurityUnanswered) {
		required = append(required, "implications")
		props = append(props, member{"implications", obj{
			{"type", "object"},
			{"required", []string{"security"}},
			{"properties", obj{{"security", ref("answer")}}},
		}})
	}
	if g.on(ruleIncidentStart) {
		required = append(required, "incident")
		props = append(props, member{"incident", obj{
			{"type", "object"},
			{"required", []string{"started_at"}},
			{"properties", obj{{"started_at", ref("timestamp")}}},
		}})
	}
	var items obj
	if g.on(ruleActionDue) {
		items = append(items,
			member{"type", "object"},
			member{"required", []string{"due"}},
			member{"properties", obj{{"due", ref("date")}}},
		)
	}
	if g.on(ruleActionDoneAt) {
		items = append(items,
			member{"if", obj{{"required", []string{"status"}}, {"properties", obj{{"status", obj{{"const", coe.ActionDone}}}}}}},
			member{"then", obj{{"required", []string{"done_at"}}, {"properties", obj{{"done_at", ref("date")}}}}},
		)
	}
	if len(items) > 0 {
		var ca obj
		for i, p := range props {
			if p.key == "corrective_actions" {
				ca = p.val.(obj)
				props = slices.Delete(props, i, i+1)
				break
			}
		}
		props = append(props, member{"corrective_actions", ca.set("items", items)})
	}
	var then obj
	keys := coe.KeysCOE()
	if len(required) > 0 {
		slices.SortStableFunc(required, func(a, b string) int {
			return slices.Index(keys, a) - slices.Index(keys, b)
		})
		then = append(then, member{"required", required})
	}
	if len(props) > 0 {
		slices.SortStableFunc(props, func(a, b member) int {
			return slices.Index(keys, a.key) - slices.Index(keys, b.key)
		})
		then = append(then, member{"properties", props})
	}
	return then
}

func (g *gen) defs() obj {
	return obj{
		{"text", obj{
			{"description", "A text. Null or empty means not given."},
			{"type", types(append(slices.Clone(textTypes), "null")...)},
		}},
		{"markdown", obj{
			{"description", fmt.Sprintf("A Markdown answer (CommonMark with GitHub's tables, strikethrough, autolinks and task lists) "+
				"of at most %d characters. Null or empty means not given.", coe.MaxAnswerLength)},
			{"type", types(append(slices.Clone(textTypes), "null")...)},
			{"maxLength", coe.MaxAnswerLength},
		}},
		{"answer", obj{
			{"description", "A text that is not blank."},
			{"type", textTypes},
			{"pattern", `\S`},
			{"patternErrorMessage", "must be answered: this text is blank"},
		}},
		{"timestamp", obj{
			{"description", "A time: RFC 3339 with an offset, like 2024-01-28T19:05:00-06:00 or 2024-01-29T01:05:00Z."},
			{"type", "string"},
			{"format", "date-time"},
			{"pattern", "^" + timePat + "$"},
			{"patternErrorMessage", "expected RFC 3339 with an offset, like 2024-01-28T19:05:00-06:00 or 2024-01-29T01:05:00Z"},
		}},
		{"optionalTimestamp", obj{
			{"description", "A time, RFC 3339 with an offset, or null or empty when not known."},
			{"type", types("string", "null")},
			{"pattern", "^(?:" + timePat + ")?$"},
			{"patternErrorMessage", "expected RFC 3339 with an offset, like 2024-01-28T19:05:00-06:00 or 2024-01-29T01:05:00Z"},
			{"examples", []string{"2024-01-28T19:05:00-06:00"}},
		}},
		{"date", obj{
			{"description", "A date: YYYY-MM-DD."},
			{"type", "string"},
			{"format", "date"},
			{"pattern", "^" + datePat + "$"},
			{"patternErrorMessage", "expected a date, YYYY-MM-DD, like 2024-02-15"},
		}},
		{"optionalDate", obj{
			{"description", "A date, YYYY-MM-DD, or null or empty when not set."},
			{"type", types("string", "null")},
			{"pattern", "^(?:" + datePat + ")?$"},
			{"patternErrorMessage", "expected a date, YYYY-MM-DD, like 2024-02-15"},
			{"examples", []string{"2024-02-15"}},
		}},
		{"link", obj{
			{"description", "An absolute http or https URL, or null or empty."},
			{"type", types("string", "null")},
			{"pattern", "^(?:" + urlPat + ")?$"},
			{"patternErrorMessage", "expected an http or https URL, like https://dashboards.example.com/d/groups"},
		}},
		{"correctiveAction", g.action()},
	}
}

func (g *gen) action() obj {
	strict := g.on(ruleActionOwner) || g.on(ruleActionID)
	o := obj{
		{"title", "Corrective action"},
		{"description", "One thing the team will do so that this does not happen again: specific and checkable, with an owner (always) and a due date (from review on)."},
		{"type", types("object", "null")},
	}
	if strict {
		o = o.set("type", "object")
	}
	var required []string
	if g.on(ruleActionID) {
		required = append(required, "id")
	}
	if g.on(ruleActionOwner) {
		required = append(required, "owner")
	}
	if len(required) > 0 {
		o = append(o, member{"required", required})
	}
	idSchema := obj{{"type", "string"}, {"pattern", "^" + actionPat + "$"}}
	if !g.on(ruleActionID) {
		idSchema = obj{{"type", types("string", "null")}, {"pattern", "^(?:" + actionPat + ")?$"}}
	}
	return append(o,
		member{"additionalProperties", false},
		member{"properties", obj{
			{"id", append(obj{
				{"title", "Action id"},
				{"description", "CA-<n>, unique within the COE, like CA-1."},
			}, append(idSchema, member{"patternErrorMessage", "expected CA-<n>, like CA-1"})...)},
			{"action", g.markdown("Action", "What will be done, specific and checkable. Markdown.")},
			{"owner", append(obj{
				{"title", "Owner"},
				{"description", g.ownerDesc()},
			}, g.owner()...)},
			{"due", append(obj{
				{"title", "Due"},
				{"description", "When it is due: YYYY-MM-DD. Required from review on."},
			}, ref("optionalDate")...)},
			{"priority", obj{
				{"title", "Priority"},
				{"description", "high, medium or low."},
				{"enum", append(anyList(coe.Priorities()), nil)},
			}},
			{"status", obj{
				{"title", "Action status"},
				{"description", "open (when not given), in-progress, done (with done_at) or wont-do."},
				{"enum", append(anyList(coe.ActionStatuses()), nil)},
			}},
			{"done_at", append(obj{
				{"title", "Done at"},
				{"description", "The date it was done, YYYY-MM-DD: set when the status becomes done."},
			}, ref("optionalDate")...)},
			{"tracker", obj{
				{"title", "Tracker"},
				{"description", "Where the work is tracked: an http or https URL, or a ticket key without spaces, like SPK-1234."},
				{"type", types(append(slices.Clone(textTypes), "null")...)},
				{"pattern", "^(?:" + urlPat + "|" + keyPat + ")$"},
				{"patternErrorMessage", "expected an http or https URL, or a ticket key without spaces, like SPK-1234"},
				// Text with :// (or a javascript: or data: scheme) is a
				// URL, and must be an http or https one.
				{"if", obj{{"type", "string"}, {"pattern", urlLikePat}}},
				{"then", obj{
					{"pattern", "^" + urlPat + "$"},
					{"patternErrorMessage", "a tracker with a scheme must be an http or https URL, like https://tracker.example.com/SPK-1234"},
				}},
			}},
			{"note", g.markdown("Note", "What the status does not say: why it is wont-do, what is left. Markdown.")},
			{"evidence", obj{
				{"title", "Evidence"},
				{"description", "What shows the action done: git commit ids (7 to 64 hex digits) or http(s) URLs; coe actions verify --write adds the commits whose COE-Action trailer names the action."},
				{"type", types("array", "null")},
				{"items", obj{
					{"type", "string"},
					{"pattern", "^(?:[0-9a-f]{7,64}|" + urlPat + ")$"},
					{"patternErrorMessage", "expected a commit id (7 to 64 hex digits) or an http or https URL"},
				}},
			}},
		}},
	)
}

func (g *gen) ownerDesc() string {
	d := "Who sees it done: a person's handle or e-mail, like dana. Required always, even in a draft."
	if len(g.cfg.Owners) > 0 && g.on(ruleOwnerRoster) {
		d += " One of the owners roster of .coe.yaml."
		if slices.ContainsFunc(g.cfg.Roster, func(m coe.Member) bool { return m.Email != "" }) {
			d = strings.TrimSuffix(d, ".") + ": a handle, not the e-mail an entry gives."
		}
	}
	return d
}

// owner is the schema of an action's owner: not blank, and in the roster
// when the config has one.
func (g *gen) owner() obj {
	roster := len(g.cfg.Owners) > 0 && g.on(ruleOwnerRoster)
	switch {
	case roster && g.on(ruleActionOwner):
		var named []string // a blank name in the roster is no owner
		for _, o := range g.cfg.Owners {
			if strings.TrimSpace(o) != "" {
				named = append(named, o)
			}
		}
		return obj{{"enum", enumValues(named)}}
	case roster:
		// Without action-owner a blank owner passes; a given one must be
		// in the roster.
		return obj{{"anyOf", []obj{
			{{"enum", enumValues(g.cfg.Owners)}},
			{{"type", types("string", "null")}, {"pattern", `^\s*$`}},
		}}}
	case g.on(ruleActionOwner):
		return ref("answer")
	}
	return ref("text")
}

func anyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// enumValues lists names as the values a COE may hold: each name, and when
// YAML would read the name written plainly as a number or a boolean (a
// severity called 1), that value as well, since coe compares the text as
// written and an editor sees the number.
func enumValues(names []string) []any {
	var out []any
	seen := map[string]bool{}
	add := func(v any) {
		k := fmt.Sprintf("%T:%v", v, v)
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	for _, n := range names {
		add(n)
	}
	for _, n := range names {
		node := &yaml.Node{Kind: yaml.ScalarNode, Value: n}
		switch node.ShortTag() {
		case "!!int", "!!float", "!!bool":
			add(scalarJSON(node))
		}
	}
	return out
}
