package benchmark_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/examples"
)

// TestSampleValuesAgreeWithProfile checks the exported sample values against
// the profile of the demo study: per indicator and region, as many samples
// as the summary's n, as many detected ones as its detected count, the same
// minimum and maximum, and no sample twice.
func TestSampleValuesAgreeWithProfile(t *testing.T) {
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
	values, err := benchmark.SampleValues(&d, results)
	if err != nil {
		t.Fatal(err)
	}
	if len(values) != len(p.Indicators) {
		t.Fatalf("%d indicators of sample values, profile has %d", len(values), len(p.Indicators))
	}
	for i, ind := range values {
		prof := p.Indicators[i]
		if ind.Indicator != prof.Code {
			t.Fatalf("indicator %d is %q, profile's %q", i, ind.Indicator, prof.Code)
		}
		type agg struct {
			n, detected int
			lo, hi      float64
		}
		byRegion := map[string]*agg{}
		seen := map[string]bool{}
		for _, s := range ind.Samples {
			if seen[s.Sample] {
				t.Errorf("%s: sample %s twice", ind.Indicator, s.Sample)
			}
			seen[s.Sample] = true
			if s.NonDetect != (s.LOD != nil && s.NonDetect) {
				t.Errorf("%s/%s: a non-detect sample without its LOD", ind.Indicator, s.Sample)
			}
			a := byRegion[s.Region]
			if a == nil {
				a = &agg{lo: math.Inf(1), hi: math.Inf(-1)}
				byRegion[s.Region] = a
			}
			a.n++
			if !s.NonDetect {
				a.detected++
			}
			a.lo, a.hi = min(a.lo, s.Value), max(a.hi, s.Value)
		}
		for code, sum := range prof.Regions {
			a := byRegion[code]
			if a == nil {
				if sum.N != 0 {
					t.Errorf("%s/%s: no sample values, profile n = %d", ind.Indicator, code, sum.N)
				}
				continue
			}
			if a.n != sum.N || a.detected != sum.Detected {
				t.Errorf("%s/%s: n %d detected %d, profile %d/%d", ind.Indicator, code, a.n, a.detected, sum.N, sum.Detected)
			}
			if sum.Min != nil && (*sum.Min != a.lo || *sum.Max != a.hi) {
				t.Errorf("%s/%s: range %v..%v, profile %v..%v", ind.Indicator, code, a.lo, a.hi, *sum.Min, *sum.Max)
			}
		}
	}
}
