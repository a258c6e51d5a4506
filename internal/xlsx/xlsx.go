package xlsx

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
)

// Limits bound what reading one workbook may cost. A zero MaxEntries,
// MaxRatio or MaxRows sets no such cap; a zero MaxColumns, MaxCellBytes or
// MaxRunBytes takes the bound the format itself has, a zero MaxUnzipped
// 64 MiB.
type Limits struct {
	// MaxUnzipped caps the sum of the sizes the parts declare, checked
	// before anything is inflated, and the bytes actually inflated.
	MaxUnzipped int64
	// MaxEntries caps the number of parts (files) in the archive.
	MaxEntries int
	// MaxRatio caps how many times a part may declare to inflate its
	// compressed size, past its first RatioFloor bytes (Apache POI's rule
	// against zip bombs).
	MaxRatio int64
	// MaxRows caps the row numbers of a sheet: a row numbered past it,
	// blank or not, is refused.
	MaxRows int
	// MaxColumns is the rightmost column a cell holding something (a
	// value or a formula) may be in.
	MaxColumns int
	// MaxCellBytes caps a cell's text as the XML holds it, entities
	// decoded: a sheet cell or a shared string.
	MaxCellBytes int
	// MaxRunBytes caps any run of XML between two '<' — a text, a tag —
	// before the tokenizer buffers it.
	MaxRunBytes int
}

// The defaults of Limits. Excel holds at most 32,767 UTF-16 units in a
// cell; written escaped (&#x9;, _x000D_) that is at most 7 bytes a unit, so
// no cell, and no run of XML, that Excel can write reaches maxCellBytes.
const (
	maxSheetColumns = 16384 // XFD
	maxCellBytes    = 256 << 10
	defaultUnzipped = 64 << 20
)

// RatioFloor is the part of a part exempt from MaxRatio: small parts
// (styles, an empty sheet) legitimately compress far.
const RatioFloor = 100 << 10

func (l Limits) orDefaults() Limits {
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = defaultUnzipped
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = maxSheetColumns
	}
	if l.MaxCellBytes <= 0 {
		l.MaxCellBytes = maxCellBytes
	}
	if l.MaxRunBytes <= 0 {
		l.MaxRunBytes = maxCellBytes
	}
	return l
}

// Limit names a limit of Limits.
type Limit int

// The limits a LimitError may name.
const (
	LimitUnzipped Limit = iota + 1
	LimitEntries
	LimitRatio
	LimitRows
	LimitColumns
	LimitCellBytes
	LimitRunBytes
)

var limitNames = [...]string{LimitUnzipped: "unzipped size", LimitEntries: "entries", LimitRatio: "compression ratio",
	LimitRows: "rows", LimitColumns: "columns", LimitCellBytes: "cell bytes", LimitRunBytes: "run bytes"}

func (l Limit) String() string {
	if l > 0 && int(l) < len(limitNames) {
		return limitNames[l]
	}
	return "limit " + strconv.Itoa(int(l))
}

// LimitError is a workbook past one of its Limits. Reading stops there.
type LimitError struct {
	Limit Limit
	// Max is the limit's value.
	Max int64
	// Found is what the workbook has, where it is counted whole: its
	// entries (LimitEntries), the size a part declares (LimitRatio).
	Found int64
	// Part is the archive's part at fault, for LimitRatio.
	Part string
	// Row is the sheet row being read, 0 outside a sheet's rows.
	Row int
	// Column is the 1-based column of the cell at fault, 0 when none.
	Column int
}

func (e *LimitError) Error() string {
	s := fmt.Sprintf("xlsx: over the limit of %d %s", e.Max, e.Limit)
	if e.Part != "" {
		s += " in " + e.Part
	}
	if e.Row > 0 {
		s += " at row " + strconv.Itoa(e.Row)
	}
	if e.Column > 0 {
		s += ", column " + ColumnName(e.Column)
	}
	return s
}

// DamagedError is a part that does not inflate: corrupt data, a checksum
// that does not match, more bytes than it declares.
type DamagedError struct {
	Part string
	Err  error
}

func (e *DamagedError) Error() string { return e.Part + ": " + e.Err.Error() }
func (e *DamagedError) Unwrap() error { return e.Err }

// FormatError is a file that is not an XLSX workbook, or a part that is not
// what the format wants: not a ZIP archive (Part is ""), a part missing,
// malformed XML.
type FormatError struct {
	Part string
	Err  error
}

func (e *FormatError) Error() string {
	if e.Part == "" {
		return e.Err.Error()
	}
	return e.Part + ": " + e.Err.Error()
}
func (e *FormatError) Unwrap() error { return e.Err }

// ErrNoSheet is the error of reading the first sheet of a workbook that
// lists none.
var ErrNoSheet = errors.New("xlsx: the workbook has no sheet")

var (
	errNoPart   = errors.New("no such part")
	errNoTarget = errors.New("the sheet has no part")
)

// Workbook is an open workbook: its sheets listed, its parts not yet read.
type Workbook struct {
	parts    map[string]*zip.File
	lim      Limits
	budget   int64 // inflated bytes still allowed
	path     string
	sheets   []sheetEntry
	date1904 bool

	relsRead bool // the workbook's relationships and shared strings
	targets  map[string]string
	sst      sharedStrings
	scanner  *xmlScanner // one buffer for every part read
}

type sheetEntry struct{ name, relID string }

// Open opens a workbook of size bytes, checking its central directory
// against lim before inflating anything, then reads which sheets it has.
func Open(r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	lim = lim.orDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &FormatError{Err: err}
	}
	if lim.MaxEntries > 0 && len(zr.File) > lim.MaxEntries {
		return nil, &LimitError{Limit: LimitEntries, Max: int64(lim.MaxEntries), Found: int64(len(zr.File))}
	}
	var declared uint64
	parts := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		if lim.MaxRatio > 0 && f.UncompressedSize64 > RatioFloor && f.CompressedSize64 <= (f.UncompressedSize64-1)/uint64(lim.MaxRatio) {
			return nil, &LimitError{Limit: LimitRatio, Max: lim.MaxRatio, Part: f.Name, Found: int64(min(f.UncompressedSize64, 1<<62))}
		}
		if declared += f.UncompressedSize64; declared > uint64(lim.MaxUnzipped) || declared < f.UncompressedSize64 {
			return nil, &LimitError{Limit: LimitUnzipped, Max: lim.MaxUnzipped}
		}
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	wb := &Workbook{parts: parts, lim: lim, budget: lim.MaxUnzipped, path: "xl/workbook.xml"}
	rels, err := wb.rels("_rels/.rels")
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wb.path = resolve("", r.Target) // relative to the package root
		}
	}
	if err := wb.readWorkbook(); err != nil {
		return nil, err
	}
	return wb, nil
}

// Sheets lists the names of the workbook's sheets in workbook order.
func (wb *Workbook) Sheets() []string {
	names := make([]string, len(wb.sheets))
	for i, s := range wb.sheets {
		names[i] = s.name
	}
	return names
}

// Date1904 reports whether the workbook counts dates from 1904 (the old
// Mac system) rather than 1900.
func (wb *Workbook) Date1904() bool { return wb.date1904 }

var errBudget = errors.New("inflated size limit")

// open opens a part for reading through the inflation budget and the run
// limit, which fail a read with errBudget and errLongRun.
func (wb *Workbook) open(name string) (io.ReadCloser, error) {
	f, ok := wb.parts[name]
	if !ok {
		return nil, &FormatError{Part: name, Err: errNoPart}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &DamagedError{Part: name, Err: err}
	}
	limited := &runLimiter{r: &budgetReader{r: rc, budget: &wb.budget}, max: wb.lim.MaxRunBytes}
	return struct {
		io.Reader
		io.Closer
	}{limited, rc}, nil
}

// partError types an error met reading a part; row is the sheet row being
// read, if any.
func (wb *Workbook) partError(part string, row int, err error) error {
	var le *LimitError
	var de *DamagedError
	var fe *FormatError
	switch {
	case errors.As(err, &le) || errors.As(err, &de) || errors.As(err, &fe):
		return err
	case errors.Is(err, errBudget):
		return &LimitError{Limit: LimitUnzipped, Max: wb.lim.MaxUnzipped}
	case errors.Is(err, errLongRun):
		return &LimitError{Limit: LimitRunBytes, Max: int64(wb.lim.MaxRunBytes), Row: row}
	case errors.Is(err, errXML):
		return &FormatError{Part: part, Err: err}
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &FormatError{Part: part, Err: err}
	}
	// Anything else comes from inflating: archive/zip's ErrFormat (more
	// bytes than declared), ErrChecksum, a corrupt deflate stream.
	return &DamagedError{Part: part, Err: err}
}

// budgetReader fails a read once the workbook has inflated more than its
// budget.
type budgetReader struct {
	r      io.Reader
	budget *int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if *b.budget -= int64(n); *b.budget < 0 {
		return 0, errBudget
	}
	return n, err
}

var errLongRun = errors.New("run too long")

// runLimiter fails a read that would give more than max bytes without a
// '<' — a text, a tag — before the tokenizer above it buffers them whole.
type runLimiter struct {
	r   io.Reader
	max int
	run int // bytes since the last '<'
}

func (l *runLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for b := p[:n]; ; {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			if l.run += len(b); l.run > l.max {
				return 0, errLongRun
			}
			break
		}
		if l.run+i > l.max {
			return 0, errLongRun
		}
		l.run, b = 0, b[i+1:]
	}
	return n, err
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// rels reads a relationships part; a missing one has none.
func (wb *Workbook) rels(name string) ([]relationship, error) {
	if _, ok := wb.parts[name]; !ok {
		return nil, nil
	}
	rc, err := wb.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var doc struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := xml.NewDecoder(rc).Decode(&doc); err != nil {
		return nil, wb.partError(name, 0, err)
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

// readWorkbook reads the sheets' names and relationship ids, and the date
// system.
func (wb *Workbook) readWorkbook() error {
	rc, err := wb.open(wb.path)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return wb.partError(wb.path, 0, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "workbookPr":
			v := attr(el, "date1904")
			wb.date1904 = v == "1" || v == "true"
		case "sheet":
			wb.sheets = append(wb.sheets, sheetEntry{name: attr(el, "name"), relID: attr(el, "id")})
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

// readRels reads, once, the workbook's relationships — which part each
// sheet is — and its shared strings.
func (wb *Workbook) readRels() error {
	if wb.relsRead {
		return nil
	}
	wb.relsRead = true
	rels, err := wb.rels(path.Join(path.Dir(wb.path), "_rels", path.Base(wb.path)+".rels"))
	if err != nil {
		return err
	}
	wb.targets = make(map[string]string, len(rels))
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			if err := wb.readSharedStrings(resolve(wb.path, r.Target)); err != nil {
				return err
			}
			continue
		}
		wb.targets[r.ID] = resolve(wb.path, r.Target)
	}
	return nil
}

// scan returns the workbook's scanner, reading r.
func (wb *Workbook) scan(r io.Reader) *xmlScanner {
	if wb.scanner == nil {
		wb.scanner = newXMLScanner(r, wb.lim.MaxRunBytes)
	} else {
		wb.scanner.reset(r)
	}
	return wb.scanner
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

// readSharedStrings reads a shared strings part: the text of each <si>,
// runs (<r><t>) joined, phonetic hints (<rPh>) left out.
func (wb *Workbook) readSharedStrings(name string) error {
	rc, err := wb.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := wb.scan(rc)
	var text []byte
	inT, inPh := false, 0
	for {
		kind, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return wb.partError(name, 0, err)
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
				if len(wb.sst.buf)+len(text) > 1<<32-1 {
					return &LimitError{Limit: LimitUnzipped, Max: wb.lim.MaxUnzipped}
				}
				wb.sst.buf = append(wb.sst.buf, unescapeBSTR(text)...)
				wb.sst.ends = append(wb.sst.ends, uint32(len(wb.sst.buf)))
			case "t":
				inT = false
			case "rPh":
				inPh--
			}
		case tokText:
			if inT && inPh == 0 {
				if text = append(text, d.text...); len(text) > wb.lim.MaxCellBytes {
					return &LimitError{Limit: LimitCellBytes, Max: int64(wb.lim.MaxCellBytes)}
				}
			}
		}
	}
}

// unescapeBSTR decodes the _xHHHH_ escapes with which OOXML writes control
// characters in text (_x005F_ is an underscore, to write an escape's text).
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

// ColumnName names a 1-based column as a spreadsheet does (1 → "A",
// 28 → "AB"); a column past XFD, which no sheet has, is its number.
func ColumnName(c int) string {
	if c < 1 || c > maxSheetColumns {
		return strconv.Itoa(c)
	}
	var b [3]byte
	i := len(b)
	for ; c > 0; c = (c - 1) / 26 {
		i--
		b[i] = byte('A' + (c-1)%26)
	}
	return string(b[i:])
}
