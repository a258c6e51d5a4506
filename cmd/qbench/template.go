package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
)

// template writes the spreadsheets a study is set up and filled in with.
func (c *cli) template(_ context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, c.printer().Sprintf("cli.usage.template"))
		return usage("cli.err.template.kind_missing")
	}
	switch args[0] {
	case "results":
		return c.templateResults(args[1:])
	case "design":
		return c.templateDesign(args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(c.stdout, c.printer().Sprintf("cli.usage.template"))
		return nil
	}
	fmt.Fprint(c.stderr, c.printer().Sprintf("cli.usage.template"))
	return usage("cli.err.template.kind_unknown", args[0])
}

// templateLang is --lang: a language of the catalogue, the locale's by default.
type templateLang struct{ lang i18n.Lang }

func (l *templateLang) String() string { return string(l.lang) }
func (l *templateLang) Set(v string) error {
	lang, ok := i18n.Parse(v)
	if !ok {
		return usage("cli.err.lang_value", v)
	}
	l.lang = lang
	return nil
}

func (c *cli) templateResults(args []string) error {
	var design, out, format string
	lang := templateLang{i18n.FromEnv(c.getenv)}
	fs := c.newFlagSet("template results")
	fs.StringVar(&design, "design", "", "cli.flag.design")
	fs.StringVar(&out, "out", "", "cli.flag.template_results.out")
	fs.StringVar(&format, "format", "", "cli.flag.template_results.format")
	fs.Var(&lang, "lang", "cli.flag.template_results.lang")
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	if design == "" || out == "" {
		return usage("cli.err.template.results_required")
	}
	if format == "" && strings.EqualFold(filepath.Ext(out), ".csv") {
		format = "csv"
	}
	f, ok := sheets.ParseFormat(format)
	if !ok {
		return usage("cli.err.template.format", format)
	}
	doc, err := readDesignFile(design, lang.lang)
	if err != nil {
		return err
	}
	d, err := benchmark.ParseDesign(doc)
	if err != nil {
		return fmt.Errorf("%s: %w", design, err)
	}
	codes := make([]string, len(d.Samples))
	for i, s := range d.Samples {
		codes[i] = s.Code
	}
	if err := writeTemplateFile(out, func(w io.Writer) error {
		return sheets.WriteResultsTemplate(w, doc, codes, f, lang.lang)
	}); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, c.printer().Sprintf("cli.wrote_results_template", out, len(codes), len(d.Indicators)))
	return nil
}

func (c *cli) templateDesign(args []string) error {
	var out, product, design, setsDir string
	lang := templateLang{i18n.FromEnv(c.getenv)}
	fs := c.newFlagSet("template design")
	fs.StringVar(&out, "out", "", "cli.flag.template_design.out")
	fs.StringVar(&product, "product", "", "cli.flag.template_design.product")
	fs.StringVar(&design, "design", "", "cli.flag.template_design.design")
	fs.StringVar(&setsDir, "indicator-sets", "", "cli.flag.template_design.indicator-sets")
	fs.Var(&lang, "lang", "cli.flag.template_design.lang")
	if err := parseFlags(fs, args, c.getenv); err != nil {
		return err
	}
	if out == "" {
		return usage("cli.err.template.design_out_required")
	}
	if design != "" {
		if product != "" {
			return usage("cli.err.template.design_or_product")
		}
		doc, err := readDesignFile(design, lang.lang)
		if err != nil {
			return err
		}
		if err := writeTemplateFile(out, func(w io.Writer) error { return sheets.WriteDesignWorkbook(w, doc, lang.lang) }); err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, c.printer().Sprintf("cli.wrote_design_export", out, design))
		return nil
	}
	var own []*sheets.Set
	if setsDir != "" {
		var err error
		if own, err = sheets.LoadIndicatorSets(setsDir); err != nil {
			return problemLines(err, lang.lang)
		}
	}
	var set *sheets.Set
	if product != "" {
		var ok bool
		if set, ok = sheets.FindIndicatorSet(product, own); !ok {
			var names []string
			for _, s := range append(own, sheets.IndicatorSets()...) {
				names = append(names, s.Name)
			}
			return usage("cli.err.template.no_set", product, strings.Join(names, ", "))
		}
	}
	if err := writeTemplateFile(out, func(w io.Writer) error { return sheets.WriteDesignTemplate(w, set, lang.lang) }); err != nil {
		return err
	}
	if set != nil {
		fmt.Fprintln(c.stdout, c.printer().Sprintf("cli.wrote_set_design", out, set.Name))
	} else {
		fmt.Fprintln(c.stdout, c.printer().Sprintf("cli.wrote_blank_design", out))
	}
	return nil
}

// problemLines words a workbook's problems in lang, one line each, with
// the file they are in.
func problemLines(err error, lang i18n.Lang) error {
	out := &workbookProblems{pr: i18n.For(lang)}
	add := func(file string, p *sheets.Problems) {
		for _, m := range p.Messages(lang) {
			out.lines = append(out.lines, file+": "+m)
		}
		out.n += len(p.List) + p.Truncated
	}
	var sets *sheets.SetErrors
	var p *sheets.Problems
	switch {
	case errors.As(err, &sets):
		for _, e := range sets.Errs {
			file, _, _ := strings.Cut(e.Error(), ": ")
			if errors.As(e, &p) {
				add(file, p)
			} else {
				out.lines = append(out.lines, e.Error())
				out.n++
			}
		}
	case errors.As(err, &p):
		file, _, _ := strings.Cut(err.Error(), ": ")
		add(file, p)
	default:
		return err
	}
	return out
}

// workbookProblems is the error of workbooks that cannot be read: a count,
// then one line per problem, in the CLI's language.
type workbookProblems struct {
	pr    *i18n.Printer
	n     int
	lines []string
}

func (p *workbookProblems) Error() string {
	return p.pr.Sprintf("sheets.cli.problems", p.pr.Plural("common.problems", p.n)) + "\n  " + strings.Join(p.lines, "\n  ")
}

// writeTemplateFile writes a file through a temporary one in the same directory,
// so that a failure leaves no half-written file.
func writeTemplateFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".qbench-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
