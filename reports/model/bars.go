package model

import (
	"cmp"
	"math"
	"slices"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// BarChart is the diverging bar chart: per directional indicator, the
// focal region's difference from the pooled references, sign-adjusted so
// that right (positive) is always favourable. Bars are coloured by
// verdict.
type BarChart struct {
	// Bars, most favourable first; bars without a value come last, in
	// design order. Empty when the study has no directional indicator.
	Bars []Bar
	// Axis is symmetric around 0 in the unit of the bars' Source (a
	// fraction for relative differences); Axis.Max is where long bars are
	// cut (see Bar.Clipped).
	Axis   Axis
	Legend []LegendEntry
	// WorseLabel and BetterLabel name the two sides of the axis.
	WorseLabel, BetterLabel string
	Intro, Caption          i18n.Message
	// Empty is said instead of the chart when there are no bars.
	Empty i18n.Message
	// Ranked are the censored indicators (a non-detect on either side),
	// drawn in a panel of their own by the rank-biserial correlation
	// (-1 to 1, direction-adjusted): a relative difference of means of
	// substituted values would be invented. Empty when there are none.
	Ranked        []Bar
	RankedAxis    Axis
	RankedIntro   i18n.Message
	RankedCaption i18n.Message
}

// ValueSource says what a bar's value is, and so which axis it belongs
// on. Today every bar is a relative difference; the censored-data
// revision draws censored indicators by their rank-biserial correlation,
// in a panel of their own.
type ValueSource string

// The value sources of bars.
const (
	// SourceRelDiff: the relative difference, a fraction printed as a
	// percentage.
	SourceRelDiff ValueSource = "rel_diff"
	// SourceRankBiserial: the rank-biserial correlation in [-1, 1], for
	// censored comparisons (BarChart.Ranked).
	SourceRankBiserial ValueSource = "rank_biserial"
)

// Bar is one indicator's bar.
type Bar struct {
	Indicator string
	Label     string // the indicator's name
	Source    ValueSource
	// Value is the direction-adjusted value (positive = favourable); nil
	// when the comparison has none.
	Value *float64
	// Shown is Value cut to the axis; Clipped is true when it was cut, and
	// the bar is then drawn with a break mark.
	Shown   float64
	Clipped bool
	// ValueLabel prints Value in full ("+45.2%", or "—").
	ValueLabel string
	Verdict    string
	Role       Role
}

func (m *Report) barChart() BarChart {
	d := m.in.Design
	focal := m.RegionName(d.FocalRegion)
	c := BarChart{
		WorseLabel:  m.p.Sprintf("report.charts.bars.worse"),
		BetterLabel: m.p.Sprintf("report.charts.bars.better"),
		Intro:       i18n.M("report.charts.bars.intro", m.FocalProduct()),
		Caption:     i18n.M("report.charts.bars.caption", focal),
		Empty:       i18n.M("report.charts.bars.none"),
	}
	for _, v := range []string{benchmark.VerdictAdvantage, benchmark.VerdictShortfall, benchmark.VerdictParity, benchmark.VerdictInsufficient} {
		c.Legend = append(c.Legend, LegendEntry{Label: m.verdictLabel(v), Mark: MarkSwatch, Role: VerdictRole(v)})
	}
	for i := range d.Indicators {
		ind := &d.Indicators[i]
		sign := benchmark.FavourableSign(ind.Direction)
		ip := m.profiles[ind.Code]
		if sign == 0 || ip == nil {
			continue
		}
		b := Bar{Indicator: ind.Code, Label: m.IndicatorName(ind.Code), Source: SourceRelDiff, Verdict: benchmark.VerdictInsufficient}
		compliance := ""
		for _, cmp := range ip.Comparisons {
			if cmp.Reference != benchmark.PooledReference {
				continue
			}
			b.Verdict, compliance = cmp.Verdict, cmp.Compliance
			if cmp.Censored {
				b.Source = SourceRankBiserial
				if cmp.RankBiserial != nil {
					v := sign * *cmp.RankBiserial
					b.Value = &v
				}
			} else if cmp.RelDiff != nil {
				v := sign * *cmp.RelDiff
				b.Value = &v
			}
		}
		b.Role = VerdictRole(b.Verdict)
		if b.Source == SourceRankBiserial {
			b.ValueLabel = FormatEffect(b.Value)
		} else {
			b.ValueLabel = FormatPercent(b.Value)
		}
		// A compliance shortfall is a shortfall in the chart too, whatever
		// the means say.
		if compliance == benchmark.VerdictShortfall {
			b.Role = RoleShortfall
			b.ValueLabel += m.p.Sprintf("report.charts.bars.less_compliant")
		}
		if b.Source == SourceRankBiserial {
			c.Ranked = append(c.Ranked, b)
		} else {
			c.Bars = append(c.Bars, b)
		}
	}
	c.RankedIntro = i18n.M("report.charts.bars.ranked_intro", m.FocalProduct())
	c.RankedCaption = i18n.M("report.charts.bars.ranked_caption", focal)
	sortBars(c.Ranked)
	c.RankedAxis = Axis{Min: -1, Max: 1}
	for _, v := range []float64{-1, -0.5, 0, 0.5, 1} {
		c.RankedAxis.Ticks = append(c.RankedAxis.Ticks, Tick{Value: v, Label: FormatEffect(&v)})
	}
	for i := range c.Ranked {
		if b := &c.Ranked[i]; b.Value != nil {
			b.Shown = *b.Value
		}
	}
	sortBars(c.Bars)
	if len(c.Bars) == 0 {
		return c
	}
	limit, step := barAxis(c.Bars)
	decimals := max(TickDecimals(step*100), 0)
	c.Axis = Axis{Min: -limit, Max: limit}
	for _, v := range NiceTicks(-limit, limit, int(math.Round(2*limit/step))) {
		c.Axis.Ticks = append(c.Axis.Ticks, Tick{Value: v, Label: FormatPercentTick(v, decimals)})
	}
	for i := range c.Bars {
		if b := &c.Bars[i]; b.Value != nil {
			b.Shown = math.Max(-limit, math.Min(limit, *b.Value))
			b.Clipped = b.Shown != *b.Value
		}
	}
	return c
}

// sortBars puts the most favourable bars first, bars without a value
// last.
func sortBars(bars []Bar) {
	slices.SortStableFunc(bars, func(a, b Bar) int {
		switch {
		case a.Value != nil && b.Value != nil:
			return cmp.Compare(*b.Value, *a.Value)
		case a.Value != nil:
			return -1
		case b.Value != nil:
			return 1
		}
		return 0
	})
}

// barAxis is the half-width of the axis and its tick step. The axis is
// wide enough for most bars, but one extreme value (a reference mean near
// zero gives relative differences of several hundred per cent) must not
// squash the others into slivers: the axis stops at three times the upper
// quartile of the values, and longer bars are cut and marked.
func barAxis(bars []Bar) (limit, step float64) {
	var sizes []float64
	for _, b := range bars {
		if b.Value != nil {
			sizes = append(sizes, math.Abs(*b.Value))
		}
	}
	limit = 0.1
	if len(sizes) > 0 {
		slices.Sort(sizes)
		upperQuartile := sizes[len(sizes)*3/4]
		limit = math.Max(math.Min(sizes[len(sizes)-1], 3*upperQuartile), limit)
	}
	step = NiceStep(2*limit, 6)
	return math.Ceil(limit/step-1e-9) * step, step
}
