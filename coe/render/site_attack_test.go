//go:build unix

package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A site folder is content a pull request may bring: links in it must not
// make coe build write or delete anything outside it.
func TestBuildSiteNeverWritesThroughLinks(t *testing.T) {
	const secret = "TOP-SECRET"
	for _, tc := range []struct {
		name  string
		plant func(t *testing.T, out, outside string)
		want  string
	}{
		{"page linked out", func(t *testing.T, out, outside string) {
			os.Remove(filepath.Join(out, "coes", "2024-01-28-speaker-groups-stopped-playing.html"))
			link(t, filepath.Join(outside, "victim"), filepath.Join(out, "coes", "2024-01-28-speaker-groups-stopped-playing.html"))
		}, "coes/2024-01-28-speaker-groups-stopped-playing.html: is a symbolic link; coe does not follow links in this folder"},
		{"folder linked out", func(t *testing.T, out, outside string) {
			os.RemoveAll(filepath.Join(out, "services"))
			link(t, outside, filepath.Join(out, "services"))
		}, "services: is a symbolic link; coe does not follow links in this folder"},
		{"stylesheet linked out", func(t *testing.T, out, outside string) {
			os.Remove(filepath.Join(out, StyleName))
			link(t, filepath.Join(outside, "victim"), filepath.Join(out, StyleName))
		}, StyleName + ": is a symbolic link; coe does not follow links in this folder"},
		{"manifest linked out", func(t *testing.T, out, outside string) {
			os.Remove(filepath.Join(out, SiteMarker))
			link(t, filepath.Join(outside, "victim"), filepath.Join(out, SiteMarker))
		}, SiteMarker + ": is a symbolic link; coe does not follow links in this folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top := t.TempDir()
			out, outside := filepath.Join(top, "site"), filepath.Join(top, "outside")
			os.Mkdir(outside, 0o755)
			victim := filepath.Join(outside, "victim")
			os.WriteFile(victim, []byte(secret), 0o644)
			os.WriteFile(filepath.Join(outside, "keep.html"), []byte(secret), 0o644)
			buildExamples(t, out)
			tc.plant(t, out, outside)
			_, err := BuildSite(SiteOptions{Out: out, Files: exampleFiles(t), Templates: builtin(t), Today: today})
			if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), out+"/", ""), tc.want) {
				t.Errorf("build: %v\nwant an error with %q", err, tc.want)
			}
			for _, f := range []string{"victim", "keep.html"} {
				if got, err := os.ReadFile(filepath.Join(outside, f)); err != nil || string(got) != secret {
					t.Errorf("%s outside the site: %q, %v", f, got, err)
				}
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 2 {
				t.Errorf("files written outside the site: %v", entries)
			}
		})
	}
}

// A manifest is the folder's content too: it cannot name a file outside
// the folder, or a link, for removal.
func TestBuildSiteRemovesOnlyRegularFilesTheManifestListsInside(t *testing.T) {
	top := t.TempDir()
	out, outside := filepath.Join(top, "site"), filepath.Join(top, "outside")
	os.Mkdir(outside, 0o755)
	victim := filepath.Join(outside, "victim.html")
	os.WriteFile(victim, []byte("x"), 0o644)
	buildExamples(t, out)
	link(t, victim, filepath.Join(out, "coes", "link.html"))
	manifest := siteMarkerText + "../outside/victim.html\n" + filepath.Join(outside, "victim.html") + "\ncoes/link.html\ncoes/../../outside/victim.html\n"
	if err := os.WriteFile(filepath.Join(out, SiteMarker), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	buildExamples(t, out)
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("the file outside is gone: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(out, "coes", "link.html")); err != nil {
		t.Errorf("a link the manifest listed was removed: %v", err)
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}
