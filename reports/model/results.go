package model

import (
	"fmt"
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// IndicatorResults are one indicator's section of the results chapter:
// its facts, the statistics of every region and the comparisons of the
// focal region with every reference, in plain words and figures; the test
// statistics are in the appendix (Report.Statistics).
type IndicatorResults struct {
	Indicator string
	// Heading is the indicator's name ("硒").
	Heading string
	// Facts are unit, direction, limit with its standard, limit of
	// detection, method and claim, label and value.
	Facts []Fact
	// Analysed is false when the profile has no entry for the indicator
	// (no results); NotAnalysed is said instead of the tables.
	Analysed    bool
	NotAnalysed i18n.Message
	// Censored is true when a sample was not detected: regions are then
	// described by detection rate and highest detected value, and
	// compared by ranks and detection rates.
	Censored    bool
	Stats       StatsTable
	Comparisons ComparisonTable
	// Notes are said under the tables: missing results, comparisons that
	// cannot be judged, how a range indicator is compared.
	Notes []i18n.Message
}

// Fact is one labelled fact of an indicator.
type Fact struct{ Label, Value string }

// Cell is one figure of a table, formatted per docs/method.md §6.
// Censored is set on a value that is not a measurement (a region never
// detected), whose Text then says so ("未检出（< L）").
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
	// HasLimit and HasClaim say whether the compliance and claim columns
	// apply.
	HasLimit, HasClaim bool
	// ClaimLabel is the claim's label (富硒) for the claim rate column.
	ClaimLabel string
}

// StatsRow is one region's summary.
type StatsRow struct {
	// Region is a region code or benchmark.PooledReference.
	Region string
	Label  string
	Focal  bool
	N      int
	// Mean, Median, Min and Max have the indicator's decimals, SD one
	// more; for a censored indicator Mean is the range mean_lb–mean_ub and
	// the others are not shown.
	Mean, SD, Median, Min, Max Cell
	Detected                   int
	// DetectionRate is "d/n（%）"; MaxDetected the highest detected value,
	// or 未检出（< L）; MaxToLimit the highest detected value as a multiple
	// of the upper limit, as a percentage.
	DetectionRate, MaxDetected, MaxToLimit Cell
	// Compliant is the number of compliant samples; ComplianceRate the
	// rate; ClaimRate the rate of samples meeting the claim. Missing when
	// the indicator has no limit (claim).
	Compliant, ComplianceRate, ClaimRate Cell
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
	// PMannWhitney 3 significant figures; HedgesG and RankBiserial 2
	// decimals. The body shows Diff and RelDiff (or, censored, the
	// detection rates); the appendix the rest.
	Diff, RelDiff, P, Q, PMannWhitney, HedgesG, RankBiserial, PDetection Cell
	// RefDetection is the reference's detection rate (censored only).
	RefDetection Cell
	// Verdict, Compliance and Claim are worded and coloured by verdict.
	Verdict, Compliance, Claim Cell
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
	limit := LimitText(ind.LimitMin, ind.LimitMax)
	if ind.Standard != "" && limit != Missing {
		limit = m.p.Sprintf("report.with_standard", limit+" "+m.UnitLabel(ind), ind.Standard)
	}
	res := IndicatorResults{
		Indicator: ind.Code,
		Heading:   name,
		Facts: []Fact{
			{m.p.Sprintf("report.column.unit"), m.UnitLabel(ind)},
			{m.p.Sprintf("report.column.direction"), m.DirectionText(ind)},
			{m.p.Sprintf("report.column.limit"), limit},
		},
		NotAnalysed: i18n.M("report.results.not_analysed"),
	}
	if ind.LOD != nil {
		res.Facts = append(res.Facts, Fact{m.p.Sprintf("report.column.lod"), FormatLimit(*ind.LOD) + " " + m.UnitLabel(ind)})
	}
	res.Facts = append(res.Facts, Fact{m.p.Sprintf("report.column.method"), ind.Method})
	if ind.Claim != nil {
		res.Facts = append(res.Facts, Fact{m.p.Sprintf("report.column.claim"), m.ClaimText(ind)})
	}
	if missing := m.missingSamples(ind.Code); len(missing) > 0 {
		res.Notes = append(res.Notes, m.missingNote(missing))
	}
	ip := m.profiles[ind.Code]
	if ip == nil {
		return res
	}
	res.Analysed = true
	res.Censored = m.Censored(ind.Code)
	dec := ind.DecimalsOrDefault()
	res.Stats.Caption = i18n.M("report.caption.region_stats", name, m.UnitLabel(ind))
	res.Stats.HasLimit = ind.LimitMin != nil || ind.LimitMax != nil
	res.Stats.HasClaim = ind.Claim != nil
	if ind.Claim != nil {
		res.Stats.ClaimLabel = m.Name(ind.Claim.Label, ind.Claim.LabelEn)
	}
	row := func(code, label string, focal bool, s benchmark.Summary) StatsRow {
		r := StatsRow{Region: code, Label: label, Focal: focal, N: s.N,
			Mean: valueCell(s.Mean, dec), SD: valueCell(s.SD, dec+1), Median: valueCell(s.Median, dec),
			Min: valueCell(s.Min, dec), Max: valueCell(s.Max, dec), Detected: s.Detected,
			Compliant: Cell{Text: Missing}, ComplianceRate: Cell{Text: Missing}, ClaimRate: Cell{Text: Missing},
			MaxToLimit: Cell{Text: Missing}}
		if s.Compliant != nil {
			c := float64(*s.Compliant)
			r.Compliant = Cell{Text: fmt.Sprint(*s.Compliant), Value: &c}
			r.ComplianceRate = Cell{Text: m.p.Sprintf("report.rate_of", *s.Compliant, s.N, FormatRate(*s.Compliant, s.N))}
			if *s.Compliant < s.N {
				r.ComplianceRate.Role = RoleShortfall
			}
		}
		if s.ClaimMet != nil {
			r.ClaimRate = Cell{Text: m.p.Sprintf("report.rate_of", *s.ClaimMet, s.N, FormatRate(*s.ClaimMet, s.N))}
		}
		det := m.detection(ind.Code, code)
		r.DetectionRate = Cell{Text: m.DetectionRate(det)}
		if res.Censored {
			r.Mean = Cell{Text: MeanBounds(s, dec)}
		}
		switch {
		case det.MaxDetected != nil:
			r.MaxDetected = valueCell(det.MaxDetected, dec)
			if ind.LimitMax != nil && *ind.LimitMax > 0 {
				ratio := *det.MaxDetected / *ind.LimitMax
				r.MaxToLimit = Cell{Text: FormatShare(ratio), Value: &ratio}
				if ratio > 1 {
					r.MaxToLimit.Role = RoleShortfall
					r.MaxDetected.Role = RoleShortfall
				}
			}
		case det.N > 0:
			r.MaxDetected = Cell{Text: m.NotDetected(det.LOD), Censored: true}
			if res.Censored {
				r.Mean = Cell{Text: m.NotDetected(det.LOD), Censored: true}
			}
		default:
			r.MaxDetected = Cell{Text: Missing}
		}
		return r
	}
	for _, reg := range m.Regions {
		res.Stats.Rows = append(res.Stats.Rows, row(reg.Code, reg.Label, reg.Focal, ip.Regions[reg.Code]))
	}
	res.Stats.Rows = append(res.Stats.Rows, row(benchmark.PooledReference, m.RegionName(benchmark.PooledReference), false, ip.Pooled))

	res.Comparisons.Caption = i18n.M("report.caption.comparisons", name, m.FocalProduct())
	insufficient := false
	for _, c := range ip.Comparisons {
		row := m.comparisonRow(ind, c)
		if c.Censored {
			row.RefDetection = Cell{Text: m.DetectionRate(m.detection(ind.Code, c.Reference))}
		}
		res.Comparisons.Rows = append(res.Comparisons.Rows, row)
		insufficient = insufficient || c.Verdict == benchmark.VerdictInsufficient
	}
	if res.Censored {
		res.Notes = append(res.Notes, i18n.M("report.results.censored_note"))
	}
	if insufficient {
		res.Notes = append(res.Notes, i18n.M("report.results.insufficient_note"))
	}
	if ind.Direction == benchmark.DirectionRange {
		res.Notes = append(res.Notes, i18n.M("report.results.range_note"))
	}
	return res
}

// comparisonRow words one comparison.
func (m *Report) comparisonRow(ind *benchmark.Indicator, c benchmark.Comparison) ComparisonRow {
	dec := ind.DecimalsOrDefault()
	return ComparisonRow{
		Reference:    c.Reference,
		Label:        m.RegionName(c.Reference),
		Diff:         Cell{Text: FormatSigned(c.Diff, dec), Value: c.Diff},
		RelDiff:      Cell{Text: FormatPercent(c.RelDiff), Value: c.RelDiff},
		P:            Cell{Text: FormatP(c.P), Value: c.P},
		Q:            Cell{Text: FormatP(c.Q), Value: c.Q},
		PMannWhitney: Cell{Text: FormatP(c.PMannWhitney), Value: c.PMannWhitney},
		PDetection:   Cell{Text: FormatP(c.PDetection), Value: c.PDetection},
		HedgesG:      Cell{Text: FormatEffect(c.HedgesG), Value: c.HedgesG},
		RankBiserial: Cell{Text: FormatEffect(c.RankBiserial), Value: c.RankBiserial},
		Verdict:      Cell{Text: m.ComparisonVerdict(c), Role: VerdictTextRole(c.Verdict)},
		Compliance:   Cell{Text: m.ComplianceWord(c.Compliance), Role: VerdictTextRole(c.Compliance)},
		Claim:        Cell{Text: m.ComplianceWord(c.Claim), Role: VerdictTextRole(c.Claim)},
	}
}

// missingNote says which samples have no result for an indicator.
func (m *Report) missingNote(samples []string) i18n.Message {
	shown := samples
	if len(shown) > 10 {
		shown = shown[:10]
	}
	list := strings.Join(shown, m.p.Sprintf("report.list_sep"))
	if len(samples) > len(shown) {
		list = m.p.Sprintf("report.and_more", list, len(samples)-len(shown))
	}
	return i18n.M("report.results.missing_note", len(samples), list)
}

// ComparisonVerdict words a comparison's verdict in plain words: a
// difference that is significant but smaller than min_rel_diff is "差异
// 较小（< 5%）", not "no significant difference".
func (m *Report) ComparisonVerdict(c benchmark.Comparison) string {
	if c.Verdict == benchmark.VerdictParity && c.Significant != nil && *c.Significant {
		return m.p.Sprintf("report.verdict.small", FormatLimit(100*m.Settings().MinRelDiff))
	}
	return m.VerdictWord(c.Verdict)
}

// MeanBounds is "mean_lb–mean_ub", the one mean a censored indicator
// has; Missing when the profile has neither.
func MeanBounds(s benchmark.Summary, decimals int) string {
	if s.MeanLB == nil && s.MeanUB == nil {
		return Missing
	}
	return FormatValue(s.MeanLB, decimals) + "–" + FormatValue(s.MeanUB, decimals)
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
