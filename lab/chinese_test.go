package lab_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/qbench/qbench/internal/i18n"
	"github.com/qbench/qbench/lab"
)

const chineseHeader = "样品编号,指标,结果,单位,检测方法,检测机构,检出限,平行样,检测日期,检测人"

// TestChineseHeadersReadAsEnglish reads a long file with Chinese headers,
// 未检出 and full-width signs as the same results as its English twin.
func TestChineseHeadersReadAsEnglish(t *testing.T) {
	chinese := csvFile(chineseHeader,
		"BZ-01,water_extract,４１．２,％,GB/T 8305-2013,SCTQ,,1,2016-06-01,李",
		"BZ-01,bifenthrin,未检出,mg/kg,GB 23200.113-2018,SCTQ,,1,2016-06-02,王",
		"BZ-02,bifenthrin,＜0.005,mg/kg,GB 23200.113-2018,SCTQ,,1,,王",
		"YA-01,alkalinity,－2.15,%,GB/T 8309-2013,SCTQ,,１,2016-06-03,赵")
	english := csvFile(header,
		"BZ-01,water_extract,41.2,%,GB/T 8305-2013,SCTQ,,1,2016-06-01,李",
		"BZ-01,bifenthrin,未检出,mg/kg,GB 23200.113-2018,SCTQ,,1,2016-06-02,王",
		"BZ-02,bifenthrin,<0.005,mg/kg,GB 23200.113-2018,SCTQ,,1,,王",
		"YA-01,alkalinity,-2.15,%,GB/T 8309-2013,SCTQ,,1,2016-06-03,赵")
	assertSameResults(t, mustCheck(t, lab.CSV, chinese), mustCheck(t, lab.CSV, english))
}

// TestProblemsNameColumnsAsTheHeaderDoes wants a problem's column in the
// header's own words, the cell's reference in a workbook, and a reason
// worded in natural Chinese.
func TestProblemsNameColumnsAsTheHeaderDoes(t *testing.T) {
	data := csvFile(chineseHeader, "BZ-01,bifenthrin,0.01,mg,GB 23200.113-2018,SCTQ,,1,,王")
	_, err := lab.Check(testDesign(), mustParse(t, lab.CSV, data), lab.CheckOptions{})
	p := problemsOf(t, err)
	if len(p.Errors) != 1 {
		t.Fatalf("problems:\n%s", listProblems(p))
	}
	e := p.Errors[0]
	if e.Row != 2 || e.Column != "单位" || e.Cell != "" {
		t.Errorf("problem %+v, want row 2, column 单位", e)
	}
	if got, want := i18n.For(i18n.ZH).Message(e.Msg), "应为“mg/kg”（本研究中 bifenthrin 的单位），而不是“mg”"; got != want {
		t.Errorf("zh: %s\nwant %s", got, want)
	}
	if got := i18n.For(i18n.EN).Message(e.Msg); got != e.Reason {
		t.Errorf("Reason %q is not the English wording %q", e.Reason, got)
	}

	rows := [][]any{{"样品编号", "指标", "结果", "单位", "检测方法", "检测机构"},
		{"BZ-01", "bifenthrin", "abc", "mg/kg", "GB 23200.113-2018", "SCTQ"}}
	xlsx := xlsxFile(t, rows)
	_, err = lab.Read(strings.NewReader(xlsx), int64(len(xlsx)), lab.XLSX, testDesign(), lab.CheckOptions{})
	p = problemsOf(t, err)
	if len(p.Errors) != 1 || p.Errors[0].Column != "结果" || p.Errors[0].Cell != "C2" {
		t.Fatalf("problems:\n%s", listProblems(p))
	}
	if got, want := i18n.For(i18n.ZH).Message(p.Errors[0].Msg), "“abc”既不是数字，也不是未检出（ND 或 <检出限）"; got != want {
		t.Errorf("zh: %s\nwant %s", got, want)
	}
}

// TestControlCharactersAreRefused wants text cells free of control
// characters (a tab is text), each named by its column.
func TestControlCharactersAreRefused(t *testing.T) {
	data := csvFile(header,
		"BZ-01,water_extract,41.2,%,GB/T 8305-2013,SCTQ,,1,,Li\x00",
		"BZ-02,water_extract,41.2,%,GB/T 8305-2013,SCTQ,,1,,\"Li\tWang\"",
		"YA-01,water_extract,41.2\x1b[31m,%,GB/T 8305-2013,SCTQ,,1,,Li",
		"YA-02,water_extract,41.2,%,GB/T 8305-2013,SCTQ\u0085,,1,,Li")
	_, err := lab.Check(testDesign(), mustParse(t, lab.CSV, data), lab.CheckOptions{})
	assertProblems(t, err,
		wantProblem{2, "analyst", "control character (U+0000)"},
		wantProblem{4, "value", "control character (U+001B)"},
		wantProblem{4, "value", "is neither a number"},
		wantProblem{5, "lab", "control character (U+0085)"},
	)
	// Read gives what Parse and Check give.
	_, err2 := lab.Read(bytes.NewReader([]byte(data)), int64(len(data)), lab.CSV, testDesign(), lab.CheckOptions{})
	if err2 == nil || err2.Error() != err.Error() {
		t.Errorf("Read: %v\nCheck: %v", err2, err)
	}
}
