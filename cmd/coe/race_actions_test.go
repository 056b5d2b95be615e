package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// Two coe actions set on different actions of one COE at once: they take
// turns under the repository lock, and the file keeps both changes. Without
// the lock, the second writer would write the file it read before the
// first wrote, and one change would be lost.
func TestRaceActionsSet(t *testing.T) {
	for i := range raceRounds() {
		dir, file := raceRepo(t)
		a := coeRun(t, dir, nil, "actions", "set", raceCOE, "CA-3", "--status", "done")
		b := coeRun(t, dir, nil, "actions", "set", raceCOE, "CA-4", "--owner", "kenji", "--note", "Handed over in round "+strings.Repeat("I", i%5+1)+".")
		ra, rb := a(), b()
		for name, r := range map[string]outcome{"CA-3": ra, "CA-4": rb} {
			if r.code != 0 || !strings.Contains(r.stderr, name+" of "+raceCOE+": ") {
				t.Fatalf("round %d: set %s exited %d: %s", i, name, r.code, r.stderr)
			}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"  - id: CA-3\n", "    status: done\n    done_at: 2026-11-23\n    tracker: ORT-419\n",
			"    owner: kenji\n", "    note: Handed over in round " + strings.Repeat("I", i%5+1) + ".\n",
		} {
			if !bytes.Contains(data, []byte(want)) {
				t.Fatalf("round %d: the file lost a change (%q); CA-3 said %q, CA-4 said %q; the actions:\n%s",
					i, want, ra.stderr, rb.stderr, data[bytes.Index(data, []byte("corrective_actions:")):])
			}
		}
	}
}
