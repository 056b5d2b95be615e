package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe/safefs"
	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

type docsOptions struct {
	f        *Factory
	markdown string
	man      string
}

func newDocsCmd(f *Factory) *cobra.Command {
	o := &docsOptions{f: f}
	cmd := &cobra.Command{
		Use:   "docs --markdown DIR | --man DIR",
		Short: "Write the full command reference as Markdown pages or man pages",
		Long: `Write the reference of every command and help topic, generated from coe
itself: one Markdown page a command (coe_lint.md, ...) with --markdown, or
one man page a command (coe-lint.1, ...) with --man. The folder is made when
missing; pages in it are replaced, each atomically.`,
		Example: `  coe docs --markdown docs/reference
  coe docs --man /usr/local/share/man/man1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDocs(o, cmd.Root()) },
	}
	cmd.Flags().StringVar(&o.markdown, "markdown", "", "write Markdown pages into `DIR`")
	cmd.Flags().StringVar(&o.man, "man", "", "write man pages (section 1) into `DIR`")
	cmd.MarkFlagsOneRequired("markdown", "man")
	return cmd
}

func runDocs(o *docsOptions, root *cobra.Command) error {
	root.DisableAutoGenTag = true // the same coe gives the same pages
	for _, out := range []struct {
		dir string
		gen func(*cobra.Command, *bytes.Buffer) (string, error)
	}{
		{o.markdown, markdownPage},
		{o.man, manPage},
	} {
		if out.dir == "" {
			continue
		}
		dir, err := outPath(o.f, out.dir)
		if err != nil {
			return err
		}
		n, err := writePages(root, dir, out.gen)
		if err != nil {
			return err
		}
		fmt.Fprintf(o.f.Streams.ErrOut, "Wrote %d pages into %s.\n", n, out.dir)
	}
	return nil
}

// writePages writes a page for cmd and each command below it that users
// see (help topics included), and returns how many.
func writePages(cmd *cobra.Command, dir string, gen func(*cobra.Command, *bytes.Buffer) (string, error)) (int, error) {
	if !cmd.IsAvailableCommand() && !cmd.IsAdditionalHelpTopicCommand() && cmd.HasParent() {
		return 0, nil
	}
	var buf bytes.Buffer
	name, err := gen(cmd, &buf)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, usagef("%s: %v", dir, pathErr(err))
	}
	path := filepath.Join(dir, name)
	if err := safefs.WriteOutput(path, buf.Bytes(), 0o644, nil); err != nil {
		return 0, usagef("%s: %v", path, pathErr(err))
	}
	n := 1
	for _, c := range cmd.Commands() {
		m, err := writePages(c, dir, gen)
		if err != nil {
			return n, err
		}
		n += m
	}
	return n, nil
}

func markdownPage(cmd *cobra.Command, buf *bytes.Buffer) (string, error) {
	name := strings.ReplaceAll(cmd.CommandPath(), " ", "_") + ".md"
	return name, doc.GenMarkdownCustom(cmd, buf, func(s string) string { return s })
}

func manPage(cmd *cobra.Command, buf *bytes.Buffer) (string, error) {
	name := strings.ReplaceAll(cmd.CommandPath(), " ", "-") + ".1"
	return name, doc.GenMan(cmd, &doc.GenManHeader{Title: strings.ToUpper(strings.ReplaceAll(cmd.CommandPath(), " ", "-")), Section: "1", Source: "coe " + buildVersion(), Manual: "coe manual"}, buf)
}
