package model

import (
	"fmt"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// IndicatorResults are one indicator's section of the results chapter:
// its facts, the statistics of every region and the comparisons of the
// focal region with every reference.
type IndicatorResults struct {
	Indicator string
	// Heading is "硒（selenium）".
	Heading string
	// Facts are unit, direction, limit and method, label and value.
	Facts []Fact
	// Analysed is false when the profile has no entry for the indicator
	// (no results); NotAnalysed is said instead of the tables.
	Analysed    bool
	NotAnalysed i18n.Message
	Stats       StatsTable
	Comparisons ComparisonTable
	// Note is said under the tables; zero when there is none.
	Note i18n.Message
}

// Fact is one labelled fact of an indicator.
type Fact struct{ Label, Value string }

// Cell is one figure of a table, formatted per shared/METHOD.md §6. The
// censored-data revision sets Censored on a value that is not a
// measurement (a region never detected), whose Text then says so
// ("未检出（< L）").
type Cell struct {
	Text string
	// Value is the number behind Text; nil when undefined or not a number.
	Value    *float64
	Censored bool
	// Role colours the text: RoleText, or a verdict's colour.
	Role Role
}

// StatsTable holds the statistics of every region (focal first) and of
// the pooled references (last).
type StatsTable struct {
	Caption i18n.Message
	Rows    []StatsRow
}

// StatsRow is one region's summary.
type StatsRow struct {
	// Region is a region code or benchmark.PooledReference.
	Region string
	Label  string
	Focal  bool
	N      int
	// Mean, Median, Min and Max have the indicator's decimals, SD one
	// more.
	Mean, SD, Median, Min, Max Cell
	Detected                   int
	// Compliant is the number of compliant samples; Missing when the
	// indicator has no limit.
	Compliant Cell
}

// ComparisonTable compares the focal region with each reference, in the
// profile's order (pooled first).
type ComparisonTable struct {
	Caption i18n.Message
	Rows    []ComparisonRow
}

// ComparisonRow is one comparison.
type ComparisonRow struct {
	Reference string
	Label     string
	// Diff has the indicator's decimals; RelDiff is a percentage; P, Q and
	// PMannWhitney 3 significant figures; HedgesG 2 decimals.
	Diff, RelDiff, P, Q, PMannWhitney, HedgesG Cell
	// Verdict and Compliance are worded and coloured by verdict.
	Verdict, Compliance Cell
}

func (m *Report) results() []IndicatorResults {
	d := m.in.Design
	out := make([]IndicatorResults, 0, len(d.Indicators))
	for i := range d.Indicators {
		out = append(out, m.indicatorResults(&d.Indicators[i]))
	}
	return out
}

func (m *Report) indicatorResults(ind *benchmark.Indicator) IndicatorResults {
	name := m.IndicatorName(ind.Code)
	heading := ind.Code
	if name != ind.Code {
		heading = m.p.Sprintf("report.name_with_code", name, ind.Code)
	}
	res := IndicatorResults{
		Indicator: ind.Code,
		Heading:   heading,
		Facts: []Fact{
			{m.p.Sprintf("report.column.unit"), ind.Unit},
			{m.p.Sprintf("report.column.direction"), m.DirectionText(ind)},
			{m.p.Sprintf("report.column.limit"), LimitText(ind.LimitMin, ind.LimitMax)},
			{m.p.Sprintf("report.column.method"), ind.Method},
		},
		NotAnalysed: i18n.M("report.results.not_analysed"),
	}
	ip := m.profiles[ind.Code]
	if ip == nil {
		return res
	}
	res.Analysed = true
	dec := ind.DecimalsOrDefault()
	res.Stats.Caption = i18n.M("report.caption.region_stats", name, ind.Unit)
	row := func(code, label string, focal bool, s benchmark.Summary) StatsRow {
		compliant := Cell{Text: Missing, Role: RoleText}
		if s.Compliant != nil {
			compliant.Text = fmt.Sprint(*s.Compliant)
			c := float64(*s.Compliant)
			compliant.Value = &c
		}
		return StatsRow{Region: code, Label: label, Focal: focal, N: s.N,
			Mean: valueCell(s.Mean, dec), SD: valueCell(s.SD, dec+1), Median: valueCell(s.Median, dec),
			Min: valueCell(s.Min, dec), Max: valueCell(s.Max, dec), Detected: s.Detected, Compliant: compliant}
	}
	for _, reg := range m.Regions {
		res.Stats.Rows = append(res.Stats.Rows, row(reg.Code, reg.Label, reg.Focal, ip.Regions[reg.Code]))
	}
	res.Stats.Rows = append(res.Stats.Rows, row(benchmark.PooledReference, m.RegionName(benchmark.PooledReference), false, ip.Pooled))

	res.Comparisons.Caption = i18n.M("report.caption.comparisons", name, m.FocalProduct())
	for _, c := range ip.Comparisons {
		res.Comparisons.Rows = append(res.Comparisons.Rows, ComparisonRow{
			Reference:    c.Reference,
			Label:        m.RegionName(c.Reference),
			Diff:         Cell{Text: FormatSigned(c.Diff, dec), Value: c.Diff},
			RelDiff:      Cell{Text: FormatPercent(c.RelDiff), Value: c.RelDiff},
			P:            Cell{Text: FormatP(c.P), Value: c.P},
			Q:            Cell{Text: FormatP(c.Q), Value: c.Q},
			PMannWhitney: Cell{Text: FormatP(c.PMannWhitney), Value: c.PMannWhitney},
			HedgesG:      Cell{Text: FormatEffect(c.HedgesG), Value: c.HedgesG},
			Verdict:      Cell{Text: m.VerdictWord(c.Verdict), Role: VerdictTextRole(c.Verdict)},
			Compliance:   Cell{Text: m.ComplianceWord(c.Compliance), Role: VerdictTextRole(c.Compliance)},
		})
	}
	if ind.Direction == benchmark.DirectionRange {
		res.Note = i18n.M("report.results.range_note")
	}
	return res
}

func valueCell(v *float64, decimals int) Cell {
	return Cell{Text: FormatValue(v, decimals), Value: v}
}

// VerdictTextRole colours a verdict written in a table: advantage blue,
// shortfall vermillion, insufficient data and "no compliance verdict"
// muted, the rest as text.
func VerdictTextRole(v string) Role {
	switch v {
	case benchmark.VerdictAdvantage:
		return RoleAdvantage
	case benchmark.VerdictShortfall:
		return RoleShortfall
	case benchmark.VerdictInsufficient, benchmark.ComplianceNone:
		return RoleMuted
	}
	return RoleText
}

// VerdictWord is a verdict in the model's language; an unknown one as
// given.
func (m *Report) VerdictWord(v string) string {
	if key := "report.verdict." + v; m.p.Has(key) {
		return m.p.Sprintf(key)
	}
	return v
}

// ComplianceWord is a compliance verdict in the model's language: equal
// rates are "合格率相同", not a verdict word of the significance tests.
func (m *Report) ComplianceWord(v string) string {
	if key := "report.compliance." + v; m.p.Has(key) {
		return m.p.Sprintf(key)
	}
	return m.VerdictWord(v)
}

// DirectionText is the direction in words; for a range indicator with
// its target interval.
func (m *Report) DirectionText(ind *benchmark.Indicator) string {
	s := ind.Direction
	if key := "report.direction." + ind.Direction; m.p.Has(key) {
		s = m.p.Sprintf(key)
	}
	if ind.Direction == benchmark.DirectionRange && ind.TargetMin != nil && ind.TargetMax != nil {
		s += " " + FormatLimit(*ind.TargetMin) + "–" + FormatLimit(*ind.TargetMax)
	}
	return s
}

// LimitText is "≥ 34", "≤ 5", "0.25–4" or Missing.
func LimitText(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return FormatLimit(*lo) + "–" + FormatLimit(*hi)
	case lo != nil:
		return "≥ " + FormatLimit(*lo)
	case hi != nil:
		return "≤ " + FormatLimit(*hi)
	}
	return Missing
}
