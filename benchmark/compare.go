package benchmark

import (
	"cmp"
	"math"

	"github.com/qbench/qbench/benchmark/stats"
)

// This file is METHOD.md §3: the comparison of the focal region with one
// reference, the family adjustment and the verdicts. Censored comparisons
// (§3a) are in censored.go.

// compare computes the comparison of the focal side f with the reference
// side r (METHOD.md §3), all but q and the verdict; fs and rs are the two
// sides' summaries, for the compliance and claim verdicts. An insufficient
// comparison gets its verdict here, as it takes no part in the adjustment.
// buf is scratch space for the censored values.
func compare(ind *Indicator, ref string, f, r *side, fs, rs Summary, buf *censorBuffers) Comparison {
	c := Comparison{
		Reference:  ref,
		Compliance: rateVerdict(ind.HasLimit(), fs.N, fs.Compliant, rs.N, rs.Compliant),
		Claim:      rateVerdict(ind.HasClaim(), fs.N, fs.ClaimMet, rs.N, rs.ClaimMet),
		Censored:   isCensored(ind, f, r),
	}
	fa, fb := f.y, r.y
	if !c.Censored && len(fa) > 0 && len(fb) > 0 {
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
	if c.Censored {
		compareCensored(&c, f, r, buf)
		return c
	}
	w := stats.Welch(fa, fb)
	c.T, c.DF, c.P = optional(w.T), optional(w.DF), optional(w.P)
	u := stats.MannWhitney(fa, fb)
	c.PMannWhitney = optional(u.P)
	c.RankBiserial = optional(rankBiserial(u.U, len(fa), len(fb)))
	c.HedgesG = optional(stats.HedgesG(fa, fb))
	return c
}

// rankBiserial is 2·U_a/(n_a·n_b) - 1: between -1 and 1, positive when the
// focal values tend to be higher.
func rankBiserial(ua float64, na, nb int) float64 {
	return 2*ua/(float64(na)*float64(nb)) - 1
}

// rateVerdict compares the rates kf/nf of the focal side and kr/nr of the
// reference (compliance, or claim): lower is a shortfall, higher an
// advantage; none when the indicator has no limit (claim) or a side has no
// sample.
func rateVerdict(applies bool, nf int, kf *int, nr int, kr *int) string {
	if !applies || nf == 0 || nr == 0 || kf == nil || kr == nil {
		return ComplianceNone
	}
	// kf/nf against kr/nr, in integers so that equal rates are equal.
	switch c := cmp.Compare(*kf*nr, *kr*nf); {
	case c < 0:
		return VerdictShortfall
	case c > 0:
		return VerdictAdvantage
	default:
		return VerdictParity
	}
}

// drivingP is the p-value that drives the verdict: Mann–Whitney's on the
// censored values for a censored comparison, else the one of the study's
// test.
func (a *analysis) drivingP(c *Comparison) *float64 {
	if c.Censored || a.settings.Test == TestMannWhitney {
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
		for j, q := range a.adjusted(ps) {
			family[j].Q = optional(q)
		}
	}
}

// adjusted applies the study's correction to one family of p-values.
func (a *analysis) adjusted(ps []float64) []float64 {
	switch a.settings.Correction {
	case CorrectionHolm:
		return stats.AdjustHolm(ps)
	case CorrectionNone:
		return ps
	default:
		return stats.AdjustBH(ps)
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

// decide sets Significant and the verdict of a comparison whose q is set
// (METHOD.md §3 and §3a). Significant is q <= alpha. A comparison that is
// not censored also needs |rel_diff| >= min_rel_diff (when rel_diff is
// defined) and takes its direction from the sign of diff; a censored one
// takes it from the sign of rank_biserial. A significant comparison without
// a direction (0) is parity, or similar for direction none.
func (a *analysis) decide(direction string, c *Comparison) {
	if c.Verdict == VerdictInsufficient {
		return
	}
	significant := c.Q != nil && *c.Q <= a.settings.Alpha
	c.Significant = ptrTo(significant) // a copy: significant may change below
	var effect *float64
	if c.Censored {
		effect = c.RankBiserial
	} else {
		effect = c.Diff
		significant = significant && (c.RelDiff == nil || math.Abs(*c.RelDiff) >= a.settings.MinRelDiff)
	}
	sign := 0.0
	if significant && effect != nil {
		sign = float64(cmp.Compare(*effect, 0.0))
	}
	if direction == DirectionNone {
		switch {
		case sign > 0:
			c.Verdict = VerdictHigher
		case sign < 0:
			c.Verdict = VerdictLower
		default:
			c.Verdict = VerdictSimilar
		}
		return
	}
	switch s := FavourableSign(direction) * sign; {
	case s > 0:
		c.Verdict = VerdictAdvantage
	case s < 0:
		c.Verdict = VerdictShortfall
	default:
		c.Verdict = VerdictParity
	}
}

func ptrTo[T any](v T) *T { return &v }
