package sheets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// WriteDesignWorkbook writes a design's JSON document as a design workbook
// with headers in lang (Chinese for zh, English for en). Every member is
// written, extra fields included, so that ReadDesignWorkbook gives the same
// document back (null and absent read alike: an empty cell).
func WriteDesignWorkbook(w io.Writer, designJSON []byte, lang i18n.Lang) error {
	v, err := decodeOrdered(designJSON)
	if err != nil {
		return fmt.Errorf("read the design: %w", err)
	}
	doc, ok := v.(object)
	if !ok {
		return errors.New("read the design: not a JSON object")
	}
	return writeDesign(w, doc, lang, false)
}

// writeDesign writes the four sheets and the notes; a template (blank or
// from an indicator set) also lists every item of the study sheet.
func writeDesign(w io.Writer, doc object, lang i18n.Lang, template bool) error {
	for _, s := range designSheets[1:] {
		if v, ok := doc.get(s.list); ok && v != nil {
			if _, isList := v.([]any); !isList {
				return fmt.Errorf("read the design: %q is not a list", s.list)
			}
		}
	}
	x := newXLSX(lang)
	defer x.f.Close()
	x.study(doc, template)
	for _, s := range designSheets[1:] {
		v, _ := doc.get(s.list)
		items, _ := v.([]any)
		if err := x.list(s, items); err != nil {
			return err
		}
	}
	x.notes(designHelp(lang))
	if err := x.err; err != nil {
		return fmt.Errorf("write the workbook: %w", err)
	}
	if err := x.f.Write(w); err != nil {
		return fmt.Errorf("write the workbook: %w", err)
	}
	return nil
}

// xlsx builds a workbook, keeping the first error.
type xlsx struct {
	f      *excelize.File
	lang   i18n.Lang
	err    error
	bold   int
	sheets int
}

func newXLSX(lang i18n.Lang) *xlsx {
	x := &xlsx{f: excelize.NewFile(), lang: lang}
	x.bold, x.err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	return x
}

func (x *xlsx) check(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

// sheet adds a sheet; the first one renames the new file's Sheet1.
func (x *xlsx) sheet(name string) string {
	if x.sheets == 0 {
		x.check(x.f.SetSheetName("Sheet1", name))
	} else {
		_, err := x.f.NewSheet(name)
		x.check(err)
	}
	x.sheets++
	return name
}

// text writes a text cell. XML cannot hold most control characters, and
// a cell's text that looks like _x0001_ is read as such an escape: both are
// written in that escape (_x0001_, _x005F_x0001_), which excelize decodes,
// so that any text reads back as written.
func (x *xlsx) text(sheet, cell, s string) {
	x.check(x.f.SetCellStr(sheet, cell, escapeCell(s)))
}

// escapeLike is an underscore that, followed by what is written after it
// (an escape's own "_" included), could read as an escape.
var escapeLike = regexp.MustCompile(`_x[0-9A-Fa-f]{4}`)

func escapeCell(s string) string {
	if !strings.Contains(s, "_x") && strings.IndexFunc(s, xmlInvalid) < 0 {
		return s
	}
	s = escapeLike.ReplaceAllStringFunc(s, func(m string) string { return "_x005F" + m })
	var b strings.Builder
	for _, r := range s {
		if xmlInvalid(r) {
			fmt.Fprintf(&b, "_x%04X_", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlInvalid reports a character XML 1.0 cannot hold.
func xmlInvalid(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col+1, row)
	return c
}

// header writes a bold header row, sets the widths and freezes it.
func (x *xlsx) header(sheet string, headers []string, widths []float64) {
	for i, h := range headers {
		x.text(sheet, cellName(i, 1), h)
		x.check(x.f.SetColWidth(sheet, letter(i), letter(i), widths[i]))
	}
	if len(headers) > 0 {
		x.check(x.f.SetCellStyle(sheet, "A1", cellName(len(headers)-1, 1), x.bold))
	}
	x.check(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
}

// width is a column width fitting s: CJK characters count double.
func width(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 2
		} else {
			w++
		}
	}
	return min(max(w+2, 8), 60)
}

// put writes a value as its field wants it: numbers as numbers, text as
// text (a code "01" stays "01"), a direction in lang's words, anything
// this package does not know as a JSON literal.
func (x *xlsx) put(sheet, cell string, f field, known bool, v any) {
	if v == nil {
		return
	}
	switch t := v.(type) {
	case json.Number:
		if n, err := strconv.ParseFloat(t.String(), 64); err == nil {
			x.check(x.f.SetCellFloat(sheet, cell, n, -1, 64))
			return
		}
		x.text(sheet, cell, t.String()) // out of float range: keep the digits
	case string:
		switch {
		case known && f.kind == kDirection:
			x.text(sheet, cell, directionWord(t, x.lang))
		case !known && (t == "" || t != trim(t) || json.Valid([]byte(t))):
			// Would read back absent, trimmed, or as a number or a list:
			// quote it.
			q, _ := marshal(t)
			x.text(sheet, cell, string(q))
		default:
			x.text(sheet, cell, t)
		}
	default:
		b, err := marshal(v)
		x.check(err)
		x.text(sheet, cell, string(b))
	}
}

// study writes the key–value sheet: the format's items in order (a
// template lists them all, an export those the design has), then the
// design's other scalar members.
func (x *xlsx) study(doc object, template bool) {
	sheet := x.sheet(studySheet.name(x.lang))
	headers := []string{i18n.For(x.lang).Sprintf("sheets.study.item"), i18n.For(x.lang).Sprintf("sheets.study.value")}
	widths := []float64{22, 50}
	if template {
		headers = append(headers, i18n.For(x.lang).Sprintf("sheets.study.hint"))
		widths = append(widths, 60)
	}
	x.header(sheet, headers, widths)
	n := 2
	done := map[string]bool{"regions": true, "indicators": true, "samples": true}
	for _, f := range studySheet.fields {
		v, ok := getPath(doc, f.path)
		if !ok && !template {
			continue
		}
		x.text(sheet, cellName(0, n), f.header(x.lang))
		x.put(sheet, cellName(1, n), f, true, v)
		if template {
			x.text(sheet, cellName(2, n), i18n.For(x.lang).Sprintf("sheets.hint."+f.path))
		}
		done[f.path] = true
		n++
	}
	// Members the format does not list, nested ones of lab and settings
	// by their path.
	for _, m := range doc {
		if done[m.key] || m.val == nil {
			continue
		}
		if obj, ok := m.val.(object); ok && (m.key == "lab" || m.key == "settings") {
			for _, inner := range obj {
				path := m.key + "." + inner.key
				if !done[path] {
					x.text(sheet, cellName(0, n), path)
					x.put(sheet, cellName(1, n), field{}, false, inner.val)
					n++
				}
			}
			continue
		}
		x.text(sheet, cellName(0, n), m.key)
		x.put(sheet, cellName(1, n), field{}, false, m.val)
		n++
	}
}

// getPath returns a member, or a member of a nested object ("lab.code").
func getPath(o object, path string) (any, bool) {
	parent, name, nested := strings.Cut(path, ".")
	if !nested {
		return o.get(path)
	}
	inner, ok := o.get(parent)
	if !ok {
		return nil, false
	}
	obj, _ := inner.(object)
	return obj.get(name)
}

// list writes one row per item: the format's columns that are always
// written or that an item uses, in the format's order, then the items'
// other members in the order first met.
func (x *xlsx) list(s sheetKind, items []any) error {
	sheet := x.sheet(s.name(x.lang))
	type col struct {
		path  string
		f     field
		known bool
	}
	var cols []col
	for _, f := range s.fields {
		used := f.must
		for _, it := range items {
			obj, _ := it.(object)
			if v, ok := getPath(obj, f.path); ok && v != nil {
				used = true
				break
			}
		}
		if used {
			cols = append(cols, col{f.path, f, true})
		}
	}
	known := map[string]bool{}
	for _, f := range s.fields {
		known[f.path] = true
	}
	for _, it := range items {
		obj, ok := it.(object)
		if !ok {
			return fmt.Errorf("read the design: an item of %q is not an object", s.list)
		}
		for _, m := range obj {
			paths := []string{m.key}
			if inner, isObj := m.val.(object); isObj && contains(s.nested, m.key) {
				paths = paths[:0]
				for _, im := range inner {
					paths = append(paths, m.key+"."+im.key)
				}
			}
			for _, p := range paths {
				if !known[p] {
					known[p] = true
					cols = append(cols, col{path: p})
				}
			}
		}
	}
	headers := make([]string, len(cols))
	widths := make([]float64, len(cols))
	for i, c := range cols {
		headers[i] = c.path
		if c.known {
			headers[i] = c.f.header(x.lang)
		}
		widths[i] = width(headers[i])
	}
	for r, it := range items {
		obj := it.(object)
		for i, c := range cols {
			v, _ := getPath(obj, c.path)
			x.put(sheet, cellName(i, r+2), c.f, c.known, v)
			if s, ok := v.(string); ok {
				widths[i] = max(widths[i], width(s))
			}
		}
	}
	x.header(sheet, headers, widths)
	// A drop-down of the directions in the sheet's language; a warning
	// only, since the other language's words are read too.
	for i, c := range cols {
		if c.known && c.f.kind == kDirection {
			words := make([]string, len(directions))
			for j, d := range directions {
				words[j] = directionWord(d.code, x.lang)
			}
			dv := excelize.NewDataValidation(true)
			dv.Sqref = cellName(i, 2) + ":" + cellName(i, max(len(items)+1, directionRows))
			x.check(dv.SetDropList(words))
			dv.SetError(excelize.DataValidationErrorStyleWarning, headers[i], i18n.For(x.lang).Sprintf("sheets.direction_hint"))
			x.check(x.f.AddDataValidation(sheet, dv))
		}
	}
	return nil
}

// directionRows is how far down a design workbook offers the directions'
// drop-down: room for the indicators a bureau adds.
const directionRows = 200

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// notes writes the instructions sheet: one paragraph a row.
func (x *xlsx) notes(lines []string) {
	sheet := x.sheet(notesSheet.name(x.lang))
	x.check(x.f.SetColWidth(sheet, "A", "A", 110))
	for i, l := range lines {
		x.text(sheet, cellName(0, i+1), l)
	}
	if len(lines) > 0 {
		x.check(x.f.SetCellStyle(sheet, "A1", "A1", x.bold))
	}
}

// designHelp is the text of a design workbook's notes sheet.
func designHelp(lang i18n.Lang) []string {
	pr := i18n.For(lang)
	var out []string
	for i := 1; pr.Has(fmt.Sprintf("sheets.design_help.%d", i)); i++ {
		out = append(out, pr.Sprintf(fmt.Sprintf("sheets.design_help.%d", i)))
	}
	return out
}
