package coe

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Rule ids of the problems reading a file can find. They are stable: lint
// reports them and configs may refer to them.
const (
	RuleSyntax        = "yaml-syntax"        // the bytes are not YAML
	RuleEncoding      = "encoding"           // not UTF-8
	RuleEmptyFile     = "empty-file"         // nothing but comments or blanks
	RuleMultipleDocs  = "multiple-documents" // more than one YAML document
	RuleFileTooLarge  = "file-too-large"     // over MaxFileSize
	RuleAlias         = "yaml-alias"         // anchors and aliases are refused
	RuleUnknownField  = "unknown-field"      // a key the format does not have
	RuleDuplicateKey  = "duplicate-key"      // a key given twice in one mapping
	RuleWrongType     = "wrong-type"         // a list where a text was expected, ...
	RuleInvalidValue  = "invalid-value"      // bad enum, date, timestamp, URL, id
	RuleVersion       = "unsupported-version"
	RuleConflict      = "merge-conflict"  // git's conflict markers left in the file
	RuleAnswerLength  = "answer-too-long" // a Markdown answer over MaxAnswerLength
	RuleTooManyLabels = "too-many-labels" // tags or services over MaxLabels, factors over MaxFactors
	RuleConfig        = "config"          // a problem in .coe.yaml
	RuleReadFile      = "read-error"      // the file could not be read at all
)

// Error is a problem at a position in a file. Line and Col are 1-based; a
// zero Line means the problem concerns the whole file.
type Error struct {
	File string
	Line int
	Col  int
	Rule string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Col)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is a list of positioned problems, sorted by file and position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Sort orders the list by file, line and column.
func (l ErrorList) Sort() {
	SortByPosition(l, func(e *Error) (string, int, int) { return e.File, e.Line, e.Col })
}

// SortByPosition sorts list by file, line and column, keeping the order of
// equal ones: errors and lint's diagnostics alike.
func SortByPosition[T any](list []T, pos func(T) (file string, line, col int)) {
	sort.SliceStable(list, func(i, j int) bool {
		af, al, ac := pos(list[i])
		bf, bl, bc := pos(list[j])
		if af != bf {
			return af < bf
		}
		if al != bl {
			return al < bl
		}
		return ac < bc
	})
}

// Err returns the list as an error, or nil when empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Errors returns the positioned problems inside err: the list itself, a
// single *Error, or nil when err carries none.
func Errors(err error) ErrorList {
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return ErrorList{e}
	}
	return nil
}

// quoteList formats names as "a", "b", "c" for messages.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
