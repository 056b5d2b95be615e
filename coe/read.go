package coe

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"

	"github.com/coe-cli/coe/coe/safefs"
	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest COE file read, in bytes (1 MiB). A real COE is a
// few kilobytes; the cap keeps a stray or hostile file from costing memory.
const MaxFileSize = 1 << 20

// MaxAnswerLength is the longest Markdown answer read, in characters (64 Ki,
// about 10,000 words or 25 printed pages). The longest answer of the bundled
// examples is under 1,000 characters and a whole real COE is a few
// thousand; the limit only ever stops a pasted log or a hostile file. It
// bounds what one answer costs the Markdown renderer, whose worst cases
// grow faster than the text (package render keeps those linear too).
const MaxAnswerLength = 64 << 10

// MaxLabels is the most tags, and the most services, a COE may name. Each
// is a page of the site, listing on it every label of its COEs; a few are
// what a COE needs, and thousands in one file (which the size cap allows)
// made coe build take minutes.
const MaxLabels = 64

// MaxFactors is the most contributing factors a COE may name. A failure
// has a few; a long list says nothing about any of them.
const MaxFactors = 64

// Keys of each mapping, in the order of the spec. The encoder writes them in
// this order and the reader accepts exactly these.
var (
	keysCOE = []string{"version", "id", "title", "status", "severity", "authors", "reviewers",
		"submitted_at", "approved_by", "approved_at", "closed_at", "reopened", "tags", "services", "incident", "what_happened", "timeline",
		"impact", "root_cause", "contributing_factors", "supporting_data", "implications", "lessons", "corrective_actions", "public", "related"}
	keysIncident       = []string{"started_at", "detected_at", "mitigated_at", "resolved_at"}
	keysTimeline       = []string{"at", "event"}
	keysImpact         = []string{"customers", "business", "customers_affected", "communication"}
	keysRootCause      = []string{"summary", "whys"}
	keysSupportingData = []string{"title", "link", "note"}
	keysImplications   = []string{"security", "other"}
	keysAction         = []string{"id", "action", "owner", "due", "priority", "status", "done_at", "tracker", "note", "evidence"}
	keysReopening      = []string{"at", "by", "reason"}
	keysPublic         = []string{"title", "summary", "impact", "changes", "apology", "published_at"}
)

// KeysCOE are the top-level keys of a COE, in the order of the spec (a
// copy, as are the other Keys).
func KeysCOE() []string { return slices.Clone(keysCOE) }

// KeysIncident are the keys of incident.
func KeysIncident() []string { return slices.Clone(keysIncident) }

// KeysTimeline are the keys of a timeline entry.
func KeysTimeline() []string { return slices.Clone(keysTimeline) }

// KeysImpact are the keys of impact.
func KeysImpact() []string { return slices.Clone(keysImpact) }

// KeysRootCause are the keys of root_cause.
func KeysRootCause() []string { return slices.Clone(keysRootCause) }

// KeysSupportingData are the keys of a supporting_data item.
func KeysSupportingData() []string { return slices.Clone(keysSupportingData) }

// KeysImplications are the keys of implications.
func KeysImplications() []string { return slices.Clone(keysImplications) }

// KeysReopening are the keys of an entry of reopened.
func KeysReopening() []string { return slices.Clone(keysReopening) }

// KeysPublic are the keys of public, the customers' version.
func KeysPublic() []string { return slices.Clone(keysPublic) }

// KeysAction are the keys of a corrective action.
func KeysAction() []string { return slices.Clone(keysAction) }

var (
	idPattern       = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$`)
	actionIDPattern = regexp.MustCompile(`^CA-[1-9][0-9]*$`)
)

// ValidID reports whether s has the form of a COE id, YYYY-MM-DD-slug, with
// a real date.
func ValidID(s string) bool {
	if !idPattern.MatchString(s) {
		return false
	}
	_, err := ParseDate(s[:10])
	return err == nil
}

// ReadOptions tune reading.
type ReadOptions struct {
	// Severities are the accepted severity names; nil means DefaultSeverities.
	Severities []string
	// KeepNode keeps the parsed YAML tree in Document.Root, for positions
	// and in-place edits. Without it the tree is dropped after decoding.
	KeepNode bool
	// FS, when set, is the guarded file system of the repository that
	// EachFile reads files from: only regular files inside it are read.
	// Parse does not use it.
	FS *safefs.Root
}

// Document is a COE read from a file.
type Document struct {
	// Path is the file name as given to the reader.
	Path string
	// COE is the decoded content. When reading found errors it holds what
	// could be decoded.
	COE COE
	// Root is the YAML document node, when ReadOptions.KeepNode was set.
	Root *yaml.Node
	// Source is the text Root was parsed from, when ReadOptions.KeepNode
	// was set, for positions inside a value (a word of a block scalar);
	// it does not follow edits of Root.
	Source []byte
}

// ReadFile reads and decodes the COE file at path. Problems with the content
// come back as an ErrorList naming path:line:col; the Document is then
// partially filled when the YAML itself parsed, and nil otherwise.
func ReadFile(path string, opts ReadOptions) (*Document, error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, opts)
}

// readCapped reads a regular file, refusing one over MaxFileSize, a device,
// named pipe or socket, or a link out of the file's folder, before reading
// it.
func readCapped(path string) ([]byte, error) {
	data, err := safefs.ReadIn(nil, path, MaxFileSize)
	return data, readError(path, err)
}

// readError makes an error of the guarded file system an *Error of the
// read-file rule (or file-too-large), naming path: a COE that cannot be
// read is a finding of lint like any other.
func readError(path string, err error) error {
	if err == nil {
		return nil
	}
	var e *safefs.Error
	if !errors.As(err, &e) {
		return &Error{File: path, Rule: RuleReadFile, Msg: pathErrMsg(err)}
	}
	if errors.Is(err, safefs.ErrTooLarge) {
		if e.Size < 0 {
			return &Error{File: path, Rule: RuleFileTooLarge,
				Msg: fmt.Sprintf("file is more than %d bytes; a COE file may be at most %d bytes (1 MiB)", MaxFileSize, MaxFileSize)}
		}
		return tooLarge(path, e.Size)
	}
	return &Error{File: path, Rule: RuleReadFile, Msg: e.Msg}
}

func tooLarge(path string, n int64) error {
	return &Error{File: path, Rule: RuleFileTooLarge,
		Msg: fmt.Sprintf("file is %d bytes; a COE file may be at most %d bytes (1 MiB)", n, MaxFileSize)}
}

// pathErrMsg is an *os.PathError's message without the path, which the
// caller prints in front.
func pathErrMsg(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

var bom = []byte("\xef\xbb\xbf")

// Parse decodes a COE from data; path is used in messages only.
func Parse(path string, data []byte, opts ReadOptions) (*Document, error) {
	root, err := parseNode(path, data)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: path, severities: opts.Severities}
	if d.severities == nil {
		d.severities = defaultSeverities
	}
	doc := &Document{Path: path}
	d.checkAliases(root)
	if len(d.errs) == 0 {
		d.coe(root.Content[0], &doc.COE)
	}
	if opts.KeepNode {
		doc.Root, doc.Source = root, data
	}
	d.errs.Sort()
	return doc, d.errs.Err()
}
