package remind

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

func TestCSVGolden(t *testing.T) {
	var b bytes.Buffer
	if err := CSV(&b, sample(t), Options{AsOf: date(t, "2026-11-23")}); err != nil {
		t.Fatal(err)
	}
	golden(t, "actions.csv.golden", b.Bytes())
}

// TestCSVReadsBack reads the CSV with encoding/csv: the header, one row an
// action with every field as written (but for the apostrophe before a
// formula), and a formula nowhere.
func TestCSVReadsBack(t *testing.T) {
	acts := sample(t)
	acts = append(acts, Action{COE: "bad-utf8", Action: "a\xffb", Owner: "\tdana", Tracker: "\rx", COETitle: "+1", Priority: "@p"})
	asOf := date(t, "2026-11-23")
	var b bytes.Buffer
	if err := CSV(&b, acts, Options{AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&b)
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(records[0], ",") != "coe,coe_title,coe_status,id,action,owner,due,priority,status,done_at,overdue_days,tracker,path,line" {
		t.Errorf("header %v", records[0])
	}
	if len(records) != len(acts)+1 {
		t.Fatalf("%d rows; want %d", len(records)-1, len(acts))
	}
	for i, a := range acts {
		rec := records[i+1]
		for j, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("row %d column %s starts a formula: %q", i+1, records[0][j], c)
			}
		}
		unguard := func(s string) string {
			if strings.HasPrefix(s, "'") && len(s) > 1 && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
				return s[1:]
			}
			return s
		}
		want := map[string]string{"coe": a.COE, "coe_title": a.COETitle, "id": a.ID, "owner": a.Owner, "due": a.Due.String(),
			"priority": a.Priority, "done_at": a.DoneAt.String(), "tracker": coe.ShowControls(a.Tracker, true), "path": a.Path,
			"action": coe.ShowControls(a.Action, true), "overdue_days": strconv.Itoa(a.Late(asOf))}
		for j, name := range records[0] {
			w, ok := want[name]
			if !ok {
				continue
			}
			got := unguard(rec[j])
			if got != w {
				t.Errorf("row %d %s = %q; want %q", i+1, name, got, w)
			}
		}
	}
	if got := records[3][10]; got != "22" {
		t.Errorf("overdue_days of the late action = %q; want 22", got)
	}
	if got := records[4][8] + " " + records[4][9]; got != "done 2026-10-02" {
		t.Errorf("status and done_at of the done action = %q", got)
	}
}

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"}, {"\rx", "^Mx"}, {"a=1", "a=1"}, {"", ""}, {"'=x", "'=x"}, {"\xff", "\uFFFD"},
		{"a\r\nb\nc", "a\nb\nc"}, {"\x1b[31m", "^[[31m"},
	} {
		if got := CSVCell(tc.in); got != tc.want {
			t.Errorf("CSVCell(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
