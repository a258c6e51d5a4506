package reports

import (
	"strconv"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

// designChapter describes the study by its four unifications: one
// product, one indicator set, one lab, one method per indicator.
func (r *report) designChapter() {
	d := r.design
	r.chapter(r.t.s("report.chapter.design"))
	r.paragraph(r.t.s("report.design.intro"))

	r.section(r.t.s("report.section.variety"), 2*lineBody)
	r.paragraph(r.t.s("report.design.variety", r.productName(), len(d.Regions), len(d.Samples)))

	r.section(r.t.s("report.section.indicators"), 3*lineBody+tableKeep(len(d.Indicators)))
	counts := map[string]int{}
	limited := 0
	for i := range d.Indicators {
		counts[d.Indicators[i].Direction]++
		if d.Indicators[i].HasLimit() {
			limited++
		}
	}
	r.paragraph(r.t.s("report.design.indicators", len(d.Indicators), counts[benchmark.DirectionHigher],
		counts[benchmark.DirectionLower], counts[benchmark.DirectionRange],
		counts[benchmark.DirectionNone], limited))
	r.indicatorTable()
	indicatorTable := r.t.tableLabel(r.tableNo)

	r.section(r.t.s("report.section.lab"), 2*lineBody)
	labName, accreditation := model.Missing, model.Missing
	if lab := d.Lab; lab != nil {
		labName = r.t.name(lab.Name, lab.NameEn)
		if lab.Accreditation != "" {
			accreditation = lab.Accreditation
		}
	}
	r.paragraph(r.t.s("report.design.lab", labName, accreditation))

	r.section(r.t.s("report.section.methods"), 2*lineBody)
	r.paragraph(r.t.s("report.design.methods", len(model.MethodStandards(d)), indicatorTable))
}

// indicatorTable lists the indicator set with unit, direction, method
// and limits; a weight column appears only when some weight differs from
// the default.
func (r *report) indicatorTable() {
	t := r.t
	weighted := false
	for i := range r.design.Indicators {
		if r.design.Indicators[i].WeightOrDefault() != benchmark.DefaultWeight {
			weighted = true
		}
	}
	// Indicators by name only: codes are the lab's identifiers, English
	// words in a Chinese report.
	cols := []column{
		{header: t.s("report.column.indicator"), align: alignLeft, wrap: true},
		{header: t.s("report.column.unit"), align: alignLeft},
		{header: t.s("report.column.direction"), align: alignLeft, wrap: true},
		{header: t.s("report.column.method"), align: alignLeft, wrap: true},
		{header: t.s("report.column.limit"), align: alignLeft, wrap: true},
		{header: t.s("report.column.standard"), align: alignLeft, wrap: true},
		{header: t.s("report.column.lod"), align: alignRight},
	}
	if weighted {
		cols = append(cols, column{header: t.s("report.column.weight"), align: alignRight})
	}
	rows := make([]tableRow, 0, len(r.design.Indicators))
	for i := range r.design.Indicators {
		ind := &r.design.Indicators[i]
		std, lod := model.Missing, model.Missing
		if ind.Standard != "" && ind.HasLimit() {
			std = ind.Standard
		}
		if ind.LOD != nil {
			lod = model.FormatLimit(*ind.LOD)
		}
		cells := []string{r.indicatorName(ind.Code), r.m.UnitLabel(ind),
			r.m.DirectionText(ind), ind.Method, model.LimitText(ind.LimitMin, ind.LimitMax), std, lod}
		if weighted {
			cells = append(cells, strconv.FormatFloat(ind.WeightOrDefault(), 'f', -1, 64))
		}
		rows = append(rows, tableRow{cells: cells})
	}
	r.table(t.s("report.caption.indicators"), cols, rows)
}
