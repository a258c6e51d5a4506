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
	r.chapter(t.s("report.chapter.results"))
	r.paragraph(t.s("report.results.intro", r.focalProduct()))
	if r.compact() {
		r.compactResults()
		return
	}
	for _, res := range r.m.Results {
		r.section(res.Heading, 2*lineBody+tableKeep(len(res.Stats.Rows)))
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

// compact reports whether the study is too large for a section per
// indicator (a 100-indicator, 10-region study would take some 80 pages):
// its results are then tables with a row per indicator.
func (r *report) compact() bool { return len(r.design.Indicators)*len(r.design.Regions) > 300 }

// compactResults gives the results of a large study as two tables with
// one row per indicator — the focal region against the pooled references,
// and the verdict against every reference region — and the notes of the
// indicators that have any.
func (r *report) compactResults() {
	t := r.t
	r.section(t.s("report.section.results_pooled"), 30)
	cols := []column{
		{header: t.s("report.column.indicator"), align: alignLeft, wrap: true},
		{header: t.s("report.column.unit"), align: alignLeft},
		{header: r.regionName(r.design.FocalRegion), align: alignRight, wrap: true},
		{header: r.regionName("pooled"), align: alignRight, wrap: true},
		{header: t.s("report.column.rel_diff"), align: alignRight},
		{header: t.s("report.column.verdict"), align: alignCenter, wrap: true},
		{header: t.s("report.column.compliance_rate"), align: alignRight, wrap: true},
	}
	var rows []tableRow
	for i := range r.m.Results {
		res := &r.m.Results[i]
		ind := r.design.Indicator(res.Indicator)
		cells := []model.Cell{{Text: res.Heading}, {Text: r.m.UnitLabel(ind)}}
		if !res.Analysed || len(res.Stats.Rows) == 0 {
			cells = append(cells, model.Cell{Text: model.Missing}, model.Cell{Text: model.Missing},
				model.Cell{Text: model.Missing}, model.Cell{Text: r.say(res.NotAnalysed)}, model.Cell{Text: model.Missing})
			rows = append(rows, cellRow(cells, false))
			continue
		}
		focal, pooled := res.Stats.Rows[0], res.Stats.Rows[len(res.Stats.Rows)-1]
		if res.Censored {
			cells = append(cells, focal.DetectionRate, pooled.DetectionRate)
		} else {
			cells = append(cells, focal.Mean, pooled.Mean)
		}
		cmpRow := model.ComparisonRow{RelDiff: model.Cell{Text: model.Missing}, Verdict: model.Cell{Text: model.Missing}}
		if len(res.Comparisons.Rows) > 0 {
			cmpRow = res.Comparisons.Rows[0]
		}
		rate := model.Cell{Text: model.Missing}
		if res.Stats.HasLimit {
			rate = model.Cell{Text: focal.ComplianceRate.Text + " / " + pooled.ComplianceRate.Text, Role: focal.ComplianceRate.Role}
		}
		cells = append(cells, cmpRow.RelDiff, cmpRow.Verdict, rate)
		rows = append(rows, cellRow(cells, false))
	}
	r.note(t.s("report.results.compact_note"))
	r.table(t.s("report.caption.results_pooled", r.focalProduct()), cols, rows)

	refs := r.referenceCodes()
	if len(refs) > 1 {
		r.section(t.s("report.section.results_regions"), 30)
		cols := []column{{header: t.s("report.column.indicator"), align: alignLeft, wrap: true}}
		for _, code := range refs {
			cols = append(cols, column{header: r.regionName(code), align: alignCenter, wrap: true})
		}
		rows = rows[:0]
		for i := range r.m.Results {
			res := &r.m.Results[i]
			cells := []model.Cell{{Text: res.Heading}}
			for _, code := range refs {
				c := model.Cell{Text: model.Missing}
				for _, row := range res.Comparisons.Rows {
					if row.Reference == code {
						c = row.Verdict
					}
				}
				cells = append(cells, c)
			}
			rows = append(rows, cellRow(cells, false))
		}
		r.table(t.s("report.caption.results_regions", r.focalProduct()), cols, rows)
	}

	var notes []string
	for i := range r.m.Results {
		res := &r.m.Results[i]
		for _, n := range res.Notes {
			if n.Key == "report.results.missing_note" || n.Key == "report.results.insufficient_note" {
				notes = append(notes, t.infoItem(res.Heading, r.say(n)))
			}
		}
	}
	if len(notes) > 0 {
		r.section(t.s("report.section.results_notes"), 2*lineBody)
		for _, n := range notes {
			r.listItem("•", n)
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
		{header: t.s("report.column.n"), align: alignRight},
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
