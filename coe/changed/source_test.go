package changed

import (
	"slices"
	"testing"
)

// "coe lint --changed main": main is the REV, not a PATH, unless a file
// of that name exists; a PATH that is neither stays a PATH.
func TestRevFromPaths(t *testing.T) {
	r, _ := gitRepo(t)
	for _, c := range []struct {
		paths    []string
		rev      string
		restWant []string
	}{
		{nil, "", nil},
		{[]string{"main", "coes"}, "main", []string{"coes"}},
		{[]string{"coes"}, "", []string{"coes"}},
		{[]string{"no-such-branch"}, "", []string{"no-such-branch"}},
	} {
		rev, rest := RevFromPaths(r.Root, c.paths)
		if rev != c.rev || !slices.Equal(rest, c.restWant) {
			t.Errorf("RevFromPaths(%q) = %q, %q; want %q, %q", c.paths, rev, rest, c.rev, c.restWant)
		}
	}
}
