package coe

// Parsing a file's bytes into YAML nodes, and placing what is wrong with
// them: an unresolved merge conflict, invalid UTF-8, a control character,
// a second document, and yaml.v3's syntax errors moved to the line and
// column a person would look at.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

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
