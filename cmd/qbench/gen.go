package main

import (
	"bufio"
	"context"
	"encoding/json"
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
	fs.StringVar(&o.Code, "code", "SYN", "study code")
	fs.IntVar(&o.Regions, "regions", o.Regions, "regions (the first one is the focal region; at least 2)")
	fs.IntVar(&o.SamplesPerRegion, "samples", o.SamplesPerRegion, "samples per region")
	fs.IntVar(&o.Indicators, "indicators", o.Indicators, "indicators")
	fs.IntVar(&o.Replicates, "replicates", o.Replicates, "replicates of every sample and indicator")
	fs.Float64Var(&o.NDShare, "nd-share", o.NDShare, "share of results that are non-detects (0 to 1)")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "seed: the same seed and sizes give the same files")
	fs.StringVar(&outDir, "out-dir", ".", "directory to write design.json and results.csv into (created if missing)")
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return usageError{err.Error()}
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
	fmt.Fprintf(c.stdout, "wrote %s (study %s: %d regions, %d samples, %d indicators) and %s (%d results, %d bytes)\n",
		designPath, d.Code, len(d.Regions), len(d.Samples), len(d.Indicators), resultsPath, len(results), info.Size())
	return nil
}
