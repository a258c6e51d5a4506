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
	r.chapter(t.chResults)
	r.paragraph(t.resultsIntro(r.focalProduct(), t.testName(s.Test), t.correctionName(s.Correction)))
	for i := range r.design.Indicators {
		ind := &r.design.Indicators[i]
		r.section(t.nameWithCode(r.indicatorName(ind.Code), ind.Code), 45)
		info := []string{
			t.infoItem(t.colUnit, ind.Unit),
			t.infoItem(t.colDirection, r.directionText(ind)),
			t.infoItem(t.colLimit, limitText(ind.LimitMin, ind.LimitMax)),
			t.infoItem(t.colMethod, ind.Method),
		}
		r.note(strings.Join(info, t.infoSep))
		ip := r.profiles[ind.Code]
		if ip == nil {
			r.paragraph(t.notAnalysed)
			continue
		}
		r.regionStatsTable(ind, ip)
		r.comparisonTable(ind, ip)
		if ind.Direction == benchmark.DirectionRange {
			r.note(t.rangeNote)
		}
	}
}

// regionStatsTable: one row per region (focal first) and one for the
// pooled references, rounded per shared/METHOD.md §6.
func (r *report) regionStatsTable(ind *benchmark.Indicator, ip *benchmark.IndicatorProfile) {
	t := r.t
	dec := ind.DecimalsOrDefault()
	cols := []column{
		{header: t.colRegion, align: alignLeft, wrap: true},
		{header: "n", align: alignRight},
		{header: t.colMean, align: alignRight},
		{header: t.colSD, align: alignRight},
		{header: t.colMedian, align: alignRight},
		{header: t.colMin, align: alignRight},
		{header: t.colMax, align: alignRight},
		{header: t.colDetected, align: alignRight},
		{header: t.colCompliant, align: alignRight},
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
	rows = append(rows, tableRow{cells: row(t.pooled, ip.Pooled)})
	r.table(t.captionRegionStats(r.indicatorName(ind.Code), ind.Unit), cols, rows)
}

// comparisonTable: the focal region against each reference, in the
// profile's order (pooled first).
func (r *report) comparisonTable(ind *benchmark.Indicator, ip *benchmark.IndicatorProfile) {
	t := r.t
	dec := ind.DecimalsOrDefault()
	cols := []column{
		{header: t.colReference, align: alignLeft, wrap: true},
		{header: t.colDiff, align: alignRight},
		{header: t.colRelDiff, align: alignRight},
		{header: "p", align: alignRight},
		{header: "q", align: alignRight},
		{header: "p(MW)", align: alignRight},
		{header: "g", align: alignRight},
		{header: t.colVerdict, align: alignCenter, wrap: true},
		{header: t.colCompliance, align: alignCenter, wrap: true},
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
	r.table(t.captionComparisons(r.indicatorName(ind.Code), r.focalProduct()), cols, rows)
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
