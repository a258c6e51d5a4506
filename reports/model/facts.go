package model

import (
	"strings"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

// The facts a bureau's reader expects beside the statistics: how the
// quantity and its unit read in words, detection rates and highest
// detected values of residues, claim rates, missing results, the samples
// that break a limit. Everything here is worded from the design and the
// sample values (benchmark.SampleValues); nothing is a statistic.

// builtinUnitLabels word the unit codes labs commonly use for what is not
// a physical unit, when the design gives no unit_label.
var builtinUnitLabels = map[string][2]string{
	"points": {"分", "points"},
	"point":  {"分", "points"},
	"score":  {"分", "points"},
	"ratio":  {"比值", "ratio"},
	"ratio1": {"比值", "ratio"},
}

// UnitLabel is the unit as it reads to people in the model's language:
// the design's unit_label (unit_label_en), else a built-in label for a
// common code (points → 分, ratio → 比值), else the unit itself.
func (m *Report) UnitLabel(ind *benchmark.Indicator) string {
	if m.Lang == i18n.EN {
		if ind.UnitLabelEn != "" {
			return ind.UnitLabelEn
		}
	} else if ind.UnitLabel != "" {
		return ind.UnitLabel
	}
	if l, ok := builtinUnitLabels[strings.ToLower(ind.Unit)]; ok {
		if m.Lang == i18n.EN {
			return l[1]
		}
		return l[0]
	}
	return ind.Unit
}

// Quantity kinds: what a sentence says of an indicator ("硒含量",
// "联苯菊酯残留量", "感官审评总分").
const (
	QuantityContent = "content"
	QuantityResidue = "residue"
	QuantityScore   = "score"
	QuantityRatio   = "ratio"
	QuantityNone    = "none"
)

// massUnits are units of a content (mass or volume fraction).
var massUnits = map[string]bool{"%": true, "mg/kg": true, "g/kg": true, "μg/kg": true, "ug/kg": true,
	"mg/l": true, "g/l": true, "g/100g": true, "mg/100g": true, "ppm": true, "ppb": true}

// QuantityKind is the kind of quantity an indicator measures, from its
// category and unit (docs/formats.md, "category"): a category of
// "residue" or "pesticide", or a safety indicator whose limit comes from
// GB 2763 (the maximum residue limits of pesticides), is a residue;
// "sensory" or a score unit a score; a ratio unit a ratio; other
// indicators in a mass unit a content. A name that already says what it
// is (ending in 分, 比, 率, 度, 量, 数 or 值) takes no word.
func QuantityKind(ind *benchmark.Indicator) string {
	cat := strings.ToLower(ind.Category)
	unit := strings.ToLower(ind.Unit)
	switch {
	case cat == "residue" || cat == "pesticide" || cat == "pesticide_residue" ||
		(cat == "safety" && strings.HasPrefix(strings.ReplaceAll(ind.Standard, " ", ""), "GB2763")):
		return QuantityResidue
	case cat == "sensory" || unit == "points" || unit == "score" || unit == "point":
		return QuantityScore
	case unit == "ratio" || unit == "ratio1":
		return QuantityRatio
	}
	if r := []rune(ind.Name); len(r) > 0 && strings.ContainsRune("分比率度量数值", r[len(r)-1]) {
		return QuantityNone
	}
	if massUnits[unit] {
		return QuantityContent
	}
	return QuantityNone
}

// Quantity names what an indicator measures, for running text: "硒含量",
// "联苯菊酯残留量", "selenium content".
func (m *Report) Quantity(code string) string {
	ind := m.in.Design.Indicator(code)
	name := m.IndicatorName(code)
	if ind == nil {
		return name
	}
	kind := QuantityKind(ind)
	if kind == QuantityNone || kind == QuantityScore || kind == QuantityRatio {
		return name
	}
	return m.p.Sprintf("report.quantity."+kind, name)
}

// Detection is a region's detection of a residue-like indicator.
type Detection struct {
	N, Detected int
	// MaxDetected is the highest value among detected samples; nil when
	// none was detected.
	MaxDetected *float64
	// LOD is the largest limit of detection of the region's non-detect
	// samples; nil when every sample was detected.
	LOD *float64
}

// detection counts a region's (or, for the pooled references, every
// reference region's) detected samples.
func (m *Report) detection(indicator, region string) Detection {
	var d Detection
	for _, s := range m.values[indicator] {
		if region == benchmark.PooledReference {
			if s.Region == m.in.Design.FocalRegion {
				continue
			}
		} else if s.Region != region {
			continue
		}
		d.N++
		if s.NonDetect {
			if s.LOD != nil && (d.LOD == nil || *s.LOD > *d.LOD) {
				d.LOD = s.LOD
			}
			continue
		}
		d.Detected++
		if d.MaxDetected == nil || s.Value > *d.MaxDetected {
			v := s.Value
			d.MaxDetected = &v
		}
	}
	return d
}

// Censored reports whether an indicator has a non-detect sample in any
// region: its regions are then described by detection rate and highest
// detected value, not by means of substituted values.
func (m *Report) Censored(indicator string) bool {
	for _, s := range m.values[indicator] {
		if s.NonDetect {
			return true
		}
	}
	return false
}

// NotDetected is "未检出（< 0.005）" / "not detected (< 0.005)".
func (m *Report) NotDetected(lod *float64) string {
	if lod == nil {
		return m.p.Sprintf("report.not_detected")
	}
	return m.p.Sprintf("report.not_detected_below", FormatLimit(*lod))
}

// DetectionRate is "9/12（75.0%）".
func (m *Report) DetectionRate(d Detection) string {
	if d.N == 0 {
		return Missing
	}
	return m.p.Sprintf("report.rate_of", d.Detected, d.N, FormatRate(d.Detected, d.N))
}

// FormatRate is k/n as a percentage with 1 decimal ("83.3%").
func FormatRate(k, n int) string {
	if n == 0 {
		return Missing
	}
	return Fixed(100*float64(k)/float64(n), 1) + "%"
}

// Missing results: samples of the design without a result for an
// indicator, by region in design order.
func (m *Report) missingSamples(indicator string) []string {
	have := make(map[string]bool, len(m.values[indicator]))
	for _, s := range m.values[indicator] {
		have[s.Sample] = true
	}
	var out []string
	for _, s := range m.in.Design.Samples {
		if !have[s.Code] {
			out = append(out, s.Code)
		}
	}
	return out
}

// Violation is one sample breaking a limit, as the 不合格样品 table shows
// it.
type Violation struct {
	Sample, Region, Enterprise, Grade string
	Indicator, IndicatorName          string
	// Value is the measured value, or 未检出（< L） for a non-detect that
	// breaks a lower limit.
	Value, Limit, Standard string
}

// violations lists every sample of every indicator that breaks a limit,
// indicators in design order (the profile's order within one).
func (m *Report) violations() []Violation {
	d := m.in.Design
	var out []Violation
	for i := range d.Indicators {
		ind := &d.Indicators[i]
		ip := m.profiles[ind.Code]
		if ip == nil {
			continue
		}
		dec := ind.DecimalsOrDefault()
		for _, v := range ip.Violations {
			row := Violation{Sample: v.Sample, Region: m.RegionName(v.Region), Indicator: ind.Code,
				IndicatorName: m.IndicatorName(ind.Code), Standard: ind.Standard}
			if s := d.Sample(v.Sample); s != nil {
				row.Enterprise, row.Grade = s.Enterprise, s.Grade
			}
			if v.Value != nil {
				row.Value = Fixed(*v.Value, dec)
			} else {
				row.Value = m.NotDetected(v.LOD)
			}
			if v.Limit == benchmark.LimitMax {
				row.Limit = LimitText(nil, ind.LimitMax)
			} else {
				row.Limit = LimitText(ind.LimitMin, nil)
			}
			if row.Standard == "" {
				row.Standard = Missing
			}
			out = append(out, row)
		}
	}
	return out
}

// ClaimText is "富硒 ≥ 0.25 mg/kg（GH/T 1090-2014）".
func (m *Report) ClaimText(ind *benchmark.Indicator) string {
	c := ind.Claim
	if c == nil {
		return ""
	}
	s := m.Name(c.Label, c.LabelEn) + " " + LimitText(c.Min, c.Max) + " " + m.UnitLabel(ind)
	if c.Standard != "" {
		s = m.p.Sprintf("report.with_standard", s, c.Standard)
	}
	return s
}

// sampleCount is "n = 9" style: how many of a region's design samples
// have a result.
func (m *Report) designSamples(region string) int {
	n := 0
	for _, s := range m.in.Design.Samples {
		if s.Region == region {
			n++
		}
	}
	return n
}

// FormatShare formats a fraction as a percentage with 1 decimal, "< 0.1%"
// below that: how much of a limit a value takes.
func FormatShare(f float64) string {
	if f > 0 && f < 0.0005 {
		return "< 0.1%"
	}
	return Fixed(100*f, 1) + "%"
}
