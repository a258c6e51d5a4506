package lab

import (
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/qbench/qbench/internal/i18n"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/xlsx"
)

// CheckOptions adjust Check.
type CheckOptions struct {
	// BlindCodes, when not nil, maps the blind codes written on the samples'
	// labels to the samples' real codes. The sample column then holds blind
	// codes and a real code is an unknown sample like any other, so that a
	// lab testing blind learns nothing from uploading: no problem then names
	// a real sample code, nor a region or an enterprise.
	BlindCodes map[string]string
	// MaxProblems caps the problems listed: 0 means DefaultMaxProblems, a
	// negative number no cap. Problems past the cap are only counted
	// (Problems.Truncated).
	MaxProblems int
	// Limits bound what reading a file may cost (Read; Parse uses the
	// defaults). Zero fields take the defaults.
	Limits Limits
	// Concurrent lets Read use a second core for a large plain CSV file:
	// its two halves are read and checked at the same time. The results
	// and problems are the same; a file with any problem is read again in
	// one pass, so it costs twice. The CLI sets it (a user waits for the
	// command); the server does not, where other requests want the cores.
	Concurrent bool
	// HugePages asks the kernel for transparent huge pages for the results
	// of a large file (Linux; see adviseHugePages): fewer page faults, the
	// same results. The CLI sets it. The server does not: with the kernel's
	// usual setting a huge page may be made by compacting memory while the
	// request waits, a stall a long-running server's other requests would
	// share.
	HugePages bool
	// Results, when its capacity holds every row the file can have, is the
	// array the results are kept in (from its start; see ResultsArray): a
	// caller with a core to spare makes it, and has its memory faulted in,
	// while it does other work (the CLI, while it reads the design).
	Results []benchmark.Result
}

// minHugePageResults is the fewest expected results for which Read asks
// for huge pages: below about 4 MB of results there is at most a huge page
// or two to gain.
const minHugePageResults = 25_000

// dateLayout is the form of tested_on: YYYY-MM-DD.
const dateLayout = "2006-01-02"

// Check holds a table against the study design and returns its results,
// in row order, or — if anything is wrong — no results and a *Problems
// listing every problem: unknown, missing or duplicated columns; rows
// whose sample is not the study's, whose indicator is not in its set, or
// whose unit, method or lab differs from the design's; values that are
// neither a number a float64 holds as written (negative allowed; 1e999 and
// 1e-400 are not) nor a non-detect ("ND" or "N.D." in any case, "未检出",
// or "<LOD"); a non-detect without any limit of detection; a limit of
// detection that is not positive or that contradicts "<LOD"; a replicate
// that is not a positive whole number (an empty one is 1); a tested_on that
// is not YYYY-MM-DD; a sample, indicator and replicate repeated in the file;
// text with control characters; and a file without results. Cells are read
// without surrounding spaces and with full-width forms as ASCII. A table of
// the wide layout is checked as wide.go says.
//
// A CSV row whose number of fields differs from the header's is reported as
// that one problem: its cells are shifted, so judging them would only add
// noise.
//
// Other errors (no design or table, a design without a lab, a blind code
// for no sample of the design) are the caller's and are not a *Problems.
func Check(d *benchmark.Design, t *Table, opts CheckOptions) ([]benchmark.Result, error) {
	if t == nil {
		return nil, errors.New("lab: no table to check")
	}
	c, err := newChecker(d, t.Format, opts)
	if err != nil {
		return nil, err
	}
	c.header(t.Columns)
	for i := range t.Rows {
		c.row(t.Rows[i].Number, t.Rows[i].Cells, false)
	}
	return c.finish()
}

// checker is one run of Check or Read: it takes the table as a sink, row
// by row, and keeps only the checked results and the problems.
type checker struct {
	design     *benchmark.Design
	format     Format
	columns    []Column
	blind      map[string]string
	samples    map[string]int // code -> position in the design
	indicators map[string]int // code -> position in the design
	// layout is the table column of each column of the format, -1 when the
	// table lacks it. Rows are read through it rather than through a map
	// per row, which would cost an allocation per row.
	layout [numColumns]int
	// unnamed are the columns without a name, with the first row that
	// has a value in each (0 while none has).
	unnamed []unnamedColumn
	// headerProblems are the problems of the columns, reported before
	// those of the rows whatever the order they are found in.
	headerProblems []RowError
	seen           map[resultID]int // row where each result was first seen
	problems       *problemList
	maxProblems    int
	rows           int
	results        resultList
	hugePages      bool               // CheckOptions.HugePages
	prepared       []benchmark.Result // CheckOptions.Results
	noControls     bool               // the row being checked has no control character
	// wide is set for a table of the wide layout (wide.go), with its
	// indicator columns and the problems of its header.
	wide       bool
	wideCols   []wideColumn
	issues     []headerIssue
	rowResults []benchmark.Result // a wide row's results, kept if it is good
	floats     []float64          // the slab of float
	texts      textSlab           // the slab of text
	dense      []int32            // unique's table: the first row of each result
	// the last look-ups, for runs of equal cells
	lastSample, lastIndicator lastLookup
	lastDate, lastAnalyst     string
	interned                  map[string]string
	// lastCells are the last cells read (cell), by column. They hold on
	// to one line of the file per column, no more.
	lastCells [numColumns]lastCell
	// recentAnalysts are the last analysts read, which take turns.
	recentAnalysts recentCells
}

// expectRows sizes the results and the duplicate check's map for at most
// n rows, so that neither grows a dozen times nor is copied: for a 32 MiB
// upload, a copy of the results is 80 MB.
func (c *checker) expectRows(n int) {
	if c.dense == nil {
		c.seen = make(map[resultID]int, n)
	}
	if cap(c.prepared) >= n {
		c.results.cur = c.prepared[:0]
		return
	}
	c.results.cur = newResults(n, c.hugePages)
}

// newResults makes an empty array for n results, in huge pages when asked
// and worth it (see adviseHugePages).
func newResults(n int, hugePages bool) []benchmark.Result {
	a := make([]benchmark.Result, 0, n)
	if hugePages && n >= minHugePageResults {
		adviseHugePages(a)
	}
	return a
}

// ResultsArray returns an empty array with room for n results whose memory
// is already faulted in — in huge pages where Linux allows (see
// adviseHugePages) — for CheckOptions.Results. The kernel zeroes every
// page a process first touches, 16 MB for 100,000 results: made ahead on
// an idle core, that work is off the path of reading the file.
func ResultsArray(n int) []benchmark.Result {
	a := newResults(n, true)
	all := a[:n]
	perPage := max(1, 4096/int(unsafe.Sizeof(benchmark.Result{})))
	for i := 0; i < n; i += perPage {
		all[i].Replicate = 0 // a write: the page is faulted in once, writable
	}
	return a
}

// resultList collects results in chunks rather than in one slice grown by
// doubling, which copies every result about twice and leaves the copies
// to the collector; all joins them once at the end.
type resultList struct {
	full [][]benchmark.Result
	cur  []benchmark.Result
	n    int
}

func (l *resultList) add(r benchmark.Result) {
	if len(l.cur) == cap(l.cur) { // more rows than expected, or none expected
		if l.cur != nil {
			l.full = append(l.full, l.cur)
		}
		l.cur = make([]benchmark.Result, 0, min(max(2*cap(l.cur), 1024), 1<<16))
	}
	l.cur = append(l.cur, r)
	l.n++
}

func (l *resultList) all() []benchmark.Result {
	if len(l.full) == 0 {
		return l.cur
	}
	out := make([]benchmark.Result, 0, l.n)
	for _, chunk := range l.full {
		out = append(out, chunk...)
	}
	return append(out, l.cur...)
}

type unnamedColumn struct{ index, firstRow int }

// resultID identifies a result by the positions of its sample and
// indicator in the design. The duplicate check is the costliest step of
// Check, and a map keyed by three ints is about 1.6 times faster than one
// keyed by two strings and an int (benchmark.ResultKey).
type resultID struct{ sample, indicator, replicate int }

func newChecker(d *benchmark.Design, format Format, opts CheckOptions) (*checker, error) {
	switch {
	case d == nil:
		return nil, errors.New("lab: no design to check against")
	case d.Lab == nil:
		return nil, errors.New("lab: the design has no lab")
	}
	c := &checker{
		design:      d,
		format:      format,
		blind:       opts.BlindCodes,
		samples:     make(map[string]int, len(d.Samples)),
		indicators:  make(map[string]int, len(d.Indicators)),
		seen:        make(map[resultID]int),
		problems:    newProblemList(opts.MaxProblems),
		maxProblems: opts.MaxProblems,
		hugePages:   opts.HugePages,
		prepared:    opts.Results,
	}
	for i := range c.layout {
		c.layout[i] = -1
	}
	for i, s := range d.Samples {
		c.samples[s.Code] = i
	}
	if n := len(d.Samples) * len(d.Indicators) * denseReplicates; n <= maxDense {
		c.dense = make([]int32, n)
		// Written before it is read: the table is read first for every
		// row, and a page read first is mapped to the shared zero page,
		// then faulted again, with every core told to forget the mapping,
		// when written.
		clear(c.dense)
	}
	for i, ind := range d.Indicators {
		c.indicators[ind.Code] = i
	}
	// Real codes stay out of these messages: callers may show them.
	blindCodeOf := make(map[string]string, len(c.blind))
	for blindCode, code := range c.blind {
		if _, ok := c.samples[code]; !ok {
			return nil, fmt.Errorf("lab: blind code %q stands for no sample of the design", blindCode)
		}
		// Two codes for one sample would let the duplicate check tell the
		// lab that they are the same sample.
		if other, dup := blindCodeOf[code]; dup {
			return nil, fmt.Errorf("lab: blind codes %q and %q stand for the same sample", min(other, blindCode), max(other, blindCode))
		}
		blindCodeOf[code] = blindCode
	}
	return c, nil
}

// header takes the table's columns and tells the layout from them.
func (c *checker) header(cols []Column) {
	c.columns = nil
	if c.wide = c.isWide(cols); c.wide {
		c.wideHeader(cols)
	}
	c.extend(cols)
}

// extend takes more columns: unnamed ones a sheet row reaches into.
func (c *checker) extend(cols []Column) {
	for _, col := range cols {
		i := len(c.columns)
		c.columns = append(c.columns, col)
		if col.Name == "" {
			c.unnamed = append(c.unnamed, unnamedColumn{index: i})
			continue
		}
		if known, ok := lookupColumn(col.Name); ok && c.layout[known] < 0 && !c.wide {
			c.layout[known] = i
		}
	}
}

// row checks one row and keeps its result.
func (c *checker) row(number int, cells []string, noControls bool) {
	c.rows++
	c.noControls = noControls
	for i := range c.unnamed {
		u := &c.unnamed[i]
		if u.firstRow == 0 && u.index < len(cells) && strings.TrimSpace(cells[u.index]) != "" {
			u.firstRow = number
		}
	}
	r := Row{Number: number, Cells: cells}
	if c.wide {
		c.checkWideRow(&r)
		return
	}
	if res, ok := c.checkRow(&r); ok {
		c.results.add(res)
	}
}

// finish returns the results, or every problem: those of the columns
// first, then those of the rows, in row order.
func (c *checker) finish() ([]benchmark.Result, error) {
	if len(c.columns) == 0 && c.rows == 0 {
		l := newProblemList(c.maxProblems)
		l.add(1, "", "lab.file.no_results")
		return nil, l.err()
	}
	hp := newProblemList(-1)
	c.checkHeader(hp)
	switch {
	case c.rows == 0:
		hp.add(c.headerRow(), "", "lab.file.header_only")
	case c.wide && c.results.n == 0 && c.problems.count() == 0:
		// Rows of samples without a single value: an empty template.
		hp.add(c.headerRow(), "", "lab.file.no_values")
	}
	if hp.count() > 0 {
		c.problems.prepend(hp.errs)
	}
	if err := c.problems.err(); err != nil {
		return nil, err
	}
	return c.results.all(), nil
}

// checkHeader reports unknown, repeated and missing columns, and unnamed
// ones that hold values.
func (c *checker) checkHeader(l *problemList) {
	if c.wide {
		c.checkWideHeader(l)
		return
	}
	var layout [numColumns]int
	for i := range layout {
		layout[i] = -1
	}
	u := 0
	for i, col := range c.columns {
		known, ok := lookupColumn(col.Name)
		switch {
		case col.Name == "":
			// Spreadsheets leave empty unnamed columns behind (a trailing
			// comma on every line); only one holding data loses something.
			if row := c.unnamed[u].firstRow; row > 0 {
				l.add(col.Row, "", "lab.column.unnamed", c.columnLabel(i), row)
			}
			u++
		case !ok:
			key, args := unknownColumnReason(col.Name)
			l.add(col.Row, col.Name, key, args...)
		case layout[known] >= 0:
			l.add(col.Row, col.Name, "lab.column.repeated", c.columnLabel(layout[known]))
		default:
			layout[known] = i
		}
	}
	for col := range numColumns {
		if col.required() && layout[col] < 0 {
			l.add(c.headerRow(), col.String(), "lab.column.missing")
		}
	}
}

// checkWideHeader reports the problems of a wide header, in column order.
func (c *checker) checkWideHeader(l *problemList) {
	u, next := 0, 0
	for i, col := range c.columns {
		if col.Name == "" {
			if row := c.unnamed[u].firstRow; row > 0 {
				l.add(col.Row, "", "lab.column.unnamed", c.columnLabel(i), row)
			}
			u++
			continue
		}
		for ; next < len(c.issues) && c.issues[next].index == i; next++ {
			l.add(col.Row, col.Name, c.issues[next].key, c.issues[next].args...)
		}
	}
}

// headerRow is the row where problems of the file as a whole are reported:
// the header row, or in JSON the first result with a key.
func (c *checker) headerRow() int {
	if len(c.columns) == 0 {
		return 1
	}
	return c.columns[0].Row
}

// columnLabel names the i-th column (from 0) as the user's program does:
// by letter in a workbook, by position elsewhere.
func (c *checker) columnLabel(i int) string {
	if c.format == XLSX {
		return xlsx.ColumnName(i + 1)
	}
	return strconv.Itoa(i + 1)
}

func unknownColumnReason(name string) (string, []any) {
	if _, ok := lookupColumn(strings.ToLower(name)); ok {
		return "lab.column.unknown_case", []any{strings.ToLower(name)}
	}
	if strings.ContainsAny(name, ";\t") {
		return "lab.column.unknown_separator", nil
	}
	return "lab.column.unknown", []any{strings.Join(columnNames[:], ", ")}
}

// checkRow checks one row and returns its result; ok is false when the row
// has a problem.
func (c *checker) checkRow(r *Row) (res benchmark.Result, ok bool) {
	before := c.problems.count()
	if c.format == CSV && len(r.Cells) != len(c.columns) {
		c.problems.add(r.Number, "", "lab.row.fields", len(r.Cells), len(c.columns))
		return res, false
	}
	c.controls(r)
	var id resultID
	res.Sample, id.sample = c.sample(r)
	id.indicator = c.indicator(r)
	var ind *benchmark.Indicator
	if id.indicator >= 0 {
		ind = &c.design.Indicators[id.indicator]
		res.Indicator, res.Unit, res.Method = ind.Code, ind.Unit, ind.Method
		c.expect(r, colUnit, ind.Unit, "lab.whose.unit", ind.Code)
		c.expect(r, colMethod, ind.Method, "lab.whose.method", ind.Code)
	}
	res.Lab = c.design.Lab.Code
	c.expect(r, colLab, res.Lab, "lab.whose.lab", "")
	lodText, lod := c.lod(r)
	if text, ok := c.required(r, colValue); ok {
		c.valueAt(r, c.layout[colValue], text, lodText, lod, ind, &res)
	} else {
		res.LOD = lod
	}
	res.Replicate = c.replicate(r)
	res.TestedOn = c.testedOn(r)
	res.Analyst = c.analyst(r)
	if id.sample >= 0 && id.indicator >= 0 && res.Replicate > 0 {
		id.replicate = res.Replicate
		c.unique(r, id)
	}
	return res, c.problems.count() == before
}

// analyst returns the row's analyst as written. A CSV reader reads a
// "\r\n" inside a quoted field as "\n"; so does Check, so that a name is the
// same whichever format it came in and survives a round trip through
// WriteCSV.
func (c *checker) analyst(r *Row) string {
	i := c.layout[colAnalyst]
	if i < 0 || i >= len(r.Cells) || r.Cells[i] == "" {
		return ""
	}
	raw := r.Cells[i]
	if text, ok := c.recentAnalysts.find(raw); ok {
		return text
	}
	text := c.intern(&c.lastAnalyst, strings.ReplaceAll(strings.TrimSpace(raw), "\r\n", "\n"))
	c.recentAnalysts.add(raw, text)
	return text
}

// recentCells remembers the last few distinct cells of a column, as
// written and as read. A lab's few analysts take turns from row to row,
// so the cell above rarely repeats, yet one of the last few nearly always
// does: finding it here costs less than trimming and interning it again.
type recentCells struct {
	raw, text [recentSize]string
	next      int // the entry add replaces
}

const recentSize = 8

func (rc *recentCells) find(raw string) (string, bool) {
	for i := range rc.raw {
		if rc.raw[i] == raw && raw != "" {
			return rc.text[i], true
		}
	}
	return "", false
}

func (rc *recentCells) add(raw, text string) {
	rc.raw[rc.next], rc.text[rc.next] = raw, text
	rc.next = (rc.next + 1) % recentSize
}

// controls reports every cell of the row that holds a control character:
// text is stored and shown as written, and a NUL or an escape sequence has
// no place in it. A tab is text; so are line breaks in the analyst's name.
func (c *checker) controls(r *Row) {
	if c.noControls {
		return // the reader found none in the row's line (scanText)
	}
	for i, cell := range r.Cells {
		ch, ok := controlIn(cell, i == c.layout[colAnalyst])
		if !ok {
			continue
		}
		name := ""
		if i < len(c.columns) {
			name = c.columns[i].Name
		}
		if name == "" {
			name = c.columnLabel(i)
		}
		c.problems.addCell(r.Number, name, c.cellRef(i, r.Number), "lab.cell.control", ch)
	}
}

// controlIn returns the first control character of s (C0, DEL or C1; tab
// allowed, and line breaks when lines is true) or U+FFFD for text that is
// not UTF-8.
func controlIn(s string, lines bool) (rune, bool) {
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= 0x20 && b < 0x7f:
		case b == '\t', lines && (b == '\n' || b == '\r'):
		case b < 0x80:
			return rune(b), true
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return utf8.RuneError, true
			}
			if r >= 0x80 && r <= 0x9f {
				return r, true
			}
			i += size - 1
		}
	}
	return 0, false
}

// scanText reports whether a line of a plain CSV file is UTF-8 and whether
// it is free of the control characters controlIn finds (a tab is text; a
// line holds no line break): one pass over the line instead of a check
// for UTF-8 and then one for control characters in each of its cells.
// Eight bytes of ASCII text are taken at once.
func scanText(b []byte) (valid, noControls bool) {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	noControls = true
	i := 0
	for i < len(b) {
		if i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			// A byte of 0x80 or more, below 0x20, or 0x7f (DEL) sets its
			// high bit in one of the three terms.
			if (x|(x-0x20*ones)|((x^0x7f*ones)-ones))&highs == 0 {
				i += 8
				continue
			}
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t') || c == 0x7f {
				noControls = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return false, false
		}
		if r <= 0x9f { // C1
			noControls = false
		}
		i += size
	}
	return true, noControls
}

// cell returns the row's cell in the column, without surrounding spaces
// and with full-width characters read as ASCII (see halfWidth); empty when
// the table lacks the column or the row the cell.
func (c *checker) cell(r *Row, col column) string {
	i := c.layout[col]
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	// Files come sorted, and most columns repeat the row above (the
	// indicator, unit, method, lab, date): then so does the answer.
	last := &c.lastCells[col]
	if raw := r.Cells[i]; raw != last.raw {
		last.raw, last.text = raw, halfWidth(strings.TrimSpace(raw))
	}
	return last.text
}

// lastCell is the last cell read from a column, as written and as read.
type lastCell struct{ raw, text string }

// required returns the row's cell in a required column and whether it is
// filled. An empty cell is reported; a missing column is not, since the
// header check reported it once for all rows.
func (c *checker) required(r *Row, col column) (string, bool) {
	text := c.cell(r, col)
	if text == "" && c.layout[col] >= 0 {
		c.report(r, col, "lab.cell.required")
	}
	return text, text != ""
}

// report records a problem of the row's cell in the column, named as the
// header writes it (and by its reference in a workbook).
func (c *checker) report(r *Row, col column, key string, args ...any) {
	name, cell := col.String(), ""
	if i := c.layout[col]; i >= 0 {
		name, cell = c.columns[i].Name, c.cellRef(i, r.Number)
	}
	c.problems.addCell(r.Number, name, cell, key, args...)
}

// reportAt records a problem of the row's cell in the i-th column of the
// table.
func (c *checker) reportAt(r *Row, i int, key string, args ...any) {
	c.problems.addCell(r.Number, c.columns[i].Name, c.cellRef(i, r.Number), key, args...)
}

// cellRef is the reference of the i-th cell (from 0) of a row in a
// workbook ("C7"), empty in other formats.
func (c *checker) cellRef(i, row int) string {
	if c.format != XLSX {
		return ""
	}
	return xlsx.ColumnName(i+1) + strconv.Itoa(row)
}

// sample returns the real code of the row's sample and its position in the
// design; -1 when the sample is unknown.
func (c *checker) sample(r *Row) (string, int) {
	written, ok := c.required(r, colSample)
	if !ok {
		return "", -1
	}
	return c.sampleOf(written, func(key string, args ...any) { c.report(r, colSample, key, args...) })
}

// sampleOf looks up a written sample code (a blind code for a blind lab).
func (c *checker) sampleOf(written string, report func(key string, args ...any)) (string, int) {
	if written == c.lastSample.text && written != "" { // files come sorted: one look-up a run
		return c.design.Samples[c.lastSample.i].Code, c.lastSample.i
	}
	code := written
	if c.blind != nil {
		// A real code is as unknown as a typo, and only what the lab wrote
		// is quoted back.
		code = c.blind[written]
	}
	i, ok := c.samples[code]
	if !ok {
		report("lab.cell.unknown_sample", written)
		return "", -1
	}
	// The design's string, not the cell's: a result keeps nothing of the
	// line it came from.
	c.lastSample = lastLookup{strings.Clone(written), i}
	return c.design.Samples[i].Code, i
}

// indicator returns the position of the row's indicator in the design; -1
// when it is not in the study.
func (c *checker) indicator(r *Row) int {
	code, ok := c.required(r, colIndicator)
	if !ok {
		return -1
	}
	if code == c.lastIndicator.text && code != "" { // files come sorted: one look-up a run
		return c.lastIndicator.i
	}
	i, ok := c.indicators[code]
	if !ok {
		c.report(r, colIndicator, "lab.cell.unknown_indicator", code)
		return -1
	}
	c.lastIndicator = lastLookup{strings.Clone(code), i}
	return i
}

// lastLookup remembers the last cell looked up in a column and its answer.
type lastLookup struct {
	text string
	i    int
}

// expect checks a column that must repeat the design — one of the four
// unifications: the unit or method of an indicator, or the lab; whose (a
// catalogue key, with the indicator's code when there is one) says which.
// The message is only made when it is needed: this runs three times a row.
func (c *checker) expect(r *Row, col column, want, whose, code string) {
	got := c.cell(r, col)
	if got == want || c.layout[col] < 0 {
		return
	}
	w := i18n.M(whose)
	if code != "" {
		w = i18n.M(whose, code)
	}
	if got == "" {
		c.report(r, col, "lab.cell.expected_empty", want, w)
	} else {
		c.report(r, col, "lab.cell.expected", want, w, got)
	}
}

// isNonDetect reports whether a value cell says "not detected" without a
// limit: ND in any case, N.D., or 未检出.
func isNonDetect(text string) bool {
	return strings.EqualFold(text, "ND") || strings.EqualFold(text, "N.D.") || text == "未检出"
}

// valueAt reads a value cell (text, in the table's col-th column) and the row's limit of
// detection into res: a detected number, or a non-detect and the limit of
// detection that comes with it. lodText is the lod cell as written, empty
// when there is none, and lod its value when it is valid.
func (c *checker) valueAt(r *Row, col int, text, lodText string, lod *float64, ind *benchmark.Indicator, res *benchmark.Result) {
	res.LOD = lod
	res.Reported = c.text(text)
	switch {
	case isNonDetect(text):
		res.NonDetect = true
		// A bad lod cell was reported already; a missing one only matters
		// when the indicator has no limit either.
		if lodText == "" && ind != nil && ind.LOD == nil {
			c.reportAt(r, col, "lab.value.nd_without_lod")
		}
	case strings.HasPrefix(text, "<"):
		res.NonDetect = true
		limit, why := parsePositive(strings.TrimSpace(text[1:]))
		switch {
		case why != "":
			c.reportAt(r, col, "lab.value.lt_bad", text, i18n.M(why))
		case lod != nil && *lod != limit:
			c.report(r, colLOD, "lab.lod.contradicts", lodText, text)
		default:
			res.LOD = c.float(limit)
		}
	default:
		x, why := parseAmount(text)
		if why == whyNotNumber {
			why = "lab.why.not_value"
		}
		if why != "" {
			c.reportAt(r, col, "lab.cell.bad", text, i18n.M(why))
			return
		}
		res.Value = c.float(x)
	}
}

// lod returns the lod cell and, when it is a valid limit, its value.
func (c *checker) lod(r *Row) (string, *float64) {
	text := c.cell(r, colLOD)
	if text == "" {
		return "", nil
	}
	x, why := parsePositive(text)
	if why != "" {
		c.report(r, colLOD, "lab.cell.bad", text, i18n.M(why))
		return text, nil
	}
	return text, c.float(x)
}

func (c *checker) replicate(r *Row) int {
	text := c.cell(r, colReplicate)
	if text == "" {
		return 1
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 {
		c.report(r, colReplicate, "lab.replicate.bad", text)
		return 0
	}
	return n
}

func (c *checker) testedOn(r *Row) string {
	text := c.cell(r, colTestedOn)
	if text == "" {
		return ""
	}
	if !isDate(text) {
		c.report(r, colTestedOn, "lab.date.bad", text)
	}
	return c.intern(&c.lastDate, text)
}

// isDate reports whether s is a date in the form YYYY-MM-DD, as
// time.Parse(dateLayout, s) would accept it, without its cost.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	num := func(t string) int {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return -1
			}
			n = n*10 + int(t[i]-'0')
		}
		return n
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := daysIn[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

var daysIn = [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// float returns a pointer to x, carved from a slab: a result's value and
// limit are pointers, and one allocation per 1,024 of them instead of one
// each is a fifth of the cost of a row.
func (c *checker) float(x float64) *float64 {
	if len(c.floats) == cap(c.floats) {
		c.floats = make([]float64, 0, 1024)
	}
	c.floats = append(c.floats, x)
	return &c.floats[len(c.floats)-1]
}

// text returns a copy of a cell's text that keeps nothing else of the row
// alive, from a slab (one allocation for thousands of reported values).
func (c *checker) text(s string) string { return c.texts.copyString(s) }

// maxInterned bounds the interned texts: dates and analysts repeat, and a
// file of a million distinct ones is simply copied.
const maxInterned = 4096

// intern returns a copy of a text that many rows repeat (a date, an
// analyst), the same copy for each.
func (c *checker) intern(last *string, s string) string {
	if s == "" {
		return ""
	}
	if s == *last { // the same as the row before: no look-up
		return *last
	}
	if t, ok := c.interned[s]; ok {
		*last = t
		return t
	}
	t := strings.Clone(s)
	if len(c.interned) < maxInterned {
		if c.interned == nil {
			c.interned = make(map[string]string)
		}
		c.interned[t] = t
	}
	return t
}

// unique reports a result that an earlier row of the file already gave.
// Results of the first denseReplicates replicates are looked up in a table
// indexed by sample, indicator and replicate — the duplicate check was the
// costliest step of a row as a map — and the rest in the map.
func (c *checker) unique(r *Row, id resultID) {
	if c.dense != nil && id.replicate <= denseReplicates {
		k := (id.sample*len(c.design.Indicators)+id.indicator)*denseReplicates + id.replicate - 1
		if first := c.dense[k]; first != 0 {
			c.problems.add(r.Number, "", "lab.row.duplicate", int(first))
			return
		}
		c.dense[k] = int32(r.Number)
		return
	}
	if first, dup := c.seen[id]; dup {
		c.problems.add(r.Number, "", "lab.row.duplicate", first)
		return
	}
	c.seen[id] = r.Number
}

// denseReplicates is how many replicates the table of unique has per
// sample and indicator, maxDense the largest table (16 MiB).
const (
	denseReplicates = 10
	maxDense        = 1 << 22
)

// The reasons parseAmount gives, as catalogue keys.
const (
	whyNotNumber    = "lab.why.not_number"
	whyNotFinite    = "lab.why.not_finite"
	whyDecimalComma = "lab.why.decimal_comma"
	whyNegative     = "lab.why.negative"
	whyNotPositive  = "lab.why.not_positive"
	whyOverflow     = "lab.why.overflow"
	whyUnderflow    = "lab.why.underflow"
)

// parseAmount reads a measured amount — a value, which may be negative
// (a weight deviation, a temperature), or a limit of detection — and, when
// it is not acceptable, says why (a catalogue key). The format asks for a
// plain decimal number ("41.2", "-3.81", ".5", "1e-3") that a float64
// holds as written: strconv.ParseFloat alone would also take "NaN", "Inf",
// "0x1p-2", "1e999" (as +Inf) and "1e-400" (as 0). "-0" is 0.
func parseAmount(s string) (float64, string) {
	if !isDecimal(s) {
		switch x, err := strconv.ParseFloat(s, 64); {
		case err == nil && (math.IsNaN(x) || math.IsInf(x, 0)):
			return 0, whyNotFinite
		case isDecimal(strings.Replace(s, ",", ".", 1)):
			return 0, whyDecimalComma
		}
		return 0, whyNotNumber
	}
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil: // only a range error is left: too large for a float64
		return 0, whyOverflow
	case x == 0 && hasNonZeroDigit(s), x != 0 && math.Abs(x) < minNormal:
		// Below the smallest normal float64 a number loses digits, and
		// below the smallest subnormal it becomes 0.
		return 0, whyUnderflow
	case x == 0:
		return 0, "" // -0 too
	}
	return x, ""
}

// minNormal is the smallest positive normal float64.
const minNormal = 0x1p-1022

// hasNonZeroDigit reports whether the mantissa of a decimal number has a
// digit other than 0.
func hasNonZeroDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 'e' || s[i] == 'E':
			return false
		case '1' <= s[i] && s[i] <= '9':
			return true
		}
	}
	return false
}

// parsePositive reads a limit of detection, which must be above 0.
func parsePositive(s string) (float64, string) {
	x, why := parseAmount(s)
	switch {
	case why != "":
	case x < 0:
		why = whyNegative
	case x == 0:
		why = whyNotPositive
	}
	return x, why
}

// halfWidth reads full-width forms as ASCII — ０-９ ． ＜ ％ － ＋ and the
// rest of the block U+FF01–U+FF5E, the ideographic space — and the minus
// sign U+2212 as '-': what a Chinese input method types for "<0.005" is
// "＜０．００５".
func halfWidth(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		case r == 0x2212:
			return '-'
		}
		return r
	}, s))
}

// isDecimal reports whether s is a decimal number: an optional sign, digits
// with an optional decimal point, an optional exponent.
func isDecimal(s string) bool {
	i := 0
	skipSign := func() {
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
	}
	digits := func() int {
		start := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - start
	}
	skipSign()
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		skipSign()
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
