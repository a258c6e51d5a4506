package benchmark

import (
	"cmp"
	"math"

	"github.com/qbench/qbench/benchmark/stats"
)

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
