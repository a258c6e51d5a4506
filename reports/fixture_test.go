package reports

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/qbench/qbench/benchmark"
)

// loadFixture reads testdata/<dir>/{design,results,profile,findings}.json.
// The small fixture's profile was computed independently with scipy
// (testdata/small/make_fixture.py).
func loadFixture(t testing.TB, dir string) Input {
	t.Helper()
	var in Input
	var results struct {
		Results []benchmark.Result `json:"results"`
	}
	readJSON(t, filepath.Join("testdata", dir, "design.json"), &in.Design)
	readJSON(t, filepath.Join("testdata", dir, "results.json"), &results)
	readJSON(t, filepath.Join("testdata", dir, "profile.json"), &in.Profile)
	readJSON(t, filepath.Join("testdata", dir, "findings.json"), &in.Findings)
	for i := range results.Results {
		if err := parseReported(&results.Results[i]); err != nil {
			t.Fatalf("%s results[%d]: %v", dir, i, err)
		}
	}
	in.Results = results.Results
	in.Date = DateFromData(in.Design, in.Results)
	return in
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// parseReported fills Value, NonDetect and LOD from the reported text as
// the results format defines it: a number, "ND", or "<x".
func parseReported(r *benchmark.Result) error {
	switch {
	case r.Reported == "ND":
		r.NonDetect = true
	case strings.HasPrefix(r.Reported, "<"):
		lod, err := strconv.ParseFloat(r.Reported[1:], 64)
		if err != nil {
			return err
		}
		r.NonDetect, r.LOD = true, &lod
	default:
		v, err := strconv.ParseFloat(r.Reported, 64)
		if err != nil {
			return err
		}
		r.Value = &v
	}
	return nil
}

var (
	syntheticRegions = [][2]string{
		{"巴中", "Bazhong"}, {"雅安", "Ya'an"}, {"乐山", "Leshan"}, {"广元", "Guangyuan"}, {"宜宾", "Yibin"},
		{"达州", "Dazhou"}, {"眉山", "Meishan"}, {"泸州", "Luzhou"}, {"绵阳", "Mianyang"}, {"南充", "Nanchong"},
	}
	syntheticIndicators = []struct {
		name, nameEn, unit, direction string
		mean, sd                      float64
		limitMin, limitMax, lod       float64
	}{
		{"水浸出物", "Water extract", "%", benchmark.DirectionHigher, 39, 1.5, 34, 0, 0},
		{"水分", "Moisture", "%", benchmark.DirectionLower, 6.2, 0.4, 0, 7, 0},
		{"茶多酚", "Tea polyphenols", "%", benchmark.DirectionHigher, 19.8, 1.2, 11, 0, 0},
		{"水溶性灰分碱度", "", "%", benchmark.DirectionRange, 2.3, 0.6, 0, 0, 0},
		{"咖啡碱", "Caffeine", "%", benchmark.DirectionNone, 3.45, 0.15, 0, 0, 0},
		{"铅", "Lead", "mg/kg", benchmark.DirectionLower, 0.5, 0.2, 0, 5, 0.02},
		{"游离氨基酸总量", "Free amino acids", "%", benchmark.DirectionHigher, 3.5, 0.2, 0, 0, 0},
		{"联苯菊酯", "Bifenthrin", "mg/kg", benchmark.DirectionLower, 0.004, 0.004, 0, 5, 0.005},
		{"硒", "Selenium", "mg/kg", benchmark.DirectionHigher, 0.15, 0.05, 0, 0, 0},
		{"粗纤维", "Crude fibre", "%", benchmark.DirectionLower, 12, 1.5, 0, 16.5, 0},
	}
)

// syntheticInput builds a study of nIndicators × nRegions with perRegion
// samples each, one result per sample and indicator, and its profile from
// benchmark.Analyze. It is for load and layout, not a reference analysis.
func syntheticInput(nIndicators, nRegions, perRegion int) Input {
	rng := rand.New(rand.NewPCG(uint64(nIndicators), uint64(nRegions*1000+perRegion)))
	alpha := 0.05
	d := &benchmark.Design{
		Code: fmt.Sprintf("SYN-%dx%d", nIndicators, nRegions), Title: "巴中绿茶质量比对（扩展指标）",
		TitleEn: "Bazhong green tea quality comparison (extended indicator set)", Product: "绿茶", ProductEn: "green tea",
		FocalRegion: "R01",
		Lab:         &benchmark.Lab{Code: "SCTQ", Name: "四川省产品质量监督检验检测院", Accreditation: "CNAS L1234"},
		Settings:    &benchmark.Settings{Alpha: &alpha},
	}
	for i := range nRegions {
		names := syntheticRegions[i%len(syntheticRegions)]
		suffix := ""
		if i >= len(syntheticRegions) {
			suffix = fmt.Sprint(i / len(syntheticRegions))
		}
		d.Regions = append(d.Regions, benchmark.Region{Code: fmt.Sprintf("R%02d", i+1), Name: names[0] + suffix, NameEn: names[1] + suffix})
	}
	for i := range nIndicators {
		base := syntheticIndicators[i%len(syntheticIndicators)]
		round := i / len(syntheticIndicators)
		ind := benchmark.Indicator{
			Code: fmt.Sprintf("ind_%03d", i+1), Name: base.name, NameEn: base.nameEn, Unit: base.unit,
			Direction: base.direction, Method: fmt.Sprintf("GB/T %d-2013", 8300+i),
		}
		if round > 0 {
			ind.Name += fmt.Sprint(round + 1)
			if ind.NameEn != "" {
				ind.NameEn += fmt.Sprint(" ", round+1)
			}
		}
		decimals := 1
		if base.mean < 1 {
			decimals = 3
		}
		ind.Decimals = &decimals
		if base.limitMin > 0 {
			ind.LimitMin = ptr(base.limitMin)
		}
		if base.limitMax > 0 {
			ind.LimitMax = ptr(base.limitMax)
		}
		if base.lod > 0 {
			ind.LOD = ptr(base.lod)
		}
		if base.direction == benchmark.DirectionRange {
			ind.TargetMin, ind.TargetMax = ptr(1.0), ptr(3.0)
		}
		d.Indicators = append(d.Indicators, ind)
	}
	grades := []string{"特级", "一级", "二级"}
	for _, reg := range d.Regions {
		for k := range perRegion {
			d.Samples = append(d.Samples, benchmark.Sample{
				Code: fmt.Sprintf("%s-%02d", reg.Code, k+1), Region: reg.Code,
				Enterprise: fmt.Sprintf("%s茶业有限公司 %d", reg.Name, k%3+1), Grade: grades[k%3],
				CollectedOn: fmt.Sprintf("2016-04-%02d", 1+k%28), Source: "market",
			})
		}
	}
	// Each region shifts each indicator's mean by up to ±1.5 SD.
	shift := make([][]float64, nRegions)
	for r := range shift {
		shift[r] = make([]float64, nIndicators)
		for i := range shift[r] {
			shift[r][i] = (rng.Float64()*2 - 1) * 1.5
		}
	}
	var results []benchmark.Result
	for si, s := range d.Samples {
		r := si / perRegion
		for i := range d.Indicators {
			ind := &d.Indicators[i]
			base := syntheticIndicators[i%len(syntheticIndicators)]
			v := base.mean + base.sd*(shift[r][i]+rng.NormFloat64())
			res := benchmark.Result{Sample: s.Code, Indicator: ind.Code, Replicate: 1, Unit: ind.Unit,
				Method: ind.Method, Lab: "SCTQ", TestedOn: fmt.Sprintf("2016-05-%02d", 1+(si+i)%28), Analyst: "李明"}
			if ind.LOD != nil && v < *ind.LOD {
				res.Reported, res.NonDetect = "ND", true
			} else {
				v = math.Max(v, 0)
				res.Reported = strconv.FormatFloat(v, 'f', *ind.Decimals, 64)
				parsed, _ := strconv.ParseFloat(res.Reported, 64)
				res.Value = &parsed
			}
			results = append(results, res)
		}
	}
	findings := &benchmark.Findings{
		Causes:          []benchmark.Cause{{Indicator: d.Indicators[0].Code, Text: benchmark.Text{ZH: "原因分析示例：产区海拔和加工工艺不同。", EN: "Example cause: altitude and processing differ."}}},
		Conclusions:     []benchmark.Text{{ZH: "结论示例。", EN: "Example conclusion."}},
		Recommendations: []benchmark.Text{{ZH: "建议示例一。", EN: "Example recommendation one."}, benchmark.PlainText("建议示例二。")},
	}
	profile, err := benchmark.Analyze(d, results)
	if err != nil {
		panic(fmt.Sprintf("syntheticInput: %v", err))
	}
	return Input{Design: d, Results: results, Profile: profile, Findings: findings,
		Date: DateFromData(d, results)}
}

func ptr[T any](v T) *T { return &v }
