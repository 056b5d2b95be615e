package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/schema"
	"github.com/spf13/cobra"
)

type schemaOptions struct {
	f      *Factory
	write  bool
	output string
	check  bool
}

const schemaLong = `Print the JSON Schema (draft 2020-12) of the COE file format.

Editors use it to check a COE while you type: every field with its type and
a description (the seven sections are titled with the seven questions),
the enums, the patterns of ids, dates and timestamps, no unknown keys, and
what each status demands (a COE in review must answer every question).

In a repository, the schema follows its .coe.yaml: its severities, its
owners roster, and the lint rules it turns off. Outside one, it has coe's
defaults (sev1..sev4, anyone may own an action).

coe init writes it to coe.schema.json next to .coe.yaml, to be committed,
and every new COE starts with a line that points editors that use
yaml-language-server (VS Code's YAML extension, and others) at it:

  # yaml-language-server: $schema=../coe.schema.json

After changing .coe.yaml, run coe schema --write to bring the file up to
date; coe schema --check fails (exit 1) when it is not, for CI.

JSON Schema cannot say everything the format demands (that the id matches
the file name, that times are in order, that related COEs exist): coe lint
checks those. The schema's description lists them.`

func newSchemaCmd(f *Factory) *cobra.Command {
	o := &schemaOptions{f: f}
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the COE format, for editors and other tools",
		Long:  schemaLong,
		Example: `  coe schema                      # print it
  coe schema --write              # write coe.schema.json next to .coe.yaml
  coe schema --check              # in CI: is coe.schema.json up to date?
  coe schema -o /tmp/coe.json     # write it anywhere`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runSchema(o) },
	}
	fl := cmd.Flags()
	fl.BoolVarP(&o.write, "write", "w", false, "write it to the repository's "+coe.SchemaName)
	fl.StringVarP(&o.output, "output", "o", "", "write it to `FILE` instead of stdout")
	fl.BoolVar(&o.check, "check", false, "exit 1 when the repository's "+coe.SchemaName+" is missing or out of date")
	cmd.MarkFlagsMutuallyExclusive("write", "output", "check")
	return cmd
}

func runSchema(o *schemaOptions) error {
	ios := o.f.Streams
	cfg := coe.DefaultConfig()
	r, err := o.f.Repo()
	switch {
	case err == nil:
		cfg = r.Config
	case errors.Is(err, coe.ErrNoRepo) && !o.write && !o.check:
		// Outside a repository: coe's defaults.
	case errors.Is(err, coe.ErrNoRepo):
		flag := "--write"
		if o.check {
			flag = "--check"
		}
		return usagef("%s: %v; outside one, coe schema -o FILE writes the schema with coe's defaults", flag, coe.ErrNoRepo)
	default:
		return err
	}
	data := schema.Generate(cfg)
	switch {
	case o.check:
		return checkSchema(o.f, r, data)
	case o.write:
		existed := r.Exists(r.SchemaPath())
		if err := r.WriteFile(r.SchemaPath(), data); err != nil {
			return usageError(err)
		}
		fmt.Fprintf(ios.ErrOut, "Wrote %s.\n", r.Rel(r.SchemaPath()))
		if !existed {
			fmt.Fprintf(ios.ErrOut, "New COEs will point editors at it. To point an existing COE at it, make this its first line:\n  %s\n",
				coe.SchemaLine(r.SchemaRef()))
		}
		return nil
	case o.output != "" && o.output != "-":
		return writeOutput(o.f, r, o.output, data)
	}
	_, err = ios.Out.Write(data)
	return err
}

// checkSchema compares the repository's schema file with what coe schema
// makes from its .coe.yaml now.
func checkSchema(f *Factory, r *coe.Repo, want []byte) error {
	name := r.Rel(r.SchemaPath())
	got, err := r.FS().ReadFile(r.SchemaPath(), coe.MaxFileSize)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return &exitError{exitFindings, fmt.Errorf("%s does not exist; make it with: coe schema --write", name)}
	case err != nil:
		return usageError(err)
	case !bytes.Equal(got, want):
		return &exitError{exitFindings, fmt.Errorf("%s is out of date with %s or with this coe; update it with: coe schema --write", name, coe.ConfigName)}
	}
	fmt.Fprintf(f.Streams.ErrOut, "%s is up to date.\n", name)
	return nil
}
