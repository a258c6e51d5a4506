package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// pkg zips parts (name, text) in order, each deflated.
func pkg(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relNS  = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	relDoc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// handmade is a workbook written by hand with what excelize never writes:
// a prefixed namespace, phonetic hints, a formula's cached text, inline
// strings in runs, rows without numbers, the 1904 date system, and sheets
// listed in an order unlike their parts'.
func handmade(t testing.TB, sheet2 string) []byte {
	return pkg(t,
		"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
		"_rels/.rels", `<Relationships `+relNS+`><Relationship Id="rId1" Type="`+relDoc+`officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml", `<workbook `+nsMain+`><workbookPr date1904="1"/><sheets><sheet name="研究" sheetId="2" r:id="rId2"/><sheet name="Data &amp; notes" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<Relationships `+relNS+`><Relationship Id="rId1" Type="`+relDoc+`worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="`+relDoc+`worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="`+relDoc+`sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml", `<sst `+nsMain+`><si><t>plain</t></si><si><r><rPr><b/></rPr><t>ri</t></r><r><t xml:space="preserve">ch </t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si><si><t>ctl_x0001_ and _x005F_x0001_</t></si><si><t/></si></sst>`,
		"xl/worksheets/sheet1.xml", `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="C2" t="s"><x:v> 0 </x:v></x:c><x:c r="D2" t="b"><x:v>1</x:v></x:c><x:c r="E2" t="e"><x:v>#DIV/0!</x:v></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r></x:is></x:c><x:c t="str"><x:f>A3&amp;"!"</x:f><x:v>inline!</x:v></x:c><x:c><x:f>1/0</x:f></x:c><x:c s="3"/><x:c><x:v>0.1000</x:v></x:c></x:row>
<x:row r="7" spans="1:2"><x:c r="B7" t="s"><x:v>2</x:v></x:c><x:c r="A7"><x:v>42</x:v></x:c><x:c r="C7" t="s"><x:v>3</x:v></x:c></x:row>
</x:sheetData></x:worksheet>`,
		"xl/worksheets/sheet2.xml", sheet2,
	)
}

// excelizeRows reads a sheet with excelize, raw, as internal/sheets did:
// the cells of each row that has any, by row number.
func excelizeRows(t *testing.T, data []byte, sheet string) map[int][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int][]string{}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		if len(cells) > 0 {
			out[n] = cells
		}
	}
	return out
}

// ourRows reads a sheet here, the same way.
func ourRows(t *testing.T, wb *Workbook, sheet string) map[int][]string {
	t.Helper()
	rows, err := wb.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int][]string{}
	for rows.Next() {
		if len(rows.Cells()) > 0 {
			out[rows.Row()] = slices.Clone(rows.Cells())
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// excelizeBook is a workbook written by excelize with every kind of cell
// a design or results workbook has, and then some.
func excelizeBook(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "指标"))
	_, err := f.NewSheet("样品")
	must(err)
	must(f.SetSheetRow("指标", "A1", &[]any{"代码", "名称", 7.0, 0.005, 1e-9, 123456789012345678, true, false, -3.5}))
	must(f.SetCellValue("指标", "B3", time.Date(2016, 4, 3, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellValue("指标", "D3", " spaced "))
	must(f.SetCellValue("指标", "E3", "line1\nline2\r\n<&>\"'"))
	must(f.SetCellFormula("指标", "F3", "1+1"))
	must(f.SetCellRichText("指标", "A5", []excelize.RichTextRun{{Text: "越低"}, {Text: "越好", Font: &excelize.Font{Bold: true}}}))
	must(f.SetCellValue("样品", "A1", "merged"))
	must(f.MergeCell("样品", "A1", "C2"))
	must(f.SetCellValue("样品", "D2", 41.2))
	must(f.SetCellStr("样品", "Z9", "far"))
	must(f.SetCellInt("样品", "B12", -7))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// TestReadsAsExcelize reads workbooks cell for cell as excelize reads
// them raw, the way internal/sheets read design workbooks before.
func TestReadsAsExcelize(t *testing.T) {
	books := map[string][]byte{
		"excelize": excelizeBook(t),
		"handmade": handmade(t, `<worksheet `+nsMain+`><sheetData><row r="1"><c r="B1"><v>1.5</v></c></row></sheetData></worksheet>`),
	}
	for name, data := range books {
		wb, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := wb.Sheets(), f.GetSheetList(); !slices.Equal(got, want) {
			t.Errorf("%s: sheets %q, excelize %q", name, got, want)
		}
		props, _ := f.GetWorkbookProps()
		if want := props.Date1904 != nil && *props.Date1904; wb.Date1904() != want {
			t.Errorf("%s: date1904 %v, excelize %v", name, wb.Date1904(), want)
		}
		f.Close()
		for _, sheet := range wb.Sheets() {
			got, want := ourRows(t, wb, sheet), excelizeRows(t, data, sheet)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s, sheet %s:\n got  %v\n want %v", name, sheet, got, want)
			}
		}
	}
}

func TestHandmadeCells(t *testing.T) {
	data := handmade(t, `<worksheet `+nsMain+`><sheetData/></worksheet>`)
	wb, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !wb.Date1904() || !slices.Equal(wb.Sheets(), []string{"研究", "Data & notes"}) {
		t.Fatalf("date1904 %v, sheets %q", wb.Date1904(), wb.Sheets())
	}
	got := ourRows(t, wb, "Data & notes")
	want := map[int][]string{
		2: {"rich ", "", "plain", "1", "#DIV/0!"},
		3: {"inline", "inline!", "", "", "0.1000"},
		// B7 before A7: appended as written, as excelize does.
		7: {"", "ctl\x01 and _x0001_", "42"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	// The first sheet is the first listed, not the first part.
	rows, err := wb.Rows("")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Errorf("the first sheet (研究, empty) has row %d", rows.Row())
	}
	rows.Close()
	if _, err := wb.Rows("missing"); err == nil {
		t.Error("a missing sheet opened")
	}
}

func TestNotAWorkbook(t *testing.T) {
	data := []byte("sample,value\nBZ-01,1\n")
	_, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Part != "" {
		t.Errorf("a CSV file: %v", err)
	}
	data = pkg(t, "hello.txt", "hi")
	if _, err = Open(bytes.NewReader(data), int64(len(data)), Limits{}); !errors.As(err, &fe) || fe.Part != "xl/workbook.xml" {
		t.Errorf("a zip without a workbook: %v", err)
	}
	data = pkg(t, "xl/workbook.xml", `<workbook><sheets></sheets></workbook>`)
	wb, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wb.Rows(""); !errors.Is(err, ErrNoSheet) {
		t.Errorf("no sheet: %v", err)
	}
}

// sheetXML is a sheet of rows, each of the given cells (inline strings).
func sheetXML(rows ...string) string {
	var b strings.Builder
	b.WriteString(`<worksheet ` + nsMain + `><sheetData>`)
	for _, r := range rows {
		b.WriteString(r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

func TestLimits(t *testing.T) {
	small := handmade(t, sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`))
	tests := []struct {
		name   string
		data   []byte
		sheet  string
		lim    Limits
		want   Limit
		row    int
		column int
	}{
		{"entries", small, "", Limits{MaxEntries: 5}, LimitEntries, 0, 0},
		{"declared size", small, "", Limits{MaxUnzipped: 1000}, LimitUnzipped, 0, 0},
		{"row number", handmade(t, sheetXML(`<row r="3"/>`, `<row r="9"/>`)), "研究", Limits{MaxRows: 8}, LimitRows, 9, 0},
		{"column", handmade(t, sheetXML(`<row r="2"><c r="E2"><v>1</v></c></row>`)), "研究", Limits{MaxColumns: 4}, LimitColumns, 2, 5},
		{"formula right of the columns", handmade(t, sheetXML(`<row r="2"><c r="E2"><f>1</f></c></row>`)), "研究", Limits{MaxColumns: 4}, LimitColumns, 2, 5},
		{"cell", handmade(t, sheetXML(`<row r="4"><c r="B4"><v>`+strings.Repeat("9", 31)+`</v></c></row>`)), "研究", Limits{MaxCellBytes: 30}, LimitCellBytes, 4, 2},
		{"shared string", small, "研究", Limits{MaxCellBytes: 4}, LimitCellBytes, 0, 0},
		// The run limit stops reading ahead of the tokenizer: before the
		// row is known.
		{"run", handmade(t, sheetXML(`<row r="6"><c r="B6"><v>`+strings.Repeat(" ", 400)+`</v></c></row>`)), "研究", Limits{MaxRunBytes: 250}, LimitRunBytes, 0, 0},
	}
	for _, tt := range tests {
		wb, err := Open(bytes.NewReader(tt.data), int64(len(tt.data)), tt.lim)
		if err == nil {
			var rows *Rows
			if rows, err = wb.Rows(tt.sheet); err == nil {
				for rows.Next() {
				}
				err = rows.Err()
				rows.Close()
			}
		}
		var le *LimitError
		if !errors.As(err, &le) || le.Limit != tt.want || le.Row != tt.row || le.Column != tt.column {
			t.Errorf("%s: %v, want %s at row %d, column %d", tt.name, err, tt.want, tt.row, tt.column)
		}
	}
	// Blank cells far right are no cells: a styled cell, an empty string.
	data := handmade(t, sheetXML(`<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="2"/><c r="XFC1" t="inlineStr"><is><t></t></is></c></row>`))
	wb, err := Open(bytes.NewReader(data), int64(len(data)), Limits{MaxColumns: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got := ourRows(t, wb, "研究"); fmt.Sprint(got) != "map[1:[1]]" {
		t.Errorf("blank far cells: %v", got)
	}
}

// bomb is a workbook whose sheet declares size bytes and holds a deflate
// stream of mib MiB of blanks.
func bomb(t testing.TB, mib int, size uint64) []byte {
	t.Helper()
	good := handmade(t, sheetXML())
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var one bytes.Buffer
	fw, _ := flate.NewWriter(&one, flate.BestCompression)
	fw.Write(bytes.Repeat([]byte(" "), 1<<20))
	fw.Flush()
	deflated := append(bytes.Repeat(one.Bytes(), mib), 0x03, 0x00)
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet2.xml" {
			if err := z.Copy(zf); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := z.CreateRaw(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate,
			CompressedSize64: uint64(len(deflated)), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(deflated)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBombs(t *testing.T) {
	// 1 GiB declared: refused by its ratio, and by the total without one.
	data := bomb(t, 1024, 1<<30)
	_, err := Open(bytes.NewReader(data), int64(len(data)), Limits{MaxUnzipped: 16 << 20, MaxRatio: 100})
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != LimitRatio || le.Part != "xl/worksheets/sheet2.xml" || le.Found != 1<<30 {
		t.Errorf("ratio: %v", err)
	}
	if _, err = Open(bytes.NewReader(data), int64(len(data)), Limits{MaxUnzipped: 16 << 20}); !errors.As(err, &le) || le.Limit != LimitUnzipped {
		t.Errorf("total: %v", err)
	}
	// 1 GiB declared as 1,000 bytes: the part is cut off where it lies.
	data = bomb(t, 1024, 1000)
	wb, err := Open(bytes.NewReader(data), int64(len(data)), Limits{MaxUnzipped: 16 << 20, MaxRatio: 100})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.Rows("研究")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	var de *DamagedError
	if err := rows.Err(); !errors.As(err, &de) || !errors.Is(err, zip.ErrFormat) || de.Part != "xl/worksheets/sheet2.xml" {
		t.Errorf("a lying part: %v", err)
	}
	rows.Close()
}

func TestColumnName(t *testing.T) {
	for c := -1; c <= maxSheetColumns+2; c++ {
		want, err := excelize.ColumnNumberToName(c)
		if err != nil {
			want = fmt.Sprint(c)
		}
		if got := ColumnName(c); got != want {
			t.Fatalf("ColumnName(%d) = %q, want %q", c, got, want)
		}
	}
}
