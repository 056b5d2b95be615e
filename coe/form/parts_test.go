package form

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/lint"
)

func example(t *testing.T) *coe.COE {
	t.Helper()
	doc, err := coe.ReadFile("../../examples/coes/2024-01-28-speaker-groups-stopped-playing.yaml", coe.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return &doc.COE
}

// runEdit runs RunEdit on base with s, each form answered in turn.
func runEdit(t *testing.T, base *coe.COE, s *State, opts Options, steps ...func(d *driver)) error {
	t.Helper()
	sc := newScript(t, steps...)
	opts.Run = sc.run
	opts.Base = base
	err := RunEdit(t.Context(), s, opts)
	sc.done()
	return err
}

// Merge writes only what changed: an untouched state gives base back as it
// is, values it cannot convert included, and a change replaces that value
// alone.
func TestMergeKeepsWhatDidNotChange(t *testing.T) {
	base := example(t)
	// Values a form shows differently from the file: spaces at line ends,
	// a CRLF, a fraction of a second, an action without an owner (which
	// the form would refuse).
	base.WhatHappened = "Line one.   \r\nLine two.\n"
	base.Incident.DetectedAt = base.Incident.DetectedAt.Add(500 * time.Millisecond)
	base.CorrectiveActions[1].Owner = ""
	s := FromCOE(base)
	got, err := s.Merge(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, base) {
		t.Fatalf("an untouched edit changed the COE:\n%s", strings.Join(diffCOE(base, got), "\n"))
	}

	// A lesson added, the lessons moved, a why changed: the rest is base's.
	s.Lessons = append([]string{"A new lesson.  "}, s.Lessons...)
	s.Lessons[1], s.Lessons[2] = s.Lessons[2], s.Lessons[1]
	s.RootCause.Whys[0] += " Really."
	got, err = s.Merge(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := *base
	want.Lessons = []string{"A new lesson.", base.Lessons[1], base.Lessons[0], base.Lessons[2], base.Lessons[3]}
	want.RootCause.Whys = slices.Clone(base.RootCause.Whys)
	want.RootCause.Whys[0] += " Really."
	if d := diffCOE(&want, got); len(d) > 0 {
		t.Fatalf("merge:\n%s", strings.Join(d, "\n"))
	}

	// What the user changed is checked; what they did not is not.
	s.CorrectiveActions[0].Due = "2024-02-30"
	if _, err := s.Merge(base, nil); err == nil || !strings.Contains(err.Error(), `corrective action CA-1 due: invalid date "2024-02-30"`) ||
		strings.Contains(err.Error(), "CA-2") {
		t.Fatalf("err = %v", err)
	}
	ps := Problems(func() error { _, err := s.Merge(base, nil); return err }())
	if len(ps) != 1 || ps[0].Field != "corrective_actions[0].due" {
		t.Fatalf("problems = %+v", ps)
	}
}

// Times are read in the zone given: a local time gets the zone's offset
// of that day, a time of day alone the incident's start date.
func TestCOEInReadsTimesInTheZone(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	s := State{Title: "T", Severity: "sev2", Status: "draft", StartedAt: "2026-11-30 14:02", DetectedAt: "14:20",
		Timeline: []TimelineEntry{{At: "2026-07-01T09:00", Event: "Summer time"}, {At: "15:00", Event: "On the start date"}}}
	c, err := s.COEIn(paris)
	if err != nil {
		t.Fatal(err)
	}
	for got, want := range map[string]string{
		coe.FormatTime(c.Incident.StartedAt):  "2026-11-30T14:02:00+01:00",
		coe.FormatTime(c.Incident.DetectedAt): "2026-11-30T14:20:00+01:00",
		coe.FormatTime(c.Timeline[0].At):      "2026-07-01T09:00:00+02:00",
		coe.FormatTime(c.Timeline[1].At):      "2026-11-30T15:00:00+01:00",
	} {
		if got != want {
			t.Errorf("stored %s, want %s", got, want)
		}
	}
	// A local time the clocks skipped is an error naming its field.
	s.Timeline[0].At = "2026-03-29 02:30"
	_, err = s.COEIn(paris)
	if ps := Problems(err); len(ps) != 1 || ps[0].Field != "timeline[0].at" || !strings.Contains(ps[0].Err.Error(), "timeline entry 1 at") {
		t.Fatalf("problems = %+v (%v)", ps, err)
	}
}

func TestOpenSection(t *testing.T) {
	s := FromCOE(example(t))
	for in, want := range map[string]string{
		"lessons": "lessons", "Lessons": "lessons", "corrective_actions": "corrective-actions",
		"what-happened": "what-happened", "ca-4": "CA-4", "CA-1": "CA-1", " timeline ": "timeline",
	} {
		st := s
		if err := st.OpenSection(in); err != nil || st.Section != want || st.Part != want {
			t.Errorf("OpenSection(%q) = %v, section %q, part %q; want %q", in, err, st.Section, st.Part, want)
		}
	}
	st := s
	if err := st.OpenSection("lesons"); err == nil || !strings.Contains(err.Error(), `unknown section "lesons"; did you mean "lessons"?`) ||
		!strings.Contains(err.Error(), `"CA-5"`) {
		t.Errorf("err = %v", err)
	}
	if err := st.OpenSection("CA-9"); err == nil {
		t.Error("an action that does not exist opened")
	}
	names := s.SectionNames()
	if len(names) != len(Sections())+5 || names[0] != "basics" || names[len(names)-1] != "CA-5" {
		t.Errorf("names = %q", names)
	}
}

// coe edit --section lessons: the lessons' list at once; a lesson added,
// then the last page, not the menu.
func TestRunEditSectionAddsALesson(t *testing.T) {
	base := example(t)
	s := FromCOE(base)
	if err := s.OpenSection("lessons"); err != nil {
		t.Fatal(err)
	}
	err := runEdit(t, base, &s, testOptions(),
		func(d *driver) { d.sees("Question 6 of 7", "Lessons: 4").pick("Add a lesson").enter() },
		func(d *driver) { d.sees("Lesson 5").typ("Rehearse the rollback.").enter() },
		func(d *driver) { d.sees("Lessons: 5", "5. Rehearse the rollback.").pick("Done").enter() },
		func(d *driver) { d.sees("· Finish", "Changed: the lessons.").enter() },
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Merge(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := *base
	want.Lessons = append(slices.Clone(base.Lessons), "Rehearse the rollback.")
	if d := diffCOE(&want, got); len(d) > 0 {
		t.Fatalf("%s", strings.Join(d, "\n"))
	}
}

// Items move up and down; removing one asks with its name, and n keeps it.
func TestListMovesAndRemoves(t *testing.T) {
	base := example(t)
	s := FromCOE(base)
	if err := s.OpenSection("whys"); err == nil {
		t.Fatal("whys is not a section")
	}
	if err := s.OpenSection("lessons"); err != nil {
		t.Fatal(err)
	}
	first := short(base.Lessons[0], 20)
	err := runEdit(t, base, &s, testOptions(),
		func(d *driver) { d.pick("1. ").enter() },
		func(d *driver) { d.sees("Lesson 1, ").pick("Move it down").enter() },
		func(d *driver) { d.sees("> 2. " + strings.TrimSuffix(first, "…")).enter() },
		func(d *driver) { d.pick("Remove it").enter() },
		func(d *driver) {
			d.sees(`Remove lesson 2, "`+strings.TrimSuffix(first, "…"), "Remove", "Keep").press("n")
		},
		func(d *driver) { d.sees("Lessons: 4").pick("4. ").enter() },
		func(d *driver) { d.sees("Move it up").pick("Remove it").enter() },
		func(d *driver) { d.sees("Remove lesson 4, ").press("y") },
		func(d *driver) { d.sees("Lessons: 3").pick("Done").enter() },
		func(d *driver) { d.sees("· Finish").enter() },
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{base.Lessons[1], base.Lessons[0], base.Lessons[2]}
	if !slices.Equal(s.Lessons, want) {
		t.Fatalf("lessons = %q\nwant %q", s.Lessons, want)
	}
}

// A due date in the past is kept only when confirmed with a second enter;
// one the action had already needs no confirm.
func TestPastDueNeedsConfirm(t *testing.T) {
	a := &Action{ID: "CA-1", Action: "x", Owner: "dana", Priority: "medium", Status: "open"}
	d := drive(t, newBuilder(false).actionForm(a, 1))
	d.enter().enter()
	d.typ("2024-01-15").enter().sees("2024-01-15 is in the past (today is 2024-02-01); press enter again to keep it").
		sees("┃ Due")
	d.enter().sees("┃ Priority")
	if a.Due != "2024-01-15" {
		t.Fatalf("due = %q", a.Due)
	}
	// Changed again to another past date: asked again.
	d.key(backTab).clear().typ("2024-01-16").enter().sees("2024-01-16 is in the past")
	d.clear().typ("2024-03-01").enter().sees("┃ Priority")

	old := &Action{ID: "CA-2", Action: "x", Owner: "dana", Due: "2023-06-30", Priority: "medium", Status: "open"}
	d = drive(t, newBuilder(true).actionForm(old, 2))
	d.enter().enter().enter().sees("┃ Priority")
}

// The final check: coe lint's errors on what would be saved, each leading
// to its field, and no review until they are fixed.
func TestFinalCheckLeadsToTheField(t *testing.T) {
	base := example(t)
	s := FromCOE(base)
	s.Related += ", 2099-01-01-no-such-coe"
	s.Timeline[3].At = "2024-01-28T18:00:00-06:00"
	var checked []*coe.COE
	opts := testOptions()
	opts.Check = func(c *coe.COE) []check.Finding {
		checked = append(checked, c)
		var fs []check.Finding
		for i, r := range c.Related {
			if r == "2099-01-01-no-such-coe" {
				fs = append(fs, check.Finding{Diagnostic: lint.Diagnostic{Severity: lint.Error, Rule: "related-exists",
					Message: `related COE "2099-01-01-no-such-coe" does not exist`}, Field: "related[" + string(rune('0'+i)) + "]"})
			}
		}
		for i := 1; i < len(c.Timeline); i++ {
			if c.Timeline[i].At.Before(c.Timeline[i-1].At) {
				fs = append(fs, check.Finding{Diagnostic: lint.Diagnostic{Severity: lint.Error, Rule: "timeline-order",
					Message: "timeline entry out of order"}, Field: "timeline[" + string(rune('0'+i)) + "].at"})
			}
		}
		fs = append(fs, check.Finding{Diagnostic: lint.Diagnostic{Severity: lint.Warning, Rule: "x", Message: "a warning"}})
		return fs
	}
	err := runEdit(t, base, &s, opts,
		func(d *driver) { d.pick("Save…").enter() },
		func(d *driver) { d.pick("Save as review").enter() },
		func(d *driver) {
			d.sees("The final check", "coe lint finds 2 errors", "review cannot be saved until they are fixed",
				`The basics · Related COEs: related COE "2099-01-01-no-such-coe" does not exist [related-exists]`,
				"Timeline entry 4: timeline entry out of order [timeline-order]", "Save it as a draft instead")
			if strings.Contains(d.view(), "a warning") {
				t.Error("a warning is listed among the errors")
			}
			d.pick("The basics").enter()
		},
		func(d *driver) {
			d.sees("People and labels", "┃ Related COEs").key(endKey)
			for range len(", 2099-01-01-no-such-coe") {
				d.key(backspace)
			}
			d.enter()
		},
		func(d *driver) { d.sees("· Finish").pick("Save as review").enter() },
		func(d *driver) {
			d.sees("coe lint finds 1 error").pick("Timeline entry 4").enter()
		},
		func(d *driver) {
			d.sees("Timeline entry 4", "┃ When").clear().typ("2024-01-28 20:05").enter().enter()
		},
		func(d *driver) { d.sees("· Finish").pick("Save as review").enter() },
	)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != "review" || s.Related != joinList(base.Related) || s.Timeline[3].At != "2024-01-28T20:05:00-06:00" {
		t.Fatalf("status %q, related %q, timeline entry 4 at %q", s.Status, s.Related, s.Timeline[3].At)
	}
	if len(checked) != 3 || checked[0].Status != "review" {
		t.Errorf("checked %d times", len(checked))
	}
}

// A draft may be saved with errors, once the user says so.
func TestFinalCheckDraftAnyway(t *testing.T) {
	s := validState()
	s.Step = StepFinish
	opts := testOptions()
	opts.Check = func(*coe.COE) []check.Finding {
		return []check.Finding{{Diagnostic: lint.Diagnostic{Severity: lint.Error, Rule: "r", Message: "bad"}, Field: "title"}}
	}
	sc := newScript(t,
		func(d *driver) { d.sees("Save it as a draft").enter() },
		func(d *driver) { d.sees("The basics · Title: bad [r]").pick("Back").enter() },
		func(d *driver) { d.enter() },
		func(d *driver) { d.pick("Save it as a draft anyway").enter() },
	)
	opts.Run = sc.run
	if err := RunNew(t.Context(), &s, opts); err != nil {
		t.Fatal(err)
	}
	sc.done()
	if s.Status != "draft" {
		t.Fatalf("status = %q", s.Status)
	}
}

// An edit stopped inside a part reopens at that field; after the part the
// menu follows. A draft of an older version (a step alone) opens the part
// of its step.
func TestRunEditResumesAtTheField(t *testing.T) {
	base := example(t)
	s := FromCOE(base)
	err := runEdit(t, base, &s, testOptions(),
		func(d *driver) { d.pick("The basics").enter() },
		func(d *driver) {
			d.sees("┃ Title").enter().enter().enter().enter().sees("┃ Mitigated at").key(escKey)
		},
	)
	if !errors.Is(err, ErrAborted) || s.Part != "basics" || s.Field != 4 || s.Step != StepBasics {
		t.Fatalf("err %v, part %q, field %d, step %d", err, s.Part, s.Field, s.Step)
	}
	s2, err := ParseDraft(MarshalDraft(s, ""))
	if err != nil {
		t.Fatal(err)
	}
	err = runEdit(t, base, &s2, testOptions(),
		func(d *driver) { d.sees("· When", "┃ Mitigated at").key(escKey) },
	)
	if !errors.Is(err, ErrAborted) || s2.Field != 4 {
		t.Fatalf("err %v, field %d", err, s2.Field)
	}

	// In a corrective action, by its id.
	s = FromCOE(base)
	err = runEdit(t, base, &s, testOptions(),
		func(d *driver) { d.pick("CA-4").enter() },
		func(d *driver) { d.enter().sees("┃ Owner").typ("x").key(escKey) },
	)
	if !errors.Is(err, ErrAborted) || s.Part != "CA-4" || s.Item != 4 || s.Field != 1 {
		t.Fatalf("err %v, part %q, item %d, field %d", err, s.Part, s.Item, s.Field)
	}
	err = runEdit(t, base, &s, testOptions(),
		func(d *driver) { d.sees("CA-4", "┃ Owner", "kenjix").key(escKey) },
	)
	if !errors.Is(err, ErrAborted) {
		t.Fatal(err)
	}

	// An older draft: step 7, the lessons.
	old := FromCOE(base)
	old.Step = StepLessons
	err = runEdit(t, base, &old, testOptions(),
		func(d *driver) { d.sees("Lessons: 4").pick("Done").enter() },
		func(d *driver) { d.sees("Which part?").key(escKey) },
	)
	if !errors.Is(err, ErrAborted) || old.Part != partMenu {
		t.Fatalf("err %v, part %q", err, old.Part)
	}
}

// The hint of a time fits an 80-column screen without breaking a
// timestamp, and names the zone.
func TestTimeHintFitsEightyColumns(t *testing.T) {
	s := &State{}
	d := driveSized(t, newBuilder(false).basicsForm(s), 80, 40)
	d.typ("T").enter().enter()
	d.sees("Local times are in CST")
	for _, stamp := range []string{"2026-11-30T14:02:00+01:00", "2026-11-30 14:02"} {
		found := false
		for _, l := range strings.Split(d.view(), "\n") {
			found = found || strings.Contains(l, stamp)
		}
		if !found {
			t.Errorf("no line shows %q whole:\n%s", stamp, d.view())
		}
	}
	for _, l := range strings.Split(newBuilder(false).timeHint(true), "\n") {
		if n := len([]rune(l)); n > hintWidth {
			t.Errorf("hint line of %d runes: %q", n, l)
		}
	}
}

// In screen-reader mode the menus are read aloud: no columns, and no
// numbers of their own before the ones huh reads.
func TestRunEditAccessibleMenus(t *testing.T) {
	base := example(t)
	s := FromCOE(base)
	var out strings.Builder
	opts := testOptions()
	opts.Accessible, opts.In, opts.Out, opts.Base = true, strings.NewReader("8\n"), &out, base
	err := RunEdit(t.Context(), &s, opts)
	if !errors.Is(err, ErrAborted) {
		t.Fatalf("err = %v\n%s", err, out.String())
	}
	for _, want := range []string{"8. Question 6: the lessons: 4: A customer-visible", "1. A customer-visible incident", "6. Done"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("accessible output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "1. 1.") || strings.Contains(out.String(), "2. 1. What happened?") {
		t.Errorf("accessible menus are numbered twice:\n%s", out.String())
	}
}

// Each path of the file leads to the field that holds it; one the form
// has no field for, to the last page.
func TestLocate(t *testing.T) {
	edit, add := newBuilder(true), newBuilder(false)
	for _, c := range []struct {
		b     *builder
		path  string
		want  spot
		where string
	}{
		{edit, "title", spot{part: "basics"}, "The basics · Title"},
		{edit, "related[1]", spot{part: "basics", field: 10}, "The basics · Related COEs"},
		{edit, "authors", spot{part: "basics", field: 6}, "The basics · Authors"},
		{edit, "incident.mitigated_at", spot{part: "basics", field: 4}, "The basics · mitigated at"},
		{edit, "incident", spot{part: "basics", field: 2}, "The basics · When"},
		{edit, "what_happened", spot{part: "what-happened"}, "Question 1 · What happened"},
		{edit, "timeline[3].at", spot{part: "timeline", item: 4}, "Timeline entry 4"},
		{edit, "timeline[0].event", spot{part: "timeline", item: 1, field: 1}, "Timeline entry 1"},
		{edit, "timeline", spot{part: "timeline"}, "The timeline"},
		{edit, "impact.communication", spot{part: "impact", field: 3}, "Question 2 · Impact"},
		{edit, "root_cause.whys[2]", spot{part: "root-cause", item: 3}, "Question 3 · Why #3"},
		{edit, "root_cause.summary", spot{part: "root-cause"}, "Question 3 · Root cause"},
		{edit, "supporting_data[1].link", spot{part: "supporting-data", item: 2, field: 1}, "Supporting data item 2"},
		{edit, "implications.security", spot{part: "implications"}, "Question 5 · Implications"},
		{edit, "lessons[0]", spot{part: "lessons", item: 1}, "Lesson 1"},
		{edit, "corrective_actions[1].done_at", spot{part: "corrective-actions", item: 2, field: 5}, "Corrective action 2"},
		{edit, "corrective_actions[1].tracker", spot{part: "corrective-actions", item: 2, field: 6}, "Corrective action 2"},
		{add, "corrective_actions[1].tracker", spot{part: "corrective-actions", item: 2, field: 4}, "Corrective action 2"},
		{edit, "corrective_actions[1].id", spot{part: "corrective-actions", item: 2}, "Corrective action 2"},
		{edit, "status", spot{part: partFinish}, ""},
		{edit, "", spot{part: partFinish}, ""},
		{edit, "[[[", spot{part: partFinish}, ""},
	} {
		got, where := c.b.locate(c.path)
		if got != c.want || where != c.where {
			t.Errorf("locate(%q) = %+v %q, want %+v %q", c.path, got, where, c.want, c.where)
		}
	}
}

// The field a finding leads to is the one that holds its value: the
// indexes of locate are those of the forms.
func TestFindingOpensItsField(t *testing.T) {
	base := example(t)
	for path, title := range map[string]string{
		"related[0]": "Related COEs", "incident.resolved_at": "Resolved at", "severity": "Severity",
		"impact.customers_affected": "Customers affected", "implications.other": "Other implications",
		"timeline[1].event": "What happened then", "supporting_data[0].note": "Note",
		"corrective_actions[0].done_at": "Done on", "corrective_actions[0].tracker": "Tracker",
		"corrective_actions[2].owner": "Owner", "root_cause.whys[1]": "Why #2", "lessons[3]": "Lesson #4",
	} {
		t.Run(path, func(t *testing.T) {
			s := FromCOE(base)
			s.Part = partFinish
			opts := testOptions()
			opts.Owners = nil
			opts.Check = func(*coe.COE) []check.Finding {
				return []check.Finding{{Diagnostic: lint.Diagnostic{Severity: lint.Error, Rule: "r", Message: "bad"}, Field: path}}
			}
			err := runEdit(t, base, &s, opts,
				func(d *driver) { d.enter() },
				func(d *driver) { d.sees("bad [r]").enter() },
				func(d *driver) { d.sees("┃ " + title).key(escKey) },
			)
			if !errors.Is(err, ErrAborted) {
				t.Fatal(err)
			}
		})
	}
}

// A new COE stopped while fixing what the final check found resumes at
// that field, then goes to the last page.
func TestRunNewResumesAFix(t *testing.T) {
	s := validState()
	s.Step = StepFinish
	opts := testOptions()
	opts.Check = func(c *coe.COE) []check.Finding {
		if len(c.Tags) > 0 {
			return nil
		}
		return []check.Finding{{Diagnostic: lint.Diagnostic{Severity: lint.Error, Rule: "r", Message: "no tags"}, Field: "tags"}}
	}
	sc := newScript(t,
		func(d *driver) { d.sees("Save it as a draft").enter() },
		func(d *driver) { d.sees("The basics · Tags: no tags [r]").enter() },
		func(d *driver) { d.sees("┃ Tags").typ("payments").key(escKey) },
	)
	opts.Run = sc.run
	err := RunNew(t.Context(), &s, opts)
	sc.done()
	if !errors.Is(err, ErrAborted) || s.Part != "basics" || s.Field != 8 || s.Tags != "payments" {
		t.Fatalf("err %v, part %q, field %d, tags %q", err, s.Part, s.Field, s.Tags)
	}
	s2, err := ParseDraft(MarshalDraft(s, ""))
	if err != nil {
		t.Fatal(err)
	}
	sc = newScript(t,
		func(d *driver) { d.sees("┃ Tags", "payments").submit() },
		func(d *driver) { d.sees("New COE · Finish").enter() },
	)
	opts.Run = sc.run
	if err := RunNew(t.Context(), &s2, opts); err != nil {
		t.Fatal(err)
	}
	sc.done()
	if s2.Status != "draft" || s2.Part != "" || s2.Step != StepFinish {
		t.Fatalf("status %q, part %q, step %d", s2.Status, s2.Part, s2.Step)
	}
}
