package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qbench/qbench/benchmark"
)

// toFullWidth writes ASCII digits, '.', '<' and '-' in their full-width
// forms, as a Chinese input method types them.
func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r == '.', r == '<', r == '-':
			return r - 0x21 + 0xFF01
		}
		return r
	}, s)
}

// TestAnalyzeWideWorkbookEqualsLongCSV: a lab's wide workbook — one row per
// sample and replicate, one column per indicator under its Chinese name and
// unit, 未检出 for a non-detect, full-width digits and signs — gives
// `qbench analyze` exactly the profile of the equivalent long CSV (issue 12).
func TestAnalyzeWideWorkbookEqualsLongCSV(t *testing.T) {
	designPath := filepath.Join("..", "..", "examples", "green-tea", "design.json")
	longPath := filepath.Join("..", "..", "examples", "green-tea", "results.csv")
	raw, err := os.ReadFile(designPath)
	if err != nil {
		t.Fatal(err)
	}
	var d benchmark.Design
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(longPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ sample, replicate string }
	cells := map[key]map[string]string{}
	var order []key
	nd, fullWidth := 0, 0
	for i, r := range rows[1:] {
		k := key{r[0], r[7]}
		if cells[k] == nil {
			cells[k] = map[string]string{}
			order = append(order, k)
		}
		v := r[2]
		switch {
		case v == "ND":
			v, nd = "未检出", nd+1
		case i%3 == 0 || strings.HasPrefix(v, "<"):
			v, fullWidth = toFullWidth(v), fullWidth+1
		}
		cells[k][r[1]] = v
	}
	if nd == 0 || fullWidth == 0 {
		t.Fatalf("the workbook would have %d 未检出 and %d full-width cells: it would prove nothing", nd, fullWidth)
	}

	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	header := []any{"样品编号", "平行样"}
	for _, ind := range d.Indicators {
		header = append(header, fmt.Sprintf("%s(%s)", ind.Name, ind.Unit))
	}
	if err := x.SetSheetRow(sheet, "A1", &header); err != nil {
		t.Fatal(err)
	}
	for i, k := range order {
		row := []any{k.sample, k.replicate}
		for _, ind := range d.Indicators {
			row = append(row, cells[k][ind.Code]) // empty: not given
		}
		if err := x.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &row); err != nil {
			t.Fatal(err)
		}
	}
	widePath := filepath.Join(t.TempDir(), "实验室结果.xlsx")
	if err := x.SaveAs(widePath); err != nil {
		t.Fatal(err)
	}

	long, stderr, err := runInProcess(t, nil, "analyze", "--design", designPath, "--results", longPath)
	if err != nil {
		t.Fatalf("analyze the long CSV: %v\n%s", err, stderr)
	}
	wide, stderr, err := runInProcess(t, nil, "analyze", "--design", designPath, "--results", widePath)
	if err != nil {
		t.Fatalf("analyze the wide workbook: %v\n%s", err, stderr)
	}
	if wide != long {
		t.Error("the wide workbook's profile differs from the long CSV's")
	}
}
