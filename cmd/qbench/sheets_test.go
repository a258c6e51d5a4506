package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/internal/sheets"
	"github.com/qbench/qbench/internal/store/storetest"
)

// TestDesignWorkbookForAnalyzeReportFollowUp: analyze, report and
// follow-up take the design as a workbook, and give what they give for the
// design's JSON.
func TestDesignWorkbookForAnalyzeReportFollowUp(t *testing.T) {
	dir, _ := writeStudy(t)
	designJSON, results := filepath.Join(dir, "design.json"), filepath.Join(dir, "results.csv")
	workbook := filepath.Join(dir, "design.xlsx")
	if _, _, err := runInProcess(t, nil, "template", "design", "--design", designJSON, "--out", workbook, "--lang", "zh"); err != nil {
		t.Fatal(err)
	}
	fromJSON, _, err := runInProcess(t, nil, "analyze", "--design", designJSON, "--results", results)
	if err != nil {
		t.Fatal(err)
	}
	fromXLSX, _, err := runInProcess(t, nil, "analyze", "--design", workbook, "--results", results)
	if err != nil {
		t.Fatal(err)
	}
	if fromJSON != fromXLSX {
		t.Errorf("analyze --design design.xlsx differs from design.json")
	}

	followJSON, _, err := runInProcess(t, nil, "follow-up", "--design", designJSON, "--results", results,
		"--previous-design", designJSON, "--previous-results", results)
	if err != nil {
		t.Fatal(err)
	}
	followXLSX, _, err := runInProcess(t, nil, "follow-up", "--design", workbook, "--results", results,
		"--previous-design", workbook, "--previous-results", results)
	if err != nil {
		t.Fatal(err)
	}
	if followJSON != followXLSX || !json.Valid([]byte(followXLSX)) {
		t.Errorf("follow-up with workbooks differs from follow-up with JSON")
	}

	pdf := filepath.Join(dir, "report.pdf")
	if _, _, err := runInProcess(t, nil, "report", "--design", workbook, "--results", results, "--out", pdf); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("report --design design.xlsx wrote no PDF: %v", err)
	}
}

// TestDesignWorkbookProblemsFollowTheLocale: a broken design workbook is
// refused by analyze and follow-up with every problem placed at its sheet,
// row and column, in the CLI's language.
func TestDesignWorkbookProblemsFollowTheLocale(t *testing.T) {
	dir, _ := writeStudy(t)
	designJSON, results := filepath.Join(dir, "design.json"), filepath.Join(dir, "results.csv")
	workbook := filepath.Join(dir, "design.xlsx")
	if _, _, err := runInProcess(t, nil, "template", "design", "--design", designJSON, "--out", workbook, "--lang", "zh"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(workbook)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("指标")
	if err != nil {
		t.Fatal(err)
	}
	letter := ""
	for i, h := range rows[0] {
		if h == "方向" {
			letter, _ = excelize.ColumnNumberToName(i + 1)
		}
	}
	if letter == "" {
		t.Fatalf("no 方向 column in %q", rows[0])
	}
	if err := f.SetCellStr("指标", letter+"3", "越多越好"); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	if err := f.SaveAs(bad); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang string
		args []string
		want []string
	}{
		{"zh_CN.UTF-8", []string{"analyze", "--design", bad, "--results", results},
			[]string{"共 1 个问题", "bad.xlsx: 工作表“指标”第 3 行 " + letter + " 列（“方向”）：“越多越好”不是有效的方向"}},
		{"en_US.UTF-8", []string{"analyze", "--design", bad, "--results", results},
			[]string{"1 problem:", `bad.xlsx: sheet "指标", row 3, column ` + letter + ` ("方向"): "越多越好" is not a direction`}},
		{"zh_CN.UTF-8", []string{"follow-up", "--design", designJSON, "--results", results, "--previous-design", bad, "--previous-results", results},
			[]string{"上一轮：", "第 3 行"}},
		{"en_US.UTF-8", []string{"follow-up", "--design", designJSON, "--results", results, "--previous-design", bad, "--previous-results", results},
			[]string{"previous round: ", "row 3"}},
	} {
		_, _, err := runInProcess(t, map[string]string{"LANG": tc.lang}, tc.args...)
		if err == nil {
			t.Fatalf("%s %v: a broken workbook was accepted", tc.lang, tc.args[0])
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s %s: error %q lacks %q", tc.lang, tc.args[0], err, want)
			}
		}
	}
}

// TestServeIndicatorSets: qbench serve --indicator-sets offers a bureau's
// own sets over the API, and refuses to start, naming every problem, when
// one is broken.
func TestServeIndicatorSets(t *testing.T) {
	dsn := storetest.DSN(t)
	out, errOut, code := run(t, nil, "token", "create", "--role", "admin", "--name", "bureau", "--db", dsn)
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errOut)
	}
	token := strings.TrimSpace(out)

	dir := t.TempDir()
	set, _ := sheets.IndicatorSet("rebar")
	var buf bytes.Buffer
	if err := sheets.WriteDesignTemplate(&buf, set, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rebar-2026.xlsx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, _ := startServe(t, binary, []string{"QBENCH_INDICATOR_SETS=" + dir}, "--db", dsn)
	status, body := srv.request(t, "GET", "/api/v1/indicator-sets", token, nil)
	if status != 200 || !strings.Contains(string(body), `"name":"rebar-2026"`) || !strings.Contains(string(body), `"origin":"rebar-2026.xlsx"`) {
		t.Errorf("GET /api/v1/indicator-sets = %d %s, want the bureau's rebar-2026", status, body)
	}
	if strings.Contains(string(body), dir) {
		t.Errorf("the listing shows the server's directory: %s", body)
	}
	status, body = srv.request(t, "GET", "/api/v1/indicator-sets/rebar-2026?format=xlsx", token, nil)
	if status != 200 || !sheets.IsWorkbook(body) {
		t.Errorf("GET the set's workbook = %d", status)
	}
	srv.stop(t)

	// A broken set: the server does not start, and says why.
	if err := os.WriteFile(filepath.Join(dir, "broken.xlsx"), []byte("PK\x03\x04 not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, want string }{
		{"LC_ALL=zh_CN.UTF-8", "无法读取 " + dir + " 中的指标集（--indicator-sets）："},
		{"LC_ALL=en_US.UTF-8", "the indicator sets in " + dir + " cannot be read (--indicator-sets): "},
	} {
		_, errOut, code := run(t, []string{tc.lang}, "serve", "--addr", "127.0.0.1:0", "--db", dsn, "--indicator-sets", dir)
		if code == 0 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "broken.xlsx") {
			t.Errorf("%s: serve with a broken set: exit %d, stderr %q", tc.lang, code, errOut)
		}
	}
}
