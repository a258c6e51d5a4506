package reports

import (
	"fmt"
	"strings"

	"github.com/qbench/qbench/reports/model"
)

// resultsChapter gives, per indicator in design order, the region
// statistics and the comparisons of the focal region with every
// reference (the model's Results).
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
			continue
		}
		r.regionStatsTable(&res.Stats)
		r.comparisonTable(&res.Comparisons)
		if !res.Note.IsZero() {
			r.note(r.say(res.Note))
		}
	}
}

// regionStatsTable: one row per region (focal first) and one for the
// pooled references.
func (r *report) regionStatsTable(st *model.StatsTable) {
	t := r.t
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
	rows := make([]tableRow, 0, len(st.Rows))
	for _, s := range st.Rows {
		rows = append(rows, tableRow{
			cells: []string{s.Label, fmt.Sprint(s.N), s.Mean.Text, s.SD.Text, s.Median.Text,
				s.Min.Text, s.Max.Text, fmt.Sprint(s.Detected), s.Compliant.Text},
			highlight: s.Focal,
		})
	}
	r.table(r.say(st.Caption), cols, rows)
}

// comparisonTable: the focal region against each reference, in the
// profile's order (pooled first).
func (r *report) comparisonTable(ct *model.ComparisonTable) {
	t := r.t
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
	rows := make([]tableRow, 0, len(ct.Rows))
	for _, c := range ct.Rows {
		rows = append(rows, tableRow{
			cells: []string{c.Label, c.Diff.Text, c.RelDiff.Text, c.P.Text, c.Q.Text, c.PMannWhitney.Text,
				c.HedgesG.Text, c.Verdict.Text, c.Compliance.Text},
			tones: []tone{toneNormal, toneNormal, toneNormal, toneNormal, toneNormal, toneNormal, toneNormal,
				roleTone(c.Verdict.Role), roleTone(c.Compliance.Role)},
		})
	}
	r.table(r.say(ct.Caption), cols, rows)
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
