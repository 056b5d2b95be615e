package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coe-cli/coe/coe"
)

// TestRealWorld lints the corpus of well-written COEs retold from public
// postmortems (testdata/realworld) as coe lint --all-rules does: the
// quality rules must find nothing there, and nothing else may be wrong.
// A rule that fires on one is a false positive to fix in the rule, or a
// weakness to fix in the COE, never a finding to accept.
func TestRealWorld(t *testing.T) {
	r, results := loadRepo(t, filepath.Join("testdata", "realworld"))
	for id, level := range r.Config.Rules {
		if id == GroupQuality || RuleGroup(id) == GroupQuality {
			t.Fatalf("testdata/realworld/.coe.yaml sets %s to %s; the quality rules must run as shipped", id, level)
		}
	}
	if r.Config.Quality != nil {
		t.Fatal("testdata/realworld/.coe.yaml has a quality: section; the quality rules must run with their built-in lists")
	}
	if len(results) < 8 {
		t.Fatalf("found %d real-world COEs; expected at least 8", len(results))
	}
	ds := Repository(results, Options{Config: r.Config, AllRules: true})
	if len(ds) > 0 {
		t.Errorf("the real-world COEs got diagnostics:\n%s", render(ds))
	}
	// Each quality rule had something to judge.
	statuses := map[string]int{}
	for _, res := range results {
		statuses[res.Doc.COE.Status]++
	}
	if statuses[coe.StatusDraft] == len(results) {
		t.Error("every real-world COE is a draft")
	}
}

// TestQualityStatus: the quality group applies from status review on, and
// to drafts only with AllRules.
func TestQualityStatus(t *testing.T) {
	weak := func(status string) string {
		return `version: 1
id: 2024-05-01-weak
title: Weak
status: ` + status + `
severity: sev2
root_cause:
  summary: Human error.
`
	}
	for _, tc := range []struct {
		status string
		all    bool
		want   bool
	}{
		{coe.StatusDraft, false, false},
		{coe.StatusDraft, true, true},
		{coe.StatusReview, false, true},
		{coe.StatusApproved, false, true},
		{coe.StatusClosed, false, true},
	} {
		ds := InGroup(lintString(t, "coes/2024-05-01-weak.yaml", weak(tc.status), Options{AllRules: tc.all}), GroupQuality)
		got := slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Rule == RuleBlame })
		if got != tc.want {
			t.Errorf("status %s, AllRules %v: blame reported %v, want %v:\n%s", tc.status, tc.all, got, tc.want, render(ds))
		}
	}
}

func TestTokenize(t *testing.T) {
	words := func(s string) []string {
		var out []string
		for _, tok := range tokenize(s) {
			out = append(out, tok.word)
		}
		return out
	}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Human error, again.", []string{"human", "error", "again"}},
		{"human-readable logs", []string{"human-readable", "logs"}},
		{"Double-check it - twice", []string{"double-check", "it", "twice"}},
		{"Dana's push; li.wei@example.com", []string{"dana", "s", "push", "li", "wei", "example", "com"}},
		{"Über Müller ÉQUIPE 障害 ٣٤٠٠", []string{"über", "müller", "équipe", "障害", "٣٤٠٠"}},
		{"trailing-", []string{"trailing"}},
		{"", nil},
	} {
		if got := words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMatcher: entries match whole words, without regard to case, a * at
// the end matches any ending, and a phrase's words must stand as written
// (white space of any kind between them, or the same punctuation).
func TestMatcher(t *testing.T) {
	for _, tc := range []struct {
		entry, text string
		want        string // the match, "" for none
	}{
		{"human error", "It was Human Error.", "Human Error"},
		{"human error", "It was HUMAN\n   error", "HUMAN\n   error"},
		{"human error", "human, error", ""},
		{"human error", "human-readable errors", ""},
		{"human error", "humans error", ""},
		{"dan", "a dangerous change", ""},
		{"dan", "Dan's change", "Dan"},
		{"li.wei", "asked li.wei first", "li.wei"},
		{"li.wei", "asked li wei first", ""},
		{"remind*", "we reminded them", "reminded"},
		{"remind*", "a premind", ""},
		{"send a remind*", "send a reminder", "send a reminder"},
		{"müller", "MÜLLER schrieb", "MÜLLER"},
		{"menschliches versagen", "Menschliches Versagen war es", "Menschliches Versagen"},
		{"障害", "重大な障害", ""},
		{"n/a", "N/A", "N/A"},
	} {
		m := newMatcher([]string{tc.entry})
		toks := tokenize(tc.text)
		got := ""
		for i := range toks {
			if e, end := m.at(tc.text, toks, i); e != nil {
				got = tc.text[toks[i].start:toks[end-1].end]
				break
			}
		}
		if got != tc.want {
			t.Errorf("%q in %q: got %q, want %q", tc.entry, tc.text, got, tc.want)
		}
	}
}

// TestBlameWords: what blame must not take for blame, and what it must.
func TestBlameWords(t *testing.T) {
	cfg := coe.DefaultConfig()
	cfg.Owners = []string{"dana", "will", "page", "max", "al", "ops"}
	for _, tc := range []struct {
		why  string
		want string // the quoted word, "" for none
	}{
		{"The operator role could push without a diff.", ""},
		{"The push log was not human-readable.", ""},
		{"The operator error budget was not part of the gate.", ""},
		{"The user error message blamed the card.", ""},
		{"It was not human error but a missing check.", ""},
		{"No one forgot anything: nothing asked them to.", ""},
		{"The forgot password page returned errors.", ""},
		{"We will page support when the alarm fires.", ""},
		{"Will it recur? Not once the check runs.", ""},
		{"Max connections dropped with the stale inventory.", ""},
		{"The ops team had no alarm.", ""},
		{"Al reviewed it.", ""}, // names of fewer than three letters are left out
		{"Danaher's inventory lagged.", ""},
		{"Because Will skipped the canary.", `"Will"`},
		{"Because dana skipped the canary.", `"dana"`},
		{"Human error.", `"Human error"`},
		{"The engineer was careless.", `"careless"`},
		{"On-call forgot to check the dashboard.", `"forgot to"`},
		{"The operator error caused it.", `"operator error"`},
	} {
		src := "version: 1\nid: 2024-05-01-w\ntitle: W\nstatus: review\nseverity: sev2\nroot_cause:\n  whys:\n    - " + yamlQuote(tc.why) + "\n"
		var got string
		for _, d := range lintString(t, "coes/2024-05-01-w.yaml", src, Options{Config: cfg}) {
			if d.Rule == RuleBlame {
				got = d.Message
			}
		}
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("why %q: blame says %q; want %s", tc.why, got, or(tc.want, "nothing"))
		}
	}
}

func yamlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// TestHasNumber: the numbers an impact is quantified with, and what is not
// one.
func TestHasNumber(t *testing.T) {
	v := vocabFor(&coe.Config{})
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"3,400 customers could not pay.", true},
		{"Payments failed for 12% of shoppers.", true},
		{"For 47 minutes nobody could pay.", true},
		{"About $18,000 of orders were lost.", true},
		{"Shoppers could not pay for two hours.", true},
		{"Dozens of shoppers wrote to support.", true},
		{"لم يتمكن ٣٤٠٠ عميل من الدفع", true},
		{"Customers could not pay by card.", false},
		{"The sev2 queue saw errors until CA-2 shipped, IPv6 users too.", false},
		{"Everyone had a bad time.", false},
		{"", false},
	} {
		if got := hasNumber(v, tc.text); got != tc.want {
			t.Errorf("hasNumber(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestQualityConfig: the lists of quality: in .coe.yaml extend the built-in
// ones, or with replace: true replace them; high_priority_days moves the
// limit; names name people.
func TestQualityConfig(t *testing.T) {
	src := func(why string) string {
		return "version: 1\nid: 2024-05-01-c\ntitle: C\nstatus: review\nseverity: sev2\nroot_cause:\n  whys:\n    - " + why + "\n"
	}
	blames := func(cfgSrc, why string) bool {
		t.Helper()
		cfg, err := coe.ParseConfig(coe.ConfigName, []byte(cfgSrc))
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(lintString(t, "coes/2024-05-01-c.yaml", src(why), Options{Config: cfg}), func(d Diagnostic) bool { return d.Rule == RuleBlame })
	}
	extend := "quality:\n  blame: [menschliches Versagen]\n  names: [Alex Moreno]\n"
	replace := extend + "  replace: true\n"
	for _, tc := range []struct {
		cfg, why string
		want     bool
	}{
		{"", "Menschliches Versagen.", false},
		{extend, "Menschliches Versagen.", true},
		{extend, "Human error.", true},
		{replace, "Menschliches Versagen.", true},
		{replace, "Human error.", false},
		{extend, "Alex Moreno approved it.", true},
		{extend, "Alex approved it.", false},
		{"quality:\n  everyday_names: [dana]\nowners: [dana]\n", "Because dana pushed it.", false},
		{"quality:\n  negations: [kein]\n", "Kein human error.", false},
	} {
		if got := blames(tc.cfg, tc.why); got != tc.want {
			t.Errorf("config %q, why %q: blame %v, want %v", tc.cfg, tc.why, got, tc.want)
		}
	}

	late := "version: 1\nid: 2024-05-01-c\ntitle: C\nstatus: review\nseverity: sev2\nsubmitted_at: 2024-05-01T10:00:00Z\ncorrective_actions:\n  - {id: CA-1, action: Add a check., owner: dana, priority: high, due: 2024-06-10}\n"
	for _, tc := range []struct {
		cfg  string
		want bool
	}{{"", true}, {"quality:\n  high_priority_days: 40\n", false}, {"quality:\n  high_priority_days: 39\n", true}} {
		cfg, err := coe.ParseConfig(coe.ConfigName, []byte(tc.cfg))
		if err != nil {
			t.Fatal(err)
		}
		ds := lintString(t, "coes/2024-05-01-c.yaml", late, Options{Config: cfg})
		if got := slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Rule == RuleHighPriorityLate }); got != tc.want {
			t.Errorf("config %q, due 40 days after submission: high-priority-late %v, want %v", tc.cfg, got, tc.want)
		}
	}

	// Every list of quality: has a built-in list, and every built-in
	// list a key.
	keys := coe.KeysQualityWords()
	for _, k := range keys {
		if _, ok := builtinWords[k]; !ok {
			t.Errorf("quality: %s has no built-in list", k)
		}
	}
	for k := range builtinWords {
		if !slices.Contains(keys, k) {
			t.Errorf("built-in list %s is not a key of quality:", k)
		}
	}
}

// TestQualityHostile: the quality rules stay linear on the largest texts
// the format allows and on a config with the largest lists it allows.
func TestQualityHostile(t *testing.T) {
	cfg := coe.DefaultConfig()
	q := &coe.QualityConfig{Words: map[string][]string{}}
	for i := range coe.MaxQualityEntries {
		// One first word for every entry: a list of prefixes of one text.
		q.Words["names"] = append(q.Words["names"], strings.Repeat("a ", 1+i%40)+fmt.Sprint(i))
	}
	cfg.Quality = q
	long := strings.TrimSpace(strings.Repeat("a ", coe.MaxAnswerLength/2-10))
	var b strings.Builder
	b.WriteString("version: 1\nid: 2024-05-01-h\ntitle: H\nstatus: review\nseverity: sev2\n")
	fmt.Fprintf(&b, "root_cause:\n  summary: %s\n  whys:\n", long)
	for range 10 {
		fmt.Fprintf(&b, "    - %s\n", long)
	}
	b.WriteString("lessons:\n")
	for range 2000 {
		b.WriteString("  - Page the support lead for every sev1.\n")
	}
	b.WriteString("corrective_actions:\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "  - {id: CA-%d, action: Page the support lead for every sev1., owner: dana}\n", i+1)
	}
	src := b.String()
	if len(src) > coe.MaxFileSize {
		t.Fatalf("the file is %d bytes, over the limit", len(src))
	}
	start := time.Now()
	ds := lintString(t, "coes/2024-05-01-h.yaml", src, Options{Config: cfg})
	if took := time.Since(start); took > slow(3*time.Second) {
		t.Errorf("took %v", took)
	}
	if n := len(InGroup(ds, GroupQuality)); n == 0 || n > 3*MaxPerRule {
		t.Errorf("%d quality findings", n)
	}
}

// TestRealWorldFiles keeps the corpus honest: every file there reads, and
// its .coe.yaml has an owners roster, so that blame checks names.
func TestRealWorldFiles(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "realworld", coe.ConfigName))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := coe.ParseConfig(coe.ConfigName, data)
	if err != nil || len(cfg.Owners) == 0 {
		t.Errorf("testdata/realworld/.coe.yaml: %v, %d owners; want a roster", err, len(cfg.Owners))
	}
}

// TestQualityPositions: a finding is at its word when the value is a plain
// scalar on one line (its text is the file's), else at the value's start.
func TestQualityPositions(t *testing.T) {
	head := "version: 1\nid: 2024-05-01-p\ntitle: P\nstatus: review\nseverity: sev2\nroot_cause:\n"
	for _, tc := range []struct {
		name, src string
		want      string // line:col
	}{
		{"block item", "  whys:\n    - Why? Human error.\n    - x\n", "8:12"},
		{"flow item", "  whys: [Because human error., x]\n", "7:18"},
		{"wide characters before", "  whys: [Parce que Été, human error., x]\n", "7:25"},
		{"flow item over two lines", "  whys: [Because human\n    error., x]\n", "7:10"},
		{"plain item over two lines", "  whys:\n    - Why? It was\n      human error.\n    - x\n", "8:7"},
		{"last in the file", "  whys:\n    - Why? Human error.\n", "8:7"},
		{"a comment after", "  whys:\n    - Why? Human error.\n    # more to come\n    - x\n", "8:7"},
		{"double-quoted", "  whys:\n    - \"Why? Human error.\"\n    - x\n", "8:7"},
		{"literal block", "  summary: |\n    Why? Human error.\n  whys: [x]\n", "7:12"},
	} {
		ds := lintString(t, "coes/2024-05-01-p.yaml", head+tc.src, Options{})
		got := ""
		for _, d := range ds {
			if d.Rule == RuleBlame {
				got = fmt.Sprintf("%d:%d", d.Line, d.Col)
			}
		}
		if got != tc.want {
			t.Errorf("%s: blame at %q, want %s:\n%s", tc.name, got, tc.want, render(ds))
		}
	}
}
