package coe

import _ "embed"

// FormatSpec is the file format's contract, format.md beside this file:
// `coe help format` prints it, and tests hold the reader, the writer, the
// JSON Schema, the form and the examples to it.
//
//go:embed format.md
var FormatSpec string
