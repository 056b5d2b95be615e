package lint

import (
	"bufio"
	"encoding/json"
	"io"
	"net/url"
	"strings"
)

// SARIFOptions describe the tool in SARIF output.
type SARIFOptions struct {
	// Version is coe's version.
	Version string
	// InformationURI is coe's home page.
	InformationURI string
}

// SARIF 2.1.0, the parts coe writes. The names follow the specification:
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		Results    []sarifResult `json:"results"`
		ColumnKind string        `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string         `json:"id"`
		ShortDescription     sarifMessage   `json:"shortDescription"`
		FullDescription      sarifMessage   `json:"fullDescription"`
		Help                 sarifMessage   `json:"help"`
		DefaultConfiguration sarifRuleLevel `json:"defaultConfiguration"`
		// Properties tags a rule of a group with its name (quality), which
		// code scanning shows and filters by.
		Properties *sarifProperties `json:"properties,omitempty"`
	}
	sarifProperties struct {
		Tags []string `json:"tags"`
	}
	sarifRuleLevel struct {
		// Enabled is false for a rule off by default (SARIF has no level
		// "off"); omitted, it is true.
		Enabled *bool  `json:"enabled,omitempty"`
		Level   string `json:"level"`
	}
	sarifMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
)

// SARIFSchema is the $schema of SARIF output.
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// WriteSARIF writes the diagnostics as a SARIF 2.1.0 log, for code
// scanning (GitHub's upload-sarif action and others): one run whose tool
// lists every rule (id, summary, explanation, default level) and one result
// a diagnostic. Paths become relative URIs against the base id %SRCROOT%,
// the root of the checkout: pass them relative to it, with forward slashes.
// Columns count Unicode code points.
func WriteSARIF(w io.Writer, ds []Diagnostic, o SARIFOptions) error {
	rs := Rules()
	index := make(map[string]int, len(rs))
	driver := sarifDriver{Name: "coe", Version: o.Version, InformationURI: o.InformationURI, Rules: make([]sarifRule, len(rs))}
	for i, r := range rs {
		index[r.ID] = i
		driver.Rules[i] = sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifMessage{Text: r.Summary},
			FullDescription:      sarifMessage{Text: prose(r.Explanation)},
			Help:                 sarifMessage{Text: r.Explanation, Markdown: helpMarkdown(r)},
			DefaultConfiguration: sarifRuleLevel{Level: string(r.Default)},
		}
		if r.Group != "" {
			driver.Rules[i].Properties = &sarifProperties{Tags: []string{r.Group}}
		}
		if r.Default == Off {
			off := false
			driver.Rules[i].DefaultConfiguration = sarifRuleLevel{Enabled: &off, Level: string(Warning)}
		}
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: make([]sarifResult, 0, len(ds)), ColumnKind: "unicodeCodePoints"}
	for _, d := range ds {
		res := sarifResult{
			RuleID:    d.Rule,
			RuleIndex: index[d.Rule],
			Level:     string(d.Severity),
			Message:   sarifMessage{Text: d.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: pathURI(d.Path), URIBaseID: "%SRCROOT%"},
			}}},
		}
		if d.Line > 0 {
			res.Locations[0].PhysicalLocation.Region = &sarifRegion{StartLine: d.Line, StartColumn: max(d.Col, 1)}
		}
		run.Results = append(run.Results, res)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{run}}); err != nil {
		return err
	}
	return bw.Flush()
}

// pathURI makes a relative URI reference of a slash-separated path.
func pathURI(p string) string {
	return (&url.URL{Path: p}).String()
}

// prose is the first paragraph of an explanation, on one line.
func prose(explanation string) string {
	para, _, _ := strings.Cut(explanation, "\n\n")
	para = strings.Join(strings.Fields(para), " ")
	if strings.HasSuffix(para, ":") { // it leads into the example
		para = strings.TrimSuffix(para, ":") + "."
	}
	return para
}

// helpMarkdown is a rule's explanation in Markdown: its paragraphs, with
// the indented example as a fenced YAML block.
func helpMarkdown(r Rule) string {
	var b strings.Builder
	inCode, blanks := false, 0
	for _, line := range strings.Split(strings.TrimSpace(r.Explanation), "\n") {
		if strings.TrimSpace(line) == "" {
			blanks++
			continue
		}
		code := strings.HasPrefix(line, "    ")
		if code != inCode && inCode {
			b.WriteString("```\n")
		}
		b.WriteString(strings.Repeat("\n", blanks))
		if code != inCode && code {
			b.WriteString("```yaml\n")
		}
		inCode, blanks = code, 0
		if code {
			line = line[4:]
		}
		b.WriteString(line + "\n")
	}
	if inCode {
		b.WriteString("```\n")
	}
	return strings.TrimSpace(b.String())
}
