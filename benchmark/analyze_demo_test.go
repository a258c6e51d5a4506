package benchmark_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
)

// loadDemo reads the demo study's design and results.
func loadDemo(t *testing.T) (*benchmark.Design, []benchmark.Result) {
	t.Helper()
	var d benchmark.Design
	if err := json.Unmarshal(examples.GreenTeaDesign, &d); err != nil {
		t.Fatal(err)
	}
	results, err := parseResultsCSV(bytes.NewReader(examples.GreenTeaResults))
	if err != nil {
		t.Fatal(err)
	}
	return &d, results
}

// TestAnalyzeGreenTeaDemo checks that the demo study tells the story it was
// made for: Bazhong's selenium, water extract and amino acids are
// advantages; its processing and its residues are shortfalls. Revision 2:
// selenium earns the claim 富硒 more often than elsewhere; bifenthrin was
// never detected in Emeishan, which reads as no number, and is compared by
// ranks and detection rates.
func TestAnalyzeGreenTeaDemo(t *testing.T) {
	t.Parallel()
	d, results := loadDemo(t)
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	checkNoNaN(t, p)
	pooled := func(entries []benchmark.ProfileEntry) []string {
		var codes []string
		for _, e := range entries {
			if e.Reference == benchmark.PooledReference {
				codes = append(codes, e.Indicator)
			}
		}
		return codes
	}
	advantages, shortfalls := pooled(p.Advantages), pooled(p.Shortfalls)
	for _, want := range []string{"selenium", "water_extract", "amino_acids"} {
		if !slices.Contains(advantages, want) {
			t.Errorf("%s is not an advantage against pooled; advantages %v", want, advantages)
		}
	}
	for _, want := range []string{"sensory_score", "powder", "bifenthrin", "imidacloprid"} {
		if !slices.Contains(shortfalls, want) {
			t.Errorf("%s is not a shortfall against pooled; shortfalls %v", want, shortfalls)
		}
	}
	var selenium, bifenthrin *benchmark.IndicatorProfile
	for i := range p.Indicators {
		switch p.Indicators[i].Code {
		case "selenium":
			selenium = &p.Indicators[i]
		case "bifenthrin":
			bifenthrin = &p.Indicators[i]
		}
	}
	if c := selenium.Comparisons[0]; c.Claim != benchmark.VerdictAdvantage || *selenium.Regions["BZ"].ClaimMet == 0 {
		t.Errorf("selenium against pooled: claim %q, BZ claim_met %v; want a claim advantage", c.Claim, selenium.Regions["BZ"].ClaimMet)
	}
	em := bifenthrin.Regions["EM"]
	if em.Detected != 0 || em.Mean != nil || em.Max != nil || em.MeanUB == nil {
		t.Errorf("bifenthrin in EM = %s, want never detected: no mean, no max, the bounds", asJSON(em))
	}
	for _, c := range bifenthrin.Comparisons {
		if !c.Censored || c.Diff != nil || c.PDetection == nil || c.Verdict != benchmark.VerdictShortfall {
			t.Errorf("bifenthrin against %s = %s, want a censored shortfall", c.Reference, asJSON(c))
		}
	}
	if slices.Contains(p.CompositeIndicators, "bifenthrin") || !slices.Contains(p.CompositeIndicators, "selenium") {
		t.Errorf("composite indicators %v: want selenium, not bifenthrin", p.CompositeIndicators)
	}
}
