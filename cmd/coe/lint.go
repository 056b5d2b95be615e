package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newLintCmd is a placeholder until coe lint lands.
func newLintCmd(f *Factory) *cobra.Command {
	return &cobra.Command{Use: "lint", Short: "Check COEs against the format (not yet)", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return errors.New("coe lint is not built yet") }}
}
