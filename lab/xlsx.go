package lab

import (
	"archive/zip"
	"errors"
	"io"
	"strconv"

	"github.com/qbench/qbench/internal/xlsx"
	"github.com/xuri/excelize/v2"
)

// readXLSX reads the first sheet of a workbook through the bounded reader
// of package xlsx: a workbook whose parts declare more than
// lim.MaxXLSXBytes decompressed is refused before anything is inflated,
// the bytes inflated count against the same limit, and reading stops at
// the first cell right of lim.MaxColumns or result row past lim.MaxRows.
// Cells are read raw: a number is the number the cell holds (41.2,
// whatever format shows it), text is the text ("41.20"), and a date is its
// serial number, which the tested_on column turns back into a date.
func readXLSX(r io.ReaderAt, size int64, lim Limits, s sink) error {
	wb, err := xlsx.Open(r, size, xlsx.Limits{
		MaxUnzipped:  lim.MaxXLSXBytes,
		MaxColumns:   lim.MaxColumns,
		MaxCellBytes: lim.MaxCellBytes,
		MaxRunBytes:  lim.MaxLineBytes,
		// MaxRows counts result rows here, not row numbers: see below.
	})
	if err != nil {
		return xlsxProblem(err, lim, 0)
	}
	rows, err := wb.Rows("")
	if err != nil {
		return xlsxProblem(err, lim, 0)
	}
	defer rows.Close()
	var (
		columns   = 0 // columns handed to s; 0 before the header
		testedOn  = -1
		results   = 0
		headerRow = 0
	)
	// The first non-blank row is the header, blank rows are skipped, and a
	// row's number is the one the sheet shows.
	for rows.Next() {
		cells, row := rows.Cells(), rows.Row()
		switch {
		case isBlank(cells):
		case columns == 0:
			hdr := header(cells, row)
			columns, headerRow = len(hdr), row
			for i, c := range hdr {
				if k, ok := lookupColumn(c.Name); ok && k == colTestedOn {
					testedOn = i
				}
			}
			s.header(hdr)
		default:
			if results++; results > lim.MaxRows {
				return limitError(LimitRows, int64(lim.MaxRows), row, "")
			}
			// A filled cell right of the header is in a column without a
			// name, which Check reports.
			if len(cells) > columns {
				more := make([]Column, len(cells)-columns)
				for i := range more {
					more[i].Row = headerRow
				}
				s.extend(more)
				columns = len(cells)
			}
			if testedOn >= 0 && testedOn < len(cells) {
				cells[testedOn] = excelDate(cells[testedOn], wb.Date1904())
			}
			s.row(row, cells, false)
		}
	}
	if err := rows.Err(); err != nil {
		return xlsxProblem(err, lim, rows.Row())
	}
	if columns == 0 {
		return fileProblem(1, "lab.xlsx.empty")
	}
	return nil
}

// xlsxProblem words an error of package xlsx as lab's problem or limit;
// row is the sheet row being read, 0 before the sheet.
func xlsxProblem(err error, lim Limits, row int) error {
	var le *xlsx.LimitError
	switch {
	case errors.As(err, &le):
		column := ""
		if le.Column > 0 {
			column = xlsx.ColumnName(le.Column)
		}
		switch le.Limit {
		case xlsx.LimitColumns:
			return limitError(LimitColumns, int64(lim.MaxColumns), le.Row, column)
		case xlsx.LimitCellBytes:
			return limitError(LimitCellBytes, int64(lim.MaxCellBytes), le.Row, column)
		case xlsx.LimitRunBytes:
			return limitError(LimitLineBytes, int64(lim.MaxLineBytes), le.Row, "")
		}
		return limitError(LimitXLSXBytes, lim.MaxXLSXBytes, 0, "")
	case errors.Is(err, xlsx.ErrNoSheet):
		return fileProblem(1, "lab.xlsx.no_sheet")
	case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum):
		// archive/zip stops a part at the size the directory declares.
		return fileProblem(max(row, 1), "lab.xlsx.damaged")
	}
	return fileProblem(max(row, 1), "lab.xlsx.unreadable", err.Error())
}

// lastExcelSerial is the serial number of 9999-12-31, the last date Excel
// has.
const lastExcelSerial = 2958465

// excelDate turns a date cell's serial number into YYYY-MM-DD; other text,
// a date typed as text included, is left for Check to judge.
func excelDate(cell string, date1904 bool) string {
	serial, err := strconv.ParseFloat(cell, 64)
	if err != nil || !(serial >= 0 && serial < lastExcelSerial+1) { // also false for NaN
		return cell
	}
	day, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return cell
	}
	return day.Format(dateLayout)
}
