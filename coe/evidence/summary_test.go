package evidence

import (
	"testing"

	"github.com/coe-cli/coe/coe"
)

func TestSummaryAndDescribe(t *testing.T) {
	if got := Summary(nil, 3, false); got != "Every action agrees with the commits (3 COEs checked)." {
		t.Errorf("Summary(none) = %q", got)
	}
	fs := []Finding{{Kind: KindUnsupported}, {Kind: KindDoneByCommit}, {Kind: KindUnknownRef}}
	if got, want := Summary(fs, 1, false), "Problems: 1 done action without support, 1 open action a commit says is done; warning: 1 trailer naming no action. coe actions verify --write marks them done."; got != want {
		t.Errorf("Summary = %q\nwant %q", got, want)
	}
	if got := Summary([]Finding{{Kind: KindBadTrailer}}, 1, true); got != "Warning: 1 trailer naming no action." {
		t.Errorf("Summary(warnings) = %q", got)
	}
	w := WrittenOf("coes/x.yaml", "2024-01-28-x", []Change{
		{Action: "CA-1", Done: true, DoneAt: coe.Date{Year: 2024, Month: 2, Day: 3}, Added: []string{"a", "b"}},
		{Action: "CA-2", Added: []string{"c"}},
	})
	if got, want := w.Describe(), "CA-1 done (2024-02-03), 2 commits recorded; CA-2 1 commit recorded"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	if got := CommitMessage([]Written{w, {COE: "2024-02-01-y"}}); got != "coe: record the commits that prove corrective actions of 2024-01-28-x, 2024-02-01-y" {
		t.Errorf("CommitMessage = %q", got)
	}
}
