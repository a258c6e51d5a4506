package benchmark

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/qbench/qbench/benchmark/stats"
)

// Analyze computes the profile of a study from its design and its lab
// results, exactly as docs/method.md defines it. It is pure and
// deterministic: the same design and the same results, in any row order,
// give the same profile, bit for bit.
//
// Where the method leaves a choice open, Analyze takes the one recorded in
// benchmark/METHOD_NOTES.md; in short:
//
//   - a sample is a non-detect when none of its replicates was detected; it
//     meets limit_max (a claim's max) when its largest LOD does, and never
//     limit_min (a claim's min); a sample with a detected replicate is
//     judged by its mean value and does not null its region's mean;
//   - values derived from reported decimals (means of replicates, distances
//     to a target) are rounded to 15 significant digits, so that values
//     equal as decimals tie;
//   - a region with no sample has compliant = 0 (nil only without a limit);
//   - a focal region with no sample gives insufficient comparisons whose
//     diff and rel_diff are nil; it is not an error;
//   - rel_diff is nil when the reference mean is 0, and significance then
//     rests on q alone;
//   - a significant comparison with diff = 0 (possible with the
//     Mann–Whitney test) has no direction: parity, or similar;
//   - limits judge compliance for every direction, none included;
//   - a censored comparison is re-censored at the largest LOD of the
//     non-detect samples of its two sides; it may also be insufficient,
//     with every statistic nil; p_detection does not drive the verdict;
//   - equal composite scores share a rank (1, 2, 2, 4); the composite list
//     is in rank order, ties and unscored regions in design order;
//   - the radar has an axis for every indicator of the composite, each
//     region's T-score clipped to [0, 100].
//
// Analyze refuses (with an EINVALID error naming the sample and indicator)
// a design that does not validate, a result for a sample or indicator the
// design does not have, two results with the same sample, indicator and
// replicate, a detected result without a finite value, and a non-detect
// without a limit of detection > 0. Values may be negative.
func Analyze(d *Design, results []Result) (*Profile, error) {
	if d == nil {
		return nil, invalid("analysis.no_design")
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("analyze study %s: %w", d.Code, err)
	}
	a := newAnalysis(d)
	values, err := a.sampleValues(results)
	if err != nil {
		return nil, fmt.Errorf("analyze study %s: %w", d.Code, err)
	}

	p := &Profile{
		Study:       d.Code,
		FocalRegion: d.FocalRegion,
		References:  d.References(),
		Settings:    a.settings,
		Indicators:  make([]IndicatorProfile, len(d.Indicators)),
	}
	scores := make([]indicatorScores, len(d.Indicators))
	g := newGroups(len(d.Regions))
	nS := len(d.Samples)
	indicators := func(from, to int, g *groups) {
		for i := from; i < to; i++ {
			p.Indicators[i], scores[i] = a.indicator(&d.Indicators[i], values[i*nS:(i+1)*nS], g)
		}
	}
	if n := len(d.Indicators); concurrent(len(results)) && n > 1 {
		// The indicators are independent until adjust: two goroutines
		// take a half each, writing into their own places, so the profile
		// is in design order as one loop makes it.
		var wg sync.WaitGroup
		wg.Go(func() { indicators(n/2, n, newGroups(len(d.Regions))) })
		indicators(0, n/2, g)
		wg.Wait()
	} else {
		indicators(0, len(d.Indicators), g)
	}
	a.adjust(p)
	for i := range p.Indicators {
		for k := range p.Indicators[i].Comparisons {
			a.decide(p.Indicators[i].Direction, &p.Indicators[i].Comparisons[k])
		}
	}
	p.Advantages, p.Shortfalls = profiles(p)
	p.Composite, p.CompositeIndicators, p.Radar = a.composite(scores)
	return p, nil
}

// analysis is a validated design indexed for the computation: regions and
// samples by their position in the design, so that the loops over results
// and values work on slices.
type analysis struct {
	design   *Design
	settings EffectiveSettings
	focal    int   // index of the focal region
	refs     []int // indices of the reference regions, in design order
	regionOf []int // region index of every sample
	// ndFactor is the non-detect substitution: the value used is ndFactor·L.
	ndFactor float64
	// replicates, lowerBounds and upperBounds are scratch space for one
	// sample's replicate values (substituted, lower-bound, upper-bound).
	replicates, lowerBounds, upperBounds []float64
}

// minConcurrentResults is the fewest results analysed with two cores:
// below it a goroutine costs more than it saves.
const minConcurrentResults = 20_000

// concurrent reports whether n results are worth analysing with two
// cores: a study of 100,000 results takes about 10 ms of CPU, a user
// waits for it (qbench analyze, a profile request) and the steps split
// into parts that share nothing but the design.
func concurrent(n int) bool {
	return n >= minConcurrentResults && runtime.GOMAXPROCS(0) > 1
}

func newAnalysis(d *Design) *analysis {
	a := &analysis{design: d, settings: d.Effective()}
	regionIdx := make(map[string]int, len(d.Regions))
	for r, region := range d.Regions {
		regionIdx[region.Code] = r
		if region.Code == d.FocalRegion {
			a.focal = r
		} else {
			a.refs = append(a.refs, r)
		}
	}
	a.regionOf = make([]int, len(d.Samples))
	for s, sample := range d.Samples {
		a.regionOf[s] = regionIdx[sample.Region]
	}
	switch a.settings.NDSubstitution {
	case NDZero:
		a.ndFactor = 0
	case NDLOD:
		a.ndFactor = 1
	default:
		a.ndFactor = 0.5
	}
	return a
}

// indicator computes the summaries, violations and comparisons of one
// indicator from its sample values, with raw p-values: q and the verdicts
// need every indicator (see adjust). g is scratch space.
func (a *analysis) indicator(ind *Indicator, values []sampleValue, g *groups) (IndicatorProfile, indicatorScores) {
	regions := a.design.Regions
	g.collect(a, ind, values)
	ip := IndicatorProfile{
		Code:        ind.Code,
		Direction:   ind.Direction,
		Regions:     make(map[string]Summary, len(regions)),
		Comparisons: make([]Comparison, 0, len(a.refs)+1),
		Violations:  a.violations(ind, values),
	}
	sc := indicatorScores{regionMean: make([]float64, len(regions))}
	for r, region := range regions {
		ip.Regions[region.Code] = summarize(ind, &g.regions[r])
		sc.regionMean[r] = stats.Mean(g.regions[r].y)
		sc.nonDetects += g.regions[r].nd
	}
	ip.Pooled = summarize(ind, &g.pooled)
	sc.mean, sc.sd = stats.Mean(g.allY), stats.SD(g.allY)

	f := &g.regions[a.focal]
	fs := ip.Regions[a.design.FocalRegion]
	ip.Comparisons = append(ip.Comparisons, compare(ind, PooledReference, f, &g.pooled, fs, ip.Pooled, &g.censored))
	for _, r := range a.refs {
		code := regions[r].Code
		ip.Comparisons = append(ip.Comparisons, compare(ind, code, f, &g.regions[r], fs, ip.Regions[code], &g.censored))
	}
	return ip, sc
}

// codeIndex finds a position by code. Results usually arrive grouped by
// sample or by indicator, so it checks the last hit before the map.
type codeIndex struct {
	pos      map[string]int
	lastCode string
	lastPos  int
}

func newCodeIndex(n int, code func(int) string) *codeIndex {
	c := &codeIndex{pos: make(map[string]int, n), lastPos: -1}
	for i := range n {
		c.pos[code(i)] = i
	}
	return c
}

func (c *codeIndex) find(code string) (int, bool) {
	if c.lastPos >= 0 && code == c.lastCode {
		return c.lastPos, true
	}
	i, ok := c.pos[code]
	if ok {
		c.lastCode, c.lastPos = code, i
	}
	return i, ok
}

// roundDerived rounds a value derived from reported decimals (a mean of
// replicates, a distance to a target) to 15 significant digits, the
// precision float64 keeps for decimals. Values that are equal as decimals
// then are equal as numbers, whatever rounding the arithmetic left in the
// last bit: 3.4 - 3.0 and 1.0 - 0.6 are the same distance, and
// (39.1 + 38.9 + 39.0)/3 is the 39.0 of another sample. Ties, zero
// variances and equal means are found as a reader of the data finds them.
func roundDerived(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return r
}

// optional returns a pointer to v, or nil when v is NaN or infinite: the
// profile has no undefined numbers, only missing ones.
func optional(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
