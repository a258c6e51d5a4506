package benchmark_test

import (
	"math"
	"slices"
	"testing"

	"github.com/qbench/qbench/benchmark"
	"github.com/qbench/qbench/benchmark/stats"
)

// TestSampleValuesAgreeWithProfile checks the exported sample values against
// the profile of the demo study: per indicator and region, as many samples
// as the summary's n, as many detected ones as its detected count, the same
// minimum (null when a sample is a non-detect) and maximum (the largest
// detected value), the bounds mean_lb and mean_ub from LB and UB, claim_met,
// and no sample twice.
func TestSampleValuesAgreeWithProfile(t *testing.T) {
	t.Parallel()
	d, results := loadDemo(t)
	p, err := benchmark.Analyze(d, results)
	if err != nil {
		t.Fatal(err)
	}
	values, err := benchmark.SampleValues(d, results)
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
			n, detected, claimMet int
			lo, hi                float64 // over every sample
			hiDetected            float64 // over the detected samples
			lb, ub                []float64
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
				a = &agg{lo: math.Inf(1), hi: math.Inf(-1), hiDetected: math.Inf(-1)}
				byRegion[s.Region] = a
			}
			a.n++
			if !s.NonDetect {
				a.detected++
				a.hiDetected = max(a.hiDetected, s.Value)
			}
			if s.ClaimMet {
				a.claimMet++
			}
			a.lo, a.hi = min(a.lo, s.Value), max(a.hi, s.Value)
			a.lb, a.ub = append(a.lb, s.LB), append(a.ub, s.UB)
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
			switch {
			case a.detected == a.n: // no non-detect sample: the whole range
				if sum.Min == nil || sum.Max == nil || *sum.Min != a.lo || *sum.Max != a.hi {
					t.Errorf("%s/%s: range %v..%v, profile %v..%v", ind.Indicator, code, a.lo, a.hi, show(sum.Min), show(sum.Max))
				}
			case a.detected > 0: // min and mean would be invented; max is the largest detected
				if sum.Min != nil || sum.Mean != nil || sum.Max == nil || *sum.Max != a.hiDetected {
					t.Errorf("%s/%s: min %v, mean %v, max %v; want null, null, %v", ind.Indicator, code,
						show(sum.Min), show(sum.Mean), show(sum.Max), a.hiDetected)
				}
			default: // never detected: no number at all
				if sum.Min != nil || sum.Max != nil || sum.Mean != nil || sum.Median != nil || sum.SD != nil {
					t.Errorf("%s/%s: a region never detected has numbers: %s", ind.Indicator, code, asJSON(sum))
				}
			}
			slices.Sort(a.lb)
			slices.Sort(a.ub)
			if sum.MeanLB == nil || *sum.MeanLB != stats.Mean(a.lb) || sum.MeanUB == nil || *sum.MeanUB != stats.Mean(a.ub) {
				t.Errorf("%s/%s: bounds %v..%v, profile %v..%v", ind.Indicator, code,
					stats.Mean(a.lb), stats.Mean(a.ub), show(sum.MeanLB), show(sum.MeanUB))
			}
			if sum.ClaimMet != nil && *sum.ClaimMet != a.claimMet {
				t.Errorf("%s/%s: %d samples meet the claim, profile %d", ind.Indicator, code, a.claimMet, *sum.ClaimMet)
			}
		}
	}
}

func show(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}
