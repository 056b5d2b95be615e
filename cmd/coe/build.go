package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newBuildCmd is a placeholder until coe build lands.
func newBuildCmd(f *Factory) *cobra.Command {
	return &cobra.Command{Use: "build", Short: "Build a static site of all COEs (not yet)", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return errors.New("coe build is not built yet") }}
}
