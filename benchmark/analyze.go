package benchmark

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/qbench/qbench/benchmark/stats"
)

// Analyze computes the profile of a study from its design and its lab
// results, exactly as shared/METHOD.md defines it. It is pure and
// deterministic: the same design and the same results, in any row order,
// give the same profile, bit for bit.
//
// Where the method leaves a choice open, Analyze takes the one recorded in
// benchmark/METHOD_NOTES.md; in short:
//
//   - a sample is a non-detect when none of its replicates was detected; it
//     meets limit_max when its largest LOD does, and never limit_min; a
//     sample with a detected replicate is judged by its mean value;
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
//   - equal composite scores share a rank (1, 2, 2, 4); the composite list
//     is in rank order, ties and unscored regions in design order;
//   - the radar has an axis for every directional indicator.
//
// Analyze refuses (with an EINVALID error naming the sample and indicator)
// a design that does not validate, a result for a sample or indicator the
// design does not have, two results with the same sample, indicator and
// replicate, a detected result without a finite value, and a non-detect
// without a limit of detection.
func Analyze(d *Design, results []Result) (*Profile, error) {
	if d == nil {
		return nil, Errorf(EINVALID, "analyze: no study design")
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
	for i := range d.Indicators {
		p.Indicators[i], scores[i] = a.indicator(&d.Indicators[i], values[i*nS:(i+1)*nS], g)
	}
	a.adjust(p)
	for i := range p.Indicators {
		for k := range p.Indicators[i].Comparisons {
			c := &p.Indicators[i].Comparisons[k]
			c.Verdict = a.verdict(p.Indicators[i].Direction, c)
		}
	}
	p.Advantages, p.Shortfalls = profiles(p)
	p.Composite = a.composite(scores)
	p.Radar = a.radar(scores)
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
	// replicates is scratch space for one sample's replicate values.
	replicates []float64
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

// sampleValue is one sample's value for one indicator (METHOD.md §1) and
// what the region summaries count about it (§2).
type sampleValue struct {
	x         float64 // mean of the replicates after non-detect substitution
	present   bool    // the sample has a result for the indicator
	detected  bool    // at least one replicate was detected
	compliant bool    // the sample meets every limit of the indicator
	// ndLOD is the largest LOD of the non-detect replicates, -Inf when
	// every replicate was detected.
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
			return nil, Errorf(EINVALID, "result for sample %q, indicator %q: the sample is not in the study", r.Sample, r.Indicator)
		}
		i, ok := indicators.find(r.Indicator)
		if !ok {
			return nil, Errorf(EINVALID, "result for sample %q, indicator %q: the indicator is not in the study", r.Sample, r.Indicator)
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
	for c := range values {
		reps := order[start[c]:start[c+1]]
		if len(reps) == 0 {
			continue
		}
		var err error
		if values[c], err = a.sampleValue(&d.Indicators[c/nS], results, reps); err != nil {
			return nil, err
		}
	}
	return values, nil
}

// sampleValue substitutes and averages the replicates reps (indices into
// results) of one sample and indicator.
func (a *analysis) sampleValue(ind *Indicator, results []Result, reps []int) (sampleValue, error) {
	slices.SortFunc(reps, func(i, j int) int { return cmp.Compare(results[i].Replicate, results[j].Replicate) })
	v := sampleValue{present: true}
	ndLOD := math.Inf(-1) // the largest LOD of the non-detect replicates
	substituted := a.replicates[:0]
	for k, ri := range reps {
		r := &results[ri]
		if k > 0 && r.Replicate == results[reps[k-1]].Replicate {
			return v, Errorf(EINVALID, "sample %q, indicator %q: replicate %d is given twice", r.Sample, r.Indicator, r.Replicate)
		}
		switch {
		case r.NonDetect:
			lod := r.EffectiveLOD(ind)
			if lod == nil {
				return v, Errorf(EINVALID, "sample %q, indicator %q: non-detect without a limit of detection (none in the result, none for the indicator)", r.Sample, r.Indicator)
			}
			if !(*lod >= 0 && !math.IsInf(*lod, 1)) {
				return v, Errorf(EINVALID, "sample %q, indicator %q: limit of detection %v is not a finite number >= 0", r.Sample, r.Indicator, *lod)
			}
			substituted = append(substituted, a.ndFactor**lod)
			ndLOD = max(ndLOD, *lod)
		case r.Value == nil:
			return v, Errorf(EINVALID, "sample %q, indicator %q: result has no value", r.Sample, r.Indicator)
		case math.IsNaN(*r.Value) || math.IsInf(*r.Value, 0):
			return v, Errorf(EINVALID, "sample %q, indicator %q: value %v is not a finite number", r.Sample, r.Indicator, *r.Value)
		default:
			substituted = append(substituted, *r.Value)
			v.detected = true
		}
	}
	v.x = substituted[0]
	if len(substituted) > 1 {
		v.x = roundDerived(stats.Mean(substituted))
	}
	v.compliant = meetsLimits(ind, v, ndLOD)
	v.ndLOD = ndLOD
	a.replicates = substituted
	return v, nil
}

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

// compare computes the focal comparison values fa against the reference's
// fb (METHOD.md §3), all but q and the verdict; fs and rs are the two
// sides' summaries, for the compliance verdict. An insufficient comparison
// gets its verdict here, as it takes no part in the adjustment.
func compare(ind *Indicator, ref string, fa, fb []float64, fs, rs Summary) Comparison {
	c := Comparison{Reference: ref, Compliance: complianceVerdict(ind, fs, rs)}
	if len(fa) > 0 && len(fb) > 0 {
		meanB := stats.Mean(fb)
		diff := stats.Mean(fa) - meanB
		c.Diff = optional(diff)
		if meanB != 0 {
			c.RelDiff = optional(diff / math.Abs(meanB))
		}
	}
	if len(fa) < 2 || len(fb) < 2 {
		c.Verdict = VerdictInsufficient
		return c
	}
	w := stats.Welch(fa, fb)
	c.T, c.DF, c.P = optional(w.T), optional(w.DF), optional(w.P)
	c.PMannWhitney = optional(stats.MannWhitney(fa, fb).P)
	c.HedgesG = optional(stats.HedgesG(fa, fb))
	return c
}

// complianceVerdict compares the compliance rates compliant/n of the focal
// side f and the reference side r.
func complianceVerdict(ind *Indicator, f, r Summary) string {
	if !ind.HasLimit() || f.N == 0 || r.N == 0 {
		return ComplianceNone
	}
	// cf/nf against cr/nr, in integers so that equal rates are equal.
	switch c := cmp.Compare(*f.Compliant*r.N, *r.Compliant*f.N); {
	case c < 0:
		return VerdictShortfall
	case c > 0:
		return VerdictAdvantage
	default:
		return VerdictParity
	}
}

// drivingP is the p-value that drives the verdict under the study's test.
func (a *analysis) drivingP(c *Comparison) *float64 {
	if a.settings.Test == TestMannWhitney {
		return c.PMannWhitney
	}
	return c.P
}

// adjust sets q on every comparison that is not insufficient. Each
// reference is one family: the driving p-values of its directional
// comparisons, adjusted with the study's correction; direction none takes
// its p unadjusted.
func (a *analysis) adjust(p *Profile) {
	for k := range len(a.refs) + 1 {
		var family []*Comparison
		var ps []float64
		for i := range p.Indicators {
			c := &p.Indicators[i].Comparisons[k]
			pv := a.drivingP(c)
			if c.Verdict == VerdictInsufficient || pv == nil {
				continue
			}
			if p.Indicators[i].Direction == DirectionNone {
				c.Q = optional(*pv)
				continue
			}
			family = append(family, c)
			ps = append(ps, *pv)
		}
		var qs []float64
		switch a.settings.Correction {
		case CorrectionHolm:
			qs = stats.AdjustHolm(ps)
		case CorrectionNone:
			qs = ps
		default:
			qs = stats.AdjustBH(ps)
		}
		for j, c := range family {
			c.Q = optional(qs[j])
		}
	}
}

// FavourableSign is +1 when a higher value is better, -1 when a lower one
// (or a smaller distance to the target) is, and 0 for direction none. Charts
// and texts that orient a difference use it rather than their own rule.
func FavourableSign(direction string) float64 {
	switch direction {
	case DirectionHigher:
		return 1
	case DirectionLower, DirectionRange:
		return -1
	}
	return 0
}

// verdict applies the significance rule of METHOD.md §3 to a comparison
// whose q is set.
func (a *analysis) verdict(direction string, c *Comparison) string {
	if c.Verdict == VerdictInsufficient {
		return c.Verdict
	}
	significant := c.Q != nil && c.Diff != nil && *c.Q <= a.settings.Alpha &&
		(c.RelDiff == nil || math.Abs(*c.RelDiff) >= a.settings.MinRelDiff)
	if direction == DirectionNone {
		switch {
		case !significant || *c.Diff == 0:
			return VerdictSimilar
		case *c.Diff > 0:
			return VerdictHigher
		default:
			return VerdictLower
		}
	}
	switch {
	case !significant || *c.Diff == 0:
		return VerdictParity
	case FavourableSign(direction)**c.Diff > 0:
		return VerdictAdvantage
	default:
		return VerdictShortfall
	}
}

// profiles lists the advantage and the shortfall profiles (METHOD.md §4):
// pooled first, then the reference regions in design order; within one
// reference by |g| descending, |rel_diff| descending (nil last) and
// indicator code.
func profiles(p *Profile) (advantages, shortfalls []ProfileEntry) {
	advantages, shortfalls = []ProfileEntry{}, []ProfileEntry{}
	for k := range len(p.References) + 1 {
		nA, nS := len(advantages), len(shortfalls)
		for i := range p.Indicators {
			c := &p.Indicators[i].Comparisons[k]
			e := ProfileEntry{
				Indicator: p.Indicators[i].Code, Reference: c.Reference,
				Diff: c.Diff, RelDiff: c.RelDiff, HedgesG: c.HedgesG, Q: c.Q,
				Verdict: c.Verdict, Compliance: c.Compliance,
			}
			if c.Verdict == VerdictAdvantage {
				advantages = append(advantages, e)
			}
			if c.Verdict == VerdictShortfall || c.Compliance == VerdictShortfall {
				shortfalls = append(shortfalls, e)
			}
		}
		slices.SortFunc(advantages[nA:], byEffect)
		slices.SortFunc(shortfalls[nS:], byEffect)
	}
	return advantages, shortfalls
}

// byEffect is the order of the entries of one reference (METHOD.md §4).
func byEffect(x, y ProfileEntry) int {
	if c := descendingNilLast(x.HedgesG, y.HedgesG, math.Abs); c != 0 {
		return c
	}
	if c := descendingNilLast(x.RelDiff, y.RelDiff, math.Abs); c != 0 {
		return c
	}
	return strings.Compare(x.Indicator, y.Indicator)
}

// descendingNilLast orders optional numbers by key(v), descending, nil last.
func descendingNilLast(a, b *float64, key func(float64) float64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(key(*b), key(*a))
}

func identity(v float64) float64 { return v }

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
