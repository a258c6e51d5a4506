package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/qbench/qbench/internal/gen"
)

// gen writes a synthetic study — design.json and results.csv — of the size
// asked for, the same for the same seed: data for benchmarks, load tests
// and trying qbench on a study larger than the demo.
func (c *cli) gen(_ context.Context, args []string) error {
	o := gen.Options{Regions: 5, SamplesPerRegion: 20, Indicators: 10, Replicates: 2, NDShare: 0.1, Seed: 1}
	var outDir string
	fs := c.newFlagSet("gen")
	fs.StringVar(&o.Code, "code", "SYN", "cli.flag.code")
	fs.IntVar(&o.Regions, "regions", o.Regions, "cli.flag.regions")
	fs.IntVar(&o.SamplesPerRegion, "samples", o.SamplesPerRegion, "cli.flag.samples")
	fs.IntVar(&o.Indicators, "indicators", o.Indicators, "cli.flag.indicators")
	fs.IntVar(&o.Replicates, "replicates", o.Replicates, "cli.flag.replicates")
	fs.Float64Var(&o.NDShare, "nd-share", o.NDShare, "cli.flag.nd-share")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "cli.flag.seed")
	fs.StringVar(&outDir, "out-dir", ".", "cli.flag.out-dir")
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		var opt *gen.OptionError
		if errors.As(err, &opt) {
			return usageError{opt.Msg}
		}
		return err
	}
	d, results, err := gen.Study(o)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	design, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	designPath := filepath.Join(outDir, "design.json")
	if err := os.WriteFile(designPath, append(design, '\n'), 0o644); err != nil {
		return err
	}
	resultsPath := filepath.Join(outDir, "results.csv")
	f, err := os.Create(resultsPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	err = gen.WriteCSV(w, results)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", resultsPath, err)
	}
	info, err := os.Stat(resultsPath)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, c.printer().Sprintf("cli.wrote_gen",
		designPath, d.Code, len(d.Regions), len(d.Samples), len(d.Indicators), resultsPath, len(results), info.Size()))
	return nil
}
