package reports

import (
	"fmt"
	"strings"

	"github.com/qbench/qbench/reports/model"
)

// resultsChapter gives, per indicator in design order, the region
// statistics and the comparisons of the focal region with every
// reference (the model's Results), in figures a reader can check; the
// test statistics are in the statistics annex.
func (r *report) resultsChapter() {
	t := r.t
	s := r.settings()
	r.chapter(t.s("report.chapter.results"))
	r.paragraph(t.s("report.results.intro", r.focalProduct(), t.testName(s.Test), t.correctionName(s.Correction)))
	for _, res := range r.m.Results {
		r.section(res.Heading, 45)
		info := make([]string, len(res.Facts))
		for i, f := range res.Facts {
			info[i] = t.infoItem(f.Label, f.Value)
		}
		r.note(strings.Join(info, t.s("report.info_sep")))
		if !res.Analysed {
			r.paragraph(r.say(res.NotAnalysed))
		} else {
			r.regionStatsTable(&res.Stats, res.Censored)
			r.comparisonTable(&res.Comparisons, res.Censored, res.Stats.HasLimit)
		}
		for _, n := range res.Notes {
			r.note(r.say(n))
		}
	}
}

// regionStatsTable: one row per region (focal first) and one for the
// pooled references. A censored indicator shows detection rates and the
// highest detected value instead of means of substituted values.
func (r *report) regionStatsTable(st *model.StatsTable, censored bool) {
	t := r.t
	cols := []column{
		{header: t.s("report.column.region"), align: alignLeft, wrap: true},
		{header: "n", align: alignRight},
	}
	if censored {
		cols = append(cols,
			column{header: t.s("report.column.detection_rate"), align: alignRight},
			column{header: t.s("report.column.max_detected"), align: alignRight, wrap: true},
			column{header: t.s("report.column.max_to_limit"), align: alignRight},
			column{header: t.s("report.column.mean_bounds"), align: alignRight, wrap: true})
	} else {
		cols = append(cols,
			column{header: t.s("report.column.mean"), align: alignRight},
			column{header: t.s("report.column.sd"), align: alignRight},
			column{header: t.s("report.column.median"), align: alignRight},
			column{header: t.s("report.column.min"), align: alignRight},
			column{header: t.s("report.column.max"), align: alignRight})
	}
	if st.HasLimit {
		cols = append(cols, column{header: t.s("report.column.compliance_rate"), align: alignRight})
	}
	if st.HasClaim {
		cols = append(cols, column{header: t.s("report.column.claim_rate", st.ClaimLabel), align: alignRight})
	}
	rows := make([]tableRow, 0, len(st.Rows))
	for _, s := range st.Rows {
		cells := []model.Cell{{Text: s.Label}, {Text: fmt.Sprint(s.N)}}
		if censored {
			cells = append(cells, s.DetectionRate, s.MaxDetected, s.MaxToLimit, s.Mean)
		} else {
			cells = append(cells, s.Mean, s.SD, s.Median, s.Min, s.Max)
		}
		if st.HasLimit {
			cells = append(cells, s.ComplianceRate)
		}
		if st.HasClaim {
			cells = append(cells, s.ClaimRate)
		}
		rows = append(rows, cellRow(cells, s.Focal))
	}
	r.table(r.say(st.Caption), cols, rows)
}

// cellRow is a table row of model cells, toned by their roles.
func cellRow(cells []model.Cell, highlight bool) tableRow {
	row := tableRow{highlight: highlight}
	for _, c := range cells {
		row.cells = append(row.cells, c.Text)
		row.tones = append(row.tones, roleTone(c.Role))
	}
	return row
}

// comparisonTable: the focal region against each reference, in the
// profile's order (pooled first), in plain figures and words.
func (r *report) comparisonTable(ct *model.ComparisonTable, censored, limited bool) {
	t := r.t
	cols := []column{{header: t.s("report.column.reference"), align: alignLeft, wrap: true}}
	if censored {
		cols = append(cols, column{header: t.s("report.column.ref_detection"), align: alignRight})
	} else {
		cols = append(cols,
			column{header: t.s("report.column.diff"), align: alignRight},
			column{header: t.s("report.column.rel_diff"), align: alignRight})
	}
	cols = append(cols, column{header: t.s("report.column.verdict"), align: alignCenter, wrap: true})
	if limited {
		cols = append(cols, column{header: t.s("report.column.compliance"), align: alignCenter, wrap: true})
	}
	rows := make([]tableRow, 0, len(ct.Rows))
	for _, c := range ct.Rows {
		cells := []model.Cell{{Text: c.Label}}
		if censored {
			cells = append(cells, c.RefDetection)
		} else {
			cells = append(cells, c.Diff, c.RelDiff)
		}
		cells = append(cells, c.Verdict)
		if limited {
			cells = append(cells, c.Compliance)
		}
		rows = append(rows, cellRow(cells, false))
	}
	r.table(r.say(ct.Caption), cols, rows)
}

// statisticsAnnex lists the test statistics, one table per reference.
func (r *report) statisticsAnnex() {
	t := r.t
	r.annex(t.s("report.chapter.statistics"))
	r.paragraph(t.s("report.statistics.intro"))
	cols := []column{
		{header: t.s("report.column.indicator"), align: alignLeft, wrap: true},
		{header: t.s("report.column.rel_diff"), align: alignRight},
		{header: "p", align: alignRight},
		{header: "p(MW)", align: alignRight},
		{header: "q", align: alignRight},
		{header: "g", align: alignRight},
		{header: "r", align: alignRight},
		{header: t.s("report.column.p_detection"), align: alignRight},
		{header: t.s("report.column.verdict"), align: alignCenter, wrap: true},
	}
	for _, st := range r.m.Statistics {
		rows := make([]tableRow, 0, len(st.Rows))
		for _, s := range st.Rows {
			rows = append(rows, cellRow([]model.Cell{{Text: s.Label}, s.RelDiff, s.P, s.PMannWhitney, s.Q,
				s.HedgesG, s.RankBiserial, s.PDetection, s.Verdict}, false))
		}
		r.table(r.say(st.Caption), cols, rows)
	}
}

// roleTone is the table tone of a cell's colour role.
func roleTone(role model.Role) tone {
	switch role {
	case model.RoleAdvantage:
		return toneAdvantage
	case model.RoleShortfall:
		return toneShortfall
	case model.RoleMuted:
		return toneMuted
	}
	return toneNormal
}
