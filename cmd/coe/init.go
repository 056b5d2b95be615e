package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
	"github.com/coe-cli/coe/coe/schema"
	"github.com/spf13/cobra"
)

type initOptions struct {
	f          *Factory
	target     string
	dir        string
	severities []string
	owners     []string
}

func newInitCmd(f *Factory) *cobra.Command {
	o := &initOptions{f: f}
	cmd := &cobra.Command{
		Use:   "init [FOLDER]",
		Short: "Make a folder a COE repository (.coe.yaml, coe.schema.json and coes/)",
		Long: `Make a folder (the current one by default) a COE repository: write a
.coe.yaml config, the JSON Schema of its COEs (coe.schema.json, for
editors; see coe schema), and create the folder COE files live in. Nothing
is overwritten: init refuses when .coe.yaml already exists, and keeps a
coe.schema.json that is there already.`,
		Example: `  coe init
  coe init postmortems --severities sev1,sev2,sev3 --owners dana --owners li.wei
  coe init --dir incidents`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.target = args[0]
			}
			return runInit(o)
		},
	}
	cmd.Flags().StringVar(&o.dir, "dir", "coes", "`FOLDER` for COE files, relative to .coe.yaml")
	// Severities are one ordered list, of names like P1: commas separate them.
	cmd.Flags().StringSliceVar(&o.severities, "severities", coe.DefaultSeverities(), "severity `NAMES`, worst first, comma-separated (or repeat the flag)")
	cmd.Flags().StringArrayVar(&o.owners, "owners", nil, "an `OWNER` for the roster of corrective action owners: a handle or e-mail (repeat for more; none: anyone)")
	return cmd
}

func runInit(o *initOptions) error {
	ios := o.f.Streams
	wd, err := o.f.WorkDir()
	if err != nil {
		return err
	}
	root := wd
	if o.target != "" {
		root = o.target
		if !filepath.IsAbs(root) {
			root = filepath.Join(wd, root)
		}
	}
	cfg := coe.DefaultConfig()
	cfg.Dir = filepath.ToSlash(filepath.Clean(o.dir))
	if o.dir == "" || filepath.IsAbs(o.dir) || strings.HasPrefix(cfg.Dir, "../") {
		return usagef("--dir %q: expected a folder inside the repository, like coes", o.dir)
	}
	for _, s := range o.severities {
		if strings.TrimSpace(s) == "" {
			return usagef("--severities: empty name; expected names like sev1,sev2,sev3,sev4")
		}
	}
	if len(o.severities) == 0 {
		return usagef("--severities: expected at least one name, like sev1,sev2,sev3,sev4")
	}
	for _, w := range o.owners {
		if strings.Contains(w, ",") {
			// A handle or e-mail has no comma: this is a list in one flag.
			return usagef("--owners %q: expected one handle or e-mail a flag; repeat --owners for more, like --owners dana --owners li.wei", w)
		}
	}
	cfg.Severities, cfg.Owners = o.severities, o.owners
	if err := os.MkdirAll(root, 0o755); err != nil {
		return usageError(err)
	}
	// What is in the folder already may be anyone's: write only inside it,
	// never through a link, never over a file.
	fsys, err := safefs.Open(root)
	if err != nil {
		return usageError(err)
	}
	defer fsys.Close()
	cfgPath := filepath.Join(root, coe.ConfigName)
	if err := fsys.CreateExclusive(cfgPath, coe.MarshalConfig(cfg), 0o644); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usagef("%s already exists: this is a COE repository already; nothing was changed", rel(wd, cfgPath))
		}
		return usageError(err)
	}
	// The schema, for editors: new COEs get a line that points at it.
	wrote := []string{coe.ConfigName, coe.SchemaName}
	schemaPath := filepath.Join(root, coe.SchemaName)
	if err := fsys.CreateExclusive(schemaPath, schema.Generate(cfg), 0o644); errors.Is(err, fs.ErrExist) {
		wrote = wrote[:1]
		fmt.Fprintf(ios.ErrOut, "Kept the %s that is there; coe schema --write brings it up to date.\n", coe.SchemaName)
	} else if err != nil {
		return usageError(err)
	}
	coesDir := filepath.Join(root, filepath.FromSlash(cfg.Dir))
	if err := fsys.MkdirAll(coesDir, 0o755); err != nil {
		return usageError(err)
	}
	// git does not keep empty folders.
	keep := filepath.Join(coesDir, ".gitkeep")
	if err := fsys.CreateExclusive(keep, nil, 0o644); err != nil && !errors.Is(err, fs.ErrExist) {
		return usageError(err)
	}
	w := ios.ErrOut
	fmt.Fprintf(w, "Created %s and %s/ in %s.\n\n", strings.Join(wrote, ", "), cfg.Dir, root)
	cd := ""
	if root != wd {
		cd = "cd " + rel(wd, root) + " && "
	}
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	fmt.Fprintf(tw, "Next:\n")
	fmt.Fprintf(tw, "  %scoe new\tanswer the seven COE questions in a form\n", cd)
	fmt.Fprintf(tw, "  %scoe new --no-input --title T --severity %s\tor start from a skeleton to fill in\n", cd, cfg.Severities[0])
	fmt.Fprintf(tw, "  %sgit add %s %s %s && git commit -m \"Keep COEs here\"\n", cd, coe.ConfigName, coe.SchemaName, cfg.Dir)
	tw.Flush()
	return nil
}

// rel shows path relative to base when that is shorter.
func rel(base, path string) string {
	if r, err := filepath.Rel(base, path); err == nil && len(r) < len(path) {
		return r
	}
	return path
}
