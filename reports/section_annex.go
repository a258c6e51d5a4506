package reports

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

// methodAnnex states the comparison method of docs/method.md in words,
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

// largeStudy is the number of results above which the raw results and
// the sample list are not printed but given in the XLSX data annex: a
// 100-indicator study of 1,000 samples would otherwise take some 2,000
// pages.
const largeStudy = 5000

// large reports whether the study's raw data go to the data annex only.
func (r *report) large() bool { return len(r.in.Results) > largeStudy || len(r.design.Samples) > 300 }

// dataAnnexNote says where the raw data are: the XLSX data annex and its
// SHA-256, when the caller made one.
func (r *report) dataAnnexNote() {
	if r.in.DataAnnexSHA256 != "" {
		r.paragraph(r.t.s("report.annex.data_file", r.in.DataAnnexSHA256))
	}
}

// sampleListAnnex lists every sample with its sampling record (抽样单):
// enterprise, brand, grade, batch, production date, where and when it was
// sampled.
func (r *report) sampleListAnnex() {
	t := r.t
	r.annex(t.s("report.chapter.sample_list"))
	if r.large() {
		r.paragraph(t.s("report.sample_list.in_annex", len(r.design.Samples)))
		r.dataAnnexNote()
		return
	}
	cols := []column{
		{header: t.s("report.column.sample"), align: alignLeft, wrap: true},
		{header: t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: t.s("report.column.enterprise"), align: alignLeft, wrap: true},
		{header: t.s("report.column.brand"), align: alignLeft, wrap: true},
		{header: t.s("report.column.grade"), align: alignLeft, wrap: true},
		{header: t.s("report.column.batch"), align: alignLeft, wrap: true},
		{header: t.s("report.column.produced_on"), align: alignLeft},
		{header: t.s("report.column.sampled_at"), align: alignLeft, wrap: true},
		{header: t.s("report.column.collected_on"), align: alignLeft},
	}
	rows := make([]tableRow, 0, len(r.design.Samples))
	for _, s := range r.design.Samples {
		rows = append(rows, tableRow{
			cells: []string{s.Code, r.regionName(s.Region), r.orNotStated(s.Enterprise), orMissing(s.Brand),
				r.gradeText(s.Grade), orMissing(s.Batch), orMissing(s.ProducedOn), r.sourceText(s), orMissing(s.CollectedOn)},
			highlight: s.Region == r.design.FocalRegion,
		})
	}
	r.styledTable(denseTable, t.s("report.caption.sample_list"), cols, rows)
}

// sourceText is where a sample was taken: the sampling place, else the
// kind of source in words (market → 市场).
func (r *report) sourceText(s benchmark.Sample) string {
	if s.SampledAt != "" {
		return s.SampledAt
	}
	if s.Source == "" {
		return model.Missing
	}
	return r.t.lookup("report.source.", s.Source)
}

// gridColumns is how many indicators one block of the raw data grid
// shows; wider studies are split into blocks of columns.
const gridColumns = 7

// rawDataAnnex gives every result as the lab reported it, as a sample ×
// indicator grid (split by columns when wide; replicates joined by "/");
// a large study's results are in the XLSX data annex instead.
func (r *report) rawDataAnnex() {
	t := r.t
	d := r.design
	r.annex(t.s("report.chapter.raw_data"))
	if r.large() {
		r.paragraph(t.s("report.raw_data.in_annex", len(r.in.Results)))
		r.dataAnnexNote()
		return
	}
	r.paragraph(t.s("report.raw_data.grid_intro", len(r.in.Results)))
	r.dataAnnexNote()

	type key struct{ sample, indicator string }
	cells := map[key][]*benchmark.Result{}
	for i := range r.in.Results {
		res := &r.in.Results[i]
		k := key{res.Sample, res.Indicator}
		cells[k] = append(cells[k], res)
	}
	for _, list := range cells {
		slices.SortStableFunc(list, func(a, b *benchmark.Result) int { return cmp.Compare(a.Replicate, b.Replicate) })
	}
	for start := 0; start < len(d.Indicators); start += gridColumns {
		inds := d.Indicators[start:min(start+gridColumns, len(d.Indicators))]
		cols := []column{{header: t.s("report.column.sample"), align: alignLeft}}
		for i := range inds {
			cols = append(cols, column{header: t.nameWithUnit(r.indicatorName(inds[i].Code), r.m.UnitLabel(&inds[i])),
				align: alignRight, wrap: true})
		}
		rows := make([]tableRow, 0, len(d.Samples))
		for _, s := range d.Samples {
			row := tableRow{cells: []string{s.Code}, tones: []tone{toneNormal}, highlight: s.Region == d.FocalRegion}
			for i := range inds {
				var parts []string
				nd := false
				for _, res := range cells[key{s.Code, inds[i].Code}] {
					parts = append(parts, r.reportedText(res, &inds[i]))
					nd = nd || res.NonDetect
				}
				text := model.Missing
				if len(parts) > 0 {
					text = strings.Join(parts, "/")
				}
				row.cells = append(row.cells, text)
				row.tones = append(row.tones, nonDetectTone(nd))
			}
			rows = append(rows, row)
		}
		r.styledTable(denseTable, t.s("report.caption.raw_data"), cols, rows)
	}
}

// reportedText is a result as the lab reported it, a non-detect as
// "<L" (never "ND", an English abbreviation, in the Chinese report).
func (r *report) reportedText(res *benchmark.Result, ind *benchmark.Indicator) string {
	if res.NonDetect {
		lod := res.LOD
		if lod == nil {
			lod = ind.LOD
		}
		if lod != nil {
			return "<" + model.FormatLimit(*lod)
		}
		return r.t.s("report.not_detected")
	}
	return reportedValue(res)
}

func nonDetectTone(nd bool) tone {
	if nd {
		return toneMuted
	}
	return toneNormal
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
