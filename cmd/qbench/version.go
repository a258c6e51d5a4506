package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at build time: go build -ldflags "-X main.version=v1.2.0 -X main.commit=abc123 -X main.buildDate=2026-11-22".
// Left empty (go run, go build), they are filled from the module's build
// information where Go recorded it.
var (
	version   = ""
	commit    = ""
	buildDate = ""
)

func init() {
	info, ok := debug.ReadBuildInfo()
	if version == "" {
		version = "dev"
		if ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
			version = info.Main.Version
		}
	}
	if ok {
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && commit == "":
				commit = s.Value
			case s.Key == "vcs.time" && buildDate == "":
				buildDate = s.Value
			}
		}
	}
	if commit == "" {
		commit = "unknown"
	}
	if buildDate == "" {
		buildDate = "unknown"
	}
}

func (c *cli) version(args []string) error {
	fs := c.newFlagSet("version")
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "qbench %s (commit %s, built %s, %s %s/%s)\n", version, commit, buildDate, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
