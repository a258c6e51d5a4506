package benchmark

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/qbench/qbench/benchmark/stats"
)

// sampleValue is one sample's value for one indicator (METHOD.md §1) and
// what the region summaries count about it (§2).
type sampleValue struct {
	x float64 // mean of the replicates after non-detect substitution
	// lb and ub are x_lb and x_ub: the non-detect replicates taken as 0,
	// and as their LOD, then averaged. Both are x for a sample whose every
	// replicate was detected.
	lb, ub    float64
	present   bool // the sample has a result for the indicator
	detected  bool // at least one replicate was detected
	compliant bool // the sample meets every limit of the indicator
	claimMet  bool // the sample meets the indicator's claim
	// ndLOD is the largest LOD of the non-detect replicates (L_s of a
	// non-detect sample), -Inf when every replicate was detected.
	ndLOD float64
}

// sampleValues turns the results into one value per indicator and sample,
// indexed [indicator·len(samples) + sample].
//
// The results are grouped by that index with a counting sort (O(n), no map
// per cell), and each sample's replicates are averaged in replicate order,
// so that the row order of the results cannot change a single bit.
func (a *analysis) sampleValues(results []Result) ([]sampleValue, error) {
	d := a.design
	nS := len(d.Samples)
	samples := newCodeIndex(len(d.Samples), func(i int) string { return d.Samples[i].Code })
	indicators := newCodeIndex(len(d.Indicators), func(i int) string { return d.Indicators[i].Code })

	cellOf := make([]int, len(results))
	start := make([]int, len(d.Indicators)*nS+1) // start[c+1] counts, then offsets
	for k := range results {
		r := &results[k]
		s, ok := samples.find(r.Sample)
		if !ok {
			return nil, invalid("analysis.unknown_sample", r.Sample, r.Indicator)
		}
		i, ok := indicators.find(r.Indicator)
		if !ok {
			return nil, invalid("analysis.unknown_indicator", r.Sample, r.Indicator)
		}
		cellOf[k] = i*nS + s
		start[cellOf[k]+1]++
	}
	for c := 1; c < len(start); c++ {
		start[c] += start[c-1]
	}
	order := make([]int, len(results))
	next := slices.Clone(start[:len(start)-1])
	for k, c := range cellOf {
		order[next[c]] = k
		next[c]++
	}

	values := make([]sampleValue, len(d.Indicators)*nS)
	// cells computes the values of cells from, to with a's scratch space
	// and stops at the first error.
	cells := func(a *analysis, from, to int) error {
		for c := from; c < to; c++ {
			reps := order[start[c]:start[c+1]]
			if len(reps) == 0 {
				continue
			}
			var err error
			if values[c], err = a.sampleValue(&d.Indicators[c/nS], results, reps); err != nil {
				return err
			}
		}
		return nil
	}
	n := len(values)
	if !concurrent(len(results)) {
		if err := cells(a, 0, n); err != nil {
			return nil, err
		}
		return values, nil
	}
	// Two halves at once, each with its own scratch space; the first
	// half's error, if any, is the one a single loop meets first.
	var wg sync.WaitGroup
	var err2 error
	other := *a // copied before the first half changes a's scratch space
	other.replicates, other.lowerBounds, other.upperBounds = nil, nil, nil
	wg.Go(func() { err2 = cells(&other, n/2, n) })
	err1 := cells(a, 0, n/2)
	wg.Wait()
	if err1 != nil {
		return nil, err1
	}
	if err2 != nil {
		return nil, err2
	}
	return values, nil
}

// sampleValue substitutes and averages the replicates reps (indices into
// results) of one sample and indicator. Values may be negative (a weight
// deviation, a temperature); a limit of detection must be > 0.
func (a *analysis) sampleValue(ind *Indicator, results []Result, reps []int) (sampleValue, error) {
	slices.SortFunc(reps, func(i, j int) int { return cmp.Compare(results[i].Replicate, results[j].Replicate) })
	v := sampleValue{present: true}
	ndLOD := math.Inf(-1) // the largest LOD of the non-detect replicates
	x, lb, ub := a.replicates[:0], a.lowerBounds[:0], a.upperBounds[:0]
	for k, ri := range reps {
		r := &results[ri]
		if k > 0 && r.Replicate == results[reps[k-1]].Replicate {
			return v, invalid("analysis.duplicate_replicate", r.Sample, r.Indicator, r.Replicate)
		}
		switch {
		case r.NonDetect:
			lod := r.EffectiveLOD(ind)
			if lod == nil {
				return v, invalid("analysis.nd_without_lod", r.Sample, r.Indicator)
			}
			if !(*lod > 0 && !math.IsInf(*lod, 1)) {
				return v, invalid("analysis.bad_lod", r.Sample, r.Indicator, *lod)
			}
			x = append(x, a.ndFactor**lod)
			lb = append(lb, 0)
			ub = append(ub, *lod)
			ndLOD = max(ndLOD, *lod)
		case r.Value == nil:
			return v, invalid("analysis.no_value", r.Sample, r.Indicator)
		case math.IsNaN(*r.Value) || math.IsInf(*r.Value, 0):
			return v, invalid("analysis.not_finite", r.Sample, r.Indicator, *r.Value)
		default:
			x = append(x, *r.Value)
			lb = append(lb, *r.Value)
			ub = append(ub, *r.Value)
			v.detected = true
		}
	}
	v.x = replicateMean(x)
	v.lb, v.ub = v.x, v.x // every replicate detected: the bounds are x
	if !math.IsInf(ndLOD, -1) {
		v.lb, v.ub = replicateMean(lb), replicateMean(ub)
	}
	v.ndLOD = ndLOD
	v.compliant = meetsLimits(ind, v)
	v.claimMet = meetsClaim(ind, v)
	a.replicates, a.lowerBounds, a.upperBounds = x, lb, ub
	return v, nil
}

// replicateMean is a sample's value from its replicate values: a single
// value as is, the mean of several rounded as a derived value (§1).
func replicateMean(reps []float64) float64 {
	if len(reps) == 1 {
		return reps[0]
	}
	return roundDerived(stats.Mean(reps))
}

// distances appends the sorted distances of the sorted values x to the
// indicator's target interval (§1.3).
func distances(dst, x []float64, ind *Indicator) []float64 {
	for _, v := range x {
		dst = append(dst, roundDerived(max(*ind.TargetMin-v, 0, v-*ind.TargetMax)))
	}
	slices.Sort(dst)
	return dst
}
