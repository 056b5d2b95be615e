package sariftest

import "testing"

// The validation has teeth: logs that break the schema fail it, and a
// minimal log passes.
func TestValidate(t *testing.T) {
	for _, bad := range []string{
		`not JSON`,
		`{"version": "2.1.0"}`,
		`{"version": "2.0.0", "runs": []}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "coe"}}, "results": [{"message": {"text": "x"}, "level": "fatal"}]}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "coe"}}, "results": [{"message": {"text": "x"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]}`,
	} {
		if Validate([]byte(bad)) == nil {
			t.Errorf("Validate accepts %s", bad)
		}
	}
	if err := Validate([]byte(`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "coe"}}, "results": []}]}`)); err != nil {
		t.Errorf("Validate refuses a minimal log: %v", err)
	}
}
