package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newRenderCmd is a placeholder until coe render lands.
func newRenderCmd(f *Factory) *cobra.Command {
	return &cobra.Command{Use: "render", Short: "Render one COE as Markdown or HTML (not yet)", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return errors.New("coe render is not built yet") }}
}
