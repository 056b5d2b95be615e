package render

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/safefs"
)

// An organisation's site holds the COEs of the repositories its
// .coe.yaml lists under sources: (SiteOptions.Sources): a source's COE has
// its page in coes/<name>/, its id shows as <name>/<id> on every list, and
// it is read with its source's own config.

// own is the source of a file of the repository itself.
var own = &coe.Source{}

// source is the source of o.Files[i]: own for the repository's (a Source
// of no name, as coe.Set lists the repository itself, is its own: its
// page's footer names the file alone).
func (o *SiteOptions) source(i int) *coe.Source {
	if i < len(o.Sources) && o.Sources[i] != nil && o.Sources[i].Name != "" {
		return o.Sources[i]
	}
	return own
}

// loader returns a function that reads o.Files[i] as coe.LoadFile does:
// with o.Read, or, for a source's file, its source's options, the YAML
// nodes kept or not as keepNode says. It may be called from several
// goroutines at once.
func (o *SiteOptions) loader(keepNode bool) func(i int) coe.LoadResult {
	mine := o.Read
	mine.KeepNode = keepNode
	opts := map[*coe.Source]coe.ReadOptions{own: mine}
	for _, s := range o.Sources {
		if _, ok := opts[s]; !ok && s != nil {
			ro := s.Repo.ReadOptions()
			ro.KeepNode = keepNode
			opts[s] = ro
		}
	}
	return func(i int) coe.LoadResult {
		s, name := o.source(i), o.Files[i]
		if s != own {
			name = s.Repo.Rel(name)
		} else if o.Display != nil {
			name = o.Display(name)
		}
		return coe.LoadFile(o.Files[i], name, opts[s])
	}
}

// makeSourceDirs makes the folder of each source's pages, coes/<name>.
func (o *SiteOptions) makeSourceDirs(root *safefs.Root) error {
	done := map[string]bool{}
	for _, s := range o.Sources {
		if s == nil || s.Name == "" || done[s.Name] {
			continue
		}
		done[s.Name] = true
		if err := root.MkdirAll(filepath.Join(o.Out, "coes", s.Name), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// pageRoot is the way from the page of o.Files[i] to the site's root.
func (o *SiteOptions) pageRoot(i int) string {
	if o.source(i).Name != "" {
		return "../../"
	}
	return "../"
}

// siteLinks returns the links of the page of each file: related COEs of
// the same source (a COE names its own repository's ids), from the page's
// folder. pages holds the pages' names in coes/, without .html.
func (o *SiteOptions) siteLinks(pages map[string]bool) func(i int) *SiteLinks {
	links := map[*coe.Source]*SiteLinks{}
	for i := range o.Files {
		s := o.source(i)
		if links[s] == nil {
			links[s] = &SiteLinks{Root: o.pageRoot(i), Exists: func(id string) bool { return pages[s.ID(id)] }}
		}
	}
	return func(i int) *SiteLinks { return links[o.source(i)] }
}

// pageSource is the file a COE page says it is from: its path in its
// repository, after the source's name for a source's.
func (o *SiteOptions) pageSource(i int) string {
	s := o.source(i)
	if s == own {
		if o.SourceDir == "" {
			return ""
		}
		return filepath.ToSlash(filepath.Join(o.SourceDir, filepath.Base(o.Files[i])))
	}
	return s.Name + ": " + filepath.ToSlash(filepath.Join(s.Repo.Config.Dir, filepath.Base(o.Files[i])))
}

// prefix gives a source's COE, once its page is written, the ids the other
// pages show: its own and those of related, as <name>/<id>.
func (o *SiteOptions) prefix(i int, c *coe.COE) {
	if s := o.source(i); s != own {
		c.ID, c.Related = s.ID(c.ID), s.IDs(c.Related)
	}
}

// pageName is the name of the page of o.Files[i] in coes/, without .html.
func (o *SiteOptions) pageName(i int) string {
	base := filepath.Base(o.Files[i])
	return o.source(i).ID(strings.TrimSuffix(base, filepath.Ext(base)))
}

// pagePath is the name of a page in coes/ (without .html) as a relative
// URL path: each segment escaped, a source's name and its COE's file.
func pagePath(name string) string {
	if src, file := coe.SplitID(name); src != "" {
		return src + "/" + url.PathEscape(file)
	}
	return url.PathEscape(name)
}
