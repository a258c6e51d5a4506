package model

import (
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/internal/i18n"
)

func TestQuantityKind(t *testing.T) {
	for _, c := range []struct {
		ind  benchmark.Indicator
		want string
	}{
		{benchmark.Indicator{Name: "硒", Unit: "mg/kg", Category: "nutrition"}, QuantityContent},
		{benchmark.Indicator{Name: "联苯菊酯", Unit: "mg/kg", Category: "safety", Standard: "GB 2763-2021"}, QuantityResidue},
		{benchmark.Indicator{Name: "铅", Unit: "mg/kg", Category: "safety", Standard: "GB 2762-2017"}, QuantityContent},
		{benchmark.Indicator{Name: "毒死蜱", Unit: "mg/kg", Category: "pesticide"}, QuantityResidue},
		{benchmark.Indicator{Name: "感官审评总分", Unit: "points", Category: "sensory"}, QuantityScore},
		{benchmark.Indicator{Name: "酚氨比", Unit: "ratio"}, QuantityRatio},
		{benchmark.Indicator{Name: "水分", Unit: "%"}, QuantityNone},
		{benchmark.Indicator{Name: "抗拉强度", Unit: "MPa"}, QuantityNone},
	} {
		if got := QuantityKind(&c.ind); got != c.want {
			t.Errorf("%s (%s, %s): %s, want %s", c.ind.Name, c.ind.Unit, c.ind.Category, got, c.want)
		}
	}
}

// TestComparisonVerdictWords: "not significant" and "significant but
// small" read differently, and neither is 持平.
func TestComparisonVerdictWords(t *testing.T) {
	in := smallInput(t)
	m := build(t, in, i18n.ZH)
	yes, no := true, false
	for _, c := range []struct {
		cmp  benchmark.Comparison
		want string
	}{
		{benchmark.Comparison{Verdict: benchmark.VerdictParity, Significant: &yes}, "差异较小（< 5%）"},
		{benchmark.Comparison{Verdict: benchmark.VerdictParity, Significant: &no}, "差异不显著"},
		{benchmark.Comparison{Verdict: benchmark.VerdictInsufficient}, "样本不足"},
		{benchmark.Comparison{Verdict: benchmark.VerdictShortfall, Significant: &yes}, "短板"},
	} {
		if got := m.ComparisonVerdict(c.cmp); got != c.want {
			t.Errorf("%+v: %q, want %q", c.cmp, got, c.want)
		}
	}
	if got := build(t, in, i18n.EN).ComparisonVerdict(benchmark.Comparison{Verdict: benchmark.VerdictParity, Significant: &yes}); got != "difference below 5%" {
		t.Errorf("en small difference = %q", got)
	}
}

func TestFormatShareAndRate(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{FormatShare(1.04), "104.0%"}, {FormatShare(0.0001), "< 0.1%"}, {FormatShare(0), "0.0%"},
		{FormatRate(10, 12), "83.3%"}, {FormatRate(0, 0), Missing},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
