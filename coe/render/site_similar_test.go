package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimilarCOEs: each COE page lists the COEs most like it, linked,
// with score and reasons, escaped; not those its related: lists (they are
// under Related COEs), and no section when there are none.
func TestSimilarCOEs(t *testing.T) {
	dir := t.TempDir()
	again := filepath.Join(dir, "2026-11-20-speaker-groups-failed-again.yaml")
	hostile := filepath.Join(dir, "2026-11-21-hostile.yaml")
	for path, text := range map[string]string{
		again: `version: 1
id: 2026-11-20-speaker-groups-failed-again
title: Speaker groups failed again after a token change
status: draft
severity: sev2
tags: [speakers, firmware]
services: [speaker-groups]
what_happened: |
  A release of speaker-groups changed the group session token again, and gen-2 speakers on old
  firmware rejected it: groups stopped playing until the release was rolled back.
`,
		hostile: "version: 1\nid: 2026-11-21-hostile\ntitle: \"<script>alert(1)</script> speaker \\e[31m groups token\"\nstatus: draft\nseverity: sev3\n" +
			"services: [\"<b>speaker-groups</b>\"]\ntags: [speakers]\nrelated: [2024-01-28-speaker-groups-stopped-playing]\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "site")
	files := append(exampleFiles(t), again, hostile)
	if _, err := BuildSite(SiteOptions{Out: out, Files: files, Templates: builtin(t), Today: today}); err != nil {
		t.Fatal(err)
	}
	page := func(id string) string {
		b, err := os.ReadFile(filepath.Join(out, "coes", id+".html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	speaker := page("2024-01-28-speaker-groups-stopped-playing")
	for _, want := range []string{
		`<h2 id="similar-h">Similar COEs</h2>`,
		`<li><a href="../coes/2026-11-20-speaker-groups-failed-again.html">2026-11-20-speaker-groups-failed-again</a> Speaker groups failed again after a token change <span class="badge">0.31</span><div class="muted">same service speaker-groups; shared tags firmware, speakers; similar words: group, token, release, speaker, firmware</div></li>`,
		// The hostile title is text, its control character shown.
		"<li><a href=\"../coes/2026-11-21-hostile.html\">2026-11-21-hostile</a> &lt;script&gt;alert(1)&lt;/script&gt; speaker ^[[31m groups token <span class=\"badge\">0.11</span>",
	} {
		if !strings.Contains(speaker, want) {
			t.Errorf("the speaker-groups page lacks %q", want)
		}
	}
	if strings.Contains(speaker, "<script>alert") || strings.Contains(speaker, "\x1b") {
		t.Error("a title reached the page as markup or with a control character")
	}
	// The status page COE lists the speaker-groups one under related:
	// only, and nothing else is like it.
	if p := page("2025-03-11-status-page-down-during-outage"); strings.Contains(p, `id="similar"`) {
		t.Error("the status page COE lists similar COEs")
	}
	// The hostile COE relates the speaker-groups COE already: not listed
	// again as similar.
	if p := page("2026-11-21-hostile"); strings.Contains(p, `similar-h`) && strings.Contains(p[strings.Index(p, "similar-h"):], "2024-01-28-speaker-groups-stopped-playing.html") {
		t.Error("a related COE is listed again as similar")
	}
}
