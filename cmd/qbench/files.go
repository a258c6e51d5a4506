package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/study"
	"github.com/qbench/qbench/lab"
)

// fileProblems is the error of input files that break rules: one line per
// problem, each naming its file and where in it, in the CLI's language.
type fileProblems struct {
	pr    *i18n.Printer
	lines []string
}

func (p *fileProblems) add(line string) { p.lines = append(p.lines, line) }

func (p *fileProblems) Error() string {
	return p.pr.Sprintf("cli.problem_list", p.pr.Plural("common.problems", len(p.lines))) + "\n  " + strings.Join(p.lines, "\n  ")
}

// reason words a field or row error's reason: its catalogue message when it
// has one, else its English text.
func reason(pr *i18n.Printer, msg i18n.Message, english string) string {
	if msg.IsZero() {
		return english
	}
	return pr.Message(msg)
}

// rowError words a row error in the CLI's language.
func rowError(pr *i18n.Printer, e lab.RowError) string {
	if e.Column == "" {
		return pr.Sprintf("cli.row", e.Row, reason(pr, e.Msg, e.Reason))
	}
	return pr.Sprintf("cli.row_column", e.Row, e.Column, reason(pr, e.Msg, e.Reason))
}

// describe words an error in the CLI's language: an application error's
// catalogue message replaces its English text.
func describe(pr *i18n.Printer, err error) string {
	var appErr *benchmark.Error
	var media *study.MediaError
	var mistake usageError
	text := err.Error()
	switch {
	case errors.As(err, &mistake):
		return strings.Replace(text, mistake.Error(), pr.Message(mistake.msg), 1)
	case errors.As(err, &appErr) && !appErr.Msg.IsZero():
		return strings.Replace(text, appErr.Message, pr.Message(appErr.Msg), 1)
	case errors.As(err, &media) && !media.Msg.IsZero():
		return strings.Replace(text, media.Error(), pr.Message(media.Msg), 1)
	}
	return text
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// loadDesign reads and validates a study design file — JSON, or a design
// workbook (XLSX) — for analyze, report and follow-up; every problem is
// listed with the file and where in it (field, or sheet, row and column),
// in the CLI's language.
func loadDesign(pr *i18n.Printer, path string) (*benchmark.Design, error) {
	doc, err := readDesignFile(path, pr.Lang())
	if err != nil {
		return nil, err
	}
	d, err := benchmark.ParseDesign(doc)
	var verr *benchmark.ValidationError
	switch {
	case errors.As(err, &verr):
		p := &fileProblems{pr: pr}
		for _, fe := range verr.Problems {
			p.add(fmt.Sprintf("%s: %s: %s", path, fe.Field, reason(pr, fe.Msg, fe.Reason)))
		}
		return nil, p
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// readDesignFile reads a design file, JSON or an XLSX workbook, as the
// design's JSON document; a workbook's problems are listed with the file,
// sheet, row and column, worded in lang.
func readDesignFile(path string, lang i18n.Lang) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := sheets.DesignJSON(data, sheets.Limits{})
	if err != nil {
		return nil, problemLines(fmt.Errorf("%s: %w", path, err), lang)
	}
	return doc, nil
}

// readResultsFiles reads results files opened by openResultsFiles, checks
// each against the design and merges them; a result given in two files is
// a problem, since which one holds would be a guess. Every problem of
// every file is listed.
func readResultsFiles(pr *i18n.Printer, d *benchmark.Design, files []*resultsFile) ([]benchmark.Result, error) {
	var all []benchmark.Result
	problems := &fileProblems{pr: pr}
	seenIn := map[benchmark.ResultKey]string{}
	for _, file := range files {
		path := file.path
		results, err := file.read(d)
		var rowErrs *lab.Problems
		switch {
		case errors.As(err, &rowErrs):
			for _, e := range rowErrs.Errors {
				problems.add(path + ": " + rowError(pr, e))
			}
			if rowErrs.Truncated > 0 {
				problems.add(path + ": " + pr.Plural("common.and_more", rowErrs.Truncated))
			}
			continue
		case err != nil:
			problems.add(fmt.Sprintf("%s: %s", path, describe(pr, err)))
			continue
		}
		if len(files) == 1 {
			// One file: lab.Read has refused repeats within it already.
			return results, nil
		}
		for _, r := range results {
			k := r.Key()
			if first, dup := seenIn[k]; dup {
				problems.add(path + ": " + pr.Sprintf("cli.duplicate", k.Sample, k.Indicator, k.Replicate, first))
				continue
			}
			seenIn[k] = path
			all = append(all, r)
		}
	}
	if len(problems.lines) > 0 {
		return nil, problems
	}
	return all, nil
}

// resultsFile is a results file opened for reading: mapped in place when
// it can be (a copy in memory would cost as much as its results), and, for
// a large CSV file, with the array its results will be kept in made ahead.
type resultsFile struct {
	path   string
	err    error       // why it cannot be read, reported when it is
	r      io.ReaderAt // the mapping, the file, or its bytes read whole
	size   int64
	file   *os.File   // nil once closed, or when read whole
	unmap  func()     // nil when not mapped
	format lab.Format // "" until known
	into   []benchmark.Result
}

// minPreparedBytes is the smallest CSV file whose results array is made
// ahead: below it there is little for a second core to take over.
const minPreparedBytes = 1 << 20

// openResultsFiles opens the results files. It does the work that needs
// no design — mapping each file (its pages loaded in one call), telling
// its format, and for a large CSV file making the array of its results,
// whose memory the kernel must zero (16 MB for 100,000 results) — so that
// analyze can do it on a second core while the first reads the design.
// A file that cannot be opened says why when it is read.
func openResultsFiles(paths []string) []*resultsFile {
	files := make([]*resultsFile, len(paths))
	for i, path := range paths {
		files[i] = openResultsFile(path)
	}
	return files
}

func openResultsFile(path string) *resultsFile {
	rf := &resultsFile{path: path}
	f, err := os.Open(path)
	if err != nil {
		rf.err = err
		return rf
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		rf.err = err
		return rf
	}
	if !info.Mode().IsRegular() { // a pipe or a device: read it whole
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			rf.err = fmt.Errorf("read %s: %w", path, err)
			return rf
		}
		rf.r, rf.size = bytes.NewReader(data), int64(len(data))
	} else if data, unmap, ok := mapFile(f, info.Size()); ok {
		// Mapped, its cells are the mapping's bytes; the mapping stays
		// while an error may quote them and goes once the results are
		// copies. The mapping outlives the file's descriptor.
		f.Close()
		rf.r, rf.size, rf.unmap = lab.Bytes(data), int64(len(data)), unmap
	} else {
		rf.r, rf.size, rf.file = f, info.Size(), f
	}
	head := make([]byte, min(rf.size, 512))
	if _, err := rf.r.ReadAt(head, 0); err != nil && err != io.EOF {
		rf.err = fmt.Errorf("read %s: %w", path, err)
		return rf
	}
	// The API's upload takes the same path (study.DetectFormat, then
	// study.ReadResults), so a file the CLI accepts, the API accepts.
	if rf.format, rf.err = study.DetectFormat("", filepath.Base(path), head); rf.err != nil {
		return rf
	}
	if b, ok := rf.r.(lab.Bytes); ok && rf.format == lab.CSV && rf.size >= minPreparedBytes {
		// A CSV row is a line: the lines bound the results, and the row
		// limit bounds the array (a longer file is refused at it).
		rf.into = lab.ResultsArray(min(bytes.Count(b, []byte{'\n'})+1, lab.DefaultMaxRows))
	}
	return rf
}

// read checks the file's results against the design.
func (rf *resultsFile) read(d *benchmark.Design) ([]benchmark.Result, error) {
	if rf.err != nil {
		return nil, rf.err
	}
	results, err := study.ReadResultsAt(d, rf.r, rf.size, rf.format, nil, lab.Limits{}, rf.into)
	rf.into = nil
	if err == nil && rf.unmap != nil {
		rf.unmap()
		rf.unmap, rf.r = nil, nil
	}
	return results, err
}

// closeResultsFiles closes the files that are still open. A mapping that
// an error may quote stays (the process ends soon after).
func closeResultsFiles(files []*resultsFile) {
	for _, rf := range files {
		if rf.file != nil {
			rf.file.Close()
			rf.file = nil
		}
	}
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
