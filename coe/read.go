package coe

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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

// Keys of each mapping, in the order of the spec. The encoder writes them in
// this order and the reader accepts exactly these.
var (
	KeysCOE = []string{"version", "id", "title", "status", "severity", "authors", "reviewers",
		"approved_by", "approved_at", "tags", "services", "incident", "what_happened", "timeline",
		"impact", "root_cause", "supporting_data", "implications", "lessons", "corrective_actions", "related"}
	KeysIncident       = []string{"started_at", "detected_at", "mitigated_at", "resolved_at"}
	KeysTimeline       = []string{"at", "event"}
	KeysImpact         = []string{"customers", "business", "customers_affected", "communication"}
	KeysRootCause      = []string{"summary", "whys"}
	KeysSupportingData = []string{"title", "link", "note"}
	KeysImplications   = []string{"security", "other"}
	KeysAction         = []string{"id", "action", "owner", "due", "priority", "status", "done_at", "tracker"}
)

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
		d.severities = DefaultSeverities
	}
	doc := &Document{Path: path}
	d.checkAliases(root)
	if len(d.errs) == 0 {
		d.coe(root.Content[0], &doc.COE)
	}
	if opts.KeepNode {
		doc.Root = root
	}
	d.errs.Sort()
	return doc, d.errs.Err()
}

// parseNode parses data as exactly one YAML document whose top level is a
// mapping and returns the document node.
func parseNode(path string, data []byte) (root *yaml.Node, err error) {
	if len(data) > MaxFileSize {
		return nil, tooLarge(path, int64(len(data)))
	}
	data = bytes.TrimPrefix(data, bom)
	// YAML takes a lone CR as a line break, as coe's own line tools do:
	// read it as LF, so that the marker and encoding checks below, and the
	// positions of errors, see the lines a user sees.
	data, _ = toLF(data)
	if line, marker, ok := conflictMarker(data); ok {
		return nil, &Error{File: path, Line: line, Col: 1, Rule: RuleConflict,
			Msg: fmt.Sprintf("unresolved merge conflict: %q is a marker git leaves in a file it could not merge; "+
				"expected the file with the conflict resolved: keep the lines you want and delete the \"<<<<<<<\", \"=======\" and \">>>>>>>\" lines", marker)}
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8Pos(data)
		return nil, &Error{File: path, Line: line, Col: col, Rule: RuleEncoding,
			Msg: "invalid UTF-8; a COE file must be UTF-8 text (with or without a byte-order mark)"}
	}
	defer func() {
		// yaml.v3 has panicked on hostile input in the past; a panic on user
		// input must become an error, never a crash.
		if r := recover(); r != nil {
			root, err = nil, &Error{File: path, Line: 1, Col: 1, Rule: RuleSyntax, Msg: fmt.Sprintf("cannot parse YAML: %v", r)}
		}
	}()
	if !hasDocMarker(data) {
		// One document for sure: yaml.Unmarshal reads from the bytes
		// directly, which is faster than a Decoder on a reader.
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, syntaxError(path, data, err)
		}
		if doc.Kind == 0 {
			return nil, &Error{File: path, Line: 1, Col: 1, Rule: RuleEmptyFile, Msg: "file is empty; expected a COE: a mapping with version, id, title, status and severity"}
		}
		return checkTop(path, &doc)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: path, Line: 1, Col: 1, Rule: RuleEmptyFile, Msg: "file is empty; expected a COE: a mapping with version, id, title, status and severity"}
		}
		return nil, syntaxError(path, data, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxError(path, data, err)
	default:
		line, col := next.Line, next.Column
		if line == 0 {
			line, col = docSeparatorPos(data)
		}
		return nil, &Error{File: path, Line: line, Col: col, Rule: RuleMultipleDocs,
			Msg: "a second YAML document; a COE file holds exactly one document (remove the \"---\" separator or split the file)"}
	}
	return checkTop(path, &doc)
}

// conflictMarker finds the first line git writes around a conflict it could
// not merge: "<<<<<<< ours", "=======" and ">>>>>>> theirs" (and "|||||||
// base" in diff3 style), each at the start of a line. It returns the line
// number and the marker line (cut to 60 bytes); the start marker is
// preferred, where the conflict begins. YAML has no valid use for such a
// line outside a quoted text that runs over several lines.
func conflictMarker(data []byte) (line int, marker string, ok bool) {
	first, firstText := 0, ""
	for n := 1; len(data) > 0; n++ {
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(l) < 7 || (l[0] != '<' && l[0] != '=' && l[0] != '>' && l[0] != '|') {
			continue
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		if !isConflictMarker(l) {
			continue
		}
		text := string(l)
		if len(text) > 60 {
			text = strings.ToValidUTF8(text[:60], "") + "..."
		}
		if l[0] == '<' {
			return n, text, true
		}
		if first == 0 {
			first, firstText = n, text
		}
	}
	return first, firstText, first > 0
}

// isConflictMarker reports whether l (without its line break) is one of
// git's conflict marker lines.
func isConflictMarker(l []byte) bool {
	for _, m := range []string{"<<<<<<<", ">>>>>>>", "|||||||", "======="} {
		if !bytes.HasPrefix(l, []byte(m)) {
			continue
		}
		rest := l[len(m):]
		if m == "=======" {
			return len(rest) == 0
		}
		return len(rest) == 0 || rest[0] == ' '
	}
	return false
}

// checkTop checks that a parsed document holds a mapping.
func checkTop(path string, doc *yaml.Node) (*yaml.Node, error) {
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, &Error{File: path, Line: max(doc.Line, 1), Col: max(doc.Column, 1), Rule: RuleEmptyFile, Msg: "file holds no COE; expected a mapping with version, id, title, status and severity"}
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, &Error{File: path, Line: top.Line, Col: top.Column, Rule: RuleWrongType,
			Msg: fmt.Sprintf("top level is %s; expected a mapping of COE fields (version: 1, id: ..., title: ...)", kindName(top))}
	}
	return doc, nil
}

// hasDocMarker reports whether a line starts with a YAML document marker,
// "---" or "...": only then can a file hold more than one document.
func hasDocMarker(data []byte) bool {
	for _, m := range []string{"---", "..."} {
		for i := 0; ; {
			j := bytes.Index(data[i:], []byte(m))
			if j < 0 {
				break
			}
			j += i
			if j == 0 || data[j-1] == '\n' {
				return true
			}
			i = j + 3
		}
	}
	return false
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 error into a positioned Error. yaml.v3 reports
// a line but no column; the column given is the line's first non-blank one.
func syntaxError(path string, data []byte, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 0
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if isParserProblem(msg) {
		// yaml.v3 reports parser problems with a 0-based line, and the line
		// where the enclosing structure starts rather than the one at fault.
		line = problemLine(data, line+1, msg)
	}
	if line == 0 && strings.HasPrefix(msg, "control characters are not allowed") {
		// libyaml's reader gives no position: find the character.
		if l, c, r, ok := controlCharPos(data); ok {
			return &Error{File: path, Line: l, Col: c, Rule: RuleSyntax,
				Msg: fmt.Sprintf("invalid YAML: control character %U is not allowed; remove it, or write it as an escape in a double-quoted text, like \"\\x%02x\"", r, r)}
		}
	}
	line = max(line, 1)
	msg = "invalid YAML: " + msg
	if open := unclosedQuoteBefore(data, line); open > 0 {
		msg += fmt.Sprintf(" (the quoted text that starts on line %d may lack its closing quote)", open)
	}
	return &Error{File: path, Line: line, Col: firstNonBlankCol(data, line), Rule: RuleSyntax, Msg: msg}
}

// unclosedQuoteBefore returns the last line before line whose value opens a
// quote it does not close, the usual cause of an error lines later, or 0.
func unclosedQuoteBefore(data []byte, line int) int {
	lines := bytes.Split(data, []byte("\n"))
	for i := min(line-1, len(lines)) - 1; i >= 0; i-- {
		l := string(lines[i])
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		k := strings.Index(l, ": ")
		if k < 0 {
			continue
		}
		v := strings.TrimSpace(l[k+2:])
		if v == "" || (v[0] != '"' && v[0] != '\'') {
			continue
		}
		if !quoteCloses(v) {
			return i + 1
		}
	}
	return 0
}

// quoteCloses reports whether a quoted scalar that starts v ends on the line.
func quoteCloses(v string) bool {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return true
		}
	}
	return false
}

// isParserProblem reports whether msg is one of libyaml's parser (not
// scanner) problems.
func isParserProblem(msg string) bool {
	return strings.HasPrefix(msg, "did not find expected") || strings.HasPrefix(msg, "found undefined tag handle") ||
		strings.HasPrefix(msg, "found duplicate %") || strings.HasPrefix(msg, "found incompatible YAML document")
}

// problemLine finds the first line at which the document fails with msg: the
// shortest prefix of lines, from line from on, that fails the same way.
func problemLine(data []byte, from int, msg string) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	fails := func(n int) bool {
		dec := yaml.NewDecoder(bytes.NewReader(bytes.Join(lines[:n], nil)))
		for {
			var node yaml.Node
			err := dec.Decode(&node)
			if err == nil {
				continue
			}
			m := yamlLineRe.FindStringSubmatch(err.Error())
			return m != nil && m[2] == msg
		}
	}
	lo, hi := max(min(from, len(lines)), 1), len(lines)
	if !fails(hi) {
		return from
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// controlCharPos finds the first character YAML does not allow in a file:
// a C0 control other than tab, LF and CR, DEL, or a C1 control other than
// NEL.
func controlCharPos(data []byte) (line, col int, r rune, ok bool) {
	line, col = 1, 1
	for _, r := range string(data) {
		switch {
		case r == '\n':
			line, col = line+1, 1
			continue
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f, r >= 0x80 && r <= 0x9f && r != 0x85:
			return line, col, r, true
		}
		col++
	}
	return 0, 0, 0, false
}

func firstNonBlankCol(data []byte, line int) int {
	lines := bytes.SplitN(data, []byte("\n"), line+1)
	if line-1 >= len(lines) {
		return 1
	}
	l := lines[line-1]
	for i, c := range l {
		if c != ' ' && c != '\t' {
			return utf8.RuneCount(l[:i]) + 1
		}
	}
	return 1
}

func invalidUTF8Pos(data []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}

func docSeparatorPos(data []byte) (int, int) {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if i > 0 && (bytes.HasPrefix(l, []byte("---")) || bytes.HasPrefix(l, []byte("..."))) {
			return i + 1, 1
		}
	}
	return 1, 1
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null"
		case "!!int", "!!float":
			return fmt.Sprintf("the number %s", n.Value)
		case "!!bool":
			return fmt.Sprintf("the boolean %s", n.Value)
		}
		return fmt.Sprintf("the text %q", n.Value)
	}
	return "nothing"
}

type decoder struct {
	file       string
	severities []string
	errs       ErrorList
}

func (d *decoder) errorf(n *yaml.Node, rule, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Col: n.Column, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

// checkAliases refuses anchors and aliases anywhere in the tree. A COE has
// no use for them, and refusing them makes alias bombs cost nothing.
func (d *decoder) checkAliases(n *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		d.errorf(n, RuleAlias, "alias *%s: COE files may not use YAML anchors and aliases; write the value out", n.Value)
		return
	}
	if n.Anchor != "" {
		d.errorf(n, RuleAlias, "anchor &%s: COE files may not use YAML anchors and aliases; write the value out", n.Anchor)
	}
	for _, c := range n.Content {
		d.checkAliases(c)
	}
}

// mapping walks the pairs of a mapping node whose allowed keys are keys,
// reporting unknown and duplicate keys, and calls set for each known key.
// A null node is an empty mapping.
func (d *decoder) mapping(n *yaml.Node, what string, keys []string, set func(key string, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, RuleWrongType, "%s is %s; expected a mapping with keys %s", what, kindName(n), quoteList(keys))
		return
	}
	seen := make([]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, RuleWrongType, "a key in %s is %s; expected one of %s", what, kindName(k), quoteList(keys))
			continue
		}
		if dup := findKey(seen, k.Value); dup != nil {
			d.errorf(k, RuleDuplicateKey, "duplicate key %q in %s (first at line %d); give each key once", k.Value, what, dup.Line)
			continue
		}
		seen = append(seen, k)
		if !slices.Contains(keys, k.Value) {
			msg := fmt.Sprintf("unexpected key %q in %s; expected one of %s", k.Value, what, quoteList(keys))
			if s := suggest(k.Value, keys); s != "" {
				msg = fmt.Sprintf("unexpected key %q in %s; did you mean %q? expected one of %s", k.Value, what, s, quoteList(keys))
			}
			d.errs = append(d.errs, &Error{File: d.file, Line: k.Line, Col: k.Column, Rule: RuleUnknownField, Msg: msg})
			continue
		}
		set(k.Value, v)
	}
}

func findKey(keys []*yaml.Node, name string) *yaml.Node {
	for _, k := range keys {
		if k.Value == name {
			return k
		}
	}
	return nil
}

// str decodes a text. Any scalar is accepted as written (a title may be a
// number); null is the empty text.
func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, RuleWrongType, "%s is %s; expected a text", what, kindName(n))
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	if n.Tag == "!!binary" || (strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!")) {
		d.errorf(n, RuleWrongType, "%s has the tag %s; expected a plain text", what, n.Tag)
		return ""
	}
	return n.Value
}

// labels decodes tags or services: a list of at most MaxLabels texts.
func (d *decoder) labels(n *yaml.Node, what string) []string {
	list := d.strList(n, what)
	if len(list) > MaxLabels {
		d.errorf(n, RuleTooManyLabels, "%s has %d items; a COE may name at most %d %s: each is a page of the site; name the few that find it",
			what, len(list), MaxLabels, what)
		list = list[:MaxLabels]
	}
	return list
}

// markdown decodes a Markdown answer: a text of at most MaxAnswerLength
// characters.
func (d *decoder) markdown(n *yaml.Node, what string) string {
	s := d.str(n, what)
	if len(s) <= MaxAnswerLength {
		return s
	}
	if l := utf8.RuneCountInString(s); l > MaxAnswerLength {
		start := []rune(s[:min(len(s), 4*24)])
		d.errorf(n, RuleAnswerLength, "%s is %d characters long (it starts %q); a Markdown answer may be at most %d characters (about 10,000 words): "+
			"keep logs and transcripts out of the COE and link to them from supporting_data", what, l, string(start[:min(len(start), 24)]), MaxAnswerLength)
	}
	return s
}

// markdownList decodes a list of Markdown answers.
func (d *decoder) markdownList(n *yaml.Node, what string) []string {
	out := d.strList(n, what)
	for i, s := range out {
		if len(s) > MaxAnswerLength {
			out[i] = d.markdown(n.Content[i], fmt.Sprintf("%s[%d]", what, i))
		}
	}
	return out
}

func (d *decoder) strList(n *yaml.Node, what string) []string {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleWrongType, "%s is %s; expected a list, like [a, b]", what, kindName(n))
		return nil
	}
	var out []string
	for i, c := range n.Content {
		out = append(out, d.str(c, fmt.Sprintf("%s[%d]", what, i)))
	}
	return out
}

func (d *decoder) enum(n *yaml.Node, what string, allowed []string) string {
	s := d.str(n, what)
	if n.Kind == yaml.ScalarNode && !slices.Contains(allowed, s) {
		switch near := suggest(s, allowed); {
		case s == "":
			d.errorf(n, RuleInvalidValue, "%s is empty; expected one of %s", what, quoteList(allowed))
		case near != "":
			d.errorf(n, RuleInvalidValue, "invalid %s %q; did you mean %q? expected one of %s", what, s, near, quoteList(allowed))
		default:
			d.errorf(n, RuleInvalidValue, "invalid %s %q; expected one of %s", what, s, quoteList(allowed))
		}
		return s
	}
	return s
}

func (d *decoder) timestamp(n *yaml.Node, what string) time.Time {
	s := d.str(n, what)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		d.errorf(n, RuleInvalidValue, "%s: %v", what, err)
	}
	return t
}

func (d *decoder) date(n *yaml.Node, what string) Date {
	s := d.str(n, what)
	if s == "" {
		return Date{}
	}
	t, err := ParseDate(s)
	if err != nil {
		d.errorf(n, RuleInvalidValue, "%s: %v", what, err)
	}
	return t
}

func (d *decoder) count(n *yaml.Node, what string) *int64 {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		d.errorf(n, RuleWrongType, "%s is %s; expected a whole number, like 120000", what, kindName(n))
		return nil
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
	if err != nil || v < 0 {
		d.errorf(n, RuleInvalidValue, "invalid %s %q; expected a whole number of 0 or more", what, n.Value)
		return nil
	}
	return &v
}

// link decodes an optional URL limited to the given schemes.
func (d *decoder) link(n *yaml.Node, what string, schemes ...string) string {
	s := d.str(n, what)
	if s == "" {
		return ""
	}
	if err := CheckURL(s, schemes...); err != nil {
		d.errorf(n, RuleInvalidValue, "invalid %s %q: %v", what, s, err)
	}
	return s
}

// CheckURL reports whether s is an absolute URL with a host and one of the
// schemes (http and https when none are given).
func CheckURL(s string, schemes ...string) error {
	if len(schemes) == 0 {
		schemes = []string{"http", "https"}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || strings.ContainsAny(s, " \t\n") {
		return fmt.Errorf("expected an absolute URL like https://example.com/path")
	}
	if !slices.Contains(schemes, strings.ToLower(u.Scheme)) {
		return fmt.Errorf("scheme %q is not allowed; expected %s", u.Scheme, strings.Join(schemes, " or "))
	}
	return nil
}

// coe decodes the top-level mapping.
func (d *decoder) coe(n *yaml.Node, c *COE) {
	d.mapping(n, "the COE", KeysCOE, func(key string, v *yaml.Node) {
		switch key {
		case "version":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
				d.errorf(v, RuleWrongType, "version is %s; expected 1", kindName(v))
				return
			}
			ver, err := strconv.Atoi(v.Value)
			if err != nil || ver != FormatVersion {
				d.errorf(v, RuleVersion, "unsupported version %q; this coe reads version 1 files (a newer coe may read this one)", v.Value)
				return
			}
			c.Version = ver
		case "id":
			c.ID = d.str(v, "id")
			if c.ID != "" && !ValidID(c.ID) {
				d.errorf(v, RuleInvalidValue, "invalid id %q; expected YYYY-MM-DD-slug in lower case, like 2024-01-28-speaker-groups-stopped-playing", c.ID)
			}
		case "title":
			c.Title = d.str(v, "title")
		case "status":
			c.Status = d.enum(v, "status", Statuses)
		case "severity":
			c.Severity = d.enum(v, "severity", d.severities)
		case "authors":
			c.Authors = d.strList(v, "authors")
		case "reviewers":
			c.Reviewers = d.strList(v, "reviewers")
		case "approved_by":
			c.ApprovedBy = d.str(v, "approved_by")
		case "approved_at":
			c.ApprovedAt = d.timestamp(v, "approved_at")
		case "tags":
			c.Tags = d.labels(v, "tags")
		case "services":
			c.Services = d.labels(v, "services")
		case "incident":
			d.incident(v, &c.Incident)
		case "what_happened":
			c.WhatHappened = d.markdown(v, "what_happened")
		case "timeline":
			c.Timeline = d.timeline(v)
		case "impact":
			d.impact(v, &c.Impact)
		case "root_cause":
			d.mapping(v, "root_cause", KeysRootCause, func(key string, v *yaml.Node) {
				switch key {
				case "summary":
					c.RootCause.Summary = d.markdown(v, "root_cause.summary")
				case "whys":
					c.RootCause.Whys = d.markdownList(v, "root_cause.whys")
				}
			})
		case "supporting_data":
			c.SupportingData = d.supportingData(v)
		case "implications":
			d.mapping(v, "implications", KeysImplications, func(key string, v *yaml.Node) {
				switch key {
				case "security":
					c.Implications.Security = d.markdown(v, "implications.security")
				case "other":
					c.Implications.Other = d.markdown(v, "implications.other")
				}
			})
		case "lessons":
			c.Lessons = d.markdownList(v, "lessons")
		case "corrective_actions":
			c.CorrectiveActions = d.actions(v)
		case "related":
			c.Related = d.strList(v, "related")
			for i, r := range c.Related {
				if r != "" && !ValidID(r) {
					d.errorf(v.Content[i], RuleInvalidValue, "invalid related id %q; expected a COE id, YYYY-MM-DD-slug", r)
				}
			}
		}
	})
}

func (d *decoder) incident(n *yaml.Node, in *Incident) {
	d.mapping(n, "incident", KeysIncident, func(key string, v *yaml.Node) {
		what := "incident." + key
		switch key {
		case "started_at":
			in.StartedAt = d.timestamp(v, what)
		case "detected_at":
			in.DetectedAt = d.timestamp(v, what)
		case "mitigated_at":
			in.MitigatedAt = d.timestamp(v, what)
		case "resolved_at":
			in.ResolvedAt = d.timestamp(v, what)
		}
	})
}

func (d *decoder) impact(n *yaml.Node, im *Impact) {
	d.mapping(n, "impact", KeysImpact, func(key string, v *yaml.Node) {
		what := "impact." + key
		switch key {
		case "customers":
			im.Customers = d.markdown(v, what)
		case "business":
			im.Business = d.markdown(v, what)
		case "customers_affected":
			im.CustomersAffected = d.count(v, what)
		case "communication":
			im.Communication = d.markdown(v, what)
		}
	})
}

// list walks a sequence, calling item for each element.
func (d *decoder) list(n *yaml.Node, what, example string, item func(i int, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, RuleWrongType, "%s is %s; expected a list of items, each like %s", what, kindName(n), example)
		return
	}
	for i, v := range n.Content {
		item(i, v)
	}
}

func (d *decoder) timeline(n *yaml.Node) []TimelineEntry {
	var out []TimelineEntry
	d.list(n, "timeline", "\"- at: 2024-01-28T19:05:00-06:00\"", func(i int, v *yaml.Node) {
		var e TimelineEntry
		what := fmt.Sprintf("timeline[%d]", i)
		d.mapping(v, what, KeysTimeline, func(key string, v *yaml.Node) {
			switch key {
			case "at":
				e.At = d.timestamp(v, what+".at")
			case "event":
				e.Event = d.markdown(v, what+".event")
			}
		})
		out = append(out, e)
	})
	return out
}

func (d *decoder) supportingData(n *yaml.Node) []SupportingData {
	var out []SupportingData
	d.list(n, "supporting_data", "\"- title: Error rate graph\"", func(i int, v *yaml.Node) {
		var s SupportingData
		what := fmt.Sprintf("supporting_data[%d]", i)
		d.mapping(v, what, KeysSupportingData, func(key string, v *yaml.Node) {
			switch key {
			case "title":
				s.Title = d.str(v, what+".title")
			case "link":
				s.Link = d.link(v, what+".link")
			case "note":
				s.Note = d.markdown(v, what+".note")
			}
		})
		out = append(out, s)
	})
	return out
}

func (d *decoder) actions(n *yaml.Node) []CorrectiveAction {
	var out []CorrectiveAction
	d.list(n, "corrective_actions", "\"- id: CA-1\"", func(i int, v *yaml.Node) {
		var a CorrectiveAction
		what := fmt.Sprintf("corrective_actions[%d]", i)
		d.mapping(v, what, KeysAction, func(key string, v *yaml.Node) {
			w := what + "." + key
			switch key {
			case "id":
				a.ID = d.str(v, w)
				if a.ID != "" && !actionIDPattern.MatchString(a.ID) {
					d.errorf(v, RuleInvalidValue, "invalid %s %q; expected CA-<n>, like CA-1", w, a.ID)
				}
			case "action":
				a.Action = d.markdown(v, w)
			case "owner":
				a.Owner = d.str(v, w)
			case "due":
				a.Due = d.date(v, w)
			case "priority":
				if !isNull(v) {
					a.Priority = d.enum(v, w, Priorities)
				}
			case "status":
				if !isNull(v) {
					a.Status = d.enum(v, w, ActionStatuses)
				}
			case "done_at":
				a.DoneAt = d.date(v, w)
			case "tracker":
				a.Tracker = d.str(v, w)
				if err := CheckTracker(a.Tracker); err != nil {
					d.errorf(v, RuleInvalidValue, "invalid %s %q: %v", w, a.Tracker, err)
				}
			}
		})
		out = append(out, a)
	})
	return out
}

// CheckTracker accepts an empty tracker, an http(s) URL or a ticket key
// (one word without spaces, like SPK-1234).
func CheckTracker(s string) error {
	if s == "" {
		return nil
	}
	if strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "javascript:") || strings.HasPrefix(strings.ToLower(s), "data:") {
		return CheckURL(s)
	}
	if strings.ContainsAny(s, " \t\n\r<>\"'") {
		return fmt.Errorf("expected an http(s) URL or a ticket key without spaces, like SPK-1234")
	}
	return nil
}
