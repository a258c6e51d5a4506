package reports

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/lab"
	"github.com/qbench/qbench/reports/model"
)

// teaRound reads a round of the reference follow-up pair (the study the
// independent implementation compared) through lab, as an upload would.
func teaRound(t *testing.T, dir string) (*benchmark.Design, []benchmark.Result) {
	t.Helper()
	dir = filepath.Join("..", "benchmark", "testdata", "reference", "followup-tea", dir)
	b, err := os.ReadFile(filepath.Join(dir, "design.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := benchmark.ParseDesign(b)
	if err != nil {
		t.Fatal(err)
	}
	d.Round = map[string]string{"BZ-GT-2016": "2016", "BZ-GT-2017": "2017"}[d.Code]
	f, err := os.Open(filepath.Join(dir, "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, err := lab.Parse(f, lab.CSV)
	if err != nil {
		t.Fatal(err)
	}
	results, err := lab.Check(d, table, lab.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d, results
}

// TestFollowUpChapter renders the second round's report with its
// predecessor and reads the chapter as a reader does: the shortfalls
// closed, persisting and new by name, the non-comparable indicator, the
// chart and the table, in both languages; without a predecessor there is
// no such chapter.
func TestFollowUpChapter(t *testing.T) {
	pd, pr := teaRound(t, "prev")
	d, results := teaRound(t, "")
	f, err := benchmark.FollowUp(pd, pr, d, results)
	if err != nil {
		t.Fatal(err)
	}
	prevProfile, err := benchmark.Analyze(pd, pr)
	if err != nil {
		t.Fatal(err)
	}
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Design: d, Results: results, Profile: p,
		FollowUp: &model.FollowUpInput{Report: f, Previous: pd, PreviousProfile: prevProfile}}
	want := map[string][]string{
		"zh": {"与上一轮的跟踪对比", "已消除的短板 1 项（bifenthrin）", "仍然存在的短板 1 项（moisture）", "新出现的短板 1 项（powder）",
			"明显退步的指标 1 项（powder）", "不作跨轮比较：polyphenols", "上一轮（2016）", "对标地区各指标上一轮与本轮的均值"},
		"en": {"Follow-up of the previous round", "closed: 1 (bifenthrin); persisting: 1 (moisture); new: 1 (powder)",
			"clearly improved: 0 (none); clearly worsened: 1 (powder)", "not compared across rounds: polyphenols", "previous round (2016)"},
	}
	for _, lang := range []string{"zh", "en"} {
		text := squeeze(pdftotext(t, writePDF(t, render(t, in, lang), "followup-"+lang+".pdf")))
		for _, w := range want[lang] {
			if !strings.Contains(text, squeeze(w)) {
				t.Errorf("%s report lacks %q", lang, w)
			}
		}
		in2 := in
		in2.FollowUp = nil
		if text := squeeze(pdftotext(t, writePDF(t, render(t, in2, lang), "nofollowup-"+lang+".pdf"))); strings.Contains(text, squeeze(want[lang][0])) {
			t.Errorf("%s report without a predecessor has a follow-up chapter", lang)
		}
	}
}

// TestProgrammeReport renders a summary report in both languages: every
// chapter, the studies, the matrix with its chart, the register with a
// cause, and the follow-up per product; the same input gives the same
// bytes.
func TestProgrammeReport(t *testing.T) {
	n := func(v int) *int { return &v }
	in := model.ProgrammeInput{Code: "SC-2017", Title: "四川省质量对标提升行动", TitleEn: "Sichuan quality benchmarking",
		Description: "22 种产品，4 个行业。",
		Studies: []model.ProgrammeStudy{
			{Code: "BZ-GT-2016", Product: "绿茶", Industry: "轻工", Round: "2016", State: "published", FocalRegion: "BZ",
				Advantages: n(2), Shortfalls: n(2), Violations: n(1), Rank: n(1), Regions: 3},
			{Code: "BZ-GT-2017", Product: "绿茶", Industry: "轻工", Round: "2017", State: "closed", FocalRegion: "BZ",
				Advantages: n(3), Shortfalls: n(2), Violations: n(0), Regions: 3},
			{Code: "SC-RB-2017", Product: "螺纹钢", Industry: "冶金", Round: "2017", State: "open", FocalRegion: "SC", Regions: 4},
		},
		Categories: []string{"", "安全", "理化"},
		Matrix:     []model.MatrixRow{{Product: "绿茶", Study: "BZ-GT-2017", Round: "2017", Counts: []int{0, 0, 2}, Total: 2}},
		Register: []model.RegisterEntry{
			{Product: "绿茶", ProductEn: "Green tea", Indicator: "moisture", IndicatorName: "水分", IndicatorNameEn: "Moisture", Appeared: "2016", Study: "BZ-GT-2016", Status: "persisting",
				Cause: "杀青工艺控制不严", Later: []model.RegisterRound{{Round: "2017", Study: "BZ-GT-2017", Status: "persisting"}}},
			{Product: "绿茶", Indicator: "bifenthrin", IndicatorName: "联苯菊酯", Appeared: "2016", Study: "BZ-GT-2016", Status: "closed",
				Later: []model.RegisterRound{{Round: "2017", Study: "BZ-GT-2017", Status: "closed"}}},
			{Product: "绿茶", Indicator: "powder", IndicatorName: "粉末", Appeared: "2017", Study: "BZ-GT-2017", Status: "open"},
		},
		FollowUps: []model.ProductFollowUp{{Product: "绿茶", FocalRegion: "BZ", Rounds: []model.RoundFollowUp{
			{Study: "BZ-GT-2017", Round: "2017", Predecessor: "BZ-GT-2016", PredecessorRound: "2016", Closed: 1, Persisting: 1, New: 1, Worsened: 1}}}},
	}
	want := map[string][]string{
		"zh": {"四川省质量对标提升行动", "对标项目总报告", "项目研究一览", "短板分布", "短板台账", "逐轮跟踪对比",
			"本报告汇总本项目的 3 项研究，涉及 2 种产品", "新出现 1 项，持续存在 1 项，已消除 1 项", "杀青工艺控制不严",
			"2017（BZ-GT-2017）：持续存在", "各产品最近一轮的短板数", "未分类", "螺纹钢"},
		"en": {"Sichuan quality benchmarking", "Programme summary report", "The studies of the programme", "Where the shortfalls are",
			"Shortfall register", "Round by round", "Shortfalls in the register: 3 — new: 1, persisting: 1, closed: 1", "2017 (BZ-GT-2017): persisting",
			"No category", "Green tea", "Moisture", "Studies in this report: 3; products: 2."},
	}
	date := time.Date(2017, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, lang := range []string{"zh", "en"} {
		var a, b bytes.Buffer
		if err := RenderProgramme(context.Background(), &a, in, lang, date); err != nil {
			t.Fatal(err)
		}
		if err := RenderProgramme(context.Background(), &b, in, lang, date); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: the same input gave different bytes", lang)
		}
		text := squeeze(pdftotext(t, writePDF(t, a.Bytes(), "programme-"+lang+".pdf")))
		for _, w := range want[lang] {
			if !strings.Contains(text, squeeze(w)) {
				t.Errorf("%s programme report lacks %q", lang, w)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := RenderProgramme(ctx, &bytes.Buffer{}, in, "zh", date); err == nil {
		t.Error("a cancelled rendering went on")
	}
	if err := RenderProgramme(context.Background(), &bytes.Buffer{}, in, "fr", date); err == nil {
		t.Error("a report in French")
	}
}
