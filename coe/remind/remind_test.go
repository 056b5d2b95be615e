package remind

import (
	"flag"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	goldenfile "github.com/coe-cli/coe/coe/golden"
)

var update = flag.Bool("update", false, "rewrite golden files")

func date(t testing.TB, s string) coe.Date {
	t.Helper()
	d, err := coe.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sample is a few COEs' actions, some of them hostile, as of 2026-11-23.
func sample(t testing.TB) []Action {
	d := func(s string) coe.Date { return date(t, s) }
	return []Action{
		{COE: "2024-01-28-speaker-groups", COETitle: "Speaker groups stopped playing", COEStatus: "approved", File: "2024-01-28-speaker-groups",
			Path: "coes/2024-01-28-speaker-groups.yaml", Line: 40, ID: "CA-4", Action: "Raise the firmware token buffer to 1 KB.", Owner: "kenji",
			Due: d("2024-06-30"), Priority: "medium", Status: "open", Tracker: "https://tracker.example/OPS-12"},
		{COE: "2024-01-28-speaker-groups", COETitle: "Speaker groups stopped playing", COEStatus: "approved", File: "2024-01-28-speaker-groups",
			Path: "coes/2024-01-28-speaker-groups.yaml", Line: 46, ID: "CA-5", Action: "Alert on token errors", Owner: "Dana",
			Due: d("2026-11-25"), Priority: "high", Status: "in-progress", Tracker: "OPS-13"},
		{COE: "2025-03-11-status-page", COETitle: "Status page <b>down</b> [click](javascript:alert(1)) & more", COEStatus: "review", File: "2025-03-11-status-page",
			Path: "coes/2025-03-11-status-page.yaml", Line: 30, ID: "CA-1",
			Action: "=HYPERLINK(\"http://evil.example\", \"x\")\nsecond line, with *stars* and `code` and www.evil.example and https://evil.example/a_b",
			Owner:  "dana", Due: d("2026-11-01"), Priority: "low", Status: "open", Tracker: "javascript:alert(1)"},
		{COE: "2025-03-11-status-page", COETitle: "Status page <b>down</b> [click](javascript:alert(1)) & more", COEStatus: "review", File: "2025-03-11-status-page",
			Path: "coes/2025-03-11-status-page.yaml", Line: 35, ID: "CA-2", Action: "Done already", Owner: "dana",
			Due: d("2026-10-01"), Status: "done", DoneAt: d("2026-10-02")},
		{COE: "2025-12-02-payment", COETitle: "Payment; reminder, call: \\ failed", COEStatus: "draft", File: "2025-12-02-payment",
			Path: "coes/2025-12-02-payment.yaml", Line: 20, ID: "CA-3", Action: "-1 + @SUM(A1) \x1b[31mred\x1b[0m",
			Owner: "", Due: d("2026-11-23")},
		{COE: "2025-12-02-payment", COETitle: "Payment; reminder, call: \\ failed", COEStatus: "draft", File: "2025-12-02-payment",
			Path: "coes/2025-12-02-payment.yaml", Line: 25, ID: "CA-4", Action: "No due date", Owner: "raj"},
		{COE: "2025-12-02-payment", COETitle: "Payment; reminder, call: \\ failed", COEStatus: "draft", File: "2025-12-02-payment",
			Path: "coes/2025-12-02-payment.yaml", Line: 28, ID: "CA-5", Action: "Far away", Owner: "raj", Due: d("2027-06-01")},
		{COE: "2026-02-02-wide", COETitle: strings.Repeat("支払いの失敗、", 12), COEStatus: "draft", File: "2026-02-02-wide",
			Path: "coes/2026-02-02-wide.yaml", Line: 9, ID: "CA-1", Action: strings.Repeat("エラーを調べる; ", 30), Owner: "李",
			Due: d("2026-11-30"), Priority: "high"},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, *update, name, got)
}

func TestParseWithin(t *testing.T) {
	for _, tc := range []struct {
		in   string
		days int
		err  string
	}{
		{"14d", 14, ""},
		{"2w", 14, ""},
		{"72h", 3, ""},
		{"1w3d", 10, ""},
		{"0d", 0, ""},
		{"1d24h", 2, ""},
		{"36525d", MaxWithin, ""},
		{"36526d", 0, "too long"},
		{"9999999d", 0, "too long"},
		{"", 0, "empty duration"},
		{"14", 0, `invalid duration "14"`},
		{"d", 0, `invalid duration "d"`},
		{"-3d", 0, `invalid duration "-3d"`},
		{"2x", 0, `unknown unit "x"`},
		{"1m", 0, `unknown unit "m"`},
		{"2é", 0, `unknown unit "é"`},
		{"36h", 0, "not a whole number of days"},
		{"1.5d", 0, `unknown unit "."`},
		{"14d ", 0, `invalid duration`},
	} {
		days, err := ParseWithin(tc.in)
		if tc.err == "" {
			if err != nil || days != tc.days {
				t.Errorf("ParseWithin(%q) = %d, %v; want %d", tc.in, days, err, tc.days)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("ParseWithin(%q) = %d, %v; want an error with %q", tc.in, days, err, tc.err)
		} else if !strings.Contains(err.Error(), "14d") && !strings.Contains(err.Error(), "at most") {
			t.Errorf("ParseWithin(%q): %v; the error gives no example", tc.in, err)
		}
	}
}

func TestParseSiteURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.github.io/coes/", "https://example.github.io/coes"},
		{"http://intranet:8080", "http://intranet:8080"},
		{"https://example.org/a%20b", "https://example.org/a%20b"},
		{"ftp://example.org", ""},
		{"example.org/coes", ""},
		{"/coes", ""},
		{"https://", ""},
		{"https://example.org/?q=1", ""},
		{"https://example.org/#top", ""},
		{"https://example.org/a b", ""},
		{"https://example.org/\"><script>", ""},
		{"https://user:pw@example.org", ""},
		{"https://bücher.example", ""},
		{"javascript:alert(1)", ""},
	} {
		got, err := ParseSiteURL(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseSiteURL(%q) = %q; want an error", tc.in, got)
			} else if !strings.Contains(err.Error(), "https://example.github.io/coes") {
				t.Errorf("ParseSiteURL(%q): %v; the error gives no example", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseSiteURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestPageURL(t *testing.T) {
	for _, tc := range []struct{ site, file, id, want string }{
		{"https://s.example", "2024-01-28-x", "CA-2", "https://s.example/coes/2024-01-28-x.html#CA-2"},
		{"https://s.example", "a b(c)", "CA 2\"<>", "https://s.example/coes/a%20b%28c%29.html#CA%202%22%3C%3E"},
		{"https://s.example", "x", "", "https://s.example/coes/x.html"},
		{"", "x", "CA-1", ""},
		{"https://s.example", "", "CA-1", ""},
		// A source's COE has its page in the source's folder; a name
		// that is no source name is escaped whole.
		{"https://s.example", "payments/2025-03-01-x", "CA-1", "https://s.example/coes/payments/2025-03-01-x.html#CA-1"},
		{"https://s.example", "../etc/passwd", "", "https://s.example/coes/..%2Fetc%2Fpasswd.html"},
		{"https://s.example", "pay/a/b", "", "https://s.example/coes/pay/a%2Fb.html"},
	} {
		if got := PageURL(tc.site, tc.file, tc.id); got != tc.want {
			t.Errorf("PageURL(%q, %q, %q) = %q; want %q", tc.site, tc.file, tc.id, got, tc.want)
		}
	}
}

func TestDueWithinAndLate(t *testing.T) {
	asOf := date(t, "2026-11-23")
	acts := sample(t)
	var got []string
	for i := range acts {
		if DueWithin(&acts[i], asOf, 7) {
			got = append(got, acts[i].COE+"#"+acts[i].ID)
		}
	}
	want := "2024-01-28-speaker-groups#CA-4 2024-01-28-speaker-groups#CA-5 2025-03-11-status-page#CA-1 2025-12-02-payment#CA-3 2026-02-02-wide#CA-1"
	if strings.Join(got, " ") != want {
		t.Errorf("due within 7 days: %v\nwant %s", got, want)
	}
	if n := acts[0].Late(asOf); n != 876 {
		t.Errorf("Late = %d; want 876", n)
	}
	if n := acts[3].Late(asOf); n != 0 {
		t.Errorf("a done action is %d days late; want 0", n)
	}
	if n := acts[4].Late(asOf); n != 0 {
		t.Errorf("an action due today is %d days late; want 0", n)
	}
}
