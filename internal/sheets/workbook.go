package sheets

import (
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/qbench/qbench/internal/i18n"
	xlsxread "github.com/qbench/qbench/internal/xlsx" // write.go's type xlsx is the writer
)

// Limits bound what reading a workbook may cost. The zero value of a field
// means its default (DefaultLimits).
type Limits struct {
	// MaxUnzipped caps the sum of the sizes the zip's central directory
	// declares for its entries, checked before anything is inflated, and
	// the bytes actually inflated.
	MaxUnzipped int64
	// MaxEntries caps the number of files in the zip.
	MaxEntries int
	// MaxRatio caps how many times an entry may inflate its compressed
	// size, past its first 100 KiB (Apache POI's rule against zip bombs).
	MaxRatio int64
	// MaxRows caps the rows of a sheet, counted as the spreadsheet numbers
	// them (empty rows included).
	MaxRows int
	// MaxColumns is the rightmost column of a sheet a cell holding
	// something (a value, a formula) may be in.
	MaxColumns int
}

// DefaultLimits suit design workbooks: a study of thousands of samples fits
// (comparison studies have tens to hundreds), and reading a workbook at the
// limits costs about a quarter of a second and 30 MiB of heap.
var DefaultLimits = Limits{
	MaxUnzipped: 16 << 20,
	MaxEntries:  1000,
	MaxRatio:    100,
	MaxRows:     5000,
	MaxColumns:  200,
}

func (l Limits) withDefaults() Limits {
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = DefaultLimits.MaxUnzipped
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultLimits.MaxEntries
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultLimits.MaxRatio
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultLimits.MaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = DefaultLimits.MaxColumns
	}
	return l
}

// reader is the limits as the bounded reader takes them. A cell and a run
// of XML are bounded by the format's own limits: no cell Excel writes is
// refused.
func (l Limits) reader() xlsxread.Limits {
	return xlsxread.Limits{MaxUnzipped: l.MaxUnzipped, MaxEntries: l.MaxEntries, MaxRatio: l.MaxRatio,
		MaxRows: l.MaxRows, MaxColumns: l.MaxColumns}
}

// workbook is an opened workbook and what reading it needs.
type workbook struct {
	x      *xlsxread.Workbook
	limits Limits
}

// openWorkbook opens a workbook through the bounded reader, which checks
// the zip's central directory against the limits before inflating
// anything.
func openWorkbook(r io.ReaderAt, size int64, limits Limits) (*workbook, error) {
	limits = limits.withDefaults()
	x, err := xlsxread.Open(r, size, limits.reader())
	if err != nil {
		return nil, &Problems{List: []Problem{workbookProblem(err, limits)}}
	}
	return &workbook{x: x, limits: limits}, nil
}

// workbookProblem words an error of the workbook as a whole: opening it,
// or finding a sheet's part.
func workbookProblem(err error, limits Limits) Problem {
	p, _ := readProblem(err, limits)
	if p.Reason.Key == "sheets.unreadable" {
		p.Reason = i18n.M("sheets.not_xlsx", err.Error())
	}
	return p
}

// readProblem places and words an error of the reader, and tells whether
// it stops the whole workbook's reading (a damaged archive, one past its
// size) rather than one sheet's.
func readProblem(err error, limits Limits) (p Problem, fatal bool) {
	var le *xlsxread.LimitError
	var de *xlsxread.DamagedError
	switch {
	case errors.As(err, &le):
		p.Row = le.Row
		switch le.Limit {
		case xlsxread.LimitEntries:
			p.Reason = i18n.M("sheets.too_many_entries", le.Found, limits.MaxEntries)
		case xlsxread.LimitRatio:
			p.Reason = i18n.M("sheets.bomb", le.Part, limits.MaxRatio)
		case xlsxread.LimitUnzipped:
			return Problem{Reason: i18n.M("sheets.too_large", limits.MaxUnzipped>>20)}, true
		case xlsxread.LimitRows:
			p.Row, p.Reason = 0, i18n.M("sheets.too_many_rows", limits.MaxRows)
		case xlsxread.LimitColumns:
			p.Reason = i18n.M("sheets.too_many_columns", limits.MaxColumns)
		default: // a cell, or a run of XML, longer than any Excel writes
			if le.Column > 0 {
				p.Letter = xlsxread.ColumnName(le.Column)
			}
			p.Reason = i18n.M("sheets.cell_too_long", le.Max>>10)
		}
		return p, le.Limit == xlsxread.LimitEntries || le.Limit == xlsxread.LimitRatio
	case errors.As(err, &de):
		return Problem{Reason: i18n.M("sheets.damaged", de.Part, de.Err.Error())}, true
	}
	return Problem{Reason: i18n.M("sheets.unreadable", err.Error())}, false
}

// row is one non-blank row of a sheet: its number as the spreadsheet shows
// it and its cells' raw values (numbers as written in the file, dates as
// serial numbers).
type row struct {
	n     int
	cells []string
}

// cell returns the i-th cell, "" past the end.
func (r row) cell(i int) string {
	if i < len(r.cells) {
		return r.cells[i]
	}
	return ""
}

// errSheet marks a sheet that cannot be read (past a cap, malformed);
// errWorkbook a workbook that cannot be read further (damaged, past its
// size). readSheet has reported either.
var (
	errSheet    = errors.New("sheet unreadable")
	errWorkbook = errors.New("workbook unreadable")
)

// readSheet reads a sheet's non-blank rows within the limits; what stops
// it is reported to c.
func (wb *workbook) readSheet(sheet string, c *collector) ([]row, error) {
	rows, err := wb.x.Rows(sheet)
	if err != nil {
		c.add(workbookProblem(err, wb.limits))
		return nil, errWorkbook
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		cells := rows.Cells()
		for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 {
			continue
		}
		out = append(out, row{n: rows.Row(), cells: slices.Clone(cells)})
	}
	if err := rows.Err(); err != nil {
		p, fatal := readProblem(err, wb.limits)
		if fatal {
			c.add(p)
			return nil, errWorkbook
		}
		p.Sheet = sheet
		c.add(p)
		return nil, errSheet
	}
	return out, nil
}

// letter is the spreadsheet's name of the i-th column (0 → "A").
func letter(i int) string {
	return xlsxread.ColumnName(i + 1)
}

// IsWorkbook reports whether data starts like an XLSX file (a zip), so
// that a command taking a design file can tell a workbook from JSON.
func IsWorkbook(data []byte) bool {
	return len(data) >= 4 && string(data[:4]) == "PK\x03\x04"
}
