package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Rows reads a sheet row by row, as the sheet's XML holds them: every row
// element, blank or not, with the number the spreadsheet shows.
type Rows struct {
	wb   *Workbook
	part string
	rc   io.ReadCloser
	sc   *xmlScanner
	err  error
	done bool

	row     int // the number of the row being read
	counter int // the number of the last row, for a row that gives none
	cells   []string
	value   []byte
}

// Rows opens a sheet by name, or the first sheet (the first that names
// its part) for "". The workbook reads one sheet at a time: a Rows must be
// closed before the next is opened.
func (wb *Workbook) Rows(sheet string) (*Rows, error) {
	var entry *sheetEntry
	for i := range wb.sheets {
		s := &wb.sheets[i]
		if (sheet == "" && s.relID != "") || (sheet != "" && s.name == sheet) {
			entry = s
			break
		}
	}
	switch {
	case entry == nil && sheet == "":
		return nil, ErrNoSheet
	case entry == nil:
		return nil, &FormatError{Part: wb.path, Err: fmt.Errorf("no sheet %q", sheet)}
	}
	if err := wb.readRels(); err != nil {
		return nil, err
	}
	part, ok := wb.targets[entry.relID]
	if !ok || entry.relID == "" {
		if sheet == "" {
			return nil, &FormatError{Err: errors.New("the first sheet has no part")}
		}
		return nil, &FormatError{Err: fmt.Errorf("the sheet %q has no part", sheet)}
	}
	rc, err := wb.open(part)
	if err != nil {
		return nil, err
	}
	return &Rows{wb: wb, part: part, rc: rc, sc: wb.scan(rc)}, nil
}

// Next reads the next row; false at the end of the sheet or at an error
// (see Err).
func (r *Rows) Next() bool {
	if r.err != nil || r.done {
		return false
	}
	var (
		d         = r.sc
		lim       = &r.wb.lim
		col       int // 1-based column of the current cell
		typ       string
		hasF      bool
		inV, inIS bool
		inT       bool
		inPh      int
	)
	r.cells = r.cells[:0]
	for {
		kind, err := d.next()
		if err == io.EOF {
			r.done = true
			return false
		}
		if err != nil {
			r.err = r.wb.partError(r.part, r.row, err)
			return false
		}
		switch kind {
		case tokStart:
			switch string(d.name) {
			case "row":
				r.counter++
				if n, ok := atoi(d.attrBytes("r")); ok && n > 0 {
					r.counter = n
				}
				r.row = r.counter
				if lim.MaxRows > 0 && r.row > lim.MaxRows {
					r.err = &LimitError{Limit: LimitRows, Max: int64(lim.MaxRows), Row: r.row}
					return false
				}
				r.cells, col = r.cells[:0], 0
			case "c":
				col++
				if ref := d.attrBytes("r"); len(ref) > 0 {
					if c := columnOfRef(ref); c > 0 {
						col = c
					}
				}
				typ, hasF, r.value = cellType(d.attrBytes("t")), false, r.value[:0]
			case "v":
				inV = true
			case "f":
				hasF = true
			case "is":
				inIS = true
			case "t":
				inT = true
			case "rPh":
				inPh++
			}
		case tokText:
			if inV || (inIS && inT && inPh == 0) {
				if r.value = append(r.value, d.text...); len(r.value) > lim.MaxCellBytes {
					r.err = &LimitError{Limit: LimitCellBytes, Max: int64(lim.MaxCellBytes), Row: r.row, Column: col}
					return false
				}
			}
		case tokEnd:
			switch string(d.name) {
			case "v":
				inV = false
			case "is":
				inIS = false
			case "t":
				inT = false
			case "rPh":
				inPh--
			case "c":
				v := r.cellValue(typ, r.value)
				if v == "" && !hasF {
					break // a blank cell: styled, or emptied
				}
				if col > lim.MaxColumns {
					r.err = &LimitError{Limit: LimitColumns, Max: int64(lim.MaxColumns), Row: r.row, Column: col}
					return false
				}
				for len(r.cells) < col-1 {
					r.cells = append(r.cells, "")
				}
				r.cells = append(r.cells, v)
			case "row":
				return true
			}
		}
	}
}

// Cells returns the row's cells from column A to the last that holds a
// value or a formula, "" for those between that hold nothing. They are
// valid until the next call of Next.
func (r *Rows) Cells() []string { return r.cells }

// Row returns the number of the row read, or being read when Next failed.
func (r *Rows) Row() int { return r.row }

// Err returns the error that stopped Next, nil at the end of the sheet.
func (r *Rows) Err() error { return r.err }

// Close closes the sheet's part.
func (r *Rows) Close() error { return r.rc.Close() }

// atoi reads a decimal row number.
func atoi(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' || n > 1<<30 {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// cellType returns a cell's t attribute as one of the constant strings
// that matter, without allocating.
func cellType(t []byte) string {
	switch string(t) {
	case "s":
		return "s"
	case "inlineStr":
		return "inlineStr"
	}
	return ""
}

// cellValue is a cell's raw value as excelize reads it with RawCellValue.
func (r *Rows) cellValue(typ string, value []byte) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(string(value)))
		if err != nil {
			return ""
		}
		v, _ := r.wb.sst.get(i)
		return v
	case "inlineStr":
		return string(unescapeBSTR(value))
	}
	return string(value)
}

// columnOfRef returns the 1-based column of a cell reference such as
// "AB12", 0 when it has none.
func columnOfRef(ref []byte) int {
	c := 0
	for i := 0; i < len(ref); i++ {
		b := ref[i]
		switch {
		case 'A' <= b && b <= 'Z':
			c = c*26 + int(b-'A') + 1
		case 'a' <= b && b <= 'z':
			c = c*26 + int(b-'a') + 1
		default:
			return c
		}
		if c > 1<<20 {
			return c
		}
	}
	return c
}
