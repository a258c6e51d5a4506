package model

import (
	"errors"
	"fmt"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// Input is what a report model is built from. Design and Profile are
// required; Findings may be nil.
type Input struct {
	Design   *benchmark.Design
	Results  []benchmark.Result
	Profile  *benchmark.Profile
	Findings *benchmark.Findings
}

// Report is the model of one report in one language.
type Report struct {
	Lang i18n.Lang
	// Regions are the study's regions, the focal region first, then the
	// references in design order; Region.Role colours them in charts.
	Regions []Region

	// Summary is the summary chapter's narrative.
	Summary Summary

	// Results are the results chapter's sections, one per indicator in
	// design order.
	Results []IndicatorResults

	// Bars is the diverging bar chart of the directional indicators.
	Bars BarChart
	// Radar is the radar of the regions over the directional indicators.
	Radar Radar
	// Dots are the dot plots of the indicators in the advantage and
	// shortfall profiles.
	Dots DotPlots

	// Statistics are the appendix tables of test statistics, one per
	// reference (pooled first); the body refers to them.
	Statistics []StatisticsTable
	// Violations are the samples that break a limit (不合格样品).
	Violations []Violation
	// Claims are the claim rates per indicator with a claim.
	Claims []ClaimRates
	// OneSamplePerRegion is true when no region has 2 samples of any
	// indicator: nothing can be compared or ranked, and the summary says
	// so first.
	OneSamplePerRegion bool

	in Input
	p  *i18n.Printer
	// values are the sample values by indicator code.
	values   map[string][]benchmark.SampleValue
	profiles map[string]*benchmark.IndicatorProfile
}

// Region is a region as charts and tables show it.
type Region struct {
	Code string
	// Name is the region's name in the model's language.
	Name string
	// Label is Name, marked when the region is the focal one.
	Label string
	Focal bool
	Role  Role
}

// New builds the model of in in lang. It fails when the sample values
// cannot be computed (results that benchmark.Analyze would refuse).
func New(in Input, lang i18n.Lang) (*Report, error) {
	if in.Design == nil || in.Profile == nil {
		return nil, errors.New("model: input needs a design and a profile")
	}
	m := &Report{
		Lang:     lang,
		in:       in,
		p:        i18n.For(lang),
		profiles: make(map[string]*benchmark.IndicatorProfile, len(in.Profile.Indicators)),
	}
	for i := range in.Profile.Indicators {
		ip := &in.Profile.Indicators[i]
		m.profiles[ip.Code] = ip
	}
	d := in.Design
	for i, code := range append([]string{d.FocalRegion}, d.References()...) {
		reg := Region{Code: code, Name: m.RegionName(code), Focal: code == d.FocalRegion, Role: RegionRole(i)}
		reg.Label = reg.Name
		if reg.Focal {
			reg.Label += m.p.Sprintf("report.focal_mark")
		}
		m.Regions = append(m.Regions, reg)
	}
	values, err := benchmark.SampleValues(d, in.Results)
	if err != nil {
		return nil, fmt.Errorf("model: sample values: %w", err)
	}
	m.values = make(map[string][]benchmark.SampleValue, len(values))
	for _, v := range values {
		m.values[v.Indicator] = v.Samples
	}
	m.OneSamplePerRegion = m.oneSamplePerRegion()
	m.Violations = m.violations()
	m.Claims = m.claims()
	m.Statistics = m.statistics()
	m.Summary = m.summary()
	m.Results = m.results()
	m.Bars = m.barChart()
	m.Radar = m.radar()
	dots, err := m.dotPlots()
	if err != nil {
		return nil, err
	}
	m.Dots = dots
	return m, nil
}

// Printer words the model's messages in its language.
func (m *Report) Printer() *i18n.Printer { return m.p }

// Name picks the name in the model's language: in English the English
// name when there is one, else the Chinese one.
func (m *Report) Name(zh, en string) string {
	if m.Lang == i18n.EN && en != "" {
		return en
	}
	return zh
}

// RegionName names a region code, or the pooled references.
func (m *Report) RegionName(code string) string {
	if code == benchmark.PooledReference {
		return m.p.Sprintf("report.pooled")
	}
	if reg := m.in.Design.Region(code); reg != nil {
		return m.Name(reg.Name, reg.NameEn)
	}
	return code
}

// IndicatorName names an indicator code.
func (m *Report) IndicatorName(code string) string {
	if ind := m.in.Design.Indicator(code); ind != nil {
		return m.Name(ind.Name, ind.NameEn)
	}
	return code
}

// ProductName is the product in the model's language.
func (m *Report) ProductName() string { return m.Name(m.in.Design.Product, m.in.Design.ProductEn) }

// FocalProduct is "巴中绿茶" / "Bazhong green tea".
func (m *Report) FocalProduct() i18n.Message {
	return i18n.M("report.region_product", m.RegionName(m.in.Design.FocalRegion), m.ProductName())
}

// Settings are the settings the analysis used: the profile's, or the
// design's when the profile does not carry them.
func (m *Report) Settings() benchmark.EffectiveSettings {
	if m.in.Profile.Settings == (benchmark.EffectiveSettings{}) {
		return m.in.Design.Effective()
	}
	return m.in.Profile.Settings
}

// RegionRoleOf is the chart colour role of a region code; muted for a
// code that is not a region.
func (m *Report) RegionRoleOf(code string) Role {
	for _, r := range m.Regions {
		if r.Code == code {
			return r.Role
		}
	}
	return RoleMuted
}

// LegendMark is how a legend entry's key is drawn.
type LegendMark int

// The legend marks.
const (
	MarkSwatch LegendMark = iota // a filled square
	MarkDot                      // a filled circle
	MarkHollow                   // an outlined circle
	MarkLine                     // a solid line
	MarkDash                     // a dashed line
)

// LegendEntry is one key of a chart's legend.
type LegendEntry struct {
	Label string
	Mark  LegendMark
	Role  Role
}

func (m *Report) verdictLabel(v string) string { return m.p.Sprintf("report.verdict." + v) }
