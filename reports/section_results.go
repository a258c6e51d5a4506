package reports

import (
	"fmt"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/reports/model"
)

// resultsChapter gives, per indicator in design order, the region
// statistics and the comparisons of the focal region with every
// reference.
func (r *report) resultsChapter() {
	t := r.t
	s := r.settings()
	r.chapter(t.s("report.chapter.results"))
	r.paragraph(t.s("report.results.intro", r.focalProduct(), t.testName(s.Test), t.correctionName(s.Correction)))
	for i := range r.design.Indicators {
		ind := &r.design.Indicators[i]
		r.section(t.nameWithCode(r.indicatorName(ind.Code), ind.Code), 45)
		info := []string{
			t.infoItem(t.s("report.column.unit"), ind.Unit),
			t.infoItem(t.s("report.column.direction"), r.directionText(ind)),
			t.infoItem(t.s("report.column.limit"), limitText(ind.LimitMin, ind.LimitMax)),
			t.infoItem(t.s("report.column.method"), ind.Method),
		}
		r.note(strings.Join(info, t.s("report.info_sep")))
		ip := r.profiles[ind.Code]
		if ip == nil {
			r.paragraph(t.s("report.results.not_analysed"))
			continue
		}
		r.regionStatsTable(ind, ip)
		r.comparisonTable(ind, ip)
		if ind.Direction == benchmark.DirectionRange {
			r.note(t.s("report.results.range_note"))
		}
	}
}

// regionStatsTable: one row per region (focal first) and one for the
// pooled references, rounded per shared/METHOD.md §6.
func (r *report) regionStatsTable(ind *benchmark.Indicator, ip *benchmark.IndicatorProfile) {
	t := r.t
	dec := ind.DecimalsOrDefault()
	cols := []column{
		{header: t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: "n", align: alignRight},
		{header: t.s("report.column.mean"), align: alignRight},
		{header: t.s("report.column.sd"), align: alignRight},
		{header: t.s("report.column.median"), align: alignRight},
		{header: t.s("report.column.min"), align: alignRight},
		{header: t.s("report.column.max"), align: alignRight},
		{header: t.s("report.column.detected"), align: alignRight},
		{header: t.s("report.column.compliant"), align: alignRight},
	}
	row := func(label string, s benchmark.Summary) []string {
		compliant := model.Missing
		if s.Compliant != nil {
			compliant = fmt.Sprint(*s.Compliant)
		}
		return []string{label, fmt.Sprint(s.N),
			model.FormatValue(s.Mean, dec), model.FormatValue(s.SD, dec+1), model.FormatValue(s.Median, dec),
			model.FormatValue(s.Min, dec), model.FormatValue(s.Max, dec), fmt.Sprint(s.Detected), compliant}
	}
	var rows []tableRow
	for _, code := range r.regionCodesFocalFirst() {
		rows = append(rows, tableRow{
			cells:     row(r.regionLabel(code), ip.Regions[code]),
			highlight: code == r.design.FocalRegion,
		})
	}
	rows = append(rows, tableRow{cells: row(t.s("report.pooled"), ip.Pooled)})
	r.table(t.s("report.caption.region_stats", r.indicatorName(ind.Code), ind.Unit), cols, rows)
}

// comparisonTable: the focal region against each reference, in the
// profile's order (pooled first).
func (r *report) comparisonTable(ind *benchmark.Indicator, ip *benchmark.IndicatorProfile) {
	t := r.t
	dec := ind.DecimalsOrDefault()
	cols := []column{
		{header: t.s("report.column.reference"), align: alignLeft, wrap: true},
		{header: t.s("report.column.diff"), align: alignRight},
		{header: t.s("report.column.rel_diff"), align: alignRight},
		{header: "p", align: alignRight},
		{header: "q", align: alignRight},
		{header: "p(MW)", align: alignRight},
		{header: "g", align: alignRight},
		{header: t.s("report.column.verdict"), align: alignCenter, wrap: true},
		{header: t.s("report.column.compliance"), align: alignCenter, wrap: true},
	}
	var rows []tableRow
	for _, c := range ip.Comparisons {
		rows = append(rows, tableRow{
			cells: []string{r.regionName(c.Reference), model.FormatSigned(c.Diff, dec), model.FormatPercent(c.RelDiff),
				model.FormatP(c.P), model.FormatP(c.Q), model.FormatP(c.PMannWhitney), model.FormatEffect(c.HedgesG),
				t.verdict(c.Verdict), t.verdict(c.Compliance)},
			tones: []tone{toneNormal, toneNormal, toneNormal, toneNormal, toneNormal, toneNormal, toneNormal,
				verdictTone(c.Verdict), verdictTone(c.Compliance)},
		})
	}
	r.table(t.s("report.caption.comparisons", r.indicatorName(ind.Code), r.focalProduct()), cols, rows)
}

// verdictTone colours a verdict: advantage blue, shortfall vermillion,
// insufficient data muted.
func verdictTone(v string) tone {
	switch v {
	case benchmark.VerdictAdvantage:
		return toneAdvantage
	case benchmark.VerdictShortfall:
		return toneShortfall
	case benchmark.VerdictInsufficient, benchmark.ComplianceNone:
		return toneMuted
	}
	return toneNormal
}
