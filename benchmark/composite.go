package benchmark

import (
	"math"
	"slices"
)

// This file is METHOD.md §5: the composite score, the ranking and the
// radar.

// indicatorScores is what the composite score and the radar need from one
// indicator: each region's mean of the comparison variable (NaN without a
// sample), the mean and SD over the samples of all regions, and the number
// of non-detect samples (an indicator with any has no honest mean).
type indicatorScores struct {
	regionMean []float64
	mean, sd   float64
	nonDetects int
}

// counts reports whether the indicator enters the composite: directional,
// no non-detect sample in any region, at least two samples and an SD above
// 0 (SD is NaN with fewer than two).
func (sc *indicatorScores) counts(ind *Indicator) bool {
	return FavourableSign(ind.Direction) != 0 && sc.nonDetects == 0 && sc.sd > 0
}

// composite computes every region's composite score and rank (METHOD.md
// §5), the codes of the indicators it used and the radar. A region without
// any counting indicator has no score. Equal scores share a rank, the next
// rank skipping as many places (1, 2, 2, 4): regions that score the same
// are not told apart by their place in the design. The list is in rank
// order, ties and unscored regions in design order.
//
// The radar has an axis per indicator used, in design order, with each
// region's T-score 50 + 10·z clipped to [0, 100]: a small difference draws
// as a small one (revision 2).
func (a *analysis) composite(scores []indicatorScores) ([]CompositeScore, []string, []RadarAxis) {
	regions := a.design.Regions
	sum := make([]float64, len(regions))
	weight := make([]float64, len(regions))
	used := []string{}
	axes := []RadarAxis{}
	for i := range a.design.Indicators {
		ind := &a.design.Indicators[i]
		sc := &scores[i]
		if !sc.counts(ind) {
			continue
		}
		used = append(used, ind.Code)
		axis := RadarAxis{Indicator: ind.Code, Values: map[string]float64{}}
		s, w := FavourableSign(ind.Direction), ind.WeightOrDefault()
		for r, m := range sc.regionMean {
			if math.IsNaN(m) {
				continue
			}
			z := s * (m - sc.mean) / sc.sd
			sum[r] += w * z
			weight[r] += w
			axis.Values[regions[r].Code] = min(max(50+10*z, 0), 100)
		}
		axes = append(axes, axis)
	}
	out := make([]CompositeScore, len(regions))
	for r, region := range regions {
		out[r].Region = region.Code
		if weight[r] > 0 {
			out[r].Score = optional(sum[r] / weight[r])
		}
	}
	slices.SortStableFunc(out, func(x, y CompositeScore) int {
		return descendingNilLast(x.Score, y.Score, identity)
	})
	for pos := range out {
		if out[pos].Score == nil {
			break // the unscored regions are last
		}
		rank := pos + 1
		if pos > 0 && *out[pos-1].Score == *out[pos].Score {
			rank = *out[pos-1].Rank
		}
		out[pos].Rank = &rank
	}
	return out, used, axes
}

func identity(v float64) float64 { return v }
