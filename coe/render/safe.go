package render

import (
	"reflect"

	"github.com/coe-cli/coe/coe"
)

// Safe makes user text harmless in a report (see coe.ShowControls):
// control characters other than line breaks and tabs are shown, not sent.
// Format characters (bidi marks, joiners) are text a browser lays out, and
// stay; the terminal's text (see Text) shows them too (coe.Printable).
func Safe(s string) string { return coe.ShowControls(s, true) }

func isUnsafe(r rune) bool { return coe.IsControl(r, true) }

// safeCOE returns a copy of c with every text made Safe.
func safeCOE(c *coe.COE) *coe.COE { return mapCOE(c, Safe) }

// mapCOE returns a copy of c with f applied to every text.
func mapCOE(c *coe.COE, f func(string) string) *coe.COE {
	cp := *c
	safeValue(reflect.ValueOf(&cp).Elem(), f)
	return &cp
}

// safeValue applies f to every string reachable from v, copying slices
// and pointed-to values first so that the caller's COE is left alone.
func safeValue(v reflect.Value, f func(string) string) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(f(v.String()))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				safeValue(v.Field(i), f)
			}
		}
	case reflect.Pointer:
		if v.IsNil() || !v.CanSet() {
			return
		}
		cp := reflect.New(v.Type().Elem())
		cp.Elem().Set(v.Elem())
		v.Set(cp)
		safeValue(cp.Elem(), f)
	case reflect.Slice:
		if v.IsNil() || !v.CanSet() {
			return
		}
		cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(cp, v)
		v.Set(cp)
		for i := range v.Len() {
			safeValue(v.Index(i), f)
		}
	}
}
