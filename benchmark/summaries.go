package benchmark

import (
	"slices"

	"github.com/qbench/qbench/benchmark/stats"
)

// meetsLimits applies METHOD.md §2 to one sample: a detected sample is
// judged by its value; a non-detect sample meets limit_max when its largest
// LOD does (every replicate's "< L" then proves it) and never meets
// limit_min.
func meetsLimits(ind *Indicator, v sampleValue, ndLOD float64) bool {
	if ind.LimitMax != nil {
		judged := v.x
		if !v.detected {
			judged = ndLOD
		}
		if judged > *ind.LimitMax {
			return false
		}
	}
	if ind.LimitMin != nil {
		if !v.detected || v.x < *ind.LimitMin {
			return false
		}
	}
	return true
}

// groups holds one indicator's sample values split by region; its buffers
// are reused from one indicator to the next.
type groups struct {
	// Per region, sorted: the values x and the comparison variable y, which
	// is x itself or, for a range indicator, the distances in dist.
	x, y, dist [][]float64
	detected   []int
	compliant  []int
	// The same, sorted, for the pooled reference regions (pooledY is pooledX
	// or pooledDist); allY holds every region's comparison values, sorted;
	// scratch is for merging.
	pooledX, pooledY, pooledDist, allY, scratch []float64
}

func newGroups(regions int) *groups {
	return &groups{
		x:         make([][]float64, regions),
		y:         make([][]float64, regions),
		dist:      make([][]float64, regions),
		detected:  make([]int, regions),
		compliant: make([]int, regions),
	}
}

// collect fills the groups with the values of one indicator. Every list is
// sorted, which makes each statistic independent of the order of the
// samples in the design and of the results.
func (g *groups) collect(a *analysis, ind *Indicator, values []sampleValue) {
	for r := range g.x {
		g.x[r] = g.x[r][:0]
		g.detected[r], g.compliant[r] = 0, 0
	}
	for s, v := range values {
		if !v.present {
			continue
		}
		r := a.regionOf[s]
		g.x[r] = append(g.x[r], v.x)
		if v.detected {
			g.detected[r]++
		}
		if v.compliant {
			g.compliant[r]++
		}
	}
	distances := ind.Direction == DirectionRange
	for r := range g.x {
		slices.Sort(g.x[r])
		g.y[r] = g.x[r]
		if distances { // METHOD.md §3: the distance to [target_min, target_max]
			g.dist[r] = g.dist[r][:0]
			for _, x := range g.x[r] {
				g.dist[r] = append(g.dist[r], roundDerived(max(*ind.TargetMin-x, 0, x-*ind.TargetMax)))
			}
			slices.Sort(g.dist[r])
			g.y[r] = g.dist[r]
		}
	}
	// The pooled and overall lists merge sorted lists, in linear time.
	g.pooledX, g.scratch = mergeLists(g.pooledX, g.scratch, g.x, a.refs)
	g.pooledY = g.pooledX
	if distances {
		g.pooledDist, g.scratch = mergeLists(g.pooledDist, g.scratch, g.dist, a.refs)
		g.pooledY = g.pooledDist
	}
	g.allY = mergeSorted(g.allY[:0], g.y[a.focal], g.pooledY)
}

// mergeLists merges the sorted lists[i], i in which, into dst, using
// scratch as working space; it returns both buffers for reuse.
func mergeLists(dst, scratch []float64, lists [][]float64, which []int) (merged, spare []float64) {
	dst = dst[:0]
	for _, i := range which {
		scratch = mergeSorted(scratch[:0], dst, lists[i])
		dst, scratch = scratch, dst
	}
	return dst, scratch
}

// mergeSorted appends the merge of the sorted lists a and b to dst.
func mergeSorted(dst, a, b []float64) []float64 {
	for len(a) > 0 && len(b) > 0 {
		if b[0] < a[0] {
			dst, b = append(dst, b[0]), b[1:]
		} else {
			dst, a = append(dst, a[0]), a[1:]
		}
	}
	return append(append(dst, a...), b...)
}

// indicatorScores is what the composite score and the radar need from one
// indicator: each region's mean of the comparison variable (NaN without a
// sample), and the mean and SD over the samples of all regions.
type indicatorScores struct {
	regionMean []float64
	mean, sd   float64
}

// indicator computes the summaries and the comparisons of one indicator
// from its sample values, with raw p-values: q and the verdicts need every
// indicator (see adjust). g is scratch space.
func (a *analysis) indicator(ind *Indicator, values []sampleValue, g *groups) (IndicatorProfile, indicatorScores) {
	regions := a.design.Regions
	g.collect(a, ind, values)
	ip := IndicatorProfile{
		Code:        ind.Code,
		Direction:   ind.Direction,
		Regions:     make(map[string]Summary, len(regions)),
		Comparisons: make([]Comparison, 0, len(a.refs)+1),
	}
	sc := indicatorScores{regionMean: make([]float64, len(regions))}
	pooledDetected, pooledCompliant := 0, 0
	for _, r := range a.refs {
		pooledDetected += g.detected[r]
		pooledCompliant += g.compliant[r]
	}
	for r, region := range regions {
		ip.Regions[region.Code] = summarize(ind, g.x[r], g.detected[r], g.compliant[r])
		sc.regionMean[r] = stats.Mean(g.y[r])
	}
	ip.Pooled = summarize(ind, g.pooledX, pooledDetected, pooledCompliant)
	sc.mean, sc.sd = stats.Mean(g.allY), stats.SD(g.allY)

	focal := ip.Regions[a.design.FocalRegion]
	ip.Comparisons = append(ip.Comparisons, compare(ind, PooledReference, g.y[a.focal], g.pooledY, focal, ip.Pooled))
	for _, r := range a.refs {
		code := regions[r].Code
		ip.Comparisons = append(ip.Comparisons, compare(ind, code, g.y[a.focal], g.y[r], focal, ip.Regions[code]))
	}
	return ip, sc
}

// summarize describes one region's sorted values x (METHOD.md §2).
func summarize(ind *Indicator, x []float64, detected, compliant int) Summary {
	s := Summary{N: len(x), Detected: detected}
	if len(x) > 0 {
		s.Mean = optional(stats.Mean(x))
		s.SD = optional(stats.SD(x))
		s.Median = optional(stats.Median(x))
		s.Min = optional(x[0])
		s.Max = optional(x[len(x)-1])
	}
	if ind.HasLimit() {
		s.Compliant = &compliant
	}
	return s
}
