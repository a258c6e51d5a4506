package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/study"
)

// studyInput are the files analyze and report read.
type studyInput struct {
	design  string
	results stringList
}

func (in *studyInput) flags(c *cli, name string) *flag.FlagSet {
	fs := c.newFlagSet(name)
	fs.StringVar(&in.design, "design", "", "cli.flag.design")
	fs.Var(&in.results, "results", "cli.flag.results")
	return fs
}

// read reads the design and the results files, every problem of each
// listed in the CLI's language.
func (in *studyInput) read(pr *i18n.Printer) (*benchmark.Design, []benchmark.Result, error) {
	if in.design == "" || len(in.results) == 0 {
		return nil, nil, usage("cli.err.design_results_required")
	}
	// The results files are opened — mapped, their format told, the array
	// of a large file's results made — on another core while this one
	// reads the design: none of that needs the design.
	opened := make(chan []*resultsFile, 1)
	go func() { opened <- openResultsFiles(in.results) }()
	d, err := loadDesign(pr, in.design)
	files := <-opened
	defer closeResultsFiles(files)
	if err != nil {
		return nil, nil, err
	}
	results, err := readResultsFiles(pr, d, files)
	if err != nil {
		return nil, nil, err
	}
	return d, results, nil
}

func (c *cli) analyze(_ context.Context, args []string) error {
	var in studyInput
	fs := in.flags(c, "analyze")
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	defer batchGC(c.getenv)()
	d, results, err := in.read(c.printer())
	if err != nil {
		return err
	}
	p, err := study.Analyze(d, results)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

func (c *cli) report(ctx context.Context, args []string) error {
	var in, prev studyInput
	var out, lang, findingsPath string
	fs := in.flags(c, "report")
	fs.StringVar(&prev.design, "previous-design", "", "cli.flag.report.previous-design")
	fs.Var(&prev.results, "previous-results", "cli.flag.previous-results")
	fs.StringVar(&out, "out", "", "cli.flag.report.out")
	fs.StringVar(&lang, "lang", "zh", "cli.flag.report.lang")
	fs.StringVar(&findingsPath, "findings", "", "cli.flag.findings")
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	if out == "" {
		return usage("cli.err.out_required")
	}
	if lang != "zh" && lang != "en" {
		return usage("cli.err.lang", lang)
	}
	d, results, err := in.read(c.printer())
	if err != nil {
		return err
	}
	var findings *benchmark.Findings
	if findingsPath != "" {
		if findings, err = loadFindings(d, findingsPath); err != nil {
			return err
		}
	}
	input := study.ReportInput{Design: d, Results: results, Findings: findings}
	if prev.design != "" || len(prev.results) > 0 {
		if prev.design == "" || len(prev.results) == 0 {
			return usage("cli.err.previous_together")
		}
		pd, pr, err := prev.read(c.printer())
		if err != nil {
			return previousRound(c.printer(), err)
		}
		input.Previous = &study.PreviousRound{Design: pd, Results: pr}
	}
	// The API's report takes the same path (study.RenderReport). The XLSX
	// data annex goes beside the PDF, which prints its SHA-256.
	rep, err := study.RenderReport(ctx, input, lang)
	if err != nil {
		return err
	}
	annexPath := strings.TrimSuffix(out, filepath.Ext(out)) + ".xlsx"
	if err := os.WriteFile(annexPath, rep.Annex, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(out, rep.PDF, 0o644); err != nil {
		return err
	}
	fmt.Fprintln(c.stderr, c.printer().Sprintf("cli.wrote_report", out, lang, len(rep.PDF), annexPath, len(rep.Annex)))
	return nil
}

// batchMemoryLimit is the heap at which analyze's collector runs (batchGC).
const batchMemoryLimit = 512 << 20

// batchGC sets the collector for analyze, a batch command that reads its
// files, prints a profile and exits: with the default GOGC the collector
// runs a dozen times while the results are read, a quarter of the
// command's CPU time, to free memory the exit frees anyway. It runs only
// when the heap nears batchMemoryLimit — the 100,000-result study peaks at
// about 70 MB either way, and a larger input is still collected — unless
// the user chose GOGC or GOMEMLIMIT. A server must not do this: it lives on
// and its garbage would pile up to the limit. It returns the function
// that puts the settings back (for realMain called in a test process).
func batchGC(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(batchMemoryLimit)
	percent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// previousRound says that err is of the previous round's files (report,
// follow-up).
func previousRound(pr *i18n.Printer, err error) error {
	return fmt.Errorf("%s%w", pr.Sprintf("sheetsapi.cli.previous_round"), err) // the prefix has its separator
}
