package sheets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// ReadDesignWorkbook reads a design workbook and returns the design's JSON
// document (indented), checked by benchmark.ParseDesign. A workbook that
// cannot be read, or whose design breaks a rule, gives *Problems listing
// every problem at once, each placed at its sheet, row and column.
func ReadDesignWorkbook(r io.ReaderAt, size int64, limits Limits) ([]byte, error) {
	doc, pos, err := readDesign(r, size, limits, designSheets, nil)
	if err != nil {
		return nil, err
	}
	data, err := indent(doc)
	if err != nil {
		return nil, fmt.Errorf("encode the design: %w", err)
	}
	if _, err := benchmark.ParseDesign(data); err != nil {
		return nil, pos.problems(err)
	}
	return data, nil
}

// DesignJSON returns a design file's JSON document: the file itself when
// it is JSON, the document ReadDesignWorkbook makes of it when it is an
// XLSX workbook. It is what a command's --design and an upload of a
// design take, whatever the file.
func DesignJSON(data []byte, limits Limits) ([]byte, error) {
	if !IsWorkbook(data) {
		return data, nil
	}
	return ReadDesignWorkbook(bytes.NewReader(data), int64(len(data)), limits)
}

// readDesign reads the sheets asked for into a design document, and where
// each value came from; a sheet named in optional may be missing.
func readDesign(r io.ReaderAt, size int64, limits Limits, want []sheetKind, optional map[string]bool) (object, positions, error) {
	wb, err := openWorkbook(r, size, limits)
	if err != nil {
		return nil, nil, err
	}
	rd := &reader{wb: wb, pos: positions{}}
	names := wb.x.Sheets()
	found := map[string]string{} // sheet kind → the workbook's sheet name
	for _, name := range names {
		for _, s := range want {
			if k := key(name); k == key(s.zh) || k == key(s.en) {
				if _, dup := found[s.en]; !dup {
					found[s.en] = name
				}
			}
		}
	}
	doc := object{}
	for _, s := range want {
		name, ok := found[s.en]
		if !ok {
			if !optional[s.en] {
				rd.c.add(Problem{Reason: i18n.M("sheets.missing_sheet", s.zh, s.en)})
			}
			continue
		}
		rows, err := wb.readSheet(name, &rd.c)
		if errors.Is(err, errWorkbook) {
			break
		}
		if err != nil {
			continue
		}
		if s.list == "" {
			rd.study(name, rows, &doc)
		} else {
			doc.set(s.list, rd.list(s, name, rows))
		}
	}
	if err := rd.c.err(); err != nil {
		return nil, nil, err
	}
	return doc, rd.pos, nil
}

type reader struct {
	wb  *workbook
	c   collector
	pos positions
}

// study reads the key–value sheet: the item in column A, its value in
// column B; further columns are free for notes. A first row reading
// 项目/值 (field/value) is a header.
func (rd *reader) study(sheet string, rows []row, doc *object) {
	if len(rows) > 0 && isStudyHeader(rows[0]) {
		rows = rows[1:]
	}
	seen := map[string]int{}
	for _, r := range rows {
		item, raw := trim(r.cell(0)), trim(r.cell(1))
		if item == "" {
			if raw != "" {
				rd.c.add(Problem{Sheet: sheet, Row: r.n, Letter: "A", Reason: i18n.M("sheets.no_item")})
			}
			continue
		}
		f, known := studySheet.lookup(item)
		path := f.path
		if !known {
			p, ok := studySheet.extraPath(item)
			if raw == "" {
				continue // a heading ("检测机构") or an unknown item without a value: nothing lost
			}
			if !ok || structural[p] {
				rd.c.add(Problem{Sheet: sheet, Row: r.n, Letter: "A", Column: item, Reason: i18n.M("sheets.unknown_item", item)})
				continue
			}
			path = p
		}
		if first, dup := seen[path]; dup {
			rd.c.add(Problem{Sheet: sheet, Row: r.n, Letter: "A", Column: item, Reason: i18n.M("sheets.duplicate_item", item, first)})
			continue
		}
		seen[path] = r.n
		if raw == "" {
			continue
		}
		at := Problem{Sheet: sheet, Row: r.n, Letter: "B", Column: item}
		v, ok := rd.value(f, known, raw, at)
		if !ok {
			continue
		}
		rd.pos[path] = at
		setPath(doc, path, v)
	}
	rd.pos[""] = Problem{Sheet: sheet}
	for _, f := range studySheet.fields {
		if _, ok := rd.pos[f.path]; !ok {
			rd.pos[f.path] = Problem{Sheet: sheet, Column: f.header(langOf(sheet, studySheet))}
		}
	}
}

// structural are the design's members that have their own sheets or
// items: the study sheet cannot give them whole.
var structural = map[string]bool{"lab": true, "settings": true, "regions": true, "indicators": true, "samples": true}

func isStudyHeader(r row) bool {
	a, b := key(r.cell(0)), key(r.cell(1))
	return (a == "项目" || a == "field" || a == "item") && (b == "值" || b == "value")
}

// setPath sets a top-level member, or a member of a nested object
// ("lab.code"), creating the object where it is first needed.
func setPath(o *object, path string, v any) {
	parent, name, nested := strings.Cut(path, ".")
	if !nested {
		o.set(path, v)
		return
	}
	inner, _ := o.get(parent)
	obj, _ := inner.(object)
	obj.set(name, v)
	o.set(parent, obj)
}

// maxTitleRows is how many rows above a list's header may be a title.
const maxTitleRows = 3

// column is what a list sheet's column holds.
type column struct {
	header string
	f      field
	known  bool
	path   string // "" for a column without a header
}

// list reads a sheet of one object per row under a header row.
func (rd *reader) list(s sheetKind, sheet string, rows []row) []any {
	out := []any{}
	rd.pos[s.list] = Problem{Sheet: sheet}
	if len(rows) == 0 {
		return out
	}
	// The header is the first row naming a known column; rows above it,
	// among the first few, are a title ("2016 年绿茶抽样清单").
	for i, r := range rows[:min(len(rows), maxTitleRows+1)] {
		if slices.ContainsFunc(r.cells, func(c string) bool { _, ok := s.lookup(c); return ok }) {
			rows = rows[i:]
			break
		}
	}
	head := rows[0]
	cols := make([]column, len(head.cells))
	seen := map[string]int{}
	for i, h := range head.cells {
		h = trim(h)
		if h == "" {
			continue
		}
		at := Problem{Sheet: sheet, Row: head.n, Letter: letter(i), Column: h}
		f, known := s.lookup(h)
		path := f.path
		if !known {
			p, ok := s.extraPath(h)
			if !ok {
				at.Reason = i18n.M("sheets.unknown_column", h)
				rd.c.add(at)
				continue
			}
			path = p
		}
		if first, dup := seen[path]; dup {
			at.Reason = i18n.M("sheets.duplicate_column", h, letter(first))
			rd.c.add(at)
			continue
		}
		seen[path] = i
		cols[i] = column{header: h, f: f, known: known, path: path}
	}
	for _, r := range rows[1:] {
		item := object{}
		index := len(out)
		prefix := fmt.Sprintf("%s[%d]", s.list, index)
		rd.pos[prefix] = Problem{Sheet: sheet, Row: r.n}
		// Known fields in the format's order, then the others in column order.
		order := make([]int, 0, len(r.cells))
		for _, f := range s.fields {
			if i, ok := seen[f.path]; ok && i < len(r.cells) {
				order = append(order, i)
			}
		}
		for i := range r.cells {
			if i < len(cols) && cols[i].path != "" && !cols[i].known {
				order = append(order, i)
			}
		}
		for i, cell := range r.cells {
			if trim(cell) != "" && (i >= len(cols) || (cols[i].path == "" && trim(head.cell(i)) == "")) {
				rd.c.add(Problem{Sheet: sheet, Row: r.n, Letter: letter(i), Reason: i18n.M("sheets.unnamed_column")})
			}
		}
		for _, i := range order {
			col, raw := cols[i], trim(r.cells[i])
			at := Problem{Sheet: sheet, Row: r.n, Letter: letter(i), Column: col.header}
			rd.pos[prefix+"."+col.path] = at
			if raw == "" {
				continue
			}
			if v, ok := rd.value(col.f, col.known, raw, at); ok {
				setPath(&item, col.path, v)
			}
		}
		// The header of every known field, for rules about a missing one.
		for _, f := range s.fields {
			if _, ok := rd.pos[prefix+"."+f.path]; !ok {
				rd.pos[prefix+"."+f.path] = Problem{Sheet: sheet, Row: r.n, Column: f.header(langOf(sheet, s))}
			}
		}
		out = append(out, item)
	}
	return out
}

// langOf guesses the language of a sheet from its name, to name a column
// the sheet does not have in the sheet's own words.
func langOf(sheet string, s sheetKind) i18n.Lang {
	if key(sheet) == key(s.en) {
		return i18n.EN
	}
	return i18n.ZH
}

// value turns a cell into the JSON value of its field, or reports why not.
func (rd *reader) value(f field, known bool, raw string, at Problem) (any, bool) {
	if !known {
		return extraValue(raw), true
	}
	switch f.kind {
	case kText:
		return raw, true
	case kCode:
		return trim(fold(raw)), true
	case kNumber, kInteger:
		v, err := strconv.ParseFloat(trim(fold(raw)), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			at.Reason = i18n.M("sheets.not_number", raw)
			rd.c.add(at)
			return nil, false
		}
		if f.kind == kInteger {
			if v != math.Trunc(v) || math.Abs(v) > 1e9 {
				at.Reason = i18n.M("sheets.not_integer", raw)
				rd.c.add(at)
				return nil, false
			}
			return json.Number(strconv.FormatInt(int64(v), 10)), true
		}
		b, _ := json.Marshal(v)
		return json.Number(b), true
	case kDirection:
		code, ok := directionCode(raw)
		if !ok {
			at.Reason = i18n.M("sheets.not_direction", raw)
			rd.c.add(at)
			return nil, false
		}
		return code, true
	case kDate:
		d, ok := parseDate(raw, rd.wb.x.Date1904())
		if !ok {
			at.Reason = i18n.M("sheets.not_date", raw)
			rd.c.add(at)
			return nil, false
		}
		return d, true
	}
	return raw, true
}

// extraValue reads a cell of a field this package does not know: a JSON
// literal (a number, true, a list, a quoted string) is that value, any
// other text is a string. The writer quotes strings that would read as
// something else.
func extraValue(raw string) any {
	if json.Valid([]byte(raw)) {
		if v, err := decodeOrdered([]byte(raw)); err == nil {
			return v
		}
	}
	return raw
}

var dateRE = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// lastExcelSerial is 9999-12-31, the last date Excel has.
const lastExcelSerial = 2958465

// parseDate reads a date cell (a serial number) or a date typed as text.
func parseDate(raw string, date1904 bool) (string, bool) {
	s := trim(fold(raw))
	if serial, err := strconv.ParseFloat(s, 64); err == nil {
		if !(serial >= 1 && serial <= lastExcelSerial) {
			return "", false
		}
		t, err := excelize.ExcelDateToTime(serial, date1904)
		if err != nil {
			return "", false
		}
		return t.Format(time.DateOnly), true
	}
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// positions maps a design's field paths ("indicators[3].limit_max",
// "lab.code", "samples[0]") to where the workbook holds them.
type positions map[string]Problem

var indexRE = regexp.MustCompile(`\[\d+\]$`)

// at places a field path: the cell it came from, else the nearest
// enclosing thing the workbook has (its row, its sheet).
func (p positions) at(path string) Problem {
	for q := path; q != ""; {
		if at, ok := p[q]; ok {
			return at
		}
		switch {
		case indexRE.MatchString(q):
			q = q[:strings.LastIndex(q, "[")]
		case strings.Contains(q, "."):
			q = q[:strings.LastIndex(q, ".")]
		default:
			q = ""
		}
	}
	return p[""]
}

// problems places a design's rule violations in the workbook.
func (p positions) problems(err error) error {
	var verr *benchmark.ValidationError
	if !errors.As(err, &verr) {
		return &Problems{List: []Problem{{Reason: i18n.M("sheets.not_design", err.Error())}}}
	}
	var c collector
	for _, fe := range verr.Problems {
		at := p.at(fe.Field)
		reason := fe.Msg
		if reason.IsZero() {
			reason = i18n.M("sheets.rule", fe.Reason)
		}
		if at.Letter == "" { // the field has no cell: name it
			switch {
			case at.Row > 0 && at.Column != "":
				reason = i18n.M("sheets.field_rule", at.Column, reason)
			case at.Row == 0 && at.Column == "":
				at.Column = fe.Field
			}
		}
		at.Reason = reason
		c.add(at)
	}
	return c.err()
}
