package sheets

import (
	"archive/zip"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// Limits bound what reading a workbook may cost. The zero value of a field
// means its default (DefaultLimits).
type Limits struct {
	// MaxUnzipped caps the sum of the sizes the zip's central directory
	// declares for its entries; the zip reader refuses an entry that
	// inflates past its declared size, so this bounds the bytes inflated.
	MaxUnzipped int64
	// MaxEntries caps the number of files in the zip.
	MaxEntries int
	// MaxRatio caps how many times an entry may inflate its compressed
	// size, past its first 100 KiB (Apache POI's rule against zip bombs).
	MaxRatio int64
	// MaxRows caps the rows of a sheet, counted as the spreadsheet numbers
	// them (empty rows included).
	MaxRows int
	// MaxColumns caps the columns of a sheet.
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

// ratioFloor is the part of an entry exempt from MaxRatio: small entries
// (styles, an empty sheet) legitimately compress far.
const ratioFloor = 100 << 10

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

// workbook is an opened workbook and what reading it needs.
type workbook struct {
	f        *excelize.File
	limits   Limits
	date1904 bool
}

// openWorkbook checks the zip's central directory against the limits and
// only then opens the workbook. Every read of a workbook goes through it
// and readSheet, so that a shared bounded reader can replace both.
func openWorkbook(r io.ReaderAt, size int64, limits Limits) (*workbook, error) {
	limits = limits.withDefaults()
	notXLSX := func(err error) error {
		return &Problems{List: []Problem{{Reason: i18n.M("sheets.not_xlsx", err.Error())}}}
	}
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, notXLSX(err)
	}
	if len(z.File) > limits.MaxEntries {
		return nil, &Problems{List: []Problem{{Reason: i18n.M("sheets.too_many_entries", len(z.File), limits.MaxEntries)}}}
	}
	var total uint64
	for _, zf := range z.File {
		if zf.UncompressedSize64 > ratioFloor && zf.UncompressedSize64 > uint64(limits.MaxRatio)*zf.CompressedSize64 {
			return nil, &Problems{List: []Problem{{Reason: i18n.M("sheets.bomb", zf.Name, limits.MaxRatio)}}}
		}
		total += zf.UncompressedSize64
		if total > uint64(limits.MaxUnzipped) {
			return nil, &Problems{List: []Problem{{Reason: i18n.M("sheets.too_large", limits.MaxUnzipped>>20)}}}
		}
	}
	// Inflate every entry once, within its declared size, before excelize
	// reads it: excelize takes an entry that fails to inflate (one that
	// lies about its size, a bad checksum) for an empty one.
	for _, zf := range z.File {
		if err := checkEntry(zf); err != nil {
			return nil, &Problems{List: []Problem{{Reason: i18n.M("sheets.damaged", zf.Name, err.Error())}}}
		}
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    limits.MaxUnzipped,
		UnzipXMLSizeLimit: limits.MaxUnzipped, // keep sheets in memory: no temporary files
	})
	if err != nil {
		return nil, notXLSX(err)
	}
	wb := &workbook{f: f, limits: limits}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}
	return wb, nil
}

// checkEntry inflates a zip entry to nowhere; the zip reader fails it when
// it inflates past its declared size or its checksum is wrong.
func checkEntry(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, rc)
	return err
}

func (wb *workbook) Close() error { return wb.f.Close() }

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

// errTooBig marks a sheet past the row or column cap; readSheet has
// reported it.
var errTooBig = errors.New("sheet too big")

// readSheet streams a sheet's non-blank rows, within the row and column
// caps; a sheet past a cap is reported to c and errTooBig returned.
func (wb *workbook) readSheet(sheet string, c *collector) ([]row, error) {
	rows, err := wb.f.Rows(sheet)
	if err != nil {
		c.add(Problem{Sheet: sheet, Reason: i18n.M("sheets.unreadable", err.Error())})
		return nil, errTooBig
	}
	defer rows.Close()
	var out []row
	for n := 1; rows.Next(); n++ {
		if n > wb.limits.MaxRows {
			c.add(Problem{Sheet: sheet, Reason: i18n.M("sheets.too_many_rows", wb.limits.MaxRows)})
			return nil, errTooBig
		}
		cells, err := rows.Columns()
		if err != nil {
			c.add(Problem{Sheet: sheet, Row: n, Reason: i18n.M("sheets.unreadable", err.Error())})
			return nil, errTooBig
		}
		for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 {
			continue
		}
		if len(cells) > wb.limits.MaxColumns {
			c.add(Problem{Sheet: sheet, Row: n, Reason: i18n.M("sheets.too_many_columns", wb.limits.MaxColumns)})
			return nil, errTooBig
		}
		out = append(out, row{n: n, cells: cells})
	}
	if err := rows.Error(); err != nil {
		c.add(Problem{Sheet: sheet, Reason: i18n.M("sheets.unreadable", err.Error())})
		return nil, errTooBig
	}
	return out, nil
}

// letter is the spreadsheet's name of the i-th column (0 → "A").
func letter(i int) string {
	name, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return strconv.Itoa(i + 1)
	}
	return name
}

// IsWorkbook reports whether data starts like an XLSX file (a zip), so
// that a command taking a design file can tell a workbook from JSON.
func IsWorkbook(data []byte) bool {
	return len(data) >= 4 && string(data[:4]) == "PK\x03\x04"
}
