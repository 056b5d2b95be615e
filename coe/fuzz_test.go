package coe

import (
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("../examples/coes/*.yaml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(handWritten))
	f.Add([]byte(minimal + "tags: &a [x]\nservices: *a\n"))
	f.Add([]byte("\xef\xbb\xbf" + minimal))
	f.Add([]byte(minimal + "---\n" + minimal))
	f.Add([]byte("- [\n"))
}

// FuzzParse: reading never panics; whatever reads without error survives
// Marshal and reads back the same.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("f.yaml", data, ReadOptions{KeepNode: true})
		if err != nil {
			if len(Errors(err)) == 0 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		out, err := Marshal(&doc.COE)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := Parse("f.yaml", out, ReadOptions{})
		if err != nil {
			t.Fatalf("marshalled COE does not read back: %v\n%s", err, out)
		}
		if !sameCOE(t, &doc.COE, &back.COE) {
			t.Fatalf("marshal round trip changed the COE:\n%s", out)
		}
	})
}

// FuzzUpdate: editing a file in place never panics and the result always
// reads back as the edited COE.
func FuzzUpdate(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("f.yaml", data, ReadOptions{})
		if err != nil {
			return
		}
		c := doc.COE
		c.Title += " (edited)"
		c.Lessons = append(c.Lessons, "A new lesson.")
		if len(c.CorrectiveActions) > 0 {
			c.CorrectiveActions[0].Owner = "dana"
			c.CorrectiveActions = c.CorrectiveActions[:len(c.CorrectiveActions)-1]
		}
		out, err := Update(data, &c)
		if err != nil {
			t.Fatalf("update: %v", err)
		}
		back, err := Parse("f.yaml", out, ReadOptions{})
		if err != nil {
			t.Fatalf("updated file does not read back: %v\n%s", err, out)
		}
		if !sameCOE(t, &c, &back.COE) {
			t.Fatalf("update did not land:\n%s", out)
		}
	})
}
