package render

import (
	"reflect"
	"strings"
	"unicode"

	"github.com/coe-cli/coe/coe"
)

// Safe makes user text harmless on a terminal: control characters other
// than line breaks and tabs (escape sequences could retitle the window, move
// the cursor or hide text) are shown in caret notation, ^[ for ESC, and C1
// controls as U+FFFD.
func Safe(s string) string {
	if strings.IndexFunc(s, isUnsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !isUnsafe(r):
			b.WriteRune(r)
		case r < 0x20:
			b.WriteByte('^')
			b.WriteRune(r + '@')
		case r == 0x7f:
			b.WriteString("^?")
		default:
			b.WriteRune(unicode.ReplacementChar)
		}
	}
	return b.String()
}

func isUnsafe(r rune) bool {
	return r != '\n' && r != '\t' && unicode.IsControl(r)
}

// safeCOE returns a copy of c with every text made Safe.
func safeCOE(c *coe.COE) *coe.COE {
	cp := *c
	safeValue(reflect.ValueOf(&cp).Elem())
	return &cp
}

// safeValue applies Safe to every string reachable from v, copying slices
// and pointed-to values first so that the caller's COE is left alone.
func safeValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(Safe(v.String()))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				safeValue(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.IsNil() || !v.CanSet() {
			return
		}
		cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(cp, v)
		v.Set(cp)
		for i := range v.Len() {
			safeValue(v.Index(i))
		}
	}
}
