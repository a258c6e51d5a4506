package sheets

import (
	"bytes"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/lab"
	"github.com/xuri/excelize/v2"
)

// TestTemplateUploadsAsFilled: a results template, filled in as a lab
// would (numbers, 未检出, <0.005, ND, a sample left empty) and uploaded as
// it is, is accepted by the results reader — with blind codes too.
func TestTemplateUploadsAsFilled(t *testing.T) {
	design := demoDesign(t)
	d, err := benchmark.ParseDesign(design)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, s := range d.Samples {
		codes = append(codes, s.Code)
	}
	for _, lang := range i18n.Langs {
		var buf bytes.Buffer
		if err := WriteResultsTemplate(&buf, design, codes, XLSX, lang); err != nil {
			t.Fatal(err)
		}
		f, _ := excelize.OpenReader(&buf)
		sheet := f.GetSheetList()[0]
		for r := range codes {
			for c := range d.Indicators {
				cell := cellName(c+1, r+2)
				switch {
				case r == 0 && c == 14:
					f.SetCellStr(sheet, cell, "未检出")
				case r == 1 && c == 14:
					f.SetCellStr(sheet, cell, "<0.005")
				case r == 2 && c == 14:
					f.SetCellStr(sheet, cell, "ND")
				case r == 3:
				default:
					f.SetCellFloat(sheet, cell, 1.5, -1, 64)
				}
			}
		}
		var out bytes.Buffer
		f.Write(&out)
		results, err := lab.Read(bytes.NewReader(out.Bytes()), int64(out.Len()), lab.XLSX, d, lab.CheckOptions{})
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		want := (len(codes) - 1) * len(d.Indicators)
		if len(results) != want {
			t.Errorf("%s: %d results, want %d", lang, len(results), want)
		}
		// The same with blind codes.
		blind := map[string]string{}
		bcodes := blindCodes(len(codes))
		for i, c := range bcodes {
			blind[c] = codes[i]
		}
		buf.Reset()
		if err := WriteResultsTemplate(&buf, design, bcodes, XLSX, lang); err != nil {
			t.Fatal(err)
		}
		fb, _ := excelize.OpenReader(&buf)
		fb.SetCellFloat(fb.GetSheetList()[0], "C2", 5.8, -1, 64)
		out.Reset()
		fb.Write(&out)
		results, err = lab.Read(bytes.NewReader(out.Bytes()), int64(out.Len()), lab.XLSX, d, lab.CheckOptions{BlindCodes: blind})
		if err != nil || len(results) != 1 || results[0].Sample != codes[0] || results[0].Indicator != "moisture" {
			t.Fatalf("%s blind: %v, %v", lang, results, err)
		}
		// CSV
		buf.Reset()
		if err := WriteResultsTemplate(&buf, design, codes, CSV, lang); err != nil {
			t.Fatal(err)
		}
		csvData := bytes.Replace(buf.Bytes(), []byte("\r\nBZ-01,,"), []byte("\r\nBZ-01,7.5,"), 1)
		results, err = lab.Read(bytes.NewReader(csvData), int64(len(csvData)), lab.CSV, d, lab.CheckOptions{})
		if err != nil || len(results) != 1 {
			t.Fatalf("%s csv: %d results, %v", lang, len(results), err)
		}
	}
}
