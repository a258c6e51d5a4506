package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

// methodAnnex states the comparison method of shared/METHOD.md in words,
// with the settings this analysis used, so that the report can be read
// and checked without the software.
func (r *report) methodAnnex() {
	t := r.t
	s := r.settings()
	r.annex(t.s("report.chapter.method"))
	r.paragraph(t.s("report.method.intro"))

	r.section(t.s("report.section.settings"), 30)
	facts := methodFacts{
		alpha:      strconv.FormatFloat(s.Alpha, 'g', 10, 64),
		minRelDiff: strconv.FormatFloat(s.MinRelDiff*100, 'g', 10, 64) + "%",
		correction: t.correctionName(s.Correction),
		test:       t.testName(s.Test),
		nd:         t.ndName(s.NDSubstitution),
		focal:      r.regionName(r.design.FocalRegion),
	}
	cols := []column{
		{header: t.s("report.column.setting"), align: alignLeft, wrap: true},
		{header: t.s("report.column.setting_key"), align: alignLeft},
		{header: t.s("report.column.value"), align: alignLeft, wrap: true},
	}
	rows := []tableRow{
		{cells: []string{t.s("report.setting.alpha"), "alpha", facts.alpha}},
		{cells: []string{t.s("report.setting.min_rel_diff"), "min_rel_diff", facts.minRelDiff}},
		{cells: []string{t.s("report.setting.correction"), "correction", facts.correction}},
		{cells: []string{t.s("report.setting.test"), "test", facts.test}},
		{cells: []string{t.s("report.setting.nd"), "nd_substitution", facts.nd}},
	}
	r.table(t.s("report.caption.settings"), cols, rows)

	for _, part := range t.methodStatement(facts) {
		r.section(part.title, 3*lineBody)
		for _, p := range part.paragraphs {
			r.paragraph(p)
		}
	}
}

// sampleListAnnex lists every sample with its origin.
func (r *report) sampleListAnnex() {
	t := r.t
	r.annex(t.s("report.chapter.sample_list"))
	cols := []column{
		{header: t.s("report.column.sample"), align: alignLeft, wrap: true},
		{header: t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: t.s("report.column.enterprise"), align: alignLeft, wrap: true},
		{header: t.s("report.column.grade"), align: alignLeft, wrap: true},
		{header: t.s("report.column.collected_on"), align: alignLeft},
		{header: t.s("report.column.source"), align: alignLeft, wrap: true},
	}
	rows := make([]tableRow, 0, len(r.design.Samples))
	for _, s := range r.design.Samples {
		rows = append(rows, tableRow{
			cells: []string{s.Code, r.regionName(s.Region), r.orNotStated(s.Enterprise),
				r.orNotStated(s.Grade), orMissing(s.CollectedOn), orMissing(s.Source)},
			highlight: s.Region == r.design.FocalRegion,
		})
	}
	r.styledTable(denseTable, t.s("report.caption.sample_list"), cols, rows)
}

// rawDataAnnex lists every result as the lab reported it, ordered by
// sample and indicator as in the design, then by replicate.
func (r *report) rawDataAnnex() {
	t := r.t
	d := r.design
	r.annex(t.s("report.chapter.raw_data"))
	r.paragraph(t.s("report.raw_data.intro", len(r.in.Results)))

	sampleOrder := indexOf(len(d.Samples), func(i int) string { return d.Samples[i].Code })
	indicatorOrder := indexOf(len(d.Indicators), func(i int) string { return d.Indicators[i].Code })
	regionOf := sampleRegion(d)
	results := slices.Clone(r.in.Results)
	slices.SortStableFunc(results, func(a, b benchmark.Result) int {
		return cmp.Or(
			cmp.Compare(rankOf(sampleOrder, a.Sample), rankOf(sampleOrder, b.Sample)),
			cmp.Compare(a.Sample, b.Sample),
			cmp.Compare(rankOf(indicatorOrder, a.Indicator), rankOf(indicatorOrder, b.Indicator)),
			cmp.Compare(a.Indicator, b.Indicator),
			cmp.Compare(a.Replicate, b.Replicate))
	})

	cols := []column{
		{header: t.s("report.column.sample"), align: alignLeft, wrap: true},
		{header: t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: t.s("report.column.indicator"), align: alignLeft, wrap: true},
		{header: t.s("report.column.replicate"), align: alignRight},
		{header: t.s("report.column.reported"), align: alignRight},
		{header: t.s("report.column.unit"), align: alignLeft},
		{header: t.s("report.column.lod"), align: alignRight},
		{header: t.s("report.column.tested_on"), align: alignLeft},
		{header: t.s("report.column.analyst"), align: alignLeft, wrap: true},
	}
	rows := make([]tableRow, 0, len(results))
	for i := range results {
		res := &results[i]
		ind := d.Indicator(res.Indicator)
		lod := res.LOD
		if lod == nil && res.NonDetect && ind != nil {
			lod = ind.LOD
		}
		lodText := model.Missing
		if lod != nil {
			lodText = model.FormatLimit(*lod)
		}
		rows = append(rows, tableRow{
			cells: []string{res.Sample, r.regionName(regionOf[res.Sample]), r.indicatorName(res.Indicator),
				fmt.Sprint(res.Replicate), reportedValue(res), res.Unit, lodText,
				orMissing(res.TestedOn), orMissing(res.Analyst)},
			tones: nonDetectTones(res.NonDetect),
		})
	}
	r.styledTable(denseTable, t.s("report.caption.raw_data"), cols, rows)
}

// reportedValue is the value as the lab wrote it; results built in code
// may lack that text, so it falls back to the parsed value.
func reportedValue(res *benchmark.Result) string {
	switch {
	case res.Reported != "":
		return res.Reported
	case res.NonDetect:
		return "ND"
	case res.Value != nil:
		return strconv.FormatFloat(*res.Value, 'f', -1, 64)
	}
	return model.Missing
}

// nonDetectTones mutes the value cell of a non-detect.
func nonDetectTones(nonDetect bool) []tone {
	if !nonDetect {
		return nil
	}
	return []tone{toneNormal, toneNormal, toneNormal, toneNormal, toneMuted}
}

func orMissing(s string) string {
	if s == "" {
		return model.Missing
	}
	return s
}

// indexOf maps the n keys given by key(i) to their position.
func indexOf(n int, key func(int) string) map[string]int {
	m := make(map[string]int, n)
	for i := range n {
		m[key(i)] = i
	}
	return m
}

// rankOf is the position of key, after every known key when unknown.
func rankOf(order map[string]int, key string) int {
	if i, ok := order[key]; ok {
		return i
	}
	return math.MaxInt
}
