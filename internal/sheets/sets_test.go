package sheets

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/qbench/qbench/internal/i18n"
	"github.com/xuri/excelize/v2"
)

func TestEmbeddedSets(t *testing.T) {
	var names []string
	for _, s := range IndicatorSets() {
		names = append(names, s.Name)
	}
	if !cmp.Equal(names, []string{"green-tea", "rebar"}) {
		t.Fatalf("sets = %v", names)
	}
	tea, ok := IndicatorSet("green-tea")
	if !ok {
		t.Fatal("no green-tea set")
	}
	var inds []map[string]any
	if err := jsonUnmarshal(tea.Indicators, &inds); err != nil {
		t.Fatal(err)
	}
	byCode := map[string]map[string]any{}
	for _, ind := range inds {
		byCode[ind["code"].(string)] = ind
	}
	claim, _ := byCode["selenium"]["claim"].(map[string]any)
	if claim["label"] != "富硒" || claim["min"] != 0.25 || claim["standard"] != "GH/T 1090-2014" {
		t.Errorf("selenium claim = %v", claim)
	}
	if !strings.Contains(byCode["moisture"]["note"].(string), "未核实") || byCode["bifenthrin"]["lod"] != 0.005 {
		t.Errorf("moisture note or bifenthrin lod: %v / %v", byCode["moisture"], byCode["bifenthrin"])
	}
	if _, ok := IndicatorSet("coffee"); ok {
		t.Error("an unknown set was found")
	}
}

// TestDesignTemplates: every template — blank or from a set, in either
// language — reads back as a valid design whose indicators are the set's.
func TestDesignTemplates(t *testing.T) {
	sets := append([]*Set{nil}, IndicatorSets()...)
	for _, set := range sets {
		for _, lang := range i18n.Langs {
			name := "blank"
			if set != nil {
				name = set.Name
			}
			t.Run(name+"/"+string(lang), func(t *testing.T) {
				var buf bytes.Buffer
				if err := WriteDesignTemplate(&buf, set, lang); err != nil {
					t.Fatal(err)
				}
				out, err := ReadDesignWorkbook(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{})
				if err != nil {
					t.Fatalf("the template does not read as a design: %v", err)
				}
				doc := canonical(t, out).(map[string]any)
				if set != nil {
					if diff := cmp.Diff(canonical(t, set.Indicators), doc["indicators"]); diff != "" {
						t.Errorf("indicators differ from the set's:\n%s", diff)
					}
				} else if n := len(doc["indicators"].([]any)); n != 1 {
					t.Errorf("a blank template has %d example indicators", n)
				}
				f, err := excelize.OpenReader(&buf)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				study := f.GetSheetList()[0]
				rows, _ := f.GetRows(study)
				if len(rows) != len(studySheet.fields)+1 || len(rows[0]) != 3 || rows[1][2] == "" {
					t.Errorf("the study sheet should list every item with a hint: %q", rows[:2])
				}
				notes, _ := f.GetRows(f.GetSheetList()[4])
				if len(notes) < 5 {
					t.Errorf("notes = %q", notes)
				}
			})
		}
	}
}

func TestLoadIndicatorSets(t *testing.T) {
	dir := t.TempDir()
	rebar, _ := IndicatorSet("rebar")
	var buf bytes.Buffer
	if err := WriteDesignTemplate(&buf, rebar, i18n.ZH); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rebar.xlsx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// A set of indicators only, in English.
	own := book{{"Indicators", [][]any{{"code", "name", "unit", "direction", "method"},
		{"hardness", "硬度", "HB", "higher", "GB/T 231.1-2018"}}}}
	if err := os.WriteFile(filepath.Join(dir, "steel-2026.xlsx"), own.bytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	sets, err := LoadIndicatorSets(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0].Name != "rebar" || sets[1].Name != "steel-2026" {
		t.Fatalf("sets = %v", sets)
	}
	if diff := cmp.Diff(canonical(t, rebar.Indicators), canonical(t, sets[0].Indicators)); diff != "" {
		t.Errorf("the bureau's rebar differs:\n%s", diff)
	}
	if got, _ := FindIndicatorSet("rebar", sets); got != sets[0] {
		t.Error("a bureau's set does not take precedence over the shipped one")
	}
	if got, _ := FindIndicatorSet("green-tea", sets); got == nil || got.Origin != "embedded" {
		t.Error("the shipped set is not found beside the bureau's")
	}
	if _, err := LoadIndicatorSets(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory gave no error")
	}
	// A broken set names its file, sheet, row and column.
	bad := book{{"指标", [][]any{{"代码", "名称", "单位", "方向", "检测方法"}, {"x", "X", "%", "越高", "M"}}}}
	if err := os.WriteFile(filepath.Join(dir, "bad.xlsx"), bad.bytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadIndicatorSets(dir)
	var p *Problems
	if !errors.As(err, &p) || !strings.Contains(err.Error(), "bad.xlsx") || p.List[0].Letter != "D" || p.List[0].Row != 2 {
		t.Fatalf("err = %v", err)
	}
}
