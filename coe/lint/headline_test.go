package lint

import (
	"errors"
	"strings"
	"testing"
)

func TestHeadline(t *testing.T) {
	two := Result{Files: 3, Diagnostics: []Diagnostic{
		{Path: "a.yaml", Severity: Error}, {Path: "a.yaml", Severity: Error}, {Path: "b.yaml", Severity: Warning}}}
	for _, c := range []struct {
		res  Result
		s    Scope
		want string
	}{
		{Result{}, Scope{Dir: "coes"}, "No COEs in coes yet. Write one with `coe new`."},
		{Result{}, Scope{Paths: []string{"x", "y"}}, "No COE files in x, y."},
		{Result{}, Scope{Changed: true, Since: "main", Paths: []string{"x"}}, "No COE changed since main."},
		{Result{Files: 4}, Scope{}, "No problems in 4 files."},
		{two, Scope{}, "2 errors and 1 warning in 2 of 3 files."},
		{two, Scope{Changed: true, Since: "HEAD"}, "2 errors and 1 warning in 2 of 3 files changed since HEAD."},
		{two, Scope{Changed: true, Since: "HEAD", Also: 1}, "2 errors and 1 warning in 2 of 3 files changed since HEAD, or naming a COE removed since then (1 of the 3)."},
	} {
		if got := Headline(c.res, c.s); got != c.want {
			t.Errorf("Headline(%+v)\n got %q\nwant %q", c.s, got, c.want)
		}
	}
}

func TestExplain(t *testing.T) {
	var b strings.Builder
	if err := Explain(&b, "action-owner"); err != nil || !strings.Contains(b.String(), "owner") {
		t.Fatalf("Explain(action-owner) = %v, %q", err, b.String())
	}
	b.Reset()
	if err := Explain(&b, GroupQuality); err != nil || b.Len() == 0 {
		t.Fatalf("Explain(quality) = %v, %d bytes", err, b.Len())
	}
	err := Explain(&b, "action-owners")
	var u *UnknownRuleError
	if !errors.As(err, &u) || err.Error() != `"action-owners": no such rule; did you mean action-owner?` {
		t.Fatalf("Explain(action-owners) = %v", err)
	}
	if err := Explain(&b, "zzzzzzzzzzzz"); err == nil || !strings.HasSuffix(err.Error(), "coe lint --list-rules lists them") {
		t.Fatalf("Explain(zzz) = %v", err)
	}
}

// Write prints each format as its own writer does, and refuses others.
func TestWrite(t *testing.T) {
	res := Result{Files: 1, Errors: 1, Diagnostics: []Diagnostic{{Path: "a.yaml", Line: 2, Col: 3, Severity: Error, Rule: "action-owner", Message: "no owner"}}}
	for format, want := range map[string]string{
		FormatText:   "a.yaml:2:3: error: no owner [action-owner]",
		FormatJSON:   `"rule": "action-owner"`,
		FormatGitHub: "::error file=a.yaml,line=2,col=3",
		FormatSARIF:  `"ruleId": "action-owner"`,
	} {
		var b strings.Builder
		if err := Write(&b, format, res, Output{}); err != nil || !strings.Contains(b.String(), want) {
			t.Errorf("Write(%s) = %v\n%s\nwant it to hold %q", format, err, b.String(), want)
		}
	}
	if err := Write(&strings.Builder{}, "xml", res, Output{}); err == nil {
		t.Error("Write(xml) took an unknown format")
	}
}
