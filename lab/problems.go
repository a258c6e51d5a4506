package lab

import (
	"fmt"
	"github.com/qbench/qbench/internal/i18n"
	"slices"
	"strings"
)

// RowError is one problem of a results file.
//
// Row is the row as the user sees it. In a CSV file it is the line number,
// counted from 1, where the record starts (the header is usually row 1 and
// the first result row 2; a quoted field may span lines, and blank lines
// count). In an XLSX workbook it is the row number of the first sheet. In a
// JSON file it is the 1-based position of the result in the "results"
// array. Problems of a column (unknown, repeated, unnamed) are reported on
// the row that names it: the header row, or in JSON the first result with
// the key. Problems of the whole file (a missing column, no results, no
// header, unreadable) are reported on the header row — in JSON the first
// result with any key — or, when there is none, on row 1.
//
// Column names the column of the problem when there is one, as the file
// writes it: the header's own words ("单位", "水分(%)") or the JSON key;
// a column the file lacks goes by its English name. Cell is the cell's
// reference in a workbook. Msg words the reason in the user's language.
//
// A file that exceeds a limit of Limits is a *LimitError instead.
type RowError struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	// Cell is the spreadsheet's reference of the cell ("C7") in a
	// workbook, when the problem is of one cell.
	Cell   string `json:"cell,omitempty"`
	Reason string `json:"reason"`
	// Msg is the reason as a catalogue message, worded at the edge in the
	// caller's language; Reason is its English wording. Zero while a
	// reason is not yet in the catalogue: the edge then shows Reason.
	Msg i18n.Message `json:"-"`
}

// String returns the problem as one line, e.g. "row 7, column unit:
// expected \"mg/kg\" ...".
func (e RowError) String() string {
	switch {
	case e.Column == "":
		return fmt.Sprintf("row %d: %s", e.Row, e.Reason)
	case e.Cell != "":
		return fmt.Sprintf("row %d, column %s (%s): %s", e.Row, e.Column, e.Cell, e.Reason)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Reason)
}

// DefaultMaxProblems is how many problems Parse and Check list at most
// unless CheckOptions.MaxProblems says otherwise. It is far above what a
// real file with mistakes has, so that every bad row is listed; it bounds
// the memory and the answer for a file that is wrong throughout (a 32 MiB
// upload of one-character rows would otherwise make millions of entries):
// past it, problems are only counted.
const DefaultMaxProblems = 10000

// Problems is the error of a refused results file: every problem found, in
// row order.
type Problems struct {
	Errors []RowError `json:"errors"`
	// Truncated is the number of further problems found but not listed,
	// because the list reached its cap (see DefaultMaxProblems).
	Truncated int `json:"truncated,omitempty"`
}

// problemsInMessage is how many problems Error spells out.
const problemsInMessage = 10

// Error summarises the problems: their number and the first few.
func (p *Problems) Error() string {
	total := len(p.Errors) + p.Truncated
	var b strings.Builder
	if total == 1 {
		b.WriteString("lab: 1 problem in the results")
	} else {
		fmt.Fprintf(&b, "lab: %d problems in the results", total)
	}
	for i, e := range p.Errors {
		if i == problemsInMessage {
			break
		}
		b.WriteString("; ")
		b.WriteString(e.String())
	}
	if listed := min(len(p.Errors), problemsInMessage); total > listed {
		fmt.Fprintf(&b, "; and %d more", total-listed)
	}
	return b.String()
}

// problemList collects problems up to a cap and counts those past it.
type problemList struct {
	errs    []RowError
	limit   int // negative: no cap
	dropped int
}

// newProblemList makes a list capped at limit problems: 0 means
// DefaultMaxProblems, a negative number no cap.
func newProblemList(limit int) *problemList {
	if limit == 0 {
		limit = DefaultMaxProblems
	}
	return &problemList{limit: limit}
}

// add records a problem: the catalogue message key with args, worded in
// English as its Reason. Past the cap the reason is not even worded, so
// that a file wrong throughout costs little more than a good one.
func (l *problemList) add(row int, column, key string, args ...any) {
	l.addCell(row, column, "", key, args...)
}

// addCell records a problem of a sheet cell, cell its reference.
func (l *problemList) addCell(row int, column, cell, key string, args ...any) {
	if l.limit >= 0 && len(l.errs) >= l.limit {
		l.dropped++
		return
	}
	m := i18n.M(key, args...)
	l.errs = append(l.errs, RowError{Row: row, Column: column, Cell: cell, Reason: english.Message(m), Msg: m})
}

var english = i18n.For(i18n.EN)

// prepend puts problems before those recorded, within the cap: past it,
// the last ones recorded are only counted.
func (l *problemList) prepend(errs []RowError) {
	l.errs = append(slices.Clone(errs), l.errs...)
	if l.limit >= 0 && len(l.errs) > l.limit {
		l.dropped += len(l.errs) - l.limit
		l.errs = l.errs[:l.limit]
	}
}

// count is the number of problems recorded, listed or not.
func (l *problemList) count() int { return len(l.errs) + l.dropped }

// err returns the problems as a *Problems in row order, or nil when there
// are none. The sort is stable so that one row's problems keep the column
// order in which they were found.
func (l *problemList) err() error {
	if l.count() == 0 {
		return nil
	}
	slices.SortStableFunc(l.errs, func(a, b RowError) int { return a.Row - b.Row })
	return &Problems{Errors: l.errs, Truncated: l.dropped}
}

// fileProblem is the error of a file that cannot be read at all: the
// catalogue message key with args.
func fileProblem(row int, key string, args ...any) error {
	l := newProblemList(1)
	l.add(row, "", key, args...)
	return l.err()
}
