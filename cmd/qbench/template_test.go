package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// templateRun runs qbench in-process with a locale.
func templateRun(t *testing.T, lang string, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := map[string]string{"LANG": lang}
	err := realMain(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr)
	return stdout.String(), err
}

func TestTemplateCommands(t *testing.T) {
	dir := t.TempDir()
	demo := "../../examples/green-tea/design.json"

	// The design exported as a workbook, then a results template from it.
	designXLSX := filepath.Join(dir, "design.xlsx")
	if _, err := templateRun(t, "zh_CN.UTF-8", "template", "design", "--design", demo, "--out", designXLSX); err != nil {
		t.Fatal(err)
	}
	results := filepath.Join(dir, "results.xlsx")
	out, err := templateRun(t, "zh_CN.UTF-8", "template", "results", "--design", designXLSX, "--out", results)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "（32 个样品、21 项指标）") {
		t.Errorf("stdout = %q", out)
	}
	f, err := excelize.OpenFile(results)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("结果")
	f.Close()
	if len(rows) != 33 || rows[0][0] != "样品编号" || rows[0][2] != "水分(%)" || rows[1][0] != "BZ-01" {
		t.Errorf("template rows: %d, header %q, first %q", len(rows), rows[0][:3], rows[1])
	}

	// CSV by the extension, English by the locale.
	csvPath := filepath.Join(dir, "results.csv")
	if _, err := templateRun(t, "en_GB.UTF-8", "template", "results", "--design", demo, "--out", csvPath); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(csvPath)
	if !bytes.HasPrefix(data, []byte("\uFEFFsample,Sensory score(points),Moisture(%)")) {
		t.Errorf("CSV starts %q", data[:40])
	}

	// Templates pre-filled with a set, and blank.
	for _, args := range [][]string{{"--product", "rebar"}, {}} {
		path := filepath.Join(dir, "t.xlsx")
		if _, err := templateRun(t, "", append([]string{"template", "design", "--out", path}, args...)...); err != nil {
			t.Fatal(err)
		}
		if _, err := templateRun(t, "", "template", "results", "--design", path, "--out", filepath.Join(dir, "r.xlsx")); err != nil {
			t.Errorf("the design template %v does not read as a design: %v", args, err)
		}
	}

	// A bureau's own set, from a directory of workbooks.
	sets := filepath.Join(dir, "sets")
	if err := os.Mkdir(sets, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := templateRun(t, "", "template", "design", "--product", "rebar", "--out", filepath.Join(sets, "steel-2026.xlsx")); err != nil {
		t.Fatal(err)
	}
	out, err = templateRun(t, "", "template", "design", "--indicator-sets", sets, "--product", "steel-2026", "--out", filepath.Join(dir, "own.xlsx"))
	if err != nil || !strings.Contains(out, "steel-2026") {
		t.Errorf("own set: %q, %v", out, err)
	}

	// Usage errors.
	if _, err := templateRun(t, "", "template", "design", "--out", filepath.Join(dir, "x.xlsx"), "--product", "coffee"); err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "green-tea") {
		t.Errorf("unknown product: %v", err)
	}
	if _, err := templateRun(t, "", "template", "results", "--design", demo); err == nil || exitCode(err) != 2 {
		t.Errorf("no --out: %v", err)
	}
}

// TestTemplateBadWorkbook: a workbook's problems come out one a line with
// the file, sheet, row and column, in the locale's language; no file is
// written.
func TestTemplateBadWorkbook(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "design.xlsx")
	if _, err := templateRun(t, "", "template", "design", "--product", "green-tea", "--out", path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr("指标", "H3", "越低"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "r.xlsx")
	_, err = templateRun(t, "zh_CN.UTF-8", "template", "results", "--design", path, "--out", out)
	if err == nil || !strings.Contains(err.Error(), path+": 工作表“指标”第 3 行 H 列（“方向”）：“越低”不是有效的方向") {
		t.Errorf("err = %v", err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("a refused design left %s behind", out)
	}
}
