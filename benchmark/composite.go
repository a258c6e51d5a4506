package benchmark

import (
	"math"
	"slices"
)

// composite computes every region's composite score and rank (METHOD.md
// §5). Indicators with direction none, fewer than two samples or SD 0 do
// not count; a region without any counting indicator has no score. Equal
// scores share a rank, the next rank skipping as many places (1, 2, 2, 4):
// regions that score the same are not told apart by their place in the
// design. The list is in rank order, ties and unscored regions in design
// order.
func (a *analysis) composite(scores []indicatorScores) []CompositeScore {
	regions := a.design.Regions
	sum := make([]float64, len(regions))
	weight := make([]float64, len(regions))
	for i := range a.design.Indicators {
		ind := &a.design.Indicators[i]
		s, sc := FavourableSign(ind.Direction), scores[i]
		if s == 0 || !(sc.sd > 0) {
			continue
		}
		w := ind.WeightOrDefault()
		for r, m := range sc.regionMean {
			if !math.IsNaN(m) {
				sum[r] += w * s * (m - sc.mean) / sc.sd
				weight[r] += w
			}
		}
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
	return out
}

// radar computes the radar axes (METHOD.md §5): per directional indicator,
// 100·(v-min)/(max-min) over the regions with v = s·(region mean of the
// comparison variable), 50 for all when max = min.
func (a *analysis) radar(scores []indicatorScores) []RadarAxis {
	axes := []RadarAxis{}
	for i := range a.design.Indicators {
		ind := &a.design.Indicators[i]
		s := FavourableSign(ind.Direction)
		if s == 0 {
			continue
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, m := range scores[i].regionMean {
			if !math.IsNaN(m) {
				lo, hi = min(lo, s*m), max(hi, s*m)
			}
		}
		axis := RadarAxis{Indicator: ind.Code, Values: map[string]float64{}}
		for r, m := range scores[i].regionMean {
			switch {
			case math.IsNaN(m):
			case hi == lo:
				axis.Values[a.design.Regions[r].Code] = 50
			default:
				axis.Values[a.design.Regions[r].Code] = 100 * ((s*m - lo) / (hi - lo)) // the best region gets exactly 100
			}
		}
		axes = append(axes, axis)
	}
	return axes
}
