package render

import (
	"reflect"

	"github.com/coe-cli/coe/coe"
)

// Safe makes user text harmless on a terminal (see coe.Printable): control
// characters other than line breaks and tabs are shown, not sent.
func Safe(s string) string { return coe.Printable(s, true) }

func isUnsafe(r rune) bool { return coe.Unprintable(r, true) }

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
