package benchmark

import "math"

// SampleValue is one sample's value of one indicator as the method defines
// it (METHOD.md §1): what a chart or a table of samples shows, computed by
// the engine so that no other package re-derives the non-detect rule.
type SampleValue struct {
	Sample string
	Region string
	// Value is x: the replicates averaged after non-detect substitution
	// (rounded as §1 says). For a non-detect sample it is a substituted
	// value, not a measurement: show LOD instead.
	Value float64
	// LB and UB are x_lb and x_ub (METHOD.md §1, revision 2): the
	// non-detect replicates taken as 0, and as their LOD, then averaged;
	// both equal Value when every replicate was detected.
	LB, UB float64
	// NonDetect is true when no replicate of the sample was detected.
	NonDetect bool
	// LOD is the largest limit of detection of the sample's non-detect
	// replicates (L_s for a non-detect sample); nil when every replicate
	// was detected.
	LOD *float64
	// Compliant reports whether the sample meets every limit of the
	// indicator (true when it has none).
	Compliant bool
	// ClaimMet reports whether the sample meets the indicator's claim
	// (false when it has none).
	ClaimMet bool
}

// IndicatorSamples are the sample values of one indicator: samples in
// design order, only those with a result.
type IndicatorSamples struct {
	Indicator string
	Samples   []SampleValue
}

// SampleValues computes every sample's value of every indicator of d, in
// design order, with the rules Analyze uses. It refuses what Analyze
// refuses, with the same errors.
func SampleValues(d *Design, results []Result) ([]IndicatorSamples, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	a := newAnalysis(d)
	values, err := a.sampleValues(results)
	if err != nil {
		return nil, err
	}
	nS := len(d.Samples)
	out := make([]IndicatorSamples, len(d.Indicators))
	for i := range d.Indicators {
		out[i].Indicator = d.Indicators[i].Code
		for s := range d.Samples {
			v := values[i*nS+s]
			if !v.present {
				continue
			}
			sv := SampleValue{
				Sample:    d.Samples[s].Code,
				Region:    d.Samples[s].Region,
				Value:     v.x,
				LB:        v.lb,
				UB:        v.ub,
				NonDetect: !v.detected,
				Compliant: v.compliant,
				ClaimMet:  v.claimMet,
			}
			if !math.IsInf(v.ndLOD, -1) {
				sv.LOD = optional(v.ndLOD)
			}
			out[i].Samples = append(out[i].Samples, sv)
		}
	}
	return out, nil
}
