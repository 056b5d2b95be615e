// Package templates holds the templates and stylesheet of coe's reports,
// embedded in the coe binary:
//
//	coe.md.tmpl        one COE as Markdown (text/template)
//	coe.html.tmpl      one COE as a standalone HTML page (html/template)
//	layout.html.tmpl   the head, site bar and footer every page shares
//	chart.html.tmpl    the timeline as an inline SVG
//	table.html.tmpl    the sortable, filterable table of COEs
//	index.html.tmpl    the site's index of all COEs
//	group.html.tmpl    the page of one tag or one service
//	groups.html.tmpl   the list of all tags or all services
//	actions.html.tmpl  open corrective actions, grouped by owner
//	insights.html.tmpl what the COEs say together: charts and their figures
//	evidence.html.tmpl an action's evidence: commits and links
//	public.md.tmpl     a COE's public version as Markdown (coe render --audience public)
//	public.html.tmpl   its public version as a page
//	public-parts.html.tmpl the parts of it the public site, its feed and the
//	                   internal report share
//	public-index.html.tmpl the public site's index (coe build --public)
//	style.css          the stylesheet, inlined into every page
//	site.js            the index's sorting and filtering, inlined
//
// A repository overrides any of them with a file of the same name in its
// templates folder (`templates:` in .coe.yaml, or --templates DIR), and may
// add *.html.tmpl or *.md.tmpl files of its own to define templates the
// others use. What the templates are given is documented in package
// github.com/coe-cli/coe/coe/render.
package templates

import "embed"

// FS holds the built-in templates, the stylesheet and the script.
//
//go:embed *.tmpl style.css site.js
var FS embed.FS
