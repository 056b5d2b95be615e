package coe

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlugLen bounds the slug part of an id, in bytes; slugs are cut at a
// word boundary.
const maxSlugLen = 48

// BaseID is the id a new COE gets before clashes are resolved:
// YYYY-MM-DD-slug, with the date of the incident start in its own offset
// (or of now when the start is unknown) and the slug of the title.
func BaseID(c *COE, now time.Time) string {
	day := now
	if !c.Incident.StartedAt.IsZero() {
		day = c.Incident.StartedAt
	}
	return DateOf(day).String() + "-" + TitleSlug(c.Title)
}

// TitleSlug turns a title into the slug of a COE id, lower-case ASCII
// words joined by hyphens: "Café checkout: 502s!" becomes
// "cafe-checkout-502s". Accents are dropped; a title with no letters or
// digits gives "coe". Two titles may give one slug (BaseID's caller
// resolves the clash); render.PageSlug never does.
func TitleSlug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// "customer's" reads better as "customers"
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > maxSlugLen {
		cut := s[:maxSlugLen]
		if s[maxSlugLen] != '-' {
			if i := strings.LastIndexByte(cut, '-'); i > 0 {
				cut = cut[:i]
			}
		}
		s = cut
	}
	if s == "" {
		return "coe"
	}
	return s
}
