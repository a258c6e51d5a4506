package lab

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads the first sheet of a workbook. Cells are read raw: a
// number is the number the cell holds (41.2, whatever format shows it),
// text is the text ("41.20"), and a date is its serial number, which the
// tested_on column turns back into a date.
//
// The workbook is read here rather than through excelize, whose row
// iterator writes a large sheet to a temporary file first and keeps its
// shared strings as Go strings: a 1 MB workbook can declare a 1 GiB sheet.
// This reader refuses a workbook whose parts declare more than
// lim.MaxXLSXBytes decompressed, counts the bytes it actually decompresses
// against the same limit, streams the sheet XML row by row with
// encoding/xml's raw tokenizer, writes no file, and stops at the first cell
// right of lim.MaxColumns or row past lim.MaxRows.
func readXLSX(r io.ReaderAt, size int64, lim Limits, s sink) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fileProblem(1, "lab.xlsx.unreadable", err.Error())
	}
	var declared uint64
	parts := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	if declared > uint64(lim.MaxXLSXBytes) {
		return limitError(LimitXLSXBytes, lim.MaxXLSXBytes, 0, "")
	}
	x := &xlsxReader{parts: parts, lim: lim, budget: lim.MaxXLSXBytes}
	err = x.read(s)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errXLSXBudget):
		return limitError(LimitXLSXBytes, lim.MaxXLSXBytes, 0, "")
	case errors.Is(err, errLongLine):
		return limitError(LimitLineBytes, int64(lim.MaxLineBytes), x.row, "")
	}
	var le *LimitError
	var pe *Problems
	switch {
	case errors.As(err, &le) || errors.As(err, &pe):
		return err
	case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum):
		// archive/zip stops a part at the size the directory declares.
		return fileProblem(max(x.row, 1), "lab.xlsx.damaged")
	}
	return fileProblem(max(x.row, 1), "lab.xlsx.unreadable", err.Error())
}

var errXLSXBudget = errors.New("decompressed size limit")

type xlsxReader struct {
	parts  map[string]*zip.File
	lim    Limits
	budget int64 // decompressed bytes still allowed
	sst    sharedStrings
	row    int // the sheet row being read
}

// open opens a part for reading through the decompression budget and the
// XML text limit.
func (x *xlsxReader) open(name string) (io.ReadCloser, error) {
	f, ok := x.parts[name]
	if !ok {
		return nil, fmt.Errorf("no part %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	limited := &runLimiter{r: &budgetReader{r: rc, budget: &x.budget}, sep: '<', max: x.lim.MaxLineBytes}
	return struct {
		io.Reader
		io.Closer
	}{limited, rc}, nil
}

type budgetReader struct {
	r      io.Reader
	budget *int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if *b.budget -= int64(n); *b.budget < 0 {
		return 0, errXLSXBudget
	}
	return n, err
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// rels reads a relationships part; a missing one has none.
func (x *xlsxReader) rels(name string) ([]relationship, error) {
	if _, ok := x.parts[name]; !ok {
		return nil, nil
	}
	rc, err := x.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var doc struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := xml.NewDecoder(rc).Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return doc.Rels, nil
}

// resolve turns a relationship's target into a part name.
func resolve(base, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(path.Dir(base), target)
}

func (x *xlsxReader) read(s sink) error {
	workbook := "xl/workbook.xml"
	rels, err := x.rels("_rels/.rels")
	if err != nil {
		return err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			workbook = resolve("", r.Target) // relative to the package root
		}
	}
	sheetID, date1904, err := x.workbook(workbook)
	if err != nil {
		return err
	}
	if sheetID == "" {
		return fileProblem(1, "lab.xlsx.no_sheet")
	}
	wbRels, err := x.rels(path.Join(path.Dir(workbook), "_rels", path.Base(workbook)+".rels"))
	if err != nil {
		return err
	}
	sheet := ""
	for _, r := range wbRels {
		switch {
		case r.ID == sheetID:
			sheet = resolve(workbook, r.Target)
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			if err := x.sharedStrings(resolve(workbook, r.Target)); err != nil {
				return err
			}
		}
	}
	if sheet == "" {
		return fmt.Errorf("the first sheet has no part")
	}
	return x.sheet(sheet, date1904, s)
}

// workbook reads the relationship id of the first sheet and the date
// system.
func (x *xlsxReader) workbook(name string) (sheetID string, date1904 bool, err error) {
	rc, err := x.open(name)
	if err != nil {
		return "", false, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return sheetID, date1904, nil
		}
		if err != nil {
			return "", false, fmt.Errorf("%s: %w", name, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "workbookPr":
			v := attr(el, "date1904")
			date1904 = v == "1" || v == "true"
		case "sheet":
			if sheetID == "" {
				sheetID = attr(el, "id")
			}
		}
	}
}

func attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// sharedStrings keeps the workbook's shared strings in one buffer, so that
// a million tiny strings cost their bytes and an offset each, not a string
// header each.
type sharedStrings struct {
	buf  []byte
	ends []uint32
}

func (t *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return string(t.buf[start:t.ends[i]]), true
}

// sharedStrings reads the shared strings part: the text of each <si>,
// runs (<r><t>) joined, phonetic hints (<rPh>) left out.
func (x *xlsxReader) sharedStrings(name string) error {
	rc, err := x.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newXMLScanner(rc, x.lim.MaxLineBytes)
	var text []byte
	inT, inPh := false, 0
	for {
		kind, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		switch kind {
		case tokStart:
			switch string(d.name) {
			case "si":
				text = text[:0]
			case "t":
				inT = true
			case "rPh":
				inPh++
			}
		case tokEnd:
			switch string(d.name) {
			case "si":
				if len(x.sst.buf)+len(text) > 1<<32-1 {
					return errXLSXBudget
				}
				x.sst.buf = append(x.sst.buf, unescapeBSTR(text)...)
				x.sst.ends = append(x.sst.ends, uint32(len(x.sst.buf)))
			case "t":
				inT = false
			case "rPh":
				inPh--
			}
		case tokText:
			if inT && inPh == 0 {
				if text = append(text, d.text...); len(text) > x.lim.MaxCellBytes {
					return limitError(LimitCellBytes, int64(x.lim.MaxCellBytes), 0, "")
				}
			}
		}
	}
}

// unescapeBSTR decodes the _xHHHH_ escapes with which OOXML writes control
// characters in text (excelize reads them the same way).
func unescapeBSTR(b []byte) []byte {
	if !bytes.Contains(b, []byte("_x")) {
		return b
	}
	var out []byte
	for i := 0; i < len(b); {
		if i+7 <= len(b) && b[i] == '_' && b[i+1] == 'x' && b[i+6] == '_' {
			if v, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16); err == nil {
				out = append(out, string(rune(v))...)
				i += 7
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return out
}

// sheet streams the sheet's rows to s: the first non-blank row is the
// header, blank rows are skipped, and a row's number is the one the sheet
// shows.
func (x *xlsxReader) sheet(name string, date1904 bool, s sink) error {
	rc, err := x.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newXMLScanner(rc, x.lim.MaxLineBytes)
	var (
		cells      []string
		value      []byte
		col        int // 1-based column of the current cell
		typ        string
		hasF       bool
		inV, inIS  bool
		inT        bool
		inPh       int
		columns    = 0 // columns handed to s; 0 before the header
		testedOn   = -1
		rows       = 0
		rowCounter = 0
		headerRow  = 0
	)
	for {
		kind, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		switch kind {
		case tokStart:
			switch string(d.name) {
			case "row":
				rowCounter++
				if r := d.attrBytes("r"); len(r) > 0 {
					if n, ok := atoi(r); ok && n > 0 {
						rowCounter = n
					}
				}
				x.row = rowCounter
				cells, col = cells[:0], 0
			case "c":
				col++
				if ref := d.attrBytes("r"); len(ref) > 0 {
					if c := columnOfRef(ref); c > 0 {
						col = c
					}
				}
				typ, hasF, value = cellType(d.attrBytes("t")), false, value[:0]
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
				if value = append(value, d.text...); len(value) > x.lim.MaxCellBytes {
					return limitError(LimitCellBytes, int64(x.lim.MaxCellBytes), x.row, columnLetter(col))
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
				v := x.cellValue(typ, value)
				if v == "" && !hasF {
					break
				}
				if col > x.lim.MaxColumns {
					return limitError(LimitColumns, int64(x.lim.MaxColumns), x.row, columnLetter(col))
				}
				for len(cells) < col-1 {
					cells = append(cells, "")
				}
				cells = append(cells, v)
			case "row":
				switch {
				case isBlank(cells):
				case columns == 0:
					hdr := header(cells, x.row)
					columns, headerRow = len(hdr), x.row
					for i, c := range hdr {
						if k, ok := lookupColumn(c.Name); ok && k == colTestedOn {
							testedOn = i
						}
					}
					s.header(hdr)
				default:
					if rows++; rows > x.lim.MaxRows {
						return limitError(LimitRows, int64(x.lim.MaxRows), x.row, "")
					}
					// A filled cell right of the header is in a column
					// without a name, which Check reports.
					if len(cells) > columns {
						more := make([]Column, len(cells)-columns)
						for i := range more {
							more[i].Row = headerRow
						}
						s.extend(more)
						columns = len(cells)
					}
					if testedOn >= 0 && testedOn < len(cells) {
						cells[testedOn] = excelDate(cells[testedOn], date1904)
					}
					s.row(x.row, cells, false)
				}
			}
		}
	}
	if columns == 0 {
		return fileProblem(1, "lab.xlsx.empty")
	}
	return nil
}

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
func (x *xlsxReader) cellValue(typ string, value []byte) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(string(value)))
		if err != nil {
			return ""
		}
		v, _ := x.sst.get(i)
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

// columnLetter names a 1-based column as a spreadsheet does.
func columnLetter(c int) string {
	if name, err := excelize.ColumnNumberToName(c); err == nil {
		return name
	}
	return strconv.Itoa(c)
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
