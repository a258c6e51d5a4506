package model

import (
	"hash/fnv"
	"math"
	"slices"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// DotPlots are the dot plots: for each indicator in the advantage or
// shortfall profile, the sample values of every region side by side, with
// the region mean and the limit (and target) lines, so that readers see
// the spread behind a verdict and how close samples come to a limit.
type DotPlots struct {
	// Plots in design order; empty when both profiles are empty (Empty is
	// said instead).
	Plots []DotPlot
	// Capped is true when only the first MaxDotPlots indicators of the
	// pooled profiles are drawn.
	Capped bool
	Legend []LegendEntry
	// Intro, Caption and Empty are the chart's sentences.
	Intro, Caption, Empty i18n.Message
}

// DotPlot is one indicator's plot.
type DotPlot struct {
	Indicator string
	// Title is the indicator's name with its unit.
	Title string
	// Axis is the value axis, in the indicator's unit.
	Axis Axis
	// Columns are the regions, focal first; the focal column is shaded.
	Columns []DotColumn
	// Lines are the limit and target lines within the axis; OffScale the
	// ones so far from the data that they are only named at the plot's
	// edge (a residue limit of 5 mg/kg over values of 0.01).
	Lines    []RefLine
	OffScale []RefLine
}

// DotColumn is one region's column of a dot plot.
type DotColumn struct {
	Region string
	Label  string // the region's name, without the focal mark
	Focal  bool
	Role   Role
	Dots   []Dot
	// Mean is the region's mean from the profile, drawn as a bar; nil when
	// undefined.
	Mean *float64
}

// Dot is one sample.
type Dot struct {
	Sample string
	// Value is where the dot sits: the sample value of
	// benchmark.SampleValues; a non-detect sits at its limit of detection.
	Value float64
	// NonDetect dots are hollow; LOD is the sample's limit of detection
	// then.
	NonDetect bool
	LOD       *float64
	// Violates is true for a sample that breaks a limit: it is ringed in
	// the shortfall colour, like the 不合格样品 table names it.
	Violates bool
	// Jitter is the horizontal offset within the column, in [-0.5, 0.5)
	// of its half width, fixed per sample so that the same report always
	// looks the same.
	Jitter float64
}

// LineKind says what a reference line marks.
type LineKind string

// The kinds of reference line.
const (
	LineLimit  LineKind = "limit"
	LineTarget LineKind = "target"
	// LineClaim marks the threshold of a claim (富硒 ≥ 0.25 mg/kg).
	LineClaim LineKind = "claim"
)

// RefLine is a horizontal line at a limit or target bound.
type RefLine struct {
	Value float64
	Kind  LineKind
	Role  Role
	// Below is true for an off-scale line under the axis (else above).
	Below bool
	// Label names an off-scale line at the edge ("↑ 5").
	Label string
}

// MaxDotPlots is the most dot plots a report draws.
const MaxDotPlots = 12

func (m *Report) dotPlots() (DotPlots, error) {
	dp := DotPlots{
		Intro:   i18n.M("report.charts.dots.intro"),
		Caption: i18n.M("report.charts.dots.caption"),
		Empty:   i18n.M("report.charts.dots.none"),
		Legend: []LegendEntry{
			{Label: m.p.Sprintf("report.charts.legend.detected"), Mark: MarkDot, Role: RoleMuted},
			{Label: m.p.Sprintf("report.charts.legend.non_detect"), Mark: MarkHollow, Role: RoleMuted},
			{Label: m.p.Sprintf("report.charts.legend.mean"), Mark: MarkLine, Role: RoleText},
			{Label: m.p.Sprintf("report.charts.legend.limit"), Mark: MarkDash, Role: RoleLimit},
			{Label: m.p.Sprintf("report.charts.legend.target"), Mark: MarkDash, Role: RoleTarget},
			{Label: m.p.Sprintf("report.charts.legend.claim"), Mark: MarkDash, Role: RoleAdvantage},
			{Label: m.p.Sprintf("report.charts.legend.violation"), Mark: MarkHollow, Role: RoleShortfall},
		},
	}
	d := m.in.Design
	in := map[string]bool{}
	for _, list := range [][]benchmark.ProfileEntry{m.in.Profile.Advantages, m.in.Profile.Shortfalls} {
		for _, e := range list {
			in[e.Indicator] = true
		}
	}
	var inds []*benchmark.Indicator
	for i := range d.Indicators {
		if in[d.Indicators[i].Code] {
			inds = append(inds, &d.Indicators[i])
		}
	}
	if len(inds) > MaxDotPlots {
		// A large study: the indicators against the pooled references
		// first, and no more plots than a reader looks at.
		pooled := map[string]bool{}
		for _, list := range [][]benchmark.ProfileEntry{m.in.Profile.Advantages, m.in.Profile.Shortfalls} {
			for _, e := range list {
				if e.Reference == benchmark.PooledReference {
					pooled[e.Indicator] = true
				}
			}
		}
		first := slices.DeleteFunc(slices.Clone(inds), func(ind *benchmark.Indicator) bool { return !pooled[ind.Code] })
		inds = first[:min(len(first), MaxDotPlots)]
		dp.Capped = true
	}
	if len(inds) == 0 {
		return dp, nil
	}
	for _, ind := range inds {
		dp.Plots = append(dp.Plots, m.dotPlot(ind, m.values[ind.Code]))
	}
	return dp, nil
}

func (m *Report) dotPlot(ind *benchmark.Indicator, samples []benchmark.SampleValue) DotPlot {
	plot := DotPlot{
		Indicator: ind.Code,
		Title:     m.p.Sprintf("report.name_with_unit", m.IndicatorName(ind.Code), m.UnitLabel(ind)),
	}
	censored := m.Censored(ind.Code)
	ip := m.profiles[ind.Code]
	lo, hi := math.Inf(1), math.Inf(-1)
	extend := func(v float64) { lo, hi = math.Min(lo, v), math.Max(hi, v) }
	for _, reg := range m.Regions {
		col := DotColumn{Region: reg.Code, Label: reg.Name, Focal: reg.Focal, Role: reg.Role}
		for _, s := range samples {
			if s.Region != reg.Code {
				continue
			}
			// A non-detect is drawn hollow at its limit of detection L,
			// never at a substituted value as if it were measured.
			v := s.Value
			if s.NonDetect && s.LOD != nil {
				v = *s.LOD
			}
			col.Dots = append(col.Dots, Dot{Sample: s.Sample, Value: v, NonDetect: s.NonDetect, LOD: s.LOD,
				Violates: ind.HasLimit() && !s.Compliant, Jitter: jitter(s.Sample) - 0.5})
			extend(v)
		}
		// A censored indicator has no mean that is not partly invented:
		// no mean line.
		if ip != nil && !censored {
			col.Mean = ip.Regions[reg.Code].Mean
		}
		plot.Columns = append(plot.Columns, col)
	}

	// Limit lines, and target lines of a range indicator.
	var lines []RefLine
	for _, l := range []*float64{ind.LimitMin, ind.LimitMax} {
		if l != nil {
			lines = append(lines, RefLine{Value: *l, Kind: LineLimit, Role: RoleLimit})
		}
	}
	if c := ind.Claim; c != nil {
		for _, l := range []*float64{c.Min, c.Max} {
			if l != nil {
				lines = append(lines, RefLine{Value: *l, Kind: LineClaim, Role: RoleAdvantage})
			}
		}
	}
	if ind.Direction == benchmark.DirectionRange {
		for _, l := range []*float64{ind.TargetMin, ind.TargetMax} {
			if l != nil {
				lines = append(lines, RefLine{Value: *l, Kind: LineTarget, Role: RoleTarget})
			}
		}
	}
	// The value axis covers the samples and the lines near them; a line
	// far off the data would squash every sample onto the axis.
	for _, l := range lines {
		span := math.Max(hi-lo, math.Abs(hi)*0.1)
		if math.IsInf(lo, 0) || (l.Value >= lo-2*span && l.Value <= hi+2*span) {
			plot.Lines = append(plot.Lines, l)
		} else {
			plot.OffScale = append(plot.OffScale, l)
		}
	}
	for _, l := range plot.Lines {
		extend(l.Value)
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	ticks := NiceTicks(lo, hi, 5)
	decimals := TickDecimals(ticks[1] - ticks[0])
	plot.Axis = Axis{Min: ticks[0], Max: ticks[len(ticks)-1]}
	for _, v := range ticks {
		plot.Axis.Ticks = append(plot.Axis.Ticks, Tick{Value: v, Label: Fixed(v, decimals)})
	}
	for i := range plot.OffScale {
		l := &plot.OffScale[i]
		l.Below = l.Value < plot.Axis.Min
		l.Label = "↑ " + FormatLimit(l.Value)
		if l.Below {
			l.Label = "↓ " + FormatLimit(l.Value)
		}
	}
	return plot
}

// jitter spreads samples horizontally by a fixed amount derived from the
// sample code, in [0, 1): the same report always looks the same.
func jitter(sample string) float64 {
	h := fnv.New32a()
	h.Write([]byte(sample))
	return float64(h.Sum32()) / (1 << 32)
}
