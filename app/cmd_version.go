package app

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

// Build stamps, set by the linker:
//
//	go build -ldflags "-X github.com/skatestock/skatestock/app.version=v0.1.0
//	  -X github.com/skatestock/skatestock/app.commit=abc1234
//	  -X github.com/skatestock/skatestock/app.buildDate=2026-11-24T19:40:00Z"
//
// They are the only package-level variables in app: the linker can set
// nothing else.
var (
	version   = "dev"
	commit    = "dev"
	buildDate = "dev"
)

func newVersionCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:         "version",
		Short:       "Print the version, commit, build date and Go version",
		Example:     "  skatestock version\n  skatestock --version",
		Args:        noArgs,
		Annotations: map[string]string{skipConfig: "true"},
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(c.stdout, versionText())
			return err
		},
	}
}

// versionText is what both `skatestock version` and `--version` print.
func versionText() string {
	return fmt.Sprintf("skatestock %s\ncommit:     %s\nbuilt:      %s\ngo:         %s %s/%s",
		version, commit, buildDate, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
