package evidence

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// Record edits the file in place: only the lines of what changed differ,
// comments stay; a file no commit changes is not written at all.
func TestRecord(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, coe.ConfigName), []byte("timezone: America/Chicago\n"), 0o644)
	os.Mkdir(filepath.Join(root, "coes"), 0o755)
	src := "version: 1   # the format\nid: " + speakers + "\ntitle: T\nstatus: draft\nseverity: sev2\ncorrective_actions:\n" +
		"  - id: CA-1\n    action: Fix it.   # the real fix\n    owner: dana\n    status: open     # until the firmware ships\n    tracker: FW-1\n" +
		"  - id: CA-2\n    action: Done already.\n    owner: dana\n    status: done\n    done_at: 2024-01-30\n"
	path := filepath.Join(root, "coes", speakers+".yaml")
	os.WriteFile(path, []byte(src), 0o644)
	r, err := coe.OpenRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	x := newIndex([][]*Commit{{mk("../svc", 0xab, "2024-02-03T02:00:00Z", speakers+"#CA-1 done", speakers+"#CA-2")}})
	id, changes, err := Record(r, path, x)
	if err != nil || id != speakers || len(changes) != 2 {
		t.Fatalf("Record = %q, %+v, %v", id, changes, err)
	}
	got, _ := os.ReadFile(path)
	want := strings.Replace(src, "    status: open     # until the firmware ships\n",
		"    status: done # until the firmware ships\n    done_at: 2024-02-02\n", 1) // 02:00 UTC is the 2nd in Chicago
	want = strings.Replace(want, "    tracker: FW-1\n", "    tracker: FW-1\n    evidence:\n      - "+hexID(0xab)+"\n", 1)
	want += "    evidence:\n      - " + hexID(0xab) + "\n"
	if string(got) != want {
		t.Errorf("file after Record:\n%s\nwant:\n%s", got, want)
	}
	st, _ := os.Stat(path)
	if _, changes, err := Record(r, path, x); err != nil || len(changes) != 0 {
		t.Errorf("again: %+v, %v; want nothing to change", changes, err)
	}
	if st2, _ := os.Stat(path); !st2.ModTime().Equal(st.ModTime()) {
		t.Error("a second Record wrote the file")
	}
	os.WriteFile(path, []byte("version: 1\nid: [broken\n"), 0o644)
	if _, _, err := Record(r, path, x); err == nil {
		t.Error("Record of a file that does not read succeeded")
	}
}
