package render

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/coe-cli/coe/coe"
)

// FuzzText: whatever reads as a COE renders without panicking, plain or
// styled and wrapped.
func FuzzText(f *testing.F) {
	files, _ := filepath.Glob("../../examples/coes/*.yaml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, uint8(0))
		}
	}
	f.Add([]byte("version: 1\ntitle: \"\\u200b\\t\"\nwhat_happened: \"```\\n|a|\\n    code\"\n"), uint8(30))
	f.Fuzz(func(t *testing.T, data []byte, width uint8) {
		doc, err := coe.Parse("f.yaml", data, coe.ReadOptions{})
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := Text(&b, &doc.COE, TextOptions{Color: width%2 == 1, Width: int(width), Today: today}); err != nil {
			t.Fatal(err)
		}
		if err := Text(io.Discard, &doc.COE, TextOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}
