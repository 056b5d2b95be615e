package templates

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

// The package's documentation lists every file it embeds.
func TestDocListsEveryFile(t *testing.T) {
	doc, err := os.ReadFile("templates.go")
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(FS, "*")
	if err != nil || len(names) < 10 {
		t.Fatalf("embedded: %v %v", names, err)
	}
	for _, name := range names {
		if !strings.Contains(string(doc), "//\t"+name+" ") {
			t.Errorf("%s is embedded but not described in the package documentation", name)
		}
	}
}
