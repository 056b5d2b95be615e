package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/coe-cli/coe/coe"
	"github.com/coe-cli/coe/coe/check"
	"github.com/coe-cli/coe/coe/safefs"
)

// newFromFile adds a COE written elsewhere, after checking it as lint would.
func newFromFile(o *newOptions, r *coe.Repo) error {
	ios := o.f.Streams
	name := o.from
	var data []byte
	var err error
	if o.from == "-" {
		name = "<stdin>"
		data, err = io.ReadAll(io.LimitReader(ios.In, coe.MaxFileSize+1))
	} else {
		path := o.from
		if !filepath.IsAbs(path) {
			wd, _ := o.f.WorkDir()
			path = filepath.Join(wd, path)
		}
		data, err = safefs.ReadStream(path, coe.MaxFileSize)
	}
	if err != nil {
		return usagef("--from %s: %v", o.from, pathErr(err))
	}
	path, c, warnings, err := check.Add(r, name, data, o.f.Now())
	var refused *check.NotAdded
	switch {
	case errors.As(err, &refused) && refused.Taken:
		return usageError(err)
	case errors.As(err, &refused):
		for _, p := range refused.Problems {
			fmt.Fprintln(ios.ErrOut, coe.Printable(p, true))
		}
		return &exitError{exitFindings, err}
	case err != nil:
		return usageError(err)
	}
	for _, d := range warnings {
		fmt.Fprintln(ios.ErrOut, coe.Printable(d.String(), true))
	}
	return o.created(r, path, c.ID)
}
