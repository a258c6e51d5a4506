package lab

import (
	"io"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// parseXLSX reads the first sheet of a workbook. Cells are read raw: a
// number is the number the cell holds (41.2, whatever format shows it),
// text is the text ("41.20"), and a date is its serial number, which the
// tested_on column turns back into a date.
func parseXLSX(r io.Reader) (*Table, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fileProblem(1, "not a readable XLSX workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileProblem(1, "the workbook has no sheet")
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		return nil, fileProblem(1, "not a readable XLSX workbook: %v", err)
	}
	date1904 := props.Date1904 != nil && *props.Date1904

	rows, err := f.Rows(sheets[0]) // streamed: big sheets stay out of memory
	if err != nil {
		return nil, fileProblem(1, "not a readable XLSX workbook: %v", err)
	}
	defer rows.Close()
	t := &Table{Format: XLSX}
	testedOn := -1
	// Next steps through every row number, empty rows included, so n is the
	// row number the sheet shows.
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, fileProblem(n, "unreadable row: %v", err)
		}
		switch {
		case isBlank(cells):
		case t.Columns == nil:
			t.Columns = header(cells, n)
			testedOn = slices.IndexFunc(t.Columns, func(c Column) bool { return c.Name == colTestedOn.String() })
		default:
			// A filled cell right of the header is in a column without a
			// name, which Check reports.
			for len(t.Columns) < len(cells) {
				t.Columns = append(t.Columns, Column{Row: t.Columns[0].Row})
			}
			if testedOn >= 0 && testedOn < len(cells) {
				cells[testedOn] = excelDate(cells[testedOn], date1904)
			}
			t.Rows = append(t.Rows, Row{Number: n, Cells: cells})
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fileProblem(1, "not a readable XLSX workbook: %v", err)
	}
	if t.Columns == nil {
		return nil, fileProblem(1, "the first sheet is empty: a header row is required")
	}
	return t, nil
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
