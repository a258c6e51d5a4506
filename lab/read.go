package lab

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/qbench/qbench/benchmark"
)

// sink takes a table as it is read, row by row: Parse keeps the rows (a
// Table), Read checks each and keeps only its result. A reader calls header
// once, extend when a sheet row reaches right of the header (XLSX), and row
// for every row; cells are only valid during the call. noControls tells
// that the reader has already found the row free of control characters
// (scanText), which the checker then need not look for again.
type sink interface {
	header(cols []Column)
	extend(cols []Column)
	row(number int, cells []string, noControls bool)
}

// Read parses and checks a results file in one pass, keeping nothing of a
// row but its checked result: the memory it takes is the results', not the
// file's. It returns what Parse and then Check would — the same results, the
// same *Problems with the same row numbers, all or nothing — and a
// *LimitError when the file exceeds opts.Limits.
func Read(r io.ReaderAt, size int64, format Format, d *benchmark.Design, opts CheckOptions) ([]benchmark.Result, error) {
	c, err := newChecker(d, format, opts)
	if err != nil {
		return nil, err
	}
	lim := opts.Limits.orDefaults()
	var scan csvScan
	switch format {
	case CSV: // a row is at least a line
		scan = scanCSV(r, size, lim.MaxLineBytes)
		c.expectRows(min(scan.rows, lim.MaxRows))
	case JSON:
		c.expectRows(int(size / 128))
	}
	switch format {
	case CSV:
		if scan.plain && opts.Concurrent && concurrentWorth(size, scan, lim) {
			if res, ok, err := readPlainCSVConcurrently(r, size, scan, d, opts, c); ok {
				return res, err
			}
			// Not a file the halves could read alone: read it again in one
			// pass, which gives its problems exactly as they are.
			if c, err = newChecker(d, format, opts); err != nil {
				return nil, err
			}
			c.expectRows(min(scan.rows, lim.MaxRows))
			err = readPlainCSVHalf(r, size, 0, size, &recordSink{s: c, lim: lim}, 1)
		} else if b, ok := r.(Bytes); ok && scan.plain && int64(len(b)) == size {
			err = readPlainCSVBytes(b, lim, c)
		} else if scan.plain {
			err = readPlainCSV(io.NewSectionReader(r, 0, size), lim, c)
		} else {
			err = readCSV(io.NewSectionReader(r, 0, size), lim, c)
		}
	case JSON:
		err = readJSON(r, size, lim, c)
	case XLSX:
		err = readXLSX(r, size, lim, c)
	default:
		return nil, fmt.Errorf("lab: unknown results format %q", format)
	}
	if err != nil {
		return nil, err
	}
	return c.finish()
}

// csvScan is what a scan of a CSV file's bytes tells before it is read.
type csvScan struct {
	// rows counts the lines that could hold a result (four bytes or
	// more): an upper bound on the rows, so that the results can be
	// allocated once, at their size, instead of grown by doubling and
	// copied.
	rows int
	// lines is an upper bound on the lines of the file, blank or not.
	lines int
	// plain is true when the file has no quote, no carriage return but
	// before a line feed, and no line longer than the limit: then a line
	// is a record and its fields are what lies between its commas, as
	// encoding/csv would read them, and readPlainCSV reads it at a
	// fraction of the cost. (Files that lab and spreadsheets write are
	// plain unless a cell holds a comma, a quote or a line break.)
	plain bool
}

// scanCSV scans a CSV file at the speed of a memory scan.
func scanCSV(r io.ReaderAt, size int64, maxLine int) csvScan {
	buf := make([]byte, 64<<10)
	n, run, lines := 0, 0, 0
	plain := true
	var prev byte // the byte before buf, for a "\r" that ends a read
	for off := int64(0); off < size; {
		k, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		b := buf[:k]
		if plain {
			plain = plainBytes(prev, b)
		}
		if k > 0 {
			prev = b[k-1]
		}
		for len(b) > 0 {
			i := bytes.IndexByte(b, '\n')
			if i < 0 {
				run += len(b)
				break
			}
			lines++
			if run+i >= 4 {
				n++
			}
			if run+i > maxLine {
				plain = false
			}
			run, b = 0, b[i+1:]
		}
		off += int64(k)
		if err != nil || k == 0 {
			plain = false // cut short: let the reader meet the error
			break
		}
	}
	if run >= 4 {
		n++
	}
	if run > maxLine || prev == '\r' {
		plain = false
	}
	return csvScan{rows: n, lines: lines + 1, plain: plain}
}

// plainBytes reports whether b, which follows the byte prev, has no quote
// and no carriage return but one followed by a line feed (a "\r" at the
// end of b is judged with the next read or at the end of the file).
func plainBytes(prev byte, b []byte) bool {
	if bytes.IndexByte(b, '"') >= 0 {
		return false
	}
	if prev == '\r' && (len(b) == 0 || b[0] != '\n') {
		return false
	}
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\r')
		if j < 0 {
			return true
		}
		i += j + 1
		if i < len(b) && b[i] != '\n' {
			return false
		}
	}
}

// Parse reads a results file in the given format into a table, within the
// default limits (a *LimitError past them).
//
// It fails only when the file cannot be read as a table at all: malformed
// CSV quoting, text that is not UTF-8, broken JSON or a JSON value that is
// neither a string nor a number, an unreadable workbook, or no header. Those
// errors are a *Problems too, with the row where reading stopped; any other
// error comes from r. Blank lines and rows of empty cells are skipped, in
// every format but JSON.
//
// Parse keeps every cell; the server and the CLI use Read, which does not.
func Parse(r io.Reader, format Format) (*Table, error) {
	lim := DefaultLimits()
	t := &tableSink{t: &Table{Format: format}}
	var err error
	switch format {
	case CSV:
		err = readCSV(r, lim, t)
	case JSON, XLSX:
		var data []byte
		if data, err = io.ReadAll(r); err != nil {
			return nil, fmt.Errorf("lab: reading the file: %w", err)
		}
		if format == JSON {
			// In place: the table's cells are the file's bytes where
			// they need no decoding, and nothing else holds data.
			err = readJSON(Bytes(data), int64(len(data)), lim, t)
		} else {
			ra := bytes.NewReader(data)
			err = readXLSX(ra, ra.Size(), lim, t)
		}
	default:
		return nil, fmt.Errorf("lab: unknown results format %q", format)
	}
	if err != nil {
		return nil, err
	}
	return t.t, nil
}

// tableSink keeps what it is given as a Table.
type tableSink struct{ t *Table }

func (s *tableSink) header(cols []Column) { s.t.Columns = cols }
func (s *tableSink) extend(cols []Column) { s.t.Columns = append(s.t.Columns, cols...) }
func (s *tableSink) row(n int, cells []string, _ bool) {
	s.t.Rows = append(s.t.Rows, Row{Number: n, Cells: slices.Clone(cells)})
}

// readCSV reads CSV text: the first non-blank record is the header.
func readCSV(r io.Reader, lim Limits, s sink) error {
	lr := &runLimiter{r: skipBOM(r), sep: '\n', max: lim.MaxLineBytes}
	cr := csv.NewReader(lr)
	// A record with the wrong number of fields is a problem of that row,
	// which Check reports with the others, not the end of reading.
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	rs := &recordSink{s: s, lim: lim}
	for {
		record, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, errLongLine) {
				return limitError(LimitLineBytes, int64(lim.MaxLineBytes), lr.seps+1, "")
			}
			return csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if err := rs.record(line, record, false, false); err != nil {
			return err
		}
	}
	return rs.end()
}

// recordSink takes the records of a CSV file, whichever reader read them.
type recordSink struct {
	s          sink
	lim        Limits
	haveHeader bool
	rows       int
}

// record takes the record that starts on line; valid tells that the line
// is known to be UTF-8, noControls that it holds no control character.
func (rs *recordSink) record(line int, record []string, valid, noControls bool) error {
	lim := &rs.lim
	for i, cell := range record {
		if !valid && !utf8.ValidString(cell) {
			// Excel on a Chinese Windows saves CSV in GBK: refuse it
			// rather than store garbled names.
			return fileProblem(line, "lab.file.not_utf8")
		}
		if len(cell) > lim.MaxCellBytes {
			return limitError(LimitCellBytes, int64(lim.MaxCellBytes), line, csvColumnName(i))
		}
		if len(cell) > 1 && cell[0] == '\'' {
			record[i] = unneutralise(cell) // an exported cell (formula.go)
		}
	}
	switch {
	case isBlank(record):
	case !rs.haveHeader:
		if len(record) > lim.MaxColumns {
			return limitError(LimitColumns, int64(lim.MaxColumns), line, "")
		}
		rs.haveHeader = true
		rs.s.header(header(record, line))
	default:
		if rs.rows++; rs.rows > lim.MaxRows {
			return limitError(LimitRows, int64(lim.MaxRows), line, "")
		}
		rs.s.row(line, record, noControls)
	}
	return nil
}

func (rs *recordSink) end() error {
	if !rs.haveHeader {
		return fileProblem(1, "lab.file.empty")
	}
	return nil
}

// Bytes is a file held in memory, for Read. Read from Bytes, a plain CSV
// file's cells are its bytes themselves, not copies: no string is made for
// a row that is good (a result keeps only copies of what it needs, or the
// design's strings), and a 32 MiB upload makes 33 MB less garbage while
// its body and its results are both alive. The bytes must not change while
// Read runs nor while its error is in use (a problem may quote a cell).
type Bytes []byte

// ReadAt reads from the bytes as bytes.Reader does.
func (b Bytes) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("bytes.Reader.ReadAt: negative offset") // its words too: an error names no reader
	}
	if off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// readPlainCSVBytes is readPlainCSV of a file in memory, its cells
// pointing into it.
func readPlainCSVBytes(data []byte, lim Limits, s sink) error {
	return readPlainCSVBytesFrom(bytes.TrimPrefix(data, utf8BOM), &recordSink{s: s, lim: lim}, 1)
}

// readPlainCSVBytesFrom is readPlainCSVBytes of bytes whose first line is
// line firstLine of the file, into rs (which may have had the header).
func readPlainCSVBytesFrom(data []byte, rs *recordSink, firstLine int) error {
	var record []string
	for line := firstLine; len(data) > 0; line++ {
		text := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			text, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		// In a plain file a carriage return comes only before a line feed.
		if n := len(text); n > 0 && text[n-1] == '\r' {
			text = text[:n-1]
		}
		if len(text) == 0 {
			continue
		}
		// The bytes do not change while they are read (Bytes).
		str := unsafe.String(unsafe.SliceData(text), len(text))
		record = splitFields(record[:0], str)
		valid, noControls := scanText(text)
		if err := rs.record(line, record, valid, noControls); err != nil {
			return err
		}
	}
	return rs.end()
}

// splitFields appends the fields of a plain CSV line, split at its
// commas, to record. A loop over the bytes: the fields are short, and a
// search call for each comma cost more than it saved.
func splitFields(record []string, line string) []string {
	start := 0
	for i := 0; i < len(line); i++ {
		if line[i] == ',' {
			record = append(record, line[start:i])
			start = i + 1
		}
	}
	return append(record, line[start:])
}

// readPlainCSV reads a CSV file that scanCSV found plain, record for record
// what readCSV reads: a line is a record (an empty one is skipped), a
// "\r\n" ends a line as "\n" does, fields are split at commas. It costs
// one string a line, where encoding/csv copies every field through its
// buffers first.
func readPlainCSV(r io.Reader, lim Limits, s sink) error {
	return readPlainCSVFrom(skipBOM(r), &recordSink{s: s, lim: lim}, 1)
}

// readPlainCSVFrom is readPlainCSV of text whose first line is line
// firstLine of the file, into rs (which may have had the header already).
func readPlainCSVFrom(r io.Reader, rs *recordSink, firstLine int) error {
	br := bufio.NewReaderSize(r, rs.lim.MaxLineBytes+2)
	var record []string
	for line := firstLine; ; line++ {
		b, err := br.ReadSlice('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("lab: reading CSV: %w", err)
		}
		text := b
		if n := len(text); n > 0 && text[n-1] == '\n' {
			text = text[:n-1]
			if n > 1 && text[n-2] == '\r' {
				text = text[:n-2]
			}
		}
		if len(text) > 0 {
			record = splitFields(record[:0], string(text))
			// A line of valid UTF-8 splits at commas into fields of valid
			// UTF-8; only a line that is not needs the check per field,
			// which finds the same first fault.
			valid, noControls := scanText(text)
			if err := rs.record(line, record, valid, noControls); err != nil {
				return err
			}
		}
		if err == io.EOF {
			break
		}
	}
	return rs.end()
}

func csvColumnName(i int) string { return fmt.Sprint(i + 1) }

func csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("lab: reading CSV: %w", err)
	}
	key := "lab.file.csv_malformed"
	if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
		key = "lab.file.csv_quote"
	}
	return fileProblem(pe.StartLine, key, pe.Line, pe.Column, pe.Err.Error())
}

var errLongLine = errors.New("run too long")

// runLimiter fails a read that would give more than max bytes without the
// byte sep — a CSV line, a JSON token, XML text — before the parser above
// it buffers them whole: one 30 MB line costs 64 KiB, not 30 MB and its
// copies. It counts the separators it passes (lines, for CSV).
type runLimiter struct {
	r    io.Reader
	sep  byte
	max  int
	run  int // bytes since the last sep
	seps int // separators passed
}

func (l *runLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for b := p[:n]; ; {
		i := bytes.IndexByte(b, l.sep)
		if i < 0 {
			if l.run += len(b); l.run > l.max {
				return 0, errLongLine
			}
			break
		}
		if l.run+i > l.max {
			return 0, errLongLine
		}
		l.run, l.seps, b = 0, l.seps+1, b[i+1:]
	}
	return n, err
}

// skipBOM drops the byte order mark that Windows tools put before UTF-8.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	return br
}

// header turns the header row of a CSV file or sheet into columns.
func header(names []string, row int) []Column {
	cols := make([]Column, len(names))
	for i, name := range names {
		cols[i] = Column{Name: strings.Clone(strings.TrimSpace(name)), Row: row}
	}
	return cols
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
