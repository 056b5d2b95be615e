package check

import (
	"fmt"
	"strings"
	"time"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/lint"
)

// NotAdded is a COE Add refuses. Problems are what to show, one a line
// (the reader's errors, or coe lint's findings); Taken says the id belongs
// to a COE of the repository already (a usage problem, not a finding).
type NotAdded struct {
	Msg      string
	Problems []string
	Taken    bool
}

func (e *NotAdded) Error() string { return e.Msg }

// Add adds a COE written elsewhere (data, named name in messages) to r,
// after checking it as coe lint would check the file it will become: a
// file with an id is written as it is, with the schema line on top when it
// has none; one without an id gets one (from the incident's start, else
// now, and its title), in place, keeping its comments. It returns the new
// file's path, the COE, and what lint says that is no error (warnings).
func Add(r *coe.Repo, name string, data []byte, now time.Time) (string, *coe.COE, []lint.Diagnostic, error) {
	doc, err := coe.Parse(name, data, coe.ReadOptions{Severities: r.Config.Severities, KeepNode: true})
	if err != nil {
		return "", nil, nil, &NotAdded{Msg: name + ": not added; fix the errors above", Problems: []string{err.Error()}}
	}
	c := &doc.COE
	if c.ID != "" {
		if p := r.PathOf(c.ID); r.Exists(p) {
			return "", nil, nil, &NotAdded{Taken: true,
				Msg: fmt.Sprintf("%s: a COE with id %q exists already (%s); give this one another id, or leave id out to get a new one", name, c.ID, r.Rel(p))}
		}
	}
	results, err := r.LoadAll(r.ReadOptions())
	if err != nil {
		return "", nil, nil, err
	}
	// Check as the file it will become: its name is its id.
	opts := lint.Options{Config: r.Config, AsOf: coe.DateOf(now), IDs: lint.IDs(results)}
	var problems []lint.Diagnostic
	for _, d := range lint.File(coe.LoadResult{Path: name, Doc: doc}, opts) {
		if d.Rule == lint.RuleIDFilename || (c.ID == "" && d.Rule == lint.RuleRequiredField && strings.Contains(d.Message, "id")) {
			continue
		}
		problems = append(problems, d)
	}
	if errs, _ := lint.Count(problems); errs > 0 {
		refused := &NotAdded{Msg: fmt.Sprintf("%s: not added: %d error(s); fix them and try again", name, errs)}
		for _, d := range problems {
			refused.Problems = append(refused.Problems, d.String())
		}
		return "", nil, nil, refused
	}
	if c.Version == 0 {
		c.Version = coe.FormatVersion
	}
	var path string
	if c.ID != "" {
		path = r.PathOf(c.ID)
		if err := r.FS().MkdirAll(r.Dir(), 0o755); err != nil {
			return "", nil, nil, err
		}
		if err := r.FS().CreateExclusive(path, coe.WithSchemaLine(data, r.SchemaRef()), 0o644); err != nil {
			return "", nil, nil, err
		}
	} else {
		path, err = r.CreateWith(coe.BaseID(c, now), func(id string) ([]byte, error) {
			c.ID = id
			return coe.Update(data, c)
		})
		if err != nil {
			return "", nil, nil, err
		}
	}
	return path, c, problems, nil
}
