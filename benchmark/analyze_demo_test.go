package benchmark_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
)

// TestAnalyzeGreenTeaDemo checks that the demo study tells the story it was
// made for: Bazhong's selenium, water extract and amino acids are
// advantages; its processing and its residues are shortfalls.
func TestAnalyzeGreenTeaDemo(t *testing.T) {
	t.Parallel()
	var d benchmark.Design
	if err := json.Unmarshal(examples.GreenTeaDesign, &d); err != nil {
		t.Fatal(err)
	}
	results, err := parseResultsCSV(bytes.NewReader(examples.GreenTeaResults))
	if err != nil {
		t.Fatal(err)
	}
	p, err := benchmark.Analyze(&d, results)
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
}
