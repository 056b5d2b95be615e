package main

import (
	"embed"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
	"github.com/spf13/cobra"
)

// topics holds the Markdown of the help topics written by hand; the format
// is coe's own contract (coe/format.md) and the rules come from the rule
// registry.
//
//go:embed topics/*.md
var topics embed.FS

func topic(name string) string {
	data, err := topics.ReadFile("topics/" + name + ".md")
	if err != nil {
		panic(err) // embedded: a missing file is a build mistake
	}
	return string(data)
}

// helpTopics are `coe help TOPIC`: the reference, inside the binary.
// Each is a command without a Run, which cobra lists under "Additional
// help topics" and prints with `coe help TOPIC`.
func helpTopics() []*cobra.Command {
	rules := func() string {
		var b strings.Builder
		b.WriteString(topic("rules"))
		b.WriteString("\n")
		lint.WriteReference(&b)
		return b.String()
	}
	return []*cobra.Command{
		{Use: "format", Short: "The COE file format: fields, limits, what each status demands, the config", Long: coe.FormatSpec},
		{Use: "rules", Short: "Every rule coe lint holds a COE to, with its explanation", Long: rules()},
		{Use: "security", Short: "What a repository's files and a COE's text cannot do", Long: topic("security")},
		{Use: "ci", Short: "coe in CI: GitHub Actions annotations, SARIF, --changed, pre-commit", Long: topic("ci")},
		{Use: "editors", Short: "Editors check COEs as you type: the schema, VS Code, Neovim, JetBrains", Long: topic("editors")},
		{Use: "cache", Short: "The warm index in .coe/cache: what it holds, when it is used, why it cannot be turned against you", Long: topic("cache")},
		{Use: "templates", Short: "Report templates: what each makes, overriding them, what they are given", Long: topic("templates")},
	}
}
