package sheets

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// everyField is a design using every field the workbook knows, revision 2
// included, and extra fields at every level.
const everyField = `{
  "code": "PZ-RB-2017",
  "title": "攀枝花螺纹钢质量比对",
  "title_en": "Panzhihua rebar quality comparison",
  "product": "热轧带肋钢筋",
  "product_en": "Hot-rolled ribbed bar",
  "industry": "冶金",
  "programme": "SC-QC",
  "round": "2017",
  "predecessor": "PZ-RB-2016",
  "focal_region": "PZ",
  "description": "含“引号”、<尖括号> & 换行\n的说明",
  "lab": {"code": "SCMT", "name": "四川冶金检测中心", "name_en": "Sichuan metallurgy lab",
          "accreditation": "CNAS L1234", "contact": "李工"},
  "settings": {"alpha": 0.01, "min_rel_diff": 0.1, "correction": "holm", "test": "mann-whitney",
               "nd_substitution": "lod"},
  "owner_ref": 1234,
  "tags": ["钢", "2017"],
  "flagged": true,
  "year_text": "2017",
  "regions": [
    {"code": "PZ", "name": "攀枝花", "name_en": "Panzhihua", "population": 1.2},
    {"code": "CD", "name": "成都", "name_en": "Chengdu"}
  ],
  "indicators": [
    {"code": "yield", "name": "下屈服强度", "name_en": "Yield strength", "unit": "MPa",
     "unit_label": "兆帕", "unit_label_en": "megapascal", "category": "mechanical",
     "direction": "higher", "method": "GB/T 28900-2022", "standard": "GB 1499.2-2024",
     "limit_min": 400, "decimals": 0, "weight": 2, "note": "E 级"},
    {"code": "c", "name": "碳", "name_en": "Carbon", "unit": "%", "direction": "lower",
     "method": "GB/T 4336-2016", "limit_max": 0.25, "lod": 0.0005, "decimals": 3},
    {"code": "dev", "name": "重量偏差", "unit": "%", "direction": "range",
     "method": "GB 1499.2-2024", "target_min": -4.5, "target_max": 4.5, "decimals": 1},
    {"code": "se", "name": "硒", "name_en": "Selenium", "unit": "mg/kg", "direction": "higher",
     "method": "GB 5009.93-2017", "decimals": 3,
     "claim": {"label": "富硒", "label_en": "Selenium-rich", "min": 0.25, "max": 4,
               "standard": "GH/T 1090-2014", "scope": "tea"}},
    {"code": "mn", "name": "锰", "unit": "%", "direction": "none", "method": "GB/T 4336-2016",
     "limits_source": {"doc": "internal", "page": 3}}
  ],
  "samples": [
    {"code": "PZ-01", "region": "PZ", "enterprise": "攀钢", "grade": "HRB400E", "brand": "攀钢牌",
     "batch": "0012", "produced_on": "2017-03-01", "sampled_at": "攀枝花市东区某建材市场",
     "collected_on": "2017-04-02", "source": "market", "ref": "[not json"},
    {"code": "007", "region": "CD", "collected_on": "2017-04-03"}
  ]
}`

// canonical re-encodes a JSON document with sorted keys and numbers as
// float64, the "same design" of a round trip.
func canonical(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return v
}

func roundTrip(t *testing.T, design []byte, lang i18n.Lang) []byte {
	t.Helper()
	var wb bytes.Buffer
	if err := WriteDesignWorkbook(&wb, design, lang); err != nil {
		t.Fatalf("WriteDesignWorkbook: %v", err)
	}
	got, err := ReadDesignWorkbook(bytes.NewReader(wb.Bytes()), int64(wb.Len()), Limits{})
	if err != nil {
		t.Fatalf("ReadDesignWorkbook of the export: %v", err)
	}
	return got
}

func TestDesignRoundTrip(t *testing.T) {
	demo, err := os.ReadFile("../../examples/green-tea/design.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, design := range map[string][]byte{"demo": demo, "every field": []byte(everyField)} {
		for _, lang := range i18n.Langs {
			t.Run(name+"/"+string(lang), func(t *testing.T) {
				got := roundTrip(t, design, lang)
				if diff := cmp.Diff(canonical(t, design), canonical(t, got)); diff != "" {
					t.Errorf("the re-imported design differs (-exported +re-imported):\n%s", diff)
				}
				// A second round trip changes nothing, byte for byte.
				if again := roundTrip(t, got, lang); !bytes.Equal(again, got) {
					t.Errorf("a second round trip changed the document:\n%s\n%s", got, again)
				}
			})
		}
	}
}

// TestDesignWorkbookLooks checks what a user sees: sheet names, headers in
// the language asked for, numbers as numbers, directions in words.
func TestDesignWorkbookLooks(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDesignWorkbook(&buf, []byte(everyField), i18n.ZH); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"研究", "产区", "指标", "样品", "说明"}; !cmp.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	rows, err := f.GetRows("指标")
	if err != nil {
		t.Fatal(err)
	}
	wantHead := []string{"代码", "名称", "英文名称", "单位", "单位名称", "单位英文名称", "类别", "方向", "检测方法",
		"依据标准", "限量下限", "限量上限", "目标下限", "目标上限", "检出限", "小数位数", "权重",
		"声称", "声称英文名称", "声称下限", "声称上限", "声称依据标准", "备注", "claim.scope", "limits_source"}
	if diff := cmp.Diff(wantHead, rows[0]); diff != "" {
		t.Errorf("indicator headers (-want +got):\n%s", diff)
	}
	if rows[1][7] != "越高越好" || rows[3][7] != "区间" {
		t.Errorf("directions = %q, %q; want 越高越好, 区间", rows[1][7], rows[3][7])
	}
	typ, err := f.GetCellType("指标", "K2")
	// A number cell carries no type attribute (or "n"); text would be "s".
	if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
		t.Errorf("limit_min cell type = %v (%v), want a number", typ, err)
	}
	if typ, _ := f.GetCellType("指标", "A2"); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
		t.Errorf("code cell type = %v, want text", typ)
	}
	if v, _ := f.GetCellValue("样品", "A3"); v != "007" {
		t.Errorf("sample code = %q, want the text 007", v)
	}
	dvs, err := f.GetDataValidations("指标")
	if err != nil || len(dvs) != 1 || dvs[0].Sqref != "H2:H200" || dvs[0].Type != "list" || !strings.Contains(dvs[0].Formula1, "越高越好") {
		t.Errorf("direction drop-down = %+v, %v", dvs, err)
	}
	panes, err := f.GetPanes("指标")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("indicator header not frozen: %+v %v", panes, err)
	}
	var en bytes.Buffer
	if err := WriteDesignWorkbook(&en, []byte(everyField), i18n.EN); err != nil {
		t.Fatal(err)
	}
	fe, err := excelize.OpenReader(&en)
	if err != nil {
		t.Fatal(err)
	}
	defer fe.Close()
	if got, want := fe.GetSheetList(), []string{"Study", "Regions", "Indicators", "Samples", "Notes"}; !cmp.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	head, _ := fe.GetRows("Indicators")
	if head[0][0] != "code" || head[0][7] != "direction" || head[1][7] != "higher" {
		t.Errorf("English headers/directions: %v / %v", head[0], head[1])
	}
}

func TestDesignJSON(t *testing.T) {
	demo, err := os.ReadFile("../../examples/green-tea/design.json")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DesignJSON(demo, Limits{}); err != nil || !bytes.Equal(got, demo) {
		t.Errorf("JSON is not passed through: %v", err)
	}
	var wb bytes.Buffer
	if err := WriteDesignWorkbook(&wb, demo, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	got, err := DesignJSON(wb.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(canonical(t, demo), canonical(t, got)); diff != "" {
		t.Errorf("workbook differs:\n%s", diff)
	}
}
