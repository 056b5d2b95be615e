package related

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/table"
)

func TestWriteTextAndJSON(t *testing.T) {
	sugs := []Suggestion{
		{ID: "2025-03-11-x", Title: "A \x1b[31mtitle", Score: 0.4567, TextScore: 0.3, Services: []string{"pay"}, AlreadyRelated: true},
		{ID: "2024-01-01-y", Title: strings.Repeat("long ", 30), Score: 0.1},
	}
	var b strings.Builder
	if err := WriteText(&b, table.Style{}, sugs); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, want := range []string{"SCORE", "0.46", "already related; same service pay", "2024-01-01-y"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\x1b") || strings.Contains(text, strings.Repeat("long ", 12)) {
		t.Errorf("text carries an escape or an uncut title:\n%s", text)
	}
	b.Reset()
	if err := WriteJSON(&b, sugs); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(b.String()), &got); err != nil || len(got) != 2 {
		t.Fatalf("JSON: %v\n%s", err, b.String())
	}
	if got[0]["id"] != "2025-03-11-x" || got[0]["already_related"] != true || got[0]["score"].(float64) != 0.4567 {
		t.Errorf("JSON[0] = %v", got[0])
	}
}

func TestPicks(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples")); err != nil {
		t.Fatal(err)
	}
	r, err := coe.OpenRepo(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.WorkDir = dir
	self := r.PathOf("2024-01-28-speaker-groups-stopped-playing")
	ids, err := Picks(r, self, []string{"2025-03", " ", "2025-12-02-payment-reminder-call-could-not-take-payment"})
	if err != nil || strings.Join(ids, ",") != "2025-03-11-status-page-down-during-outage,2025-12-02-payment-reminder-call-could-not-take-payment" {
		t.Errorf("Picks = %q, %v", ids, err)
	}
	for pick, want := range map[string]string{
		"2024-01":   "that is the COE itself",
		"2099":      `no COE "2099"`,
		"":          "no COE given",
		".coe.yaml": "not a COE of this repository's coes folder",
	} {
		if _, err := Picks(r, self, []string{pick}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Picks(%q) = %v, want %q", pick, err, want)
		}
	}
}
