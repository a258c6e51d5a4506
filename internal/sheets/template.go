package sheets

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// Format is a file format of a results template.
type Format string

// The formats of a results template.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ParseFormat reads a format's name ("xlsx", "CSV"); "" is XLSX.
func ParseFormat(s string) (Format, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "xlsx":
		return XLSX, true
	case "csv":
		return CSV, true
	}
	return "", false
}

// ContentType is the media type of a file of the format.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// templateIndicator is what a results template shows of an indicator.
type templateIndicator struct {
	code, name, nameEn, unit, method, lod string
	header                                string
}

// indicatorsOf reads the indicators of a design document: nothing else of
// the design reaches a template, so a lab's template cannot leak a region,
// an enterprise or a sample.
func indicatorsOf(designJSON []byte) ([]templateIndicator, error) {
	v, err := decodeOrdered(designJSON)
	if err != nil {
		return nil, fmt.Errorf("read the design: %w", err)
	}
	doc, ok := v.(object)
	if !ok {
		return nil, errors.New("read the design: not a JSON object")
	}
	list, _ := doc.get("indicators")
	items, _ := list.([]any)
	out := make([]templateIndicator, 0, len(items))
	for _, it := range items {
		o, ok := it.(object)
		if !ok {
			return nil, errors.New("read the design: an indicator is not an object")
		}
		ind := templateIndicator{code: o.str("code"), name: o.str("name"), nameEn: o.str("name_en"),
			unit: o.str("unit"), method: o.str("method")}
		if lod, ok := o.get("lod"); ok && lod != nil {
			ind.lod = fmt.Sprint(lod)
		}
		out = append(out, ind)
	}
	return out, nil
}

// headers names every indicator's column as FORMATS' wide layout reads it:
// the indicator's name in lang (its code where the name is missing, could
// be mistaken for another indicator or carries brackets or '#'), then its
// unit in brackets: 水分(%).
func headers(inds []templateIndicator, lang i18n.Lang) {
	taken := map[string]int{}
	for _, ind := range inds {
		own := map[string]bool{} // an indicator's code and English name may differ only in case
		for _, s := range []string{ind.code, ind.name, ind.nameEn} {
			if k := strings.ToLower(s); s != "" && !own[k] {
				own[k] = true
				taken[k]++
			}
		}
	}
	for i := range inds {
		ind := &inds[i]
		label := ind.name
		if lang == i18n.EN && ind.nameEn != "" {
			label = ind.nameEn
		}
		if label == "" || label == ind.code || taken[strings.ToLower(label)] > 1 ||
			strings.ContainsAny(label, "()[]（）【】#") || reservedHeaders[key(label)] ||
			strings.ContainsAny(label[:1], "=+-@\t\r") { // a spreadsheet would read a formula

			label = ind.code
		}
		if ind.unit != "" {
			label += "(" + ind.unit + ")"
		}
		ind.header = label
	}
}

// reservedHeaders are the columns of the results formats (FORMATS rev. 2,
// long and wide, English and Chinese): an indicator named like one is
// headed by its code, or a reader would take it for that column.
var reservedHeaders = map[string]bool{}

func init() {
	for _, h := range []string{"sample", "indicator", "value", "unit", "method", "lab", "lod", "replicate",
		"tested_on", "analyst", "样品编号", "指标", "结果", "单位", "检测方法", "检测机构", "检出限", "平行样",
		"检测日期", "检测人"} {
		reservedHeaders[key(h)] = true
	}
}

// validationFormula accepts, for the top-left value cell B2, a number, a
// non-detect word (FORMATS rev. 2; Excel compares text ignoring case), or
// "<" in either width and a number.
const validationFormula = `OR(ISNUMBER(B2),B2="未检出",B2="ND",B2="N.D.",` +
	`AND(OR(LEFT(B2,1)="<",LEFT(B2,1)="＜"),ISNUMBER(--MID(B2,2,50))))`

// xmlText escapes what XML text may not hold; Excel keeps a validation
// formula as XML text.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// WriteResultsTemplate writes the wide results layout for a lab to fill in:
// a sample column (样品编号 or sample) holding codes — blind codes for a
// lab, sample codes for an admin; the caller chooses — and one column per
// indicator of the design named name(unit). An XLSX template also has a
// notes sheet (each indicator's code, name, method, unit and LOD, and how
// to write a non-detect), data validation on the value cells and a frozen
// header; a CSV template is UTF-8 with a BOM, so that Excel reads its
// Chinese. Of the design only the indicators are used.
func WriteResultsTemplate(w io.Writer, designJSON []byte, codes []string, format Format, lang i18n.Lang) error {
	inds, err := indicatorsOf(designJSON)
	if err != nil {
		return err
	}
	headers(inds, lang)
	pr := i18n.For(lang)
	head := make([]string, 0, len(inds)+1)
	head = append(head, pr.Sprintf("sheets.tpl.sample"))
	for _, ind := range inds {
		head = append(head, ind.header)
	}
	if format == CSV {
		bw := bufio.NewWriter(w)
		bw.WriteString("\uFEFF")
		cw := csv.NewWriter(bw)
		cw.UseCRLF = true // what Excel writes
		cw.Write(head)
		row := make([]string, len(head))
		for _, c := range codes {
			row[0] = c
			cw.Write(row)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("write the template: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write the template: %w", err)
		}
		return nil
	}
	x := newXLSX(lang)
	defer x.f.Close()
	sheet := x.sheet(pr.Sprintf("sheets.tpl.results"))
	widths := make([]float64, len(head))
	for i, h := range head {
		widths[i] = width(h)
	}
	for r, c := range codes {
		x.text(sheet, cellName(0, r+2), c)
		widths[0] = max(widths[0], width(c))
	}
	x.header(sheet, head, widths)
	x.check(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}))
	if len(inds) > 0 {
		last := max(len(codes)+1, 2)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = "B2:" + cellName(len(inds), last)
		dv.Type = "custom"
		dv.Formula1 = xmlText.Replace(validationFormula)
		// A warning, not a stop: the reader also takes full-width digits
		// and other spellings the formula does not know.
		dv.SetError(excelize.DataValidationErrorStyleWarning, pr.Sprintf("sheets.tpl.invalid_title"), pr.Sprintf("sheets.tpl.invalid"))
		x.check(x.f.AddDataValidation(sheet, dv))
	}
	x.templateNotes(inds)
	if x.err != nil {
		return fmt.Errorf("write the template: %w", x.err)
	}
	if err := x.f.Write(w); err != nil {
		return fmt.Errorf("write the template: %w", err)
	}
	return nil
}

// templateNotes writes the notes sheet of a results template: a table of
// the indicators, then how to fill the results in.
func (x *xlsx) templateNotes(inds []templateIndicator) {
	pr := i18n.For(x.lang)
	sheet := x.sheet(notesSheet.name(x.lang))
	head := []string{pr.Sprintf("sheets.tpl.column"), pr.Sprintf("sheets.tpl.code"), pr.Sprintf("sheets.tpl.name"),
		pr.Sprintf("sheets.tpl.method"), pr.Sprintf("sheets.tpl.unit"), pr.Sprintf("sheets.tpl.lod")}
	widths := make([]float64, len(head))
	for i, h := range head {
		widths[i] = width(h)
	}
	for r, ind := range inds {
		name := ind.name
		if x.lang == i18n.EN && ind.nameEn != "" {
			name = ind.nameEn
		}
		cells := []string{ind.header, ind.code, name, ind.method, ind.unit, ind.lod}
		for i, c := range cells {
			x.text(sheet, cellName(i, r+2), c)
			widths[i] = max(widths[i], width(c))
		}
	}
	x.header(sheet, head, widths)
	n := len(inds) + 3
	for i := 1; pr.Has(fmt.Sprintf("sheets.tpl.help.%d", i)); i++ {
		x.text(sheet, cellName(0, n), pr.Sprintf(fmt.Sprintf("sheets.tpl.help.%d", i)))
		n++
	}
}
