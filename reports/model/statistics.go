package model

import (
	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// StatisticsTable is one reference's test statistics, one row per
// indicator in design order: the appendix the body refers to, so that the
// body speaks in plain words.
type StatisticsTable struct {
	Reference string
	Caption   i18n.Message
	Rows      []StatisticsRow
}

// StatisticsRow is one indicator's comparison with the table's reference.
type StatisticsRow struct {
	Indicator, Label string
	Censored         bool
	ComparisonRow
}

func (m *Report) statistics() []StatisticsTable {
	d := m.in.Design
	var out []StatisticsTable
	for _, ref := range append([]string{benchmark.PooledReference}, d.References()...) {
		t := StatisticsTable{Reference: ref, Caption: i18n.M("report.caption.statistics", m.FocalProduct(), m.referenceInText(ref))}
		for i := range d.Indicators {
			ind := &d.Indicators[i]
			ip := m.profiles[ind.Code]
			if ip == nil {
				continue
			}
			for _, c := range ip.Comparisons {
				if c.Reference == ref {
					t.Rows = append(t.Rows, StatisticsRow{Indicator: ind.Code, Label: m.IndicatorName(ind.Code),
						Censored: c.Censored, ComparisonRow: m.comparisonRow(ind, c)})
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// ClaimRates are the rates of one claim (富硒) per region.
type ClaimRates struct {
	Indicator string
	// Claim is "富硒 ≥ 0.25 mg/kg（GH/T 1090-2014）".
	Claim string
	// Label is the claim's label (富硒), for the column "富硒达标率".
	Label string
	Rows  []ClaimRate
}

// ClaimRate is one region's rate.
type ClaimRate struct {
	Region, Label string
	Focal         bool
	Met, N        int
	Rate          string
}

func (m *Report) claims() []ClaimRates {
	d := m.in.Design
	var out []ClaimRates
	for i := range d.Indicators {
		ind := &d.Indicators[i]
		ip := m.profiles[ind.Code]
		if ind.Claim == nil || ip == nil {
			continue
		}
		c := ClaimRates{Indicator: ind.Code, Claim: m.ClaimText(ind), Label: m.Name(ind.Claim.Label, ind.Claim.LabelEn)}
		for _, reg := range m.Regions {
			s := ip.Regions[reg.Code]
			met := 0
			if s.ClaimMet != nil {
				met = *s.ClaimMet
			}
			c.Rows = append(c.Rows, ClaimRate{Region: reg.Code, Label: reg.Label, Focal: reg.Focal, Met: met, N: s.N,
				Rate: m.p.Sprintf("report.rate_of", met, s.N, FormatRate(met, s.N))})
		}
		out = append(out, c)
	}
	return out
}

// oneSamplePerRegion is true when no region has two samples of any
// indicator.
func (m *Report) oneSamplePerRegion() bool {
	for _, ip := range m.in.Profile.Indicators {
		for _, s := range ip.Regions {
			if s.N >= 2 {
				return false
			}
		}
	}
	return true
}
