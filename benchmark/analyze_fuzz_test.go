package benchmark_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/qbench/qbench/benchmark"
)

// choices draws small decisions from fuzz input; past its end it answers 0.
type choices struct{ b []byte }

func (c *choices) n(k int) int {
	if len(c.b) == 0 || k <= 0 {
		return 0
	}
	v := int(c.b[0]) % k
	c.b = c.b[1:]
	return v
}

// value draws a value: ordinary decimals, ties, negatives, huge and tiny
// magnitudes, so that every statistic meets its edge cases.
func (c *choices) value() float64 {
	switch c.n(8) {
	case 0:
		return 0
	case 1:
		return 1 // ties
	case 2:
		return -float64(c.n(50)) / 7
	case 3:
		return 1e300 * float64(1+c.n(3))
	case 4:
		return 1e-300 * float64(1+c.n(3))
	case 5:
		if len(c.b) >= 8 {
			v := math.Float64frombits(binary.LittleEndian.Uint64(c.b))
			c.b = c.b[8:]
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				return v
			}
		}
		return 3
	default:
		return float64(c.n(200)) / 10
	}
}

// FuzzAnalyzeNoNaN builds a design and results from the fuzz input (every
// direction, LODs, non-detects, replicates, claims, limits, settings) and
// checks that Analyze accepts them and that the profile holds no NaN or
// infinity, p and q in [0, 1], rank_biserial in [-1, 1], T-scores in
// [0, 100], and that a censored comparison has no mean-based statistic.
func FuzzAnalyzeNoNaN(f *testing.F) {
	f.Add([]byte{3, 2, 1, 0, 5, 7, 9, 11, 13, 200, 100, 50, 25, 12, 6, 3, 1})
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Add([]byte("non-detects and claims at every edge of the method, revision 2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &choices{b: data}
		directions := []string{benchmark.DirectionHigher, benchmark.DirectionLower, benchmark.DirectionRange, benchmark.DirectionNone}
		nRegions := 2 + c.n(3)
		regions := make([]string, nRegions)
		for i := range regions {
			regions[i] = fmt.Sprintf("R%d", i)
		}
		fx := newFixture(regions...)
		fx.sample(regions[0], 1) // a design has at least one sample
		fx.d.Settings = &benchmark.Settings{
			Correction:     []string{benchmark.CorrectionBH, benchmark.CorrectionHolm, benchmark.CorrectionNone}[c.n(3)],
			Test:           []string{benchmark.TestWelch, benchmark.TestMannWhitney}[c.n(2)],
			NDSubstitution: []string{benchmark.NDHalf, benchmark.NDZero, benchmark.NDLOD}[c.n(3)],
		}
		for i := range 1 + c.n(4) {
			code := fmt.Sprintf("i%d", i)
			dir := directions[c.n(4)]
			var opts []func(*benchmark.Indicator)
			if dir == benchmark.DirectionRange {
				lo := float64(c.n(20)) - 10
				opts = append(opts, target(lo, lo+1+float64(c.n(5))))
			}
			if c.n(2) == 1 {
				opts = append(opts, lod(0.01*float64(1+c.n(20))))
			}
			if c.n(3) == 0 {
				opts = append(opts, limitMax(float64(c.n(30))/10))
			}
			if c.n(3) == 0 {
				opts = append(opts, claim("声称", ptr(float64(c.n(10))/10), nil))
			}
			fx.indicator(code, dir, opts...)
			ind := fx.d.Indicator(code)
			for _, r := range regions {
				for k := 1; k <= c.n(6); k++ {
					sample := fx.sample(r, k)
					for rep := 1; rep <= 1+c.n(2); rep++ {
						res := benchmark.Result{Sample: sample, Indicator: code, Replicate: rep}
						if c.n(3) == 0 && ind.LOD != nil {
							res.Reported, res.NonDetect = "ND", true
							if c.n(2) == 0 {
								res.LOD = ptr(0.005 * float64(1+c.n(40)))
							}
						} else {
							v := c.value()
							res.Reported, res.Value = fmt.Sprint(v), &v
						}
						fx.results = append(fx.results, res)
					}
				}
			}
		}
		p, err := benchmark.Analyze(&fx.d, fx.results)
		if err != nil {
			t.Fatalf("Analyze: %v", err)
		}
		checkNoNaN(t, p)
		within := func(what string, v *float64, lo, hi float64) {
			if v != nil && !(*v >= lo && *v <= hi) {
				t.Errorf("%s = %v, outside [%v, %v]", what, *v, lo, hi)
			}
		}
		for _, ip := range p.Indicators {
			for _, cmp := range ip.Comparisons {
				what := ip.Code + "/" + cmp.Reference
				within(what+" p", cmp.P, 0, 1)
				within(what+" q", cmp.Q, 0, 1)
				within(what+" p_mann_whitney", cmp.PMannWhitney, 0, 1)
				within(what+" p_detection", cmp.PDetection, 0, 1)
				within(what+" rank_biserial", cmp.RankBiserial, -1, 1)
				if cmp.Censored && (cmp.Diff != nil || cmp.RelDiff != nil || cmp.T != nil || cmp.DF != nil || cmp.P != nil || cmp.HedgesG != nil) {
					t.Errorf("%s: censored with a mean-based statistic: %s", what, asJSON(cmp))
				}
				if (cmp.Verdict == benchmark.VerdictInsufficient) != (cmp.Significant == nil) {
					t.Errorf("%s: verdict %s with significant %v", what, cmp.Verdict, cmp.Significant)
				}
			}
		}
		for _, axis := range p.Radar {
			for r, v := range axis.Values {
				within(axis.Indicator+"/"+r+" T", &v, 0, 100)
			}
		}
	})
}
