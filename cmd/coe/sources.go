package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// sourcesHelp is what coe stats, actions and build say about sources:.
const sourcesHelp = `In an organisation's repository, whose .coe.yaml lists other teams' COE
repositories under sources: (git submodules or clones kept beside it; coe
never fetches them), the COEs of every source are read too, each with its
own config; a source's COE shows as NAME/ID (payments/2025-03-11-...), and
coe show and coe render take NAME/ID. --no-sources reads this repository
alone. coe lint does not follow sources: each team's CI lints its own, and
a COE is edited in its own repository. coe help format describes sources:.`

// sourceFlags are --no-sources and, for coe actions, --source.
type sourceFlags struct {
	none  bool
	names []string
}

func (s *sourceFlags) addFlags(fl *pflag.FlagSet, pick bool) {
	fl.BoolVar(&s.none, "no-sources", false, "read this repository's COEs only, not those of the sources: in "+coe.ConfigName)
	if pick {
		fl.StringArrayVar(&s.names, "source", nil, "only the COEs of the source called `NAME` in "+coe.ConfigName+" (repeat for more; . for this repository's own)")
	}
}

// sourceSet opens the repository and, unless --no-sources, its sources:
// a source that does not open is a usage error at its line of .coe.yaml.
// A source that lists sources of its own gets one note on stderr: those
// are not read.
func (f *Factory) sourceSet(s sourceFlags) (*coe.Set, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, err
	}
	if s.none && len(s.names) > 0 {
		return nil, usagef("--no-sources and --source disagree: --no-sources reads this repository alone; give one")
	}
	set, err := r.Set(!s.none)
	if err != nil {
		return nil, usageError(err)
	}
	if len(s.names) > 0 {
		keep := &coe.Set{}
		for _, name := range s.names {
			if name == "." {
				name = ""
			}
			src := set.Source(name)
			if src == nil {
				names := slices.DeleteFunc(set.Names(), func(n string) bool { return n == "" })
				if len(names) == 0 {
					return nil, usagef("--source %q: %s lists no sources", name, coe.ConfigName)
				}
				return nil, usagef("--source %q: expected one of %s, or . for this repository's own", name, strings.Join(names, ", "))
			}
			if !slices.Contains(keep.Sources, src) {
				keep.Sources = append(keep.Sources, src)
				if slices.Contains(set.Nested, name) {
					keep.Nested = append(keep.Nested, name)
				}
			}
		}
		set = keep
	}
	if len(set.Nested) > 0 {
		what := "source " + set.Nested[0] + " lists sources: of its own"
		if len(set.Nested) > 1 {
			what = "sources " + strings.Join(set.Nested, ", ") + " list sources: of their own"
		}
		fmt.Fprintf(f.Streams.ErrOut, "Note: %s; coe reads one level of sources, so those are not read.\n", what)
	}
	return set, nil
}

// resolveAcross finds the COE ref names as resolveCOE does, or a
// source's COE from its id as coe stats, actions and build show it
// (NAME/ID, or NAME/ and a unique prefix of the id), in the source's own
// repository: for commands that read one COE (coe show).
func (f *Factory) resolveAcross(ref string) (*coe.Repo, string, error) {
	r, err := f.Repo()
	if err != nil {
		return nil, "", err
	}
	sr, path, err := r.ResolveAcross(ref)
	if err != nil {
		return nil, "", usageError(err)
	}
	return sr, path, nil
}

// sourceFiles opens the set as sourceSet does and lists its COE files.
func (f *Factory) sourceFiles(s sourceFlags) (*coe.Set, []coe.SourceFile, error) {
	set, err := f.sourceSet(s)
	if err != nil {
		return nil, nil, err
	}
	files, err := set.Files()
	if err != nil {
		return nil, nil, usageError(err)
	}
	return set, files, nil
}

// splitFiles gives the paths of files and the source of each, in order.
func splitFiles(files []coe.SourceFile) ([]string, []*coe.Source) {
	paths := make([]string, len(files))
	srcs := make([]*coe.Source, len(files))
	for i, f := range files {
		paths[i], srcs[i] = f.Path, f.Source
	}
	return paths, srcs
}

// repoOfDoc returns the repository of a document read from files (named as
// its source's Rel names it): a source's, or r for any other.
func repoOfDoc(r *coe.Repo, files []coe.SourceFile) func(*coe.Document) *coe.Repo {
	by := map[string]*coe.Repo{}
	for _, f := range files {
		if f.Source.Name != "" {
			by[f.Source.Repo.Rel(f.Path)] = f.Source.Repo
		}
	}
	return func(doc *coe.Document) *coe.Repo {
		if sr := by[doc.Path]; sr != nil {
			return sr
		}
		return r
	}
}

// completeIDsAcross completes a COE id as completeIDs does and, in an
// organisation's repository, a source's as NAME/ID: the source names
// first (NAME/, without a space after), then that source's ids.
func completeIDsAcross(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	own := completeIDs(f)
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		r, err := f.Repo()
		if err != nil || len(r.Config.Sources) == 0 {
			return own(cmd, args, prefix)
		}
		name, rest, ok := strings.Cut(prefix, coe.SourceSep)
		if !ok {
			out, dir := own(cmd, args, prefix)
			for _, s := range r.Config.Sources {
				if strings.HasPrefix(s.Name+coe.SourceSep, prefix) {
					// NAME/ goes on to the source's ids: no space.
					out, dir = append(out, s.Name+coe.SourceSep), dir|cobra.ShellCompDirectiveNoSpace
				}
			}
			return out, dir
		}
		set, err := r.Set(true)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		src := set.Source(name)
		if src == nil || name == "" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, id := range src.Repo.IDs() {
			if strings.HasPrefix(id, rest) {
				out = append(out, src.ID(id))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
