package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// buildInfo is what `statuskit version` reports, read from the build
// information the Go toolchain embeds in the binary.
type buildInfo struct {
	// Module is the main module's path.
	Module string `json:"module"`
	// Version is the module version: a release tag (v1.4.0), a
	// pseudo-version go build derives from the VCS
	// (v0.0.0-20261130094800-fd59b02c1a2b, "+dirty" when modified), or
	// "(devel)" when the toolchain had no version to give.
	Version string `json:"version"`
	// Revision is the VCS commit the binary was built from, RevisionTime
	// its commit time (RFC 3339); both absent without VCS information.
	Revision     string `json:"revision,omitempty"`
	RevisionTime string `json:"revision_time,omitempty"`
	// Modified says the working tree had uncommitted changes; absent
	// (not false) when there is no VCS information to say either way.
	Modified *bool `json:"modified,omitempty"`
	// Go is the toolchain version, Platform GOOS/GOARCH.
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// readBuildInfo turns debug.ReadBuildInfo's answer into a buildInfo. It
// reports what the binary says and no more: go run and go test binaries
// carry no VCS settings, and a binary built without module support has no
// build information at all.
func readBuildInfo(info *debug.BuildInfo, ok bool) buildInfo {
	b := buildInfo{Module: "github.com/statuskit/statuskit", Version: "unknown", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if !ok || info == nil {
		return b
	}
	if info.Main.Path != "" {
		b.Module = info.Main.Path
	}
	if info.Main.Version != "" {
		b.Version = info.Main.Version
	}
	if info.GoVersion != "" {
		b.Go = info.GoVersion
	}
	goos, goarch := runtime.GOOS, runtime.GOARCH
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.RevisionTime = s.Value
		case "vcs.modified":
			m := s.Value == "true"
			b.Modified = &m
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		}
	}
	b.Platform = goos + "/" + goarch
	return b
}

// lines renders the build information for a person.
func (b buildInfo) lines() []string {
	version := b.Version
	switch version {
	case "(devel)":
		version += " (built from source without a module version)"
	case "unknown":
		version += " (the binary carries no build information)"
	}
	revision := "unknown: built without version control information (go run, go test, or go build -buildvcs=false)"
	if b.Revision != "" {
		revision = b.Revision
		if b.RevisionTime != "" {
			revision += " (" + b.RevisionTime + ")"
		}
		switch {
		case b.Modified == nil:
		case *b.Modified:
			revision += ", with uncommitted changes"
		default:
			revision += ", clean"
		}
	}
	return []string{
		"statuskit " + version,
		fmt.Sprintf("%-10s%s", "module", b.Module),
		fmt.Sprintf("%-10s%s", "revision", revision),
		fmt.Sprintf("%-10s%s %s", "go", b.Go, b.Platform),
	}
}

func newVersion(e *env) *cobra.Command {
	var opts outputOptions
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the version, VCS revision and Go version of this binary",
		Example: "  statuskit version\n  statuskit version --json\n  statuskit --version",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return printVersion(e, opts)
		},
	}
	addJSONFlag(cmd, &opts)
	return cmd
}

func printVersion(e *env, opts outputOptions) error {
	b := readBuildInfo(debug.ReadBuildInfo())
	if opts.json {
		return writeJSON(e, b)
	}
	for _, l := range b.lines() {
		fmt.Fprintln(e.stdout, l)
	}
	return nil
}
