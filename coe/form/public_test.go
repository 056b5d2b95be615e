package form

import (
	"errors"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// The optional step of the customers' version (public:), in a new COE and
// in an edit.

// A new COE: yes to the step, its page filled, saved; the local time of
// publication is stored with its offset, the empty title left out.
func TestRunNewTellingCustomers(t *testing.T) {
	s := validState()
	s.Step = StepPublic
	sc, err := runNew(t, &s,
		func(d *driver) {
			d.sees("New COE · Telling customers (optional)", "no names, handles, hostnames").press("y")
		},
		func(d *driver) {
			d.sees("New COE · Telling customers", "┃ Public title (optional)", "Left empty, the COE's title.")
			d.enter()
			d.sees("┃ What happened").typ("Card payments failed for 40 minutes.").enter()
			d.sees("┃ Who was affected").typ("Customers in Europe paying by card.").enter()
			d.sees("┃ What we are changing").typ("Every release is now tested in each region first.").enter()
			d.sees("┃ Apology").typ("We are sorry.").enter()
			d.sees("┃ Published at (optional)").typ("2024-02-01 12:00").enter()
		},
		func(d *driver) {
			d.sees("New COE · Finish", "Telling customers: Checkout failed").enter() // a draft
		},
	)
	sc.done()
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.COEIn(testOptions().Location)
	if err != nil {
		t.Fatal(err)
	}
	want := coe.Public{Summary: "Card payments failed for 40 minutes.", Impact: "Customers in Europe paying by card.",
		Changes: "Every release is now tested in each region first.", Apology: "We are sorry."}
	if c.Public == nil {
		t.Fatal("public = nil, want the answers")
	}
	got := *c.Public
	if p := coe.FormatTime(got.PublishedAt); p != "2024-02-01T12:00:00-06:00" {
		t.Errorf("published_at = %q, want 2024-02-01T12:00:00-06:00 (the repository's zone)", p)
	}
	got.PublishedAt = want.PublishedAt
	if got != want {
		t.Errorf("public = %+v\nwant %+v", got, want)
	}
	if c.PublicTitle() != "Checkout failed" {
		t.Errorf("public title = %q, want the COE's", c.PublicTitle())
	}
}

// Stopped inside the page, the draft resumes in it, at the field it was
// in, without asking again whether to write it.
func TestRunNewPublicResumesInThePage(t *testing.T) {
	s := validState()
	s.Step = StepPublic
	_, err := runNew(t, &s,
		func(d *driver) { d.press("y") },
		func(d *driver) {
			d.enter().typ("Payments failed.").enter()
			d.sees("┃ Who was affected").typ("Half").key(escKey)
		},
	)
	if !errors.Is(err, ErrAborted) || s.Step != StepPublic || s.Item != 1 || s.Field != 2 {
		t.Fatalf("err = %v, step %d, item %d, field %d", err, s.Step, s.Item, s.Field)
	}
	resumed, err := ParseDraft(MarshalDraft(s, "coe new --resume x"))
	if err != nil || resumed.Public != s.Public {
		t.Fatalf("the draft lost the public answers: %v, %+v", err, resumed.Public)
	}
	sc, err := runNew(t, &resumed,
		func(d *driver) {
			if strings.Contains(d.view(), "Write the customers' version now?") {
				t.Errorf("the resumed form asks again:\n%s", d.view())
			}
			d.sees("New COE · Telling customers", "┃ Who was affected", "Half")
			d.key(endKey).typ(" of the EU.").enter().enter().enter().enter()
		},
		func(d *driver) { d.sees("New COE · Finish").enter() },
	)
	sc.done()
	if err != nil {
		t.Fatal(err)
	}
	if resumed.Public.Summary != "Payments failed." || resumed.Public.Impact != "Half of the EU." {
		t.Fatalf("public = %+v", resumed.Public)
	}
}

// Answering no leaves the COE without a public section, and the last page
// leads back to the step.
func TestRunNewPublicSkippedAndBack(t *testing.T) {
	s := validState()
	s.Step = StepPublic
	sc, err := runNew(t, &s,
		func(d *driver) { d.sees("Write the customers' version now?").enter() },
		func(d *driver) { d.sees("New COE · Finish").press("G").sees("> Go back to telling customers").enter() },
		func(d *driver) { d.sees("Telling customers (optional)").press("y") },
		func(d *driver) { d.enter().typ("Payments failed.").enter().enter().enter().enter().enter() },
		func(d *driver) { d.sees("Telling customers: Checkout failed").enter() },
	)
	sc.done()
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.COE()
	if err != nil || c.Public == nil || c.Public.Summary != "Payments failed." {
		t.Fatalf("err = %v, public = %+v", err, c.Public)
	}
}

// coe edit --section public opens the page at once, then the last page;
// what is saved is the base with the one answer changed.
func TestRunEditSectionPublic(t *testing.T) {
	base := example(t)
	base.Public = &coe.Public{Summary: "Groups stopped playing.\n", Apology: "Sorry.\n"}
	s := FromCOE(base)
	if err := s.OpenSection("public"); err != nil {
		t.Fatal(err)
	}
	err := runEdit(t, base, &s, testOptions(),
		func(d *driver) {
			d.sees("Edit "+base.ID+" · Telling customers", "Groups stopped playing.")
			d.enter().enter().enter()
			d.sees("┃ What we are changing").typ("Updates now test every speaker model.").enter().enter().enter()
		},
		func(d *driver) { d.sees("· Finish", "Changed: the customers' version.").enter() },
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Merge(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := *base
	want.Public = &coe.Public{Summary: "Groups stopped playing.\n", Apology: "Sorry.\n", Changes: "Updates now test every speaker model."}
	if d := diffCOE(&want, got); len(d) > 0 {
		t.Fatalf("%s", strings.Join(d, "\n"))
	}
	if base.Public.Changes != "" {
		t.Error("the edit changed the base COE's public section")
	}
}

// Merge keeps the base's section when it is untouched, and a section
// emptied is none.
func TestMergePublic(t *testing.T) {
	base := example(t)
	base.Public = &coe.Public{Title: "Speakers", Summary: "x\n"}
	s := FromCOE(base)
	got, err := s.Merge(base, nil)
	if err != nil || got.Public != base.Public {
		t.Fatalf("an untouched section is not the base's own: %v, %p != %p", err, got.Public, base.Public)
	}
	s.Public = Public{Title: "  "}
	if got, err = s.Merge(base, nil); err != nil || got.Public != nil {
		t.Fatalf("an emptied section: %v, %+v; want nil", err, got.Public)
	}
	s.Public = Public{PublishedAt: "yesterday"}
	_, err = s.Merge(base, nil)
	if ps := Problems(err); len(ps) != 1 || ps[0].Field != "public.published_at" || !strings.Contains(ps[0].Err.Error(), "public published_at") {
		t.Fatalf("problems = %+v", ps)
	}
}

// A finding about the public section leads to its field.
func TestLocatePublic(t *testing.T) {
	b := newBuilder(true)
	for path, want := range map[string]spot{
		"public":              {part: "public"},
		"public.summary":      {part: "public", field: 1},
		"public.apology":      {part: "public", field: 4},
		"public.published_at": {part: "public", field: 5},
	} {
		if got, where := b.locate(path); got != want || where != "Telling customers" {
			t.Errorf("locate(%q) = %+v, %q; want %+v, Telling customers", path, got, where, want)
		}
	}
}

// The menu of parts lists the customers' version last, after the
// corrective actions, with what it holds; chosen, it opens its page.
func TestEditMenuTellingCustomers(t *testing.T) {
	base := example(t)
	base.Public = nil
	s := FromCOE(base)
	err := runEdit(t, base, &s, testOptions(),
		func(d *driver) {
			menu := d.view()
			ca, pub := strings.Index(menu, "CA-5"), strings.Index(menu, "Telling customers      none (optional)")
			if ca < 0 || pub < ca {
				t.Errorf("the menu does not list the customers' version after the actions:\n%s", menu)
			}
			d.pick("Telling customers").enter()
		},
		func(d *driver) {
			d.sees("┃ Public title (optional)").typ("Speaker groups stopped playing").enter()
			d.typ("Grouped speakers stopped playing together for a day.").enter().enter().enter().enter().enter()
		},
		func(d *driver) {
			d.sees("Telling customers      Grouped speakers stopped playing").pick("Save…").enter()
		},
		func(d *driver) { d.sees("Changed: the customers' version.").enter() },
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Merge(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := coe.Public{Title: "Speaker groups stopped playing", Summary: "Grouped speakers stopped playing together for a day."}
	if got.Public == nil || *got.Public != want {
		t.Fatalf("public = %+v, want %+v", got.Public, want)
	}
}
