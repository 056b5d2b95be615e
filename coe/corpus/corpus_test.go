package corpus

import (
	"testing"

	"github.com/coe-cli/coe/coe"
)

func TestCorpusFilesAreValidAndAbout5KB(t *testing.T) {
	total := 0
	for i := 0; i < 200; i++ {
		data := File(i)
		total += len(data)
		doc, err := coe.Parse("x.yaml", data, coe.ReadOptions{})
		if err != nil {
			t.Fatalf("file %d: %v\n%s", i, err, data)
		}
		if doc.COE.ID != COE(i).ID {
			t.Fatalf("file %d: id %q", i, doc.COE.ID)
		}
	}
	if avg := total / 200; avg < 4500 || avg > 5500 {
		t.Errorf("average size %d bytes; want about 5 KB", avg)
	}
}
