package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSchemaCmd is a placeholder until coe schema lands.
func newSchemaCmd(f *Factory) *cobra.Command {
	return &cobra.Command{Use: "schema", Short: "Print the JSON Schema of the format (not yet)", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return errors.New("coe schema is not built yet") }}
}
