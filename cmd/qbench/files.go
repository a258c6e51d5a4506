package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
)

// fileProblems is the error of input files that break rules: one line per
// problem, each naming its file and where in it.
type fileProblems []string

func (p fileProblems) Error() string {
	return fmt.Sprintf("%s:\n  %s", plural(len(p), "problem"), strings.Join(p, "\n  "))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// loadDesign reads and validates a study design file (JSON); every broken
// rule is listed with the file and the field.
func loadDesign(path string) (*benchmark.Design, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d, err := benchmark.ParseDesign(data)
	var verr *benchmark.ValidationError
	switch {
	case errors.As(err, &verr):
		var p fileProblems
		for _, fe := range verr.Problems {
			p = append(p, fmt.Sprintf("%s: %s: %s", path, fe.Field, fe.Reason))
		}
		return nil, p
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// loadResults reads results files, checks each against the design and
// merges them; a result given in two files is a problem, since which one
// holds would be a guess. Every problem of every file is listed.
func loadResults(d *benchmark.Design, paths []string) ([]benchmark.Result, error) {
	var all []benchmark.Result
	var problems fileProblems
	seenIn := map[benchmark.ResultKey]string{}
	for _, path := range paths {
		results, err := loadResultsFile(d, path)
		var rowErrs *lab.Problems
		switch {
		case errors.As(err, &rowErrs):
			for _, e := range rowErrs.Errors {
				problems = append(problems, path+": "+e.String())
			}
			if rowErrs.Truncated > 0 {
				problems = append(problems, fmt.Sprintf("%s: and %d more problems", path, rowErrs.Truncated))
			}
			continue
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", path, err))
			continue
		}
		if len(paths) == 1 {
			// One file: lab.Read has refused repeats within it already.
			return results, nil
		}
		for _, r := range results {
			k := r.Key()
			if first, dup := seenIn[k]; dup {
				problems = append(problems, fmt.Sprintf("%s: sample %s, indicator %s, replicate %d is in %s too",
					path, k.Sample, k.Indicator, k.Replicate, first))
				continue
			}
			seenIn[k] = path
			all = append(all, r)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return all, nil
}

func loadResultsFile(d *benchmark.Design, path string) ([]benchmark.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	format, err := lab.DetectFormat("", filepath.Base(path), data[:min(len(data), 512)])
	if err != nil {
		return nil, err
	}
	return lab.Read(bytes.NewReader(data), int64(len(data)), format, d, lab.CheckOptions{})
}

// loadFindings reads an experts' findings file (JSON) and checks it against
// the design.
func loadFindings(d *benchmark.Design, path string) (*benchmark.Findings, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := benchmark.ParseFindings(data, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}
