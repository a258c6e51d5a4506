package sheets

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/xuri/excelize/v2"
)

func demoDesign(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../../examples/green-tea/design.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func blindCodes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("L%03d", i+1)
	}
	return out
}

// resolve reads a wide header as FORMATS revision 2 says a reader does:
// an optional unit in brackets, then an indicator's code, name or name_en.
func resolve(t *testing.T, header string, inds []templateIndicator) templateIndicator {
	t.Helper()
	m := regexp.MustCompile(`^(.*?)\s*[(\[]([^()\[\]]*)[)\]]$`).FindStringSubmatch(header)
	name, unit := header, ""
	if m != nil {
		name, unit = m[1], m[2]
	}
	var found []templateIndicator
	for _, ind := range inds {
		if name == ind.code || name == ind.name || (ind.nameEn != "" && name == ind.nameEn) {
			found = append(found, ind)
		}
	}
	if len(found) != 1 {
		t.Fatalf("header %q names %d indicators", header, len(found))
	}
	if unit != "" && unit != found[0].unit {
		t.Fatalf("header %q: unit %q, the design's is %q", header, unit, found[0].unit)
	}
	return found[0]
}

func TestResultsTemplateXLSX(t *testing.T) {
	design := demoDesign(t)
	inds, err := indicatorsOf(design)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			codes := blindCodes(32)
			var buf bytes.Buffer
			if err := WriteResultsTemplate(&buf, design, codes, XLSX, lang); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			results, notes := "结果", "说明"
			if lang == i18n.EN {
				results, notes = "Results", "Notes"
			}
			if got := f.GetSheetList(); !cmp.Equal(got, []string{results, notes}) {
				t.Fatalf("sheets = %v", got)
			}
			rows, err := f.GetRows(results)
			if err != nil {
				t.Fatal(err)
			}
			head := rows[0]
			wantFirst := map[i18n.Lang][]string{i18n.ZH: {"样品编号", "感官审评总分(points)", "水分(%)"},
				i18n.EN: {"sample", "Sensory score(points)", "Moisture(%)"}}[lang]
			if !cmp.Equal(head[:3], wantFirst) {
				t.Errorf("header starts %q, want %q", head[:3], wantFirst)
			}
			if len(head) != len(inds)+1 {
				t.Fatalf("%d columns, want %d", len(head), len(inds)+1)
			}
			for i, h := range head[1:] {
				if got := resolve(t, h, inds); got.code != inds[i].code {
					t.Errorf("column %q reads as %s, want %s", h, got.code, inds[i].code)
				}
			}
			if len(rows) != len(codes)+1 || rows[1][0] != "L001" || rows[32][0] != "L032" {
				t.Errorf("sample rows: %d, first %v", len(rows), rows[1])
			}
			dvs, err := f.GetDataValidations(results)
			if err != nil || len(dvs) != 1 {
				t.Fatalf("data validations = %v, %v", dvs, err)
			}
			dv := dvs[0]
			if dv.Type != "custom" || dv.Sqref != "B2:V33" || !strings.Contains(dv.Formula1, `"未检出"`) || !strings.Contains(dv.Formula1, "ISNUMBER(B2)") {
				t.Errorf("validation = %+v %q", dv, dv.Formula1)
			}
			panes, err := f.GetPanes(results)
			if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 {
				t.Errorf("panes = %+v, %v", panes, err)
			}
			if w, err := f.GetColWidth(results, "B"); err != nil || w < 10 {
				t.Errorf("column width = %v, %v", w, err)
			}
			nrows, _ := f.GetRows(notes)
			all := fmt.Sprint(nrows)
			for _, ind := range inds {
				if !strings.Contains(all, ind.code) || !strings.Contains(all, ind.method) {
					t.Errorf("notes lack %s or its method", ind.code)
				}
			}
			if !cmp.Equal(nrows[15][1:], []string{"bifenthrin", map[i18n.Lang]string{i18n.ZH: "联苯菊酯", i18n.EN: "Bifenthrin"}[lang], "GB 23200.113-2018", "mg/kg", "0.005"}) {
				t.Errorf("notes row of bifenthrin = %q", nrows[15])
			}
			for _, word := range []string{"未检出", "ND", "<0.005"} {
				if !strings.Contains(all, word) {
					t.Errorf("notes do not say how to write a non-detect (%s)", word)
				}
			}
		})
	}
}

// TestBlindTemplateKeepsSecrets: nothing in a lab's template — no cell, no
// part of the file — names a region, an enterprise, a sample code or the
// study.
func TestBlindTemplateKeepsSecrets(t *testing.T) {
	design := demoDesign(t)
	var secrets []string
	doc := canonical(t, design).(map[string]any)
	for _, r := range doc["regions"].([]any) {
		m := r.(map[string]any)
		secrets = append(secrets, m["name"].(string), m["name_en"].(string))
	}
	for _, s := range doc["samples"].([]any) {
		m := s.(map[string]any)
		secrets = append(secrets, m["code"].(string), m["enterprise"].(string))
	}
	secrets = append(secrets, doc["code"].(string), doc["title"].(string))
	regionCodes := []string{"BZ", "YA", "EM"}
	for _, format := range []Format{XLSX, CSV} {
		for _, lang := range i18n.Langs {
			var buf bytes.Buffer
			if err := WriteResultsTemplate(&buf, design, blindCodes(32), format, lang); err != nil {
				t.Fatal(err)
			}
			texts := []string{buf.String()}
			var cells []string
			if format == XLSX {
				texts = texts[:0]
				z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
				if err != nil {
					t.Fatal(err)
				}
				for _, zf := range z.File {
					rc, _ := zf.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					texts = append(texts, string(b))
				}
				f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
				for _, sh := range f.GetSheetList() {
					rows, _ := f.GetRows(sh)
					for _, r := range rows {
						cells = append(cells, r...)
					}
				}
				f.Close()
			} else {
				r, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				for _, row := range r {
					cells = append(cells, row...)
				}
			}
			for _, text := range texts {
				for _, s := range secrets {
					if strings.Contains(text, s) {
						t.Errorf("%s/%s template contains %q", format, lang, s)
					}
				}
			}
			for _, c := range cells {
				for _, rc := range regionCodes {
					if strings.Contains(c, rc) {
						t.Errorf("%s/%s template cell %q names region %s", format, lang, c, rc)
					}
				}
			}
		}
	}
}

func TestResultsTemplateCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteResultsTemplate(&buf, demoDesign(t), []string{"BZ-01", "YA-01"}, CSV, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF样品编号,感官审评总分(points),水分(%),")) {
		t.Errorf("CSV starts %q", buf.String()[:60])
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "BZ-01" || rows[2][0] != "YA-01" || len(rows[1]) != 22 || rows[1][1] != "" {
		t.Errorf("rows = %q", rows)
	}
}

// TestTemplateHeadersAvoidAmbiguity: a name another indicator uses as its
// code, or a name with brackets, gives way to the code.
func TestTemplateHeadersAvoidAmbiguity(t *testing.T) {
	inds := []templateIndicator{
		{code: "ash", name: "灰分", unit: "%"},
		{code: "灰分", name: "灰", unit: "%"},
		{code: "we", name: "水浸出物(干基)", unit: "%"},
		{code: "n", name: "sample"},
		{code: "r", name: "结果", unit: "%"},
		{code: "f", name: "=HYPERLINK(\"http://x\")"},
	}
	headers(inds, i18n.ZH)
	var got []string
	for _, ind := range inds {
		got = append(got, ind.header)
	}
	want := []string{"ash(%)", "灰(%)", "we(%)", "n", "r(%)", "f"}
	if !cmp.Equal(got, want) {
		t.Errorf("headers = %q, want %q", got, want)
	}
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
