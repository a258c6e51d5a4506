package benchmark

import (
	"math"
	"slices"
	"strings"

	"github.com/qbench/qbench/benchmark/stats"
)

// This file is METHOD.md §2: what a sample meets (limits, claim), the
// region and pooled summaries, and the violations of an indicator.

// meetsLimits applies METHOD.md §2 to one sample: a detected sample is
// judged by its value x; a non-detect sample meets limit_max when its L_s
// does (every replicate's "< L" then proves it) and never meets limit_min.
func meetsLimits(ind *Indicator, v sampleValue) bool {
	return brokenLimit(ind, v) == ""
}

// brokenLimit is LimitMax when the sample breaks limit_max, else LimitMin
// when it breaks limit_min, else "".
func brokenLimit(ind *Indicator, v sampleValue) string {
	if ind.LimitMax != nil && !meetsMax(v, *ind.LimitMax) {
		return LimitMax
	}
	if ind.LimitMin != nil && !meetsMin(v, *ind.LimitMin) {
		return LimitMin
	}
	return ""
}

// meetsClaim applies the claim of METHOD.md §2 (revision 2) to one sample,
// with the rules of the limits: false when the indicator has no claim.
func meetsClaim(ind *Indicator, v sampleValue) bool {
	c := ind.Claim
	if c == nil {
		return false
	}
	return (c.Min == nil || meetsMin(v, *c.Min)) && (c.Max == nil || meetsMax(v, *c.Max))
}

// meetsMax: a value meets an upper bound when <= it; a non-detect sample
// when its L_s is.
func meetsMax(v sampleValue, bound float64) bool {
	if !v.detected {
		return v.ndLOD <= bound
	}
	return v.x <= bound
}

// meetsMin: a value meets a lower bound when >= it; a non-detect sample
// never does ("< L" does not show that anything is there).
func meetsMin(v sampleValue, bound float64) bool {
	return v.detected && v.x >= bound
}

// side is one region's (or the pooled references') sample values of one
// indicator, in the forms the summaries and comparisons need. Every list is
// sorted, which makes each statistic independent of the order of the
// samples in the design and of the results; the buffers are reused from one
// indicator to the next.
//
// det, lb and ub are views: of x itself when they equal it (no non-detect
// sample, no non-detect replicate), which spares a sort in the common case,
// else of their own buffers.
type side struct {
	x    []float64 // the sample values x
	dist []float64 // for range indicators: the distances to the target
	y    []float64 // the comparison variable: x, or dist
	det  []float64 // x of the detected samples
	lb   []float64 // x_lb
	ub   []float64 // x_ub
	// The buffers behind det, lb and ub when they are not x.
	detBuf, lbBuf, ubBuf []float64
	// nd counts the non-detect samples; maxL is their largest L_s (-Inf
	// without one); partial counts the samples with a non-detect replicate
	// (non-detect samples included).
	nd, partial         int
	maxL                float64
	compliant, claimMet int
}

func (s *side) reset() {
	s.x, s.dist = s.x[:0], s.dist[:0]
	s.detBuf, s.lbBuf, s.ubBuf = s.detBuf[:0], s.lbBuf[:0], s.ubBuf[:0]
	s.y, s.det, s.lb, s.ub = nil, nil, nil, nil
	s.nd, s.partial, s.maxL, s.compliant, s.claimMet = 0, 0, math.Inf(-1), 0, 0
}

func (s *side) add(v sampleValue) {
	s.x = append(s.x, v.x)
	s.lbBuf = append(s.lbBuf, v.lb)
	s.ubBuf = append(s.ubBuf, v.ub)
	if v.detected {
		s.detBuf = append(s.detBuf, v.x)
	} else {
		s.nd++
	}
	if !math.IsInf(v.ndLOD, -1) {
		s.partial++
		if !v.detected {
			s.maxL = max(s.maxL, v.ndLOD)
		}
	}
	if v.compliant {
		s.compliant++
	}
	if v.claimMet {
		s.claimMet++
	}
}

// sortViews sorts the values of a region's side and sets the views.
func (s *side) sortViews() {
	slices.Sort(s.x)
	s.det, s.lb, s.ub = s.x, s.x, s.x
	if s.nd > 0 {
		slices.Sort(s.detBuf)
		s.det = s.detBuf
	}
	if s.partial > 0 {
		slices.Sort(s.lbBuf)
		slices.Sort(s.ubBuf)
		s.lb, s.ub = s.lbBuf, s.ubBuf
	}
}

// groups holds one indicator's sample values split by region, and for the
// pooled references; allY holds every region's comparison values, sorted,
// for the composite; scratch and censored are working space for merging
// and for the censored values of a comparison.
type groups struct {
	regions  []side
	pooled   side
	allY     []float64
	scratch  []float64
	censored censorBuffers
}

func newGroups(regions int) *groups {
	return &groups{regions: make([]side, regions)}
}

// collect fills the groups with the values of one indicator.
func (g *groups) collect(a *analysis, ind *Indicator, values []sampleValue) {
	for r := range g.regions {
		g.regions[r].reset()
	}
	for s, v := range values {
		if v.present {
			g.regions[a.regionOf[s]].add(v)
		}
	}
	isRange := ind.Direction == DirectionRange
	for r := range g.regions {
		sd := &g.regions[r]
		sd.sortViews()
		sd.y = sd.x
		if isRange { // METHOD.md §1.3: the distance to [target_min, target_max]
			sd.dist = distances(sd.dist, sd.x, ind)
			sd.y = sd.dist
		}
	}
	// The pooled lists merge sorted lists, in linear time.
	p := &g.pooled
	p.reset()
	for _, r := range a.refs {
		sd := &g.regions[r]
		p.nd += sd.nd
		p.partial += sd.partial
		p.maxL = max(p.maxL, sd.maxL)
		p.compliant += sd.compliant
		p.claimMet += sd.claimMet
	}
	p.x, g.scratch = g.mergeLists(p.x, a.refs, func(s *side) []float64 { return s.x })
	p.det, p.lb, p.ub = p.x, p.x, p.x
	if p.nd > 0 {
		p.detBuf, g.scratch = g.mergeLists(p.detBuf, a.refs, func(s *side) []float64 { return s.det })
		p.det = p.detBuf
	}
	if p.partial > 0 {
		p.lbBuf, g.scratch = g.mergeLists(p.lbBuf, a.refs, func(s *side) []float64 { return s.lb })
		p.ubBuf, g.scratch = g.mergeLists(p.ubBuf, a.refs, func(s *side) []float64 { return s.ub })
		p.lb, p.ub = p.lbBuf, p.ubBuf
	}
	p.y = p.x
	if isRange {
		p.dist, g.scratch = g.mergeLists(p.dist, a.refs, func(s *side) []float64 { return s.dist })
		p.y = p.dist
	}
	g.allY = mergeSorted(g.allY[:0], g.regions[a.focal].y, p.y)
}

// mergeLists merges the sorted lists list(regions[i]), i in which, into
// dst, using g.scratch as working space; it returns dst and the spare
// buffer for reuse.
func (g *groups) mergeLists(dst []float64, which []int, list func(*side) []float64) (merged, spare []float64) {
	dst, scratch := dst[:0], g.scratch
	for _, i := range which {
		scratch = mergeSorted(scratch[:0], dst, list(&g.regions[i]))
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

// summarize describes one side (METHOD.md §2). A side with a non-detect
// sample has no mean, SD, median or minimum: they would describe values
// nobody measured; its maximum is the largest detected value. The bounds
// mean_lb and mean_ub are given whenever the side has a sample.
func summarize(ind *Indicator, s *side) Summary {
	sum := Summary{N: len(s.x), Detected: len(s.det)}
	if len(s.x) > 0 {
		sum.MeanLB = optional(stats.Mean(s.lb))
		sum.MeanUB = optional(stats.Mean(s.ub))
	}
	switch {
	case s.nd == 0 && len(s.x) > 0:
		sum.Mean = optional(stats.Mean(s.x))
		sum.SD = optional(stats.SD(s.x))
		sum.Median = optional(stats.Median(s.x))
		sum.Min = optional(s.x[0])
		sum.Max = optional(s.x[len(s.x)-1])
	case len(s.det) > 0:
		sum.Max = optional(s.det[len(s.det)-1])
	}
	if ind.HasLimit() {
		compliant := s.compliant
		sum.Compliant = &compliant
	}
	if ind.HasClaim() {
		met := s.claimMet
		sum.ClaimMet = &met
	}
	return sum
}

// violations lists the samples of one indicator that break a limit
// (METHOD.md §2, revision 2): regions in design order, then sample codes in
// code-point order. It is never nil, so that it encodes as [].
func (a *analysis) violations(ind *Indicator, values []sampleValue) []Violation {
	out := []Violation{}
	if !ind.HasLimit() {
		return out
	}
	var region []int // region index of each violation, for the order
	for s, v := range values {
		if !v.present {
			continue
		}
		limit := brokenLimit(ind, v)
		if limit == "" {
			continue
		}
		sample := &a.design.Samples[s]
		vi := Violation{Sample: sample.Code, Region: sample.Region, Limit: limit}
		if v.detected {
			vi.Value = optional(v.x)
		} else {
			vi.LOD = optional(v.ndLOD)
		}
		out = append(out, vi)
		region = append(region, a.regionOf[s])
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		if region[i] != region[j] {
			return region[i] - region[j]
		}
		return strings.Compare(out[i].Sample, out[j].Sample)
	})
	sorted := make([]Violation, len(out))
	for k, i := range order {
		sorted[k] = out[i]
	}
	return sorted
}
